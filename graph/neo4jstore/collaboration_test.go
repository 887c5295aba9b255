package neo4jstore

import (
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
)

// The collaboration queries put these relationship types in Cypher text, so each must
// be a type of graph/kinds.go between a City and the kind's via node.
func TestCollabTiesFollowTheKindsTable(t *testing.T) {
	for _, kind := range graph.CollaborationKinds() {
		hops := collabTies(kind)
		if len(hops) == 0 {
			t.Errorf("%s: no tie types", kind)
		}
		for _, h := range hops {
			if h.Kind != kind.Via() || !h.Declared(graph.KindCity) {
				t.Errorf("%s: %s is not a relationship between City and %s", kind, h.Type, kind.Via())
			}
		}
	}
	if spec, ok := graph.RelOf(graph.KindEvent, partOf); !ok || spec.To != graph.KindEvent {
		t.Errorf("%s is not a relationship between events", partOf)
	}
}

// Every way a city reaches an event, held-in included, ties it to the event in the
// collaboration queries, in both halves.
func TestCollabQueriesFollowEventsOfCity(t *testing.T) {
	for _, want := range []string{
		"MATCH (c)<-[:" + graph.RelHeldIn + "]-(:Event)-[:" + graph.RelPartOf + "*0..]->(via:Event)",
		"MATCH (c)-[:" + graph.RelParticipatedIn + "]->(:Event)-[:" + graph.RelPartOf + "*0..]->(via:Event)",
		"MATCH (c)<-[:" + graph.RelOrganisedByCity + "]-(:Event)-[:" + graph.RelPartOf + "*0..]->(via:Event)",
		"MATCH (c)<-[:" + graph.RelAwardedTo + "]-(via:Grant)",
	} {
		if !strings.Contains(collabVias, want) {
			t.Errorf("collabVias lacks %q:\n%s", want, collabVias)
		}
	}
	for _, want := range []string{
		"MATCH (via)<-[:" + graph.RelPartOf + "*0..]-(:Event)-[r:" + graph.RelHeldIn + "]->(m:City) WHERE kind = 'EVENT'",
		"MATCH (via)<-[:" + graph.RelPartOf + "*0..]-(:Event)<-[r:" + graph.RelHosted + "]-(m:City) WHERE kind = 'EVENT'",
		"MATCH (via)<-[r:" + graph.RelMemberOf + "]-(m:City) WHERE kind = 'NETWORK'",
	} {
		if !strings.Contains(collabMembers, want) {
			t.Errorf("collabMembers lacks %q:\n%s", want, collabMembers)
		}
	}
}

// A city's tie to an event that shows in its collaboration is the most telling one:
// a role the source gives, then hosting or organising, then being the place, then
// taking part.
func TestTieRank(t *testing.T) {
	role := graph.Link{Type: graph.RelParticipatedIn, Texts: map[string]graph.Text{graph.LinkFieldRole: {Orig: "fr", Values: map[string]string{"fr": "hôte"}}}}
	hosted := graph.Link{Type: graph.RelHosted}
	organised := graph.Link{Type: graph.RelOrganisedByCity}
	held := graph.Link{Type: graph.RelHeldIn}
	took := graph.Link{Type: graph.RelParticipatedIn}
	for _, tt := range []struct {
		name          string
		first, second graph.Link
	}{
		{"a role before hosting", role, hosted},
		{"hosting before being the place", hosted, held},
		{"organising before being the place", organised, held},
		{"being the place before taking part", held, took},
	} {
		if !(tieRank(tt.first) < tieRank(tt.second)) {
			t.Errorf("%s: %s ranks %q, %s ranks %q", tt.name, tt.first.Type, tieRank(tt.first), tt.second.Type, tieRank(tt.second))
		}
	}
}
