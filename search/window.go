package search

import (
	"context"
	"sort"

	"github.com/blevesearch/bleve/v2/mapping"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// windowQuery runs query on the documents ids only, scoring them as it would in a search
// of the whole index. A phrase query checked on a few documents this way reads the
// positions of its words in those documents alone: bleve's phrase searcher, asked
// whether one document matches, reads every following document holding the words
// until it finds a match.
type windowQuery struct {
	query query.Query
	ids   []string
}

// Searcher implements bleve's query.Query.
func (q windowQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, opts blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	docs := make([]index.IndexInternalID, 0, len(q.ids))
	for _, id := range q.ids {
		n, err := r.InternalID(id)
		if err != nil {
			return nil, err
		}
		if n != nil {
			docs = append(docs, n)
		}
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].Compare(docs[j]) < 0 })
	return q.query.Searcher(ctx, windowReader{IndexReader: r, docs: docs}, m, opts)
}

// windowReader is an index reader whose postings hold the documents docs (sorted)
// only, while reporting the whole index's document frequencies, so that scores are
// those of the whole index.
type windowReader struct {
	index.IndexReader
	docs []index.IndexInternalID
}

// TermFieldReader implements index.IndexReader.
func (r windowReader) TermFieldReader(ctx context.Context, term []byte, field string, includeFreq, includeNorm, includeTermVectors bool) (index.TermFieldReader, error) {
	tfr, err := r.IndexReader.TermFieldReader(ctx, term, field, includeFreq, includeNorm, includeTermVectors)
	if err != nil {
		return nil, err
	}
	return &windowTermReader{TermFieldReader: tfr, docs: r.docs}, nil
}

// windowTermReader walks the postings of a term, jumping from one document of docs to
// the next.
type windowTermReader struct {
	index.TermFieldReader
	docs []index.IndexInternalID
	next int // the first of docs not yet passed
}

// Next implements index.TermFieldReader.
func (t *windowTermReader) Next(pre *index.TermFieldDoc) (*index.TermFieldDoc, error) {
	for t.next < len(t.docs) {
		d, err := t.TermFieldReader.Advance(t.docs[t.next], pre)
		if err != nil || d == nil {
			t.next = len(t.docs)
			return nil, err
		}
		for t.next < len(t.docs) && t.docs[t.next].Compare(d.ID) < 0 {
			t.next++
		}
		if t.next < len(t.docs) && t.docs[t.next].Equals(d.ID) {
			t.next++
			return d, nil
		}
	}
	return nil, nil
}

// Advance implements index.TermFieldReader.
func (t *windowTermReader) Advance(id index.IndexInternalID, pre *index.TermFieldDoc) (*index.TermFieldDoc, error) {
	t.next = sort.Search(len(t.docs), func(i int) bool { return t.docs[i].Compare(id) >= 0 })
	return t.Next(pre)
}
