package server_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"testing"

	"github.com/practicegraph/practicegraph/cli"
	"github.com/practicegraph/practicegraph/graph"
)

// post sends one GraphQL request as an editor; safe to call from many goroutines.
func (ts *testServer) post(q string, vars map[string]any) (gqlResponse, error) {
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(asEditor[0], asEditor[1])
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return gqlResponse{}, err
	}
	defer resp.Body.Close()
	var out gqlResponse
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return gqlResponse{}, fmt.Errorf("decode response (HTTP %d): %w", resp.StatusCode, err)
	}
	return out, nil
}

const practiceCities = `{ practice(id: "lublin-welcome-walks") { cities { city { id } } } }`

func cityIDs(t *testing.T, ts *testServer) []string {
	t.Helper()
	var got struct {
		Practice struct {
			Cities []struct{ City struct{ ID string } }
		}
	}
	ts.query(t, practiceCities, nil).decode(t, &got)
	ids := []string{}
	for _, c := range got.Practice.Cities {
		ids = append(ids, c.City.ID)
	}
	sort.Strings(ids)
	return ids
}

// A list given to an update is the final list: links it keeps stay, links it drops go,
// and a relationship field it does not give is left alone.
func TestUpdateListsMeanTheFinalState(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	in := welcomeWalks()
	in["cities"] = []string{"bilbao"}
	ts.query(t, createPractice, map[string]any{"input": in}, asEditor...).decode(t, &struct{}{})

	update := `mutation($input: PracticeInput!) { updatePractice(id: "lublin-welcome-walks", input: $input) { id } }`
	prov := map[string]any{"source": "icc-coordinators-meeting-2023", "section": "test"}
	for _, step := range []struct {
		cities []string
		want   string
	}{
		{[]string{"bilbao", "lublin"}, "[bilbao lublin]"},
		{[]string{"lublin"}, "[lublin]"},
		{[]string{"lublin"}, "[lublin]"},
		{nil, "[lublin]"}, // cities not given: left alone
		{[]string{}, "[]"},
	} {
		input := map[string]any{"provenance": prov}
		if step.cities != nil {
			input["cities"] = step.cities
		}
		ts.query(t, update, map[string]any{"input": input}, asEditor...).decode(t, &struct{}{})
		if got := fmt.Sprint(cityIDs(t, ts)); got != step.want {
			t.Errorf("after updatePractice(cities: %v): cities = %s, want %s", step.cities, got, step.want)
		}
	}

	// Re-stating a city's country while changing its population keeps the country.
	var city struct {
		UpdateCity struct {
			Population int
			Country    struct{ ID string }
		}
	}
	ts.query(t, `mutation { updateCity(id: "bilbao", input: {population: 1000, country: "spain", provenance: {source: "icc-coordinators-meeting-2023", section: "test"}}) { population country { id } } }`,
		nil, asEditor...).decode(t, &city)
	if city.UpdateCity.Population != 1000 || city.UpdateCity.Country.ID != "spain" {
		t.Errorf("updateCity(population: 1000, country: spain) = %+v, want population 1000 in spain", city.UpdateCity)
	}
}

// Of simultaneous creates of one id exactly one succeeds; the others get CONFLICT and
// the winner's content stands.
func TestSimultaneousCreatesOfOneIDOneWins(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	const n = 8
	var wg sync.WaitGroup
	codes := make([]string, n)
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := welcomeWalks()
			in["startYear"] = 2000 + i
			resp, err := ts.post(createPractice, map[string]any{"input": in})
			codes[i], errs[i] = errorCode(resp), err
		}()
	}
	wg.Wait()
	won, conflicts := -1, 0
	for i := range n {
		switch {
		case errs[i] != nil:
			t.Errorf("create #%d: %v", i, errs[i])
		case codes[i] == "":
			if won >= 0 {
				t.Errorf("creates #%d and #%d both succeeded", won, i)
			}
			won = i
		case codes[i] == graph.ECONFLICT:
			conflicts++
		default:
			t.Errorf("create #%d: code %s, want success or CONFLICT", i, codes[i])
		}
	}
	if won < 0 || conflicts != n-1 {
		t.Fatalf("%d of %d simultaneous creates got CONFLICT, winner #%d; want exactly one winner", conflicts, n, won)
	}
	var got struct{ Practice struct{ StartYear int } }
	ts.query(t, `{ practice(id: "lublin-welcome-walks") { startYear } }`, nil).decode(t, &got)
	if got.Practice.StartYear != 2000+won {
		t.Errorf("stored startYear = %d, want the winner's %d", got.Practice.StartYear, 2000+won)
	}
}

// An update racing a delete never brings the entity back: either the update commits
// first and the delete removes it, or the delete commits first and the update is
// NOT_FOUND.
func TestUpdateRacingDeleteNeverResurrects(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	const pairs = 6
	ids := make([]string, pairs)
	for i := range pairs {
		ids[i] = fmt.Sprintf("race-%d", i)
		in := welcomeWalks()
		in["id"] = ids[i]
		ts.query(t, createPractice, map[string]any{"input": in}, asEditor...).decode(t, &struct{}{})
	}
	type result struct {
		code string
		err  error
	}
	updates, deletes := make([]result, pairs), make([]result, pairs)
	var wg sync.WaitGroup
	for i := range pairs {
		wg.Add(2)
		go func() {
			defer wg.Done()
			resp, err := ts.post(`mutation($id: ID!) { updatePractice(id: $id, input: {startYear: 1999, cities: ["bilbao"], provenance: {source: "icc-coordinators-meeting-2023", section: "race"}}) { id } }`,
				map[string]any{"id": ids[i]})
			updates[i] = result{errorCode(resp), err}
		}()
		go func() {
			defer wg.Done()
			resp, err := ts.post(`mutation($id: ID!) { deleteEntity(ref: {kind: PRACTICE, id: $id}) }`, map[string]any{"id": ids[i]})
			deletes[i] = result{errorCode(resp), err}
		}()
	}
	wg.Wait()
	resurrected := 0
	for i := range pairs {
		if updates[i].err != nil || deletes[i].err != nil {
			t.Fatalf("pair %d: update %v, delete %v", i, updates[i].err, deletes[i].err)
		}
		if deletes[i].code != "" {
			t.Errorf("pair %d: delete code %s, want success", i, deletes[i].code)
		}
		if c := updates[i].code; c != "" && c != graph.ENOTFOUND {
			t.Errorf("pair %d: update code %s, want success or NOT_FOUND", i, c)
		}
		if resp := ts.query(t, `query($id: ID!) { practice(id: $id) { id } }`, map[string]any{"id": ids[i]}); errorCode(resp) != graph.ENOTFOUND {
			resurrected++
		}
	}
	if resurrected > 0 {
		t.Errorf("%d of %d deleted practices came back after an update raced their delete", resurrected, pairs)
	}
}

// An update that states the version it read is refused with CONFLICT when the entity
// changed since, and writes nothing.
func TestUpdateWithAStaleVersionIsAConflict(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	var read struct{ Practice struct{ Version int } }
	ts.query(t, `{ practice(id: "diversitours") { version } }`, nil).decode(t, &read)
	if read.Practice.Version < 1 {
		t.Fatalf("practice version = %d, want a graph version", read.Practice.Version)
	}
	update := `mutation($v: Int, $year: Int) { updatePractice(id: "diversitours", expectedVersion: $v, input: {startYear: $year, provenance: {source: "icc-coordinators-meeting-2023", section: "test"}}) { version startYear } }`
	var first struct {
		UpdatePractice struct{ Version, StartYear int }
	}
	ts.query(t, update, map[string]any{"v": read.Practice.Version, "year": 2001}, asEditor...).decode(t, &first)
	if first.UpdatePractice.StartYear != 2001 || first.UpdatePractice.Version <= read.Practice.Version {
		t.Errorf("update at the version read = %+v, want startYear 2001 and a newer version than %d", first.UpdatePractice, read.Practice.Version)
	}

	v := graphVersion(t, ts)
	resp := ts.query(t, update, map[string]any{"v": read.Practice.Version, "year": 2002}, asEditor...)
	if errorCode(resp) != graph.ECONFLICT {
		t.Errorf("update at a stale version: errors = %+v, want CONFLICT", resp.Errors)
	}
	if got := graphVersion(t, ts); got != v {
		t.Errorf("graph version %d → %d after a refused update, want nothing written", v, got)
	}
	var now struct{ Practice struct{ StartYear int } }
	ts.query(t, `{ practice(id: "diversitours") { startYear } }`, nil).decode(t, &now)
	if now.Practice.StartYear != 2001 {
		t.Errorf("startYear = %d after the refused update, want 2001 kept", now.Practice.StartYear)
	}
}

// The link mutation checks that both ends exist, its source included.
func TestLinkFromAMissingEntityIsRefused(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	v := graphVersion(t, ts)
	resp := ts.query(t, `mutation { link(input: {from: {kind: PRACTICE, id: "no-such-practice"}, type: "`+graph.RelRunBy+`", to: {kind: CITY, id: "bilbao"}, provenance: {source: "icc-coordinators-meeting-2023", section: "x"}}) { type } }`, nil, asEditor...)
	if errorCode(resp) != graph.EINVALID || !bytes.Contains([]byte(resp.Errors[0].Message), []byte(`unknown Practice "no-such-practice"`)) {
		t.Errorf("link from a missing practice: errors = %+v, want BAD_USER_INPUT naming it", resp.Errors)
	}
	if got := graphVersion(t, ts); got != v {
		t.Errorf("graph version %d → %d after a refused link, want nothing written", v, got)
	}
}

// When the search index cannot take a committed write, the mutation still succeeds and
// says that search lags.
func TestMutationWarnsWhenSearchLags(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	if err := ts.svc.Index.Close(); err != nil {
		t.Fatal(err)
	}
	resp := ts.query(t, createPractice, map[string]any{"input": welcomeWalks()}, asEditor...)
	var got struct{ CreatePractice struct{ ID string } }
	resp.decode(t, &got)
	if got.CreatePractice.ID != "lublin-welcome-walks" {
		t.Errorf("created = %+v, want the practice", got.CreatePractice)
	}
	warnings, _ := resp.Extensions["warnings"].([]any)
	if len(warnings) != 1 {
		t.Fatalf("extensions = %v, want one warning", resp.Extensions)
	}
	if w, _ := warnings[0].(map[string]any); w["code"] != "SEARCH_LAGGING" || w["message"] == "" {
		t.Errorf("warning = %v, want code SEARCH_LAGGING with a message", w)
	}
	if resp := ts.query(t, `{ practice(id: "lublin-welcome-walks") { id } }`, nil); len(resp.Errors) > 0 {
		t.Errorf("practice after the lagging write: %+v, want it committed", resp.Errors)
	}
}
