package resolvers

import (
	"time"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers/model"
)

// draftVersion checks an expectedVersion argument: 0 when omitted.
func draftVersion(v *int) (int64, error) {
	if v == nil {
		return 0, nil
	}
	if *v < 1 {
		return 0, graph.Errorf(graph.EINVALID, "expectedVersion must be a version read from the draft, got %d", *v)
	}
	return int64(*v), nil
}

func draftModel(d graph.Draft) *model.PracticeDraft {
	out := &model.PracticeDraft{
		ID:        d.Node.ID,
		Version:   int(d.Node.Version),
		Practice:  model.NewPractice(d.Node),
		Lists:     []model.DraftLinkList{},
		UpdatedBy: d.Editor,
		UpdatedAt: d.At.Format(time.RFC3339),
	}
	for _, set := range d.Lists {
		ids := make([]string, len(set.Links))
		for i, l := range set.Links {
			ids[i] = l.To.ID
		}
		out.Lists = append(out.Lists, model.DraftLinkList{Type: set.Type, Ids: ids})
	}
	return out
}
