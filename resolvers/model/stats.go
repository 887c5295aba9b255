package model

import "github.com/practicegraph/practicegraph/graph"

// Count is one bucket of a breakdown. Name is the display name of a key that is an
// entity id or a language code, nil for keys shown as they are (years, types, kinds).
type Count struct {
	Key   string
	Count int
	Name  *graph.Text
}
