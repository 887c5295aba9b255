package search

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/blevesearch/bleve/v2/index/scorch"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// ForgetResults moves the index to a new generation without writing, so that the next
// searches are computed: benchmarks measure the engine, not the results kept.
func (x *Index) ForgetResults() { x.gen.Add(1) }

// ScoreWithBleve makes ranked searches score with bleve's own disjunction rather than
// accumulating clause by clause, until restore is called.
func ScoreWithBleve() (restore func()) {
	bleveDisjunction.Store(true)
	return func() { bleveDisjunction.Store(false) }
}

// DecodeEveryWord makes ranked searches keep the decoded postings of every word, however
// few its postings, until restore is called.
func DecodeEveryWord() (restore func()) { return decodeFrom(1) }

// DecodeNoWord makes ranked searches read every word's postings from the index, until
// restore is called.
func DecodeNoWord() (restore func()) { return decodeFrom(math.MaxUint64) }

func decodeFrom(n uint64) (restore func()) {
	prev := minDecodedPostings.Swap(n)
	decoded.forget()
	return func() {
		minDecodedPostings.Store(prev)
		decoded.forget()
	}
}

// DecodedBytes returns the size of the postings kept decoded.
func DecodedBytes() int {
	decoded.mu.Lock()
	defer decoded.mu.Unlock()
	return decoded.bytes
}

// DecodedRuns returns how many words were walked from decoded postings.
func DecodedRuns() int64 { return decodedHits.Load() }

// RankedRuns returns how many searches accumSearcher has scored, and how many of them it
// collected itself.
func RankedRuns() (scored, collectedItself int64) { return accumulated.Load(), collected.Load() }

// KeyedRuns returns how many searches sorted by score then key accumSearcher collected
// itself, and how many of them continued after a cursor.
func KeyedRuns() (keyed, afterCursor int64) { return keyedSearches.Load(), keyedAfter.Load() }

// reader opens a reader of the index's current snapshot.
func (x *Index) reader() (index.IndexReader, error) { return openReader(x.idx) }

// Segments returns the number of segments of the index and of documents deleted in them.
func (x *Index) Segments() (segments int, deleted uint64, err error) {
	r, err := x.reader()
	if err != nil {
		return 0, 0, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, 0, fmt.Errorf("the index reader is a %T, not scorch's snapshot", r)
	}
	for _, s := range snap.Segments() {
		segments++
		if d := s.Deleted(); d != nil {
			deleted += d.GetCardinality()
		}
	}
	return segments, deleted, nil
}

// CompareKeyTables reads the sort key of every live document of the index from the key
// tables and from the doc values, as bleve's collector reads them, and returns how many
// were read alike, or the first difference.
func (x *Index) CompareKeyTables() (int, error) {
	r, err := x.reader()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, fmt.Errorf("the index reader is a %T, not scorch's snapshot", r)
	}
	var docs []uint64
	var offset uint64
	for _, s := range snap.Segments() {
		n := s.Segment().Count()
		for d := range n {
			if del := s.Deleted(); del == nil || !del.Contains(uint32(d)) {
				docs = append(docs, offset+d)
			}
		}
		offset += n
	}
	tables := snapshotKeys(snap)
	if tables == nil {
		return 0, errors.New("no key tables for the index")
	}
	got, err := tables(docs)
	if err != nil {
		return 0, err
	}
	want, err := docKeys(r, &blevesearch.SortField{Field: fieldSortKey})(docs)
	if err != nil {
		return 0, err
	}
	for i, doc := range docs {
		if got[i] != want[i] {
			return i, fmt.Errorf("document %d: key %q from the tables, %q from the doc values", doc, got[i], want[i])
		}
		// Hits take their id from their key: it must be the stored one.
		ext, err := r.ExternalID(index.NewIndexInternalID(nil, doc))
		if err != nil {
			return i, err
		}
		if id, ok := docIDOfSortKey(got[i]); !ok || id != ext {
			return i, fmt.Errorf("document %d: id %q (%v) from its key %q, %q stored", doc, id, ok, got[i], ext)
		}
	}
	return len(docs), nil
}

// CompareTermPart reads word's postings in field both as the scorer does (termPart) and
// with bleve's term searcher, in order and jumping ahead by each of steps, and returns
// how many postings were read alike, or the first difference.
func (x *Index) CompareTermPart(word, field string, steps []uint64) (read int, err error) {
	ctx := context.Background()
	r, err := x.reader()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	docTotal, err := r.DocCount()
	if err != nil {
		return 0, err
	}
	sctx := &blevesearch.SearchContext{DocumentMatchPool: blevesearch.NewDocumentMatchPool(10, 0)}
	pair := func() (*termPart, blevesearch.Searcher, error) {
		p, err := newTermPart(ctx, r, word, field, 1.5, docTotal)
		if err != nil {
			return nil, nil, err
		}
		s, err := searcher.NewTermSearcher(ctx, r, word, field, 1.5, blevesearch.SearcherOptions{})
		if err != nil {
			return nil, nil, err
		}
		p.SetQueryNorm(0.3)
		s.SetQueryNorm(0.3)
		if p.Count() != s.Count() || p.Weight() != s.Weight() {
			return nil, nil, fmt.Errorf("%s: count %d weight %v, bleve %d %v", word, p.Count(), p.Weight(), s.Count(), s.Weight())
		}
		return p, s, nil
	}
	// same reports whether both read a document, the same with the same score.
	same := func(what string, got, want *blevesearch.DocumentMatch) (bool, error) {
		switch {
		case got == nil && want == nil:
			return false, nil
		case got == nil || want == nil:
			return false, fmt.Errorf("%s: %v, bleve %v", what, got, want)
		case got.IndexInternalID.Value() != want.IndexInternalID.Value() || got.Score != want.Score:
			return false, fmt.Errorf("%s: document %d score %v, bleve %d %v", what, got.IndexInternalID.Value(), got.Score,
				want.IndexInternalID.Value(), want.Score)
		}
		return true, nil
	}
	for _, step := range append([]uint64{0}, steps...) {
		p, s, err := pair()
		if err != nil {
			return read, err
		}
		for target := uint64(0); ; target += step {
			var got, want *blevesearch.DocumentMatch
			var gerr, werr error
			if step == 0 {
				got, gerr = p.Next(sctx)
				want, werr = s.Next(sctx)
			} else {
				id := index.NewIndexInternalID(nil, target)
				got, gerr = p.Advance(sctx, id)
				want, werr = s.Advance(sctx, id)
			}
			if err := errors.Join(gerr, werr); err != nil {
				return read, err
			}
			ok, err := same(fmt.Sprintf("%s, step %d, at %d", word, step, target), got, want)
			if err != nil || !ok {
				_ = p.Close()
				_ = s.Close()
				if err != nil {
					return read, err
				}
				break
			}
			read++
			target = max(target, got.IndexInternalID.Value()) // never back, nor to where it is
		}
	}
	return read, nil
}

// TextField is the field of texts in lang.
func TextField(lang string) string { return textField(lang) }
