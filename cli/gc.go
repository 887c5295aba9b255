package cli

import (
	"log/slog"
	"runtime/debug"
)

// The garbage collector's settings for serve, unless GOGC or GOMEMLIMIT say otherwise.
// A request's answer is built from many short-lived values (the driver's records, the
// decoded nodes, the JSON written), and under load collecting them took a quarter of
// the server's CPU at Go's default (GOGC=100). Letting the heap grow to five times what
// is live before collecting, within a soft limit of 256 MiB, gave the nested case 25% more
// throughput at 1 client and 43% at 8 (10,000 practices), with the server's peak RSS at
// 147–277 MB. The limit is soft: a live heap above it makes the collector run more often,
// not fail.
const (
	serveGCPercent   = 400
	serveMemoryLimit = 256 << 20
)

// tuneGC applies serve's garbage collector settings where the environment (getenv) does
// not set GOGC or GOMEMLIMIT, and logs what it set. It returns the previous settings,
// as debug.SetGCPercent and debug.SetMemoryLimit report them (-1 for one left alone).
func tuneGC(getenv func(string) string, log *slog.Logger) (prevPercent int, prevLimit int64) {
	prevPercent, prevLimit = -1, -1
	if getenv("GOGC") == "" {
		prevPercent = debug.SetGCPercent(serveGCPercent)
		log.Debug("garbage collector", "gogc", serveGCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		prevLimit = debug.SetMemoryLimit(serveMemoryLimit)
		log.Debug("garbage collector", "gomemlimit_bytes", serveMemoryLimit)
	}
	return prevPercent, prevLimit
}
