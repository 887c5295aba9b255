package resolvers

import (
	"context"
	"time"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers/model"
)

// history returns the revisions of ref, newest first.
func (r *Resolver) history(ctx context.Context, ref graph.Ref, first *int) ([]model.Revision, error) {
	n := 20
	if first != nil {
		n = *first
	}
	revs, err := r.Revisions.History(ctx, ref, n)
	if err != nil {
		return nil, err
	}
	out := make([]model.Revision, len(revs))
	for i, rev := range revs {
		out[i] = model.Revision{
			Editor:  rev.Editor,
			At:      rev.At.UTC().Format(time.RFC3339),
			Version: int(rev.Version),
			Action:  rev.Action,
			Fields:  rev.Fields,
		}
	}
	return out, nil
}

// lastRevision returns the newest revision of ref, nil when none is recorded.
func (r *Resolver) lastRevision(ctx context.Context, ref graph.Ref) (*model.Revision, error) {
	one := 1
	revs, err := r.history(ctx, ref, &one)
	if err != nil || len(revs) == 0 {
		return nil, err
	}
	return &revs[0], nil
}
