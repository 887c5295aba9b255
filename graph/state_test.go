package graph

import "testing"

// TestStateCovers checks the order of graph states: a later version covers an earlier
// one; within a version, an import's reservation only ends; another epoch covers
// nothing.
func TestStateCovers(t *testing.T) {
	base := State{Epoch: "e", Version: 5, Visible: 5, Imports: 0}
	cases := []struct {
		name string
		s, o State
		want bool
	}{
		{"the same state", base, base, true},
		{"a later version", State{Epoch: "e", Version: 6, Visible: 6}, base, true},
		{"an earlier version", base, State{Epoch: "e", Version: 6, Visible: 6}, false},
		{"an import published", State{Epoch: "e", Version: 6, Visible: 6}, State{Epoch: "e", Version: 6, Visible: 5, Imports: 1}, true},
		{"an import still running", State{Epoch: "e", Version: 6, Visible: 5, Imports: 1}, State{Epoch: "e", Version: 6, Visible: 6}, false},
		{"another epoch", State{Epoch: "f", Version: 9, Visible: 9}, base, false},
	}
	for _, c := range cases {
		if got := c.s.Covers(c.o); got != c.want {
			t.Errorf("%s: %+v covers %+v = %v, want %v", c.name, c.s, c.o, got, c.want)
		}
	}
}
