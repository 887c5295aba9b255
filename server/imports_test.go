package server_test

import (
	"go/build"
	"testing"
)

// The server is HTTP only: it knows the store and the search index by their
// interfaces, and the caller builds the concrete ones.
func TestServerImportsNeitherStoreNorIndex(t *testing.T) {
	pkg, err := build.Import("github.com/practicegraph/practicegraph/server", ".", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(pkg.Imports) == 0 {
		t.Fatal("no imports found for package server: the check would pass vacuously")
	}
	forbidden := map[string]bool{
		"github.com/practicegraph/practicegraph/graph/neo4jstore": true,
		"github.com/practicegraph/practicegraph/search":           true,
	}
	for _, imp := range pkg.Imports {
		if forbidden[imp] {
			t.Errorf("package server imports %s; hand it an interface from cmd/practicegraph (package cli) instead", imp)
		}
	}
}
