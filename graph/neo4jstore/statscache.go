package neo4jstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/practicegraph/practicegraph/graph"
)

// statsMaxAge bounds how long the breakdowns of one graph state are served. Every write
// through practicegraph moves the state, so this only matters for changes made to the
// database by other means (a Cypher shell): they show within statsMaxAge.
const statsMaxAge = time.Minute

// stateQuery reads the graph state as v, low (the lowest version a running import
// reserved, or null), epoch and imports. The version is read before the imports: BeginImport
// commits the reservation with the version it takes, so a version read here has its
// _Import node seen after it, until that import publishes or is discarded (its nodes
// visible or gone).
const stateQuery = `
		OPTIONAL MATCH (m:GraphMeta {id: $id})
		WITH coalesce(m.version, 0) AS v, coalesce(m.epoch, '') AS epoch
		OPTIONAL MATCH (i:_Import)
		WITH v, epoch, count(i) AS imports,
		     min(CASE WHEN i.seenAt > datetime() - duration({seconds: $lapse}) THEN i.version END) AS low
		RETURN v, low, epoch, imports`

// stateOf reads a graph state from stateQuery's v, low, epoch and imports.
func stateOf(values []any) graph.State {
	st := graph.State{Version: values[0].(int64)}
	st.Visible = st.Version
	if low, ok := values[1].(int64); ok && low-1 < st.Visible {
		st.Visible = low - 1
	}
	st.Epoch, _ = values[2].(string)
	st.Imports, _ = values[3].(int64)
	return st
}

// state reads the graph's state in one round trip.
func (s *Store) state(ctx context.Context) (graph.State, error) {
	recs, err := s.read(ctx, stateQuery, map[string]any{"id": metaID, "lapse": int64(reservationLapse / time.Second)})
	if err != nil {
		return graph.State{}, err
	}
	return stateOf(recs[0].Values), nil
}

// State reads the graph's state (graph.StateReader): answers read at one state can be
// served again to requests that read the same one.
func (s *Store) State(ctx context.Context) (graph.State, error) {
	st, err := s.state(ctx)
	if err != nil {
		return graph.State{}, fmt.Errorf("neo4j: graph state: %w", err)
	}
	return st, nil
}

// statsCache keeps the breakdowns computed for the current graph state: dashboards poll
// the same counts far more often than the graph changes, and each computation reads
// every practice. Concurrent requests for the same breakdowns wait for one computation.
type statsCache struct {
	mu    sync.Mutex
	state graph.State
	byAsk map[string]*statsEntry // by the sorted names of the breakdowns asked
}

// maxStatsAsks bounds the sets of breakdowns kept for one graph state: a client asking
// ever new combinations cannot grow the cache past it.
const maxStatsAsks = 64

// statsEntry is one computation of some breakdowns: done closes when the others are set.
type statsEntry struct {
	done  chan struct{}
	at    time.Time
	state graph.State // the state the computation read, at least the one it is kept under
	stats graph.Stats
	err   error
}

// Stats returns the dashboards' breakdowns named in only (their GraphQL names; every
// breakdown when only is empty), computed once per graph state: a request finding them
// computed for the state it reads costs one small round trip. The lists returned are
// shared with other requests: callers do not modify them.
func (s *Store) Stats(ctx context.Context, only ...string) (graph.Stats, error) {
	want, err := statsWanted(only)
	if err != nil {
		return graph.Stats{}, err
	}
	// The state is read first, under the request's bookmarks: the breakdowns served
	// are of that state or a later one, so a client sees its own writes counted.
	state, err := s.state(ctx)
	if err != nil {
		return graph.Stats{}, fmt.Errorf("neo4j: stats: %w", err)
	}
	ask := strings.Join(want, ",")
	c := &s.statsCache
	for {
		c.mu.Lock()
		if c.state != state || c.byAsk == nil {
			c.state, c.byAsk = state, map[string]*statsEntry{}
		}
		e := c.byAsk[ask]
		if e == nil || (isDone(e) && (e.err != nil || !e.state.Covers(state) || time.Since(e.at) >= statsMaxAge)) {
			if e == nil && len(c.byAsk) >= maxStatsAsks {
				c.byAsk = map[string]*statsEntry{}
			}
			e = &statsEntry{done: make(chan struct{})}
			c.byAsk[ask] = e
			c.mu.Unlock()
			s.computeStats(ctx, e, want)
			return e.stats, e.err
		}
		c.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return graph.Stats{}, classifyIn(ctx, ctx.Err(), "neo4j: stats")
		}
		if e.err == nil && e.state.Covers(state) {
			return e.stats, nil
		}
		// The computation waited for failed (perhaps only for its own request's
		// deadline) or read an older state (another member of a cluster): this request
		// computes its own, unless its context is done too.
		if ctx.Err() != nil {
			return graph.Stats{}, classifyIn(ctx, ctx.Err(), "neo4j: stats")
		}
		c.mu.Lock()
		if c.byAsk[ask] == e {
			delete(c.byAsk, ask)
		}
		c.mu.Unlock()
	}
}

// computeStats fills e with the breakdowns want, and closes e.done even if computing
// them panics: requests waiting for e must not wait for ever.
func (s *Store) computeStats(ctx context.Context, e *statsEntry, want []string) {
	defer close(e.done)
	e.err = errors.New("neo4j: stats: the computation did not finish")
	e.stats, e.state, e.err = s.stats(ctx, want)
	e.at = time.Now()
}

// isDone reports whether e's computation has finished.
func isDone(e *statsEntry) bool {
	select {
	case <-e.done:
		return true
	default:
		return false
	}
}
