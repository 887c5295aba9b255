package graph_test

import (
	"context"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
)

func TestQuerySlots(t *testing.T) {
	ctx := graph.WithQuerySlots(context.Background(), 2)
	r1, err1 := graph.AcquireQuerySlot(ctx)
	r2, err2 := graph.AcquireQuerySlot(ctx)
	if err1 != nil || err2 != nil {
		t.Fatalf("the first two slots: %v, %v", err1, err2)
	}

	// A third query waits for a slot; a request that ends meanwhile gets UNAVAILABLE.
	ended, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := graph.AcquireQuerySlot(ended); graph.ErrorCode(err) != graph.EUNAVAILABLE {
		t.Errorf("a third slot of an ended request: %v, want UNAVAILABLE", err)
	}
	got := make(chan error)
	go func() {
		r3, err := graph.AcquireQuerySlot(ctx)
		if err == nil {
			r3()
		}
		got <- err
	}()
	r1() // frees a slot: the waiting query goes on
	if err := <-got; err != nil {
		t.Errorf("a third slot once one is free: %v", err)
	}
	r2()
	if got := graph.QueriesRun(ctx); got != 4 {
		t.Errorf("QueriesRun = %d, want the 4 slots asked for", got)
	}

	// Background work, without slots, is not bounded.
	for range 100 {
		if _, err := graph.AcquireQuerySlot(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	// Each request has slots of its own.
	other := graph.WithQuerySlots(context.Background(), 1)
	r, err := graph.AcquireQuerySlot(other)
	if err != nil {
		t.Fatal(err)
	}
	r()
	if graph.QueriesRun(other) != 1 || graph.QueriesRun(context.Background()) != 0 {
		t.Errorf("QueriesRun counts another request's queries")
	}
	unbounded := graph.WithQuerySlots(context.Background(), 0)
	for range 10 {
		if _, err := graph.AcquireQuerySlot(unbounded); err != nil {
			t.Fatal(err)
		}
	}
	if got := graph.QueriesRun(unbounded); got != 10 {
		t.Errorf("QueriesRun without a bound = %d, want 10", got)
	}
}
