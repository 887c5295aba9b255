package server_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/cli"
)

// cityPage is one page of the cities list, names in English.
type cityPage struct {
	Cities struct {
		TotalCount int
		PageInfo   struct {
			HasNextPage, HasPreviousPage bool
			StartCursor, EndCursor       string
		}
		Edges []struct{ Node struct{ ID string } }
	}
}

func (p cityPage) ids() []string {
	var out []string
	for _, e := range p.Cities.Edges {
		out = append(out, e.Node.ID)
	}
	return out
}

const citiesPage = `query($first: Int, $after: String, $last: Int, $before: String) {
  cities(first: $first, after: $after, last: $last, before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { id } }
  }
}`

// TestListsPageBothWaysByPosition: Relay's last/before page from the end, forward and
// backward pages meet, and a cursor keeps its place when a node is added before it.
func TestListsPageBothWaysByPosition(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	page := func(vars map[string]any) cityPage {
		t.Helper()
		var p cityPage
		ts.query(t, citiesPage, vars).decode(t, &p)
		return p
	}
	whole := page(map[string]any{"first": 100}).ids()
	if len(whole) < 20 {
		t.Fatalf("the seed has %d cities, want the report's dozens", len(whole))
	}

	last2 := page(map[string]any{"last": 2})
	if got, want := last2.ids(), whole[len(whole)-2:]; !slices.Equal(got, want) {
		t.Errorf("cities(last: 2) = %v, want the last two %v", got, want)
	}
	if !last2.Cities.PageInfo.HasPreviousPage || last2.Cities.PageInfo.HasNextPage || last2.Cities.TotalCount != len(whole) {
		t.Errorf("cities(last: 2) pageInfo = %+v, total %d; want a previous page, no next, total %d", last2.Cities.PageInfo, last2.Cities.TotalCount, len(whole))
	}

	// Backwards by sevens from the end reads the whole list.
	var back []string
	vars := map[string]any{"last": 7}
	for i := 0; ; i++ {
		p := page(vars)
		back = append(p.ids(), back...)
		if !p.Cities.PageInfo.HasPreviousPage {
			break
		}
		if i > len(whole) {
			t.Fatal("backward paging does not end")
		}
		vars = map[string]any{"last": 7, "before": p.Cities.PageInfo.StartCursor}
	}
	if !slices.Equal(back, whole) {
		t.Errorf("paging backwards read %v, want %v", back, whole)
	}

	// Forward then back from the middle.
	first := page(map[string]any{"first": 5})
	second := page(map[string]any{"first": 5, "after": first.Cities.PageInfo.EndCursor})
	if !slices.Equal(second.ids(), whole[5:10]) || !second.Cities.PageInfo.HasPreviousPage {
		t.Errorf("second page = %v (%+v), want %v with a previous page", second.ids(), second.Cities.PageInfo, whole[5:10])
	}
	again := page(map[string]any{"last": 5, "before": second.Cities.PageInfo.StartCursor})
	if !slices.Equal(again.ids(), whole[:5]) || !again.Cities.PageInfo.HasNextPage {
		t.Errorf("the page before the second = %v (%+v), want %v with a next page", again.ids(), again.Cities.PageInfo, whole[:5])
	}

	// A city added before the cursor does not shift the next page.
	ts.query(t, `mutation { createCity(input: {id: "aaa-paging-town", name: {orig: EN, en: "Aaa paging town", fr: "Aaa ville des pages"}, provenance: {source: "icc-coordinators-meeting-2023", section: "test"}}) { id } }`, nil, asEditor...).decode(t, &struct{}{})
	if now := page(map[string]any{"first": 1}).ids(); len(now) != 1 || now[0] != "aaa-paging-town" {
		t.Fatalf("first city after the create = %v, want aaa-paging-town", now)
	}
	if got := page(map[string]any{"first": 5, "after": first.Cities.PageInfo.EndCursor}).ids(); !slices.Equal(got, whole[5:10]) {
		t.Errorf("the page after a cursor, once a city was added before it = %v, want %v, as before", got, whole[5:10])
	}

	// first and last together, and a cursor of another list, are refused by name.
	for _, tt := range []struct {
		vars    map[string]any
		mention string
	}{
		{map[string]any{"first": 2, "last": 2}, "first or last"},
		{map[string]any{"last": 101}, "last"},
		{map[string]any{"first": 2, "after": "bm90IGEgY3Vyc29y"}, "after"},
	} {
		res := ts.query(t, citiesPage, tt.vars)
		if len(res.Errors) != 1 || res.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(res.Errors[0].Message, tt.mention) {
			t.Errorf("cities%v answered %+v, want BAD_USER_INPUT naming %s", tt.vars, res.Errors, tt.mention)
		}
	}
	var grants struct {
		Grants struct {
			Edges []struct{ Node struct{ ID string } }
		}
		All struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	ts.query(t, `{ grants(last: 1, orderBy: {field: YEAR, direction: DESC}) { edges { node { id } } }
	  all: grants(first: 100, orderBy: {field: YEAR, direction: DESC}) { edges { node { id } } } }`, nil).decode(t, &grants)
	if n := len(grants.All.Edges); n == 0 || len(grants.Grants.Edges) != 1 || grants.Grants.Edges[0].Node.ID != grants.All.Edges[n-1].Node.ID {
		t.Errorf("grants(last: 1) by year descending = %+v, want the last of %+v", grants.Grants.Edges, grants.All.Edges)
	}
}
