package resolvers

import (
	"context"
	"sync/atomic"

	"github.com/practicegraph/practicegraph/graph"
)

// Turns bound the answers a server builds at once, whoever asks. An answer being built
// holds what was read for it until it is written: a page of 50 cities with their
// practices, grants and the grants' cities is about 3,400 entities, some megabytes.
// With one request per client and nothing to bound them, 32 clients reading such pages
// afresh held more than 160 MB between them, while two cores build no more answers a
// second with 32 under way than with 8: the others only held their memory longer. A
// request without a turn waits for one within its deadline, holding nothing. Answers
// kept from an earlier request (Answers) are served without a turn.
type Turns struct {
	slots   chan struct{}
	waiting atomic.Int64
}

// NewTurns returns turns for n answers built at once; nil (no bound) when n < 1.
func NewTurns(n int) *Turns {
	if n < 1 {
		return nil
	}
	return &Turns{slots: make(chan struct{}, n)}
}

// Cap returns how many answers are built at once; 0 for no bound.
func (t *Turns) Cap() int {
	if t == nil {
		return 0
	}
	return cap(t.slots)
}

// Taken returns how many turns are taken now.
func (t *Turns) Taken() int {
	if t == nil {
		return 0
	}
	return len(t.slots)
}

// Waiting returns how many requests wait for a turn now.
func (t *Turns) Waiting() int {
	if t == nil {
		return 0
	}
	return int(t.waiting.Load())
}

type turnsKey struct{}

// WithTurns makes the answers built under ctx take turns of t (nil: none).
func WithTurns(ctx context.Context, t *Turns) context.Context {
	if t == nil {
		return ctx
	}
	return context.WithValue(ctx, turnsKey{}, t)
}

// TakeTurn waits for a turn to build the answer of the request behind ctx, and returns
// the function that gives it back. Without turns in ctx it returns at once. It fails with
// UNAVAILABLE when ctx ends first.
func TakeTurn(ctx context.Context) (done func(), err error) {
	t, ok := ctx.Value(turnsKey{}).(*Turns)
	if !ok {
		return func() {}, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, turnError(err, cap(t.slots)) // ended already: no answer to build
	}
	done = func() { <-t.slots }
	select {
	case t.slots <- struct{}{}:
		return done, nil
	default:
	}
	t.waiting.Add(1)
	defer t.waiting.Add(-1)
	select {
	case t.slots <- struct{}{}:
		return done, nil
	case <-ctx.Done():
		return nil, turnError(ctx.Err(), cap(t.slots))
	}
}

// turnError is the error of a request whose context ended before it had a turn of n.
func turnError(err error, n int) error {
	if err == context.DeadlineExceeded {
		return graph.Wrap(graph.EUNAVAILABLE, err, "the server is busy: the request ran out of time waiting for its turn among the %d answers built at once", n)
	}
	return graph.Wrap(graph.EUNAVAILABLE, err, "request cancelled")
}
