package search

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"

	"github.com/practicegraph/practicegraph/graph"
)

// tokenDump renders a token stream with everything an index reads of it.
func tokenDump(ts analysis.TokenStream) string {
	var b strings.Builder
	for _, t := range ts {
		fmt.Fprintf(&b, "[%q %d-%d @%d %v]", t.Term, t.Start, t.End, t.Position, t.Type)
	}
	return b.String()
}

// TestWordTokenizerMatchesUnicode: the fast tokenizer splits text exactly as bleve's
// unicode tokenizer does (terms, offsets, positions, types), on random strings over the
// characters it handles itself, mixed with some it leaves to the unicode tokenizer.
func TestWordTokenizerMatchesUnicode(t *testing.T) {
	fast := wordTokenizer{fallback: unicode.NewUnicodeTokenizer()}
	slow := unicode.NewUnicodeTokenizer()
	alphabet := []rune("aZé łÆ09 .':·,;’‘․-!(«»\u00a0–—…\n\t\"/_\u00ad\u0301ж中ǃƀɏ")
	r := rand.New(rand.NewPCG(1, 2))
	check := func(s string) {
		t.Helper()
		if got, want := tokenDump(fast.Tokenize([]byte(s))), tokenDump(slow.Tokenize([]byte(s))); got != want {
			t.Fatalf("%q:\n got %s\nwant %s", s, got, want)
		}
	}
	for _, s := range []string{
		"", "l'école", "L’accueil des réfugiés", "3.5 et 1,000", "e.g. a.b.c", "col·lecció", "a..b", "12ab34",
		"x:y", "1:2", "a.1", "1.a", "'a'", "anti-rumours training", "Ciudad 17", "ORG42", "ab’", "9’9",
		"« Visite » — quartier… 2019–2020", "Łódź, Kraków; Gdańsk.",
	} {
		check(s)
	}
	// Only characters of the fast path, so that every string exercises its rules.
	fastOnly := []rune("aZé łÆ09 .':·,;’‘․-!(«»\u00a0–—…\n\tƀɏ")
	for _, chars := range [][]rune{alphabet, fastOnly} {
		for range 100_000 {
			n := r.IntN(12)
			var b strings.Builder
			for range n {
				b.WriteRune(chars[r.IntN(len(chars))])
			}
			check(b.String())
		}
	}
	// Every character the fast path claims, between letters and between digits.
	for c := rune(0); c < 0x2100; c++ {
		if wordClass(c) == wbUnknown {
			continue
		}
		for _, f := range []string{"%c", "a%cb", "1%c2", "a%c1", "é%cé", "%ca"} {
			check(fmt.Sprintf(f, c))
		}
	}
}

// TestMemoAnalyzersMatchBleve: the index's analyzers give exactly the tokens of bleve's
// own analyzer of each language (and of the plain name analyzer), on every line of the
// seed data, read twice so that the second pass comes from the memory.
func TestMemoAnalyzersMatchBleve(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	ref := bleve.NewIndexMapping()
	err = ref.AddCustomAnalyzer("plain_name", map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name, foldFilterName},
	})
	if err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob("../seed/data/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no seed data: %v", err)
	}
	var lines []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(string(b), "\n")...)
	}
	lines = append(lines, "L'accueil des réfugiés à l’école", "the city's migrants' homes", "Straße Größe Übersicht",
		"la niña y el niño", "Zażółć gęślą jaźń", "dell'integrazione", "ação e integração")
	pairs := map[string]string{nameAnalyzer: "plain_name"}
	for _, l := range graph.SearchLanguages {
		pairs[textAnalyzer(l)] = l
	}
	for pass := range 2 {
		for mine, theirs := range pairs {
			a, b := m.AnalyzerNamed(mine), ref.AnalyzerNamed(theirs)
			if a == nil || b == nil {
				t.Fatalf("analyzer %s or %s missing", mine, theirs)
			}
			for _, line := range lines {
				if got, want := tokenDump(a.Analyze([]byte(line))), tokenDump(b.Analyze([]byte(line))); got != want {
					t.Fatalf("pass %d, %s vs %s, %q:\n got %s\nwant %s", pass, mine, theirs, line, got, want)
				}
			}
		}
		// The vocabulary is the names' analysis without its short words.
		words, names := m.AnalyzerNamed(wordsAnalyzer), ref.AnalyzerNamed("plain_name")
		for _, line := range lines {
			var want analysis.TokenStream
			for _, tok := range names.Analyze([]byte(line)) {
				if utf8.RuneCount(tok.Term) >= minVocabularyRunes {
					want = append(want, tok)
				}
			}
			if got := tokenDump(words.Analyze([]byte(line))); got != tokenDump(want) {
				t.Fatalf("vocabulary of %q:\n got %s\nwant %s", line, got, tokenDump(want))
			}
		}
	}
}
