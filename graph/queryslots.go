package graph

import (
	"context"
	"sync/atomic"
)

// requestQueries bounds and counts the database queries of one request.
type requestQueries struct {
	slots chan struct{} // nil: no bound
	count atomic.Int64
}

type requestQueriesKey struct{}

// WithQuerySlots bounds the database queries run under ctx to n at a time, so one
// request (say, eighty relationship fields resolved in parallel) cannot take every
// connection of the driver's pool and starve the other requests; n < 1 means no
// bound. It also counts them, for QueriesRun.
func WithQuerySlots(ctx context.Context, n int) context.Context {
	rq := &requestQueries{}
	if n > 0 {
		rq.slots = make(chan struct{}, n)
	}
	return context.WithValue(ctx, requestQueriesKey{}, rq)
}

// AcquireQuerySlot waits for a free query slot of the request behind ctx and returns
// the function that frees it. Without slots in ctx (background work) it returns at
// once. It fails with UNAVAILABLE when ctx ends first.
func AcquireQuerySlot(ctx context.Context) (release func(), err error) {
	rq, ok := ctx.Value(requestQueriesKey{}).(*requestQueries)
	if !ok {
		return func() {}, nil
	}
	rq.count.Add(1)
	if rq.slots == nil {
		return func() {}, nil
	}
	select {
	case rq.slots <- struct{}{}:
		return func() { <-rq.slots }, nil
	case <-ctx.Done():
		if ctx.Err() == context.DeadlineExceeded {
			return nil, Wrap(EUNAVAILABLE, ctx.Err(), "the request ran out of time before the graph database answered")
		}
		return nil, Wrap(EUNAVAILABLE, ctx.Err(), "request cancelled")
	}
}

// QueriesRun returns how many database queries the request behind ctx has run (or
// is waiting to run), 0 for a context without WithQuerySlots. Unlike a store-wide
// counter it leaves out the background work running at the same time.
func QueriesRun(ctx context.Context) int64 {
	if rq, ok := ctx.Value(requestQueriesKey{}).(*requestQueries); ok {
		return rq.count.Load()
	}
	return 0
}
