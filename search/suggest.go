package search

import (
	"context"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/practicegraph/practicegraph/graph"
)

// fieldWords holds every word of a node's texts unstemmed, folded like names: the
// vocabulary "did you mean" proposes words from. The language fields hold stems
// ("integr"), which are no words to show a reader.
const fieldWords = "words"

// MaxSuggestions bounds the suggestions of one call.
const MaxSuggestions = 20

// maxSuggestRunes bounds what Suggest reads: names are short, and each word of the text
// is a clause of the query.
const maxSuggestRunes = 100

// Suggest returns the entities whose names start with text, best first: every word of
// text but the last must be a word of the name, the last may be the beginning of one
// (the reader is still typing it). kinds limits the kinds; empty, every kind. It
// returns nothing for text shorter than two letters, which would match half the graph.
func (x *Index) Suggest(ctx context.Context, text string, kinds []graph.Kind, size int) (_ []graph.Ref, err error) {
	if size <= 0 || size > MaxSuggestions {
		size = MaxSuggestions
	}
	if n := utf8.RuneCountInString(text); n > maxSuggestRunes {
		return nil, graph.Errorf(graph.EINVALID, "text: suggestions complete names of at most %d characters, got %d", maxSuggestRunes, n)
	}
	if utf8.RuneCountInString(strings.TrimSpace(text)) < 2 {
		return nil, nil
	}
	idx, err := x.current()
	if err != nil {
		return nil, err
	}
	defer x.mu.RUnlock()
	defer func() { err = x.fail(ctx, err) }()
	defer recoverFault(&err, "suggest")

	an := idx.Mapping().AnalyzerNamed(nameAnalyzer)
	if an == nil {
		return nil, graph.Errorf(graph.EINTERNAL, "search: the name analyzer is missing")
	}
	toks := an.Analyze([]byte(text))
	if len(toks) == 0 {
		return nil, nil
	}
	var must []query.Query
	for i, tok := range toks {
		if i < len(toks)-1 || strings.HasSuffix(text, " ") {
			t := bleve.NewTermQuery(string(tok.Term))
			t.SetField(FieldName)
			must = append(must, t)
			continue
		}
		p := bleve.NewPrefixQuery(string(tok.Term))
		p.SetField(FieldName)
		must = append(must, p)
	}
	if len(kinds) > 0 {
		var any []query.Query
		for _, k := range kinds {
			t := bleve.NewTermQuery(string(k))
			t.SetField(fieldKind)
			t.SetBoost(0)
			any = append(any, t)
		}
		must = append(must, bleve.NewDisjunctionQuery(any...))
	}
	q := bleve.NewBooleanQuery()
	q.AddMust(must...)
	// Practices are what readers come for: a practice comes before a theme or an event
	// whose name begins the same way.
	p := bleve.NewTermQuery(string(graph.KindPractice))
	p.SetField(fieldKind)
	p.SetBoost(boostPractice * 2)
	q.AddShould(p)
	req := bleve.NewSearchRequestOptions(q, size, 0, false)
	req.SortBy([]string{"-_score", fieldSortKey})
	// A one-letter last word expands to every name word it begins: bounded like the
	// advanced syntax's wildcards.
	res, err := idx.SearchInContext(withExpansionLimit(ctx), req)
	if isExpansionLimit(err) {
		return nil, graph.Errorf(graph.EINVALID, "search: %q begins too many names; type more of it", text)
	}
	if err != nil {
		return nil, err
	}
	out := make([]graph.Ref, 0, len(res.Hits))
	for _, h := range res.Hits {
		out = append(out, parseDocID(h.ID))
	}
	return out, nil
}

// DidYouMean returns text with each word the index does not know replaced by the
// closest word it does (one edit for words of five to seven letters, two for longer
// ones; among equally close words, the most frequent), and whether any word was
// replaced. Words the index knows, in names or in any language's texts, stay as typed.
func (x *Index) DidYouMean(ctx context.Context, text string) (_ string, _ bool, err error) {
	idx, err := x.current()
	if err != nil {
		return "", false, err
	}
	defer x.mu.RUnlock()
	defer recoverFault(&err, "suggest a spelling")

	m := idx.Mapping()
	names := m.AnalyzerNamed(nameAnalyzer)
	if names == nil {
		return "", false, graph.Errorf(graph.EINTERNAL, "search: the name analyzer is missing")
	}
	r, err := openReader(idx)
	if err != nil {
		return "", false, err
	}
	defer r.Close()

	known := func(word string) (bool, error) {
		for _, f := range []string{FieldName, fieldWords} {
			if ok, err := hasTerm(ctx, r, f, word); ok || err != nil {
				return ok, err
			}
		}
		return false, nil
	}
	changed := false
	var b strings.Builder
	last := 0
	for _, tok := range names.Analyze([]byte(text)) {
		word := string(tok.Term)
		if utf8.RuneCountInString(word) < fuzzyMinRunes || isNumber(word) {
			continue
		}
		ok, err := known(word)
		if err != nil {
			return "", false, err
		}
		if ok {
			continue
		}
		best, err := closestWord(ctx, r, word)
		if err != nil {
			return "", false, err
		}
		if best == "" {
			continue
		}
		b.WriteString(text[last:tok.Start])
		b.WriteString(best)
		last = tok.End
		changed = true
	}
	if !changed {
		return "", false, nil
	}
	b.WriteString(text[last:])
	return b.String(), true, nil
}

// closestWord returns the word of the names and texts nearest to word, "" when none is
// near enough.
func closestWord(ctx context.Context, r index.IndexReader, word string) (string, error) {
	fr, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return "", nil
	}
	edits := 1
	if utf8.RuneCountInString(word) >= fuzzyTwoEditsMin {
		edits = 2
	}
	type cand struct {
		word  string
		dist  uint8
		count uint64
	}
	var cands []cand
	for _, field := range []string{FieldName, fieldWords} {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		dict, _, err := fr.FieldDictFuzzyAutomaton(field, word, edits, "")
		if err != nil {
			return "", err
		}
		e, err := dict.Next()
		for err == nil && e != nil {
			if e.Term != word && !isNumber(e.Term) {
				cands = append(cands, cand{e.Term, e.EditDistance, e.Count})
			}
			e, err = dict.Next()
		}
		if cerr := dict.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return "", err
		}
	}
	if len(cands) == 0 {
		return "", nil
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].dist != cands[j].dist {
			return cands[i].dist < cands[j].dist
		}
		if cands[i].count != cands[j].count {
			return cands[i].count > cands[j].count
		}
		return cands[i].word < cands[j].word
	})
	return cands[0].word, nil
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
