package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/practicegraph/practicegraph/graph"
)

// treeFields are the relationship fields answered by following one hop with linked
// (every edge, paged in Go), by "Type.field". A root field reads the tree of these
// fields a request selects below it in one query, and primes the loaders their
// resolvers ask, so they answer without further round trips; any other field
// resolves through the loaders as before. TestProjectedReadsAnswerAsWholeReads
// checks each entry against its resolver on the seed.
var treeFields = map[string]graph.Hop{
	"City.practices":         in(graph.RelRunBy, graph.KindPractice),
	"City.adoptedPractices":  in(graph.RelAdoptedBy, graph.KindPractice),
	"Practice.cities":        out(graph.RelRunBy, graph.KindCity),
	"Practice.adoptedBy":     out(graph.RelAdoptedBy, graph.KindCity),
	"Practice.organisations": out(graph.RelInvolves, graph.KindOrganisation),
	"Practice.contacts":      out(graph.RelContact, graph.KindPerson),
	"Practice.grants":        out(graph.RelFundedBy, graph.KindGrant),
	"Grant.cities":           out(graph.RelAwardedTo, graph.KindCity),
	"Grant.practices":        in(graph.RelFundedBy, graph.KindPractice),
}

// planTree returns the hops of the tree fields sel selects on nodes of kind k, each
// with what its resolver's projection reads (projectionOf), so the loader it primes is
// the one that resolver asks.
func planTree(oc *graphql.OperationContext, sel ast.SelectionSet, k graph.Kind) []graph.TreeHop {
	var hops []graph.TreeHop
	for _, s := range sel {
		f, ok := s.(*ast.Field)
		if !ok || f.Definition == nil {
			continue // fragments resolve through the loaders
		}
		h, ok := treeFields[string(k)+"."+f.Name]
		if !ok {
			continue
		}
		// The linked entity's own selection, inside each link.
		var below ast.SelectionSet
		for _, ls := range f.SelectionSet {
			if lf, ok := ls.(*ast.Field); ok && lf.Name != "__typename" && lf.Name != "relation" {
				below = append(below, lf.SelectionSet...)
			}
		}
		hops = append(hops, graph.TreeHop{Hop: h, Select: projectionOf(oc, f.Definition.Type.Name(), f.Name, f.SelectionSet, h.Kind),
			Hops: planTree(oc, below, h.Kind)})
	}
	return hops
}

// prime gives the loaders of the hops the edges the tree read. Every tree field is a
// list, so only the top hops can sit outside one (now).
func (l *loaders) prime(t graph.Tree, hops []graph.TreeHop, now bool) {
	for i := range hops {
		h := &hops[i]
		for from, edges := range t.Edges[h] {
			l.edgeLoader(edgeSpace{from: from.Kind, Hop: h.Hop, proj: h.Select.Key(), now: now}, h.Select).Prime(from, edges)
		}
		l.prime(t, h.Hops, false)
	}
}

// prefetch reads, in one query, the node of kind k with the given id (only what the
// field being resolved under ctx selects of it, projectionFor) and the tree of
// relationship fields sel selects below it, and primes the request's loaders with the
// tree. ok is false, and nothing is read, when the store cannot read trees or the
// request reads whole nodes; found is false when no such node exists.
func prefetch(ctx context.Context, k graph.Kind, id string, sel ast.SelectionSet) (n graph.Node, found, ok bool, err error) {
	l, err := loadersFrom(ctx)
	if err != nil || l.whole || !graphql.HasOperationContext(ctx) {
		return graph.Node{}, false, false, err
	}
	tr, ok := l.store.(graph.TreeReader)
	if !ok {
		return graph.Node{}, false, false, nil
	}
	q := graph.TreeQuery{Kind: k, IDs: []string{id}, WithRoots: true, RootSelect: projectionFor(ctx, k),
		Hops: planTree(graphql.GetOperationContext(ctx), sel, k)}
	t, err := tr.Tree(ctx, q)
	if err != nil {
		return graph.Node{}, false, false, err
	}
	l.prime(t, q.Hops, true)
	n, found = t.Roots[id]
	return n, found, true, nil
}

// planPage fills in q what the request selects of a list's page, so that the page and
// the relationship fields selected below its nodes are read in one query: only the
// properties of the nodes the selection reads, the total only when it is selected, and
// the tree of relationship fields below the first limit nodes (the one more that says
// whether more follow is not followed). It returns the loaders to prime with the page's
// edges, nil when q is left as it is: for whole reads, or outside a request.
func planPage(ctx context.Context, q *graph.ListQuery, limit int) *loaders {
	l, err := loadersFrom(ctx)
	fc := graphql.GetFieldContext(ctx)
	if err != nil || l.whole || !graphql.HasOperationContext(ctx) || fc == nil || fc.Field.Field == nil {
		return nil
	}
	oc := graphql.GetOperationContext(ctx)
	nodes, plain := pageNodes(fc.Field.Selections)
	if !plain {
		return nil // a fragment may select anything: read as without a plan
	}
	q.NoTotal = true
	for _, s := range fc.Field.Selections {
		if s.(*ast.Field).Name == "totalCount" {
			q.NoTotal = false
		}
	}
	q.Select = projectionOf(oc, string(q.Kind), "node", nodes, q.Kind)
	if limit > 0 { // HopsLimit 0 would follow the look-ahead node of an empty page
		q.Hops, q.HopsLimit = planTree(oc, nodes, q.Kind), limit
	}
	return l
}

// pageNodes returns the selection of a connection's edges' nodes, and false when a
// fragment at the connection's or its edges' level hides part of it.
func pageNodes(sel ast.SelectionSet) (ast.SelectionSet, bool) {
	var out ast.SelectionSet
	for _, s := range sel {
		f, ok := s.(*ast.Field)
		if !ok {
			return nil, false
		}
		if f.Name != "edges" {
			continue
		}
		for _, es := range f.SelectionSet {
			nf, ok := es.(*ast.Field)
			if !ok {
				return nil, false
			}
			if nf.Name == "node" {
				out = append(out, nf.SelectionSet...)
			}
		}
	}
	return out, true
}
