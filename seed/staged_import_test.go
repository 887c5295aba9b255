package seed_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/app"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/graph/neo4jstore"
	"github.com/practicegraph/practicegraph/graph/neo4jstore/neo4jtest"
	"github.com/practicegraph/practicegraph/search"
	"github.com/practicegraph/practicegraph/seed"
)

// Sizes of the generated import: more records and links than one batch holds, so the
// import is written in several batches of each.
const (
	bigCities    = 40
	bigPractices = 2400 // 2,400 practices × 3 links: 7,200 links
)

// writeBigImport writes a generated import into a new folder: practices first, so
// their links to cities and to the next practice point to records read after them, then the cities.
// lastTo, when set, replaces the city the last practice runs in.
func writeBigImport(t *testing.T, lastTo string) string {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("kind: Practice\nsource: big-import\nrecords:\n")
	for i := range bigPractices {
		city := fmt.Sprintf("big-city-%02d", i%bigCities)
		if i == bigPractices-1 && lastTo != "" {
			city = lastTo
		}
		fmt.Fprintf(&b, `  - id: big-practice-%04d
    section: "Practices › %d"
    name: {orig: en, en: "Practice %d", fr: "Pratique %d"}
    summary: {orig: en, en: "What practice %d does.", fr: "Ce que fait la pratique %d."}
    startYear: %d
    links:
      - {rel: %s, to: %s}
      - {rel: %s, to: anti-rumours}
      - {rel: %s, to: big-practice-%04d}
`, i, i/100, i, i, i, i, 2000+i%20, graph.RelRunBy, city, graph.RelHasTheme, graph.RelRelatedTo, (i+1)%bigPractices)
	}
	write(t, filepath.Join(dir, "1-practices.yaml"), b.String())
	b.Reset()
	b.WriteString("kind: City\nsource: big-import\nrecords:\n")
	for i := range bigCities {
		fmt.Fprintf(&b, `  - id: big-city-%02d
    section: "Cities"
    name: {orig: en, en: "City %d", fr: "Ville %d"}
    links:
      - {rel: %s, to: spain}
`, i, i, i, graph.RelInCountry)
	}
	write(t, filepath.Join(dir, "2-cities.yaml"), b.String())
	write(t, filepath.Join(dir, "0-source.yaml"), `kind: Source
records:
  - id: big-import
    source: big-import
    section: "Title"
    title: {orig: en, en: "A big import", fr: "Un gros import"}
`)
	return dir
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// bigImportLinks is how many relationships writeBigImport's files hold: 3 per
// practice, 1 per city.
const bigImportLinks = 3*bigPractices + bigCities

func TestStagedImportLandsWhole(t *testing.T) {
	st := loadSeed(t)
	ctx := context.Background()
	nodes0, rels0 := neo4jtest.Counts(t, st)
	v0, _ := st.Version(ctx)
	var phases []app.ImportPhase
	var last app.ImportStatus
	res, err := (&app.App{Store: st}).ImportFiles(ctx, []string{writeBigImport(t, "")}, app.ImportOptions{Progress: func(s app.ImportStatus) {
		if len(phases) == 0 || phases[len(phases)-1] != s.Phase {
			phases = append(phases, s.Phase)
		}
		last = s
	}})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	records := 1 + bigCities + bigPractices
	if res.NodesCreated != records || res.LinksCreated != bigImportLinks || res.Version != v0+1 {
		t.Errorf("result = %+v, want %d nodes and %d links created under version %d", res, records, bigImportLinks, v0+1)
	}
	// Every record, and the import's one revision.
	if nodes, rels := neo4jtest.Counts(t, st); nodes != nodes0+int64(records)+1 || rels != rels0+bigImportLinks {
		t.Errorf("counts = %d nodes, %d rels; want %d, %d (every record and link and the import's revision, no staging left)", nodes, rels, nodes0+int64(records)+1, rels0+bigImportLinks)
	}
	city := graph.Ref{Kind: graph.KindCity, ID: "big-city-07"}
	edges, err := st.Neighbours(ctx, graph.NeighbourQuery{From: []graph.Ref{city}, Type: graph.RelRunBy, Direction: graph.In, Kind: graph.KindPractice})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(edges[city]), bigPractices/bigCities; got != want {
		t.Errorf("%s runs %d practices, want %d", city.ID, got, want)
	}
	p, err := st.Node(ctx, graph.Ref{Kind: graph.KindPractice, ID: "big-practice-1234"})
	if err != nil {
		t.Fatal(err)
	}
	if name, _ := p.Text("name").In("fr"); name != "Pratique 1234" || p.Version != res.Version || *p.Int("startYear") != 2014 {
		t.Errorf("practice = %+v, want its French name, startYear 2014 and the import's version", p)
	}
	// The search index learns of every node through the version counter.
	touched, _, _, err := st.ChangedSince(ctx, v0)
	if err != nil {
		t.Fatal(err)
	}
	if len(touched) < records {
		t.Errorf("ChangedSince(%d) lists %d nodes, want at least the %d imported", v0, len(touched), records)
	}
	want := []app.ImportPhase{app.PhaseStaging, app.PhaseLinking, app.PhasePublishing, app.PhaseDone}
	if fmt.Sprint(phases) != fmt.Sprint(want) {
		t.Errorf("phases = %v, want %v", phases, want)
	}
	if read, staged := last.Records(); read != records || staged != records || last.LinksStaged != bigImportLinks {
		t.Errorf("last progress = %+v, want %d records read and staged, %d links", last, records, bigImportLinks)
	}
	if imps, err := st.StagedImports(ctx); err != nil || len(imps) != 0 {
		t.Errorf("staged imports after publishing = %v, %v; want none", imps, err)
	}
}

func TestStagedImportFailingAtTheEndLeavesNothing(t *testing.T) {
	st := loadSeed(t)
	ctx := context.Background()
	nodes0, rels0 := neo4jtest.Counts(t, st)
	v0, _ := st.Version(ctx)

	t.Run("unknown reference in the last record", func(t *testing.T) {
		_, err := (&app.App{Store: st}).ImportFiles(ctx, []string{writeBigImport(t, "atlantis")}, app.ImportOptions{})
		var probs seed.Problems
		if !errors.As(err, &probs) || len(probs) != 1 {
			t.Fatalf("err = %v, want one problem", err)
		}
		p := probs[0]
		if !strings.HasSuffix(p.File, "1-practices.yaml") || p.Record != fmt.Sprintf("#%d (big-practice-%04d)", bigPractices, bigPractices-1) ||
			p.Field != "links[0].to" || !strings.Contains(p.Msg, `unknown City "atlantis"`) || p.Line != 9*bigPractices+1 {
			t.Errorf("problem = %s, want the last practice's first link at line %d naming atlantis", p, 9*bigPractices+1)
		}
		assertNothingLeft(t, st, nodes0, rels0, v0)
	})

	t.Run("id created by someone else before publishing", func(t *testing.T) {
		v1, _ := st.Version(ctx)
		practice := graph.Node{Kind: graph.KindPractice, ID: fmt.Sprintf("big-practice-%04d", bigPractices-1),
			Texts:      map[string]graph.Text{"name": {Orig: "en", Values: map[string]string{"en": "Mine", "fr": "La mienne"}}, "summary": {Orig: "en", Values: map[string]string{"en": "Mine.", "fr": "La mienne."}}},
			Provenance: graph.Provenance{Source: "icc-coordinators-meeting-2023", Section: "S"}}
		_, err := (&app.App{Store: st}).ImportFiles(ctx, []string{writeBigImport(t, "")}, app.ImportOptions{Progress: func(s app.ImportStatus) {
			if s.Phase == app.PhasePublishing {
				if _, err := st.Apply(ctx, graph.Changeset{Creates: []graph.Node{practice}}); err != nil {
					t.Errorf("create %s: %v", practice.ID, err)
				}
			}
		}})
		if graph.ErrorCode(err) != graph.ECONFLICT {
			t.Fatalf("err = %v (code %s), want %s", err, graph.ErrorCode(err), graph.ECONFLICT)
		}
		// Only the editor's practice, under its own version, is new: the import reserved
		// v1+1 when it began, the editor's write took v1+2.
		assertNothingLeft(t, st, nodes0+1, rels0, v1+2)
		if _, err := st.Node(ctx, graph.Ref{Kind: graph.KindPractice, ID: "big-practice-0000"}); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("an imported practice is visible after a failed publish: %v", err)
		}
	})
}

// assertNothingLeft checks the graph holds exactly nodes and rels, bookkeeping and any
// staging included, at version v, and no import is staged.
func assertNothingLeft(t *testing.T, st *neo4jstore.Store, nodes, rels, v int64) {
	t.Helper()
	if n, r := neo4jtest.Counts(t, st); n != nodes || r != rels {
		t.Errorf("counts = %d nodes, %d rels; want %d, %d (nothing written, no staging left)", n, r, nodes, rels)
	}
	if got, err := st.Version(context.Background()); err != nil || got != v {
		t.Errorf("version = %d, %v; want %d", got, err, v)
	}
	if imps, err := st.StagedImports(context.Background()); err != nil || len(imps) != 0 {
		t.Errorf("staged imports = %v, %v; want none", imps, err)
	}
	// No reservation is left holding the search index back.
	if got, err := st.VisibleVersion(context.Background()); err != nil || got != v {
		t.Errorf("visible version = %d, %v; want %d, the graph's", got, err, v)
	}
}

func TestStagedImportIsInvisibleUntilPublished(t *testing.T) {
	st := loadSeed(t)
	ctx := context.Background()
	practices0, err := st.AllRefs(ctx, []graph.Kind{graph.KindPractice})
	if err != nil {
		t.Fatal(err)
	}
	v0, _ := st.Version(ctx)
	spain := graph.Ref{Kind: graph.KindCountry, ID: "spain"}
	checked := false
	_, err = (&app.App{Store: st}).ImportFiles(ctx, []string{writeBigImport(t, "")}, app.ImportOptions{Progress: func(s app.ImportStatus) {
		// Mid-way: practices and cities staged, links between them and to Spain too.
		if s.Phase != app.PhaseLinking || checked {
			return
		}
		checked = true
		if nodes, rels := neo4jtest.Counts(t, st); nodes == 0 || rels == 0 {
			t.Errorf("nothing staged mid-way")
		}
		if _, err := st.Node(ctx, graph.Ref{Kind: graph.KindPractice, ID: "big-practice-0001"}); graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("a staged practice is visible: err = %v", err)
		}
		got, err := st.Nodes(ctx, graph.KindCity, []string{"big-city-01", "bilbao"})
		if err != nil || len(got) != 1 {
			t.Errorf("Nodes(big-city-01, bilbao) = %d nodes, %v; want bilbao alone", len(got), err)
		}
		if found, err := st.Existing(ctx, []graph.Ref{{Kind: graph.KindCity, ID: "big-city-01"}}); err != nil || len(found) > 0 && found[graph.Ref{Kind: graph.KindCity, ID: "big-city-01"}] {
			t.Errorf("Existing sees a staged city: %v, %v", found, err)
		}
		if refs, err := st.AllRefs(ctx, []graph.Kind{graph.KindPractice}); err != nil || len(refs) != len(practices0) {
			t.Errorf("AllRefs(Practice) = %d, %v; want the seed's %d", len(refs), err, len(practices0))
		}
		in, err := st.Neighbours(ctx, graph.NeighbourQuery{From: []graph.Ref{spain}, Type: graph.RelInCountry, Direction: graph.In, Kind: graph.KindCity})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range in[spain] {
			if strings.HasPrefix(e.Node.ID, "big-city-") {
				t.Errorf("Spain's cities include the staged %s", e.Node.ID)
			}
		}
		if touched, _, v, err := st.ChangedSince(ctx, v0); err != nil || len(touched) != 0 || v != v0 {
			t.Errorf("ChangedSince(%d) = %v at version %d, %v; want nothing new", v0, touched, v, err)
		}
	}})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if !checked {
		t.Fatal("the import never reported its linking phase")
	}
	in, err := st.Neighbours(ctx, graph.NeighbourQuery{From: []graph.Ref{spain}, Type: graph.RelInCountry, Direction: graph.In, Kind: graph.KindCity})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range in[spain] {
		if strings.HasPrefix(e.Node.ID, "big-city-") {
			n++
		}
	}
	if n != bigCities {
		t.Errorf("after publishing, Spain has %d of the imported cities, want %d", n, bigCities)
	}
}

// A killed import leaves its staging behind: the next start removes it, and leaves a
// live import's alone.
func TestAbandonedStagingIsRemovedOnStart(t *testing.T) {
	st := loadSeed(t)
	ctx := context.Background()
	nodes0, rels0 := neo4jtest.Counts(t, st)
	v0, _ := st.Version(ctx)

	// A process that has exited: its pid is free.
	cmd := exec.Command("true")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	host, _ := os.Hostname()
	killed, err := st.BeginImport(ctx, graph.ImportOwner{Host: host, PID: cmd.Process.Pid})
	if err != nil {
		t.Fatal(err)
	}
	in, err := seed.Parse("lublin.yaml", strings.NewReader(validImport))
	if err != nil {
		t.Fatal(err)
	}
	var links []graph.Link
	for _, rec := range in.Records() {
		if err := killed.StageNodes(ctx, []graph.Node{rec.Node}); err != nil {
			t.Fatal(err)
		}
		links = append(links, rec.Links...)
	}
	if missing, err := killed.StageLinks(ctx, links); err != nil || len(missing) > 0 {
		t.Fatalf("stage links: missing %v, %v", missing, err)
	}
	if nodes, rels := neo4jtest.Counts(t, st); nodes <= nodes0 || rels <= rels0 {
		t.Fatalf("counts = %d, %d; want the staging written", nodes, rels)
	}
	if _, err := st.Node(ctx, graph.Ref{Kind: graph.KindPractice, ID: "lublin-welcome-walks"}); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("the killed import's practice is visible: %v", err)
	}
	// Another import, alive: this very process.
	live, err := st.BeginImport(ctx, graph.ImportOwner{Host: host, PID: os.Getpid()})
	if err != nil {
		t.Fatal(err)
	}
	// The killed import reserved v0+1, the live one v0+2: the search index may not pass v0.
	if got, err := st.VisibleVersion(ctx); err != nil || got != v0 {
		t.Errorf("visible version with both imports staged = %d, %v; want %d", got, err, v0)
	}

	removed, err := (&app.App{Store: st}).RemoveAbandonedImports(ctx)
	if err != nil || removed != 1 {
		t.Fatalf("removed %d imports, %v; want the killed one", removed, err)
	}
	imps, err := st.StagedImports(ctx)
	if err != nil || len(imps) != 1 || imps[0].ID != live.ID() {
		t.Errorf("staged imports = %+v, %v; want the live one alone", imps, err)
	}
	// The killed import's reservation is released; the live one's still holds.
	if got, err := st.VisibleVersion(ctx); err != nil || got != v0+1 {
		t.Errorf("visible version after removing the killed import = %d, %v; want %d", got, err, v0+1)
	}
	if err := live.Discard(ctx); err != nil {
		t.Fatal(err)
	}
	// The live import gave its version back; the killed one's is spent, since the live
	// one took a later one.
	assertNothingLeft(t, st, nodes0, rels0, v0+1)
}

// An import that changes existing entities changes them only when it is published.
func TestStagedImportUpdatesExistingOnlyWhenPublished(t *testing.T) {
	st := loadSeed(t)
	ctx := context.Background()
	bilbao := graph.Ref{Kind: graph.KindCity, ID: "bilbao"}
	before, err := st.Node(ctx, bilbao)
	if err != nil {
		t.Fatal(err)
	}
	file := func(name, to string) string {
		return `kind: City
source: icc-coordinators-meeting-2023
records:
  - id: bilbao
    section: "Introduction"
    name: {orig: es, es: "` + name + `", fr: "Bilbao", en: "Bilbao"}
    links:
      - {rel: ` + graph.RelMemberOf + `, to: ` + to + `, since: 2011}
`
	}
	// The last link names a network that exists nowhere: nothing changes.
	bad, err := seed.Parse("bilbao.yaml", strings.NewReader(file("Bilbo", "nowhere")))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&app.App{Store: st}).ImportRecords(ctx, app.InputSource(bad), app.ImportOptions{}); graph.ErrorCode(err) != graph.EINVALID {
		t.Fatalf("err = %v, want %s", err, graph.EINVALID)
	}
	after, err := st.Node(ctx, bilbao)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a failed import changed Bilbao:\n%+v\nwant\n%+v", after, before)
	}

	// A good one changes the name and the link's year, and stamps both ends.
	good, err := seed.Parse("bilbao.yaml", strings.NewReader(strings.Replace(file("Bilbo", "reci"), "since: 2011", "since: 2012", 1)))
	if err != nil {
		t.Fatal(err)
	}
	res, err := (&app.App{Store: st}).ImportRecords(ctx, app.InputSource(good), app.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	after, err = st.Node(ctx, bilbao)
	if err != nil {
		t.Fatal(err)
	}
	if name, lang := after.Text("name").In("es"); name != "Bilbo" || lang != "es" || after.Text("name").Orig != "es" || after.Version != res.Version {
		t.Errorf("Bilbao's name = %+v at version %d, want the Spanish original Bilbo at version %d", after.Text("name"), after.Version, res.Version)
	}
	if after.Text("description").IsZero() {
		t.Errorf("Bilbao lost its description, which the import does not name")
	}
	edges, err := st.Neighbours(ctx, graph.NeighbourQuery{From: []graph.Ref{bilbao}, Type: graph.RelMemberOf, Direction: graph.Out, Kind: graph.KindNetwork})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range edges[bilbao] {
		if e.Node.ID == "reci" {
			if since := e.Link.Props["since"]; since != int64(2012) {
				t.Errorf("Bilbao's membership of reci since %v, want 2012", since)
			}
			if e.Node.Version != res.Version {
				t.Errorf("reci at version %d, want %d: its search document changed", e.Node.Version, res.Version)
			}
		}
	}
}

// A search index kept in step while an import runs and an editor writes meanwhile must
// not pass the version the import reserved: once the import is published, the index
// holds every imported practice, as a rebuild from the graph does.
func TestSearchIndexFollowsAStagedImport(t *testing.T) {
	st := loadSeed(t)
	ctx := context.Background()
	x, err := search.Open(filepath.Join(t.TempDir(), "index"), search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	sync := &search.Syncer{Index: x, Graph: st}
	if _, err := sync.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	v0, _ := st.Version(ctx)
	editors := graph.Node{Kind: graph.KindPractice, ID: "zanzibar-walks",
		Texts:      map[string]graph.Text{"name": {Orig: "en", Values: map[string]string{"en": "Zanzibar walks", "fr": "Promenades de Zanzibar"}}, "summary": {Orig: "en", Values: map[string]string{"en": "Walks.", "fr": "Promenades."}}},
		Provenance: graph.Provenance{Source: "icc-coordinators-meeting-2023", Section: "S"}}
	checked := false
	res, err := (&app.App{Store: st}).ImportFiles(ctx, []string{writeBigImport(t, "")}, app.ImportOptions{Progress: func(s app.ImportStatus) {
		if s.Phase != app.PhaseLinking || checked {
			return
		}
		checked = true
		// An editor writes after the import reserved its version; the index follows.
		if _, err := st.Apply(ctx, graph.Changeset{Creates: []graph.Node{editors}}); err != nil {
			t.Errorf("create %s: %v", editors.ID, err)
		}
		if _, err := sync.CatchUp(ctx); err != nil {
			t.Errorf("catch up mid-import: %v", err)
		}
		if got, err := x.Version(); err != nil || got != v0 {
			t.Errorf("index version mid-import = %d, %v; want %d, below the import's reserved %d", got, err, v0, v0+1)
		}
		hits, err := x.Search(ctx, search.Query{Text: "zanzibar"})
		if err != nil || len(hits.Hits) == 0 || hits.Hits[0].Ref.ID != editors.ID {
			t.Errorf("search zanzibar mid-import = %+v, %v; want the editor's practice", hits.Hits, err)
		}
	}})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if !checked {
		t.Fatal("the import never reported its linking phase")
	}
	if res.Version != v0+1 {
		t.Errorf("import version = %d, want %d, reserved when it began", res.Version, v0+1)
	}
	if _, err := sync.CatchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := x.Version(); got != v0+2 {
		t.Errorf("index version after publishing = %d, want %d, the editor's", got, v0+2)
	}
	rebuilt, err := search.Open(filepath.Join(t.TempDir(), "rebuilt"), search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = rebuilt.Close() })
	if _, err := (&search.Syncer{Index: rebuilt, Graph: st}).Rebuild(ctx); err != nil {
		t.Fatal(err)
	}
	followed, _ := x.DocCount()
	want, _ := rebuilt.DocCount()
	if followed != want || want < bigPractices {
		t.Errorf("index kept in step holds %d documents, a rebuild %d; want the same, with the %d imported practices", followed, want, bigPractices)
	}
	for _, i := range []int{0, 1234, bigPractices - 1} {
		id := fmt.Sprintf("big-practice-%04d", i)
		hits, err := x.Search(ctx, search.Query{Text: fmt.Sprintf("Practice %d", i), Size: 50})
		found := false
		for _, h := range hits.Hits {
			found = found || h.Ref.ID == id
		}
		if err != nil || !found {
			t.Errorf("search for practice %d: %v, found %v; want %s among the hits", i, err, found, id)
		}
	}
}

// An import sends no value for a text's missing languages, yet an import that drops a
// language from a record or a link removes it, and the same files imported again
// change neither.
func TestStagedImportDropsLanguagesAndSkipsUnchanged(t *testing.T) {
	st := loadSeed(t)
	ctx := context.Background()
	file := func(cityFr, roleFr string) *seed.Input {
		t.Helper()
		text := func(en, fr string) string {
			if fr == "" {
				return `{orig: en, en: "` + en + `"}`
			}
			return `{orig: en, en: "` + en + `", fr: "` + fr + `"}`
		}
		in, err := seed.Parse("drop.yaml", strings.NewReader(`kind: City
source: icc-coordinators-meeting-2023
records:
  - id: dropton
    section: "Cities"
    name: `+text("Dropton", cityFr)+`
---
kind: Practice
source: icc-coordinators-meeting-2023
records:
  - id: dropton-walks
    section: "Practices"
    name: {orig: en, en: "Dropton walks"}
    links:
      - {rel: `+graph.RelRunBy+`, to: dropton}
      - {rel: `+graph.RelInvolves+`, to: bilbao-city-council, role: `+text("lead", roleFr)+`}
`))
		if err != nil {
			t.Fatal(err)
		}
		return in
	}
	imp := func(in *seed.Input) graph.ChangeResult {
		t.Helper()
		res, err := (&app.App{Store: st}).ImportRecords(ctx, app.InputSource(in), app.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	city, practice := graph.Ref{Kind: graph.KindCity, ID: "dropton"}, graph.Ref{Kind: graph.KindPractice, ID: "dropton-walks"}
	check := func(wantCityFr, wantRoleFr string, wantVersion int64) {
		t.Helper()
		c, err := st.Node(ctx, city)
		if err != nil {
			t.Fatal(err)
		}
		if fr := c.Text("name").Values["fr"]; fr != wantCityFr || c.Text("name").Values["en"] != "Dropton" || c.Version != wantVersion {
			t.Errorf("Dropton's name = %+v at version %d, want French %q at version %d", c.Text("name"), c.Version, wantCityFr, wantVersion)
		}
		edges, err := st.Neighbours(ctx, graph.NeighbourQuery{From: []graph.Ref{practice}, Type: graph.RelInvolves, Direction: graph.Out, Kind: graph.KindOrganisation})
		if err != nil {
			t.Fatal(err)
		}
		if len(edges[practice]) != 1 {
			t.Fatalf("dropton-walks involves %d organisations, want 1", len(edges[practice]))
		}
		role := edges[practice][0].Link.Texts["role"]
		if role.Values["fr"] != wantRoleFr || role.Values["en"] != "lead" || role.Orig != "en" {
			t.Errorf("the role = %+v, want English lead and French %q", role, wantRoleFr)
		}
	}

	first := imp(file("Dropville", "porteur"))
	if first.NodesCreated != 2 || first.LinksCreated != 2 {
		t.Errorf("first import = %+v, want 2 nodes and 2 links created", first)
	}
	check("Dropville", "porteur", first.Version)

	// Both now exist: the new values wait on holders until published.
	second := imp(file("", ""))
	if second.NodesCreated != 0 || second.Version != first.Version+1 {
		t.Errorf("second import = %+v, want nothing created under version %d", second, first.Version+1)
	}
	check("", "", second.Version)

	// Dropton's version is the third import's: the ends of an imported link are
	// stamped, the link changed or not.
	third := imp(file("", ""))
	if third.NodesCreated != 0 || third.LinksCreated != 0 {
		t.Errorf("third import = %+v, want nothing created", third)
	}
	check("", "", third.Version)
}
