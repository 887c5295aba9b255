package resolvers

import "github.com/practicegraph/practicegraph/graph"

// eventsAfterGrant are the events that featured a practice a grant funded: the work the
// grant started, shown again later.
var eventsAfterGrant = graph.NewPath("events after a grant", graph.KindGrant, graph.KindEvent,
	graph.Via(graph.Incoming(graph.RelFundedBy, graph.KindPractice), graph.Incoming(graph.RelFeatured, graph.KindEvent)))

// projectsAfterGrant are the joint projects the grant's cities took part in.
var projectsAfterGrant = graph.NewPath("projects after a grant", graph.KindGrant, graph.KindProject,
	graph.Via(graph.Outgoing(graph.RelAwardedTo, graph.KindCity), graph.Incoming(graph.RelInvolvesCity, graph.KindProject)))

// inOrAfter returns the distinct nodes of es dated (by when, starting YYYY) in or after
// the grant's year, in the order of es; undated ones cannot be said to follow it.
func inOrAfter(grant graph.Node, es []graph.Edge, when func(graph.Node) string) []graph.Node {
	out := []graph.Node{}
	gy := grant.Int(graph.FieldGrantYear)
	seen := map[string]bool{}
	for _, e := range es {
		y := graph.YearOf(when(e.Node))
		if seen[e.Node.ID] || y == nil || (gy != nil && *y < *gy) {
			continue
		}
		seen[e.Node.ID] = true
		out = append(out, e.Node)
	}
	return out
}
