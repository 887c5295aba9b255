package search

import (
	"fmt"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// Analysis is most of what building the index costs: every word of every text goes
// through the Unicode word-break automaton, then lower-casing, elision, a stop list, a
// stemmer and accent folding, each allocating. Two shortcuts make it several times
// cheaper while producing exactly the same tokens:
//
//   - wordTokenizer splits Latin-script text with a hand-written loop implementing the
//     word-break rules that text can meet, and hands anything else to bleve's unicode
//     tokenizer;
//   - memoAnalyzer runs the token filters once per distinct word and remembers the
//     result: each of them maps one token to at most one token, whatever its
//     neighbours, and real texts repeat a few thousand words over and over.

// wordTokenizerName is the tokenizer every analyzer of the index uses.
const wordTokenizerName = "pg_words"

// memoAnalyzerType is the analyzer type of memoAnalyzer, configured like bleve's custom
// analyzer ("tokenizer", "token_filters").
const memoAnalyzerType = "pg_memo"

// maxMemoWords bounds the words one analyzer remembers: a vocabulary larger than that
// is analysed word by word past it, at the old cost.
const maxMemoWords = 1 << 18

func init() {
	if err := registry.RegisterTokenizer(wordTokenizerName, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return wordTokenizer{fallback: unicode.NewUnicodeTokenizer()}, nil
	}); err != nil {
		panic(err)
	}
	if err := registry.RegisterAnalyzer(memoAnalyzerType, newMemoAnalyzer); err != nil {
		panic(err)
	}
}

// wordTokenizer splits text into words as bleve's unicode tokenizer does (Unicode's
// word boundaries, UAX #29), only faster for the text it knows: Latin letters, ASCII
// digits, and the punctuation and spaces around them. Any other character sends the
// whole text to the unicode tokenizer, so the rules below only need to cover these.
type wordTokenizer struct {
	fallback analysis.Tokenizer
}

// Character classes of the word-break rules, for the characters wordTokenizer handles.
const (
	wbOther     = iota // breaks on both sides
	wbLetter           // ALetter
	wbDigit            // Numeric
	wbMidLetter        // joins two letters: ':' '·'
	wbMidNumLet        // joins two letters or two digits: '.' '\'' '‘' '’' '․'
	wbMidNum           // joins two digits: ',' ';'
	wbUnknown          // anything else: the unicode tokenizer decides
)

// wordClass classifies r for wordTokenizer.
func wordClass(r rune) int {
	switch {
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		return wbLetter
	case r >= '0' && r <= '9':
		return wbDigit
	case r == '.' || r == '\'':
		return wbMidNumLet
	case r == ':':
		return wbMidLetter
	case r == ',' || r == ';':
		return wbMidNum
	case r == '_' || r == '"':
		// ExtendNumLet and Double_Quote have rules of their own.
		return wbUnknown
	case r < 0x80:
		return wbOther // spaces, controls and the rest of ASCII punctuation
	case r >= 0xC0 && r <= 0x24F && r != 0xD7 && r != 0xF7:
		return wbLetter // Latin-1 letters and Latin Extended-A and -B
	case r == 0xB7:
		return wbMidLetter // the Catalan middle dot: "col·lecció"
	case r == 0x2018 || r == 0x2019 || r == 0x2024:
		return wbMidNumLet
	case r == 0xA0, r == 0xAB, r == 0xBB, r == 0x2013, r == 0x2014, r == 0x201C, r == 0x201D,
		r == 0x2026, r == 0x2022:
		// No-break space, guillemets, dashes, curly double quotes, ellipsis, bullet.
		return wbOther
	}
	return wbUnknown
}

// classAt returns the class of the character at byte i of input (wbOther past the
// end) and its length in bytes.
func classAt(input []byte, i int) (int, int) {
	if i >= len(input) {
		return wbOther, 0
	}
	if c := input[i]; c < utf8.RuneSelf {
		return asciiClass[c], 1
	}
	r, n := utf8.DecodeRune(input[i:])
	if r == utf8.RuneError {
		return wbUnknown, n
	}
	return wordClass(r), n
}

// asciiClass is wordClass of each ASCII character.
var asciiClass = func() (t [utf8.RuneSelf]int) {
	for c := range t {
		t[c] = wordClass(rune(c))
	}
	return t
}()

// Tokenize implements analysis.Tokenizer.
func (t wordTokenizer) Tokenize(input []byte) analysis.TokenStream {
	// One pass decides whether the fast rules apply at all.
	words := 0
	prevAlnum := false
	for i := 0; i < len(input); {
		c, n := classAt(input, i)
		if c == wbUnknown {
			return t.fallback.Tokenize(input)
		}
		alnum := c == wbLetter || c == wbDigit
		if alnum && !prevAlnum {
			words++ // at least the words; joiners only merge some
		}
		prevAlnum = alnum
		i += n
	}
	if words == 0 {
		return nil
	}
	tokens := make([]analysis.Token, 0, words)
	out := make(analysis.TokenStream, 0, words)
	pos := 1
	for i := 0; i < len(input); {
		c, n := classAt(input, i)
		if c != wbLetter && c != wbDigit {
			i += n
			continue
		}
		start, numeric := i, true
		for {
			numeric = numeric && c == wbDigit
			i += n
			next, nn := classAt(input, i)
			if next == wbLetter || next == wbDigit {
				c, n = next, nn
				continue
			}
			// A joiner between two letters (MidLetter, MidNumLet) or two digits (MidNum,
			// MidNumLet) keeps the word whole: "l'école", "e.g", "3.5", "1,000".
			after, an := classAt(input, i+nn)
			if c == wbLetter && after == wbLetter && (next == wbMidLetter || next == wbMidNumLet) ||
				c == wbDigit && after == wbDigit && (next == wbMidNum || next == wbMidNumLet) {
				i += nn
				c, n = after, an
				continue
			}
			break
		}
		typ := analysis.AlphaNumeric
		if numeric {
			typ = analysis.Numeric
		}
		tokens = append(tokens, analysis.Token{Term: input[start:i], Start: start, End: i, Position: pos, Type: typ})
		out = append(out, &tokens[len(tokens)-1])
		pos++
	}
	return out
}

// memoAnalyzer tokenises, then applies its filters through a memory of what they made
// of each word. Its filters must each turn one token into at most one, by its term
// alone (lower-casing, elision, stop words, stemming, folding): the memory would
// otherwise replay a result that depended on something else.
type memoAnalyzer struct {
	tokenizer analysis.Tokenizer
	filters   []analysis.TokenFilter

	mu    sync.RWMutex
	words map[string]memoWord
}

// memoWord is what the filters made of one word.
type memoWord struct {
	term    string
	dropped bool // a stop word, or a word the filters removed
}

func newMemoAnalyzer(config map[string]interface{}, cache *registry.Cache) (analysis.Analyzer, error) {
	name, ok := config["tokenizer"].(string)
	if !ok {
		return nil, fmt.Errorf("search: %s analyzer: tokenizer must be a name", memoAnalyzerType)
	}
	tokenizer, err := cache.TokenizerNamed(name)
	if err != nil {
		return nil, err
	}
	var names []string
	switch v := config["token_filters"].(type) {
	case nil:
	case []string:
		names = v
	case []interface{}:
		// The mapping as read back from the index's JSON.
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("search: %s analyzer: token filter %v is not a name", memoAnalyzerType, x)
			}
			names = append(names, s)
		}
	default:
		return nil, fmt.Errorf("search: %s analyzer: token_filters must be a list of names", memoAnalyzerType)
	}
	a := &memoAnalyzer{tokenizer: tokenizer, words: map[string]memoWord{}}
	for _, n := range names {
		f, err := cache.TokenFilterNamed(n)
		if err != nil {
			return nil, err
		}
		a.filters = append(a.filters, f)
	}
	return a, nil
}

// Analyze implements analysis.Analyzer.
func (a *memoAnalyzer) Analyze(input []byte) analysis.TokenStream {
	tokens := a.tokenizer.Tokenize(input)
	if len(a.filters) == 0 || len(tokens) == 0 {
		return tokens
	}
	var missing []int // indexes of the tokens the memory does not know
	done := make([]memoWord, len(tokens))
	a.mu.RLock()
	for i, t := range tokens {
		w, ok := a.words[string(t.Term)]
		if ok {
			done[i] = w
		} else {
			missing = append(missing, i)
		}
	}
	a.mu.RUnlock()
	if len(missing) > 0 {
		learnt := make(map[string]memoWord, len(missing))
		for _, i := range missing {
			word := string(tokens[i].Term)
			if w, ok := learnt[word]; ok {
				done[i] = w
				continue
			}
			w, ok := a.filterOne(tokens[i])
			if !ok {
				// A filter split or merged tokens: nothing of this text can be replayed.
				return a.filterAll(tokens)
			}
			learnt[word], done[i] = w, w
		}
		a.mu.Lock()
		for word, w := range learnt {
			if len(a.words) >= maxMemoWords {
				break
			}
			a.words[word] = w
		}
		a.mu.Unlock()
	}
	// One buffer holds the terms of the text, so that no token shares its bytes with the
	// memory (or with another text's tokens) whatever reads them next.
	n := 0
	for _, w := range done {
		n += len(w.term)
	}
	buf := make([]byte, 0, n)
	out := tokens[:0]
	for i, t := range tokens {
		if done[i].dropped {
			continue
		}
		start := len(buf)
		buf = append(buf, done[i].term...)
		t.Term = buf[start:len(buf):len(buf)]
		out = append(out, t)
	}
	return out
}

// filterOne runs the filters on a copy of t alone, and reports false when they did not
// leave at most one token.
func (a *memoAnalyzer) filterOne(t *analysis.Token) (memoWord, bool) {
	c := *t
	c.Term = append([]byte(nil), t.Term...)
	stream := analysis.TokenStream{&c}
	for _, f := range a.filters {
		stream = f.Filter(stream)
	}
	switch len(stream) {
	case 0:
		return memoWord{dropped: true}, true
	case 1:
		return memoWord{term: string(stream[0].Term)}, true
	}
	return memoWord{}, false
}

// filterAll runs the filters on the whole stream, as bleve's analyzers do.
func (a *memoAnalyzer) filterAll(tokens analysis.TokenStream) analysis.TokenStream {
	for _, f := range a.filters {
		tokens = f.Filter(tokens)
	}
	return tokens
}
