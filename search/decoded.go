package search

import (
	"sync"
	"sync/atomic"
	"weak"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// decodedPostings are a common word's postings in one field of an index snapshot, read
// once: each document holding it (numbered as the snapshot numbers them, deleted ones
// left out) and its term frequency times field norm, the part of its score no query
// changes. A search of the same word in the same field walks these arrays instead of
// decoding zap's chunks again: the words every query shares are the common ones, and
// their postings were most of a search's time.
type decodedPostings struct {
	docs   []uint32
	impact []float64
}

func (d *decodedPostings) size() int { return int(decodedSize(uint64(len(d.docs)))) }

type fieldTerm struct{ field, term string }

// postingsCache keeps decoded postings of the index snapshot searched last, up to
// maxDecodedBytes. A document's number depends on the snapshot's segments and deletions,
// so a search of another snapshot (after a write, or a merge of segments) starts the
// cache again. The snapshot is named by a weak pointer: the cache does not keep it
// alive, and a later snapshot, even at the same address, is never taken for it.
type postingsCache struct {
	mu    sync.Mutex
	snap  weak.Pointer[scorch.IndexSnapshot]
	bytes int
	terms map[fieldTerm]*decodedPostings
}

var decoded postingsCache

// maxDecodedBytes bounds the postings kept: 12 bytes a posting, a megabyte for a word
// of 100,000 documents.
const maxDecodedBytes = 32 << 20

// minDecodedPostings is the fewest postings of a word worth keeping: reading fewer
// costs little. A variable so that tests on small indexes exercise the cache.
var minDecodedPostings = func() *atomic.Uint64 {
	var n atomic.Uint64
	n.Store(4096)
	return &n
}()

// decodedSize is the size of n postings kept decoded.
func decodedSize(n uint64) uint64 { return 12*n + 64 }

// maxDecodedWord is the largest word kept: one larger would push out most others.
const maxDecodedWord = maxDecodedBytes / 4

// decodedHits counts the words walked from decoded postings, for tests.
var decodedHits atomic.Int64

// get returns the decoded postings of term in field of snap, or nil.
func (c *postingsCache) get(snap *scorch.IndexSnapshot, field, term string) *decodedPostings {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.snap != weak.Make(snap) {
		if c.snap.Value() == nil {
			c.snap, c.bytes, c.terms = weak.Pointer[scorch.IndexSnapshot]{}, 0, nil // its snapshot is gone
		}
		return nil
	}
	return c.terms[fieldTerm{field, term}]
}

// put keeps d as the postings of term in field of snap, making room by dropping others.
func (c *postingsCache) put(snap *scorch.IndexSnapshot, field, term string, d *decodedPostings) {
	n := d.size()
	if n > maxDecodedWord {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if w := weak.Make(snap); c.snap != w || c.snap.Value() == nil {
		c.snap, c.bytes, c.terms = w, 0, map[fieldTerm]*decodedPostings{}
	}
	key := fieldTerm{field, term}
	if _, ok := c.terms[key]; ok {
		return
	}
	for k, v := range c.terms { // in Go's random order: a random word goes
		if c.bytes+n <= maxDecodedBytes {
			break
		}
		c.bytes -= v.size()
		delete(c.terms, k)
	}
	c.terms[key] = d
	c.bytes += n
}

// forget drops every kept postings list.
func (c *postingsCache) forget() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.snap, c.bytes, c.terms = weak.Pointer[scorch.IndexSnapshot]{}, 0, nil
}
