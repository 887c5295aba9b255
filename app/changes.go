package app

import (
	"context"
	"sync"
	"time"
)

// Change is a step of the graph from one version to a later one, as the search
// index's catch-up saw it.
type Change struct {
	From, To         int64
	Updated, Deleted int
	At               time.Time
}

// changeBuffer is how many changes a subscriber may fall behind before older ones are
// dropped for newer ones: every change names the version it reaches, so a subscriber
// that refetches on the latest misses nothing.
const changeBuffer = 16

// ChangeFeed hands each change of the graph to every subscriber. The zero value is
// ready to use. Publishing never waits for a slow subscriber.
type ChangeFeed struct {
	mu   sync.Mutex
	subs map[chan Change]struct{}
}

// Subscribe returns the changes published from now on, until ctx ends.
func (f *ChangeFeed) Subscribe(ctx context.Context) <-chan Change {
	ch := make(chan Change, changeBuffer)
	f.mu.Lock()
	if f.subs == nil {
		f.subs = map[chan Change]struct{}{}
	}
	f.subs[ch] = struct{}{}
	f.mu.Unlock()
	context.AfterFunc(ctx, func() {
		f.mu.Lock()
		delete(f.subs, ch)
		f.mu.Unlock()
		close(ch)
	})
	return ch
}

// Publish hands c to every subscriber, dropping a full subscriber's oldest change.
func (f *ChangeFeed) Publish(c Change) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for ch := range f.subs {
		for {
			select {
			case ch <- c:
			default:
				select {
				case <-ch: // make room: the newest change matters most
				default:
				}
				continue
			}
			break
		}
	}
}
