package search_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"

	"github.com/practicegraph/practicegraph/search"
)

// TestFacetsMatchTheSchema: the GraphQL filter and facet counts offer exactly the
// facets of the table, under their plural names and in its order.
func TestFacetsMatchTheSchema(t *testing.T) {
	path := filepath.Join("..", "schema", "search.graphqls")
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := parser.ParseSchema(&ast.Source{Name: path, Input: string(src)})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, f := range search.Facets() {
		want = append(want, f.Plural)
	}
	for _, name := range []string{"SearchFilter", "SearchFacets"} {
		def := doc.Definitions.ForName(name)
		if def == nil {
			t.Fatalf("%s has no %s", path, name)
		}
		var got []string
		for _, f := range def.Fields {
			got = append(got, f.Name)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s fields = %v, want the facet table's %v", name, got, want)
		}
	}
}
