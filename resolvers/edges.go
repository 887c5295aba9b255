package resolvers

import (
	"context"
	"sort"

	"github.com/99designs/gqlgen/graphql"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers/model"
)

// out and in name the hops a node starts and ends, for short tables.
var out, in = graph.Outgoing, graph.Incoming

// follow returns the node's edges along every hop, in the hops' order and, within a
// hop, by the other end's id. All hops are asked at once, so they share the batching
// window of the request's loaders with every sibling resolver.
func follow(ctx context.Context, from graph.Ref, hops ...graph.Hop) ([]graph.Edge, error) {
	l, err := loadersFrom(ctx)
	if err != nil {
		return nil, err
	}
	now := !inList(ctx)
	thunks := make([]func() ([]graph.Edge, error), len(hops))
	for i, h := range hops {
		thunks[i] = l.edge(ctx, from, h, projectionFor(ctx, h.Kind), now)
	}
	var all []graph.Edge
	for _, t := range thunks {
		es, err := t()
		if err != nil {
			return nil, err
		}
		all = append(all, es...)
	}
	return all, nil
}

// along returns the edges at the end of every route of a named path, route after route:
// for a one-hop route the node's own edges, for a longer one the last hop's edges from
// the nodes the route reaches before it. All routes advance one level at a time and
// every load of a level is asked before any is awaited, so a level costs one batching
// window shared with sibling resolvers, not one per route.
func along(ctx context.Context, from graph.Ref, p graph.Path) ([]graph.Edge, error) {
	l, err := loadersFrom(ctx)
	if err != nil {
		return nil, err
	}
	now := !inList(ctx)
	at := make([][]graph.Ref, len(p.Routes)) // where each route stands
	ends := make([][]graph.Edge, len(p.Routes))
	for i := range at {
		at[i] = []graph.Ref{from}
	}
	for depth := 0; ; depth++ {
		type load struct {
			route int
			thunk func() ([]graph.Edge, error)
		}
		var loads []load
		for i, r := range p.Routes {
			if depth >= len(r) {
				continue
			}
			// Nodes a route only passes through need no more than their ids.
			sel := refsOnly
			if depth == len(r)-1 {
				sel = projectionFor(ctx, r[depth].Kind)
			}
			for _, ref := range at[i] {
				loads = append(loads, load{i, l.edge(ctx, ref, r[depth], sel, now)})
			}
			at[i] = nil
		}
		if len(loads) == 0 {
			break
		}
		for _, ld := range loads {
			es, err := ld.thunk()
			if err != nil {
				return nil, err
			}
			if depth == len(p.Routes[ld.route])-1 {
				ends[ld.route] = append(ends[ld.route], es...)
				continue
			}
			for _, e := range es {
				at[ld.route] = append(at[ld.route], e.Node.Ref())
			}
		}
	}
	var all []graph.Edge
	for _, es := range ends {
		all = append(all, es...)
	}
	return all, nil
}

// linkedAlong returns the edges along a named path as links of one GraphQL type.
func linkedAlong[L any](ctx context.Context, from graph.Ref, link func(graph.Edge) L, p graph.Path) ([]L, error) {
	es, err := along(ctx, from, p)
	return mapEdges(es, link), err
}

// firstAlong returns the node at the end of the first route of p that reaches one, nil
// if none does. Routes are tried in order and the later ones only when the earlier
// reach nothing: an event that names its country costs no walk through its city.
func firstAlong[T any](ctx context.Context, from graph.Ref, wrap func(graph.Node) *T, p graph.Path) (*T, error) {
	for _, r := range p.Routes {
		es, err := along(ctx, from, graph.Path{Name: p.Name, From: p.From, To: p.To, Routes: []graph.Route{r}})
		if err != nil {
			return nil, err
		}
		if len(es) > 0 {
			return wrap(es[0].Node), nil
		}
	}
	return nil, nil
}

// linked returns the node's edges along the hops as links of one GraphQL type.
func linked[L any](ctx context.Context, from graph.Ref, link func(graph.Edge) L, hops ...graph.Hop) ([]L, error) {
	es, err := follow(ctx, from, hops...)
	return mapEdges(es, link), err
}

// related returns the distinct nodes at the other end of the hops, by id.
func related[T any](ctx context.Context, from graph.Ref, wrap func(graph.Node) *T, hops ...graph.Hop) ([]T, error) {
	es, err := follow(ctx, from, hops...)
	return distinctNodes(es, wrap), err
}

// relatedAlong returns the distinct nodes a named path reaches, by id.
func relatedAlong[T any](ctx context.Context, from graph.Ref, wrap func(graph.Node) *T, p graph.Path) ([]T, error) {
	es, err := along(ctx, from, p)
	return distinctNodes(es, wrap), err
}

// distinctNodes wraps the nodes at the other end of edges, each once, by id.
func distinctNodes[T any](es []graph.Edge, wrap func(graph.Node) *T) []T {
	seen := map[string]bool{}
	nodes := make([]T, 0, len(es))
	for _, e := range sortEdges(es, byID) {
		if !seen[e.Node.ID] {
			seen[e.Node.ID] = true
			nodes = append(nodes, *wrap(e.Node))
		}
	}
	return nodes
}

// single returns the node at the other end of the first hop that has one, nil if none.
func single[T any](ctx context.Context, from graph.Ref, wrap func(graph.Node) *T, hops ...graph.Hop) (*T, error) {
	es, err := follow(ctx, from, hops...)
	if err != nil || len(es) == 0 {
		return nil, err
	}
	return wrap(es[0].Node), nil
}

// required is single for a relationship the schema says is always there.
func required[T any](ctx context.Context, from graph.Ref, wrap func(graph.Node) *T, h graph.Hop) (*T, error) {
	v, err := single(ctx, from, wrap, h)
	if err == nil && v == nil {
		err = graph.Errorf(graph.ENOTFOUND, "%s %q has no %s %s", from.Kind, from.ID, h.Type, h.Kind)
	}
	return v, err
}

// lookup loads one node by id, for a root query or a provenance's source; an unknown
// id is NOT_FOUND.
func lookup[T any](ctx context.Context, k graph.Kind, id string, wrap func(graph.Node) *T) (*T, error) {
	l, err := loadersFrom(ctx)
	if err != nil {
		return nil, err
	}
	// A root field reads the node with the relationship fields selected below it, in
	// one query.
	if fc := graphql.GetFieldContext(ctx); fc != nil && fc.Object == "Query" {
		n, found, ok, err := prefetch(ctx, k, id, fc.Field.Selections)
		if err != nil {
			return nil, err
		}
		if ok {
			if !found {
				return nil, graph.NotFound(k, id)
			}
			return wrap(n), nil
		}
	}
	n, err := l.node(ctx, graph.Ref{Kind: k, ID: id})
	if err != nil {
		return nil, err
	}
	return wrap(n), nil
}

func mapEdges[L any](es []graph.Edge, f func(graph.Edge) L) []L {
	res := make([]L, len(es))
	for i, e := range es {
		res[i] = f(e)
	}
	return res
}

func mapNodes[T any](ns []graph.Node, wrap func(graph.Node) *T) []T {
	res := make([]T, len(ns))
	for i, n := range ns {
		res[i] = *wrap(n)
	}
	return res
}

// sortEdges sorts edges stably by less over their nodes and returns them.
func sortEdges(es []graph.Edge, less func(a, b graph.Node) bool) []graph.Edge {
	sort.SliceStable(es, func(i, j int) bool { return less(es[i].Node, es[j].Node) })
	return es
}

func byID(a, b graph.Node) bool { return a.ID < b.ID }

// latestFirst orders events by start date and time, the latest first, undated last.
func latestFirst(a, b graph.Node) bool { return eventBefore(a, b, true) }

// inTimeOrder orders events by start date and time, the earliest first, undated last.
func inTimeOrder(a, b graph.Node) bool { return eventBefore(a, b, false) }

func eventBefore(a, b graph.Node, latest bool) bool {
	ka, kb := eventTime(a), eventTime(b)
	switch {
	case ka == "" || kb == "":
		return ka != "" && kb == ""
	case ka == kb:
		return a.ID < b.ID
	case latest:
		return ka > kb
	}
	return ka < kb
}

// eventTime is an event's sortable start: its date then its time, "" when undated. A
// session the source gives only an end time for sorts by it; one with no time at all
// opens its day.
func eventTime(n graph.Node) string {
	d := n.String(graph.FieldEventStartDate)
	if d == "" {
		return ""
	}
	t := n.String(graph.FieldEventStartTime)
	if t == "" {
		t = n.String(graph.FieldEventEndTime)
	}
	return d + " " + t
}

// themeOrder puts principles before policy areas, then sorts by English name.
func themeOrder(a, b graph.Node) bool {
	pa, pb := a.String(graph.FieldThemeType) == "principle", b.String(graph.FieldThemeType) == "principle"
	if pa != pb {
		return pa
	}
	return a.Label("en") < b.Label("en")
}

// eventLinksAlong returns the event links along a named path in the order the field promises.
func eventLinksAlong(ctx context.Context, from graph.Ref, less func(a, b graph.Node) bool, p graph.Path) ([]model.EventLink, error) {
	es, err := along(ctx, from, p)
	return mapEdges(sortEdges(es, less), eventLink), err
}

// eventLinks returns event links in the order the field promises.
func eventLinks(ctx context.Context, from graph.Ref, less func(a, b graph.Node) bool, hops ...graph.Hop) ([]model.EventLink, error) {
	es, err := follow(ctx, from, hops...)
	return mapEdges(sortEdges(es, less), eventLink), err
}

// relation exposes a link's own facts.
func relation(l graph.Link) *model.Relation {
	facts := graph.Node{Texts: l.Texts, Props: l.Props}
	prov := l.Provenance
	return &model.Relation{
		Type:       l.Type,
		Role:       textField(l.Texts, graph.LinkFieldRole),
		Capacity:   facts.StringPtr(graph.LinkFieldCapacity),
		Since:      facts.Int(graph.LinkFieldSince),
		Until:      facts.Int(graph.LinkFieldUntil),
		Date:       facts.StringPtr(graph.LinkFieldDate),
		Note:       textField(l.Texts, graph.LinkFieldNote),
		Provenance: &prov,
	}
}

func textField(texts map[string]graph.Text, name string) *graph.Text {
	if t, ok := texts[name]; ok {
		return &t
	}
	return nil
}

// The link types: the node at the other end, wrapped, with the relation.

func cityLink(e graph.Edge) model.CityLink {
	return model.CityLink{City: model.NewCity(e.Node), Relation: relation(e.Link)}
}

func networkLink(e graph.Edge) model.NetworkLink {
	return model.NetworkLink{Network: model.NewNetwork(e.Node), Relation: relation(e.Link)}
}

func organisationLink(e graph.Edge) model.OrganisationLink {
	return model.OrganisationLink{Organisation: model.NewOrganisation(e.Node), Relation: relation(e.Link)}
}

func personLink(e graph.Edge) model.PersonLink {
	return model.PersonLink{Person: model.NewPerson(e.Node), Relation: relation(e.Link)}
}

func practiceLink(e graph.Edge) model.PracticeLink {
	return model.PracticeLink{Practice: model.NewPractice(e.Node), Relation: relation(e.Link)}
}

func grantLink(e graph.Edge) model.GrantLink {
	return model.GrantLink{Grant: model.NewGrant(e.Node), Relation: relation(e.Link)}
}

func projectLink(e graph.Edge) model.ProjectLink {
	return model.ProjectLink{Project: model.NewProject(e.Node), Relation: relation(e.Link)}
}

func eventLink(e graph.Edge) model.EventLink {
	return model.EventLink{Event: model.NewEvent(e.Node), Relation: relation(e.Link)}
}

func publicationLink(e graph.Edge) model.PublicationLink {
	return model.PublicationLink{Publication: model.NewPublication(e.Node), Relation: relation(e.Link)}
}

func edgeNodes(es []graph.Edge) []graph.Node {
	ns := make([]graph.Node, len(es))
	for i, e := range es {
		ns[i] = e.Node
	}
	return ns
}

// Page sizes of relationship lists (City.practices…), as the schema documents them.
const (
	defaultLinkPage = 100
	maxLinkPage     = 100
)

// paged returns the page of a relationship list its first and after arguments select:
// paged(linked(ctx, …))(first, after). after is the id of the last item of the previous
// page; the page starts after that item's first place in the list, so an entity listed
// twice (through two relations) may show again, but none is skipped.
func paged[T any](items []T, err error) func(first *int, after *string) ([]T, error) {
	return func(first *int, after *string) ([]T, error) {
		if err != nil {
			return nil, err
		}
		n := defaultLinkPage
		if first != nil {
			n = *first
		}
		if n < 0 || n > maxLinkPage {
			return nil, graph.Errorf(graph.EINVALID, "first must be between 0 and %d, got %d", maxLinkPage, n)
		}
		start := 0
		if after != nil {
			start = -1
			for i := range items {
				if id, ok := any(&items[i]).(interface{ GetID() string }); ok && id.GetID() == *after {
					start = i + 1
					break
				}
			}
			if start < 0 {
				return nil, graph.Errorf(graph.EINVALID, "after: %q is not in this list", *after)
			}
		}
		end := min(start+n, len(items))
		return items[start:end], nil
	}
}

// counted returns how many items a relationship list holds in all.
func counted[T any](items []T, err error) (int, error) { return len(items), err }
