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
	t.Cleanup(func() {
		debug.SetGCPercent(percent)
		debug.SetMemoryLimit(limit)
		serveGC.mu.Lock()
		serveGC.percent, serveGC.limit = false, false // the other tests' rebuilds are not serve's
		serveGC.mu.Unlock()
	})

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

// TestRebuildGC: a rebuild switches what serve set to the rebuild's settings until the
// last rebuild running ends, and leaves alone what the environment set.
func TestRebuildGC(t *testing.T) {
	percent, limit := debug.SetGCPercent(serveGCPercent), debug.SetMemoryLimit(serveMemoryLimit)
	t.Cleanup(func() { debug.SetGCPercent(percent); debug.SetMemoryLimit(limit) })
	current := func() (int, int64) {
		p := debug.SetGCPercent(100)
		debug.SetGCPercent(p)
		return p, debug.SetMemoryLimit(-1)
	}

	g := &gcSettings{percent: true, limit: true}
	end1 := g.rebuilding()
	if p, l := current(); p != rebuildGCPercent || l != rebuildMemoryLimit {
		t.Errorf("during a rebuild: GC percent %d, memory limit %d; want %d, %d", p, l, rebuildGCPercent, rebuildMemoryLimit)
	}
	end2 := g.rebuilding()
	end1()
	end1() // ending twice counts once
	if p, l := current(); p != rebuildGCPercent || l != rebuildMemoryLimit {
		t.Errorf("one of two rebuilds ended: GC percent %d, memory limit %d; want the rebuild's %d, %d", p, l, rebuildGCPercent, rebuildMemoryLimit)
	}
	end2()
	if p, l := current(); p != serveGCPercent || l != serveMemoryLimit {
		t.Errorf("after the rebuilds: GC percent %d, memory limit %d; want serve's %d, %d", p, l, serveGCPercent, serveMemoryLimit)
	}

	// GOMEMLIMIT set by the environment: only the percentage is serve's to change.
	debug.SetMemoryLimit(1 << 30)
	g = &gcSettings{percent: true}
	end := g.rebuilding()
	if p, l := current(); p != rebuildGCPercent || l != 1<<30 {
		t.Errorf("GOMEMLIMIT=1GiB, during a rebuild: GC percent %d, memory limit %d; want %d, %d", p, l, rebuildGCPercent, 1<<30)
	}
	end()
	if p, l := current(); p != serveGCPercent || l != 1<<30 {
		t.Errorf("GOMEMLIMIT=1GiB, after a rebuild: GC percent %d, memory limit %d; want %d, %d", p, l, serveGCPercent, 1<<30)
	}

	// Nothing left to serve (GOGC and GOMEMLIMIT both set, or not serve at all).
	debug.SetGCPercent(150)
	(&gcSettings{}).rebuilding()()
	if p, l := current(); p != 150 || l != 1<<30 {
		t.Errorf("with nothing left to serve, a rebuild changed the settings to %d, %d", p, l)
	}
}
