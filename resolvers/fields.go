package resolvers

import (
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers/model"
)

// The few fields that need more than following relationships: a choice among the
// edges, a second hop, or an order of their own.

// joinedNetworkYear is the year the city joined the international network, where known.
func joinedNetworkYear(ctx context.Context, city graph.Ref) (*int, error) {
	es, err := follow(ctx, city, out(graph.RelMemberOf, graph.KindNetwork))
	for _, e := range es {
		if e.Node.ID == graph.ICCNetwork {
			return relation(e.Link).Since, nil
		}
	}
	return nil, err
}

// themesOf returns the node's themes, principles first, then policy areas, by English
// name; only the principles when principlesOnly.
func themesOf(ctx context.Context, from graph.Ref, principlesOnly bool) ([]model.Theme, error) {
	es, err := follow(ctx, from, out(graph.RelHasTheme, graph.KindTheme))
	if principlesOnly {
		es = slices.DeleteFunc(es, func(e graph.Edge) bool { return e.Node.String(graph.FieldThemeType) != "principle" })
	}
	return mapNodes(edgeNodes(sortEdges(es, themeOrder)), model.NewTheme), err
}

// eventsAlong returns the events along a named path in the given order.
func eventsAlong(ctx context.Context, from graph.Ref, less func(a, b graph.Node) bool, p graph.Path) ([]model.Event, error) {
	es, err := along(ctx, from, p)
	return mapNodes(edgeNodes(sortEdges(es, less)), model.NewEvent), err
}

// eventsOf returns the events along the hops in the given order.
func eventsOf(ctx context.Context, from graph.Ref, less func(a, b graph.Node) bool, hops ...graph.Hop) ([]model.Event, error) {
	es, err := follow(ctx, from, hops...)
	return mapNodes(edgeNodes(sortEdges(es, less)), model.NewEvent), err
}

// assessments returns a practice's assessment statements of one kind, or of every kind,
// in the source's order: by kind (strengths first), then position.
func assessments(ctx context.Context, practice graph.Ref, kind *string) ([]model.Assessment, error) {
	kinds := graph.AssessmentKinds()
	if kind != nil && !slices.Contains(kinds, *kind) {
		return nil, graph.Errorf(graph.EINVALID, "assessment kind %q is not one of %s", *kind, strings.Join(kinds, ", "))
	}
	es, err := follow(ctx, practice, in(graph.RelAssesses, graph.KindAssessment))
	if err != nil {
		return nil, err
	}
	if kind != nil {
		es = slices.DeleteFunc(es, func(e graph.Edge) bool { return e.Node.String(graph.FieldAssessmentKind) != *kind })
	}
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i].Node, es[j].Node
		if ka, kb := slices.Index(kinds, a.String(graph.FieldAssessmentKind)), slices.Index(kinds, b.String(graph.FieldAssessmentKind)); ka != kb {
			return ka < kb
		}
		return position(a) < position(b)
	})
	return mapNodes(edgeNodes(es), model.NewAssessment), nil
}

// position is an assessment's place within its kind; unnumbered ones go last.
func position(n graph.Node) int {
	if p := n.Int(graph.FieldAssessmentPosition); p != nil {
		return *p
	}
	return int(^uint(0) >> 1)
}

// textIn returns a text in lang, else in the first language of fallback it has, else in
// its original, with the language returned.
func textIn(t *graph.Text, lang *model.Lang, fallback []model.Lang) (string, string) {
	langs := []string{model.CodeOr(lang, "")}
	for _, f := range fallback {
		langs = append(langs, f.Code())
	}
	return t.Prefer(langs...)
}
