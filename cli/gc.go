package cli

import (
	"log/slog"
	"runtime/debug"
	"sync"
)

// The garbage collector's settings for serve, unless GOGC or GOMEMLIMIT say otherwise.
// A request's answer is built from many short-lived values (the driver's records, the
// decoded nodes, the JSON written), and under load collecting them took a quarter of
// the server's CPU at Go's default (GOGC=100): the heap may grow to five times what is
// live before it is collected, within a soft limit of 192 MiB. The limit is soft: a live
// heap above it makes the collector run more often, not fail. What is live at rest at
// 100,000 practices is about 80 MB (the search index's key tables and kept postings,
// its typo automata); under load, the answers being built add to it, and they are
// bounded by the server's turns (PRACTICEGRAPH_ANSWER_CONCURRENCY). Without turns, 32
// clients each reading 3,400 entities afresh held more than 160 MB between them: a soft
// limit of 160 MiB then had the collector run without pause, and that case fell from 50
// to 25 requests a second. With 8 turns, that case answered as many requests a second
// within 192 MiB as within 256 (51.5 and 40.7 in one run each).
const (
	serveGCPercent   = 400
	serveMemoryLimit = 192 << 20
)

// A full rebuild of the search index holds far more than serving does: a chunk of the
// graph read ahead, the analysed documents of the batches being written, the segments
// being built (about 250 MB live at 100,000 practices). Under serve's limit the collector
// ran without pause and the rebuild took four times as long (122,000 documents in 200 s
// rather than 55 s). While a rebuild runs, the heap may grow to twice what is live, within
// a soft limit of its own; serve's settings come back when it ends.
const (
	rebuildGCPercent   = 100
	rebuildMemoryLimit = 768 << 20
)

// gcSettings records which of serve's settings tuneGC applied, so that a rebuild changes
// only those, and counts the rebuilds running.
type gcSettings struct {
	mu       sync.Mutex
	percent  bool // GOGC was left to serve
	limit    bool // GOMEMLIMIT was left to serve
	rebuilds int
}

// serveGC is what tuneGC applied; nothing outside serve, so rebuilds elsewhere (reindex,
// tests) leave the collector alone.
var serveGC gcSettings

// tuneGC applies serve's garbage collector settings where the environment (getenv) does
// not set GOGC or GOMEMLIMIT, and logs what it set. It returns the previous settings,
// as debug.SetGCPercent and debug.SetMemoryLimit report them (-1 for one left alone).
func tuneGC(getenv func(string) string, log *slog.Logger) (prevPercent int, prevLimit int64) {
	prevPercent, prevLimit = -1, -1
	serveGC.mu.Lock()
	defer serveGC.mu.Unlock()
	if getenv("GOGC") == "" {
		prevPercent = debug.SetGCPercent(serveGCPercent)
		serveGC.percent = true
		log.Debug("garbage collector", "gogc", serveGCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		prevLimit = debug.SetMemoryLimit(serveMemoryLimit)
		serveGC.limit = true
		log.Debug("garbage collector", "gomemlimit_bytes", serveMemoryLimit)
	}
	return prevPercent, prevLimit
}

// rebuilding switches the settings tuneGC applied to a rebuild's while one runs, and
// returns the function that switches them back when it ends, then returns the rebuild's
// freed memory to the system at once rather than over the next minutes.
func (g *gcSettings) rebuilding() (end func()) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.percent && !g.limit {
		return func() {}
	}
	g.rebuilds++
	if g.rebuilds == 1 {
		g.apply(rebuildGCPercent, rebuildMemoryLimit)
	}
	return sync.OnceFunc(func() {
		g.mu.Lock()
		defer g.mu.Unlock()
		if g.rebuilds--; g.rebuilds == 0 {
			g.apply(serveGCPercent, serveMemoryLimit)
			// A whole collection: not while the caller (the index's catch-up) waits.
			go debug.FreeOSMemory()
		}
	})
}

func (g *gcSettings) apply(percent int, limit int64) {
	if g.percent {
		debug.SetGCPercent(percent)
	}
	if g.limit {
		debug.SetMemoryLimit(limit)
	}
}
