package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"syscall"
	"time"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/seed"
)

// seedHashKey is the graph bookkeeping value holding the hash of the seed last loaded.
const seedHashKey = "seedHash"

// How an import is cut into writes: thousands of rows per statement, few enough that a
// batch of long practice texts stays a few megabytes.
const (
	nodeBatch = 1000
	linkBatch = 5000
	// pendingBatches bounds the batches decoded ahead of the writers, hence memory.
	pendingBatches = 4
	// nodeWriters is how many batches of nodes are written at once, while links are
	// written too: Neo4j runs each transaction on one core.
	nodeWriters = 2
	// staleImportAfter is how long an import may go without writing before another
	// process may take it for abandoned, when it cannot check the importer's process.
	staleImportAfter = 10 * time.Minute
)

// ImportPhase is the stage an import is in.
type ImportPhase string

// The phases of an import, in order; it ends done or failed.
const (
	PhaseStaging    ImportPhase = "staging"    // reading, validating and writing apart
	PhaseLinking    ImportPhase = "linking"    // links to records read after them
	PhasePublishing ImportPhase = "publishing" // making everything visible at once
	PhaseDone       ImportPhase = "done"
	PhaseFailed     ImportPhase = "failed"
)

// ImportStatus is how far an import has come.
type ImportStatus struct {
	Phase       ImportPhase
	Read        map[graph.Kind]int // valid records read, by kind
	Staged      map[graph.Kind]int // records written to the staging, by kind
	LinksRead   int
	LinksStaged int
	Elapsed     time.Duration
}

// Records returns how many records were read and staged, all kinds together.
func (s ImportStatus) Records() (read, staged int) {
	for _, n := range s.Read {
		read += n
	}
	for _, n := range s.Staged {
		staged += n
	}
	return read, staged
}

// ImportProgress is told how an import advances: after each batch written and at each
// change of phase, from one goroutine at a time. It must return quickly.
type ImportProgress func(ImportStatus)

// ImportOptions are the optional parts of an import.
type ImportOptions struct {
	// Meta are bookkeeping values stored when the import is published (Changeset.Meta).
	Meta map[string]string
	// Progress, when set, is told how the import advances.
	Progress ImportProgress
}

// RecordSource feeds an import its records in order, calling fn for each; it returns
// seed.Problems for records it could not read, and fn's error as is. A YAML file
// (seed.Stream) and a parsed Input are record sources; so can a CSV catalogue be.
type RecordSource func(ctx context.Context, fn func(seed.Record) error) error

// FileSource streams data files (or folders of them) record by record.
func FileSource(paths ...string) (RecordSource, error) {
	files, err := seed.Files(paths...)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, fn func(seed.Record) error) error {
		return seed.Stream(ctx, files, fn)
	}, nil
}

// InputSource feeds the records of a parsed input.
func InputSource(in *seed.Input) RecordSource {
	return func(ctx context.Context, fn func(seed.Record) error) error {
		for _, rec := range in.Records() {
			if err := fn(rec); err != nil {
				return err
			}
		}
		return nil
	}
}

// Import checks decoded data files against the graph (every problem named by file and
// line) and writes them whole or not at all, like ImportRecords. Importing the same
// files twice changes nothing but the graph's version.
func (a *App) Import(ctx context.Context, in *seed.Input) (graph.ChangeResult, error) {
	if err := in.Validate(ctx, a.Store.Existing); err != nil {
		return graph.ChangeResult{}, err
	}
	return a.ImportRecords(ctx, InputSource(in), ImportOptions{})
}

// ImportFiles streams data files (or folders of them) into the graph like ImportRecords.
func (a *App) ImportFiles(ctx context.Context, paths []string, opt ImportOptions) (graph.ChangeResult, error) {
	src, err := FileSource(paths...)
	if err != nil {
		return graph.ChangeResult{}, err
	}
	return a.ImportRecords(ctx, src, opt)
}

// LoadSeed loads the seed files of dir like ImportFiles. When the graph already holds
// exactly these files it writes nothing and returns unchanged, so loading twice
// changes nothing, not even the graph's version.
func (a *App) LoadSeed(ctx context.Context, dir string) (res graph.ChangeResult, unchanged bool, err error) {
	sum, err := seed.HashDir(dir)
	if err != nil {
		return res, false, err
	}
	meta, err := a.Store.Meta(ctx)
	if err != nil {
		return res, false, err
	}
	if meta[seedHashKey] == sum {
		v, err := a.Store.Version(ctx)
		return graph.ChangeResult{Version: v}, true, err
	}
	res, err = a.ImportFiles(ctx, []string{dir}, ImportOptions{Meta: map[string]string{seedHashKey: sum}})
	if err != nil {
		return res, false, fmt.Errorf("seed: load %s: %w", dir, err)
	}
	return res, false, nil
}

// RemoveAbandonedImports discards the staging of imports that stopped without
// publishing or discarding it (a killed importer): those whose process is gone on this
// host, or which have written nothing for a long time. Nothing of them was visible.
func (a *App) RemoveAbandonedImports(ctx context.Context) (int, error) {
	im, ok := a.Store.(graph.Importer)
	if !ok {
		return 0, nil
	}
	list, err := im.StagedImports(ctx)
	if err != nil {
		return 0, err
	}
	host, _ := os.Hostname()
	n := 0
	for _, imp := range list {
		gone := imp.Owner.Host == host && imp.Owner.PID != os.Getpid() && !processAlive(imp.Owner.PID)
		if !gone && time.Since(imp.SeenAt) < staleImportAfter {
			continue
		}
		if err := im.DiscardImport(ctx, imp.ID); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// processAlive reports whether a process of this host runs with that pid.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// ImportRecords streams records into the graph, whole or not at all. Each record is
// validated as it is read, with the rules editors' writes follow, and written to a
// staging no reader sees, in batches of thousands of rows, while the next ones are
// read; references to records read later are resolved at the end. Once everything
// is staged and every reference resolves, one final step publishes it all under one
// new graph version. Any problem — a bad record, an unknown reference, a failed write —
// returns an error (seed.Problems, each named by file and line, for the input's
// problems) and leaves the graph as it was, its staging removed.
func (a *App) ImportRecords(ctx context.Context, src RecordSource, opt ImportOptions) (graph.ChangeResult, error) {
	im, ok := a.Store.(graph.Importer)
	if !ok {
		return graph.ChangeResult{}, graph.Errorf(graph.EINTERNAL, "import: the graph store cannot stage imports")
	}
	if _, err := a.RemoveAbandonedImports(ctx); err != nil {
		return graph.ChangeResult{}, fmt.Errorf("import: remove abandoned imports: %w", err)
	}
	host, _ := os.Hostname()
	st, err := im.BeginImport(ctx, graph.ImportOwner{Host: host, PID: os.Getpid()})
	if err != nil {
		return graph.ChangeResult{}, fmt.Errorf("import: %w", err)
	}
	run := &importRun{app: a, st: st, opt: opt, start: time.Now(),
		defined: map[graph.Ref]struct{}{}, exists: map[graph.Ref]bool{}, sources: map[string][]seed.LinkOrigin{},
		status: ImportStatus{Phase: PhaseStaging, Read: map[graph.Kind]int{}, Staged: map[graph.Kind]int{}}}
	res, err := run.do(ctx, src)
	if err != nil {
		run.setPhase(PhaseFailed)
		// Nothing is visible; remove the staging even if the caller gave up.
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Minute)
		defer cancel()
		if derr := st.Discard(dctx); derr != nil {
			return graph.ChangeResult{}, fmt.Errorf("import: %w (its staging is left for the next import to remove: %v)", err, derr)
		}
		return graph.ChangeResult{}, err
	}
	run.setPhase(PhaseDone)
	if a.AfterCommit != nil {
		ictx, cancel := context.WithTimeout(context.WithoutCancel(ctx), indexTimeout)
		defer cancel()
		// The import is published; the index catches up later if this fails.
		_ = a.AfterCommit(ictx)
	}
	return res, nil
}

// pendingLink is a link with where it was read.
type pendingLink struct {
	link   graph.Link
	origin seed.LinkOrigin
	// defined says the target is a record of the import, staged before the link.
	defined bool
}

// importJob is one batch for the writer: nodes of one kind, or links.
type importJob struct {
	nodes []graph.Node
	links []pendingLink
}

// importRun is one import under way. The reading goroutine owns defined, sources and
// the buffers; the goroutine writing links owns exists, deferred and probs until the
// input ends; status is shared.
type importRun struct {
	app   *App
	st    graph.Staging
	opt   ImportOptions
	start time.Time

	defined map[graph.Ref]struct{}
	// sources are Source ids named before (or without) their record, with where.
	sources map[string][]seed.LinkOrigin
	nodeBuf map[graph.Kind][]graph.Node
	linkBuf []pendingLink

	exists   map[graph.Ref]bool
	deferred []pendingLink // links to nothing known yet: maybe a record read later
	probs    seed.Problems

	mu     sync.Mutex
	status ImportStatus
	// reporting makes Progress calls one at a time.
	reporting sync.Mutex
}

// maxOriginsPerSource bounds the problems kept for one unknown Source.
const maxOriginsPerSource = 20

func (r *importRun) do(ctx context.Context, src RecordSource) (graph.ChangeResult, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	jobs := make(chan importJob, pendingBatches)
	done := make(chan error, 1)
	go func() { done <- r.dispatch(ctx, cancel, jobs) }()
	r.nodeBuf = map[graph.Kind][]graph.Node{}
	send := func(job importJob) error {
		select {
		case jobs <- job:
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	}
	flushNodes := func() error {
		for _, k := range sortedKinds(r.nodeBuf) {
			if len(r.nodeBuf[k]) > 0 {
				if err := send(importJob{nodes: r.nodeBuf[k]}); err != nil {
					return err
				}
				r.nodeBuf[k] = nil
			}
		}
		return nil
	}
	flushLinks := func() error {
		// Nodes first: a link's ends must be staged before it.
		if err := flushNodes(); err != nil {
			return err
		}
		if len(r.linkBuf) > 0 {
			if err := send(importJob{links: r.linkBuf}); err != nil {
				return err
			}
			r.linkBuf = nil
		}
		return nil
	}
	readErr := src(ctx, func(rec seed.Record) error {
		n := rec.Node
		r.defined[n.Ref()] = struct{}{}
		r.needSource(n.Provenance.Source, seed.LinkOrigin{Origin: rec.Origin, Field: "source"})
		r.nodeBuf[n.Kind] = append(r.nodeBuf[n.Kind], n)
		for i, l := range rec.Links {
			if laterTwin(rec.Links, i) {
				continue // the same link again further on: the last one is written
			}
			o := rec.LinkOrigins[i]
			r.needSource(l.Provenance.Source, seed.LinkOrigin{Origin: o.Origin, Field: o.SourceField()})
			_, def := r.defined[l.To]
			r.linkBuf = append(r.linkBuf, pendingLink{link: l, origin: o, defined: def})
		}
		r.mu.Lock()
		r.status.Read[n.Kind]++
		r.status.LinksRead += len(rec.Links)
		r.mu.Unlock()
		if len(r.nodeBuf[n.Kind]) >= nodeBatch {
			if err := send(importJob{nodes: r.nodeBuf[n.Kind]}); err != nil {
				return err
			}
			r.nodeBuf[n.Kind] = nil
		}
		if len(r.linkBuf) >= linkBatch {
			return flushLinks()
		}
		return nil
	})
	if readErr == nil {
		readErr = flushLinks()
	}
	close(jobs)
	writeErr := <-done
	switch {
	case writeErr != nil:
		return graph.ChangeResult{}, fmt.Errorf("import: %w", writeErr)
	case readErr != nil:
		return graph.ChangeResult{}, readErr
	}

	// Every record is staged: links to records read after them can be written now.
	r.setPhase(PhaseLinking)
	var later []pendingLink
	for _, pl := range r.deferred {
		if _, ok := r.defined[pl.link.To]; ok {
			pl.defined = true
			later = append(later, pl)
			continue
		}
		r.probs = append(r.probs, seed.Problem{File: pl.origin.File, Line: pl.origin.Line, Record: pl.origin.Record, Field: pl.origin.Field,
			Msg: fmt.Sprintf("unknown %s %q (%s links to a %s)", pl.link.To.Kind, pl.link.To.ID, pl.link.Type, pl.link.To.Kind)})
	}
	r.deferred = nil
	for len(later) > 0 {
		n := min(len(later), linkBatch)
		if err := r.write(ctx, importJob{links: later[:n]}); err != nil {
			return graph.ChangeResult{}, fmt.Errorf("import: %w", err)
		}
		later = later[n:]
	}
	if err := r.checkSources(ctx); err != nil {
		return graph.ChangeResult{}, err
	}
	if len(r.probs) > 0 {
		return graph.ChangeResult{}, r.probs
	}

	r.setPhase(PhasePublishing)
	res, err := r.st.Publish(ctx, r.opt.Meta)
	if err != nil {
		return graph.ChangeResult{}, fmt.Errorf("import: %w", err)
	}
	return res, nil
}

// laterTwin reports whether a link to the same node by the same relationship follows
// links[i] in one record's links.
func laterTwin(links []graph.Link, i int) bool {
	for _, l := range links[i+1:] {
		if l.Type == links[i].Type && l.To == links[i].To {
			return true
		}
	}
	return false
}

// dispatch writes the batches of jobs until it is closed: batches of nodes up to
// nodeWriters at a time, batches of links one at a time in order, each once the nodes
// sent before it are written (its links' ends). It returns the first error, after which
// it only drains jobs.
func (r *importRun) dispatch(ctx context.Context, cancel context.CancelCauseFunc, jobs <-chan importJob) error {
	var (
		mu       sync.Mutex
		firstErr error
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
			cancel(err)
		}
		mu.Unlock()
	}
	failed := func() bool {
		mu.Lock()
		defer mu.Unlock()
		return firstErr != nil
	}
	slots := make(chan struct{}, nodeWriters)
	var pending []chan struct{} // one per batch of nodes not known to be written
	links := make(chan linkTask, pendingBatches)
	linksDone := make(chan struct{})
	go func() {
		defer close(linksDone)
		for task := range links {
			for _, c := range task.after {
				<-c
			}
			if !failed() {
				if err := r.write(ctx, task.job); err != nil {
					fail(err)
				}
			}
		}
	}()
	for job := range jobs {
		if failed() {
			continue
		}
		if len(job.links) > 0 {
			links <- linkTask{job: job, after: pending}
			pending = nil
			continue
		}
		c := make(chan struct{})
		pending = append(pending, c)
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; close(c) }()
			if !failed() {
				if err := r.write(ctx, job); err != nil {
					fail(err)
				}
			}
		}()
	}
	// Wait for every batch of nodes, then every batch of links.
	for _, c := range pending {
		<-c
	}
	close(links)
	<-linksDone
	for range nodeWriters {
		slots <- struct{}{}
	}
	return firstErr
}

// linkTask is a batch of links and the batches of nodes to be written before it.
type linkTask struct {
	job   importJob
	after []chan struct{}
}

// needSource notes that a record or link names a Source not read so far.
func (r *importRun) needSource(id string, o seed.LinkOrigin) {
	if _, ok := r.defined[graph.Ref{Kind: graph.KindSource, ID: id}]; ok {
		return
	}
	if len(r.sources[id]) < maxOriginsPerSource {
		r.sources[id] = append(r.sources[id], o)
	}
}

// checkSources reports the Sources named but neither read nor in the graph.
func (r *importRun) checkSources(ctx context.Context) error {
	var refs []graph.Ref
	for id := range r.sources {
		ref := graph.Ref{Kind: graph.KindSource, ID: id}
		if _, ok := r.defined[ref]; !ok {
			refs = append(refs, ref)
		}
	}
	if len(refs) == 0 {
		return nil
	}
	found, err := r.app.Store.Existing(ctx, refs)
	if err != nil {
		return fmt.Errorf("import: check sources: %w", err)
	}
	for _, ref := range refs {
		if found[ref] {
			continue
		}
		for _, o := range r.sources[ref.ID] {
			msg := fmt.Sprintf("unknown Source %q", ref.ID)
			if o.Field == "source" {
				msg += ": declare it in a Source record"
			}
			r.probs = append(r.probs, seed.Problem{File: o.File, Line: o.Line, Record: o.Record, Field: o.Field, Msg: msg})
		}
	}
	return nil
}

// write stages one batch. Links whose target is neither a record read before them nor
// in the graph wait in deferred for the end of the input.
func (r *importRun) write(ctx context.Context, job importJob) error {
	if len(job.nodes) > 0 {
		if err := r.st.StageNodes(ctx, job.nodes); err != nil {
			return err
		}
		r.mu.Lock()
		r.status.Staged[job.nodes[0].Kind] += len(job.nodes)
		r.mu.Unlock()
		r.report()
		return nil
	}
	var unknown []graph.Ref
	asked := map[graph.Ref]bool{}
	for _, pl := range job.links {
		if _, known := r.exists[pl.link.To]; !pl.defined && !known && !asked[pl.link.To] {
			asked[pl.link.To] = true
			unknown = append(unknown, pl.link.To)
		}
	}
	if len(unknown) > 0 {
		found, err := r.app.Store.Existing(ctx, unknown)
		if err != nil {
			return err
		}
		for _, ref := range unknown {
			r.exists[ref] = found[ref]
		}
	}
	links := make([]graph.Link, 0, len(job.links))
	kept := make([]pendingLink, 0, len(job.links))
	for _, pl := range job.links {
		if !pl.defined && !r.exists[pl.link.To] {
			r.deferred = append(r.deferred, pl)
			continue
		}
		links = append(links, pl.link)
		kept = append(kept, pl)
	}
	if len(links) == 0 {
		return nil
	}
	missing, err := r.st.StageLinks(ctx, links)
	if err != nil {
		return err
	}
	for _, i := range missing {
		pl := kept[i]
		r.probs = append(r.probs, seed.Problem{File: pl.origin.File, Line: pl.origin.Line, Record: pl.origin.Record, Field: pl.origin.Field,
			Msg: fmt.Sprintf("cannot link to %s %q: it no longer exists", pl.link.To.Kind, pl.link.To.ID)})
	}
	r.mu.Lock()
	r.status.LinksStaged += len(links) - len(missing)
	r.mu.Unlock()
	r.report()
	return nil
}

func (r *importRun) setPhase(p ImportPhase) {
	r.mu.Lock()
	r.status.Phase = p
	r.mu.Unlock()
	r.report()
}

// report tells opt.Progress the status, a copy it may keep.
func (r *importRun) report() {
	if r.opt.Progress == nil {
		return
	}
	r.reporting.Lock()
	defer r.reporting.Unlock()
	r.mu.Lock()
	s := r.status
	s.Read, s.Staged = copyCounts(s.Read), copyCounts(s.Staged)
	s.Elapsed = time.Since(r.start)
	r.mu.Unlock()
	r.opt.Progress(s)
}

func copyCounts(m map[graph.Kind]int) map[graph.Kind]int {
	out := make(map[graph.Kind]int, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func sortedKinds[V any](m map[graph.Kind]V) []graph.Kind {
	out := make([]graph.Kind, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
