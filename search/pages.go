package search

import (
	"sync"
	"weak"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// The index's segments on disk are files mapped into the server's memory, and the
// operating system brings their pages in as searches read them. A search reads little of
// each file: a term's entry in a dictionary, its postings, the stored texts of the page's
// hits. But the system brings in far more around what is read:
//   - pages cached in large blocks, as the segment writer's writes leave them, are
//     mapped in whole, up to hundreds of kilobytes for one byte read;
//   - read-ahead reads, and maps, well beyond a page read from disk.
//
// At 100,000 practices, the 20 searches of the benchmark held 160 MB of the index in
// the server's memory this way, against the 30 MB or so they read. So each segment,
// when a search first meets it, is marked as read at random (no read-ahead), and the
// pages cached for it that nobody has mapped yet are dropped from the system's cache.
// From then on each page comes in alone, the first time it is read, and stays cached.
// Walking a common word's postings from disk the first time costs more (a read per
// page); what is read again is read from memory, as before.

// mappedSegment is a segment whose file is mapped into memory: zap's.
type mappedSegment interface {
	Data() []byte // the whole mapping
	Path() string
}

// pageAdvice remembers the segments already advised: those of the snapshots seen lately.
type pageAdvice struct {
	mu   sync.Mutex
	last weak.Pointer[scorch.IndexSnapshot]
	// The segments advised, kept until there are more than seenSlack times those of the
	// last snapshot: a reader of an older snapshot, coming late, then finds the newer
	// segments still there rather than advising them again (which would drop the pages
	// searches read since). Holding them keeps a closed segment's object from being
	// reused for a new one before it has been advised.
	seen map[segment.Segment]struct{}
}

// seenSlack bounds the segments pageAdvice remembers, in snapshots' worth.
const seenSlack = 4

// segmentPages is the advice given to every index the process opens: there is one in a
// server, and a segment advised twice only drops cached pages again.
var segmentPages pageAdvice

// advise gives the advice to the segments of snap not advised yet.
func (a *pageAdvice) advise(snap *scorch.IndexSnapshot) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.last.Value() == snap {
		return
	}
	segs := snap.Segments()
	seen := a.seen
	if seen == nil || len(seen) > seenSlack*(len(segs)+1) {
		seen = make(map[segment.Segment]struct{}, len(segs)) // forget the segments of older snapshots
	}
	for _, ss := range segs {
		seg := ss.Segment()
		_, done := a.seen[seg]
		seen[seg] = struct{}{}
		if done {
			continue
		}
		if m, ok := seg.(mappedSegment); ok {
			// Advice only: a system that refuses it reads the file as before.
			_ = readAtRandom(m.Data(), m.Path())
		}
	}
	a.seen, a.last = seen, weak.Make(snap)
}
