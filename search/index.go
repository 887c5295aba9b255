// Package search is practicegraph's full-text index: a bleve index on disk holding one
// document per searchable node, with per-language analysis, facets and highlighting.
// It returns references; callers load the nodes from the graph store.
package search

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	bolterrors "go.etcd.io/bbolt/errors"

	"github.com/practicegraph/practicegraph/graph"
)

// TextIndex is what the rest of practicegraph needs from full-text search.
type TextIndex interface {
	// IndexBatch writes docs, removes deletes and records that the index now reflects
	// graph version version, all in one batch. Returns EUNAVAILABLE when the index is closed.
	IndexBatch(ctx context.Context, docs []graph.Indexable, deletes []graph.Ref, version int64) error
	// Version returns the graph version the index reflects, 0 for a fresh index.
	Version() (int64, error)
	// Search runs a query. Returns EINVALID for a malformed query or cursor.
	Search(ctx context.Context, q Query) (Result, error)
	// Suggest returns the entities whose names begin with text, best first.
	Suggest(ctx context.Context, text string, kinds []graph.Kind, size int) ([]graph.Ref, error)
	// DidYouMean returns text with its unknown words replaced by the nearest known ones,
	// and whether any was.
	DidYouMean(ctx context.Context, text string) (string, bool, error)
	// DocCount returns the number of documents in the index.
	DocCount() (uint64, error)
	// Close releases the index and its lock.
	Close() error
}

var _ TextIndex = (*Index)(nil)

// DefaultLockTimeout is how long Open waits for another process to release the index.
const DefaultLockTimeout = time.Second

// maxBatchDocs bounds one bleve batch, so a rebuild of the whole graph does not hold
// every analysed document in memory at once. Batches of 5,000 measured no faster: the
// analysis, not the segments' writing and merging, is what a build spends its time on.
const maxBatchDocs = 1000

// buildSuffix names the folder a full rebuild writes into, next to the index it replaces.
const buildSuffix = ".rebuild"

// versionKey is the internal key holding the graph version the index reflects.
var versionKey = []byte("practicegraph.version")

// mappingKey is the internal key holding the mappingGeneration the index was built with.
var mappingKey = []byte("practicegraph.mapping")

// Options tune an Index.
type Options struct {
	// LockTimeout is how long Open waits for the file lock another process holds;
	// DefaultLockTimeout when zero.
	LockTimeout time.Duration
	// FacetSize is the number of values returned per facet; 20 when zero.
	FacetSize int
	// Computing bounds the searches computed at once (those no kept result answers);
	// the others wait their turn. Each holds a score for every document of the index
	// while it runs, so the bound is the search's memory bound too. Twice GOMAXPROCS
	// when zero: a search is CPU work, and more at once only shares the same cores.
	Computing int
}

// Index is a bleve index on disk. It is safe for concurrent use; one process at a
// time may open a given path.
type Index struct {
	path string
	opts Options

	mu  sync.RWMutex // guards idx, which Reset and Repair swap
	idx bleve.Index
	id  string // see ID; kept across Reset and Repair

	// gen is the generation of the index's content, which every write moves; results
	// keeps the results of searches in the current one, and keys the sort keys read.
	gen     atomic.Uint64
	results *resultCache
	keys    keyCache
	// computing holds a token for each search being computed (Options.Computing).
	computing chan struct{}

	faultMu sync.Mutex
	fault   error            // the failure Repair must mend; nil when healthy
	rebuild *RebuildProgress // the full rebuild under way; nil when none
}

// RebuildProgress says how far a full rebuild of the index has come. The index keeps
// answering from what it held before until the rebuilt one replaces it.
type RebuildProgress struct {
	Since   time.Time // when the rebuild started
	Indexed int       // documents written to the new index so far
	Total   int       // documents to write; 0 until the graph has been read
}

// Rebuilding returns the progress of the full rebuild under way, and false when none is.
func (x *Index) Rebuilding() (RebuildProgress, bool) {
	x.faultMu.Lock()
	defer x.faultMu.Unlock()
	if x.rebuild == nil {
		return RebuildProgress{}, false
	}
	return *x.rebuild, true
}

// setRebuild records the rebuild's progress: its total of documents when total >= 0,
// and indexed more written. The first call starts the clock.
func (x *Index) setRebuild(total, indexed int) {
	x.faultMu.Lock()
	defer x.faultMu.Unlock()
	if x.rebuild == nil {
		x.rebuild = &RebuildProgress{Since: time.Now()}
	}
	if total >= 0 {
		x.rebuild.Total = total
	}
	x.rebuild.Indexed += indexed
}

func (x *Index) endRebuild() {
	x.faultMu.Lock()
	defer x.faultMu.Unlock()
	x.rebuild = nil
}

// Open opens the index at path, creating it when absent. It returns EUNAVAILABLE
// when another process holds the index.
func Open(path string, opts Options) (*Index, error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = DefaultLockTimeout
	}
	if opts.FacetSize <= 0 {
		opts.FacetSize = 20
	}
	if opts.Computing <= 0 {
		opts.Computing = 2 * runtime.GOMAXPROCS(0)
	}
	idx, err := openBleve(path, opts)
	if err != nil {
		return nil, err
	}
	x := &Index{path: path, opts: opts, idx: idx, results: newResultCache(),
		computing: make(chan struct{}, opts.Computing)}
	if x.id, err = indexID(idx, ""); err != nil {
		_ = idx.Close()
		return nil, err
	}
	return x, nil
}

// idKey is the internal key holding the index's ID.
var idKey = []byte("practicegraph.id")

// indexID returns the id stored in idx, storing want (or a new random id when want is
// empty) when it has none.
func indexID(idx bleve.Index, want string) (id string, err error) {
	defer recoverFault(&err, "read index id")
	got, err := idx.GetInternal(idKey)
	if err != nil {
		return "", graph.Wrap(graph.EUNAVAILABLE, err, "search: read index id")
	}
	if len(got) > 0 && (want == "" || string(got) == want) {
		return string(got), nil
	}
	if want == "" {
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", fmt.Errorf("search: new index id: %w", err)
		}
		want = hex.EncodeToString(b[:])
	}
	if err := idx.SetInternal(idKey, []byte(want)); err != nil {
		return "", graph.Wrap(graph.EUNAVAILABLE, err, "search: write index id")
	}
	return want, nil
}

// ID identifies this index among the indexes kept in step with one graph, so the graph
// can record how far each has read its deletions (GraphSource.MarkIndexed). It is
// random, chosen when the index folder is created, and survives Reset and Repair.
func (x *Index) ID() string { return x.id }

// Fault returns the failure of the last write or read that broke the index, nil when it
// is healthy. A faulty index keeps answering what it can; Repair mends it.
func (x *Index) Fault() error {
	x.faultMu.Lock()
	defer x.faultMu.Unlock()
	return x.fault
}

// Repaired clears the fault, once the index reopened by Repair is back in step with
// the graph.
func (x *Index) Repaired() { x.setFault(nil) }

func (x *Index) setFault(err error) {
	x.faultMu.Lock()
	defer x.faultMu.Unlock()
	x.fault = err
}

// recoverFault turns a panic inside bleve into an EUNAVAILABLE error in *err. bleve
// panics rather than failing when its files vanish or cannot be written (a deleted or
// unwritable folder, a full disk); unrecovered, that kills the whole server.
func recoverFault(err *error, op string) {
	if r := recover(); r != nil {
		*err = graph.Errorf(graph.EUNAVAILABLE, "search index failed to %s: %v", op, r)
	}
}

// fail records err as the index's fault when it is one: a cancelled request or a bad
// query says nothing about the index.
func (x *Index) fail(ctx context.Context, err error) error {
	if err != nil && ctx.Err() == nil && graph.ErrorCode(err) != graph.EINVALID {
		x.setFault(err)
	}
	return err
}

// Repair reopens the index after a fault: it closes what is left of it and opens the
// folder again, creating an empty index when the folder is gone (the next catch-up then
// rebuilds it from the graph). It returns EUNAVAILABLE while the folder still cannot be
// opened; searches answer EUNAVAILABLE until a Repair succeeds. Fault keeps reporting
// the failure until the caller clears it with Repaired, once the index is in step.
func (x *Index) Repair(ctx context.Context) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	x.mu.Lock()
	x.changed() // the index is swapped or closed: no result kept so far answers
	defer x.mu.Unlock()
	if x.idx != nil {
		func() {
			// The old files may be gone: closing can fail or panic, and either way the
			// instance is dropped.
			defer func() { _ = recover() }()
			_ = x.idx.Close()
		}()
		x.idx = nil
	}
	defer recoverFault(&err, "reopen")
	idx, err := openBleve(x.path, x.opts)
	if err != nil {
		x.setFault(err)
		return err
	}
	if _, err := indexID(idx, x.id); err != nil {
		_ = idx.Close()
		x.setFault(err)
		return err
	}
	if _, err := idx.GetInternal(versionKey); err != nil {
		_ = idx.Close()
		err = graph.Wrap(graph.EUNAVAILABLE, err, "search: reopen %s: read version", x.path)
		x.setFault(err)
		return err
	}
	// The fault stays until a catch-up has brought the reopened index in step: a folder
	// created again is empty until it is rebuilt.
	x.idx = idx
	return nil
}

func openBleve(path string, opts Options) (bleve.Index, error) {
	// bolt waits forever for the lock by default: a second server on the same path
	// would hang at start instead of saying why.
	cfg := map[string]interface{}{"bolt_timeout": opts.LockTimeout.String()}
	idx, err := bleve.OpenUsing(path, cfg)
	if err == nil {
		// An index built with an older mapping lacks fields the queries rely on. It is
		// only a copy of the graph: empty it, and the next catch-up rebuilds it (version 0).
		gen, gerr := idx.GetInternal(mappingKey)
		if gerr == nil && string(gen) == mappingGeneration {
			return idx, nil
		}
		if cerr := idx.Close(); cerr != nil {
			return nil, graph.Wrap(graph.EUNAVAILABLE, cerr, "search: close outdated index %s", path)
		}
		if rerr := os.RemoveAll(path); rerr != nil {
			return nil, graph.Wrap(graph.EUNAVAILABLE, rerr, "search: remove outdated index %s", path)
		}
		err = bleve.ErrorIndexPathDoesNotExist
	}
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		m, merr := newMapping()
		if merr != nil {
			return nil, graph.Wrap(graph.EINTERNAL, merr, "search: build mapping")
		}
		idx, err = bleve.NewUsing(path, m, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, cfg)
		if err == nil {
			if err = idx.SetInternal(mappingKey, []byte(mappingGeneration)); err != nil {
				_ = idx.Close()
			}
		}
	}
	switch {
	case err == nil:
		return idx, nil
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, graph.Wrap(graph.EUNAVAILABLE, err, "search index %s is in use by another practicegraph process", path)
	default:
		return nil, graph.Wrap(graph.EUNAVAILABLE, err, "search: open index %s", path)
	}
}

// Path returns the directory of the index.
func (x *Index) Path() string { return x.path }

// Close releases the index and its file lock.
func (x *Index) Close() (err error) {
	x.mu.Lock()
	x.changed() // the index is swapped or closed: no result kept so far answers
	defer x.mu.Unlock()
	defer recoverFault(&err, "close")
	if x.idx == nil {
		return nil
	}
	idx := x.idx
	x.idx = nil // before Close, which may panic on a broken index
	if cerr := idx.Close(); cerr != nil {
		return fmt.Errorf("search: close: %w", cerr)
	}
	return nil
}

// Reset empties the index: it deletes the directory and creates a fresh one in its
// place, for a rebuild from the graph. Searches wait while it runs.
func (x *Index) Reset(ctx context.Context) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	x.mu.Lock()
	x.changed() // the index is swapped or closed: no result kept so far answers
	defer x.mu.Unlock()
	defer func() { err = x.fail(ctx, err) }()
	defer recoverFault(&err, "reset")
	if x.idx != nil {
		cerr := x.idx.Close()
		x.idx = nil
		if cerr != nil {
			return graph.Wrap(graph.EUNAVAILABLE, cerr, "search: reset: close")
		}
	}
	if err := os.RemoveAll(x.path); err != nil {
		return fmt.Errorf("search: reset: %w", err)
	}
	idx, err := openBleve(x.path, x.opts)
	if err != nil {
		return err
	}
	if _, err := indexID(idx, x.id); err != nil {
		_ = idx.Close()
		return err
	}
	x.idx = idx
	return nil
}

// current returns the open bleve index under the read lock; release with x.mu.RUnlock.
func (x *Index) current() (bleve.Index, error) {
	x.mu.RLock()
	if x.idx == nil {
		x.mu.RUnlock()
		if err := x.Fault(); err != nil {
			return nil, err
		}
		return nil, graph.Errorf(graph.EUNAVAILABLE, "search index %s is closed", x.path)
	}
	return x.idx, nil
}

// IndexBatch writes docs, removes deletes and stores version, in batches of at most
// maxBatchDocs documents. The version is written with the last batch, so an interrupted
// run leaves the old version and the next catch-up redoes the work.
func (x *Index) IndexBatch(ctx context.Context, docs []graph.Indexable, deletes []graph.Ref, version int64) (err error) {
	idx, err := x.current()
	if err != nil {
		return err
	}
	defer x.mu.RUnlock()
	defer func() { err = x.fail(ctx, err) }()
	defer recoverFault(&err, "write")
	// Searches run while the batches are written: the results and sort keys they keep
	// belong to the generation each batch ends once it is visible to searches, and the
	// last to the one the write ends (or has failed at).
	defer x.changed()
	return writeBatch(ctx, idx, docs, deletes, &version, x.changed)
}

// batchWriters is how many bleve batches one write has in flight. bleve analyses a
// batch's documents in parallel, but then builds its segment on one goroutine and waits
// for the segment to reach the disk: a second batch keeps the other cores busy
// meanwhile.
const batchWriters = 2

// writeBatch writes docs and removes deletes in batches of at most maxBatchDocs, up to
// batchWriters of them at once, and stores *version with the last batch, once every
// other has been written, when version is not nil.
func writeBatch(ctx context.Context, idx bleve.Index, docs []graph.Indexable, deletes []graph.Ref, version *int64, landed func()) error {
	for i, d := range docs {
		if d.Node.ID == "" || d.Node.Kind == "" {
			return graph.Errorf(graph.EINVALID, "search: document %d has no kind or id", i)
		}
	}
	// A node both deleted and written is written, as it would be in one batch; the
	// others' deletions go with the first batch.
	var written map[string]bool
	if len(deletes) > 0 {
		written = make(map[string]bool, len(docs))
		for _, d := range docs {
			written[docID(d.Node.Ref())] = true
		}
	}
	apply := func(b *bleve.Batch) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := idx.Batch(b); err != nil {
			return graph.Wrap(graph.EUNAVAILABLE, err, "search: index batch")
		}
		if landed != nil {
			landed()
		}
		return nil
	}

	// Batches but the last go to the writers; the last, which carries the version, is
	// applied once they are all written, so an interrupted run leaves the old version.
	var (
		wg       sync.WaitGroup
		errMu    sync.Mutex
		firstErr error
	)
	queue := make(chan *bleve.Batch)
	for range batchWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range queue {
				errMu.Lock()
				failed := firstErr != nil
				errMu.Unlock()
				if failed {
					continue
				}
				// A panic in bleve must not kill the process from this goroutine.
				err := func() (err error) {
					defer recoverFault(&err, "write")
					return apply(b)
				}()
				if err != nil {
					errMu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					errMu.Unlock()
				}
			}
		}()
	}
	// The writers are done before writeBatch returns, even when it panics: its caller
	// then tells searches that the write is over, and no batch may land after that.
	var closeOnce sync.Once
	drain := func() {
		closeOnce.Do(func() { close(queue) })
		wg.Wait()
	}
	defer drain()
	failed := func() error {
		errMu.Lock()
		defer errMu.Unlock()
		return firstErr
	}
	b := idx.NewBatch()
	for _, ref := range deletes {
		if id := docID(ref); !written[id] {
			b.Delete(id)
		}
	}
	var err error
	for _, d := range docs {
		if b.Size() >= maxBatchDocs {
			// A fresh batch for each: scorch's analysis goroutines may still be reading
			// a batch's documents when Batch returns (the race detector sees it).
			queue <- b
			b = idx.NewBatch()
			if err = failed(); err != nil {
				break
			}
		}
		if err = b.Index(docID(d.Node.Ref()), newDocument(d)); err != nil {
			err = fmt.Errorf("search: index %s: %w", d.Node.Ref(), err)
			break
		}
	}
	drain()
	if err == nil {
		err = failed()
	}
	if err != nil {
		return err
	}
	if version != nil {
		var v [8]byte
		binary.BigEndian.PutUint64(v[:], uint64(*version))
		b.SetInternal(versionKey, v[:])
	} else if b.Size() == 0 {
		return nil
	}
	return apply(b)
}

// Build is a full rebuild under way: a new index in a folder of its own next to the
// current one, which keeps answering searches until Commit puts the new one in its place.
type Build struct {
	x    *Index
	path string
	idx  bleve.Index
}

// beginBuild starts a rebuild into an empty folder, removing what an interrupted
// rebuild left there.
func (x *Index) beginBuild(ctx context.Context) (_ *Build, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	defer recoverFault(&err, "start a rebuild")
	path := x.path + buildSuffix
	if err := os.RemoveAll(path); err != nil {
		return nil, graph.Wrap(graph.EUNAVAILABLE, err, "search: rebuild: clear %s", path)
	}
	idx, err := openBleve(path, x.opts)
	if err != nil {
		return nil, err
	}
	x.setRebuild(-1, 0)
	return &Build{x: x, path: path, idx: idx}, nil
}

// IndexBatch writes docs to the new index.
func (b *Build) IndexBatch(ctx context.Context, docs []graph.Indexable) (err error) {
	defer recoverFault(&err, "write the rebuilt index")
	if err := writeBatch(ctx, b.idx, docs, nil, nil, nil); err != nil {
		return err
	}
	b.x.setRebuild(-1, len(docs))
	return nil
}

// Commit stamps the new index with version and the index's ID and puts it in the place
// of the current one. Searches wait only for the swap itself.
func (b *Build) Commit(ctx context.Context, version int64) (err error) {
	defer recoverFault(&err, "swap in the rebuilt index")
	if err := writeBatch(ctx, b.idx, nil, nil, &version, nil); err != nil {
		return err
	}
	if _, err := indexID(b.idx, b.x.id); err != nil {
		return err
	}
	if err := b.idx.Close(); err != nil {
		return graph.Wrap(graph.EUNAVAILABLE, err, "search: rebuild: close %s", b.path)
	}
	b.idx = nil
	x := b.x
	x.mu.Lock()
	x.changed() // the index is swapped or closed: no result kept so far answers
	defer x.mu.Unlock()
	defer func() { err = x.fail(ctx, err) }()
	if x.idx != nil {
		func() {
			// A broken index may fail or panic on close; it is replaced either way.
			defer func() { _ = recover() }()
			_ = x.idx.Close()
		}()
		x.idx = nil
	}
	if err := os.RemoveAll(x.path); err != nil {
		return graph.Wrap(graph.EUNAVAILABLE, err, "search: rebuild: remove the old index %s", x.path)
	}
	if err := os.Rename(b.path, x.path); err != nil {
		return graph.Wrap(graph.EUNAVAILABLE, err, "search: rebuild: move %s into place", b.path)
	}
	idx, err := openBleve(x.path, x.opts)
	if err != nil {
		return err
	}
	x.idx = idx
	x.endRebuild()
	return nil
}

// Abort drops the new index; the current one stays as it is.
func (b *Build) Abort() {
	if b.idx != nil {
		func() {
			defer func() { _ = recover() }()
			_ = b.idx.Close()
		}()
		b.idx = nil
	}
	_ = os.RemoveAll(b.path)
	b.x.endRebuild()
}

// Version returns the graph version the index reflects, 0 for a fresh index.
func (x *Index) Version() (_ int64, err error) {
	idx, err := x.current()
	if err != nil {
		return 0, err
	}
	defer x.mu.RUnlock()
	defer func() { err = x.fail(context.Background(), err) }()
	defer recoverFault(&err, "read its version")
	v, err := idx.GetInternal(versionKey)
	if err != nil {
		return 0, graph.Wrap(graph.EUNAVAILABLE, err, "search: read version")
	}
	if len(v) != 8 {
		return 0, nil
	}
	return int64(binary.BigEndian.Uint64(v)), nil
}

// DocCount returns the number of documents in the index.
func (x *Index) DocCount() (_ uint64, err error) {
	idx, err := x.current()
	if err != nil {
		return 0, err
	}
	defer x.mu.RUnlock()
	defer func() { err = x.fail(context.Background(), err) }()
	defer recoverFault(&err, "count documents")
	n, err := idx.DocCount()
	if err != nil {
		return 0, graph.Wrap(graph.EUNAVAILABLE, err, "search: doc count")
	}
	return n, nil
}

// docID is the bleve id of a node: "Kind:id", unique across kinds.
func docID(r graph.Ref) string { return r.String() }

// parseDocID is the inverse of docID.
func parseDocID(s string) graph.Ref {
	k, id, _ := strings.Cut(s, ":")
	return graph.Ref{Kind: graph.Kind(k), ID: id}
}
