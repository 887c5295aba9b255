package search

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// rankedQuery is a ranked search: the disjunction of its clauses, every filter, and the
// optional should clause. It scores as bleve scores the same search written with bleve's
// queries (bleveQuery), but clause by clause into arrays indexed by document rather than
// document by document.
//
// bleve merges the clauses' postings through a heap, each match clause's words through
// a disjunction of its own, and the result with the filters through a conjunction: for a
// common word every posting of every field passes through three levels of merging, most
// of a search's time. rankedQuery walks each word's postings alone, from start to end,
// adding each posting's score (bleve's own term scorer computes it) to its document's
// total, then keeps the documents every filter holds.
//
// A document's score is bleve's:
//   - a match clause scores the sum of its words' scores, times the share of its words
//     the document holds (bleve's disjunction of term queries);
//   - the clauses score the sum of their scores, times the share of the clauses the
//     document matches;
//   - the filters' and the should clause's scores add to that (bleve's conjunction and
//     boolean queries), and every score is normalised by the whole query's weight.
//
// Only the order in which floating-point scores are added can differ, by an ulp or two;
// TestRankedScoresAreBleves holds the two to that.
//
// It answers only what a ranked search asks: a score. A search that wants term
// locations (highlighting), explanations or no score at all gets bleve's queries.
type rankedQuery struct {
	clauses []query.Query // a document matches one at least
	filters []query.Query // a document matches every one
	should  query.Query   // optional, or nil
}

// bleveDisjunction makes rankedQuery answer with bleve's queries, for tests comparing
// the two.
var bleveDisjunction atomic.Bool

// accumulated and collected count the searches scored by accumSearcher and those whose
// best hits it collected itself, so tests can tell which path a search took.
var accumulated, collected atomic.Int64

// keyedSearches counts the searches sorted by score then key that accumSearcher collected
// itself, keyedAfter those of them after a cursor.
var keyedSearches, keyedAfter atomic.Int64

// maxAccumParts bounds the clauses of a query and the words of a clause that rankedQuery
// counts per document (in a byte); a longer query gets bleve's queries.
const maxAccumParts = math.MaxUint8

// bleveQuery is the same search in bleve's queries.
func (q rankedQuery) bleveQuery() query.Query {
	var main query.Query = bleve.NewDisjunctionQuery(q.clauses...)
	if len(q.filters) == 0 && q.should == nil {
		return main
	}
	full := bleve.NewBooleanQuery()
	full.AddMust(main)
	full.AddMust(q.filters...)
	if q.should != nil {
		full.AddShould(q.should)
	}
	return full
}

// Searcher implements bleve's query.Query.
func (q rankedQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	if opts.Explain || opts.IncludeTermVectors || opts.Score == "none" || bleveDisjunction.Load() {
		return q.bleveQuery().Searcher(ctx, r, m, opts)
	}
	s, err := q.searcher(ctx, r, m, opts)
	if s == nil && err == nil {
		return q.bleveQuery().Searcher(ctx, r, m, opts)
	}
	return s, err
}

// searcher returns the accumulating searcher, or nil when the query is longer than it
// counts.
func (q rankedQuery) searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts blevesearch.SearcherOptions) (_ *accumSearcher, err error) {
	if len(q.clauses) > maxAccumParts {
		return nil, nil
	}
	s := &accumSearcher{ctx: ctx}
	if snap, ok := r.(*scorch.IndexSnapshot); ok {
		for _, seg := range snap.Segments() {
			s.docs += seg.Segment().Count() // deleted ones too: they keep their numbers
		}
	}
	defer func() {
		if err != nil {
			_ = s.Close()
		}
	}()
	// A word's postings are read straight, and scored here, when bleve would score them
	// with tf-idf and no synonyms; otherwise by bleve's term searcher.
	direct := ctx.Value(blevesearch.FieldTermSynonymMapKey) == nil
	if cb, ok := ctx.Value(blevesearch.GetScoringModelCallbackKey).(blevesearch.GetScoringModelCallbackFn); ok {
		direct = direct && cb() != index.BM25Scoring
	}
	var docTotal uint64
	if direct {
		if docTotal, err = r.DocCount(); err != nil {
			return nil, err
		}
	}
	term := func(t, field string, boost float64) (blevesearch.Searcher, error) {
		if direct {
			return newTermPart(ctx, r, t, field, boost, docTotal)
		}
		return searcher.NewTermSearcher(ctx, r, t, field, boost, opts)
	}
	for _, c := range q.clauses {
		// The clause is held before its parts are opened, so an error closes them all.
		s.clauses = append(s.clauses, nil)
		parts := &s.clauses[len(s.clauses)-1]
		if mq, ok := c.(*query.MatchQuery); ok && plainMatch(mq) {
			// What bleve's MatchQuery does: the field's analyzer, a term query per word.
			an := m.AnalyzerNamed(m.AnalyzerNameForPath(mq.FieldVal))
			if an == nil {
				return nil, fmt.Errorf("search: no analyzer for field %q", mq.FieldVal)
			}
			tokens := an.Analyze([]byte(mq.Match))
			if len(tokens) > maxAccumParts {
				_ = s.Close()
				return nil, nil
			}
			for _, tok := range tokens {
				ts, err := term(string(tok.Term), mq.FieldVal, mq.BoostVal.Value())
				if err != nil {
					return nil, err
				}
				*parts = append(*parts, ts)
			}
			// No word: bleve's clause matches nothing and weighs nothing, but counts in
			// the share of clauses matched, as here.
		} else {
			cs, err := c.Searcher(ctx, r, m, opts)
			if err != nil {
				return nil, err
			}
			*parts = []blevesearch.Searcher{cs}
		}
	}
	clause := func(c query.Query) (blevesearch.Searcher, error) {
		if tq, ok := c.(*query.TermQuery); ok && tq.FieldVal != "" {
			return term(tq.Term, tq.FieldVal, tq.BoostVal.Value())
		}
		return c.Searcher(ctx, r, m, opts)
	}
	for _, f := range q.filters {
		fs, err := clause(f)
		if err != nil {
			return nil, err
		}
		s.filters = append(s.filters, fs)
	}
	if q.should != nil {
		if s.should, err = clause(q.should); err != nil {
			return nil, err
		}
	}
	// As bleve's top searcher does; a parent, if any, sets its own norm over it.
	if w := s.Weight(); w > 0 {
		s.SetQueryNorm(1 / math.Sqrt(w))
	}
	return s, nil
}

// plainMatch reports whether mq is a match query rankedQuery scores word by word: any
// word, exact, on a named field.
func plainMatch(mq *query.MatchQuery) bool {
	return mq.Operator == query.MatchQueryOperatorOr && mq.Fuzziness == 0 && mq.Prefix == 0 &&
		mq.Analyzer == "" && mq.FieldVal != ""
}

// accumSearcher is rankedQuery's searcher. Each clause is the searchers of its parts: a
// match clause's words, or one searcher for any other clause.
type accumSearcher struct {
	ctx     context.Context
	clauses [][]blevesearch.Searcher
	filters []blevesearch.Searcher
	should  blevesearch.Searcher
	acc     *accumulator // the scores, once computed
	err     error        // why computing them failed: every later call says so
	next    uint64       // the first document not yet handed on
	docs    uint64       // the index's document numbers, when known: the accumulator's size
}

// accumulator holds a search's totals per document number: 27 bytes for each document
// of the index (2.7 MB at 100,000) per search running (at most Options.Computing at
// once), kept in a pool between searches.
type accumulator struct {
	hit     []uint64  // bit set of the documents matched
	score   []float64 // sum of the matched clauses' scores
	matched []uint8   // clauses matched
	extra   []float64 // the filters' and the should clause's scores
	passed  []uint8   // 1 when the filter being read holds the document
	// a clause of several words, while it is walked
	part    []float64
	partHit []uint8
	touched []uint64
}

var accumulators = sync.Pool{New: func() any { return new(accumulator) }}

func (a *accumulator) grow(doc uint64) {
	if doc < uint64(len(a.score)) {
		return
	}
	n := max(len(a.score)+len(a.score)/4, int(doc)+1, 1024)
	n = (n + 63) &^ 63
	a.hit = append(a.hit, make([]uint64, n/64-len(a.hit))...)
	a.score = append(a.score, make([]float64, n-len(a.score))...)
	a.matched = append(a.matched, make([]uint8, n-len(a.matched))...)
	a.extra = append(a.extra, make([]float64, n-len(a.extra))...)
	a.passed = append(a.passed, make([]uint8, n-len(a.passed))...)
	a.part = append(a.part, make([]float64, n-len(a.part))...)
	a.partHit = append(a.partHit, make([]uint8, n-len(a.partHit))...)
}

func (a *accumulator) has(doc uint64) bool {
	return doc < uint64(len(a.score)) && a.hit[doc>>6]&(1<<(doc&63)) != 0
}

// add counts a clause's score for doc.
func (a *accumulator) add(doc uint64, score float64) {
	a.grow(doc)
	a.hit[doc>>6] |= 1 << (doc & 63)
	a.score[doc] += score
	a.matched[doc]++
}

// clear forgets doc.
func (a *accumulator) clear(doc uint64) {
	a.hit[doc>>6] &^= 1 << (doc & 63)
	a.score[doc], a.matched[doc], a.extra[doc], a.passed[doc] = 0, 0, 0, 0
}

// nextHit returns the first matched document at or after doc.
func (a *accumulator) nextHit(doc uint64) (uint64, bool) {
	w := doc >> 6
	if w >= uint64(len(a.hit)) {
		return 0, false
	}
	word := a.hit[w] &^ (1<<(doc&63) - 1)
	for {
		if word != 0 {
			return w<<6 + uint64(bits.TrailingZeros64(word)), true
		}
		w++
		if w >= uint64(len(a.hit)) {
			return 0, false
		}
		word = a.hit[w]
	}
}

// count returns the number of documents matched.
func (a *accumulator) count() uint64 {
	var n int
	for _, w := range a.hit {
		n += bits.OnesCount64(w)
	}
	return uint64(n)
}

// reset clears what a search wrote, for the next one.
func (a *accumulator) reset() {
	for _, doc := range a.touched {
		a.part[doc], a.partHit[doc] = 0, 0
	}
	a.touched = a.touched[:0]
	for w, word := range a.hit {
		for word != 0 {
			a.clear(uint64(w)<<6 + uint64(bits.TrailingZeros64(word)))
			word &= word - 1
		}
	}
}

// ctxCheckEvery is how many postings pass between checks that the search still runs.
const ctxCheckEvery = 4096

// accumulate computes every document's score, once.
func (s *accumSearcher) accumulate() error {
	if s.acc == nil && s.err == nil {
		accumulated.Add(1)
		s.err = s.compute()
	}
	return s.err
}

func (s *accumSearcher) compute() error {
	if s.ctx != nil {
		if err := s.ctx.Err(); err != nil {
			return err
		}
	}
	a := accumulators.Get().(*accumulator)
	if s.docs > 0 {
		a.grow(s.docs - 1) // once, to the size of the index, rather than step by step
	}
	s.acc = a
	sctx := &blevesearch.SearchContext{DocumentMatchPool: blevesearch.NewDocumentMatchPool(1, 0)}
	walked := 0
	check := func() error {
		if walked++; walked%ctxCheckEvery == 0 && s.ctx != nil {
			return s.ctx.Err()
		}
		return nil
	}
	walk := func(p blevesearch.Searcher, each func(doc uint64, score float64)) error {
		if t, ok := p.(*termPart); ok {
			return t.walk(check, each)
		}
		for {
			dm, err := p.Next(sctx)
			if err != nil || dm == nil {
				return err
			}
			each(dm.IndexInternalID.Value(), dm.Score)
			sctx.DocumentMatchPool.Put(dm)
			if err := check(); err != nil {
				return err
			}
		}
	}
	for _, parts := range s.clauses {
		if len(parts) == 1 {
			// One word or a clause of its own: its score is the clause's.
			if err := walk(parts[0], a.add); err != nil {
				return err
			}
			continue
		}
		for _, p := range parts {
			err := walk(p, func(doc uint64, score float64) {
				a.grow(doc)
				if a.partHit[doc] == 0 {
					a.touched = append(a.touched, doc)
				}
				a.part[doc] += score
				a.partHit[doc]++
			})
			if err != nil {
				return err
			}
		}
		// bleve's disjunction of the clause's words: their sum times the share matched.
		n := float64(len(parts))
		for _, doc := range a.touched {
			a.add(doc, a.part[doc]*(float64(a.partHit[doc])/n))
			a.part[doc], a.partHit[doc] = 0, 0
		}
		a.touched = a.touched[:0]
	}

	// The filters, then the should clause, on the documents still matched only: each
	// filter narrows what the next one reads.
	visit := func(p blevesearch.Searcher, each func(doc uint64, score float64)) error {
		if t, ok := p.(*termPart); ok && t.members() {
			t.visitMembers(a, each)
			return nil
		}
		if a.count()*4 >= p.Count() {
			// About as many matches as postings: walking them is cheapest.
			return walk(p, func(doc uint64, score float64) {
				if a.has(doc) {
					each(doc, score)
				}
			})
		}
		// Far fewer: jump from one match to the next in the postings, always forward.
		var id index.IndexInternalID
		for doc, ok := a.nextHit(0); ok; {
			id = index.NewIndexInternalID(id, doc)
			dm, err := p.Advance(sctx, id)
			if err != nil || dm == nil {
				return err
			}
			at := dm.IndexInternalID.Value() // at or after doc
			if a.has(at) {
				each(at, dm.Score)
			}
			sctx.DocumentMatchPool.Put(dm)
			if err := check(); err != nil {
				return err
			}
			doc, ok = a.nextHit(at + 1)
		}
		return nil
	}
	for _, f := range s.filters {
		err := visit(f, func(doc uint64, score float64) {
			a.extra[doc] += score
			a.passed[doc] = 1
		})
		if err != nil {
			return err
		}
		for doc, ok := a.nextHit(0); ok; doc, ok = a.nextHit(doc + 1) {
			if a.passed[doc] == 0 {
				a.clear(doc)
			} else {
				a.passed[doc] = 0
			}
		}
	}
	if s.should != nil {
		if err := visit(s.should, func(doc uint64, score float64) { a.extra[doc] += score }); err != nil {
			return err
		}
	}
	return nil
}

// scoreOf returns doc's score: bleve's disjunction of the clauses (their sum times the
// share matched), plus the filters and the should clause.
func (s *accumSearcher) scoreOf(doc uint64) float64 {
	a := s.acc
	return a.score[doc]*(float64(a.matched[doc])/float64(len(s.clauses))) + a.extra[doc]
}

// Next implements bleve's search.Searcher.
func (s *accumSearcher) Next(ctx *blevesearch.SearchContext) (*blevesearch.DocumentMatch, error) {
	if err := s.accumulate(); err != nil {
		return nil, err
	}
	doc, ok := s.acc.nextHit(s.next)
	if !ok {
		s.next = math.MaxUint64
		return nil, nil
	}
	s.next = doc + 1
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = index.NewIndexInternalID(dm.IndexInternalID, doc)
	dm.Score = s.scoreOf(doc)
	return dm, nil
}

// Advance implements bleve's search.Searcher.
func (s *accumSearcher) Advance(ctx *blevesearch.SearchContext, id index.IndexInternalID) (*blevesearch.DocumentMatch, error) {
	if v := id.Value(); v > s.next {
		s.next = v
	}
	return s.Next(ctx)
}

// scoredDoc is a document number and its score.
type scoredDoc struct {
	doc   uint64
	score float64
}

// worstFirst is a heap of the best documents so far, the worst on top. Of equal scores
// the later document is worse: bleve's collector keeps the first it meets.
type worstFirst []scoredDoc

func (h worstFirst) Len() int { return len(h) }
func (h worstFirst) Less(i, j int) bool {
	if h[i].score != h[j].score {
		return h[i].score < h[j].score
	}
	return h[i].doc > h[j].doc
}
func (h worstFirst) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *worstFirst) Push(x any)   { *h = append(*h, x.(scoredDoc)) }
func (h *worstFirst) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// top returns the k best documents, best first (of equal scores the first in the
// index), and how many documents match: what bleve's collector sorting by score alone
// returns, without its work per hit.
func (s *accumSearcher) top(k int) ([]scoredDoc, uint64, error) {
	if err := s.accumulate(); err != nil {
		return nil, 0, err
	}
	h := make(worstFirst, 0, k)
	var total uint64
	for doc, ok := s.acc.nextHit(0); ok; doc, ok = s.acc.nextHit(doc + 1) {
		total++
		if k == 0 {
			continue
		}
		sd := scoredDoc{doc, s.scoreOf(doc)}
		if len(h) < k {
			heap.Push(&h, sd)
		} else if sd.score > h[0].score {
			h[0] = sd
			heap.Fix(&h, 0)
		}
	}
	slices.SortFunc(h, func(a, b scoredDoc) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		case a.doc < b.doc:
			return -1
		case a.doc > b.doc:
			return 1
		}
		return 0
	})
	return h, total, nil
}

// keyedDoc is a document, its score and its sort key.
type keyedDoc struct {
	scoredDoc
	key string
}

// byScoreThenKey orders documents best first, equal scores by key, then (as bleve's
// collector keeps the first it meets) by document.
func byScoreThenKey(a, b keyedDoc) int {
	switch {
	case a.score > b.score:
		return -1
	case a.score < b.score:
		return 1
	}
	if c := strings.Compare(a.key, b.key); c != 0 {
		return c
	}
	return cmp.Compare(a.doc, b.doc)
}

// topKeyed returns the k best documents after the cursor (from the first when after is
// nil) in the order of their score then their sort key, and how many documents match:
// what bleve's collector sorting by score then key returns. It reads the keys of the
// documents that can reach the page only (keys reads those of documents in ascending
// order): the cursor's equals, whose keys say which side of it they are, and the best by
// score, with every document of the page's lowest score, whose keys say which of them
// the page keeps. bleve's collector reads the key of every document matched. It returns
// the best score of all too, which may not be the page's after a cursor.
func (s *accumSearcher) topKeyed(k int, after *cursor, keys func(docs []uint64) ([]string, error)) (_ []keyedDoc, total uint64, best float64, err error) {
	if err := s.accumulate(); err != nil {
		return nil, 0, 0, err
	}
	a := s.acc
	// Whether doc, of score sc, comes after the cursor by score alone (equals aside).
	past := func(sc float64) bool { return after == nil || sc < after.score }
	h := make(worstFirst, 0, k)
	var atCursor []uint64 // in document order
	for doc, ok := a.nextHit(0); ok; doc, ok = a.nextHit(doc + 1) {
		sc := s.scoreOf(doc)
		if total++; total == 1 || sc > best {
			best = sc
		}
		if k == 0 {
			continue
		}
		switch {
		case after != nil && sc == after.score:
			atCursor = append(atCursor, doc)
		case !past(sc):
		case len(h) < k:
			heap.Push(&h, scoredDoc{doc, sc})
		case sc > h[0].score:
			h[0] = scoredDoc{doc, sc}
			heap.Fix(&h, 0)
		}
	}
	if k == 0 {
		return nil, total, best, nil
	}
	withKeys := func(docs []scoredDoc) ([]keyedDoc, error) {
		slices.SortFunc(docs, func(a, b scoredDoc) int { return cmp.Compare(a.doc, b.doc) })
		nums := make([]uint64, len(docs))
		for i, d := range docs {
			nums[i] = d.doc
		}
		ks, err := keys(nums)
		if err != nil {
			return nil, err
		}
		out := make([]keyedDoc, len(docs))
		for i, d := range docs {
			out[i] = keyedDoc{d, ks[i]}
		}
		return out, nil
	}

	// The cursor's equals whose keys come after its own outscore every other document.
	var out []keyedDoc
	if len(atCursor) > 0 {
		eq := make([]scoredDoc, len(atCursor))
		for i, doc := range atCursor {
			eq[i] = scoredDoc{doc, after.score}
		}
		kd, err := withKeys(eq)
		if err != nil {
			return nil, 0, 0, err
		}
		for _, d := range kd {
			if d.key > after.key {
				out = append(out, d)
			}
		}
		slices.SortFunc(out, byScoreThenKey)
		if len(out) >= k {
			return out[:k], total, best, nil
		}
	}
	need := k - len(out)
	if len(h) == 0 {
		return out, total, best, nil
	}
	// The rest of the page: the need best by score, and every other document of the
	// lowest score among them, which the heap may have left out when it was full.
	slices.SortFunc(h, func(a, b scoredDoc) int { return cmp.Compare(b.score, a.score) })
	lowest := h[min(need, len(h))-1].score
	page := slices.Clone(h[:0])
	for _, d := range h {
		if d.score > lowest {
			page = append(page, d)
		}
	}
	if len(h) == k && h[k-1].score == lowest {
		// Documents of the lowest score may lie outside the heap: all of them are read.
		for doc, ok := a.nextHit(0); ok; doc, ok = a.nextHit(doc + 1) {
			if sc := s.scoreOf(doc); sc == lowest && past(sc) {
				page = append(page, scoredDoc{doc, sc})
			}
		}
	} else {
		for _, d := range h {
			if d.score == lowest {
				page = append(page, d)
			}
		}
	}
	kd, err := withKeys(page)
	if err != nil {
		return nil, 0, 0, err
	}
	slices.SortFunc(kd, byScoreThenKey)
	return append(out, kd[:min(need, len(kd))]...), total, best, nil
}

func (s *accumSearcher) each(f func(blevesearch.Searcher)) {
	for _, parts := range s.clauses {
		for _, p := range parts {
			f(p)
		}
	}
	for _, p := range s.filters {
		f(p)
	}
	if s.should != nil {
		f(s.should)
	}
}

// Close implements bleve's search.Searcher.
func (s *accumSearcher) Close() error {
	var first error
	s.each(func(p blevesearch.Searcher) {
		if err := p.Close(); err != nil && first == nil {
			first = err
		}
	})
	s.clauses, s.filters, s.should = nil, nil, nil
	if a := s.acc; a != nil {
		s.acc = nil
		a.reset()
		accumulators.Put(a)
	}
	return first
}

// Weight implements bleve's search.Searcher: the sum of the parts' weights, as bleve's
// disjunctions, conjunctions and boolean queries compute it.
func (s *accumSearcher) Weight() float64 {
	var w float64
	s.each(func(p blevesearch.Searcher) { w += p.Weight() })
	return w
}

// SetQueryNorm implements bleve's search.Searcher.
func (s *accumSearcher) SetQueryNorm(qnorm float64) {
	s.each(func(p blevesearch.Searcher) { p.SetQueryNorm(qnorm) })
}

// Count implements bleve's search.Searcher: at most the sum of the clauses' matches.
func (s *accumSearcher) Count() uint64 {
	var n uint64
	for _, parts := range s.clauses {
		for _, p := range parts {
			n += p.Count()
		}
	}
	return n
}

// Min implements bleve's search.Searcher.
func (s *accumSearcher) Min() int { return 0 }

// Size implements bleve's search.Searcher.
func (s *accumSearcher) Size() int {
	n := 128
	s.each(func(p blevesearch.Searcher) { n += p.Size() })
	if a := s.acc; a != nil {
		n += 8*len(a.hit) + 27*len(a.score) + 8*cap(a.touched)
	}
	return n
}

// DocumentMatchPoolSize implements bleve's search.Searcher: the parts use a pool of
// their own, and one match at a time is handed on.
func (s *accumSearcher) DocumentMatchPoolSize() int { return 1 }

// runSearch runs req on idx. A ranked search sorted by score alone, or by score then one
// field's value (a page's order: equal scores by key), without facets, is collected by
// rankedQuery itself from the scores it computed: the best hits after the cursor if any,
// and their count, as bleve's collector would return them, without bleve's work per hit.
// Any other request is bleve's.
func runSearch(ctx context.Context, idx bleve.Index, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	rq, ok := req.Query.(rankedQuery)
	key, keyed := keySorted(req)
	if !ok || !(scoreSorted(req) || keyed) || len(req.Facets) > 0 || req.From != 0 ||
		(len(req.SearchAfter) > 0 && !keyed) || len(req.SearchBefore) > 0 || req.Explain || req.Highlight != nil ||
		req.IncludeLocations || req.Score != "" || len(req.Fields) > 0 || bleveDisjunction.Load() {
		return idx.SearchInContext(ctx, req)
	}
	var after *cursor
	if len(req.SearchAfter) > 0 {
		score, err := strconv.ParseFloat(req.SearchAfter[0], 64)
		if err != nil || math.IsNaN(score) || len(req.SearchAfter) != 2 {
			// bleve reads a cursor it cannot parse, or one no score equals, its own way
			return idx.SearchInContext(ctx, req)
		}
		after = &cursor{score: score, key: req.SearchAfter[1]}
		keyedAfter.Add(1)
	}
	res, err := rq.top(ctx, idx, req.Size, key, after)
	if res == nil && err == nil {
		return idx.SearchInContext(ctx, req)
	}
	return res, err
}

// scoreSorted reports whether req sorts by score alone, best first.
func scoreSorted(req *bleve.SearchRequest) bool {
	if len(req.Sort) != 1 {
		return false
	}
	s, ok := req.Sort[0].(*blevesearch.SortScore)
	return ok && s.Desc
}

// keySorted returns the field req sorts by after the score, best first, when that is
// its order: equal scores by the field's value, ascending, a missing value last.
func keySorted(req *bleve.SearchRequest) (*blevesearch.SortField, bool) {
	if len(req.Sort) != 2 {
		return nil, false
	}
	s, ok := req.Sort[0].(*blevesearch.SortScore)
	f, fok := req.Sort[1].(*blevesearch.SortField)
	// A number's or a date's cursor is encoded by bleve before it compares: only text keys.
	text := f.Type == blevesearch.SortFieldAuto || f.Type == blevesearch.SortFieldAsString
	if !ok || !fok || !s.Desc || f.Desc || f.Missing != blevesearch.SortFieldMissingLast || !text {
		return nil, false
	}
	return f, true
}

// cursor is a page's last hit: its score and its sort key.
type cursor struct {
	score float64
	key   string
}

// top returns the k best hits of q on idx, by score or (key set) by score then key, after
// the cursor if any, and the count of all hits; or nil when q is longer than rankedQuery
// counts.
func (q rankedQuery) top(ctx context.Context, idx bleve.Index, k int, key *blevesearch.SortField, after *cursor) (_ *bleve.SearchResult, err error) {
	r, err := openReader(idx)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := r.Close(); err == nil {
			err = cerr
		}
	}()
	m := idx.Mapping()
	ctx = searcherContext(ctx, m)
	s, err := q.searcher(ctx, r, m, blevesearch.SearcherOptions{})
	if s == nil || err != nil {
		return nil, err
	}
	defer func() {
		if cerr := s.Close(); err == nil {
			err = cerr
		}
	}()
	collected.Add(1)
	keyed := key != nil
	carryKeys := keyed // whether the hits carry their sort keys
	// The sort keys of the index's documents, from the tables kept when they serve.
	var tableKeys func(docs []uint64) ([]string, error)
	if snap, ok := r.(*scorch.IndexSnapshot); ok && (key == nil || defaultKeySort(key)) {
		tableKeys = snapshotKeys(snap)
	}
	var docs []keyedDoc
	var total uint64
	var best float64
	if key == nil {
		var sd []scoredDoc
		sd, total, err = s.top(k)
		docs = make([]keyedDoc, len(sd))
		for i, d := range sd {
			docs[i].scoredDoc = d
		}
		if tableKeys != nil && err == nil {
			// Each hit carries its key, which orders ties and makes cursors.
			nums := make([]uint64, len(sd))
			for i, d := range sd {
				nums[i] = d.doc
			}
			var ks []string
			if ks, err = tableKeys(nums); err == nil {
				for i := range docs {
					docs[i].key = ks[i]
				}
				carryKeys = true
			}
		}
	} else {
		keyedSearches.Add(1)
		keys := docKeys(r, key)
		if tableKeys != nil {
			keys = tableKeys
		}
		docs, total, best, err = s.topKeyed(k, after, keys)
	}
	if err != nil {
		return nil, err
	}
	hits := make(blevesearch.DocumentMatchCollection, len(docs))
	// A key from the tables ends with the document's id: reading it from the stored
	// fields instead would fault in pages of stored text for every hit, which is how
	// most of the index's stored texts came to stay mapped in the server's memory.
	idsInKeys := carryKeys && tableKeys != nil
	for i, d := range docs {
		id := index.NewIndexInternalID(nil, d.doc)
		ext, ok := "", false
		if idsInKeys {
			ext, ok = docIDOfSortKey(d.key)
		}
		if !ok {
			if ext, err = r.ExternalID(id); err != nil {
				return nil, err
			}
		}
		sortValues := []string{strconv.FormatFloat(d.score, 'g', -1, 64)}
		if carryKeys {
			sortValues = append(sortValues, d.key)
		}
		hits[i] = &blevesearch.DocumentMatch{ID: ext, IndexInternalID: id, Score: d.score, Sort: sortValues}
	}
	res := &bleve.SearchResult{Hits: hits, Total: total}
	switch {
	case keyed:
		res.MaxScore = best // of every hit, as bleve's: after a cursor, not the page's first
	case len(hits) > 0:
		res.MaxScore = hits[0].Score
	}
	return res, nil
}

// openReader opens a reader of idx's current snapshot; the caller closes it. The
// snapshot's segments are advised as read at random the first time (segmentPages).
func openReader(idx bleve.Index) (index.IndexReader, error) {
	ai, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := ai.Reader()
	if err != nil {
		return nil, err
	}
	if snap, ok := r.(*scorch.IndexSnapshot); ok {
		segmentPages.advise(snap)
	}
	return r, nil
}

// searcherContext is ctx with what bleve's search sets up for the searchers it builds
// over an index of mapping m: the scoring model, and the count of term searchers some
// queries limit.
func searcherContext(ctx context.Context, m mapping.IndexMapping) context.Context {
	model := index.DefaultScoringModel
	if im, ok := m.(*mapping.IndexMappingImpl); ok && im.ScoringModel == index.BM25Scoring {
		model = index.BM25Scoring
	}
	ctx = context.WithValue(ctx, blevesearch.GetScoringModelCallbackKey,
		blevesearch.GetScoringModelCallbackFn(func() string { return model }))
	return blevesearch.ContextWithTermSearchersCounter(ctx)
}

// docKeys returns a reader of the sort keys of documents, in ascending order, from their
// doc values, as bleve's collector reads them for field's sort.
func docKeys(r index.IndexReader, field *blevesearch.SortField) func(docs []uint64) ([]string, error) {
	return func(docs []uint64) ([]string, error) {
		if len(docs) == 0 {
			return nil, nil
		}
		dvr, err := r.DocValueReader([]string{field.Field})
		if err != nil {
			return nil, err
		}
		sf := &blevesearch.SortField{Field: field.Field, Type: field.Type, Mode: field.Mode, Missing: field.Missing}
		out := make([]string, len(docs))
		var id index.IndexInternalID
		var dm blevesearch.DocumentMatch
		for i, doc := range docs {
			id = index.NewIndexInternalID(id, doc)
			if err := dvr.VisitDocValues(id, sf.UpdateVisitor); err != nil {
				return nil, err
			}
			out[i] = sf.Value(&dm)
		}
		return out, nil
	}
}

// termPart is one word of a match clause, or a term filter, read straight from the
// postings: bleve's TermSearcher and TermQueryScorer (tf-idf) without a DocumentMatch per
// posting. On bleve's scorch index it reads each segment's postings itself, numbering the
// documents as the index snapshot does (each segment's documents after those of the
// segments before it, deleted ones included), without the snapshot's reader copying each
// posting into a TermFieldDoc. It is a bleve searcher too, for the paths that need one.
type termPart struct {
	segs  []segPostings // scorch: the postings of each segment holding the term
	cur   int           // the segment being read
	tfr   index.TermFieldReader
	tfd   index.TermFieldDoc
	count uint64 // documents holding the term, deleted ones left out
	// unit says every document holds one term of the field, once: each posting then
	// scores the same (a term frequency and a norm of one), and only which documents hold
	// the term needs reading.
	unit bool
	// A common word's postings, decoded by an earlier search of the same snapshot
	// (decoded), or to be kept once this one has read them all (keep).
	snap        *scorch.IndexSnapshot
	field, term string
	decoded     *decodedPostings
	keep        bool
	started     bool // whether any posting has been read

	boost       float64
	idf         float64
	queryWeight float64
}

// segPostings are a segment's postings of a term, and the snapshot's numbers of its
// documents: from offset to end, excluded.
type segPostings struct {
	it          segment.PostingsIterator
	offset, end uint64
}

// newTermPart opens term's postings in field. docTotal is the index's document count,
// as bleve's term searcher reads it for the inverse document frequency.
func newTermPart(ctx context.Context, r index.IndexReader, term, field string, boost float64, docTotal uint64) (*termPart, error) {
	if err := blevesearch.RecordTermSearcher(ctx); err != nil {
		return nil, err
	}
	t := &termPart{boost: boost, queryWeight: 1, unit: unitFields[field], field: field, term: term}
	if snap, ok := r.(*scorch.IndexSnapshot); ok {
		t.snap = snap
		var offset uint64
		for _, ss := range snap.Segments() {
			seg := ss.Segment()
			n := seg.Count()
			dict, err := seg.Dictionary(field)
			if err != nil {
				return nil, err
			}
			pl, err := dict.PostingsList([]byte(term), ss.Deleted(), nil)
			if err != nil {
				return nil, err
			}
			if c := pl.Count(); c > 0 {
				t.count += c
				t.segs = append(t.segs, segPostings{pl.Iterator(true, true, false, nil), offset, offset + n})
			}
			offset += n
		}
	} else {
		tfr, err := r.TermFieldReader(ctx, []byte(term), field, true, true, false)
		if err != nil {
			return nil, err
		}
		t.tfr, t.count = tfr, tfr.Count()
	}
	t.idf = 1 + math.Log(float64(docTotal)/float64(t.count+1))
	if t.snap != nil && !t.unit && t.count >= minDecodedPostings.Load() {
		t.decoded = decoded.get(t.snap, field, term)
		t.keep = t.decoded == nil && decodedSize(t.count) <= maxDecodedWord && t.count <= math.MaxUint32
	}
	return t, nil
}

// fieldNorms holds zap's norm of a field of each length up to its size: the reciprocal of
// the square root of the field's length in terms, rounded to a float32 as zap rounds it.
// Computing it for every posting (a square root and a division) was a fifth of the time
// spent reading the postings.
var fieldNorms = func() []float64 {
	norms := make([]float64, 4096)
	for n := 1; n < len(norms); n++ {
		norms[n] = float64(float32(1.0 / math.Sqrt(float64(n))))
	}
	return norms
}()

// postingNorm returns p's norm, as p.Norm() does, from fieldNorms when zap's posting
// gives its field length.
func postingNorm(p segment.Posting) float64 {
	if zp, ok := p.(interface{ NormUint64() uint64 }); ok {
		if n := zp.NormUint64(); n > 0 && n < uint64(len(fieldNorms)) {
			return fieldNorms[n]
		}
	}
	return p.Norm()
}

// unitFields are the fields every document holds exactly one term of (see termPart.unit).
var unitFields = map[string]bool{fieldKind: true}

// members reports whether the documents holding the term can be read from each segment's
// bit set of them, without their postings: when each scores the same, because the term
// scores nothing (a filter's) or is of a unit field.
func (t *termPart) members() bool {
	if t.tfr != nil {
		return false
	}
	for _, s := range t.segs {
		if _, ok := s.it.(segment.OptimizablePostingsIterator); !ok {
			return false
		}
	}
	return t.boost == 0 || t.unit
}

// visitMembers calls each with every document of a's hits holding the term, and the
// score every one of them has (see members).
func (t *termPart) visitMembers(a *accumulator, each func(doc uint64, score float64)) {
	score := t.score(1, 1)
	for _, s := range t.segs {
		o := s.it.(segment.OptimizablePostingsIterator)
		bm := o.ActualBitmap()
		one, isOne := o.DocNum1Hit()
		for doc, ok := a.nextHit(s.offset); ok && doc < s.end; doc, ok = a.nextHit(doc + 1) {
			local := doc - s.offset
			if (bm != nil && bm.Contains(uint32(local))) || (isOne && one == local) {
				each(doc, score)
			}
		}
	}
}

// score is bleve's TermQueryScorer.Score, tf-idf.
func (t *termPart) score(freq uint64, norm float64) float64 {
	return t.scoreImpact(impact(freq, norm))
}

// impact is the part of a posting's score that depends on the posting alone: bleve's
// term frequency times field norm.
func impact(freq uint64, norm float64) float64 {
	var tf float64
	if freq < scorer.MaxSqrtCache {
		tf = scorer.SqrtCache[int(freq)]
	} else {
		tf = math.Sqrt(float64(freq))
	}
	return tf * norm
}

// scoreImpact is the score of a posting of impact im, in bleve's order of operations.
func (t *termPart) scoreImpact(im float64) float64 {
	s := im * t.idf
	if t.queryWeight != 1 {
		s *= t.queryWeight
	}
	return s
}

// walk calls each with every document of the postings and its score, in order.
func (t *termPart) walk(check func() error, each func(doc uint64, score float64)) error {
	if t.tfr != nil {
		for {
			d, err := t.tfr.Next(t.tfd.Reset())
			if err != nil || d == nil {
				return err
			}
			each(d.ID.Value(), t.score(d.Freq, d.Norm))
			if err := check(); err != nil {
				return err
			}
		}
	}
	// Kept postings serve, and are kept, only when this walk reads the term from its start.
	fresh := !t.started
	t.started = true
	if d := t.decoded; d != nil && fresh {
		decodedHits.Add(1)
		for i, doc := range d.docs {
			each(uint64(doc), t.scoreImpact(d.impact[i]))
			if err := check(); err != nil {
				return err
			}
		}
		t.cur = len(t.segs)
		return nil
	}
	// A common word read from its start is kept decoded for the searches after.
	var keep *decodedPostings
	if t.keep && fresh {
		keep = &decodedPostings{docs: make([]uint32, 0, t.count), impact: make([]float64, 0, t.count)}
	}
	for ; t.cur < len(t.segs); t.cur++ {
		s := t.segs[t.cur]
		for {
			p, err := s.it.Next()
			if err != nil {
				return err
			}
			if p == nil {
				break
			}
			doc, im := s.offset+p.Number(), impact(p.Frequency(), postingNorm(p))
			if keep != nil {
				if doc > math.MaxUint32 {
					keep = nil
				} else {
					keep.docs = append(keep.docs, uint32(doc))
					keep.impact = append(keep.impact, im)
				}
			}
			each(doc, t.scoreImpact(im))
			if err := check(); err != nil {
				return err
			}
		}
	}
	if keep != nil {
		decoded.put(t.snap, t.field, t.term, keep)
	}
	return nil
}

// next returns the next document and its score, at or after doc when advance is set.
func (t *termPart) next(advance bool, doc uint64) (uint64, float64, bool, error) {
	// Read one at a time, the postings are neither walked from decoded ones nor kept.
	t.started = true
	if t.tfr != nil {
		var d *index.TermFieldDoc
		var err error
		if advance {
			d, err = t.tfr.Advance(index.NewIndexInternalID(nil, doc), t.tfd.Reset())
		} else {
			d, err = t.tfr.Next(t.tfd.Reset())
		}
		if err != nil || d == nil {
			return 0, 0, false, err
		}
		return d.ID.Value(), t.score(d.Freq, d.Norm), true, nil
	}
	for ; t.cur < len(t.segs); t.cur++ {
		s := t.segs[t.cur]
		var p segment.Posting
		var err error
		switch {
		case !advance:
			p, err = s.it.Next()
		case doc >= s.end:
			continue
		case doc > s.offset:
			p, err = s.it.Advance(doc - s.offset)
		default:
			p, err = s.it.Next()
		}
		if err != nil {
			return 0, 0, false, err
		}
		if p != nil {
			return s.offset + p.Number(), t.score(p.Frequency(), postingNorm(p)), true, nil
		}
	}
	return 0, 0, false, nil
}

// Next implements bleve's search.Searcher.
func (t *termPart) Next(ctx *blevesearch.SearchContext) (*blevesearch.DocumentMatch, error) {
	return t.match(ctx)(t.next(false, 0))
}

// Advance implements bleve's search.Searcher.
func (t *termPart) Advance(ctx *blevesearch.SearchContext, id index.IndexInternalID) (*blevesearch.DocumentMatch, error) {
	return t.match(ctx)(t.next(true, id.Value()))
}

func (t *termPart) match(ctx *blevesearch.SearchContext) func(uint64, float64, bool, error) (*blevesearch.DocumentMatch, error) {
	return func(doc uint64, score float64, ok bool, err error) (*blevesearch.DocumentMatch, error) {
		if err != nil || !ok {
			return nil, err
		}
		dm := ctx.DocumentMatchPool.Get()
		dm.IndexInternalID = index.NewIndexInternalID(dm.IndexInternalID, doc)
		dm.Score = score
		return dm, nil
	}
}

// Weight implements bleve's search.Searcher.
func (t *termPart) Weight() float64 {
	w := t.boost * t.idf
	return w * w
}

// SetQueryNorm implements bleve's search.Searcher.
func (t *termPart) SetQueryNorm(qnorm float64) { t.queryWeight = t.boost * t.idf * qnorm }

// Count implements bleve's search.Searcher.
func (t *termPart) Count() uint64 { return t.count }

// Close implements bleve's search.Searcher.
func (t *termPart) Close() error {
	t.segs = nil
	if t.tfr != nil {
		return t.tfr.Close()
	}
	return nil
}

// Min implements bleve's search.Searcher.
func (t *termPart) Min() int { return 0 }

// Size implements bleve's search.Searcher.
func (t *termPart) Size() int {
	n := 96
	for _, s := range t.segs {
		n += 24 + s.it.Size()
	}
	if t.tfr != nil {
		n += t.tfr.Size()
	}
	return n
}

// DocumentMatchPoolSize implements bleve's search.Searcher.
func (t *termPart) DocumentMatchPoolSize() int { return 1 }
