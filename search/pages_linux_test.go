package search

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unsafe"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/practicegraph/practicegraph/graph"
)

// TestSegmentsReadAtRandom: the first reader of a snapshot advises its segments on disk
// as read at random and unmaps what opening them read; searches then read them from
// the file again, with the same answers.
func TestSegmentsReadAtRandom(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "index")
	x, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var docs []graph.Indexable
	for i := range 1000 {
		docs = append(docs, graph.Indexable{Node: graph.Node{Kind: graph.KindCity, ID: fmt.Sprintf("city-%d", i), Texts: map[string]graph.Text{
			"name":        {Orig: "en", Values: map[string]string{"en": fmt.Sprintf("City %d", i)}},
			"description": {Orig: "en", Values: map[string]string{"en": fmt.Sprintf("A welcoming city on river number %d, with walks for newcomers.", i)}},
		}}})
	}
	if err := x.IndexBatch(ctx, docs, nil, 1); err != nil {
		t.Fatal(err)
	}
	before, err := x.Search(ctx, Query{Text: "welcoming walks"})
	if err != nil || before.Total != uint64(len(docs)) {
		t.Fatalf("search before reopening: %d hits, %v; want %d", before.Total, err, len(docs))
	}
	// Reopened, the index's segments are the files written, mapped into memory.
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if x, err = Open(path, Options{}); err != nil {
		t.Fatal(err)
	}
	defer x.Close()

	x.mu.RLock()
	idx := x.idx
	x.mu.RUnlock()
	mapped := func(r *scorch.IndexSnapshot) []mappedSegment {
		var out []mappedSegment
		for _, ss := range r.Segments() {
			if m, ok := ss.Segment().(mappedSegment); ok {
				out = append(out, m)
			}
		}
		return out
	}
	ai, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := ai.Reader() // not through openReader: no advice yet
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	segs := mapped(raw.(*scorch.IndexSnapshot))
	if len(segs) == 0 {
		t.Fatal("the reopened index has no segment mapped from a file")
	}
	for _, m := range segs {
		if flags, _ := smapsOf(t, m.Data()); strings.Contains(flags, " rr") {
			t.Fatalf("%s is read at random before any advice (VmFlags%s)", filepath.Base(m.Path()), flags)
		}
	}

	r, err := openReader(idx)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, m := range mapped(r.(*scorch.IndexSnapshot)) {
		flags, rss := smapsOf(t, m.Data())
		if !strings.Contains(flags, " rr") {
			t.Errorf("%s not advised as read at random after openReader (VmFlags%s)", filepath.Base(m.Path()), flags)
		}
		if size := int64(len(m.Data())) >> 10; size > 64 && rss > size/2 {
			t.Errorf("%s: %d of its %d KiB still mapped in after the advice", filepath.Base(m.Path()), rss, size)
		}
	}

	after, err := x.Search(ctx, Query{Text: "welcoming walks"})
	if err != nil || after.Total != before.Total || len(after.Hits) != len(before.Hits) {
		t.Fatalf("search after the advice: %d hits, %v; want %d as before", after.Total, err, before.Total)
	}
	for i := range after.Hits {
		if after.Hits[i].Ref != before.Hits[i].Ref {
			t.Errorf("hit %d after the advice: %v, before: %v", i, after.Hits[i].Ref, before.Hits[i].Ref)
		}
	}
}

// smapsOf returns the VmFlags and the resident KiB of the process's mapping starting
// at data, from /proc/self/smaps.
func smapsOf(t *testing.T, data []byte) (flags string, rssKiB int64) {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	start := fmt.Sprintf("%x-", uintptr(unsafe.Pointer(unsafe.SliceData(data))))
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, start):
			in = true
		case !in:
		case strings.HasPrefix(line, "Rss:"):
			fmt.Sscanf(strings.TrimPrefix(line, "Rss:"), "%d", &rssKiB)
		case strings.HasPrefix(line, "VmFlags:"):
			return strings.TrimPrefix(line, "VmFlags:"), rssKiB
		}
	}
	t.Fatalf("no mapping starts at %s in /proc/self/smaps", start)
	return "", 0
}
