package neo4jstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/practicegraph/practicegraph/graph"
)

var _ graph.Importer = (*Store)(nil)

// How an import is staged. A new node is written with the label _Staged instead of its
// kind's label, so no read sees it: every read names the kinds it wants. It is written
// with its version stamps already (_v, _created, _imported), at the version the import
// reserved when it began, so publishing only adds the kind's labels: the least a
// transaction can hold per node, which lets 100,000 of them fit in Neo4j's default
// transaction memory. Its relationships are real ones, invisible too since reads name
// the kind at both ends.
// New values for an existing node are kept on a _Staged node marked _update, and a link
// between two existing nodes on a _StagedLink node, until Publish copies them over.
// The _Import node records who runs the import, for cleaning up after a killed one, and
// the version it reserved: the search index's cursor stays below it while the import
// runs (see ChangedSince), so it cannot pass nodes stamped before they become visible.
const (
	labelStaged     = "_Staged"
	labelStagedLink = "_StagedLink"
	labelImport     = "_Import"
	// heartbeatEvery is how often a running import says it is alive.
	heartbeatEvery = 10 * time.Second
	// reservationLapse is how long an import may go without a heartbeat before its
	// reserved version stops holding the search index back (as long as the app waits
	// before taking an import for abandoned).
	reservationLapse = 10 * time.Minute
	// discardBatch is how many staged nodes one transaction of Discard deletes.
	discardBatch = 2000
)

// stagingSchema are the indexes staging needs, created by EnsureSchema. Links find
// staged nodes by element id, so the index on :_Staged(id) they used is dropped: every
// imported node keeps the label, and would cost an entry in it forever.
var stagingSchema = []string{
	"CREATE INDEX _Staged_import IF NOT EXISTS FOR (n:_Staged) ON (n._import, n._kind)",
	"DROP INDEX _Staged_id IF EXISTS",
	"CREATE INDEX _StagedLink_import IF NOT EXISTS FOR (n:_StagedLink) ON (n._import, n._rel)",
	"CREATE CONSTRAINT _Import_id IF NOT EXISTS FOR (n:_Import) REQUIRE n.id IS UNIQUE",
}

// staging is one import's writes; see graph.Staging.
type staging struct {
	s  *Store
	id string
	// v is the graph version the import reserved: every node it writes is stamped with it.
	v int64
	// mu guards what follows: batches may be staged concurrently.
	mu   sync.Mutex
	seen time.Time // last heartbeat
	// created are the nodes this import creates, with their element ids: links to them
	// are links to staged nodes, found by element id rather than by an index (about
	// 50 bytes a node, a few megabytes for a hundred thousand).
	created map[graph.Ref]string
	// updated and touched are existing nodes the import changes, or links to: their
	// search documents are refreshed after Publish.
	updated map[graph.Kind]int
	touched map[graph.Ref]struct{}
	// stagedLinks counts, per relationship, the links between existing nodes kept apart.
	stagedLinks map[relKey]int
	res         graph.ChangeResult
	// stopBeat ends the heartbeat BeginImport started; done is closed when it has.
	stopBeat context.CancelFunc
	done     chan struct{}
}

// BeginImport opens the staging of a new import.
func (s *Store) BeginImport(ctx context.Context, owner graph.ImportOwner) (graph.Staging, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("neo4j: begin import: %w", err)
	}
	st := &staging{s: s, id: hex.EncodeToString(b), seen: time.Now(), created: map[graph.Ref]string{},
		updated: map[graph.Kind]int{}, touched: map[graph.Ref]struct{}{}, stagedLinks: map[relKey]int{}}
	// The version and the reservation are taken in one transaction: a reader that sees
	// the version sees the _Import node holding it back.
	v, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		recs, err := s.run(ctx, tx, `
			MERGE (m:GraphMeta {id: $meta})
			ON CREATE SET m.version = 0
			SET m.version = m.version + 1, m.epoch = coalesce(m.epoch, randomUUID())
			CREATE (i:_Import {id: $id, host: $host, pid: $pid, version: m.version, startedAt: datetime(), seenAt: datetime()})
			RETURN m.version`,
			map[string]any{"meta": metaID, "id": st.id, "host": owner.Host, "pid": int64(owner.PID)})
		if err != nil {
			return nil, err
		}
		return recs[0].Values[0].(int64), nil
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j: begin import: %w", err)
	}
	st.v = v.(int64)
	// The import says it is alive while it runs, not only when it stages a batch: a
	// publish or a check may take longer than the silence after which other processes
	// stop holding the search index back for it (VisibleVersion), and would then publish
	// nodes stamped below a version the index had recorded.
	bctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	st.stopBeat, st.done = stop, make(chan struct{})
	go st.beat(bctx)
	return st, nil
}

// beat renews the import's seenAt every heartbeatEvery until ctx ends. A failed renewal
// is tried again at the next tick; a discarded import's is a no-op.
func (st *staging) beat(ctx context.Context) {
	defer close(st.done)
	t := time.NewTicker(heartbeatEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_, _ = st.s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
				return st.s.run(ctx, tx, "MATCH (i:_Import {id: $id}) SET i.seenAt = datetime()", map[string]any{"id": st.id})
			})
		}
	}
}

// endBeat stops the heartbeat and waits for it.
func (st *staging) endBeat() {
	st.stopBeat()
	<-st.done
}

// StagedImports lists the imports whose staging is in the graph.
func (s *Store) StagedImports(ctx context.Context) ([]graph.StagedImport, error) {
	recs, err := s.read(ctx, `
		MATCH (i:_Import)
		RETURN i.id, i.host, i.pid, i.startedAt, i.seenAt ORDER BY i.startedAt`, nil)
	if err != nil {
		return nil, fmt.Errorf("neo4j: staged imports: %w", err)
	}
	out := make([]graph.StagedImport, 0, len(recs))
	for _, r := range recs {
		imp := graph.StagedImport{}
		imp.ID, _ = r.Values[0].(string)
		imp.Owner.Host, _ = r.Values[1].(string)
		pid, _ := r.Values[2].(int64)
		imp.Owner.PID = int(pid)
		imp.Started = asTime(r.Values[3])
		imp.SeenAt = asTime(r.Values[4])
		out = append(out, imp)
	}
	return out, nil
}

func asTime(v any) time.Time {
	switch t := v.(type) {
	case time.Time:
		return t
	case dbtype.LocalDateTime:
		return t.Time()
	}
	return time.Time{}
}

// DiscardImport removes an import's staging: its staged nodes with their
// relationships, its staged links, then its record (releasing the version it reserved),
// each batch in its own transaction so a large staging never needs one large
// transaction. Published nodes (labelled Entity) are never touched.
func (s *Store) DiscardImport(ctx context.Context, id string) error {
	// Both use the composite indexes on (_import, …); the IS NOT NULL completes them.
	for _, cypher := range []string{`
		MATCH (n:_Staged) WHERE n._import = $id AND n._kind IS NOT NULL AND NOT n:` + entityLabel + `
		WITH n LIMIT $batch
		DETACH DELETE n
		RETURN count(*)`, `
		MATCH (n:_StagedLink) WHERE n._import = $id AND n._rel IS NOT NULL
		WITH n LIMIT $batch
		DELETE n
		RETURN count(*)`} {
		for {
			out, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
				recs, err := s.run(ctx, tx, cypher, map[string]any{"id": id, "batch": discardBatch})
				if err != nil {
					return nil, err
				}
				return recs[0].Values[0].(int64), nil
			})
			if err != nil {
				return fmt.Errorf("neo4j: discard import %s: %w", id, err)
			}
			if out.(int64) == 0 {
				break
			}
		}
	}
	// The reserved version is given back when no write took a later one, so an import
	// that fails leaves the graph as it was, version included (a counter back at zero
	// holding nothing else goes too, as before the import). In the same transaction as
	// the reservation's end: an index never records a version that is then taken again.
	if _, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return s.run(ctx, tx, `
			MATCH (i:_Import {id: $id})
			OPTIONAL MATCH (m:GraphMeta {id: $meta})
			// The counter's write lock is taken before its version is read: a write that
			// committed a later version meanwhile is then seen, where reading first could
			// give back the version that write took, for the next write to take again.
			FOREACH (x IN CASE WHEN m IS NULL THEN [] ELSE [m] END | SET x._lock = true)
			WITH i, m
			SET m.version = CASE WHEN m.version = i.version THEN m.version - 1 ELSE m.version END
			REMOVE m._lock
			DELETE i
			WITH m WHERE m.version = 0 AND all(k IN keys(m) WHERE k IN ['id', 'version', 'epoch'])
			DELETE m`, map[string]any{"id": id, "meta": metaID})
	}); err != nil {
		return fmt.Errorf("neo4j: discard import %s: %w", id, err)
	}
	return nil
}

func (st *staging) ID() string { return st.id }

// heartbeat tells other processes the import is alive, at most every heartbeatEvery.
func (st *staging) heartbeat(ctx context.Context, tx neo4j.ManagedTransaction) error {
	st.mu.Lock()
	due := time.Since(st.seen) >= heartbeatEvery
	if due {
		st.seen = time.Now()
	}
	st.mu.Unlock()
	if !due {
		return nil
	}
	recs, err := st.s.run(ctx, tx, "MATCH (i:_Import {id: $id}) SET i.seenAt = datetime() RETURN count(i)", map[string]any{"id": st.id})
	if err != nil {
		return err
	}
	if recs[0].Values[0].(int64) == 0 {
		return graph.Errorf(graph.ECONFLICT, "import %s was discarded by another process while it ran", st.id)
	}
	return nil
}

// sameProps is a Cypher predicate true when the stored entity x already holds every
// property of the row's props map and none of those its nulls list names (see
// stagedProps).
func sameProps(x, row string) string {
	return fmt.Sprintf("all(k IN keys(%[2]s.props) WHERE %[1]s[k] = %[2]s.props[k]) AND all(k IN %[2]s.nulls WHERE %[1]s[k] IS NULL)", x, row)
}

// stagedProps splits encoded properties into the values a write sets and the names of
// those it removes. Most of them are nulls (a text's missing languages: about four in
// five of a practice's properties), which a new node or relationship has no use for;
// kept apart, they are neither sent nor set one by one, yet an update still removes them.
func stagedProps(props map[string]any) (set map[string]any, nulls []any) {
	set = make(map[string]any, len(props))
	nulls = []any{}
	for k, v := range props {
		if v == nil {
			nulls = append(nulls, k)
			continue
		}
		set[k] = v
	}
	return set, nulls
}

// stagedNodeRows groups nodes by kind as query rows of id, the properties set and the
// names of those removed (stagedProps).
func stagedNodeRows(nodes []graph.Node) map[graph.Kind][]map[string]any {
	byKind := map[graph.Kind][]map[string]any{}
	for _, n := range nodes {
		spec, _ := graph.KindOf(n.Kind)
		set, nulls := stagedProps(encodeProps(spec.Fields, n.Texts, n.Props, n.Provenance))
		byKind[n.Kind] = append(byKind[n.Kind], map[string]any{"id": n.ID, "props": set, "nulls": nulls})
	}
	return byKind
}

// StageNodes stages a batch of nodes, one statement per kind.
func (st *staging) StageNodes(ctx context.Context, nodes []graph.Node) error {
	if err := graph.ValidateChangeset(graph.Changeset{Upserts: nodes}); err != nil {
		return err
	}
	byKind := stagedNodeRows(nodes)
	type counts struct {
		created  map[graph.Ref]string
		updated  []graph.Ref
		existing int
	}
	out, err := st.s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		c := counts{created: map[graph.Ref]string{}}
		if err := st.heartbeat(ctx, tx); err != nil {
			return nil, err
		}
		for _, k := range sortedKinds(byKind) {
			ids := rowIDs(byKind[k])
			// An id another kind holds fails the import now, by name, rather than at
			// publish through the entity label's constraint.
			if err := st.s.checkIDsFree(ctx, tx, k, ids, false); err != nil {
				return nil, err
			}
			if err := st.s.checkNotDrafted(ctx, tx, k, ids); err != nil {
				return nil, err
			}
			// The OPTIONAL MATCH uses the uniqueness constraint on :<Kind>(id). An
			// existing node's new values are kept with the names of the properties they
			// set (_keys), removed ones included, since a stored node cannot hold a null.
			recs, err := st.s.run(ctx, tx, fmt.Sprintf(`
				UNWIND $rows AS row
				OPTIONAL MATCH (n:%s {id: row.id})
				WITH row, n, n IS NOT NULL AND %s AS same
				OPTIONAL CALL (row, n, same) {
				  WITH row, n WHERE NOT same
				  CREATE (s:_Staged {id: row.id, _import: $imp, _kind: $kind})
				  SET s += row.props, s._update = CASE WHEN n IS NULL THEN null ELSE true END,
				      s._keys = CASE WHEN n IS NULL THEN null ELSE keys(row.props) + row.nulls END,
				      s._v = CASE WHEN n IS NULL THEN $v END, s._created = CASE WHEN n IS NULL THEN $v END,
				      s._imported = CASE WHEN n IS NULL THEN [$v] END
				  RETURN elementId(s) AS sid
				}
				RETURN collect(CASE WHEN n IS NULL THEN [row.id, sid] END) AS created,
				       collect(CASE WHEN n IS NOT NULL AND NOT same THEN row.id END) AS updated, count(n) AS existing`,
				k, sameProps("n", "row")), map[string]any{"rows": byKind[k], "imp": st.id, "kind": string(k), "v": st.v})
			if err != nil {
				return nil, err
			}
			for _, x := range recs[0].Values[0].([]any) {
				pair := x.([]any)
				c.created[graph.Ref{Kind: k, ID: pair[0].(string)}] = pair[1].(string)
			}
			for _, id := range recs[0].Values[1].([]any) {
				c.updated = append(c.updated, graph.Ref{Kind: k, ID: id.(string)})
			}
			c.existing += int(recs[0].Values[2].(int64))
		}
		return c, nil
	})
	if err == nil {
		// Counted once committed: a retried transaction must not count twice.
		st.mu.Lock()
		defer st.mu.Unlock()
		c := out.(counts)
		for r, eid := range c.created {
			st.created[r] = eid
		}
		for _, r := range c.updated {
			st.touched[r] = struct{}{}
			st.updated[r.Kind]++
		}
		st.res.NodesCreated += len(c.created)
		// An existing node counts as updated even when unchanged, as for Apply's upserts.
		st.res.NodesUpdated += c.existing
	}
	if err != nil {
		return fmt.Errorf("neo4j: stage nodes: %w", err)
	}
	return nil
}

// linkEnds says which ends of a group of links are staged nodes.
type linkEnds struct {
	key        relKey
	fromS, toS bool
}

// StageLinks stages a batch of links, one statement per relationship and kind of ends.
func (st *staging) StageLinks(ctx context.Context, links []graph.Link) ([]int, error) {
	if err := graph.ValidateChangeset(graph.Changeset{Links: links}); err != nil {
		return nil, err
	}
	groups := map[linkEnds][]map[string]any{}
	st.mu.Lock()
	created := make(map[graph.Ref]string, 2*len(links))
	for _, l := range links {
		if eid, ok := st.created[l.From]; ok {
			created[l.From] = eid
		}
		if eid, ok := st.created[l.To]; ok {
			created[l.To] = eid
		}
	}
	st.mu.Unlock()
	type linkID struct {
		typ      string
		from, to graph.Ref
	}
	last := make(map[linkID]int, len(links))
	for i, l := range links {
		last[linkID{l.Type, l.From, l.To}] = i
	}
	for i, l := range links {
		if last[linkID{l.Type, l.From, l.To}] != i {
			// The same link twice: written once, its last properties win as with MERGE.
			continue
		}
		spec, _ := graph.RelOf(l.From.Kind, l.Type)
		fromE, fromS := created[l.From]
		toE, toS := created[l.To]
		k := linkEnds{key: relKey{l.Type, l.From.Kind, l.To.Kind}, fromS: fromS, toS: toS}
		set, nulls := stagedProps(encodeProps(spec.Fields, l.Texts, l.Props, l.Provenance))
		groups[k] = append(groups[k], map[string]any{"i": int64(i), "from": l.From.ID, "to": l.To.ID,
			"fromE": fromE, "toE": toE, "props": set, "nulls": nulls})
	}
	keys := make([]linkEnds, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
	var (
		missing []int
		written int
		staged  map[relKey]int
		touched map[graph.Ref]struct{}
	)
	_, err := st.s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		missing, written, staged, touched = missing[:0], 0, map[relKey]int{}, map[graph.Ref]struct{}{}
		if err := st.heartbeat(ctx, tx); err != nil {
			return nil, err
		}
		for _, k := range keys {
			rows := groups[k]
			recs, err := st.s.run(ctx, tx, stageLinksCypher(k), map[string]any{"rows": rows, "imp": st.id,
				"from": string(k.key.from), "to": string(k.key.to), "rel": k.key.typ})
			if err != nil {
				return nil, err
			}
			found := map[int64]bool{}
			for _, x := range recs[0].Values[0].([]any) {
				found[x.(int64)] = true
			}
			for _, row := range rows {
				i := row["i"].(int64)
				if !found[i] {
					missing = append(missing, int(i))
					continue
				}
				l := links[i]
				if !k.fromS {
					touched[l.From] = struct{}{}
				}
				if !k.toS {
					touched[l.To] = struct{}{}
				}
			}
			n := int(recs[0].Values[1].(int64))
			if k.fromS || k.toS {
				written += n
			} else {
				staged[k.key] += n
			}
		}
		return nil, nil
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j: stage links: %w", err)
	}
	// Counted once committed: a retried transaction must not count twice.
	st.mu.Lock()
	defer st.mu.Unlock()
	st.res.LinksCreated += written
	for k, n := range staged {
		st.stagedLinks[k] += n
	}
	for r := range touched {
		st.touched[r] = struct{}{}
	}
	sort.Ints(missing)
	return missing, nil
}

// stageLinksCypher returns the statement staging links of one relationship whose ends
// are staged or existing as k says. It returns the rows whose ends were found and how
// many relationships it created (or, between existing nodes, kept apart).
func stageLinksCypher(k linkEnds) string {
	end := func(v string, kind graph.Kind, staged bool, param string) string {
		if staged {
			// A staged node is read by the element id StageNodes returned, without an
			// index: the index seeks were a fifth of Neo4j's work on links. The id and
			// the import are checked, should the node have gone (its staging discarded)
			// and its element id have been taken by another.
			return fmt.Sprintf("MATCH (%[1]s) WHERE elementId(%[1]s) = row.%[2]sE AND %[1]s._import = $imp AND %[1]s.id = row.%[2]s", v, param)
		}
		// Uses the uniqueness constraint on :<Kind>(id).
		return fmt.Sprintf("MATCH (%s:%s {id: row.%s})", v, kind, param)
	}
	match := "UNWIND $rows AS row\n" + end("a", k.key.from, k.fromS, "from") + "\n" + end("b", k.key.to, k.toS, "to") + "\n"
	if k.fromS || k.toS {
		// One end is new, so the relationship is invisible until Publish labels it, and
		// cannot exist yet: CREATE, not MERGE (StageLinks takes no link twice). Its
		// properties are named in the pattern, absent ones being null: a SET from the
		// row's map could write any property the ends' filters read, so the planner
		// would buffer every row twice (Eager) to keep reads and writes apart.
		spec, _ := graph.RelOf(k.key.from, k.key.typ)
		keys := propKeys(spec.Fields)
		props := make([]string, len(keys))
		for i, p := range keys {
			props[i] = fmt.Sprintf("`%[1]s`: row.props.`%[1]s`", p)
		}
		return match + fmt.Sprintf(`
			CREATE (a)-[r:%s {%s}]->(b)
			RETURN collect(row.i) AS found, count(r) AS n`, k.key.typ, strings.Join(props, ", "))
	}
	// Both ends exist and readers see them: the link waits on a _StagedLink node,
	// unless the graph already holds it as it is.
	return match + fmt.Sprintf(`
		OPTIONAL MATCH (a)-[r:%s]->(b)
		WITH row, collect(r) AS rs
		WITH row, any(r IN rs WHERE %s) AS same
		FOREACH (_ IN CASE WHEN same THEN [] ELSE [1] END |
		  CREATE (s:_StagedLink {_import: $imp, _rel: $rel + '|' + $from + '|' + $to, _from: row.from, _to: row.to})
		  SET s += row.props, s._keys = keys(row.props) + row.nulls)
		RETURN collect(row.i) AS found, sum(CASE WHEN same THEN 0 ELSE 1 END) AS n`, k.key.typ, sameProps("r", "row"))
}

// propKeys returns every property name encodeProps may write for fields.
func propKeys(fields []graph.FieldSpec) []string {
	keys := []string{propSource, propSection}
	for _, f := range fields {
		keys = append(keys, fieldKeys(f)...)
	}
	return keys
}

// copyStaged returns SET items copying the properties a staged holder p sets (those
// named in p._keys) onto x, whose current properties are o. Property names come from
// the fixed tables of graph/kinds.go.
func copyStaged(x, p, o string, fields []graph.FieldSpec) string {
	keys := propKeys(fields)
	items := make([]string, len(keys))
	for i, k := range keys {
		items[i] = fmt.Sprintf("%[1]s.`%[4]s` = CASE WHEN '%[4]s' IN %[2]s._keys THEN %[2]s.`%[4]s` ELSE %[3]s.`%[4]s` END", x, p, o, k)
	}
	return strings.Join(items, ",\n  ")
}

// Publish makes the import visible in one transaction, at the version reserved when it
// began: it gives staged nodes their kind's labels, copies staged values and links onto
// existing nodes, stamps every node whose search document changes, then removes the
// import's record, which releases the search index's cursor.
func (st *staging) Publish(ctx context.Context, meta map[string]string) (graph.ChangeResult, error) {
	// Beating on while the publishing transaction runs, until it has committed.
	defer st.endBeat()
	st.mu.Lock()
	defer st.mu.Unlock()
	createdByKind := map[graph.Kind]int{}
	for r := range st.created {
		createdByKind[r.Kind]++
	}
	touchedByKind := map[graph.Kind][]string{}
	for r := range st.touched {
		if _, ok := st.created[r]; !ok {
			touchedByKind[r.Kind] = append(touchedByKind[r.Kind], r.ID)
		}
	}
	out, err := st.s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res := st.res
		// The version was taken by BeginImport; other writes may have taken later ones
		// meanwhile, so the graph's version is not raised again.
		if len(meta) > 0 {
			if _, err := st.s.run(ctx, tx, `
				MATCH (m:GraphMeta {id: $id})
				SET m += $meta`, map[string]any{"id": metaID, "meta": metaProps(meta)}); err != nil {
				return nil, err
			}
		}
		v := st.v
		res.Version = v
		conflict := func(what string, want, got int64) error {
			return graph.Errorf(graph.ECONFLICT, "import: %d of %d %s changed while the import ran (created or deleted by another write); import again", want-got, want, what)
		}
		for _, k := range sortedKinds(createdByKind) {
			// Uses the index on :_Staged(_import, _kind). Adding the kind's label checks
			// its uniqueness constraint: an id created meanwhile fails the whole publish.
			// Labels only: the stamps were written with the node, and the _Staged label
			// and the import's id stay, saying which import created the node; anything
			// more would multiply this transaction's memory, which must hold every node
			// of the import within Neo4j's default limit.
			recs, err := st.s.run(ctx, tx, fmt.Sprintf(`
				MATCH (s:_Staged) WHERE s._import = $imp AND s._kind = $kind AND s._update IS NULL
				SET s:%s:`+entityLabel+`
				RETURN count(s)`, k), map[string]any{"imp": st.id, "kind": string(k)})
			if err != nil {
				return nil, err
			}
			if got := recs[0].Values[0].(int64); got != int64(createdByKind[k]) {
				return nil, conflict("new "+string(k)+" records", int64(createdByKind[k]), got)
			}
		}
		for _, k := range sortedKinds(st.updated) {
			spec, _ := graph.KindOf(k)
			recs, err := st.s.run(ctx, tx, fmt.Sprintf(`
				MATCH (s:_Staged) WHERE s._import = $imp AND s._kind = $kind AND s._update
				MATCH (n:%s {id: s.id})
				WITH s, n, properties(s) AS p, properties(n) AS o
				SET %s, n._v = $v, n._imported = coalesce(n._imported, []) + $v
				DELETE s
				RETURN count(n)`, k, copyStaged("n", "p", "o", spec.Fields)), map[string]any{"imp": st.id, "kind": string(k), "v": v})
			if err != nil {
				return nil, err
			}
			if got := recs[0].Values[0].(int64); got != int64(st.updated[k]) {
				return nil, conflict("updated "+string(k)+" records", int64(st.updated[k]), got)
			}
		}
		rels := make([]relKey, 0, len(st.stagedLinks))
		for k := range st.stagedLinks {
			rels = append(rels, k)
		}
		sort.Slice(rels, func(i, j int) bool { return fmt.Sprint(rels[i]) < fmt.Sprint(rels[j]) })
		for _, k := range rels {
			spec, _ := graph.RelOf(k.from, k.typ)
			// Uses the index on :_StagedLink(_import, _rel), then the uniqueness
			// constraints on both ends' ids.
			recs, err := st.s.run(ctx, tx, fmt.Sprintf(`
				MATCH (s:_StagedLink) WHERE s._import = $imp AND s._rel = $rel
				MATCH (a:%s {id: s._from})
				MATCH (b:%s {id: s._to})
				MERGE (a)-[r:%s]->(b)
				ON CREATE SET r._created = $v
				WITH s, a, b, r, properties(s) AS p, properties(r) AS o
				SET %s, r._v = $v, a._v = $v, b._v = $v
				DELETE s
				RETURN count(r) AS n, sum(CASE WHEN r._created = $v THEN 1 ELSE 0 END) AS created`,
				k.from, k.to, k.typ, copyStaged("r", "p", "o", spec.Fields)),
				map[string]any{"imp": st.id, "rel": k.typ + "|" + string(k.from) + "|" + string(k.to), "v": v})
			if err != nil {
				return nil, err
			}
			if got := recs[0].Values[0].(int64); got != int64(st.stagedLinks[k]) {
				return nil, conflict(k.typ+" links", int64(st.stagedLinks[k]), got)
			}
			res.LinksCreated += int(recs[0].Values[1].(int64))
		}
		for _, k := range sortedKinds(touchedByKind) {
			// Existing nodes gaining links or values: their search documents change.
			for _, ids := range idBatches(touchedByKind[k]) {
				if _, err := st.s.run(ctx, tx, fmt.Sprintf(`
					UNWIND $ids AS id
					MATCH (n:%s {id: id})
					SET n._v = $v`, k), map[string]any{"ids": ids, "v": v}); err != nil {
					return nil, err
				}
			}
		}
		if _, err := st.s.run(ctx, tx, "MATCH (i:_Import {id: $id}) DELETE i", map[string]any{"id": st.id}); err != nil {
			return nil, err
		}
		if len(createdByKind) > 0 || len(st.updated) > 0 {
			if err := recordImport(ctx, st.s, tx, v); err != nil {
				return nil, err
			}
		}
		return res, nil
	})
	if err != nil {
		// Nothing was published: remove what was staged, even if the caller gave up.
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Minute)
		defer cancel()
		if derr := st.s.DiscardImport(dctx, st.id); derr != nil {
			return graph.ChangeResult{}, fmt.Errorf("neo4j: publish import %s: %w (and its staging could not be removed: %v)", st.id, err, derr)
		}
		return graph.ChangeResult{}, fmt.Errorf("neo4j: publish import %s: %w", st.id, err)
	}
	return out.(graph.ChangeResult), nil
}

// Discard removes the staging.
func (st *staging) Discard(ctx context.Context) error {
	st.endBeat()
	return st.s.DiscardImport(ctx, st.id)
}

// VisibleVersion returns the version through which every write is visible: the graph's
// version, or one below the lowest version a running import reserved, since that
// import's nodes carry their version before they become visible at its publish. An
// import silent for reservationLapse holds nothing back: it is abandoned, and the next
// import or server start discards it.
func (s *Store) VisibleVersion(ctx context.Context) (int64, error) {
	st, err := s.state(ctx)
	if err != nil {
		return 0, fmt.Errorf("neo4j: visible version: %w", err)
	}
	return st.Visible, nil
}
