package server_test

import (
	"context"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/cli"
	"github.com/practicegraph/practicegraph/graph"
)

const editorToken = "editor-secret-for-tests"

var asEditor = []string{"Authorization", "Bearer " + editorToken}

const createPractice = `mutation($input: PracticeInput!) {
  createPractice(input: $input) { id name { text(lang: EN) } cities { city { id } } themes { id } provenance { source { id } section } }
}`

func welcomeWalks() map[string]any {
	return map[string]any{
		"id":         "lublin-welcome-walks",
		"name":       map[string]any{"orig": "EN", "en": "Welcome walks", "fr": "Promenades de bienvenue"},
		"summary":    map[string]any{"orig": "EN", "en": "Newcomers walk the old town with long-time residents.", "fr": "Les nouveaux arrivants parcourent la vieille ville avec des habitants de longue date."},
		"startYear":  2024,
		"cities":     []string{"lublin"},
		"themes":     []string{"interaction"},
		"provenance": map[string]any{"source": "icc-coordinators-meeting-2023", "section": "test"},
	}
}

func graphVersion(t *testing.T, ts *testServer) int64 {
	t.Helper()
	v, err := ts.Store().Version(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func errorCode(r gqlResponse) string {
	if len(r.Errors) == 0 {
		return ""
	}
	code, _ := r.Errors[0].Extensions["code"].(string)
	return code
}

func TestMutationsNeedTheEditorToken(t *testing.T) {
	t.Run("no token configured: mutations are disabled", func(t *testing.T) {
		ts := startServer(t, nil)
		v := graphVersion(t, ts)
		resp := ts.query(t, createPractice, map[string]any{"input": welcomeWalks()}, asEditor...)
		if got := errorCode(resp); got != graph.EFORBIDDEN {
			t.Errorf("code = %q (%+v), want FORBIDDEN", got, resp.Errors)
		}
		if got := graphVersion(t, ts); got != v {
			t.Errorf("graph version %d → %d: a refused mutation wrote", v, got)
		}
	})
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	v := graphVersion(t, ts)
	for _, tt := range []struct {
		name    string
		headers []string
	}{
		{"missing token", nil},
		{"wrong token", []string{"Authorization", "Bearer guess"}},
		{"not a bearer token", []string{"Authorization", "Basic " + editorToken}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := ts.query(t, createPractice, map[string]any{"input": welcomeWalks()}, tt.headers...)
			if got := errorCode(resp); got != graph.EUNAUTHENTICATED {
				t.Errorf("code = %q (%+v), want UNAUTHENTICATED", got, resp.Errors)
			}
		})
	}
	if got := graphVersion(t, ts); got != v {
		t.Errorf("graph version %d → %d after refused mutations, want unchanged", v, got)
	}
	t.Run("right token", func(t *testing.T) {
		var got struct {
			CreatePractice struct {
				ID     string
				Name   struct{ Text string }
				Cities []struct{ City struct{ ID string } }
				Themes []struct{ ID string }
			}
		}
		ts.query(t, createPractice, map[string]any{"input": welcomeWalks()}, asEditor...).decode(t, &got)
		if p := got.CreatePractice; p.ID != "lublin-welcome-walks" || p.Name.Text != "Welcome walks" ||
			len(p.Cities) != 1 || p.Cities[0].City.ID != "lublin" || len(p.Themes) != 1 || p.Themes[0].ID != "interaction" {
			t.Errorf("created = %+v", p)
		}
	})
}

func TestMutationIsSeenByQueriesAndSearch(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	// The same searches before the writes: the results the index keeps must not outlive them.
	hasWalks := func(q, lang string) bool {
		for _, e := range ts.search(t, map[string]any{"q": q, "lang": lang}).Search.Edges {
			if e.Node.ID == "lublin-welcome-walks" {
				return true
			}
		}
		return false
	}
	if hasWalks("promenades de bienvenue", "FR") || hasWalks("strolls", "EN") {
		t.Fatal("search finds lublin-welcome-walks before it is created")
	}
	ts.query(t, createPractice, map[string]any{"input": welcomeWalks()}, asEditor...).decode(t, &struct{}{})

	var city struct {
		City struct {
			Practices []struct{ Practice struct{ ID string } }
		}
	}
	ts.query(t, `{ city(id: "lublin") { practices { practice { id } } } }`, nil).decode(t, &city)
	found := false
	for _, p := range city.City.Practices {
		found = found || p.Practice.ID == "lublin-welcome-walks"
	}
	if !found {
		t.Errorf("Lublin's practices = %+v, want the new one", city.City.Practices)
	}
	if got := ts.search(t, map[string]any{"q": "promenades de bienvenue", "lang": "FR"}); len(got.Search.Edges) == 0 || got.Search.Edges[0].Node.ID != "lublin-welcome-walks" {
		t.Errorf("search right after the mutation = %+v, want the new practice first", got.Search.Edges)
	}

	// An update replaces the name; search follows.
	upd := `mutation { updatePractice(id: "lublin-welcome-walks", input: {name: {orig: EN, en: "Old town welcome strolls", fr: "Flâneries d'accueil"}, provenance: {source: "icc-coordinators-meeting-2023", section: "test 2"}}) { name { text(lang: EN) } summary { text(lang: EN) } provenance { section } } }`
	var updated struct {
		UpdatePractice struct {
			Name, Summary struct{ Text string }
			Provenance    struct{ Section string }
		}
	}
	ts.query(t, upd, nil, asEditor...).decode(t, &updated)
	if u := updated.UpdatePractice; u.Name.Text != "Old town welcome strolls" || !strings.HasPrefix(u.Summary.Text, "Newcomers walk") || u.Provenance.Section != "test 2" {
		t.Errorf("after update = %+v, want the new name, the summary kept and the new section", u)
	}
	if got := ts.search(t, map[string]any{"q": "strolls", "lang": "EN"}); len(got.Search.Edges) == 0 || got.Search.Edges[0].Node.ID != "lublin-welcome-walks" {
		t.Errorf("search for the new name = %+v", got.Search.Edges)
	}

	// Link, unlink.
	link := `mutation { link(input: {from: {kind: PRACTICE, id: "lublin-welcome-walks"}, type: "` + graph.RelAdoptedBy + `", to: {kind: CITY, id: "wroclaw"}, since: 2025, provenance: {source: "icc-coordinators-meeting-2023", section: "test"}}) { type since } }`
	var linked struct {
		Link struct {
			Type  string
			Since int
		}
	}
	ts.query(t, link, nil, asEditor...).decode(t, &linked)
	if linked.Link.Type != graph.RelAdoptedBy || linked.Link.Since != 2025 {
		t.Errorf("link = %+v", linked.Link)
	}
	unlink := `mutation { unlink(from: {kind: PRACTICE, id: "lublin-welcome-walks"}, type: "` + graph.RelAdoptedBy + `", to: {kind: CITY, id: "wroclaw"}) }`
	for _, want := range []bool{true, false} {
		var got struct{ Unlink bool }
		ts.query(t, unlink, nil, asEditor...).decode(t, &got)
		if got.Unlink != want {
			t.Errorf("unlink = %v, want %v", got.Unlink, want)
		}
	}

	// An assessment statement joins the practice's peer assessment.
	assess := `mutation { createAssessment(practiceId: "lublin-welcome-walks", input: {kind: "obstacle", statement: {orig: EN, en: "Hard to find volunteer guides in winter", fr: "Difficile de trouver des guides bénévoles en hiver"}, appliesToSizeBand: "small", provenance: {source: "icc-coordinators-meeting-2023", section: "test"}}) { id practice { id } } }`
	var a struct {
		CreateAssessment struct {
			ID       string
			Practice struct{ ID string }
		}
	}
	ts.query(t, assess, nil, asEditor...).decode(t, &a)
	if a.CreateAssessment.Practice.ID != "lublin-welcome-walks" || a.CreateAssessment.ID == "" {
		t.Errorf("assessment = %+v", a.CreateAssessment)
	}

	// Delete: gone from the graph and from search.
	var del struct{ DeleteEntity bool }
	ts.query(t, `mutation { deleteEntity(ref: {kind: PRACTICE, id: "lublin-welcome-walks"}) }`, nil, asEditor...).decode(t, &del)
	if resp := ts.query(t, `{ practice(id: "lublin-welcome-walks") { id } }`, nil); errorCode(resp) != graph.ENOTFOUND {
		t.Errorf("practice after delete: %+v, want NOT_FOUND", resp.Errors)
	}
	if got := ts.search(t, map[string]any{"q": "strolls", "lang": "EN"}); len(got.Search.Edges) > 0 && got.Search.Edges[0].Node.ID == "lublin-welcome-walks" {
		t.Errorf("search after delete still finds the practice")
	}
}

func TestMutationInputIsValidatedFirst(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	v := graphVersion(t, ts)
	with := func(change func(map[string]any)) map[string]any {
		in := welcomeWalks()
		change(in)
		return in
	}
	for _, tt := range []struct {
		name, want string
		input      map[string]any
	}{
		{"missing original", "name: the original (en) text is missing", with(func(in map[string]any) {
			in["name"] = map[string]any{"orig": "EN", "fr": "Promenades"}
		})},
		{"unknown city", `unknown City "atlantis"`, with(func(in map[string]any) { in["cities"] = []string{"atlantis"} })},
		{"bad status", "status: want one of planned, active, ended", with(func(in map[string]any) { in["status"] = "thriving" })},
		{"unknown source", `unknown Source "hearsay"`, with(func(in map[string]any) {
			in["provenance"] = map[string]any{"source": "hearsay", "section": "x"}
		})},
		{"missing name", "name: missing", with(func(in map[string]any) { delete(in, "name") })},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := ts.query(t, createPractice, map[string]any{"input": tt.input}, asEditor...)
			if errorCode(resp) != graph.EINVALID || !strings.Contains(resp.Errors[0].Message, tt.want) {
				t.Errorf("errors = %+v, want BAD_USER_INPUT saying %q", resp.Errors, tt.want)
			}
		})
	}
	// Create is create: an id that exists is a conflict, not an update.
	resp := ts.query(t, createPractice, map[string]any{"input": with(func(in map[string]any) { in["id"] = "diversitours" })}, asEditor...)
	if errorCode(resp) != graph.ECONFLICT || !strings.Contains(resp.Errors[0].Message, `Practice "diversitours" already exists`) {
		t.Errorf("create of an existing id: errors = %+v, want CONFLICT saying it already exists", resp.Errors)
	}
	if got := graphVersion(t, ts); got != v {
		t.Errorf("graph version %d → %d after invalid mutations, want nothing written", v, got)
	}
	resp = ts.query(t, `mutation { link(input: {from: {kind: PRACTICE, id: "diversitours"}, type: "`+graph.RelAwardedTo+`", to: {kind: CITY, id: "bilbao"}, provenance: {source: "icc-coordinators-meeting-2023", section: "x"}}) { type } }`, nil, asEditor...)
	if errorCode(resp) != graph.EINVALID {
		t.Errorf("link of a type Practice does not have: %+v, want BAD_USER_INPUT", resp.Errors)
	}
}

// TestEventMutationKeepsEveryCityItWasHeldIn: an event may be held in several cities (the
// Cypriot mayors' study visit was held in Barcelona and Santa Coloma de Gramenet), so
// createEvent and updateEvent take the final list of places, like the other link lists.
func TestEventMutationKeepsEveryCityItWasHeldIn(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	const fields = `id cities { city { id } relation { type } } city { id }`
	type event struct {
		ID     string
		Cities []struct {
			City     struct{ ID string }
			Relation struct{ Type string }
		}
		City *struct{ ID string }
	}
	// places returns the ids of the cities the event was held in, in the API's order.
	places := func(e event) []string {
		var out []string
		for _, c := range e.Cities {
			if c.Relation.Type == graph.RelHeldIn {
				out = append(out, c.City.ID)
			}
		}
		sort.Strings(out)
		return out
	}
	want := []string{"barcelona", "santa-coloma-de-gramenet"}
	provenance := map[string]any{"source": "icc-coordinators-meeting-2023", "section": "test"}

	var created struct{ CreateEvent event }
	ts.query(t, `mutation($input: EventInput!) { createEvent(input: $input) { `+fields+` } }`, map[string]any{"input": map[string]any{
		"id":         "test-two-city-study-visit",
		"name":       map[string]any{"orig": "EN", "en": "Two-city study visit", "fr": "Visite d'étude dans deux villes"},
		"type":       "study-visit",
		"startDate":  "2025-03-10",
		"cities":     want,
		"provenance": provenance,
	}}, asEditor...).decode(t, &created)
	if got := places(created.CreateEvent); !slices.Equal(got, want) {
		t.Errorf("places after create = %v, want %v", got, want)
	}

	// Both cities reach the event.
	for _, city := range want {
		var c struct {
			City struct {
				Events []struct{ Event struct{ ID string } }
			}
		}
		ts.query(t, `query($id: ID!) { city(id: $id) { events { event { id } } } }`, map[string]any{"id": city}).decode(t, &c)
		found := false
		for _, e := range c.City.Events {
			found = found || e.Event.ID == "test-two-city-study-visit"
		}
		if !found {
			t.Errorf("%s's events = %+v, want the new event", city, c.City.Events)
		}
	}

	update := `mutation($input: EventInput!) { updateEvent(id: "test-two-city-study-visit", input: $input) { ` + fields + ` } }`
	// Re-stating the same places keeps both; an update that leaves cities out keeps them too.
	for _, input := range []map[string]any{
		{"cities": want, "provenance": provenance},
		{"venue": map[string]any{"orig": "EN", "en": "Town hall", "fr": "Hôtel de ville"}, "provenance": provenance},
	} {
		var updated struct{ UpdateEvent event }
		ts.query(t, update, map[string]any{"input": input}, asEditor...).decode(t, &updated)
		if got := places(updated.UpdateEvent); !slices.Equal(got, want) {
			t.Errorf("places after updating %v = %v, want %v", input, got, want)
		}
	}

	// A given list is the final list: one city left.
	var narrowed struct{ UpdateEvent event }
	ts.query(t, update, map[string]any{"input": map[string]any{"cities": []string{"barcelona"}, "provenance": provenance}}, asEditor...).decode(t, &narrowed)
	if got := places(narrowed.UpdateEvent); !slices.Equal(got, []string{"barcelona"}) {
		t.Errorf("places after narrowing to Barcelona = %v, want [barcelona]", got)
	}
	if c := narrowed.UpdateEvent.City; c == nil || c.ID != "barcelona" {
		t.Errorf("deprecated Event.city = %+v, want barcelona", c)
	}
}
