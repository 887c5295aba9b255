package neo4jstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// leasePrefix keeps lock nodes apart from the graph's meta node, whose label they
// share for its unique constraint: MERGE on a unique property is what makes taking a
// lock safe when several servers try at once.
const leasePrefix = "lock:"

// ErrLeaseLost ends a lease's context when the lease could not be renewed in time, so
// another server may now hold it.
var ErrLeaseLost = errors.New("neo4j: lock lease lost")

// Lease is a named lock held in the graph by one process, with an expiry renewed in the
// background until Release: a process that dies without releasing loses it when the
// expiry passes. Expiry is the database's clock, so servers' clocks need not agree.
type Lease struct {
	store  *Store
	name   string
	holder string
	ttl    time.Duration

	ctx    context.Context
	cancel context.CancelCauseFunc
	stop   chan struct{}
	done   chan struct{}
	once   sync.Once
}

// TryLock takes the lock name for ttl when it is free or its holder's expiry has
// passed, and renews it every ttl/3. It returns nil and no error when another process
// holds it.
func (s *Store) TryLock(ctx context.Context, name string, ttl time.Duration) (*Lease, error) {
	if err := s.ensureLockConstraint(ctx); err != nil {
		return nil, err
	}
	var b [12]byte
	_, _ = rand.Read(b[:])
	holder := hex.EncodeToString(b[:])
	got, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		recs, err := s.run(ctx, tx, `
			MERGE (l:GraphMeta {id: $id})
			WITH l
			WHERE l.lockHolder IS NULL OR l.lockExpires < timestamp()
			SET l.lockHolder = $holder, l.lockExpires = timestamp() + $ttl
			RETURN true`,
			map[string]any{"id": leasePrefix + name, "holder": holder, "ttl": ttl.Milliseconds()})
		return len(recs) == 1, err
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j: lock %s: %w", name, err)
	}
	if !got.(bool) {
		return nil, nil
	}
	l := &Lease{store: s, name: name, holder: holder, ttl: ttl, stop: make(chan struct{}), done: make(chan struct{})}
	l.ctx, l.cancel = context.WithCancelCause(context.WithoutCancel(ctx))
	go l.renew()
	return l, nil
}

// ensureLockConstraint makes the meta node's unique constraint, which TryLock relies on,
// before anything else exists: it is the first statement a fresh database sees. Two
// servers creating it at once may see a transient schema error, so it is retried.
func (s *Store) ensureLockConstraint(ctx context.Context) error {
	const stmt = "CREATE CONSTRAINT GraphMeta_id IF NOT EXISTS FOR (n:GraphMeta) REQUIRE n.id IS UNIQUE"
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		s.queries.Add(1)
		if _, err = neo4j.ExecuteQuery(ctx, s.driver, stmt, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.database)); err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return classifyIn(ctx, ctx.Err(), "neo4j: lock constraint")
		case <-time.After(time.Duration(attempt+1) * 200 * time.Millisecond):
		}
	}
	return classify(err, "neo4j: lock constraint")
}

// Context returns a context that ends when the lease is released or lost: work done
// under the lock should run under it.
func (l *Lease) Context() context.Context { return l.ctx }

// renew extends the expiry every ttl/3 until Release; a renewal that finds the lock
// taken over, or that fails until the expiry has passed, ends the lease's context.
func (l *Lease) renew() {
	defer close(l.done)
	every := max(l.ttl/3, time.Millisecond)
	deadline := time.Now().Add(l.ttl)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-l.stop:
			return
		case <-t.C:
		}
		ctx, cancel := context.WithTimeout(context.Background(), every)
		held, err := l.store.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			recs, err := l.store.run(ctx, tx, `
				MATCH (l:GraphMeta {id: $id}) WHERE l.lockHolder = $holder
				SET l.lockExpires = timestamp() + $ttl
				RETURN true`,
				map[string]any{"id": leasePrefix + l.name, "holder": l.holder, "ttl": l.ttl.Milliseconds()})
			return len(recs) == 1, err
		})
		cancel()
		switch {
		case err == nil && held.(bool):
			deadline = time.Now().Add(l.ttl)
		case err == nil || time.Now().After(deadline):
			l.cancel(ErrLeaseLost)
			return
		}
	}
}

// Release gives the lock up and removes its node, so a released lock leaves the graph
// as it was. Releasing twice is harmless.
func (l *Lease) Release(ctx context.Context) error {
	var err error
	l.once.Do(func() {
		close(l.stop)
		<-l.done
		l.cancel(context.Canceled)
		_, err = l.store.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			return l.store.run(ctx, tx, "MATCH (l:GraphMeta {id: $id}) WHERE l.lockHolder = $holder DELETE l",
				map[string]any{"id": leasePrefix + l.name, "holder": l.holder})
		})
		if err != nil {
			err = fmt.Errorf("neo4j: release lock %s: %w", l.name, err)
		}
	})
	return err
}
