package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/seed"
)

// The generated files must be what `practicegraph import` accepts, with the counts meta.json
// promises, or the benchmark measures nothing.
func TestGeneratedDataIsAValidImport(t *testing.T) {
	dir := t.TempDir()
	meta, err := generate(300, dir)
	if err != nil {
		t.Fatal(err)
	}
	in, err := seed.ReadDir(dir)
	if err != nil {
		t.Fatalf("read generated files: %v", err)
	}
	if err := in.Validate(context.Background(), nil); err != nil {
		t.Fatalf("generated files do not validate: %v", err)
	}

	got := map[graph.Kind]int{}
	for _, n := range in.Dataset.Nodes {
		got[n.Kind]++
	}
	c := meta.Counts
	want := map[graph.Kind]int{graph.KindSource: 1, graph.KindCountry: c.Countries, graph.KindTheme: c.Themes,
		graph.KindCity: c.Cities, graph.KindOrganisation: c.Organisations, graph.KindNetwork: 1,
		graph.KindPerson: c.People, graph.KindGrant: c.Grants, graph.KindPractice: c.Practices}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("%s records: got %d, want %d", k, got[k], n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("kinds: got %v, want %v", got, want)
	}

	fundedBy, perCountry := 0, map[string]int{}
	cityCountry := map[string]string{}
	for _, l := range in.Dataset.Links {
		if l.Type == graph.RelInCountry && l.From.Kind == graph.KindCity {
			cityCountry[l.From.ID] = l.To.ID
		}
	}
	for _, l := range in.Dataset.Links {
		switch l.Type {
		case graph.RelFundedBy:
			fundedBy++
		case graph.RelRunBy:
			perCountry[cityCountry[l.To.ID]]++
		}
	}
	if fundedBy != c.FundedByLinks || fundedBy == 0 {
		t.Errorf("funding links: got %d, meta says %d", fundedBy, c.FundedByLinks)
	}
	for country, n := range meta.PracticesPerCountry {
		if perCountry[country] != n {
			t.Errorf("practices of %s: got %d, meta says %d", country, perCountry[country], n)
		}
	}
	if len(meta.ByIDPractices) < 100 || len(meta.SearchQueries) != 20 || meta.ListCountry == "" {
		t.Errorf("meta lacks case inputs: %d by-id practices, %d queries, list country %q",
			len(meta.ByIDPractices), len(meta.SearchQueries), meta.ListCountry)
	}
}

// A fixed seed: the same size gives the same bytes, so runs on different days compare.
func TestGenerateIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if _, err := generate(100, dir); err != nil {
			t.Fatal(err)
		}
	}
	files, err := filepath.Glob(filepath.Join(a, "*"))
	if err != nil || len(files) != 10 {
		t.Fatalf("generated files: %v (%v), want 9 YAML files and meta.json", files, err)
	}
	for _, f := range files {
		x, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		y, err := os.ReadFile(filepath.Join(b, filepath.Base(f)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs", filepath.Base(f))
		}
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Türkiye":                "turkiye",
		"Bosnia and Herzegovina": "bosnia-and-herzegovina",
		"Bagoli":                 "bagoli",
		"  United  Kingdom ":     "united-kingdom",
	} {
		if got := slug(in); got != want {
			t.Errorf("slug(%q) = %q, want %q", in, got, want)
		}
	}
}
