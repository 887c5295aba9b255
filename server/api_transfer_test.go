package server_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/cli"
	"github.com/practicegraph/practicegraph/graph"
)

type describedRanking struct {
	TransferablePractices struct {
		City       *struct{ ID string }
		CityName   string
		Country    *struct{ ID string }
		SizeBand   *string
		Candidates []struct {
			Practice     struct{ ID string }
			Score        float64
			ScorePercent int
			Band         string
			Reasons      []struct {
				Code   string
				Detail string
			}
		}
	}
}

const describedTransferQuery = `query($id: ID, $city: CityDescriptionInput) {
  transferablePractices(toCityId: $id, toCity: $city, lang: EN, first: 50) {
    city { id } cityName country { id } sizeBand
    candidates { practice { id } score scorePercent band reasons { code detail(lang: EN) } }
  }
}`

// TestTransferToADescribedCity: a small Portuguese city the graph does not hold, described
// by the reader, gets a Portuguese small city's practice ranked for the same reasons, and
// with the same score, as a small Portuguese city of the graph does.
func TestTransferToADescribedCity(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	ts.query(t, `mutation { createSource(input: {id: "transfer-described", title: {orig: EN, en: "Described cities test", fr: "Test des villes décrites"}, section: "All"}) { id } }`, nil, asEditor...).decode(t, &struct{}{})
	for _, id := range []string{"braga-test", "tavira-known"} {
		ts.query(t, `mutation($id: ID!, $name: String!) { createCity(input: {id: $id, name: {orig: EN, en: $name, fr: $name}, sizeBand: "small", country: "portugal", provenance: {source: "transfer-described", section: "All"}}) { id } }`,
			map[string]any{"id": id, "name": id}, asEditor...).decode(t, &struct{}{})
	}
	ts.query(t, createPractice, map[string]any{"input": map[string]any{
		"id": "braga-neighbour-cafes", "name": map[string]any{"orig": "EN", "en": "Neighbour cafés", "fr": "Cafés de voisins"},
		"summary": map[string]any{"orig": "EN", "en": "Neighbours meet over coffee.", "fr": "Les voisins se retrouvent autour d’un café."},
		"cities":  []string{"braga-test"}, "provenance": map[string]any{"source": "transfer-described", "section": "All"},
	}}, asEditor...).decode(t, &struct{}{})

	rank := func(vars map[string]any) describedRanking {
		t.Helper()
		var got describedRanking
		ts.query(t, describedTransferQuery, vars).decode(t, &got)
		return got
	}
	described := rank(map[string]any{"city": map[string]any{"name": "Tavira", "country": "PORTUGAL", "population": 28000}})
	known := rank(map[string]any{"id": "tavira-known"})

	d := described.TransferablePractices
	if d.City != nil || d.CityName != "Tavira" || d.Country == nil || d.Country.ID != "portugal" || d.SizeBand == nil || *d.SizeBand != "small" {
		t.Errorf("described target: city %v, name %q, country %v, size band %v; want no city, Tavira, portugal, small", d.City, d.CityName, d.Country, d.SizeBand)
	}
	if k := known.TransferablePractices; k.City == nil || k.City.ID != "tavira-known" {
		t.Errorf("known target: city %v, want tavira-known", k.City)
	}
	type found struct {
		codes   []string
		score   float64
		percent int
		band    string
		details []string
	}
	pick := func(r describedRanking) found {
		for _, c := range r.TransferablePractices.Candidates {
			if c.Practice.ID == "braga-neighbour-cafes" {
				f := found{score: c.Score, percent: c.ScorePercent, band: c.Band}
				for _, x := range c.Reasons {
					f.codes = append(f.codes, x.Code)
					f.details = append(f.details, x.Detail)
				}
				return f
			}
		}
		t.Fatalf("braga-neighbour-cafes is not ranked: %+v", r)
		return found{}
	}
	got, want := pick(described), pick(known)
	if wantCodes := []string{"SAME_COUNTRY", "SAME_SIZE_BAND", "NO_PEER_ASSESSMENT"}; !reflect.DeepEqual(got.codes, wantCodes) {
		t.Errorf("reasons for the described city = %v, want %v", got.codes, wantCodes)
	}
	if !reflect.DeepEqual(got.codes, want.codes) || got.score != want.score || got.percent != want.percent || got.band != want.band {
		t.Errorf("described city: %+v; known city of the same country and size: %+v; want the same", got, want)
	}
	// Two of the no-query weights (0.10 each, scaled by 1/0.55): 36 %, a good match.
	if got.percent != 36 || got.band != "good" {
		t.Errorf("score %v = %d %%, %q; want 36 %%, good", got.score, got.percent, got.band)
	}
	if !strings.Contains(got.details[0], "Tavira") || got.details[2] != "no peer assessment recorded yet" {
		t.Errorf("reasons in words = %q, want them to name Tavira and say no peer assessment is recorded yet", got.details)
	}

	for _, tc := range []struct {
		name string
		vars map[string]any
		want []string // words the message must hold
	}{
		{"both", map[string]any{"id": "tavira-known", "city": map[string]any{"name": "Tavira"}}, []string{"toCityId", "toCity"}},
		{"neither", map[string]any{}, []string{"toCityId", "toCity"}},
		{"unknown country", map[string]any{"city": map[string]any{"name": "Tavira", "country": "Atlantis"}}, []string{"toCity.country", "Atlantis"}},
		{"size and population", map[string]any{"city": map[string]any{"name": "Tavira", "sizeBand": "small", "population": 28000}}, []string{"sizeBand", "population"}},
		{"bad size band", map[string]any{"city": map[string]any{"name": "Tavira", "sizeBand": "tiny"}}, []string{"toCity.sizeBand", "tiny"}},
		{"unknown network", map[string]any{"city": map[string]any{"name": "Tavira", "networks": []string{"no-such-network"}}}, []string{"toCity.networks", "no-such-network"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp := ts.query(t, describedTransferQuery, tc.vars)
			if got := errorCode(resp); got != graph.EINVALID {
				t.Fatalf("code = %q (%+v), want BAD_USER_INPUT", got, resp.Errors)
			}
			for _, w := range tc.want {
				if !strings.Contains(resp.Errors[0].Message, w) {
					t.Errorf("message %q does not name %q", resp.Errors[0].Message, w)
				}
			}
		})
	}
}
