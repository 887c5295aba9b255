package search

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// keyTables keeps the sort key (fieldSortKey's doc values) of every document of the
// index's segments, decoded once per segment. A hit's key orders equal scores and makes
// its cursor; read from the doc values, each costs the decompression of a chunk of a
// thousand documents' values, a tenth of a search at 100,000 practices. A segment never
// changes (deletions only hide its documents), so its table serves every snapshot holding
// it; the tables of segments no longer searched are let go. A table is its keys' bytes
// end to end and 4 bytes a document.
type keyTables struct {
	mu   sync.Mutex
	segs map[segment.Segment]*segmentKeys
}

type segmentKeys struct {
	once sync.Once
	keys []byte   // every key, in the segment's document order
	ends []uint32 // where each document's key ends in keys
	err  error
}

// key returns the key of the segment's document d.
func (t *segmentKeys) key(d uint64) string {
	start := uint32(0)
	if d > 0 {
		start = t.ends[d-1]
	}
	return string(t.keys[start:t.ends[d]])
}

var sortKeyTables keyTables

// maxKeyTableDocs bounds the documents whose keys are kept (some 60 MB of keys of 60
// bytes): past it, keys are read from the doc values of the hits only.
const maxKeyTableDocs = 1 << 20

// defaultKeySort reports whether f is the order of fieldSortKey the tables hold: its
// value as text, ascending, a missing one last.
func defaultKeySort(f *blevesearch.SortField) bool {
	return f.Field == fieldSortKey && f.Type == blevesearch.SortFieldAuto && f.Mode == blevesearch.SortFieldDefault &&
		f.Missing == blevesearch.SortFieldMissingLast && !f.Desc
}

// snapshotKeys returns the keys of documents of snap by the snapshot's numbers (in any
// order), from the tables, or nil when a segment's doc values cannot be read so.
func snapshotKeys(snap *scorch.IndexSnapshot) func(docs []uint64) ([]string, error) {
	segs := snap.Segments()
	offsets := make([]uint64, len(segs)+1)
	tables := make([]*segmentKeys, len(segs))
	var total uint64
	for i, ss := range segs {
		total += ss.Segment().Count()
		offsets[i+1] = total
	}
	c := &sortKeyTables
	c.mu.Lock()
	if total > maxKeyTableDocs {
		c.segs = nil // the tables kept no longer serve
		c.mu.Unlock()
		return nil
	}
	live := make(map[segment.Segment]*segmentKeys, len(segs))
	for i, ss := range segs {
		seg := ss.Segment()
		if _, ok := seg.(segment.DocValueVisitable); !ok {
			c.segs = nil
			c.mu.Unlock()
			return nil
		}
		t := c.segs[seg]
		if t == nil {
			t = &segmentKeys{}
		}
		live[seg], tables[i] = t, t
	}
	c.segs = live // the others' segments are no longer searched
	c.mu.Unlock()

	return func(docs []uint64) ([]string, error) {
		out := make([]string, len(docs))
		for i, doc := range docs {
			s := sort.Search(len(segs), func(j int) bool { return offsets[j+1] > doc })
			if s == len(segs) {
				out[i] = blevesearch.HighTerm // past the snapshot: no value, as bleve reads none
				continue
			}
			t := tables[s]
			t.once.Do(func() {
				defer recoverFault(&t.err, "read sort keys") // a table that failed says so to every search
				t.keys, t.ends, t.err = decodeKeys(segs[s].Segment())
			})
			if t.err != nil {
				return nil, t.err
			}
			out[i] = t.key(doc - offsets[s])
		}
		return out, nil
	}
}

// decodeKeys reads the sort key of every document of seg, in order, each doc-values chunk
// decompressed once, as bleve's collector reads one for its sort.
func decodeKeys(seg segment.Segment) (keys []byte, ends []uint32, err error) {
	dvv := seg.(segment.DocValueVisitable) // checked by snapshotKeys
	n := seg.Count()
	ends = make([]uint32, n)
	sf := &blevesearch.SortField{Field: fieldSortKey}
	fields := []string{fieldSortKey}
	var state segment.DocVisitState
	var dm blevesearch.DocumentMatch
	for d := uint64(0); d < n; d++ {
		if state, err = dvv.VisitDocValues(d, fields, sf.UpdateVisitor, state); err != nil {
			return nil, nil, err
		}
		keys = append(keys, sf.Value(&dm)...)
		if len(keys) > math.MaxUint32 {
			return nil, nil, fmt.Errorf("search: the sort keys of a segment of %d documents exceed 4 GB", n)
		}
		ends[d] = uint32(len(keys))
	}
	return slices.Clip(keys), ends, nil
}
