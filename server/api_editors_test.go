package server_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/cli"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/server"
)

const (
	anaToken = "ana-token-for-tests-0123"
	benToken = "ben-token-for-tests-4567"
)

// Each named editor's writes carry their name into the practice's history; the single
// PRACTICEGRAPH_EDITOR_TOKEN still works, as the editor named "editor"; a token that is
// no editor's writes nothing and is never echoed.
func TestNamedEditorsWritesShowInTheHistory(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) {
		c.EditorToken = editorToken
		c.Editors = []server.EditorCredential{{Name: "Ana", Token: anaToken}, {Name: "Ben", Token: benToken}}
	})
	as := func(token string) []string { return []string{"Authorization", "Bearer " + token} }
	provenance := map[string]any{"source": "icc-coordinators-meeting-2023", "section": "test"}

	var created struct{ CreatePractice struct{ ID string } }
	ts.query(t, createPractice, map[string]any{"input": welcomeWalks()}, as(anaToken)...).decode(t, &created)

	var read struct{ Practice struct{ Version int } }
	ts.query(t, `{ practice(id: "lublin-welcome-walks") { version } }`, nil).decode(t, &read)
	const update = `mutation($v: Int, $input: PracticeInput!) { updatePractice(id: "lublin-welcome-walks", expectedVersion: $v, input: $input) { version } }`
	var updated struct{ UpdatePractice struct{ Version int } }
	ts.query(t, update, map[string]any{"v": read.Practice.Version, "input": map[string]any{
		"startYear": 2025, "adaptedFrom": []string{"diversitours"}, "provenance": provenance,
	}}, as(benToken)...).decode(t, &updated)
	ts.query(t, update, map[string]any{"input": map[string]any{"similarTo": []string{"diversitours"}, "provenance": provenance}}, asEditor...).decode(t, &struct{}{})
	// Diversitours marked similar back: the pair is still listed once on each side.
	ts.query(t, `mutation { link(input: {from: {kind: PRACTICE, id: "diversitours"}, type: "`+graph.RelSimilarTo+`", to: {kind: PRACTICE, id: "lublin-welcome-walks"},
	  provenance: {source: "icc-coordinators-meeting-2023", section: "test"}}) { type } }`, nil, as(benToken)...).decode(t, &struct{}{})

	// Ana's stale version is refused and recorded nowhere.
	resp := ts.query(t, update, map[string]any{"v": read.Practice.Version, "input": map[string]any{"startYear": 1999, "provenance": provenance}}, as(anaToken)...)
	if errorCode(resp) != graph.ECONFLICT {
		t.Fatalf("stale update: %+v, want CONFLICT", resp.Errors)
	}
	resp = ts.query(t, update, map[string]any{"input": map[string]any{"startYear": 1999, "provenance": provenance}}, as("not-an-editor-token-999")...)
	if errorCode(resp) != graph.EUNAUTHENTICATED || strings.Contains(resp.Errors[0].Message, "not-an-editor-token") {
		t.Fatalf("unknown token: %+v, want UNAUTHENTICATED without the token", resp.Errors)
	}

	// editorName says whom a token signs in as.
	for _, tt := range []struct {
		headers []string
		want    *string
		code    string
	}{
		{as(anaToken), ptr("Ana"), ""},
		{asEditor, ptr(server.SingleEditorName), ""},
		{nil, nil, ""},
		{as("not-an-editor-token-999"), nil, graph.EUNAUTHENTICATED},
	} {
		resp := ts.query(t, `{ editorName }`, nil, tt.headers...)
		var got struct{ EditorName *string }
		if tt.code != "" {
			if errorCode(resp) != tt.code {
				t.Errorf("editorName with %v: %+v, want %s", tt.headers, resp.Errors, tt.code)
			}
			continue
		}
		resp.decode(t, &got)
		if (got.EditorName == nil) != (tt.want == nil) || (tt.want != nil && *got.EditorName != *tt.want) {
			t.Errorf("editorName with %v = %v, want %v", tt.headers, got.EditorName, tt.want)
		}
	}

	type revision struct {
		Editor, Action, At string
		Version            int
		Fields             []string
	}
	var got struct {
		Practice struct {
			UpdatedBy   string
			UpdatedAt   string
			History     []revision
			AdaptedFrom []struct {
				Practice struct{ ID string }
				Relation struct{ Type string }
			}
			SimilarTo []struct{ Practice struct{ ID string } }
		}
		History      []revision
		Diversitours struct {
			AdaptedBy []struct{ Practice struct{ ID string } }
			SimilarTo []struct{ Practice struct{ ID string } }
		}
	}
	const fields = `editor action at version fields`
	ts.query(t, `{
	  practice(id: "lublin-welcome-walks") {
	    updatedBy updatedAt history { `+fields+` }
	    adaptedFrom { practice { id } relation { type } } similarTo { practice { id } }
	  }
	  history(ref: {kind: PRACTICE, id: "lublin-welcome-walks"}) { `+fields+` }
	  diversitours: practice(id: "diversitours") { adaptedBy { practice { id } } similarTo { practice { id } } }
	}`, nil).decode(t, &got)

	h := got.Practice.History
	var short [][3]string
	for _, r := range h {
		short = append(short, [3]string{r.Editor, r.Action, strings.Join(r.Fields, ",")})
	}
	want := [][3]string{
		{"editor", graph.RevisionUpdate, graph.RelSimilarTo},
		{"Ben", graph.RevisionUpdate, graph.RelAdaptedFrom + ",startYear"},
		{"Ana", graph.RevisionCreate, graph.RelHasTheme + "," + graph.RelRunBy + ",name,startYear,summary"},
	}
	if !reflect.DeepEqual(short, want) {
		t.Fatalf("history = %v\nwant      %v", short, want)
	}
	if h[1].Version != updated.UpdatePractice.Version || h[0].Version <= h[1].Version || h[2].Version >= h[1].Version {
		t.Errorf("versions %d, %d, %d: want newest first, Ben's at %d", h[0].Version, h[1].Version, h[2].Version, updated.UpdatePractice.Version)
	}
	if got.Practice.UpdatedBy != "editor" || got.Practice.UpdatedAt != h[0].At || !strings.HasSuffix(h[0].At, "Z") {
		t.Errorf("updatedBy %q at %q, want the last revision's (%s, in UTC)", got.Practice.UpdatedBy, got.Practice.UpdatedAt, h[0].At)
	}
	if !reflect.DeepEqual(got.History, h) {
		t.Errorf("Query.history = %+v, want the practice's history", got.History)
	}
	if a := got.Practice.AdaptedFrom; len(a) != 1 || a[0].Practice.ID != "diversitours" || a[0].Relation.Type != graph.RelAdaptedFrom {
		t.Errorf("adaptedFrom = %+v, want diversitours", a)
	}
	if s := got.Practice.SimilarTo; len(s) != 1 || s[0].Practice.ID != "diversitours" {
		t.Errorf("similarTo = %+v, want diversitours", s)
	}
	if a := got.Diversitours.AdaptedBy; len(a) != 1 || a[0].Practice.ID != "lublin-welcome-walks" {
		t.Errorf("diversitours adaptedBy = %+v, want the new practice", a)
	}
	if s := got.Diversitours.SimilarTo; len(s) != 1 || s[0].Practice.ID != "lublin-welcome-walks" {
		t.Errorf("diversitours similarTo = %+v, want the new practice (either direction)", s)
	}

	// The seed is an import: its practices were created by the editor "import";
	var seed struct {
		Practice struct {
			UpdatedBy *string
			History   []revision
		}
	}
	// Ben's link from it came after.
	ts.query(t, `{ practice(id: "diversitours") { updatedBy history { editor action fields } } }`, nil).decode(t, &seed)
	h = seed.Practice.History
	if u := seed.Practice.UpdatedBy; u == nil || *u != "Ben" || len(h) != 2 ||
		h[0].Action != graph.RevisionLink || strings.Join(h[0].Fields, ",") != graph.RelSimilarTo ||
		h[1].Editor != "import" || h[1].Action != graph.RevisionCreate {
		t.Errorf("seed practice: updatedBy %v, history %+v; want Ben's link, then its creation by the import", u, h)
	}
}

// relatedPractices lists practices of other cities sharing themes, the most shared
// first, and none of a city that runs the practice.
func TestRelatedPracticesOfOtherCities(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	walks := welcomeWalks()
	walks["themes"] = []string{"interaction", "participation", "migrant-women"}
	ts.query(t, createPractice, map[string]any{"input": walks}, asEditor...).decode(t, &struct{}{})
	twin := welcomeWalks()
	twin["id"] = "bilbao-welcome-walks"
	twin["cities"] = []string{"bilbao"}
	twin["themes"] = []string{"interaction", "participation", "migrant-women"}
	ts.query(t, createPractice, map[string]any{"input": twin}, asEditor...).decode(t, &struct{}{})
	neighbour := welcomeWalks()
	neighbour["id"] = "lublin-other-walks"
	neighbour["themes"] = []string{"interaction", "participation"}
	ts.query(t, createPractice, map[string]any{"input": neighbour}, asEditor...).decode(t, &struct{}{})

	var got struct {
		Practice struct {
			Cities           []struct{ City struct{ ID string } }
			RelatedPractices []struct {
				Practice struct {
					ID     string
					Cities []struct{ City struct{ ID string } }
					Themes []struct{ ID string }
				}
				SharedThemes []struct{ ID string }
			}
		}
	}
	ts.query(t, `{ practice(id: "lublin-welcome-walks") { relatedPractices(first: 20) {
	  practice { id cities { city { id } } themes { id } } sharedThemes { id } } } }`, nil).decode(t, &got)
	rel := got.Practice.RelatedPractices
	if len(rel) < 2 || rel[0].Practice.ID != "bilbao-welcome-walks" {
		t.Fatalf("related = %+v, want the Bilbao twin first", rel)
	}
	if s := rel[0].SharedThemes; len(s) != 3 || s[0].ID != "interaction" || s[1].ID != "migrant-women" || s[2].ID != "participation" {
		t.Errorf("shared themes = %+v, want interaction, migrant-women and participation", s)
	}
	for i, r := range rel {
		for _, c := range r.Practice.Cities {
			if c.City.ID == "lublin" {
				t.Errorf("%s runs in Lublin, the practice's own city", r.Practice.ID)
			}
		}
		if len(r.SharedThemes) == 0 {
			t.Errorf("%s shares no theme", r.Practice.ID)
		}
		for _, th := range r.SharedThemes {
			if !slices.Contains(walks["themes"].([]string), th.ID) {
				t.Errorf("%s: shared theme %s is not the practice's", r.Practice.ID, th.ID)
			}
			if !slices.ContainsFunc(r.Practice.Themes, func(x struct{ ID string }) bool { return x.ID == th.ID }) {
				t.Errorf("%s: shared theme %s is not its own", r.Practice.ID, th.ID)
			}
		}
		if i > 0 && len(r.SharedThemes) > len(rel[i-1].SharedThemes) {
			t.Errorf("%s shares more themes than %s before it", r.Practice.ID, rel[i-1].Practice.ID)
		}
	}
	resp := ts.query(t, `{ practice(id: "lublin-welcome-walks") { relatedPractices(first: 21) { practice { id } } } }`, nil)
	if errorCode(resp) != graph.EINVALID {
		t.Errorf("first: 21 gave %+v, want BAD_USER_INPUT", resp.Errors)
	}
}

func ptr[T any](v T) *T { return &v }
