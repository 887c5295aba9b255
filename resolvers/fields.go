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
	es, err := follow(ctx, city, out("MEMBER_OF", graph.KindNetwork))
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
	es, err := follow(ctx, from, out("HAS_THEME", graph.KindTheme))
	if principlesOnly {
		es = slices.DeleteFunc(es, func(e graph.Edge) bool { return e.Node.String("type") != "principle" })
	}
	return mapNodes(edgeNodes(sortEdges(es, themeOrder)), model.NewTheme), err
}

// eventsOf returns the events along the hops in the given order.
func eventsOf(ctx context.Context, from graph.Ref, less func(a, b graph.Node) bool, hops ...graph.Hop) ([]model.Event, error) {
	es, err := follow(ctx, from, hops...)
	return mapNodes(edgeNodes(sortEdges(es, less)), model.NewEvent), err
}

// eventCountry is the country an event was held in, else its city's country.
func eventCountry(ctx context.Context, event graph.Ref) (*model.Country, error) {
	c, err := single(ctx, event, model.NewCountry, out("HELD_IN_COUNTRY", graph.KindCountry))
	if err != nil || c != nil {
		return c, err
	}
	city, err := single(ctx, event, model.NewCity, out("HELD_IN", graph.KindCity))
	if err != nil || city == nil {
		return nil, err
	}
	return single(ctx, city.Ref(), model.NewCountry, out("IN_COUNTRY", graph.KindCountry))
}

// assessments returns a practice's assessment statements of one kind, or of every kind,
// in the source's order: by kind (strengths first), then position.
func assessments(ctx context.Context, practice graph.Ref, kind *string) ([]model.Assessment, error) {
	kinds := graph.AssessmentKinds()
	if kind != nil && !slices.Contains(kinds, *kind) {
		return nil, graph.Errorf(graph.EINVALID, "assessment kind %q is not one of %s", *kind, strings.Join(kinds, ", "))
	}
	es, err := follow(ctx, practice, in("ASSESSES", graph.KindAssessment))
	if err != nil {
		return nil, err
	}
	if kind != nil {
		es = slices.DeleteFunc(es, func(e graph.Edge) bool { return e.Node.String("kind") != *kind })
	}
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i].Node, es[j].Node
		if ka, kb := slices.Index(kinds, a.String("kind")), slices.Index(kinds, b.String("kind")); ka != kb {
			return ka < kb
		}
		return position(a) < position(b)
	})
	return mapNodes(edgeNodes(es), model.NewAssessment), nil
}

// position is an assessment's place within its kind; unnumbered ones go last.
func position(n graph.Node) int {
	if p := n.Int("position"); p != nil {
		return *p
	}
	return int(^uint(0) >> 1)
}
