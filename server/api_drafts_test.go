package server_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/cli"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/server"
)

// A draft is seen by editors only: not by a lookup, a list, a count, a city's practices,
// search or the transfer ranking; publishing it makes it appear in every one of them.
func TestDraftsAreSeenByEditorsOnlyUntilPublished(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) {
		c.Editors = []server.EditorCredential{{Name: "Ana", Token: anaToken}, {Name: "Ben", Token: benToken}}
	})
	ana := []string{"Authorization", "Bearer " + anaToken}
	const id = "lublin-lantern-walks"
	draft := welcomeWalks()
	draft["id"] = id
	draft["name"] = map[string]any{"orig": "EN", "en": "Lantern walks", "fr": "Promenades aux lanternes"}
	draft["themes"] = []string{"interaction", "participation"}

	// What a reader sees, the draft's id aside.
	type view struct {
		Found     bool     // practice(id) answers
		Listed    bool     // in practices(filter: {city: lublin})
		Total     int      // practices' totalCount
		Stat      int      // stats totals for PRACTICE
		InCity    bool     // among lublin's practices
		SearchHit bool     // search finds it by a word of its name
		Candidate bool     // among the transfer candidates for Valencia
		Related   []string // practices related to Diversitours by theme
	}
	look := func(headers ...string) view {
		t.Helper()
		var v view
		resp := ts.query(t, `query($id: ID!) { practice(id: $id) { id } }`, map[string]any{"id": id}, headers...)
		v.Found = len(resp.Errors) == 0
		if !v.Found && errorCode(resp) != graph.ENOTFOUND {
			t.Fatalf("practice(%s): %+v", id, resp.Errors)
		}
		var got struct {
			Practices struct {
				TotalCount int
				Edges      []struct{ Node struct{ ID string } }
			}
			All   struct{ TotalCount int }
			Stats struct {
				Totals []struct {
					Key   string
					Count int
				}
			}
			City struct {
				Practices []struct{ Practice struct{ ID string } }
			}
			Search struct {
				Edges []struct{ Node struct{ ID string } }
			}
			TransferablePractices struct {
				Candidates []struct{ Practice struct{ ID string } }
			}
		}
		ts.query(t, `{
		  practices(filter: {city: "lublin"}, first: 100) { edges { node { id } } }
		  all: practices { totalCount }
		  stats { totals { key count } }
		  city(id: "lublin") { practices { practice { id } } }
		  search(query: "lantern", lang: EN, filter: {kinds: [PRACTICE]}) { edges { node { id } } }
		  transferablePractices(toCityId: "valencia", query: "lantern", lang: EN, first: 50) { candidates { practice { id } } }
		}`, nil, headers...).decode(t, &got)
		for _, e := range got.Practices.Edges {
			v.Listed = v.Listed || e.Node.ID == id
		}
		v.Total = got.All.TotalCount
		for _, c := range got.Stats.Totals {
			if c.Key == string(graph.KindPractice) || c.Key == "PRACTICE" {
				v.Stat = c.Count
			}
		}
		for _, p := range got.City.Practices {
			v.InCity = v.InCity || p.Practice.ID == id
		}
		for _, e := range got.Search.Edges {
			v.SearchHit = v.SearchHit || e.Node.ID == id
		}
		for _, c := range got.TransferablePractices.Candidates {
			v.Candidate = v.Candidate || c.Practice.ID == id
		}
		var rel struct {
			Practice struct {
				RelatedPractices []struct{ Practice struct{ ID string } }
			}
		}
		ts.query(t, `{ practice(id: "diversitours") { relatedPractices(first: 20) { practice { id } } } }`, nil, headers...).decode(t, &rel)
		for _, r := range rel.Practice.RelatedPractices {
			v.Related = append(v.Related, r.Practice.ID)
		}
		return v
	}
	before := look()
	if before.Stat == 0 || before.Total == 0 {
		t.Fatalf("before: %+v, want the seed's practices counted", before)
	}

	type saved struct {
		ID, UpdatedBy string
		Version       int
		Practice      struct{ Name struct{ Text string } }
		Lists         []struct {
			Type string
			Ids  []string
		}
	}
	const save = `mutation($input: PracticeInput!, $v: Int) { savePracticeDraft(input: $input, expectedVersion: $v) {
	  id version updatedBy practice { name { text(lang: EN) } } lists { type ids } } }`
	var first struct{ SavePracticeDraft saved }
	ts.query(t, save, map[string]any{"input": draft}, ana...).decode(t, &first)
	if d := first.SavePracticeDraft; d.ID != id || d.Version != 1 || d.UpdatedBy != "Ana" || d.Practice.Name.Text != "Lantern walks" {
		t.Fatalf("saved draft = %+v", d)
	}
	draft["startYear"] = 2025
	var second struct{ SavePracticeDraft saved }
	ts.query(t, save, map[string]any{"input": draft, "v": 1}, ana...).decode(t, &second)
	if second.SavePracticeDraft.Version != 2 {
		t.Fatalf("second save: version %d, want 2", second.SavePracticeDraft.Version)
	}
	if resp := ts.query(t, save, map[string]any{"input": draft, "v": 1}, ana...); errorCode(resp) != graph.ECONFLICT {
		t.Errorf("save of a stale draft: %+v, want CONFLICT", resp.Errors)
	}
	if resp := ts.query(t, createPractice, map[string]any{"input": draft}, ana...); errorCode(resp) != graph.ECONFLICT {
		t.Errorf("create of a drafted id: %+v, want CONFLICT", resp.Errors)
	}
	published := welcomeWalks()
	published["id"] = "diversitours"
	if resp := ts.query(t, save, map[string]any{"input": published}, ana...); errorCode(resp) != graph.ECONFLICT {
		t.Errorf("draft of a published practice's id: %+v, want CONFLICT", resp.Errors)
	}
	// A draft can be discarded: a second draft of another id, deleted, is gone; a stale
	// version, an unknown draft and an anonymous caller are refused.
	other := welcomeWalks()
	other["id"] = "lantern-walks-discarded"
	var kept struct{ SavePracticeDraft saved }
	ts.query(t, save, map[string]any{"input": other}, ana...).decode(t, &kept)
	const discard = `mutation($id: ID!, $v: Int) { deletePracticeDraft(id: $id, expectedVersion: $v) }`
	if resp := ts.query(t, discard, map[string]any{"id": "lantern-walks-discarded", "v": 7}, ana...); errorCode(resp) != graph.ECONFLICT {
		t.Errorf("discarding a draft at a stale version: %+v, want CONFLICT", resp.Errors)
	}
	if resp := ts.query(t, discard, map[string]any{"id": "lantern-walks-discarded"}); errorCode(resp) != graph.EUNAUTHENTICATED {
		t.Errorf("discarding without a token: %+v, want UNAUTHENTICATED", resp.Errors)
	}
	var gone struct{ DeletePracticeDraft string }
	ts.query(t, discard, map[string]any{"id": "lantern-walks-discarded", "v": kept.SavePracticeDraft.Version}, ana...).decode(t, &gone)
	if resp := ts.query(t, `{ practiceDraft(id: "lantern-walks-discarded") { id } }`, nil, ana...); len(resp.Errors) == 0 && !strings.Contains(string(resp.Data), "null") {
		t.Errorf("the discarded draft is still there: %s", resp.Data)
	}
	if resp := ts.query(t, discard, map[string]any{"id": "lantern-walks-discarded"}, ana...); errorCode(resp) != graph.ENOTFOUND {
		t.Errorf("discarding it again: %+v, want NOT_FOUND", resp.Errors)
	}

	anon := ts.query(t, `mutation($input: PracticeInput!) { savePracticeDraft(input: $input) { id } }`, map[string]any{"input": draft})
	if errorCode(anon) != graph.EUNAUTHENTICATED {
		t.Errorf("draft saved without a token: %+v, want UNAUTHENTICATED", anon.Errors)
	}

	// Readers, and editors reading the graph, see nothing of it.
	for name, headers := range map[string][]string{"anonymous": nil, "editor": ana} {
		if got := look(headers...); !(got.Total == before.Total && got.Stat == before.Stat && !got.Found && !got.Listed && !got.InCity && !got.SearchHit && !got.Candidate && slices.Equal(got.Related, before.Related)) {
			t.Errorf("%s while drafted: %+v, want what was there before (%+v)", name, got, before)
		}
	}
	const drafts = `{ practiceDrafts { id version lists { type ids } } }`
	if resp := ts.query(t, drafts, nil); errorCode(resp) != graph.EUNAUTHENTICATED {
		t.Errorf("practiceDrafts without a token: %+v, want UNAUTHENTICATED", resp.Errors)
	}
	var listed struct{ PracticeDrafts []saved }
	ts.query(t, drafts, nil, "Authorization", "Bearer "+benToken).decode(t, &listed)
	if len(listed.PracticeDrafts) != 1 || listed.PracticeDrafts[0].ID != id || listed.PracticeDrafts[0].Version != 2 {
		t.Fatalf("drafts for Ben = %+v, want Ana's at version 2", listed.PracticeDrafts)
	}
	lists := map[string][]string{}
	for _, l := range listed.PracticeDrafts[0].Lists {
		lists[l.Type] = l.Ids
	}
	if !slices.Equal(lists[graph.RelRunBy], []string{"lublin"}) || !slices.Equal(lists[graph.RelHasTheme], []string{"interaction", "participation"}) {
		t.Errorf("draft lists = %v", lists)
	}

	const publish = `mutation($v: Int) { publishPracticeDraft(id: "` + id + `", expectedVersion: $v) { id version startYear cities { city { id } } history { editor action } } }`
	if resp := ts.query(t, publish, map[string]any{"v": 1}, ana...); errorCode(resp) != graph.ECONFLICT {
		t.Errorf("publish of a stale draft: %+v, want CONFLICT", resp.Errors)
	}
	if got := look(); got.Found || got.Total != before.Total {
		t.Errorf("after a refused publish: %+v, want nothing published", got)
	}
	var pub struct {
		PublishPracticeDraft struct {
			ID        string
			StartYear int
			Cities    []struct{ City struct{ ID string } }
			History   []struct{ Editor, Action string }
		}
	}
	ts.query(t, publish, map[string]any{"v": 2}, "Authorization", "Bearer "+benToken).decode(t, &pub)
	p := pub.PublishPracticeDraft
	if p.ID != id || p.StartYear != 2025 || len(p.Cities) != 1 || p.Cities[0].City.ID != "lublin" ||
		len(p.History) != 1 || p.History[0].Editor != "Ben" || p.History[0].Action != graph.RevisionCreate {
		t.Errorf("published = %+v, want the draft's fields and links, created by Ben", p)
	}

	after := look()
	if !(after.Found && after.Listed && after.InCity && after.SearchHit && after.Candidate && after.Total == before.Total+1 && after.Stat == before.Stat+1 &&
		slices.Contains(after.Related, id)) {
		t.Errorf("after publishing: %+v, want it everywhere (before: %+v)", after, before)
	}
	ts.query(t, drafts, nil, ana...).decode(t, &listed)
	if len(listed.PracticeDrafts) != 0 {
		t.Errorf("drafts after publishing = %+v, want none", listed.PracticeDrafts)
	}
	if resp := ts.query(t, publish, map[string]any{"v": 2}, ana...); errorCode(resp) != graph.ENOTFOUND {
		t.Errorf("publishing again: %+v, want NOT_FOUND", resp.Errors)
	}
}
