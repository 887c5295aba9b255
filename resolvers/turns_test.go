package resolvers_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers"
)

// TestTakeTurn: a request takes a turn at once while one is free; with none free it
// waits, and fails as UNAVAILABLE, naming the wait, when its context ends first; a turn
// given back is taken by the next request.
func TestTakeTurn(t *testing.T) {
	ctx := context.Background()
	if done, err := resolvers.TakeTurn(ctx); err != nil {
		t.Fatalf("without turns: %v, want none to wait for", err)
	} else {
		done()
	}
	if resolvers.NewTurns(0) != nil {
		t.Error("NewTurns(0) bounds the answers; 0 means no bound")
	}

	turns := resolvers.NewTurns(1)
	ctx = resolvers.WithTurns(ctx, turns)
	done, err := resolvers.TakeTurn(ctx)
	if err != nil {
		t.Fatalf("the only turn, free: %v", err)
	}
	if turns.Cap() != 1 || turns.Taken() != 1 {
		t.Errorf("turns %d taken of %d, want 1 of 1", turns.Taken(), turns.Cap())
	}

	short, cancel := context.WithTimeout(ctx, 30*time.Millisecond)
	defer cancel()
	if _, err := resolvers.TakeTurn(short); !errors.Is(err, context.DeadlineExceeded) ||
		graph.ErrorCode(err) != graph.EUNAVAILABLE || !strings.Contains(err.Error(), "waiting for its turn among the 1 answers") {
		t.Errorf("no turn free until the deadline: %v (code %s), want UNAVAILABLE naming the wait", err, graph.ErrorCode(err))
	}
	cancelled, cancelNow := context.WithCancel(ctx)
	cancelNow()
	if _, err := resolvers.TakeTurn(cancelled); !errors.Is(err, context.Canceled) || graph.ErrorCode(err) != graph.EUNAVAILABLE {
		t.Errorf("no turn free, request cancelled: %v, want UNAVAILABLE", err)
	}
	if turns.Waiting() != 0 || turns.Taken() != 1 {
		t.Errorf("after the failed waits: %d waiting, %d taken; want 0 and 1", turns.Waiting(), turns.Taken())
	}

	got := make(chan error, 1)
	go func() {
		done, err := resolvers.TakeTurn(ctx)
		if err == nil {
			done()
		}
		got <- err
	}()
	deadline := time.Now().Add(time.Minute)
	for turns.Waiting() != 1 {
		select {
		case err := <-got:
			t.Fatalf("a request took the turn already taken (%v)", err)
		case <-time.After(time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("no request waits for the turn after a minute")
		}
	}
	done()
	if err := <-got; err != nil {
		t.Errorf("the waiting request, once the turn is given back: %v", err)
	}
	if turns.Taken() != 0 || turns.Waiting() != 0 {
		t.Errorf("at the end: %d taken, %d waiting; want none", turns.Taken(), turns.Waiting())
	}
}
