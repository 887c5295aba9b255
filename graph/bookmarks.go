package graph

import (
	"context"
	"sync"
)

// Bookmarks carry causal consistency across the replicas of a deployment: a client
// sends the bookmarks of its last write (Wait), and the reads and writes of its request
// wait until the database member serving them has seen that write, whichever replica
// and cluster member answer. The request's own writes add theirs (Made), which the
// answer hands back to the client.
type Bookmarks struct {
	Wait []string
	// Manager is the store's own bookmark manager for this request, made once from
	// Wait, so that a client's bookmark, valid or not, affects its own request only.
	Manager any

	sync.Mutex // guards Manager; made has its own lock
	mmu        sync.Mutex
	made       []string
}

type bookmarksKey struct{}

// WithBookmarks returns ctx carrying the bookmarks a request waits for and collecting
// those its writes make.
func WithBookmarks(ctx context.Context, wait []string) (context.Context, *Bookmarks) {
	b := &Bookmarks{Wait: wait}
	return context.WithValue(ctx, bookmarksKey{}, b), b
}

// BookmarksOf returns the request's bookmarks, nil when ctx carries none.
func BookmarksOf(ctx context.Context) *Bookmarks {
	b, _ := ctx.Value(bookmarksKey{}).(*Bookmarks)
	return b
}

// Made records the bookmarks of a committed write.
func (b *Bookmarks) Made(bookmarks []string) {
	b.mmu.Lock()
	defer b.mmu.Unlock()
	b.made = bookmarks
}

// Latest returns the bookmarks of the request's last write, nil when it wrote nothing.
func (b *Bookmarks) Latest() []string {
	b.mmu.Lock()
	defer b.mmu.Unlock()
	return append([]string(nil), b.made...)
}
