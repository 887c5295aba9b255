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
		ID                 string
		StartYear, EndYear *int
		Status, Contact    *string
		Name               struct {
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

const importCatalogueMutation = `mutation($csv: String!, $dryRun: Boolean, $title: String) {
  importCatalogue(csv: $csv, dryRun: $dryRun, sourceTitle: $title) {
    dryRun written graphVersion
    rows { row practice { id action } changed country { id action } city { id action } organisation { id action } themes { id action } source { id name action } startYear endYear status }
    counts { rows practicesCreated practicesChanged practicesUnchanged citiesCreated citiesMatched countriesCreated countriesMatched themesCreated themesMatched sourcesCreated }
    problems { row column message }
    warnings { row column message }
  }
}`

type catalogueEntityAnswer struct{ ID, Name, Action string }

type importCatalogueAnswer struct {
	ImportCatalogue struct {
		DryRun, Written bool
		GraphVersion    int64
		Rows            []struct {
			Row                         int
			Practice                    catalogueEntityAnswer
			Changed                     []string
			Country, City, Organisation *catalogueEntityAnswer
			Themes                      []catalogueEntityAnswer
			Source                      catalogueEntityAnswer
			StartYear, EndYear          *int
			Status                      *string
		}
		Counts struct {
			Rows, PracticesCreated, PracticesChanged, PracticesUnchanged, CitiesCreated, CitiesMatched int
			CountriesCreated, CountriesMatched, ThemesCreated, ThemesMatched, SourcesCreated           int
		}
		Problems, Warnings []struct {
			Row     *int
			Column  *string
			Message string
		}
	}
}

// TestImportCatalogueMutation imports a catalogue through the API as the editors' page
// does: refused without a token, a dry run, an ambiguous city, the import, then again.
func TestImportCatalogueMutation(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	data, err := os.ReadFile(catalogueFixture)
	if err != nil {
		t.Fatal(err)
	}
	csv := string(data)
	v0 := graphVersion(t, ts)
	nodes0, rels0 := neo4jtest.Counts(t, ts.Store())

	resp := ts.query(t, importCatalogueMutation, map[string]any{"csv": csv})
	if len(resp.Errors) != 1 || resp.Errors[0].Extensions["code"] != "UNAUTHENTICATED" {
		t.Fatalf("import without a token: errors %+v, want UNAUTHENTICATED", resp.Errors)
	}

	var dry importCatalogueAnswer
	ts.query(t, importCatalogueMutation, map[string]any{"csv": csv, "dryRun": true}, asEditor...).decode(t, &dry)
	r := dry.ImportCatalogue
	if !r.DryRun || r.Written || r.GraphVersion != v0 || len(r.Problems) != 0 || len(r.Rows) != 7 {
		t.Fatalf("dry run: %+v", r)
	}
	if c := r.Counts; c.Rows != 7 || c.PracticesCreated != 7 || c.CitiesCreated != 3 || c.CitiesMatched != 2 || c.CountriesCreated != 1 || c.CountriesMatched != 3 || c.SourcesCreated != 7 {
		t.Errorf("dry run counts = %+v", c)
	}
	first := r.Rows[0]
	if first.Row != 2 || first.Practice.ID != "stories-of-bradford-bradford" || first.Practice.Action != "CREATE" ||
		first.City == nil || first.City.ID != "bradford" || first.City.Action != "MATCH" || first.Country.ID != "united-kingdom" ||
		len(first.Themes) != 2 || first.Themes[0].ID != "anti-rumours" || first.Themes[1].ID != "communication-and-narratives" ||
		first.StartYear == nil || *first.StartYear != 2019 || first.Status == nil || *first.Status != "active" {
		t.Errorf("dry run, row 2 = %+v", first)
	}
	if neuch := r.Rows[2]; neuch.City == nil || neuch.City.ID != "neuchatel" || neuch.City.Action != "MATCH" {
		t.Errorf("dry run, row 4 (Neuchâtel) = %+v", neuch)
	}
	if n, rl := neo4jtest.Counts(t, ts.Store()); n != nodes0 || rl != rels0 || graphVersion(t, ts) != v0 {
		t.Fatalf("the dry run wrote: %d nodes, %d relationships", n, rl)
	}

	// Two cities of one name in one country: a row naming it is refused with both.
	for _, id := range []string{"springfield-north", "springfield-south"} {
		ts.query(t, `mutation($id: ID!) { createCity(input: {id: $id, name: {orig: EN, en: "Springfield"}, country: "united-states",
			provenance: {source: "icc-coordinators-meeting-2023", section: "test"}}) { id } }`, map[string]any{"id": id}, asEditor...).decode(t, &struct{}{})
	}
	v1 := graphVersion(t, ts)
	nodes1, rels1 := neo4jtest.Counts(t, ts.Store())
	var amb importCatalogueAnswer
	ts.query(t, importCatalogueMutation, map[string]any{"csv": csv + "Springfield Welcome Days,springfield,United States,en,2020-2022,,,,,,,,https://example.org/cards/springfield,\n"}, asEditor...).decode(t, &amb)
	a := amb.ImportCatalogue
	if a.Written || len(a.Problems) != 1 || a.Problems[0].Row == nil || *a.Problems[0].Row != 9 || a.Problems[0].Column == nil || *a.Problems[0].Column != "city" ||
		!strings.Contains(a.Problems[0].Message, `"springfield-north"`) || !strings.Contains(a.Problems[0].Message, `"springfield-south"`) {
		t.Errorf("ambiguous city: %+v, want one problem at row 9, column city, naming both Springfields", a)
	}
	if n, rl := neo4jtest.Counts(t, ts.Store()); n != nodes1 || rl != rels1 || graphVersion(t, ts) != v1 {
		t.Fatalf("the refused import wrote: %d nodes, %d relationships", n, rl)
	}

	var done importCatalogueAnswer
	ts.query(t, importCatalogueMutation, map[string]any{"csv": csv, "title": "ICC good practices"}, asEditor...).decode(t, &done)
	d := done.ImportCatalogue
	if d.DryRun || !d.Written || d.GraphVersion <= v1 || d.Counts.PracticesCreated != 7 {
		t.Fatalf("import: %+v", d)
	}
	if src := d.Rows[1].Source; src.Name != "ICC good practices" || src.Action != "CREATE" {
		t.Errorf("row 3's source = %+v, want titled by sourceTitle", src)
	}
	// The mutation returns once the search index holds what it wrote.
	got := ts.search(t, map[string]any{"q": "Welcome Mentors", "lang": "EN", "filter": map[string]any{"kinds": []string{"PRACTICE"}}, "first": 5})
	if len(got.Search.Edges) == 0 || got.Search.Edges[0].Node.ID != "welcome-mentors-neuchatel" {
		t.Errorf("search after the import: %+v", got.Search.Edges)
	}

	var again importCatalogueAnswer
	ts.query(t, importCatalogueMutation, map[string]any{"csv": csv, "title": "ICC good practices"}, asEditor...).decode(t, &again)
	if g := again.ImportCatalogue; g.Written || g.GraphVersion != d.GraphVersion || g.Counts.PracticesUnchanged != 7 || g.Counts.PracticesCreated != 0 || g.Counts.PracticesChanged != 0 {
		t.Errorf("second import: %+v, want nothing written", g)
	}
	if v := graphVersion(t, ts); v != d.GraphVersion {
		t.Errorf("graph version after the second import = %d, want %d", v, d.GraphVersion)
	}
}

// TestEnglishOnlyPracticeThroughTheAPI creates a practice in English alone: it reads
// back as English, with no French, and a French query on its name finds it.
func TestEnglishOnlyPracticeThroughTheAPI(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	ts.query(t, `mutation { createPractice(input: {id: "lublin-harbour-walks", name: {orig: EN, en: "Harbour walks"},
		purpose: {orig: EN, en: "Newcomers discover the harbour with dockers."}, cities: ["lublin"],
		provenance: {source: "icc-coordinators-meeting-2023", section: "test"}}) { id } }`, nil, asEditor...).decode(t, &struct{}{})
	var got cataloguePracticeAnswer
	ts.query(t, cataloguePractice, map[string]any{"id": "lublin-harbour-walks"}).decode(t, &got)
	n := got.Practice.Name
	if n.Original != "EN" || n.Text != "Harbour walks" || n.IsTranslation || n.AvailableIn || !n.En || len(n.Variants) != 1 || got.Practice.Summary != nil {
		t.Errorf("name = %+v, summary %+v; want English only and no summary", n, got.Practice.Summary)
	}
	waitForSearch(t, ts, "promenades harbour", "FR", "lublin-harbour-walks")
}

// TestTransferRanksPracticesOfTheSameCountryFirst imports Portuguese practices and
// others alike, then ranks them for a Portuguese city new to the graph.
func TestTransferRanksPracticesOfTheSameCountryFirst(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	csv := "title,city,country,language,period,purpose,source_url\n" +
		"Neighbourhood mentors,Rijeka,Croatia,en,Since 2018,Volunteer mentors welcome newcomers in their neighbourhood.,https://example.org/cards/1\n" +
		"Neighbourhood mentors,Porto,Portugal,en,Since 2018,Volunteer mentors welcome newcomers in their neighbourhood.,https://example.org/cards/2\n" +
		"Neighbourhood mentors,Bradford,UK,en,Since 2018,Volunteer mentors welcome newcomers in their neighbourhood.,https://example.org/cards/3\n" +
		"Neighbourhood mentors,Lisbon,PT,en,Since 2018,Volunteer mentors welcome newcomers in their neighbourhood.,https://example.org/cards/4\n"
	var done importCatalogueAnswer
	ts.query(t, importCatalogueMutation, map[string]any{"csv": csv}, asEditor...).decode(t, &done)
	if !done.ImportCatalogue.Written {
		t.Fatalf("import: %+v", done.ImportCatalogue)
	}
	ts.query(t, `mutation { createCity(input: {id: "braga", name: {orig: EN, en: "Braga"}, country: "portugal",
		provenance: {source: "icc-coordinators-meeting-2023", section: "test"}}) { id } }`, nil, asEditor...).decode(t, &struct{}{})
	// With a query, and browsing without one: the imported practices' order.
	for _, q := range []any{"neighbourhood mentors", nil} {
		var got transferRanking
		ts.query(t, `query($q: String) { transferablePractices(toCityId: "braga", query: $q, lang: EN, first: 50) {
			candidates { practice { id } score reasons { code weight detail(lang: EN) } } } }`, map[string]any{"q": q}).decode(t, &got)
		var order []string
		for _, c := range got.TransferablePractices.Candidates {
			if strings.HasPrefix(c.Practice.ID, "neighbourhood-mentors-") {
				order = append(order, c.Practice.ID)
			}
		}
		if len(order) != 4 {
			t.Fatalf("query %v: candidates = %v, want the four imported practices", q, order)
		}
		top := append([]string(nil), order[:2]...)
		slices.Sort(top)
		if !slices.Equal(top, []string{"neighbourhood-mentors-lisbon", "neighbourhood-mentors-porto"}) {
			t.Errorf("query %v: ranking for Braga = %v, want the Portuguese practices first", q, order)
		}
	}
}

// TestCatalogueIdsStayUniqueAcrossKinds: ids are unique across kinds, so a new city
// named like its new country, a practice named like a city, and a second import of the
// same file all get ids of their own, the same each time.
func TestCatalogueIdsStayUniqueAcrossKinds(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	csv := "title,city,country,language,source_url\n" +
		"Luxembourg,Luxembourg,Luxembourg,en,https://example.org/cards/luxembourg\n" +
		"Bilbao,,Spain,en,https://example.org/cards/bilbao\n"
	var first, second importCatalogueAnswer
	ts.query(t, importCatalogueMutation, map[string]any{"csv": csv}, asEditor...).decode(t, &first)
	r := first.ImportCatalogue
	if !r.Written || len(r.Problems) != 0 || len(r.Rows) != 2 {
		t.Fatalf("import: %+v", r)
	}
	ids := map[string]string{}
	for _, row := range r.Rows {
		for kind, id := range map[string]string{"practice": row.Practice.ID, "city": entityID(row.City), "country": entityID(row.Country)} {
			if id == "" {
				continue
			}
			if other, seen := ids[id]; seen && other != kind {
				t.Errorf("id %q is both a %s and a %s", id, other, kind)
			}
			ids[id] = kind
		}
	}
	if r.Rows[1].Practice.ID == "bilbao" {
		t.Errorf("the practice named Bilbao took the city's id")
	}
	ts.query(t, importCatalogueMutation, map[string]any{"csv": csv}, asEditor...).decode(t, &second)
	if s := second.ImportCatalogue; s.Counts.PracticesCreated != 0 || s.Counts.PracticesUnchanged != 2 || s.Rows[0].Practice.ID != r.Rows[0].Practice.ID {
		t.Errorf("importing again: %+v, want the same ids and nothing created", s.Counts)
	}
}

func entityID(e *catalogueEntityAnswer) string {
	if e == nil {
		return ""
	}
	return e.ID
}
