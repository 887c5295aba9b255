package seed_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/app"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/graph/neo4jstore"
	"github.com/practicegraph/practicegraph/graph/neo4jstore/neo4jtest"
	"github.com/practicegraph/practicegraph/seed"
)

// loadSeed loads the seed report's data into an empty test graph.
func loadSeed(t *testing.T) *neo4jstore.Store {
	t.Helper()
	st := neo4jtest.Open(t)
	in, err := seed.ReadDir("data")
	if err != nil {
		t.Fatalf("read seed: %v", err)
	}
	if _, err := (&app.App{Store: st}).Import(context.Background(), in); err != nil {
		t.Fatalf("import seed: %v", err)
	}
	return st
}

func TestSeedLoadIsIdempotent(t *testing.T) {
	st := loadSeed(t)
	in, err := seed.ReadDir("data")
	if err != nil {
		t.Fatal(err)
	}
	nodes1, rels1 := neo4jtest.Counts(t, st)
	// One node per record plus the graph's version counter and the import's revision;
	// one relationship per link.
	if want := int64(len(in.Dataset.Nodes) + 2); nodes1 != want {
		t.Errorf("seed loaded %d nodes, want %d", nodes1, want)
	}
	if want := int64(len(in.Dataset.Links)); rels1 != want {
		t.Errorf("seed loaded %d relationships, want %d", rels1, want)
	}
	res, err := (&app.App{Store: st}).Import(context.Background(), in)
	if err != nil {
		t.Fatalf("second load: %v", err)
	}
	if res.NodesCreated != 0 || res.LinksCreated != 0 {
		t.Errorf("second load created %d nodes and %d links, want none", res.NodesCreated, res.LinksCreated)
	}
	if got, want := res.NodesUpdated, len(in.Dataset.Nodes); got != want {
		t.Errorf("second load matched %d nodes, want %d", got, want)
	}
	nodes2, rels2 := neo4jtest.Counts(t, st)
	if nodes2 != nodes1 || rels2 != rels1 {
		t.Errorf("counts after second load = %d nodes, %d rels; want %d, %d", nodes2, rels2, nodes1, rels1)
	}
}

// A valid user import: a practice of another city, linked to nodes of the seed.
const validImport = `
kind: Source
records:
  - id: lublin-practices-2024
    source: lublin-practices-2024
    section: "Title page"
    title: {orig: en, en: "Lublin's practices 2024", fr: "Pratiques de Lublin 2024"}
---
kind: Practice
source: lublin-practices-2024
records:
  - id: lublin-welcome-walks
    section: "Welcome walks"
    name: {orig: en, en: "Welcome walks", fr: "Promenades d'accueil"}
    summary: {orig: en, en: "Newcomers walk the city with residents.", fr: "Les nouveaux arrivants parcourent la ville avec des habitants."}
    startYear: 2024
    links:
      - {rel: ` + graph.RelRunBy + `, to: lublin}
      - {rel: ` + graph.RelRelatedTo + `, to: diversitours}
`

func TestImportLinksToTheExistingGraph(t *testing.T) {
	st := loadSeed(t)
	in, err := seed.Parse("lublin.yaml", strings.NewReader(validImport))
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	res, err := (&app.App{Store: st}).Import(context.Background(), in)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if res.NodesCreated != 2 || res.LinksCreated != 2 {
		t.Errorf("created %d nodes and %d links, want 2 and 2", res.NodesCreated, res.LinksCreated)
	}
	edges, err := st.Neighbours(context.Background(), graph.NeighbourQuery{
		From: []graph.Ref{{Kind: graph.KindCity, ID: "lublin"}}, Type: graph.RelRunBy, Direction: graph.In, Kind: graph.KindPractice})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range edges[graph.Ref{Kind: graph.KindCity, ID: "lublin"}] {
		ids = append(ids, e.Node.ID)
		if e.Link.Provenance.Source != "lublin-practices-2024" || e.Link.Provenance.Section != "Welcome walks" {
			t.Errorf("link provenance = %+v, want the import's source and section", e.Link.Provenance)
		}
	}
	if !contains(ids, "lublin-welcome-walks") {
		t.Errorf("Lublin's practices = %v, want lublin-welcome-walks among them", ids)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestImportRejectsBadFilesWhole(t *testing.T) {
	st := loadSeed(t)
	nodes0, rels0 := neo4jtest.Counts(t, st)
	const header = "kind: Practice\nsource: icc-coordinators-meeting-2023\nrecords:\n"
	const good = `  - id: good-one
    section: "S"
    name: {orig: fr, fr: "Bon", en: "Good"}
    summary: {orig: fr, fr: "Bon.", en: "Good."}
`
	tests := []struct {
		name    string
		file    string
		field   string // the field the problem must name
		message string // a fragment of the message
	}{
		{"missing id", header + good + `  - section: "S"
    name: {orig: fr, fr: "X", en: "X"}
    summary: {orig: fr, fr: "X", en: "X"}
`, "id", "missing"},
		{"unknown reference", header + good + `  - id: orphan
    section: "S"
    name: {orig: fr, fr: "X", en: "X"}
    summary: {orig: fr, fr: "X", en: "X"}
    links:
      - {rel: ` + graph.RelRunBy + `, to: atlantis}
`, "links[0].to", `unknown City "atlantis"`},
		{"wrong type", header + good + `  - id: wrong-year
    section: "S"
    name: {orig: fr, fr: "X", en: "X"}
    summary: {orig: fr, fr: "X", en: "X"}
    startYear: "two thousand"
`, "startYear", "want a whole number"},
		{"duplicate id", header + good + good, "id", `duplicate Practice id "good-one"`},
		{"unknown field", header + good + `  - id: extra
    section: "S"
    name: {orig: fr, fr: "X", en: "X"}
    summary: {orig: fr, fr: "X", en: "X"}
    budget: 12
`, "budget", "unknown field"},
		{"missing original", header + good + `  - id: english-original-missing
    section: "S"
    name: {orig: en, fr: "X"}
    summary: {orig: fr, fr: "X", en: "X"}
`, "name", "the original (en) text is missing"},
		{"bad enum", header + good + `  - id: odd-status
    section: "S"
    name: {orig: fr, fr: "X", en: "X"}
    summary: {orig: fr, fr: "X", en: "X"}
    status: thriving
`, "status", "want one of planned, active, ended"},
		{"unknown relationship", header + good + `  - id: odd-link
    section: "S"
    name: {orig: fr, fr: "X", en: "X"}
    summary: {orig: fr, fr: "X", en: "X"}
    links:
      - {rel: OWNS, to: bilbao}
`, "links[0].rel", `Practice has no relationship "OWNS"`},
		{"link without a section", header + good + `  - id: vague-link
    section: "S"
    name: {orig: fr, fr: "X", en: "X"}
    summary: {orig: fr, fr: "X", en: "X"}
    links:
      - {rel: ` + graph.RelRunBy + `, to: bilbao, section: " "}
`, "links[0].section", "missing: say where in the source the link comes from"},
		{"bad id", header + good + `  - id: Not An Id
    section: "S"
    name: {orig: fr, fr: "X", en: "X"}
    summary: {orig: fr, fr: "X", en: "X"}
`, "id", `"Not An Id" is not a valid id`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, err := seed.Parse("bad.yaml", strings.NewReader(tt.file))
			if err == nil {
				_, err = (&app.App{Store: st}).Import(context.Background(), in)
			}
			var probs seed.Problems
			if !errors.As(err, &probs) {
				t.Fatalf("err = %v, want seed.Problems", err)
			}
			if got := graph.ErrorCode(err); got != graph.EINVALID {
				t.Errorf("code = %s, want %s", got, graph.EINVALID)
			}
			found := false
			for _, p := range probs {
				if p.File == "bad.yaml" && p.Field == tt.field && strings.Contains(p.Msg, tt.message) && p.Record != "" && p.Line > 0 {
					found = true
				}
			}
			if !found {
				t.Errorf("problems = %v, want one naming bad.yaml, a record, field %q and %q", probs, tt.field, tt.message)
			}
			if nodes, rels := neo4jtest.Counts(t, st); nodes != nodes0 || rels != rels0 {
				t.Errorf("counts = %d, %d after a rejected import; want %d, %d (nothing written)", nodes, rels, nodes0, rels0)
			}
		})
	}
}

func TestApplyIsAllOrNothing(t *testing.T) {
	st := loadSeed(t)
	nodes0, rels0 := neo4jtest.Counts(t, st)
	name := graph.Text{Orig: "en", Values: map[string]string{"en": "Half", "fr": "Moitié"}}
	_, err := st.Apply(context.Background(), graph.Changeset{
		Upserts: []graph.Node{{Kind: graph.KindPractice, ID: "half-written", Texts: map[string]graph.Text{"name": name, "summary": name},
			Provenance: graph.Provenance{Source: "icc-coordinators-meeting-2023", Section: "S"}}},
		// Valid in itself, so the store writes the node before it finds the link's end missing.
		Links: []graph.Link{{Type: graph.RelRunBy, From: graph.Ref{Kind: graph.KindPractice, ID: "half-written"}, To: graph.Ref{Kind: graph.KindCity, ID: "atlantis"},
			Provenance: graph.Provenance{Source: "icc-coordinators-meeting-2023", Section: "S"}}},
	})
	if got := graph.ErrorCode(err); got != graph.EINVALID {
		t.Fatalf("err = %v (code %s), want %s", err, got, graph.EINVALID)
	}
	if nodes, rels := neo4jtest.Counts(t, st); nodes != nodes0 || rels != rels0 {
		t.Errorf("counts = %d, %d after a failed changeset; want %d, %d", nodes, rels, nodes0, rels0)
	}
	if _, err := st.Node(context.Background(), graph.Ref{Kind: graph.KindPractice, ID: "half-written"}); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("half-written practice: err = %v, want NOT_FOUND", err)
	}
}

// Loading the seed a second time writes nothing at all: not a node, not a link, not
// even a new graph version; a changed file is loaded again.
func TestLoadDirTwiceChangesNothing(t *testing.T) {
	st := neo4jtest.Open(t)
	ctx := context.Background()
	first, unchanged, err := (&app.App{Store: st}).LoadSeed(ctx, "data")
	if err != nil || unchanged {
		t.Fatalf("first load: unchanged = %v, err = %v", unchanged, err)
	}
	nodes, rels := neo4jtest.Counts(t, st)
	second, unchanged, err := (&app.App{Store: st}).LoadSeed(ctx, "data")
	if err != nil || !unchanged {
		t.Fatalf("second load: unchanged = %v, err = %v; want unchanged", unchanged, err)
	}
	if second.Version != first.Version {
		t.Errorf("graph version %d → %d after loading the same files again", first.Version, second.Version)
	}
	if n, r := neo4jtest.Counts(t, st); n != nodes || r != rels {
		t.Errorf("counts %d, %d → %d, %d after loading the same files again", nodes, rels, n, r)
	}

	// A copy of the seed with one file changed is a different seed: it is loaded.
	dir := t.TempDir()
	files, _ := filepath.Glob("data/*.yaml")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if filepath.Base(f) == "themes.yaml" {
			b = append(b, '\n')
		}
		if err := os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	third, unchanged, err := (&app.App{Store: st}).LoadSeed(ctx, dir)
	if err != nil || unchanged || third.Version != first.Version+1 || third.NodesCreated != 0 {
		t.Errorf("load of a changed seed: %+v, unchanged = %v, err = %v; want a new version that creates nothing", third, unchanged, err)
	}
}
