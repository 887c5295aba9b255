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

// prefetch reads, in one query, the tree of relationship fields sel selects below the
// nodes of kind k with the given ids, and primes the request's loaders with it. With
// withRoots it also returns the nodes themselves. It does nothing (and returns no
// roots) when the store cannot read trees, the request reads whole nodes, or sel
// selects no tree field and no roots are asked.
func prefetch(ctx context.Context, k graph.Kind, ids []string, sel ast.SelectionSet, inList, withRoots bool) (map[string]graph.Node, error) {
	l, err := loadersFrom(ctx)
	if err != nil || l.whole || !graphql.HasOperationContext(ctx) {
		return nil, err
	}
	tr, ok := l.store.(graph.TreeReader)
	if !ok {
		return nil, nil
	}
	hops := planTree(graphql.GetOperationContext(ctx), sel, k)
	if len(hops) == 0 && !withRoots {
		return nil, nil
	}
	q := graph.TreeQuery{Kind: k, IDs: ids, WithRoots: withRoots, Hops: hops}
	t, err := tr.Tree(ctx, q)
	if err != nil {
		return nil, err
	}
	l.prime(t, q.Hops, !inList)
	return t.Roots, nil
}

// connectionNodes returns the selection of a connection's edges' nodes.
func connectionNodes(sel ast.SelectionSet) ast.SelectionSet {
	var out ast.SelectionSet
	for _, s := range sel {
		if f, ok := s.(*ast.Field); ok && f.Name == "edges" {
			for _, es := range f.SelectionSet {
				if nf, ok := es.(*ast.Field); ok && nf.Name == "node" {
					out = append(out, nf.SelectionSet...)
				}
			}
		}
	}
	return out
}
