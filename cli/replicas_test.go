package cli

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/practicegraph/practicegraph/graph/neo4jstore/neo4jtest"
)

// lockedBuffer is a log sink two goroutines may write at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// Two servers started together on an empty graph: exactly one seeds it, the other
// waits and finds it seeded, and both end in step with it.
func TestReplicasSeedAnEmptyGraphOnce(t *testing.T) {
	neo := neo4jtest.Config(t)
	neo4jtest.Lock(t, neo)
	neo4jtest.Wipe(t, neo)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()

	const replicas = 2
	var (
		svcs  [replicas]*Services
		logs  [replicas]*lockedBuffer
		errs  [replicas]error
		start = make(chan struct{})
		wg    sync.WaitGroup
	)
	for i := range replicas {
		cfg := DefaultConfig()
		cfg.DataDir = t.TempDir()
		cfg.SeedDir = "../seed/data"
		cfg.Neo4j = neo
		logs[i] = &lockedBuffer{}
		svc, err := OpenServices(cfg, slog.New(slog.NewTextHandler(logs[i], nil)))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { svc.Close(context.Background()) })
		svcs[i] = svc
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = svc.bootstrap(ctx)
		}()
	}
	close(start)
	wg.Wait()

	seeded := 0
	for i := range replicas {
		if errs[i] != nil {
			t.Errorf("server %d: bootstrap: %v\n%s", i, errs[i], logs[i])
		}
		if strings.Contains(logs[i].String(), "Seeded an empty graph") {
			seeded++
		}
	}
	if seeded != 1 {
		t.Errorf("%d servers seeded the graph, want exactly 1\nlogs:\n%s\n%s", seeded, logs[0], logs[1])
	}
	graphVersion, err := svcs[0].Store.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, svc := range svcs {
		// A fresh index is rebuilt by the catch-up loop's first run, once the server is
		// ready (bootstrap leaves it there so the server answers meanwhile); run it here.
		if err := svc.catchUp(ctx); err != nil {
			t.Errorf("server %d: first catch-up: %v", i, err)
		}
		if v, err := svc.Index.Version(); err != nil || v != graphVersion {
			t.Errorf("server %d: search index at version %d (%v), want the graph's %d", i, v, err, graphVersion)
		}
	}
	// The lock is gone once both are up: a third server would not wait.
	lease, err := svcs[0].Store.TryLock(ctx, bootstrapLock, time.Minute)
	if err != nil || lease == nil {
		t.Fatalf("the bootstrap lock is still held after both servers started: lease %v, error %v", lease, err)
	}
	if err := lease.Release(ctx); err != nil {
		t.Fatal(err)
	}
}
