package app

import (
	"context"
	"testing"
)

func TestChangeFeedKeepsTheNewestForASlowSubscriber(t *testing.T) {
	var f ChangeFeed
	ctx, cancel := context.WithCancel(context.Background())
	slow := f.Subscribe(ctx)
	for v := int64(1); v <= changeBuffer+5; v++ {
		f.Publish(Change{From: v - 1, To: v}) // never blocks, though nobody reads
	}
	var got []int64
	for len(got) < changeBuffer {
		got = append(got, (<-slow).To)
	}
	if got[0] != 6 || got[len(got)-1] != changeBuffer+5 {
		t.Errorf("a subscriber %d behind kept versions %d…%d, want the newest %d: 6…%d", changeBuffer+5, got[0], got[len(got)-1], changeBuffer, changeBuffer+5)
	}
	cancel()
	if _, open := <-slow; open {
		t.Error("the subscription is still open after its context ended")
	}
	f.Publish(Change{To: 99}) // no subscriber left: nothing to block on
}
