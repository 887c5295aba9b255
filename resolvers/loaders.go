package resolvers

import (
	"context"
	"errors"
	"sync"
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

	// reads bounds the request's Neo4j queries in flight: a query selecting many
	// relationship fields starts one loader each, and unbounded they could take every
	// connection of the driver's pool and make this and other requests wait it out.
	reads chan struct{}

	mu       sync.Mutex
	nodes    map[graph.Kind]*dataloadgen.Loader[string, graph.Node]
	edges    map[edgeSpace]*dataloadgen.Loader[graph.Ref, []graph.Edge]
	partners *dataloadgen.Loader[string, []graph.Collaboration]
}

// edgeSpace is the key space of one neighbour loader: a relationship type followed in
// one direction from nodes of one kind to nodes of another.
type edgeSpace struct {
	from graph.Kind
	graph.Hop
}

type loadersKey struct{}

// loaderWait is how long a loader gathers keys before it queries. gqlgen resolves the
// fields of one level in goroutines that ask within microseconds of each other, so a
// short wait still batches a whole level; the library's 16 ms default would add that
// much to every level of nesting.
var loaderWait = dataloadgen.WithWait(2 * time.Millisecond)

// maxReadsPerRequest is how many Neo4j queries one request's loaders run at once: a
// third of the driver's 50 connections, so three such requests still leave room.
const maxReadsPerRequest = 16

// read runs one store call of a batch once the request has a read slot free; it gives
// up when the request is cancelled.
func (l *loaders) read(ctx context.Context, call func() error) error {
	select {
	case l.reads <- struct{}{}:
	case <-ctx.Done():
		return graph.Errorf(graph.EUNAVAILABLE, "the request ended before the graph database was asked: %v", ctx.Err())
	}
	defer func() { <-l.reads }()
	return call()
}

// WithLoaders gives the request behind ctx its own dataloaders over the stores. The
// server calls it once per request; the resolvers' graph reads need it.
func WithLoaders(ctx context.Context, store graph.Store, collab graph.CollaborationStore) context.Context {
	return context.WithValue(ctx, loadersKey{}, &loaders{
		store:  store,
		collab: collab,
		reads:  make(chan struct{}, maxReadsPerRequest),
		nodes:  map[graph.Kind]*dataloadgen.Loader[string, graph.Node]{},
		edges:  map[edgeSpace]*dataloadgen.Loader[graph.Ref, []graph.Edge]{},
	})
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
func (l *loaders) nodeLoader(k graph.Kind) *dataloadgen.Loader[string, graph.Node] {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ld, ok := l.nodes[k]; ok {
		return ld
	}
	ld := dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (m map[string]graph.Node, err error) {
		err = l.read(ctx, func() error { m, err = l.store.Nodes(ctx, k, ids); return err })
		return m, err
	}, loaderWait)
	l.nodes[k] = ld
	return ld
}

// edgeLoader returns the loader of one relationship's edges from nodes of one kind.
func (l *loaders) edgeLoader(s edgeSpace) *dataloadgen.Loader[graph.Ref, []graph.Edge] {
	l.mu.Lock()
	defer l.mu.Unlock()
	if ld, ok := l.edges[s]; ok {
		return ld
	}
	ld := dataloadgen.NewMappedLoader(func(ctx context.Context, from []graph.Ref) (map[graph.Ref][]graph.Edge, error) {
		var m map[graph.Ref][]graph.Edge
		err := l.read(ctx, func() (err error) {
			m, err = l.store.Neighbours(ctx, graph.NeighbourQuery{From: from, Type: s.Type, Direction: s.Direction, Kind: s.Kind})
			return err
		})
		if err != nil {
			return nil, err
		}
		for _, r := range from {
			if _, ok := m[r]; !ok {
				m[r] = nil // no edges is an answer, not a missing key
			}
		}
		return m, nil
	}, loaderWait)
	l.edges[s] = ld
	return ld
}

// collaborations loads a city's collaborations (default kinds, no year filter), batched
// with those of the other cities of the request.
func (l *loaders) collaborations(ctx context.Context, cityID string) ([]graph.Collaboration, error) {
	l.mu.Lock()
	if l.partners == nil {
		l.partners = dataloadgen.NewMappedLoader(func(ctx context.Context, ids []string) (m map[string][]graph.Collaboration, err error) {
			err = l.read(ctx, func() error { m, err = l.collab.CollaborationsOf(ctx, ids, graph.CollaborationFilter{}); return err })
			return m, err
		}, loaderWait)
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
	n, err := l.nodeLoader(ref.Kind).Load(ctx, ref.ID)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return graph.Node{}, graph.NotFound(ref.Kind, ref.ID)
	}
	return n, err
}
