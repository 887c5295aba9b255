package search

import (
	"context"
	"path/filepath"
	"testing"

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
