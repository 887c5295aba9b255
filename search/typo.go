package search

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum/levenshtein"
)

// maxTypoTerms bounds the words one typo-tolerant clause expands to, closest first, so a
// short word in a large vocabulary does not turn into a disjunction of hundreds of terms.
// 50 is Lucene's default for the same setting (max_expansions).
const maxTypoTerms = 50

// typoQuery matches the words of a field within fuzziness edits of term. bleve's fuzzy
// query includes the exact word, which the plain match clause of the same field already
// scores: in a text field that walks a common word's long posting list a second time for
// a small bonus, so typoQuery leaves it out unless exact says otherwise.
//
// In a text field (exact false) it matches nothing when the query's word is a word of the
// texts: term is a stem of the field, or the word, unstemmed, is in the texts' vocabulary
// (spelling). A word the texts hold is spelt as they spell it, in one language at least,
// and widening it to its neighbours floods a rare word ("malimo") with the hits of every
// word one edit away (thousands, where
// Lucene finds the word's own dozens), at the price of walking the dictionary and a
// disjunction of up to maxTypoTerms posting lists. Names (exact true) stay tolerant: their
// posting lists are short, and a neighbour there is often the same name in another
// language ("immigration", "inmigración").
type typoQuery struct {
	term      string
	field     string
	fuzziness int
	boost     float64
	// exact keeps the exact word: names are short fields with short posting lists, and
	// the bonus is what puts an exact name, such as an acronym, above texts citing it.
	exact bool
	// spelling is the query's word as the texts' vocabulary (fieldWords) holds words,
	// folded and unstemmed, or ""; when the vocabulary holds it, the word is spelt right
	// in some language and term is not widened (text fields only). An English word such as
	// "intercultural" is otherwise widened in the French field to its French neighbours
	// ("interculturel"), walking their long posting lists for documents its English
	// texts already match. The unstemmed word, not another field's stem: the French
	// stemmer makes the English typo "adress" the stem of "adresse", which must not stop
	// it being corrected to "address" in English.
	spelling string
}

// Searcher implements bleve's query.Query.
func (q typoQuery) Searcher(ctx context.Context, r index.IndexReader, _ mapping.IndexMapping, opts blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	fr, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return searcher.NewFuzzySearcher(ctx, r, q.term, 0, q.fuzziness, q.field, q.boost, opts)
	}
	if !q.exact {
		known, err := hasTerm(ctx, r, q.field, q.term)
		if err == nil && !known && q.spelling != "" {
			known, err = hasTerm(ctx, r, fieldWords, q.spelling)
		}
		if err != nil {
			return nil, err
		}
		if known {
			return searcher.NewMatchNoneSearcher(r)
		}
	}
	cands, err := fuzzyTerms(r, fr, q.field, q.term, q.fuzziness)
	if err != nil {
		return nil, err
	}
	if !q.exact {
		cands = slices.DeleteFunc(cands, func(c fuzzyTerm) bool { return c.term == q.term })
	}
	if len(cands) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].dist < cands[j].dist })
	if len(cands) > maxTypoTerms {
		cands = cands[:maxTypoTerms]
	}
	terms := make([]string, len(cands))
	dists := make([]uint8, len(cands))
	for i, c := range cands {
		terms[i], dists[i] = c.term, c.dist
	}
	return searcher.NewMultiTermSearcherBoosted(ctx, r, terms, q.field, q.boost, dists, opts, true)
}

// hasTerm reports whether some document's field holds term: a dictionary lookup per
// segment, without reading the postings.
func hasTerm(ctx context.Context, r index.IndexReader, field, term string) (bool, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return false, err
	}
	n := tfr.Count()
	if err := tfr.Close(); err != nil {
		return false, err
	}
	return n > 0, nil
}

// fuzzyTerm is a word of a field's dictionary and its edit distance from a query's word.
type fuzzyTerm struct {
	term string
	dist uint8
}

// fuzzyTerms returns the words of field within fuzziness edits of term, in the
// dictionary's order, as bleve's FieldDictFuzzyAutomaton does. On bleve's scorch index it
// walks each segment's dictionary with a Levenshtein automaton kept between searches:
// building one costs more than the walk (a tenth of a search's time).
func fuzzyTerms(r index.IndexReader, fr index.IndexReaderFuzzy, field, term string, fuzziness int) ([]fuzzyTerm, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return fuzzyTermsOf(fr, field, term, fuzziness)
	}
	a, err := typoAutomaton(term, fuzziness)
	if err != nil {
		return nil, err
	}
	best := map[string]uint8{}
	for _, seg := range snap.Segments() {
		dict, err := seg.Segment().Dictionary(field)
		if err != nil {
			return nil, err
		}
		var it segment.DictionaryIterator
		if oc, ok := dict.(interface {
			AutomatonIteratorOmitCount(segment.Automaton, []byte, []byte) segment.DictionaryIterator
		}); ok {
			it = oc.AutomatonIteratorOmitCount(a, nil, nil)
		} else {
			it = dict.AutomatonIterator(a, nil, nil)
		}
		e, err := it.Next()
		for ; err == nil && e != nil; e, err = it.Next() {
			if d, seen := best[e.Term]; !seen || e.EditDistance < d {
				best[e.Term] = e.EditDistance
			}
		}
		if err != nil {
			return nil, err
		}
	}
	out := make([]fuzzyTerm, 0, len(best))
	for t, d := range best {
		out = append(out, fuzzyTerm{t, d})
	}
	slices.SortFunc(out, func(a, b fuzzyTerm) int { return strings.Compare(a.term, b.term) })
	return out, nil
}

// fuzzyTermsOf asks any other index for the same words.
func fuzzyTermsOf(fr index.IndexReaderFuzzy, field, term string, fuzziness int) (_ []fuzzyTerm, err error) {
	dict, _, err := fr.FieldDictFuzzyAutomaton(field, term, fuzziness, "")
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := dict.Close(); err == nil {
			err = cerr
		}
	}()
	var out []fuzzyTerm
	e, err := dict.Next()
	for ; err == nil && e != nil; e, err = dict.Next() {
		out = append(out, fuzzyTerm{e.Term, e.EditDistance})
	}
	return out, err
}

// typoAutomata keeps the Levenshtein automata of the words widened most recently, most
// recent first, within maxTypoAutomataBytes. An automaton is large: about 10 KB per
// letter of the word at one edit and 75 KB at two (900 KB for "intercultural"), so only
// words of at most maxKeptTypoWord bytes are kept, and the budget holds a few dozen.
var typoAutomata struct {
	sync.Mutex
	builders [3]*levenshtein.LevenshteinAutomatonBuilder
	recent   []typoAutomatonEntry
	bytes    int // the estimated size of those kept
}

type typoAutomatonEntry struct {
	term      string
	fuzziness int
	dfa       *levenshtein.DFA
	bytes     int
}

const (
	maxTypoAutomataBytes = 24 << 20
	maxKeptTypoWord      = 24
)

// typoAutomatonBytes estimates the size of the automaton of term at fuzziness edits
// (measured with vellum 1.2.1, rounded up).
func typoAutomatonBytes(term string, fuzziness int) int {
	if fuzziness == 1 {
		return (len(term) + 2) * 10 << 10
	}
	return (len(term) + 2) * 80 << 10
}

// typoAutomaton returns the automaton of the words within fuzziness edits of term (1 or
// 2), a transposition counting as one edit, as bleve's fuzzy dictionary builds it.
func typoAutomaton(term string, fuzziness int) (*levenshtein.DFA, error) {
	if fuzziness < 1 || fuzziness > 2 {
		return nil, fmt.Errorf("search: fuzziness %d is not 1 or 2", fuzziness)
	}
	t := &typoAutomata
	t.Lock()
	for i, e := range t.recent {
		if e.term == term && e.fuzziness == fuzziness {
			copy(t.recent[1:i+1], t.recent[:i])
			t.recent[0] = e
			t.Unlock()
			return e.dfa, nil
		}
	}
	if t.builders[fuzziness] == nil {
		b, err := levenshtein.NewLevenshteinAutomatonBuilder(uint8(fuzziness), true)
		if err != nil {
			t.Unlock()
			return nil, err
		}
		t.builders[fuzziness] = b
	}
	builder := t.builders[fuzziness] // building with it is safe from several goroutines
	t.Unlock()

	// Built outside the lock: other searches' kept automata stay at hand meanwhile.
	dfa, err := builder.BuildDfa(term, uint8(fuzziness))
	if err != nil || len(term) > maxKeptTypoWord {
		return dfa, err
	}
	e := typoAutomatonEntry{term, fuzziness, dfa, typoAutomatonBytes(term, fuzziness)}
	t.Lock()
	defer t.Unlock()
	for _, k := range t.recent {
		if k.term == term && k.fuzziness == fuzziness {
			return k.dfa, nil // another search built it meanwhile
		}
	}
	for len(t.recent) > 0 && t.bytes+e.bytes > maxTypoAutomataBytes {
		t.bytes -= t.recent[len(t.recent)-1].bytes
		t.recent = t.recent[:len(t.recent)-1]
	}
	t.recent = append(t.recent, typoAutomatonEntry{})
	copy(t.recent[1:], t.recent[:len(t.recent)-1])
	t.recent[0] = e
	t.bytes += e.bytes
	return dfa, nil
}
