package neo4jstore

import (
	"testing"

	"github.com/practicegraph/practicegraph/graph"
)

// The collaboration queries put these relationship types in Cypher text, so each must
// be a type of graph/kinds.go between a City and the kind's via node.
func TestCollabTiesFollowTheKindsTable(t *testing.T) {
	for _, kind := range graph.CollaborationKinds() {
		types, ok := collabTies[kind]
		if !ok || len(types) == 0 {
			t.Errorf("%s: no tie types", kind)
		}
		for _, typ := range types {
			cityFirst, ok1 := graph.RelOf(graph.KindCity, typ)
			viaFirst, ok2 := graph.RelOf(kind.Via(), typ)
			if !(ok1 && cityFirst.To == kind.Via()) && !(ok2 && viaFirst.To == graph.KindCity) {
				t.Errorf("%s: %s is not a relationship between City and %s", kind, typ, kind.Via())
			}
		}
	}
	if spec, ok := graph.RelOf(graph.KindEvent, partOf); !ok || spec.To != graph.KindEvent {
		t.Errorf("%s is not a relationship between events", partOf)
	}
}
