package neo4jstore

import (
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
)

func TestListCypherRefuses(t *testing.T) {
	for _, tt := range []struct {
		name    string
		q       graph.ListQuery
		mention string
	}{
		{"a kind without a list", graph.ListQuery{Kind: graph.KindSource, Order: "NAME"}, "no list"},
		{"an unknown filter", graph.ListQuery{Kind: graph.KindCity, Order: "NAME", Filters: map[string]any{"mayor": "x"}}, "country"},
		{"an unknown order", graph.ListQuery{Kind: graph.KindCity, Order: "POPULATION"}, "JOINED_YEAR, NAME"},
		{"a bad event type", graph.ListQuery{Kind: graph.KindEvent, Order: "NAME", Filters: map[string]any{"type": "party"}}, "meeting, session"},
		{"a bad practice status", graph.ListQuery{Kind: graph.KindPractice, Order: "NAME", Filters: map[string]any{"status": "dormant"}}, "planned, active, ended"},
		{"a bad language", graph.ListQuery{Kind: graph.KindPublication, Order: "TITLE", Filters: map[string]any{"language": "xx"}}, "fr, en"},
		{"a negative page", graph.ListQuery{Kind: graph.KindCity, Order: "NAME", Skip: -1}, "before the first"},
	} {
		_, _, err := listCypher(tt.q)
		if graph.ErrorCode(err) != graph.EINVALID || !strings.Contains(graph.ErrorMessage(err), tt.mention) {
			t.Errorf("%s: err = %v, want %s mentioning %q", tt.name, err, graph.EINVALID, tt.mention)
		}
	}
}

func TestListCypherParameters(t *testing.T) {
	cypher, params, err := listCypher(graph.ListQuery{Kind: graph.KindCity, Order: "NAME", Desc: true, Skip: 20, Limit: 10,
		Filters: map[string]any{"country": "spain' OR 1=1", "sizeBand": "small"}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(cypher, "spain") || params["country"] != "spain' OR 1=1" || params["skip"] != 20 || params["limit"] != 10 {
		t.Errorf("filter values must travel as parameters: %s %v", cypher, params)
	}
	for _, want := range []string{"MATCH (n:City)", "-[:" + graph.RelInCountry + "]->(:Country {id: $country})", "n.sizeBand = $sizeBand", "k DESC, n.id"} {
		if !strings.Contains(cypher, want) {
			t.Errorf("query lacks %q:\n%s", want, cypher)
		}
	}
}
