package search

import (
	"container/list"
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
)

// maxCachedResults bounds the searches whose results are kept. A result is a page of at
// most MaxSize hits with their snippets and the facets: a few kilobytes for the usual page
// of 20, some 75 KB for a full page with snippets, so the cache holds at most about 20 MB.
const maxCachedResults = 256

// resultCache keeps the results of recent searches for as long as the index does not
// change, as Solr's query result cache does: a search repeated (the popular queries, a
// page opened again from a shared link, a dashboard polling) costs a map lookup instead
// of scoring every hit again, which for a common word is every document.
//
// Entries belong to a generation of the index (Index.gen), which every write moves; a
// lookup or a store in another generation than the entries' empties the cache first.
// Least recently used entries go first when it is full.
type resultCache struct {
	mu      sync.Mutex
	gen     uint64
	entries map[string]*list.Element // of *cachedResult
	order   *list.List               // most recently used first

	hits, misses atomic.Uint64
}

type cachedResult struct {
	key string
	res Result
}

func newResultCache() *resultCache {
	return &resultCache{entries: map[string]*list.Element{}, order: list.New()}
}

// get returns the result stored under key in generation gen, counting a hit or a miss.
func (c *resultCache) get(key string, gen uint64) (Result, bool) {
	res, ok := c.lookup(key, gen)
	if ok {
		c.hits.Add(1)
	} else {
		c.misses.Add(1)
	}
	return res, ok
}

// lookup is get without counting: a search that missed, then waited its turn to compute,
// looks again as the same request.
func (c *resultCache) lookup(key string, gen uint64) (Result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sync(gen)
	e, ok := c.entries[key]
	if !ok || c.gen != gen {
		return Result{}, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cachedResult).res.clone(), true
}

// put stores res under key, computed from the index in generation gen. A result of an
// older generation than the cache's is dropped: the index changed while it was computed.
func (c *resultCache) put(key string, gen uint64, res Result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sync(gen)
	if c.gen != gen {
		return
	}
	if e, ok := c.entries[key]; ok {
		e.Value.(*cachedResult).res = res.clone()
		c.order.MoveToFront(e)
		return
	}
	c.entries[key] = c.order.PushFront(&cachedResult{key: key, res: res.clone()})
	for c.order.Len() > maxCachedResults {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.entries, last.Value.(*cachedResult).key)
	}
}

// sync empties the cache when gen is newer than its entries.
func (c *resultCache) sync(gen uint64) {
	if gen > c.gen {
		clear(c.entries)
		c.order.Init()
		c.gen = gen
	}
}

// clone copies r deeply enough that neither the cache nor a caller changes the other's
// copy: the slices and maps are new, the strings shared.
func (r Result) clone() Result {
	out := r
	out.Rebuilding = nil // a property of the moment of the search, not of the result
	if r.Hits != nil {
		out.Hits = make([]Hit, len(r.Hits))
		for i, h := range r.Hits {
			h.Snippets = append([]Snippet(nil), h.Snippets...)
			h.Cursor = append([]string(nil), h.Cursor...)
			out.Hits[i] = h
		}
	}
	if r.Facets != nil {
		out.Facets = make(map[string][]FacetCount, len(r.Facets))
		for k, v := range r.Facets {
			out.Facets[k] = append([]FacetCount(nil), v...)
		}
	}
	out.Next = append([]string(nil), r.Next...) // nil stays nil
	return out
}

// cacheKey identifies a normalised query: the same key is the same result in one
// generation of the index. Every string is quoted, so no byte of one, valid UTF-8 or not,
// can be read as part of another.
func cacheKey(q Query, lang string, size int) string {
	var b strings.Builder
	field := func(s string) {
		b.WriteString(strconv.Quote(s))
		b.WriteByte(' ')
	}
	field(q.Text)
	field(lang)
	fmt.Fprintf(&b, "advanced=%t size=%d facets=%t snippets=%t after=%d ", q.Advanced, size, !q.NoFacets, !q.NoSnippets, len(q.After))
	for _, a := range q.After {
		field(a)
	}
	for _, name := range sortedKeys(q.Filters) {
		values := append([]string(nil), q.Filters[name]...)
		if len(values) == 0 {
			continue
		}
		sort.Strings(values)
		fmt.Fprintf(&b, "filter %d ", len(values))
		field(name)
		for _, v := range values {
			field(v)
		}
	}
	return b.String()
}

// ResultCacheStats returns how many searches were answered from the result cache and how
// many were computed, since the index was opened.
func (x *Index) ResultCacheStats() (hits, misses uint64) {
	return x.results.hits.Load(), x.results.misses.Load()
}

// changed moves the index to a new generation: the results kept so far no longer
// answer. A write calls it once it is visible to searches, so a result computed before
// or while it ran, which a search stores under the generation it read first, is not
// kept past its end. The postings kept decoded, of a snapshot of the index before the
// change, are let go.
func (x *Index) changed() {
	x.gen.Add(1)
	decoded.forget()
}

// keyCache keeps the sort keys of documents read for searches of the current generation
// of the index. A hit's sort key (the tie-break and half of its cursor) comes from its doc
// values, decompressing a chunk of a thousand documents' values for each hit: a tenth of a
// search at 100,000 practices. The best hits of one query are often those of the next.
type keyCache struct {
	mu   sync.Mutex
	gen  uint64
	keys map[string]string
}

// maxKeptKeys bounds the sort keys kept: a few megabytes.
const maxKeptKeys = 1 << 16

// sortKeys returns the sort key of each document of ids: those kept for the current
// generation, and the others read from the doc values of those documents only.
func (x *Index) sortKeys(ctx context.Context, idx bleve.Index, ids map[string]bool) (map[string]string, error) {
	// The generation is read first: keys read after a batch of a write became visible
	// are kept under the generation before it at worst, which the batch has ended.
	gen := x.gen.Load()
	out := make(map[string]string, len(ids))
	missing := make([]string, 0, len(ids))
	c := &x.keys
	c.mu.Lock()
	for id := range ids {
		if k, ok := c.keys[id]; ok && c.gen == gen {
			out[id] = k
		} else {
			missing = append(missing, id)
		}
	}
	c.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(missing), len(missing), 0, false)
	req.SortBy([]string{fieldSortKey})
	req.Score = bleve.ScoreNone
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	for _, h := range res.Hits {
		if len(h.Sort) > 0 {
			out[h.ID] = h.Sort[0]
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.gen > gen:
		return out, nil // a later search keeps the keys of a later generation
	case c.gen < gen || c.keys == nil || len(c.keys)+len(res.Hits) > maxKeptKeys:
		c.gen, c.keys = gen, make(map[string]string)
	}
	for _, h := range res.Hits {
		if len(h.Sort) > 0 {
			c.keys[h.ID] = h.Sort[0]
		}
	}
	return out, nil
}
