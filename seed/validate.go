package seed

import (
	"context"
	"fmt"

	"github.com/practicegraph/practicegraph/graph"
)

// Existing reports which references already exist in the graph; nil means none do.
type Existing func(ctx context.Context, refs []graph.Ref) (map[graph.Ref]bool, error)

// Validate checks every reference of the input — link targets and sources — against
// the input itself and then the graph. It returns every problem at once.
func (in *Input) Validate(ctx context.Context, existing Existing) error {
	var probs Problems
	missing := map[graph.Ref]bool{}
	need := func(r graph.Ref) {
		if _, ok := in.Origins[r]; !ok {
			missing[r] = true
		}
	}
	for _, n := range in.Dataset.Nodes {
		need(graph.Ref{Kind: graph.KindSource, ID: n.Provenance.Source})
	}
	for _, l := range in.Dataset.Links {
		need(l.To)
		need(graph.Ref{Kind: graph.KindSource, ID: l.Provenance.Source})
	}
	found := map[graph.Ref]bool{}
	if len(missing) > 0 && existing != nil {
		refs := make([]graph.Ref, 0, len(missing))
		for r := range missing {
			refs = append(refs, r)
		}
		var err error
		if found, err = existing(ctx, refs); err != nil {
			return fmt.Errorf("seed: check references: %w", err)
		}
	}
	known := func(r graph.Ref) bool {
		_, ok := in.Origins[r]
		return ok || found[r]
	}
	for _, n := range in.Dataset.Nodes {
		if src := (graph.Ref{Kind: graph.KindSource, ID: n.Provenance.Source}); !known(src) {
			o := in.Origins[n.Ref()]
			probs = append(probs, Problem{File: o.File, Line: o.Line, Record: o.Record, Field: "source", Msg: fmt.Sprintf("unknown Source %q: declare it in a Source record", src.ID)})
		}
	}
	for i, l := range in.Dataset.Links {
		o := in.linkOrigins[i]
		if !known(l.To) {
			probs = append(probs, Problem{File: o.File, Line: o.Line, Record: o.Record, Field: o.Field, Msg: fmt.Sprintf("unknown %s %q (%s links to a %s)", l.To.Kind, l.To.ID, l.Type, l.To.Kind)})
		}
		if src := (graph.Ref{Kind: graph.KindSource, ID: l.Provenance.Source}); !known(src) {
			probs = append(probs, Problem{File: o.File, Line: o.Line, Record: o.Record, Field: o.Field[:len(o.Field)-len(".to")] + ".source", Msg: fmt.Sprintf("unknown Source %q", src.ID)})
		}
	}
	if len(probs) > 0 {
		return probs
	}
	return nil
}

// Changeset returns the input as a changeset to apply.
func (in *Input) Changeset() graph.Changeset {
	return graph.Changeset{Upserts: in.Dataset.Nodes, Links: in.Dataset.Links}
}
