package resolvers

import (
	"context"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers/model"
)

// nodes returns the entities holding ids, in their order, nil for an id no entity
// holds: one query finds each id's kind, then one per kind reads the entities.
func (r *queryResolver) nodes(ctx context.Context, ids []string) ([]model.Node, error) {
	kinds, err := r.Store.Locate(ctx, ids)
	if err != nil {
		return nil, err
	}
	byKind := map[graph.Kind][]string{}
	for _, id := range ids {
		if k, ok := kinds[id]; ok {
			byKind[k] = append(byKind[k], id)
		}
	}
	found := map[string]graph.Node{}
	for k, want := range byKind {
		m, err := r.Store.Nodes(ctx, k, want)
		if err != nil {
			return nil, err
		}
		for id, n := range m {
			found[id] = n
		}
	}
	out := make([]model.Node, len(ids))
	for i, id := range ids {
		if n, ok := found[id]; ok {
			out[i] = model.Wrap(n)
		}
	}
	return out, nil
}
