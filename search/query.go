package search

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/format/html"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/practicegraph/practicegraph/graph"
)

// Page sizes.
const (
	DefaultSize = 20
	MaxSize     = 100
	// MaxTextLength bounds a query's text, in bytes.
	MaxTextLength = 1000
)

// DefaultLang is the snippet language when a query gives none.
const DefaultLang = "en"

// Ranking boosts. A name match says more than a word somewhere in a description; the
// preferred language's analysis weighs most; a typo-tolerant match weighs least.
const (
	boostName        = 3.0
	boostNamePhrase  = 4.0
	boostPrefLang    = 1.5
	boostOtherLang   = 1.0
	boostTextPhrase  = 2.0
	boostFuzzy       = 0.3
	boostPlace       = 0.8 // the name of the node's city or country: "Portugal" finds what is there
	boostPractice    = 1.0
	fuzzyMinRunes    = 5 // shorter terms are too often one edit away from another word
	fuzzyTwoEditsMin = 8
	maxSnippets      = 3
)

// Query is a full-text search with filters.
//
// An empty or whitespace Text is browse mode: every document matching the filters,
// practices first (browseOrder), then by English name, then id; hits have score 0 and
// no snippets.
type Query struct {
	Text string
	// Lang is the preferred language ("fr", "en", …): its analyzer weighs most and its
	// snippets come first. DefaultLang when empty.
	Lang string
	// Advanced reads Text in bleve's query-string syntax (+must -not "phrase" field:value
	// year:>=2020). Unqualified terms match names; qualify text_fr:, text_en:, … for content.
	Advanced bool
	Filters  Filters
	// Size is the page size, DefaultSize when 0, at most MaxSize.
	Size int
	// After is the cursor of the page to fetch: Result.Next of the previous page.
	After []string
	// NoFacets leaves Result.Facets nil. Counting facets visits every hit, a large part of
	// the cost of a query matching a large share of the index; callers that only rank,
	// such as the transferability ranking, skip it.
	NoFacets bool
	// NoSnippets leaves Hit.Snippets empty, for callers that show no fragments.
	NoSnippets bool
}

// Result is one page of hits, with facets over the whole result set.
type Result struct {
	Total uint64
	Hits  []Hit
	// Facets count values over the whole result set, by facet name (Facets).
	Facets map[string][]FacetCount
	// Next is the cursor of the next page, nil on the last page.
	Next []string
	// Rebuilding is set while a full rebuild of the index runs: the hits come from the
	// index as it was before, which may be empty or behind the graph.
	Rebuilding *RebuildProgress
}

// Hit is one matching node.
type Hit struct {
	Ref      graph.Ref
	Score    float64
	Snippets []Snippet
	// Cursor resumes a search after this hit (Query.After).
	Cursor []string
}

// Snippet is a highlighted fragment of a matching text.
type Snippet struct {
	Field    string // "name" or "text"
	Lang     string // language of the fragment; "" for names
	Fragment string // HTML-escaped text with matches in <mark>…</mark>
}

// FacetCount is the number of hits with one facet value.
type FacetCount struct {
	Value string
	Count int
}

// Search runs q. It returns EINVALID for a malformed query or cursor, and the
// context's error when ctx ends first.
func (x *Index) Search(ctx context.Context, q Query) (Result, error) {
	lang, size, err := q.normalise()
	if err != nil {
		return Result{}, err
	}
	key := cacheKey(q, lang, size)
	if res, ok, err := x.answer(ctx, q, lang, size, key, false); ok || err != nil {
		return res, err
	}
	// Not kept: computed once one of the index's computing tokens is free
	// (Options.Computing). The wait holds nothing, so a rebuild's swap does not wait
	// behind the searches queued; an identical search computed meanwhile answers this one.
	select {
	case x.computing <- struct{}{}:
	case <-ctx.Done():
		return Result{}, ctx.Err()
	}
	defer func() { <-x.computing }()
	res, _, err := x.answer(ctx, q, lang, size, key, true)
	return res, err
}

// answer answers q, normalised, from the results kept for the index's generation, or
// when compute is true by running it (and keeping its result); ok is false when it
// was neither kept nor computed.
func (x *Index) answer(ctx context.Context, q Query, lang string, size int, key string, compute bool) (_ Result, ok bool, err error) {
	idx, err := x.current()
	if err != nil {
		return Result{}, false, err
	}
	defer x.mu.RUnlock()
	defer func() { err = x.fail(ctx, err) }()
	defer recoverFault(&err, "search")

	gen := x.gen.Load()
	var res Result
	if compute {
		res, ok = x.results.lookup(key, gen)
	} else {
		res, ok = x.results.get(key, gen)
	}
	if !ok {
		if !compute {
			return Result{}, false, nil
		}
		if res, err = x.search(ctx, idx, q, lang, size); err != nil {
			return Result{}, false, err
		}
		x.results.put(key, gen, res)
	}
	if p, ok := x.Rebuilding(); ok {
		res.Rebuilding = &p
	}
	return res, true, nil
}

// search runs q, normalised, on idx.
func (x *Index) search(ctx context.Context, idx bleve.Index, q Query, lang string, size int) (Result, error) {
	browse := strings.TrimSpace(q.Text) == ""
	ranked := !browse && !q.Advanced
	filters, practiceBoosted := filterQueries(q.Filters, ranked)
	var main query.Query
	var phrases []query.Query // phrase boosts, applied to the best hits only
	switch {
	case browse && len(filters) > 0:
		// The filters are the query: bleve then walks only their matches instead of every
		// document, as it would to check a filter against a match-all query.
		main = bleve.NewConjunctionQuery(filters...)
		filters = nil
	case browse:
		main = bleve.NewMatchAllQuery()
	case q.Advanced:
		qs := bleve.NewQueryStringQuery(q.Text)
		parsed, err := qs.Parse()
		if err != nil {
			return Result{}, graph.Wrap(graph.EINVALID, err, "search: malformed query")
		}
		if err := checkCost(parsed); err != nil {
			return Result{}, err
		}
		// The parsed tree, not qs, so bleve does not parse the text a second time.
		main = parsed
		ctx = withExpansionLimit(ctx)
	default:
		main, phrases = x.rankingQuery(idx, q.Text, lang)
	}
	var full query.Query
	if rq, ok := main.(rankedQuery); ok {
		// Must clauses rather than a bleve filter: bleve checks a filter after scoring each
		// match, while a conjunction skips straight to the documents the filters allow.
		// The filters' zero boost leaves the scores, and so the order, unchanged.
		rq.filters = filters
		if !practiceBoosted {
			// Practices are what the graph is about: an event or an assessment named after
			// a practice should not outrank the practice itself.
			p := bleve.NewTermQuery(string(graph.KindPractice))
			p.SetField(fieldKind)
			p.SetBoost(boostPractice)
			rq.should = p
		}
		full = rq
	} else {
		b := bleve.NewBooleanQuery()
		b.AddMust(main)
		if len(filters) > 0 {
			b.AddMust(filters...)
		}
		full = b
	}

	if len(phrases) > 0 {
		return x.searchRescored(ctx, idx, q, full, main, phrases, size, lang)
	}

	// One more hit than the page says whether there is a next page without a count.
	req := bleve.NewSearchRequestOptions(full, size+1, 0, false)
	// The first page of a scored search is ranked by score alone, which lets bleve skip
	// reading each hit's sort key from the doc values (a third of the cost of a common
	// word's search); rankFirstPage then orders ties as the full sort would.
	scoreOnly := !browse && len(q.After) == 0
	switch {
	case browse:
		req.SortBy([]string{fieldSortKey})
		// Browse order ignores the score: not computing it lets bleve walk bitmaps.
		req.Score = bleve.ScoreNone
	case scoreOnly:
		req.SortBy([]string{"-_score"})
	default:
		req.SortBy([]string{"-_score", fieldSortKey})
	}
	if len(q.After) > 0 {
		if err := checkCursor(q.After, browse); err != nil {
			return Result{}, err
		}
		req.SetSearchAfter(q.After)
	}
	if !q.NoFacets {
		// Every page carries the facets, so a page opened from a shared link shows them too.
		// One request counts every value of every facet; facetCounts keeps the top of each.
		req.AddFacet(fieldFacets, bleve.NewFacetRequest(fieldFacets, maxFacetValues))
	}
	if err := req.Validate(); err != nil {
		return Result{}, graph.Wrap(graph.EINVALID, err, "search: invalid query")
	}

	res, err := runSearch(ctx, idx, req)
	if err != nil {
		return Result{}, searchError(ctx, err, q.Advanced)
	}
	if scoreOnly {
		ranked, err := x.rankFirstPage(ctx, idx, res.Hits, size)
		if err != nil {
			return Result{}, searchError(ctx, err, q.Advanced)
		}
		if ranked == nil {
			// Equal scores straddle the end of the page: which of them belong on it
			// depends on the sort keys of every hit of that score, so ask for the full
			// order (the ranked scorer reads those keys only).
			req.SortBy([]string{"-_score", fieldSortKey})
			if res, err = runSearch(ctx, idx, req); err != nil {
				return Result{}, searchError(ctx, err, q.Advanced)
			}
		} else {
			res.Hits = ranked
		}
	}

	return x.result(ctx, idx, q, main, res.Total, res.Facets, res.Hits, size, lang, browse)
}

// result turns a page of bleve's hits (at most size+1, the last saying there is a next
// page) into a Result, with facets and snippets when asked.
func (x *Index) result(ctx context.Context, idx bleve.Index, q Query, main query.Query, total uint64,
	facetResults blevesearch.FacetResults, hits blevesearch.DocumentMatchCollection, size int, lang string, browse bool) (Result, error) {
	out := Result{Total: total}
	if !q.NoFacets {
		out.Facets = facetCounts(facetResults[fieldFacets], x.opts.FacetSize)
	}
	page := hits
	if len(page) > size {
		page = page[:size]
	}
	var frags map[string]map[string][]string
	if !browse && !q.NoSnippets && len(page) > 0 {
		var err error
		if frags, err = x.highlight(ctx, idx, main, page, lang); err != nil {
			return Result{}, searchError(ctx, err, q.Advanced)
		}
	}
	for _, h := range page {
		hit := Hit{Ref: parseDocID(h.ID), Score: h.Score}
		if browse {
			hit.Cursor = append([]string(nil), h.Sort...)
			hit.Score = 0
		} else {
			hit.Cursor = []string{strconv.FormatFloat(h.Score, 'g', -1, 64), h.Sort[1]}
			hit.Snippets = snippets(frags[h.ID], lang)
		}
		out.Hits = append(out.Hits, hit)
	}
	if len(hits) > size {
		out.Next = out.Hits[size-1].Cursor
	}
	return out, nil
}

// rescoreWindow is how many of the best hits of a several-word query the phrase boosts
// apply to. Checking a phrase reads the positions of its words in every document
// holding them all, about half the cost of a query of common words; a document outside
// the best hundred by its words alone is not one a phrase brings to the first pages,
// and the window's sort keys are read for each query. It is fixed, whatever the page
// size, so that every page is cut from the same order; the largest first page fits in
// it. Lucene's and Elasticsearch's rescoring windows work the same way.
const rescoreWindow = MaxSize

// searchRescored runs a scored search whose phrase boosts apply to the rescoreWindow
// best hits by words alone: they are ranked again with their boosts and come first, the
// other hits follow in the order of their words' score. Each page is cut from that order.
func (x *Index) searchRescored(ctx context.Context, idx bleve.Index, q Query, full, main query.Query,
	phrases []query.Query, size int, lang string) (Result, error) {
	req := bleve.NewSearchRequestOptions(full, rescoreWindow+1, 0, false)
	req.SortBy([]string{"-_score"})
	if !q.NoFacets {
		req.AddFacet(fieldFacets, bleve.NewFacetRequest(fieldFacets, maxFacetValues))
	}
	if len(q.After) > 0 {
		if err := checkCursor(q.After, false); err != nil {
			return Result{}, err
		}
	}
	res, err := runSearch(ctx, idx, req)
	if err != nil {
		return Result{}, searchError(ctx, err, false)
	}
	window := res.Hits
	keyed := withKeys(window) // whether every hit of the window has its sort key
	if n := rescoreWindow; len(window) > n && window[n-1].Score == window[n].Score {
		// Equal scores straddle the end of the window: the full order decides (the
		// ranked scorer reads the keys of that score's hits only).
		req.SortBy([]string{"-_score", fieldSortKey})
		if res, err = runSearch(ctx, idx, req); err != nil {
			return Result{}, searchError(ctx, err, false)
		}
		window, keyed = res.Hits, true
	}
	if len(window) > rescoreWindow {
		window = window[:rescoreWindow]
	}
	words := make([]float64, len(window)) // the words' scores, before the phrases'
	for i, h := range window {
		words[i] = h.Score
		if !keyed {
			h.Sort = []string{"", ""}
		}
	}
	bonus, err := phraseScores(ctx, idx, phrases, window)
	if err != nil {
		return Result{}, searchError(ctx, err, false)
	}
	for _, h := range window {
		h.Score += bonus[h.ID]
	}
	if !keyed && len(window) > 0 {
		// The sort keys order equal scores and make the cursors. Reading them costs a
		// doc-values chunk per hit, so only the hits that need one are read: those of the
		// first page and every hit of equal score with its last, and those of the
		// window's lowest words' score, whose last gives the cursor the hits past the
		// window resume from. A later page finds its cursor's hit by key: every key.
		byScore := append(blevesearch.DocumentMatchCollection(nil), window...)
		sort.SliceStable(byScore, func(i, j int) bool { return byScore[i].Score > byScore[j].Score })
		need := map[string]bool{}
		for i, h := range byScore {
			if len(q.After) > 0 || i < size || h.Score == byScore[min(size, len(byScore))-1].Score {
				need[h.ID] = true
			}
		}
		lowest := words[len(words)-1] // window is in words' score order
		for i, h := range window {
			if words[i] == lowest {
				need[h.ID] = true
			}
		}
		keys, err := x.sortKeys(ctx, idx, need)
		if err != nil {
			return Result{}, searchError(ctx, err, false)
		}
		for _, h := range window {
			h.Sort[1] = keys[h.ID]
		}
	}
	var last []string // the words-only cursor of the window's last hit, where the others resume
	if n := len(window); n > 0 {
		i := n - 1
		for j := n - 1; j >= 0 && words[j] == words[n-1]; j-- {
			if window[j].Sort[1] > window[i].Sort[1] {
				i = j
			}
		}
		last = []string{strconv.FormatFloat(words[i], 'g', -1, 64), window[i].Sort[1]}
	}
	sort.SliceStable(window, func(i, j int) bool {
		if window[i].Score != window[j].Score {
			return window[i].Score > window[j].Score
		}
		return window[i].Sort[1] < window[j].Sort[1]
	})

	// The page: the window's hits after the cursor, then, past the window, the others.
	page := window
	after := last
	if len(q.After) > 0 {
		page = nil
		after = q.After // a hit past the window: its score is its words' alone
		for i, h := range window {
			if h.Sort[1] == q.After[1] {
				page, after = window[i+1:], last
				break
			}
		}
	}
	if len(page) > size+1 {
		page = page[:size+1]
	}
	page = append(blevesearch.DocumentMatchCollection(nil), page...)
	if len(page) < size+1 && res.Total > uint64(len(window)) && after != nil {
		more := bleve.NewSearchRequestOptions(full, size+1-len(page), 0, false)
		more.SortBy([]string{"-_score", fieldSortKey})
		more.SetSearchAfter(after)
		mres, err := runSearch(ctx, idx, more)
		if err != nil {
			return Result{}, searchError(ctx, err, false)
		}
		page = append(page, mres.Hits...)
	}
	// Snippets mark the phrases' words as the full query would.
	hl := bleve.NewDisjunctionQuery(append([]query.Query{main}, phrases...)...)
	return x.result(ctx, idx, q, hl, res.Total, res.Facets, page, size, lang, false)
}

// withKeys reports whether every hit carries its sort key at index 1, as the ranked
// scorer gives them when the index's key tables serve.
func withKeys(hits blevesearch.DocumentMatchCollection) bool {
	for _, h := range hits {
		if len(h.Sort) != 2 {
			return false
		}
	}
	return true
}

// phraseScores returns the score of the phrase queries for each of hits that matches
// one, by document id, searching those documents only. It walks the query's searcher
// itself rather than through bleve's collector, which would read each matching
// document's id from the stored fields, faulting in the stored texts around it: the
// ids are known, and each is matched to its number in the reader searched.
func phraseScores(ctx context.Context, idx bleve.Index, phrases []query.Query, hits blevesearch.DocumentMatchCollection) (_ map[string]float64, err error) {
	if len(hits) == 0 {
		return nil, nil
	}
	r, err := openReader(idx)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := r.Close(); err == nil {
			err = cerr
		}
	}()
	ids := make(map[string]string, len(hits)) // by the document's number in r
	docs := make([]index.IndexInternalID, 0, len(hits))
	for _, h := range hits {
		n, err := r.InternalID(h.ID)
		if err != nil {
			return nil, err
		}
		if n != nil {
			ids[string(n)] = h.ID
			docs = append(docs, n)
		}
	}
	slices.SortFunc(docs, index.IndexInternalID.Compare)
	m := idx.Mapping()
	s, err := bleve.NewDisjunctionQuery(phrases...).Searcher(searcherContext(ctx, m), windowReader{IndexReader: r, docs: docs}, m, blevesearch.SearcherOptions{})
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := s.Close(); err == nil {
			err = cerr
		}
	}()
	sctx := &blevesearch.SearchContext{DocumentMatchPool: blevesearch.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
	out := make(map[string]float64, len(docs))
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		dm, err := s.Next(sctx)
		if err != nil {
			return nil, err
		}
		if dm == nil {
			return out, nil
		}
		out[ids[string(dm.IndexInternalID)]] = dm.Score
		sctx.DocumentMatchPool.Put(dm)
	}
}

// rankFirstPage gives the hits of a search ranked by score alone (at most size+1 of
// them) their sort keys, and orders hits of equal score by key, as a search sorted by
// score then key would have. It returns nil when the page's last hit and the one after
// it have the same score: the page then depends on keys of hits that were not kept.
func (x *Index) rankFirstPage(ctx context.Context, idx bleve.Index, hits blevesearch.DocumentMatchCollection, size int) (blevesearch.DocumentMatchCollection, error) {
	if len(hits) == 0 {
		return hits, nil
	}
	if len(hits) > size && hits[size-1].Score == hits[size].Score {
		return nil, nil
	}
	out := append(blevesearch.DocumentMatchCollection(nil), hits...)
	if !withKeys(hits) {
		need := make(map[string]bool, len(hits))
		for _, h := range hits {
			need[h.ID] = true
		}
		keys, err := x.sortKeys(ctx, idx, need)
		if err != nil {
			return nil, err
		}
		for _, h := range out {
			h.Sort = []string{"", keys[h.ID]} // Search reads the key at index 1, as in a full sort
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Sort[1] < out[j].Sort[1]
	})
	return out, nil
}

// highlight returns the fragments of the page's hits by document id. It runs the text
// query again on those documents only: highlighting the main search would make bleve
// read term locations for every hit, thousands of them for a common word, to highlight
// twenty.
func (x *Index) highlight(ctx context.Context, idx bleve.Index, main query.Query, page blevesearch.DocumentMatchCollection, lang string) (map[string]map[string][]string, error) {
	ids := make([]string, len(page))
	for i, h := range page {
		ids[i] = h.ID
	}
	// A conjunction lets bleve jump straight to the page's documents in every posting list.
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(bleve.NewDocIDQuery(ids), main), len(ids), 0, false)
	hl := bleve.NewHighlightWithStyle(html.Name)
	for _, f := range snippetFields(lang) {
		hl.AddField(f)
	}
	req.Highlight = hl
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	out := make(map[string]map[string][]string, len(res.Hits))
	for _, h := range res.Hits {
		out[h.ID] = h.Fragments
	}
	return out, nil
}

// searchError classifies an error of bleve's search.
func searchError(ctx context.Context, err error, advanced bool) error {
	if ctx.Err() != nil {
		return fmt.Errorf("search: %w", ctx.Err())
	}
	if advanced && isExpansionLimit(err) {
		return expansionLimitError(err)
	}
	if advanced {
		// The syntax parsed, so what fails now is a part bleve rejects late,
		// such as an invalid regular expression.
		return graph.Wrap(graph.EINVALID, err, "search: invalid query")
	}
	return fmt.Errorf("search: %w", err)
}

// normalise checks q and returns the language and page size to use.
func (q Query) normalise() (string, int, error) {
	lang := q.Lang
	if lang == "" {
		lang = DefaultLang
	}
	if !graph.IsLanguage(lang) {
		return "", 0, graph.Errorf(graph.EINVALID, "unknown language %q", q.Lang)
	}
	size := q.Size
	switch {
	case size < 0:
		return "", 0, graph.Errorf(graph.EINVALID, "page size must not be negative")
	case size == 0:
		size = DefaultSize
	case size > MaxSize:
		size = MaxSize
	}
	if len(q.Text) > MaxTextLength {
		return "", 0, graph.Errorf(graph.EINVALID, "query is too long (at most %d characters)", MaxTextLength)
	}
	if !utf8.ValidString(q.Text) {
		return "", 0, graph.Errorf(graph.EINVALID, "query is not valid UTF-8")
	}
	if err := q.Filters.check(); err != nil {
		return "", 0, err
	}
	return lang, size, nil
}

// checkCursor rejects a cursor that did not come from the same mode's Result.Next:
// bleve would otherwise silently read it as a different position.
func checkCursor(after []string, browse bool) error {
	bad := graph.Errorf(graph.EINVALID, "invalid page cursor")
	isKey := func(s string) bool { return strings.Count(s, sortKeySep) == 2 }
	if browse {
		if len(after) != 1 || !isKey(after[0]) {
			return bad
		}
		return nil
	}
	if len(after) != 2 || !isKey(after[1]) {
		return bad
	}
	if _, err := strconv.ParseFloat(after[0], 64); err != nil {
		return bad
	}
	return nil
}

// rankingQuery matches text in every language field with that field's analyzer, so
// an English query finds a French practice through its English translation, plus
// a name boost and a typo-tolerant variant. It returns the phrase boosts apart, for
// searchRescored to apply to the best hits.
func (x *Index) rankingQuery(idx bleve.Index, text, lang string) (query.Query, []query.Query) {
	var should, phrases []query.Query
	match := func(field string, boost float64) {
		m := bleve.NewMatchQuery(text)
		m.SetField(field)
		m.SetBoost(boost)
		should = append(should, m)
	}
	phrase := func(field string, boost float64) {
		p := bleve.NewMatchPhraseQuery(text)
		p.SetField(field)
		p.SetBoost(boost)
		phrases = append(phrases, p)
	}
	for _, l := range graph.SearchLanguages {
		b := boostOtherLang
		if l == lang {
			b = boostPrefLang
		}
		match(textField(l), b)
	}
	match(FieldName, boostName)
	match(fieldPlaces, boostPlace)
	// A phrase needs two words once analysed: a one-word phrase ("la visite" in French)
	// would only repeat the match clause, at the price of a phrase search.
	m := idx.Mapping()
	if an := m.AnalyzerNamed(nameAnalyzer); an != nil && len(an.Analyze([]byte(text))) > 1 {
		phrase(FieldName, boostNamePhrase)
	}
	if an := m.AnalyzerNamed(textAnalyzer(lang)); an != nil && isSearchLanguage(lang) && len(an.Analyze([]byte(text))) > 1 {
		phrase(textField(lang), boostTextPhrase)
	}

	// Typos: every Text has French and English (the seed format requires both), so
	// fuzzy matching those and names reaches every document at a fraction of the cost
	// of all languages.
	fuzzyFields := map[string]string{textField("fr"): textAnalyzer("fr"), textField("en"): textAnalyzer("en"), FieldName: nameAnalyzer}
	if isSearchLanguage(lang) {
		fuzzyFields[textField(lang)] = textAnalyzer(lang)
	}
	// Each word of text as the texts' vocabulary holds it, unstemmed: a word some text
	// holds is not widened to its typos in any language (all analyzers share one
	// tokenizer, so a word has the same position in each).
	words := map[int]string{}
	if an := m.AnalyzerNamed(wordsAnalyzer); an != nil {
		for _, tok := range an.Analyze([]byte(text)) {
			words[tok.Position] = string(tok.Term)
		}
	}
	for _, field := range sortedKeys(fuzzyFields) {
		an := m.AnalyzerNamed(fuzzyFields[field])
		if an == nil {
			continue
		}
		seen := map[string]bool{}
		for _, tok := range an.Analyze([]byte(text)) {
			term := string(tok.Term)
			n := utf8.RuneCountInString(term)
			if n < fuzzyMinRunes || seen[term] {
				continue
			}
			seen[term] = true
			f := typoQuery{term: term, field: field, fuzziness: 1, boost: boostFuzzy, exact: field == FieldName}
			if n >= fuzzyTwoEditsMin {
				f.fuzziness = 2
			}
			if !f.exact {
				f.spelling = words[tok.Position]
			}
			should = append(should, f)
		}
	}
	return rankedQuery{clauses: should}, phrases
}

// filterQueries returns a query per filtered facet, in the table's order. They score
// nothing (boost 0), so a search filtered by them ranks its hits as the unfiltered
// search does.
//
// When ranked and the filter keeps practices only, the kind filter carries the practices'
// boost instead, and boosted is true: every hit is then a practice, and the boost a ranked
// search adds to practices as a separate optional clause would walk the practices' long
// posting list a second time, a quarter of a common word's search. The score is the
// same: the clause's weight and its score of each hit move from the optional clause to the
// filter, whose only term it is.
func filterQueries(fs Filters, ranked bool) (out []query.Query, boosted bool) {
	for _, f := range facets {
		values := fs[f.Name]
		if len(values) == 0 {
			continue
		}
		if ranked && f.Name == fieldKind && len(values) == 1 && values[0] == string(graph.KindPractice) {
			p := bleve.NewTermQuery(values[0])
			p.SetField(fieldKind)
			p.SetBoost(boostPractice)
			out, boosted = append(out, p), true
			continue
		}
		var any []query.Query
		for _, v := range values {
			var q interface {
				query.FieldableQuery
				SetBoost(float64)
			}
			if f.Numeric {
				// check has made sure the value is an integer.
				n, _ := strconv.Atoi(v)
				x, yes := float64(n), true
				q = bleve.NewNumericRangeInclusiveQuery(&x, &x, &yes, &yes)
			} else {
				q = bleve.NewTermQuery(v)
			}
			q.SetField(f.Name)
			q.SetBoost(0)
			any = append(any, q)
		}
		out = append(out, bleve.NewDisjunctionQuery(any...))
	}
	return out, boosted
}

// snippetFields lists the highlighted fields, preferred language first.
func snippetFields(lang string) []string {
	var out []string
	if isSearchLanguage(lang) {
		out = append(out, textField(lang))
	}
	out = append(out, FieldName)
	for _, l := range append([]string{"en", "fr"}, graph.SearchLanguages...) {
		if f := textField(l); !contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// snippets orders bleve's fragments: the preferred language, then names, then the
// other languages, at most maxSnippets. Other languages only show when the preferred
// one has none, e.g. an English query that matched a text only through its English
// translation while the reader prefers French.
func snippets(frags map[string][]string, lang string) []Snippet {
	var out []Snippet
	add := func(field string) {
		for _, f := range frags[field] {
			if len(out) == maxSnippets || !strings.Contains(f, "<mark>") {
				return
			}
			s := Snippet{Field: "name", Fragment: f}
			if l, ok := strings.CutPrefix(field, "text_"); ok {
				s.Field, s.Lang = "text", l
			}
			out = append(out, s)
		}
	}
	fields := snippetFields(lang)
	prefHasText := false
	if isSearchLanguage(lang) {
		for _, f := range frags[textField(lang)] {
			prefHasText = prefHasText || strings.Contains(f, "<mark>")
		}
	}
	for _, f := range fields {
		if prefHasText && f != textField(lang) && f != FieldName {
			continue
		}
		add(f)
	}
	return out
}

// maxFacetValues bounds the values the combined facet request returns, all facets
// together: more than the graph's cities, themes, years and other values.
const maxFacetValues = 1 << 20

// facetCounts splits the combined facet result into the facets, keeping the size most
// frequent values of each.
func facetCounts(fr *blevesearch.FacetResult, size int) map[string][]FacetCount {
	out := make(map[string][]FacetCount, len(facets))
	for _, f := range facets {
		out[f.Name] = []FacetCount{}
	}
	if fr != nil && fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			name, value, ok := strings.Cut(t.Term, facetSep)
			if _, known := out[name]; ok && known {
				out[name] = append(out[name], FacetCount{Value: value, Count: t.Count})
			}
		}
	}
	for name, counts := range out {
		// bleve orders by count; ties by value keep responses identical between runs.
		sort.Slice(counts, func(i, j int) bool {
			if counts[i].Count != counts[j].Count {
				return counts[i].Count > counts[j].Count
			}
			return counts[i].Value < counts[j].Value
		})
		if len(counts) > size {
			out[name] = counts[:size]
		}
	}
	return out
}

func contains(vs []string, v string) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}
