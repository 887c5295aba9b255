package search

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/practicegraph/practicegraph/graph"
)

// TestOpenOutdatedMapping: an index built with another mapping is emptied on Open, so
// the next catch-up sees version 0 and rebuilds it with the current one.
func TestOpenOutdatedMapping(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index")
	x, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	doc := graph.Indexable{Node: graph.Node{Kind: graph.KindCity, ID: "bilbao", Texts: map[string]graph.Text{
		"name": {Orig: "es", Values: map[string]string{"es": "Bilbao", "fr": "Bilbao", "en": "Bilbao"}},
	}}}
	if err := x.IndexBatch(context.Background(), []graph.Indexable{doc}, nil, 7); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}

	// Reopened with the same mapping, the index keeps its content.
	x, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := x.Version(); v != 7 {
		t.Fatalf("Version() = %d, want 7", v)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}

	// As if an older practicegraph had built it.
	raw, err := bleve.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := raw.DeleteInternal(mappingKey); err != nil {
		t.Fatal(err)
	}
	if err := raw.Close(); err != nil {
		t.Fatal(err)
	}

	x, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v, err := x.Version(); err != nil || v != 0 {
		t.Errorf("Version() = %d, %v; want 0, nil", v, err)
	}
	if n, err := x.DocCount(); err != nil || n != 0 {
		t.Errorf("DocCount() = %d, %v; want 0, nil", n, err)
	}
	// The fresh index records the current mapping: the next Open keeps it.
	if err := x.IndexBatch(context.Background(), []graph.Indexable{doc}, nil, 8); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	x, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if v, _ := x.Version(); v != 8 {
		t.Errorf("Version() after reopen = %d, want 8", v)
	}
}

// TestIndexBatchManyBatches: a write larger than one bleve batch, sent two batches at a
// time, holds every document and the version; a node both deleted and written in one
// write stays written, while the other deletions take effect.
func TestIndexBatchManyBatches(t *testing.T) {
	x, err := Open(filepath.Join(t.TempDir(), "index"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	ctx := context.Background()
	doc := func(id string) graph.Indexable {
		return graph.Indexable{Node: graph.Node{Kind: graph.KindCity, ID: id, Texts: map[string]graph.Text{
			"name": {Orig: "en", Values: map[string]string{"en": "City " + id, "fr": "Ville " + id}},
		}}}
	}
	var docs []graph.Indexable
	for i := range 2*maxBatchDocs + 500 {
		docs = append(docs, doc(fmt.Sprint(i)))
	}
	if err := x.IndexBatch(ctx, docs, nil, 3); err != nil {
		t.Fatal(err)
	}
	if n, err := x.DocCount(); err != nil || n != uint64(len(docs)) {
		t.Fatalf("DocCount() = %d, %v; want %d", n, err, len(docs))
	}
	if v, err := x.Version(); err != nil || v != 3 {
		t.Fatalf("Version() = %d, %v; want 3", v, err)
	}
	city := func(id string) graph.Ref { return graph.Ref{Kind: graph.KindCity, ID: id} }
	if err := x.IndexBatch(ctx, []graph.Indexable{doc("1")}, []graph.Ref{city("1"), city("2")}, 4); err != nil {
		t.Fatal(err)
	}
	if n, err := x.DocCount(); err != nil || n != uint64(len(docs)-1) {
		t.Errorf("DocCount() = %d, %v; want %d: only city 2 deleted", n, err, len(docs)-1)
	}
	for id, want := range map[string]bool{"1": true, "2": false, "3": true} {
		d, err := x.idx.Document(docID(city(id)))
		if err != nil {
			t.Fatal(err)
		}
		if got := d != nil; got != want {
			t.Errorf("city %s in the index: %v, want %v", id, got, want)
		}
	}
}

// TestSearchesComputedWaitTheirTurn: a search no kept result answers waits for one of
// the index's computing tokens, and its request's end stops the wait without faulting
// the index; a kept result is answered without one.
func TestSearchesComputedWaitTheirTurn(t *testing.T) {
	ctx := context.Background()
	x, err := Open(filepath.Join(t.TempDir(), "index"), Options{Computing: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	city := func(id, name string) graph.Indexable {
		return graph.Indexable{Node: graph.Node{Kind: graph.KindCity, ID: id, Texts: map[string]graph.Text{
			"name": {Orig: "en", Values: map[string]string{"en": name}},
		}}}
	}
	if err := x.IndexBatch(ctx, []graph.Indexable{city("bilbao", "Bilbao"), city("lisbon", "Lisbon")}, nil, 1); err != nil {
		t.Fatal(err)
	}
	if res, err := x.Search(ctx, Query{Text: "bilbao"}); err != nil || len(res.Hits) != 1 {
		t.Fatalf("search bilbao = %+v, %v; want 1 hit", res.Hits, err)
	}

	x.computing <- struct{}{} // the only token, taken
	// With a deadline, so that a search waiting for the token fails rather than hangs.
	kept, cancelKept := context.WithTimeout(ctx, time.Minute)
	defer cancelKept()
	if res, err := x.Search(kept, Query{Text: "bilbao"}); err != nil || len(res.Hits) != 1 {
		t.Errorf("kept search bilbao with no token free = %+v, %v; want its hit", res.Hits, err)
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := x.Search(short, Query{Text: "lisbon"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("search lisbon with no token free until its deadline: error %v, want %v", err, context.DeadlineExceeded)
	}
	if err := x.Fault(); err != nil {
		t.Errorf("a search that waited past its deadline faulted the index: %v", err)
	}
	<-x.computing
	if res, err := x.Search(ctx, Query{Text: "lisbon"}); err != nil || len(res.Hits) != 1 {
		t.Errorf("search lisbon once the token is free = %+v, %v; want 1 hit", res.Hits, err)
	}
	if n := len(x.computing); n != 0 {
		t.Errorf("%d computing tokens still taken after the searches, want 0", n)
	}
}
