package resolvers

import (
	"bytes"
	listpkg "container/list"
	"context"
	"encoding/json"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/practicegraph/practicegraph/graph"
)

// keptAnswerMaxAge bounds how long an answer of one graph state is served. Every write
// through practicegraph moves the state, so this only matters for changes made to the
// database by other means (a Cypher shell), and for a cluster member that answered the
// state before it had caught up with it: they show within keptAnswerMaxAge, as the
// dashboards' breakdowns do.
const keptAnswerMaxAge = time.Minute

// olderStateGrace is how long after the answers' state is first read a request reading
// an older one is read alone rather than taken as the graph's: long enough for a read
// that raced a write, or a cluster member catching up.
const olderStateGrace = 5 * time.Second

// Answers keeps the answers the compiled reader writes, for the graph state they were
// read at. Those answers hold nothing but what the graph holds (entities, their texts
// and links, lists and their totals), so a request asking the same operation with the
// same variables while the graph is in the same state gets the same bytes: dashboards
// and pages asked again and again cost one small round trip (the state) instead of
// their reads. Concurrent requests for the same answer wait for one reading. The
// answers are bounded in bytes, the least recently asked dropped first, and all of them
// are dropped when the state moves.
type Answers struct {
	max    int64             // bytes of keys and answers kept
	states graph.StateReader // reads the state answers are kept for

	mu    sync.Mutex
	state graph.State
	since time.Time // when state became the one answers are kept for
	byKey map[string]*keptAnswer
	order listpkg.List // of *keptAnswer, least recently asked first
	size  int64

	hits, misses atomic.Int64
}

// keptAnswer is one answer, or one being read: done closes once data and ok are set.
type keptAnswer struct {
	key  string
	done chan struct{}
	data []byte
	ok   bool
	// abandoned says the reading failed because its own request ended (its deadline,
	// its client gone): the others waiting for it read again.
	abandoned bool
	at        time.Time
	elem      *listpkg.Element // in Answers.order once kept
}

// NewAnswers keeps up to maxBytes of answers (and their keys) for the graph state states
// reads; nil when maxBytes is not positive, which keeps none.
func NewAnswers(maxBytes int64, states graph.StateReader) *Answers {
	if maxBytes <= 0 {
		return nil
	}
	return &Answers{max: maxBytes, states: states}
}

// Stats returns the requests answered from the answers kept and those read.
func (a *Answers) Stats() (hits, misses int64) {
	if a == nil {
		return 0, 0
	}
	return a.hits.Load(), a.misses.Load()
}

// Size returns the bytes of the answers kept, keys included.
func (a *Answers) Size() int64 {
	if a == nil {
		return 0
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.size
}

// answerKey is what an answer depends on besides the graph: the document, the
// operation and the variables (encoded with their keys sorted).
func answerKey(oc *graphql.OperationContext) (string, bool) {
	vars, err := json.Marshal(oc.Variables)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	b.Grow(len(oc.RawQuery) + len(oc.OperationName) + len(vars) + 2)
	b.WriteString(oc.RawQuery)
	b.WriteByte(0)
	b.WriteString(oc.OperationName)
	b.WriteByte(0)
	b.Write(vars)
	return b.String(), true
}

// answer returns the answer kept under key for the state the request reads, or reads it
// with read and keeps it. kept says the answer was read for an earlier request. When
// the state cannot be read, the answer is read and not kept.
func (a *Answers) answer(ctx context.Context, key string, read func() ([]byte, bool)) (data []byte, ok, kept bool) {
	// The state is read first: whatever is read after it is of that state or a later
	// one, so an answer kept under it is never older than the state it is served for.
	st, err := a.states.State(ctx)
	if err != nil {
		a.misses.Add(1)
		data, ok = read()
		return data, ok, false
	}
	for {
		a.mu.Lock()
		switch {
		case a.byKey != nil && st == a.state:
		case a.byKey != nil && a.state.Covers(st) && time.Since(a.since) < olderStateGrace:
			// An older state than the answers kept (the request read it just before a
			// write, or from a cluster member behind): read for this request alone.
			// Past olderStateGrace the older state is the graph's (a discarded import
			// gave its version back), and the answers are kept for it.
			a.mu.Unlock()
			a.misses.Add(1)
			data, ok = read()
			return data, ok, false
		default:
			a.dropAll(st) // a new state (or another epoch): what is kept no longer serves
		}
		e := a.byKey[key]
		if e != nil && isClosed(e.done) && (!e.ok || time.Since(e.at) >= keptAnswerMaxAge) {
			a.drop(e)
			e = nil
		}
		if e == nil {
			e = &keptAnswer{key: key, done: make(chan struct{})}
			a.byKey[key] = e
			a.mu.Unlock()
			a.misses.Add(1)
			a.read(ctx, e, int64(len(key)), read)
			a.keep(e)
			return e.data, e.ok, false
		}
		if isClosed(e.done) {
			if e.elem != nil {
				a.order.MoveToBack(e.elem)
			}
			a.mu.Unlock()
			a.hits.Add(1)
			return e.data, true, true
		}
		a.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return nil, false, false
		}
		if !e.ok {
			if e.abandoned && ctx.Err() == nil {
				continue // that request ended, not the reading's chances: read again
			}
			// The reading waited for failed (the entity is missing, a cursor is
			// wrong): the executor answers this one with its own reads and errors,
			// rather than each waiter reading in turn.
			return nil, false, false
		}
		a.hits.Add(1)
		return e.data, true, true
	}
}

// read fills e with read's answer, for the request of ctx, and closes e.done, even if
// read panics. An answer that may be kept is copied to its own size: the buffer it was
// written in may be up to twice as large, and the bound counts bytes kept.
func (a *Answers) read(ctx context.Context, e *keptAnswer, keyLen int64, read func() ([]byte, bool)) {
	defer close(e.done)
	defer func() { e.at, e.abandoned = time.Now(), !e.ok && ctx.Err() != nil }()
	data, ok := read()
	if ok && keyLen+int64(len(data))+entryBytes <= a.max/8 && cap(data) > len(data) {
		data = bytes.Clone(data)
	}
	e.data, e.ok = data, ok
}

// keep accounts for e once read, if it is still the entry of its key (the state has not
// moved meanwhile) and fits: an answer larger than an eighth of the bound is not kept,
// so that one request cannot empty the others' answers. Failed readings are dropped.
func (a *Answers) keep(e *keptAnswer) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.byKey[e.key] != e {
		return
	}
	cost := e.cost()
	if !e.ok || cost > a.max/8 {
		a.drop(e)
		return
	}
	e.elem = a.order.PushBack(e)
	a.size += cost
	for a.size > a.max {
		a.drop(a.order.Front().Value.(*keptAnswer))
	}
}

// drop removes e; a.mu is held.
func (a *Answers) drop(e *keptAnswer) {
	if a.byKey[e.key] == e {
		delete(a.byKey, e.key)
	}
	if e.elem != nil {
		a.order.Remove(e.elem)
		a.size -= e.cost()
		e.elem = nil
	}
}

// entryBytes is what an entry costs besides its key and answer: the entry itself, its
// channel, its list element and its map slot. Small answers of many distinct requests
// (a client can make as many as it likes) count it too.
const entryBytes = 256

// cost is the bytes e counts against the bound.
func (e *keptAnswer) cost() int64 { return int64(len(e.key)+len(e.data)) + entryBytes }

// dropAll forgets every answer for a new state; a.mu is held. Readings under way finish
// for their own requests and are not kept.
func (a *Answers) dropAll(st graph.State) {
	for el := a.order.Front(); el != nil; el = el.Next() {
		el.Value.(*keptAnswer).elem = nil
	}
	a.state, a.since = st, time.Now()
	a.byKey = map[string]*keptAnswer{}
	a.order.Init()
	a.size = 0
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// freshKey marks a request whose client asked for a fresh answer.
type freshKey struct{}

// WithFreshAnswer marks ctx's request as asking for an answer read from the graph now
// (an HTTP request's Cache-Control: no-cache): no kept answer serves it, and its answer
// is not kept.
func WithFreshAnswer(ctx context.Context) context.Context {
	return context.WithValue(ctx, freshKey{}, true)
}

// wantsFresh reports whether the request is to be read from the graph now: its client
// asked so, or it carries the bookmarks of a write (on a cluster, an answer kept may
// have been read from a member that had not seen that write yet, whatever state it is
// kept under).
func wantsFresh(ctx context.Context) bool {
	if v, _ := ctx.Value(freshKey{}).(bool); v {
		return true
	}
	b := graph.BookmarksOf(ctx)
	return b != nil && len(b.Wait) > 0
}
