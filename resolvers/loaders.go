package resolvers

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/practicegraph/practicegraph/graph"
)

// loaders batch the graph reads of one request: every resolver asking for the same
// relationship of many nodes, or for many nodes of one kind, within a few milliseconds
// shares one Neo4j round trip. They live for one request only, so they never serve a
// write another request made.
type loaders struct {
	store  graph.Store
	collab graph.CollaborationStore

	wait  dataloadgen.Option // how long a batch gathers keys
	whole bool               // read whole nodes and batch every load (WithWholeReads)
	// compiled records that Compiled wrote the answer.
	compiled atomic.Bool
	kept     atomic.Bool // and that it was an answer kept from an earlier request

	mu       sync.Mutex
	nodes    map[nodeSpace]*dataloadgen.Loader[string, graph.Node]
	edges    map[edgeSpace]*dataloadgen.Loader[graph.Ref, []graph.Edge]
	partners *dataloadgen.Loader[string, []graph.Collaboration]
}

// nodeSpace is the key space of one node loader: nodes of one kind, gathered for a
// batching window or, outside lists, asked at once.
type nodeSpace struct {
	kind graph.Kind
	now  bool
}

// edgeSpace is the key space of one neighbour loader: a relationship type followed in
// one direction from nodes of one kind to nodes of another, reading the properties of
// one projection (its Key), batched or asked at once.
type edgeSpace struct {
	from graph.Kind
	graph.Hop
	proj string
	now  bool
}

// noWait is the option of the loaders of fields outside lists: there is nothing to
// batch there, so they query at once (still sharing a load asked twice).
var noWait = dataloadgen.WithWait(0)

type loadersKey struct{}

// DefaultLoaderWait is how long a loader gathers keys before it queries. gqlgen
// resolves the fields of one level in goroutines that ask within microseconds of each
// other, so a short wait still batches a whole level; the library's 16 ms default would
// add that much to every level of nesting.
const DefaultLoaderWait = 2 * time.Millisecond

// WithLoaders gives the request behind ctx its own dataloaders over the stores, each
// gathering keys for wait (DefaultLoaderWait when wait is 0) before it queries. The
// server calls it once per request; the resolvers' graph reads need it.
func WithLoaders(ctx context.Context, store graph.Store, collab graph.CollaborationStore, wait time.Duration) context.Context {
	if wait <= 0 {
		wait = DefaultLoaderWait
	}
	return context.WithValue(ctx, loadersKey{}, &loaders{
		store:  store,
		collab: collab,
		wait:   dataloadgen.WithWait(wait),
		nodes:  map[nodeSpace]*dataloadgen.Loader[string, graph.Node]{},
		edges:  map[edgeSpace]*dataloadgen.Loader[graph.Ref, []graph.Edge]{},
	})
}

// WithWholeReads makes the loaders of the request behind ctx (WithLoaders) read every
// property of the nodes and links they load and batch every load, even outside lists:
// the reads as they were before projections, which the tests compare answers with.
func WithWholeReads(ctx context.Context) context.Context {
	if l, err := loadersFrom(ctx); err == nil {
		l.whole = true
	}
	return ctx
}

// loadersFrom returns the request's loaders.
func loadersFrom(ctx context.Context) (*loaders, error) {
	l, ok := ctx.Value(loadersKey{}).(*loaders)
	if !ok {
		return nil, graph.Errorf(graph.EINTERNAL, "resolvers: the request has no loaders (WithLoaders was not called)")
	}
	return l, nil
}

// nodeLoader returns the loader of nodes of kind k. Its batch runs in the context of the
// first load of the batch, the request's, so a cancelled request stops the query.
func (l *loaders) nodeLoader(k graph.Kind, now bool) *dataloadgen.Loader[string, graph.Node] {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := nodeSpace{kind: k, now: now}
	if ld, ok := l.nodes[s]; ok {
		return ld
	}
	ld := dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string]graph.Node, error) {
		return l.store.Nodes(ctx, k, ids)
	}, l.waitFor(now))
	l.nodes[s] = ld
	return ld
}

func (l *loaders) waitFor(now bool) dataloadgen.Option {
	if now {
		return noWait
	}
	return l.wait
}

// edgeLoader returns the loader of one relationship's edges from nodes of one kind,
// reading what sel projects of them (the same sel for every load of the space).
func (l *loaders) edgeLoader(s edgeSpace, sel *graph.Projection) *dataloadgen.Loader[graph.Ref, []graph.Edge] {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ld, ok := l.edges[s]; ok {
		return ld
	}
	ld := dataloadgen.NewMappedLoader(func(ctx context.Context, from []graph.Ref) (map[graph.Ref][]graph.Edge, error) {
		m, err := l.store.Neighbours(ctx, graph.NeighbourQuery{From: from, Type: s.Type, Direction: s.Direction, Kind: s.Kind, Select: sel})
		if err != nil {
			return nil, err
		}
		for _, r := range from {
			if _, ok := m[r]; !ok {
				m[r] = nil // no edges is an answer, not a missing key
			}
		}
		return m, nil
	}, l.waitFor(s.now))
	l.edges[s] = ld
	return ld
}

// collaborations loads a city's collaborations (default kinds, no year filter), batched
// with those of the other cities of the request.
func (l *loaders) collaborations(ctx context.Context, cityID string) ([]graph.Collaboration, error) {
	l.mu.Lock()
	if l.partners == nil {
		l.partners = dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (map[string][]graph.Collaboration, error) {
			return l.collab.CollaborationsOf(ctx, ids, graph.CollaborationFilter{})
		}, l.wait)
	}
	ld := l.partners
	l.mu.Unlock()
	cs, err := ld.Load(ctx, cityID)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, graph.NotFound(graph.KindCity, cityID)
	}
	return cs, err
}

// node loads one node, or returns NOT_FOUND.
func (l *loaders) node(ctx context.Context, ref graph.Ref) (graph.Node, error) {
	n, err := l.nodeLoader(ref.Kind, !l.whole && !inList(ctx)).Load(ctx, ref.ID)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return graph.Node{}, graph.NotFound(ref.Kind, ref.ID)
	}
	return n, err
}

// edgeLoaderFor returns the loader edge asks for hop h from nodes of kind from, for a
// caller that asks it for many nodes.
func (l *loaders) edgeLoaderFor(from graph.Kind, h graph.Hop, sel *graph.Projection, now bool) *dataloadgen.Loader[graph.Ref, []graph.Edge] {
	if l.whole {
		sel, now = nil, false
	}
	return l.edgeLoader(edgeSpace{from: from, Hop: h, proj: sel.Key(), now: now}, sel)
}

// edge asks the loader of hop h from nodes of from's kind for from's edges, reading what
// sel projects; now asks at once instead of waiting for a batch.
func (l *loaders) edge(ctx context.Context, from graph.Ref, h graph.Hop, sel *graph.Projection, now bool) func() ([]graph.Edge, error) {
	return l.edgeLoaderFor(from.Kind, h, sel, now).LoadThunk(ctx, from)
}
