package search

import (
	"context"
	"sort"

	index "github.com/blevesearch/bleve_index_api"
)

// windowReader is an index reader whose postings hold the documents docs (sorted)
// only, while reporting the whole index's document frequencies: a query searched on it
// is checked on those documents alone, scored as in a search of the whole index. A
// phrase query reads the positions of its words in those documents only, where bleve's
// phrase searcher, asked whether one document matches, reads every following document
// holding the words until it finds a match.
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
