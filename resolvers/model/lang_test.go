package model

import (
	"testing"

	"github.com/practicegraph/practicegraph/graph"
)

func TestEntityKindRoundTrip(t *testing.T) {
	for _, k := range graph.Kinds() {
		ek := EntityKindOf(k.Kind)
		if !ek.IsValid() {
			t.Errorf("EntityKindOf(%s) = %s, not a value of the GraphQL enum", k.Kind, ek)
		}
		if got := ek.KindOf(); got != k.Kind {
			t.Errorf("%s.KindOf() = %s, want %s", ek, got, k.Kind)
		}
		if Wrap(graph.Node{Kind: k.Kind}) == nil {
			t.Errorf("Wrap(%s) = nil, want an entity", k.Kind)
		}
	}
}
