package main

import (
	"bytes"
	"os"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
)

// TestGeneratedFilesAreCurrent fails when the kinds table changed and `go generate ./...`
// was not run, or when the generator is not deterministic: what it writes now must be
// byte for byte what is committed.
func TestGeneratedFilesAreCurrent(t *testing.T) {
	for _, c := range []struct {
		path string
		gen  func() ([]byte, error)
	}{
		{"../../kinds_gen.go", graphFile},
		{"../../../resolvers/model/entities_gen.go", modelFile},
		{"../../../web/static/js/labels.gen.js", labelsFile},
		{"../../../web/static/js/rels.gen.js", pagesRelsFile},
		{"../../../bench/peer/node/kinds.gen.mjs", peerFile},
	} {
		first, err := c.gen()
		if err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		second, err := c.gen()
		if err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		if !bytes.Equal(first, second) {
			t.Errorf("%s: two runs of the generator differ", c.path)
		}
		got, err := os.ReadFile(c.path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, first) {
			t.Errorf("%s is not what graph/kinds.go and graph/labels.go generate: run go generate ./...", c.path)
		}
	}
}

func TestCheckAcceptsTheTable(t *testing.T) {
	if err := check(); err != nil {
		t.Fatal(err)
	}
}

func TestNames(t *testing.T) {
	for _, c := range []struct{ in, got, want string }{
		{graph.RelHeldInCountry, camel(graph.RelHeldInCountry), "HeldInCountry"},
		{graph.RelAbout, camel(graph.RelAbout), "About"},
		{"startYear", exported("startYear"), "StartYear"},
		{"amountEUR", exported("amountEUR"), "AmountEUR"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.in, c.got, c.want)
		}
	}
	for _, c := range []struct {
		in   string
		want bool
	}{{"name", true}, {"startYear", true}, {"9lives", false}, {"a-b", false}, {"", false}} {
		if got := isIdent(c.in); got != c.want {
			t.Errorf("isIdent(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}
