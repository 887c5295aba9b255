package search_test

import (
	"context"
	"path/filepath"
	"sort"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/search"
	"github.com/practicegraph/practicegraph/seed"
)

// MustOpenIndex opens a fresh index in a temp dir, closed at the end of the test.
func MustOpenIndex(tb testing.TB) *search.Index {
	tb.Helper()
	x, err := search.Open(filepath.Join(tb.TempDir(), "index"), search.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = x.Close() })
	return x
}

// MustOpenSeededIndex opens a fresh index holding every searchable node of the seed data.
func MustOpenSeededIndex(tb testing.TB) (*search.Index, []graph.Indexable) {
	tb.Helper()
	x := MustOpenIndex(tb)
	docs := seedIndexables(tb)
	if err := x.IndexBatch(context.Background(), docs, nil, 1); err != nil {
		tb.Fatal(err)
	}
	return x, docs
}

// seedIndexables reads seed/data and builds the Indexables the Neo4j store would
// produce, following its rules (graph/store.go).
func seedIndexables(tb testing.TB) []graph.Indexable {
	tb.Helper()
	in, err := seed.ReadDir(filepath.Join("..", "seed", "data"))
	if err != nil {
		tb.Fatalf("read seed data: %v", err)
	}
	ds := in.Dataset
	nodes := map[graph.Ref]graph.Node{}
	for _, n := range ds.Nodes {
		nodes[n.Ref()] = n
	}
	type key struct {
		from graph.Ref
		typ  string
	}
	links := map[key][]graph.Ref{}
	for _, l := range ds.Links {
		links[key{l.From, l.Type}] = append(links[key{l.From, l.Type}], l.To)
	}
	targets := func(from graph.Ref, typ string) []graph.Node {
		var ns []graph.Node
		for _, to := range links[key{from, typ}] {
			if n, ok := nodes[to]; ok {
				ns = append(ns, n)
			}
		}
		return ns
	}
	year := func(n graph.Node, field string) []int {
		if i := n.Int(field); i != nil {
			return []int{*i}
		}
		if s := n.String(field); len(s) >= 4 {
			y := 0
			for _, c := range s[:4] {
				y = y*10 + int(c-'0')
			}
			return []int{y}
		}
		return nil
	}

	var docs []graph.Indexable
	for _, n := range ds.Nodes {
		spec, _ := graph.KindOf(n.Kind)
		if !spec.Searchable {
			continue
		}
		x := graph.Indexable{Node: n}
		r := n.Ref()
		switch n.Kind {
		case graph.KindPractice:
			x.Cities, x.Themes, x.Years = targets(r, "RUN_BY"), targets(r, "HAS_THEME"), year(n, "startYear")
		case graph.KindAssessment:
			for _, p := range targets(r, "ASSESSES") {
				x.Cities = append(x.Cities, targets(p.Ref(), "RUN_BY")...)
				x.Themes = append(x.Themes, targets(p.Ref(), "HAS_THEME")...)
			}
		case graph.KindPerson:
			x.Cities = targets(r, "WORKS_FOR_CITY")
		case graph.KindOrganisation:
			x.Cities = targets(r, "BASED_IN")
		case graph.KindEvent:
			x.Cities, x.Years = targets(r, "HELD_IN"), year(n, "startDate")
		case graph.KindGrant:
			x.Cities, x.Years = targets(r, "AWARDED_TO"), year(n, "year")
		case graph.KindProject:
			x.Cities, x.Themes = targets(r, "INVOLVES_CITY"), targets(r, "HAS_THEME")
		case graph.KindPublication:
			x.Themes, x.Years = targets(r, "HAS_THEME"), year(n, "year")
		case graph.KindIndexReport:
			x.Cities, x.Years = targets(r, "ABOUT"), year(n, "year")
		case graph.KindCity:
			x.Cities = []graph.Node{n}
		}
		seen := map[string]bool{}
		addCountry := func(c graph.Node) {
			if !seen[c.ID] {
				seen[c.ID] = true
				x.Countries = append(x.Countries, c)
			}
		}
		for _, c := range x.Cities {
			for _, k := range targets(c.Ref(), "IN_COUNTRY") {
				addCountry(k)
			}
		}
		for _, typ := range []string{"IN_COUNTRY", "HELD_IN_COUNTRY"} {
			for _, k := range targets(r, typ) {
				addCountry(k)
			}
		}
		docs = append(docs, x)
	}
	sort.Slice(docs, func(i, j int) bool { return docs[i].Node.Ref().String() < docs[j].Node.Ref().String() })
	return docs
}

// hasNode reports whether the seed data holds ref; tests of records a colleague has
// not written yet say so instead of failing on missing data.
func hasNode(docs []graph.Indexable, ref graph.Ref) bool {
	for _, d := range docs {
		if d.Node.Ref() == ref {
			return true
		}
	}
	return false
}
