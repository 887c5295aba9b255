package model

import (
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/transfer"
)

// SearchHit is one ranked hit with the node it refers to, loaded from the graph.
type SearchHit struct {
	Kind     EntityKind
	ID       string
	Score    float64
	Snippets []Snippet
	Node     graph.Node
}

// FacetCount is one value of a facet; Node is set for values that are entity ids.
type FacetCount struct {
	Value string
	Count int
	Node  *graph.Node
	// Label names an enumerated value (a type, an assessment's kind) in both languages.
	Label *graph.Label
}

// TransferReason is one reason of a transferability score.
type TransferReason struct {
	Code   string
	Weight float64
	Reason transfer.Reason
}
