package graph

import "context"

// querySlots bounds the database queries one request runs at once.
type querySlots chan struct{}

type querySlotsKey struct{}

// WithQuerySlots bounds the database queries run under ctx to n at a time, so one
// request (say, eighty relationship fields resolved in parallel) cannot take every
// connection of the driver's pool and starve the other requests. n < 1 means no bound.
func WithQuerySlots(ctx context.Context, n int) context.Context {
	if n < 1 {
		return ctx
	}
	return context.WithValue(ctx, querySlotsKey{}, make(querySlots, n))
}

// AcquireQuerySlot waits for a free query slot of the request behind ctx and returns
// the function that frees it. Without slots in ctx (background work) it returns at
// once. It fails with UNAVAILABLE when ctx ends first.
func AcquireQuerySlot(ctx context.Context) (release func(), err error) {
	slots, ok := ctx.Value(querySlotsKey{}).(querySlots)
	if !ok {
		return func() {}, nil
	}
	select {
	case slots <- struct{}{}:
		return func() { <-slots }, nil
	case <-ctx.Done():
		if ctx.Err() == context.DeadlineExceeded {
			return nil, Wrap(EUNAVAILABLE, ctx.Err(), "the request ran out of time before the graph database answered")
		}
		return nil, Wrap(EUNAVAILABLE, ctx.Err(), "request cancelled")
	}
}
