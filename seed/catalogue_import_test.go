package seed_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/app"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/graph/neo4jstore/neo4jtest"
)

// TestCatalogueImportInBatches imports a catalogue larger than one batch of the staged
// import into an empty graph: every row becomes a practice, its cities and countries are
// created once, the progress shows several batches, and the same file again writes nothing.
func TestCatalogueImportInBatches(t *testing.T) {
	st := neo4jtest.Open(t)
	ctx := context.Background()
	const rows, cities = 2500, 40
	countries := []string{"Spain", "PT", "Italy", "Croatia"}
	var b strings.Builder
	b.WriteString("title,city,country,language,period,purpose,themes,source_url\n")
	for i := range rows {
		c := i % cities
		fmt.Fprintf(&b, "Practice %d,City %d,%s,en,Since %d,What practice %d is for.,Theme %d,https://example.org/catalogue/%d\n",
			i, c, countries[c%len(countries)], 2000+i%20, i, i%3, i/100)
	}
	var staged []int
	a := &app.App{Store: st}
	rep, err := a.ImportCatalogue(ctx, strings.NewReader(b.String()), app.CatalogueOptions{Progress: func(s app.ImportStatus) {
		staged = append(staged, s.Staged[graph.KindPractice])
	}})
	if err != nil {
		t.Fatal(err)
	}
	c := rep.Counts
	if !rep.Written || c.PracticesCreated != rows || c.CitiesCreated != cities || c.CountriesCreated != len(countries) || c.ThemesCreated != 3 || c.SourcesCreated != rows/100 {
		t.Fatalf("report: written %v, counts %+v", rep.Written, c)
	}
	batches := 0
	for i := 1; i < len(staged); i++ {
		if staged[i] > staged[i-1] {
			batches++
		}
	}
	if batches < 3 {
		t.Errorf("practices staged in %d steps (%v), want the 2,500 in batches of 1,000", batches, staged)
	}
	refs, err := st.AllRefs(ctx, []graph.Kind{graph.KindPractice, graph.KindCity, graph.KindCountry})
	if err != nil {
		t.Fatal(err)
	}
	if len(refs) != rows+cities+len(countries) {
		t.Errorf("graph holds %d practices, cities and countries, want %d", len(refs), rows+cities+len(countries))
	}
	last, err := st.Node(ctx, graph.Ref{Kind: graph.KindPractice, ID: "practice-2499-city-19"})
	if err != nil {
		t.Fatal(err)
	}
	if y := last.Int(graph.FieldPracticeStartYear); y == nil || *y != 2019 || last.Provenance.Source != "example-org-catalogue-24" {
		t.Errorf("last practice: start year %v, provenance %+v", y, last.Provenance)
	}

	nodes, rels := neo4jtest.Counts(t, st)
	v, _ := st.Version(ctx)
	again, err := a.ImportCatalogue(ctx, strings.NewReader(b.String()), app.CatalogueOptions{})
	if err != nil {
		t.Fatal(err)
	}
	v2, _ := st.Version(ctx)
	n2, r2 := neo4jtest.Counts(t, st)
	if again.Written || again.Counts.PracticesUnchanged != rows || v2 != v || n2 != nodes || r2 != rels {
		t.Errorf("second import: written %v, counts %+v, version %d→%d, nodes %d→%d, relationships %d→%d", again.Written, again.Counts, v, v2, nodes, n2, rels, r2)
	}
}

// TestCatalogueRefusedInALaterChunk: a catalogue is read a chunk of rows at a time, yet
// a problem in its last rows — a row without a title, a practice met in an earlier
// chunk — refuses the whole file, naming the row, and writes nothing.
func TestCatalogueRefusedInALaterChunk(t *testing.T) {
	st := neo4jtest.Open(t)
	ctx := context.Background()
	file := func(bad int, row string) string {
		var b strings.Builder
		b.WriteString("title,city,country,language,source_url\n")
		for i := range 2500 {
			if i == bad {
				b.WriteString(row + "\n")
				continue
			}
			fmt.Fprintf(&b, "Practice %d,City %d,Spain,en,https://example.org/c\n", i, i%10)
		}
		return b.String()
	}
	for _, tt := range []struct {
		name, csv string
		want      []string
	}{
		{"a row without a title", file(2400, ",City 0,Spain,en,https://example.org/c"), []string{"row 2402", "title"}},
		{"a practice met in an earlier chunk", file(2300, "Practice 10,City 0,Spain,en,https://example.org/c"), []string{"row 2302", "row 12"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			nodes, rels := neo4jtest.Counts(t, st)
			v, _ := st.Version(ctx)
			rep, err := (&app.App{Store: st}).ImportCatalogue(ctx, strings.NewReader(tt.csv), app.CatalogueOptions{})
			if graph.ErrorCode(err) != graph.EINVALID {
				t.Fatalf("err = %v, want the file refused", err)
			}
			var named []string
			for _, p := range rep.Problems {
				named = append(named, p.String())
			}
			got := strings.Join(named, "\n")
			for _, want := range tt.want {
				if !strings.Contains(got, want) {
					t.Errorf("problems do not name %q:\n%s", want, got)
				}
			}
			n2, r2 := neo4jtest.Counts(t, st)
			v2, _ := st.Version(ctx)
			if rep.Written || n2 != nodes || r2 != rels || v2 != v {
				t.Errorf("refused file wrote: written %v, nodes %d→%d, relationships %d→%d, version %d→%d", rep.Written, nodes, n2, rels, r2, v, v2)
			}
		})
	}
}
