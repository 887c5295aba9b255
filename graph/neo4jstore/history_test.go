package neo4jstore_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
)

// Each write names its editor, and the entity's history lists them newest first with
// what each gave; a failed write records nothing; a deleted entity keeps its history.
func TestHistoryRecordsEveryWriteWithItsEditor(t *testing.T) {
	ctx := context.Background()
	st := openWithCities(t)
	ref := graph.Ref{Kind: graph.KindPractice, ID: "walks"}

	created, err := st.Apply(ctx, graph.Changeset{Creates: []graph.Node{practice("walks")}, Editor: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	upd := graph.Node{Kind: graph.KindPractice, ID: "walks", Props: map[string]any{"startYear": int64(2020)}, Provenance: testProv}
	set := runBy("aa")
	set.From = ref
	for i := range set.Links {
		set.Links[i].From = ref
	}
	updated, err := st.Apply(ctx, graph.Changeset{Updates: []graph.Node{upd}, LinkSets: []graph.LinkSet{set}, Editor: "ben"})
	if err != nil {
		t.Fatal(err)
	}
	// A stale update fails whole: no revision of it.
	stale := upd
	stale.Version = created.Version
	if _, err := st.Apply(ctx, graph.Changeset{Updates: []graph.Node{stale}, Editor: "carl"}); graph.ErrorCode(err) != graph.ECONFLICT {
		t.Fatalf("stale update: got %v, want CONFLICT", err)
	}
	// A write without an editor (a data file's) records nothing.
	if _, err := st.Apply(ctx, graph.Changeset{Upserts: []graph.Node{practice("walks")}}); err != nil {
		t.Fatal(err)
	}

	got, err := st.History(ctx, ref, 10)
	if err != nil {
		t.Fatal(err)
	}
	type rev struct {
		Version int64
		Editor  string
		Action  string
		Fields  []string
	}
	var short []rev
	for _, r := range got {
		if r.At.IsZero() || r.Ref != ref {
			t.Errorf("revision %+v: want its time and entity", r)
		}
		short = append(short, rev{r.Version, r.Editor, r.Action, r.Fields})
	}
	want := []rev{
		{updated.Version, "ben", graph.RevisionUpdate, []string{graph.RelRunBy, "startYear"}},
		{created.Version, "ana", graph.RevisionCreate, []string{"name", "summary"}},
	}
	if !reflect.DeepEqual(short, want) {
		t.Fatalf("history:\n got %+v\nwant %+v", short, want)
	}
	if !got[0].At.After(got[1].At) && !got[0].At.Equal(got[1].At) {
		t.Errorf("newest first: %v before %v", got[0].At, got[1].At)
	}

	if got, err := st.History(ctx, ref, 1); err != nil || len(got) != 1 || got[0].Editor != "ben" {
		t.Errorf("first 1: got %+v, %v; want ben's revision", got, err)
	}
	if _, err := st.History(ctx, ref, graph.MaxHistory+1); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("first over the maximum: got %v, want BAD_USER_INPUT", err)
	}

	deleted, err := st.Apply(ctx, graph.Changeset{Deletes: []graph.Ref{ref}, Editor: "ana"})
	if err != nil {
		t.Fatal(err)
	}
	got, err = st.History(ctx, ref, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Action != graph.RevisionDelete || got[0].Version != deleted.Version || got[0].Editor != "ana" {
		t.Fatalf("after delete: got %+v, want the delete first of 3", got)
	}
	// An entity without recorded writes has an empty history.
	if got, err := st.History(ctx, graph.Ref{Kind: graph.KindCity, ID: "nowhere"}, 5); err != nil || len(got) != 0 {
		t.Errorf("unknown entity: got %+v, %v; want an empty history", got, err)
	}
}

// Practices of other cities sharing themes rank by how many themes they share, and a
// practice of the same city is left out.
func TestRelatedPracticesShareThemesAcrossCities(t *testing.T) {
	ctx := context.Background()
	st := openWithCities(t)
	theme := func(id string) graph.Node {
		n := named(graph.KindTheme, id)
		n.Props["type"] = "policy-area"
		return n
	}
	link := func(rel, from string, toKind graph.Kind, to string) graph.Link {
		return graph.Link{Type: rel, From: graph.Ref{Kind: graph.KindPractice, ID: from}, To: graph.Ref{Kind: toKind, ID: to}, Provenance: testProv}
	}
	cs := graph.Changeset{Upserts: []graph.Node{theme("t1"), theme("t2"), theme("t3"),
		practice("home"), practice("same-city"), practice("two-shared"), practice("one-shared"), practice("unrelated")}}
	for _, l := range []struct{ p, city string }{{"home", "aa"}, {"same-city", "aa"}, {"two-shared", "bb"}, {"one-shared", "cc"}, {"unrelated", "bb"}} {
		cs.Links = append(cs.Links, link(graph.RelRunBy, l.p, graph.KindCity, l.city))
	}
	for _, l := range []struct{ p, theme string }{
		{"home", "t1"}, {"home", "t2"},
		{"same-city", "t1"}, {"same-city", "t2"},
		{"two-shared", "t1"}, {"two-shared", "t2"}, {"two-shared", "t3"},
		{"one-shared", "t2"},
		{"unrelated", "t3"},
	} {
		cs.Links = append(cs.Links, link(graph.RelHasTheme, l.p, graph.KindTheme, l.theme))
	}
	if _, err := st.Apply(ctx, cs); err != nil {
		t.Fatal(err)
	}
	got, err := st.RelatedPractices(ctx, "home", 5)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		ID     string
		Themes []string
	}
	var rows []row
	for _, rp := range got {
		r := row{ID: rp.Practice.ID}
		for _, th := range rp.Themes {
			r.Themes = append(r.Themes, th.ID)
		}
		rows = append(rows, r)
	}
	want := []row{{"two-shared", []string{"t1", "t2"}}, {"one-shared", []string{"t2"}}}
	if !reflect.DeepEqual(rows, want) {
		t.Fatalf("related to home:\n got %+v\nwant %+v", rows, want)
	}
	if got, err := st.RelatedPractices(ctx, "home", 1); err != nil || len(got) != 1 || got[0].Practice.ID != "two-shared" {
		t.Errorf("first 1: got %+v, %v", got, err)
	}
	var gerr *graph.Error
	if _, err := st.RelatedPractices(ctx, "no-such-practice", 5); !errors.As(err, &gerr) || gerr.Code != graph.ENOTFOUND {
		t.Errorf("unknown practice: got %v, want NOT_FOUND", err)
	}
}

// An import records one revision, named after the editor who ran it (or "import"),
// which the history of every entity it created or changed shows.
func TestHistoryShowsImports(t *testing.T) {
	ctx := context.Background()
	st := openWithCities(t)
	importNodes := func(ctx context.Context, nodes ...graph.Node) graph.ChangeResult {
		t.Helper()
		stg, err := st.BeginImport(ctx, graph.ImportOwner{Host: "test", PID: 1})
		if err != nil {
			t.Fatal(err)
		}
		if err := stg.StageNodes(ctx, nodes); err != nil {
			t.Fatal(err)
		}
		res, err := stg.Publish(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	first := importNodes(graph.WithEditorName(ctx, "Ana"), practice("imported"), practice("other"))
	changed := practice("imported")
	changed.Texts["summary"] = text("what it does now")
	second := importNodes(ctx, changed, practice("other")) // "other" is unchanged

	got, err := st.History(ctx, graph.Ref{Kind: graph.KindPractice, ID: "imported"}, 10)
	if err != nil {
		t.Fatal(err)
	}
	type rev struct {
		Version int64
		Editor  string
		Action  string
	}
	var short []rev
	for _, r := range got {
		if r.At.IsZero() {
			t.Errorf("revision %+v has no time", r)
		}
		short = append(short, rev{r.Version, r.Editor, r.Action})
	}
	want := []rev{{second.Version, "import", graph.RevisionUpdate}, {first.Version, "Ana", graph.RevisionCreate}}
	if !reflect.DeepEqual(short, want) {
		t.Fatalf("history of an imported practice:\n got %+v\nwant %+v", short, want)
	}
	got, err = st.History(ctx, graph.Ref{Kind: graph.KindPractice, ID: "other"}, 10)
	if err != nil || len(got) != 1 || got[0].Version != first.Version {
		t.Errorf("history of a practice the second import left unchanged: %+v, %v; want its creation alone", got, err)
	}
}
