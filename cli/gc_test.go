package cli

import (
	"io"
	"log/slog"
	"runtime/debug"
	"testing"
)

// TestTuneGC: serve's settings apply where the environment sets none, and what GOGC or
// GOMEMLIMIT set is left alone.
func TestTuneGC(t *testing.T) {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	percent, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetGCPercent(percent); debug.SetMemoryLimit(limit) })

	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	tuneGC(env(nil), log)
	if got := debug.SetGCPercent(100); got != serveGCPercent {
		t.Errorf("GC percent = %d with no GOGC, want %d", got, serveGCPercent)
	}
	if got := debug.SetMemoryLimit(-1); got != serveMemoryLimit {
		t.Errorf("memory limit = %d with no GOMEMLIMIT, want %d", got, serveMemoryLimit)
	}

	debug.SetGCPercent(150)
	debug.SetMemoryLimit(1 << 30)
	if p, l := tuneGC(env(map[string]string{"GOGC": "150", "GOMEMLIMIT": "1GiB"}), log); p != -1 || l != -1 {
		t.Errorf("tuneGC with GOGC and GOMEMLIMIT set changed them (previous %d, %d)", p, l)
	}
	if got := debug.SetGCPercent(100); got != 150 {
		t.Errorf("GC percent = %d with GOGC=150, want 150", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<30 {
		t.Errorf("memory limit = %d with GOMEMLIMIT=1GiB, want %d", got, 1<<30)
	}
}
