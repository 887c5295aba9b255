package server_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/practicegraph/practicegraph/cli"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/graph/neo4jstore/neo4jtest"
)

// catalogueFixture is a catalogue of the test's own in the ICC card template: English
// cards for Bradford and Neuchâtel (in varied case and accents), new cities in
// Portugal, a new city in a new country, and every period form.
const catalogueFixture = "../seed/testdata/catalogue.csv"

// catalogueTitles are the fixture's practices by id, with the start year, end year and
// status their periods say.
var catalogueTitles = []struct {
	id, title       string
	start, end      int
	status, country string
}{
	{"stories-of-bradford-bradford", "Stories of Bradford", 2019, 0, "active", "united-kingdom"},
	{"welcome-mentors-neuchatel", "Welcome Mentors", 2017, 2021, "ended", "switzerland"},
	{"neighbourhood-tables-neuchatel", "Neighbourhood Tables", 2014, 0, "active", "switzerland"},
	{"intercultural-mediators-in-schools-lisbon", "Intercultural Mediators in Schools", 2010, 0, "active", "portugal"},
	{"porto-anti-rumour-agents-porto", "Porto Anti-Rumour Agents", 2016, 0, "active", "portugal"},
	{"rijeka-diversity-festival-rijeka", "Rijeka Diversity Festival", 2013, 0, "active", "croatia"},
	{"open-doors-of-worship-bradford", "Open Doors of Worship", 0, 0, "active", "united-kingdom"},
}

// runCLI runs the practicegraph command against the test database, as an editor would
// from a shell, and returns what it printed.
func runCLI(t *testing.T, ts *testServer, args ...string) (string, error) {
	t.Helper()
	neo := ts.Config().Neo4j
	t.Setenv("NEO4J_URI", neo.URI)
	t.Setenv("NEO4J_USER", neo.User)
	t.Setenv("NEO4J_PASSWORD", neo.Password)
	t.Setenv("NEO4J_DATABASE", neo.Database)
	var out, errOut bytes.Buffer
	err := cli.Main(context.Background(), args, &out, &errOut)
	return out.String() + errOut.String(), err
}

// citiesNamed returns the ids of the cities whose name, in any language, folds to name.
func citiesNamed(t *testing.T, ts *testServer, name string) []string {
	t.Helper()
	ctx := context.Background()
	refs, err := ts.Store().AllRefs(ctx, []graph.Kind{graph.KindCity})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	nodes, err := ts.Store().Nodes(ctx, graph.KindCity, ids)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for id, n := range nodes {
		for _, v := range n.Text(graph.FieldCityName).Values {
			if graph.Fold(v) == graph.Fold(name) {
				out = append(out, id)
				break
			}
		}
	}
	slices.Sort(out)
	return out
}

// waitForSearch waits until a search for q in lang finds the practice id (the server's
// catch-up indexes what another process imported), failing after a generous while.
func waitForSearch(t *testing.T, ts *testServer, q, lang, id string) {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); ; time.Sleep(100 * time.Millisecond) {
		got := ts.search(t, map[string]any{"q": q, "lang": lang, "filter": map[string]any{"kinds": []string{"PRACTICE"}}, "first": 10})
		for _, e := range got.Search.Edges {
			if e.Node.ID == id {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("search %q (%s) does not find %s: %+v", q, lang, id, got.Search.Edges)
		}
	}
}

const cataloguePractice = `query($id: ID!) { practice(id: $id) {
  id startYear endYear status contact
  name { text(lang: FR) original isTranslation(lang: FR) availableIn(lang: FR) en: availableIn(lang: EN) variants { lang } }
  purpose { text original availableIn(lang: FR) }
  summary { text }
  period { text original }
  cities { city { id country { id } } }
  provenance { section source { id url language title { text } } }
} }`

type cataloguePracticeAnswer struct {
	Practice *struct {
		ID                       string
		StartYear, EndYear       *int
		Status, Contact          *string
		Name                     struct {
			Text          string
			Original      string
			IsTranslation bool
			AvailableIn   bool
			En            bool
			Variants      []struct{ Lang string }
		}
		Purpose *struct {
			Text, Original string
			AvailableIn    bool
		}
		Summary *struct{ Text string }
		Period  *struct{ Text, Original string }
		Cities  []struct {
			City struct {
				ID      string
				Country *struct{ ID string }
			}
		}
		Provenance struct {
			Section string
			Source  struct {
				ID, URL, Language string
				Title             struct{ Text string }
			}
		}
	}
}

// TestCatalogueImportFromTheCommandLine follows a new editor importing a catalogue with
// the command: a dry run, a file refused for one row, the import, then the same again.
func TestCatalogueImportFromTheCommandLine(t *testing.T) {
	ts := startServer(t, nil)
	nodes0, rels0 := neo4jtest.Counts(t, ts.Store())
	v0 := graphVersion(t, ts)

	out, err := runCLI(t, ts, "import", "--dry-run", catalogueFixture)
	if err != nil {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	for _, want := range []string{
		"row 2: practice stories-of-bradford-bradford create; country united-kingdom match; city bradford match; from 2019 (active)",
		"row 3: practice welcome-mentors-neuchatel create; country switzerland match; city neuchatel match; from 2017 (ended)",
		"row 7: practice rijeka-diversity-festival-rijeka create; country croatia create; city rijeka create; from 2013 (active)",
		"7 rows: practices 7 created, 0 changed, 0 unchanged; cities 3 created, 2 matched; countries 1 created, 3 matched",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}
	if n, r := neo4jtest.Counts(t, ts.Store()); n != nodes0 || r != rels0 || graphVersion(t, ts) != v0 {
		t.Fatalf("the dry run wrote: %d nodes, %d relationships, version %d; want %d, %d, %d", n, r, graphVersion(t, ts), nodes0, rels0, v0)
	}

	// One row without its title refuses the whole file, naming the row.
	data, err := os.ReadFile(catalogueFixture)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	if !strings.HasPrefix(lines[3], "Neighbourhood Tables,") {
		t.Fatalf("the fixture's line 4 is not Neighbourhood Tables: %q", lines[3])
	}
	lines[3] = strings.TrimPrefix(lines[3], "Neighbourhood Tables")
	broken := filepath.Join(t.TempDir(), "broken.csv")
	if err := os.WriteFile(broken, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = runCLI(t, ts, "import", broken)
	if err == nil || !strings.Contains(err.Error(), "row 4: column title: missing") {
		t.Fatalf("import of a row without title: err = %v, want it refused naming row 4's title\n%s", err, out)
	}
	if n, r := neo4jtest.Counts(t, ts.Store()); n != nodes0 || r != rels0 || graphVersion(t, ts) != v0 {
		t.Fatalf("the refused import wrote: %d nodes, %d relationships; want %d, %d", n, r, nodes0, rels0)
	}

	out, err = runCLI(t, ts, "import", catalogueFixture)
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	if !strings.Contains(out, "import: publishing") || !strings.Contains(out, "nodes created") {
		t.Errorf("import output shows no progress or result:\n%s", out)
	}
	v1 := graphVersion(t, ts)
	if v1 == v0 {
		t.Fatalf("graph version still %d after the import", v1)
	}

	// Bradford and Neuchâtel are matched, not duplicated; Rijeka and Croatia are new.
	for name, want := range map[string][]string{"Bradford": {"bradford"}, "Neuchâtel": {"neuchatel"}, "Rijeka": {"rijeka"}, "Porto": {"porto"}} {
		if got := citiesNamed(t, ts, name); !slices.Equal(got, want) {
			t.Errorf("cities named %s = %v, want %v", name, got, want)
		}
	}
	for _, p := range catalogueTitles {
		var got cataloguePracticeAnswer
		ts.query(t, cataloguePractice, map[string]any{"id": p.id}).decode(t, &got)
		pr := got.Practice
		if pr == nil {
			t.Errorf("practice %s not in the graph", p.id)
			continue
		}
		if p.start == 0 && pr.StartYear != nil || p.start != 0 && (pr.StartYear == nil || *pr.StartYear != p.start) {
			t.Errorf("%s: startYear = %v, want %d", p.id, deref(pr.StartYear), p.start)
		}
		if p.end == 0 && pr.EndYear != nil || p.end != 0 && (pr.EndYear == nil || *pr.EndYear != p.end) {
			t.Errorf("%s: endYear = %v, want %d", p.id, deref(pr.EndYear), p.end)
		}
		if pr.Status == nil || *pr.Status != p.status {
			t.Errorf("%s: status = %v, want %s", p.id, pr.Status, p.status)
		}
		// English is the original; there is no French, and none is invented.
		n := pr.Name
		if n.Original != "EN" || n.Text != p.title || n.IsTranslation || n.AvailableIn || !n.En || len(n.Variants) != 1 {
			t.Errorf("%s: name = %+v, want %q in English only", p.id, n, p.title)
		}
		if pr.Purpose == nil || pr.Purpose.Original != "EN" || pr.Purpose.AvailableIn || pr.Summary != nil || pr.Period == nil || pr.Period.Original != "EN" {
			t.Errorf("%s: purpose %+v, summary %+v, period %+v; want English purpose and period, no summary", p.id, pr.Purpose, pr.Summary, pr.Period)
		}
		if len(pr.Cities) != 1 || pr.Cities[0].City.Country == nil || pr.Cities[0].City.Country.ID != p.country {
			t.Errorf("%s: cities = %+v, want one in %s", p.id, pr.Cities, p.country)
		}
		src := pr.Provenance.Source
		if !strings.HasPrefix(src.URL, "https://www.coe.int/en/web/interculturalcities/-/") || src.Language != "en" || pr.Provenance.Section != p.title {
			t.Errorf("%s: provenance = %+v, want the catalogue page", p.id, pr.Provenance)
		}
		waitForSearch(t, ts, p.title, "EN", p.id)
	}
	var stories cataloguePracticeAnswer
	ts.query(t, cataloguePractice, map[string]any{"id": "stories-of-bradford-bradford"}).decode(t, &stories)
	if s := stories.Practice; s.Contact == nil || *s.Contact != "stories@bradford.example" || s.Provenance.Source.Title.Text != "Intercultural Cities good practice database" {
		t.Errorf("stories of Bradford: contact %v, source %+v", s.Contact, s.Provenance.Source)
	}
	// A French reader's query on an English-only practice's name finds it.
	waitForSearch(t, ts, "festival de la diversité Rijeka", "FR", "rijeka-diversity-festival-rijeka")

	// The same file again writes nothing, not even a new version.
	nodes1, rels1 := neo4jtest.Counts(t, ts.Store())
	out, err = runCLI(t, ts, "import", catalogueFixture)
	if err != nil {
		t.Fatalf("second import: %v\n%s", err, out)
	}
	if !strings.Contains(out, "practices 0 created, 0 changed, 7 unchanged") || !strings.Contains(out, "nothing written") {
		t.Errorf("second import output:\n%s", out)
	}
	if n, r := neo4jtest.Counts(t, ts.Store()); n != nodes1 || r != rels1 || graphVersion(t, ts) != v1 {
		t.Errorf("second import wrote: %d nodes, %d relationships, version %d; want %d, %d, %d", n, r, graphVersion(t, ts), nodes1, rels1, v1)
	}
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}
