package neo4jstore

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/practicegraph/practicegraph/graph"
)

// batchSize is how many rows one UNWIND statement carries.
const batchSize = 500

// Apply validates the changeset and writes it in one transaction: it bumps the graph
// version, creates, updates and upserts nodes, writes links and link lists, removes
// links and deletes nodes. Any failure rolls everything back.
//
// Writers serialise on the version counter, written first; each node updated is also
// locked before it is read, so the checks made here (the id is free, the node exists,
// it is still at the version the editor read, the diff of a link list) hold until commit.
func (s *Store) Apply(ctx context.Context, cs graph.Changeset) (graph.ChangeResult, error) {
	if err := graph.ValidateChangeset(cs); err != nil {
		return graph.ChangeResult{}, err
	}
	out, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res := graph.ChangeResult{}
		recs, err := s.run(ctx, tx, `
			MERGE (m:GraphMeta {id: $id})
			ON CREATE SET m.version = 0
			SET m.version = m.version + 1, m.epoch = coalesce(m.epoch, randomUUID()), m += $meta
			RETURN m.version AS v`, map[string]any{"id": metaID, "meta": metaProps(cs.Meta)})
		if err != nil {
			return nil, err
		}
		v := recs[0].Values[0].(int64)
		res.Version = v
		steps := []func() error{
			func() error { return s.removePublishedDraft(ctx, tx, cs) },
			func() error { return s.checkSources(ctx, tx, cs) },
			func() error { return s.createNodes(ctx, tx, v, cs.Creates, &res) },
			func() error { return s.updateNodes(ctx, tx, v, cs.Updates, &res) },
			func() error { return s.upsertNodes(ctx, tx, v, cs.Upserts, &res) },
			func() error { return s.trimLinkSets(ctx, tx, v, cs.LinkSets, &res) },
			func() error { return s.mergeLinks(ctx, tx, v, allLinks(cs), &res) },
			func() error { return s.removeLinks(ctx, tx, v, cs.Unlinks, &res) },
			func() error { return s.deleteNodes(ctx, tx, v, cs.Deletes, &res) },
			func() error { return s.recordRevisions(ctx, tx, v, cs) },
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return nil, err
			}
		}
		return res, nil
	})
	if err != nil {
		return graph.ChangeResult{}, err
	}
	res := out.(graph.ChangeResult)
	res.Touched = append(touched(cs), res.Touched...)
	res.Deleted = append([]graph.Ref(nil), cs.Deletes...)
	return res, nil
}

// allLinks returns the links to create or update: the changeset's own and those of its
// link lists.
func allLinks(cs graph.Changeset) []graph.Link {
	out := append([]graph.Link(nil), cs.Links...)
	for _, set := range cs.LinkSets {
		out = append(out, set.Links...)
	}
	return out
}

// checkSources refuses nodes and links whose provenance names a Source that is neither
// in the changeset nor in the graph.
func (s *Store) checkSources(ctx context.Context, tx neo4j.ManagedTransaction, cs graph.Changeset) error {
	declared := map[string]bool{}
	for _, list := range [][]graph.Node{cs.Creates, cs.Upserts} {
		for _, n := range list {
			if n.Kind == graph.KindSource {
				declared[n.ID] = true
			}
		}
	}
	var ids []string
	need := func(id string) {
		if !declared[id] {
			declared[id] = true
			ids = append(ids, id)
		}
	}
	for _, list := range [][]graph.Node{cs.Creates, cs.Updates, cs.Upserts} {
		for _, n := range list {
			need(n.Provenance.Source)
		}
	}
	for _, l := range allLinks(cs) {
		need(l.Provenance.Source)
	}
	if len(ids) == 0 {
		return nil
	}
	// Uses the uniqueness constraint on :Source(id).
	recs, err := s.run(ctx, tx, `
		UNWIND $ids AS id
		OPTIONAL MATCH (src:Source {id: id})
		WITH id, src WHERE src IS NULL
		RETURN collect(id) AS missing`, map[string]any{"ids": ids})
	if err != nil {
		return err
	}
	var ps graph.FieldProblems
	for _, id := range recs[0].Values[0].([]any) {
		ps = append(ps, graph.FieldProblem{Field: "provenance.source", Msg: fmt.Sprintf("unknown Source %q", id)})
	}
	if len(ps) > 0 {
		return ps
	}
	return nil
}

// checkIDsFree refuses ids another kind's entity holds (ids are unique across kinds),
// and with mustBeNew, ids an entity of kind k holds. The uniqueness constraint on the
// entity label decides between simultaneous writes; this gives the loser a clear message.
func (s *Store) checkIDsFree(ctx context.Context, tx neo4j.ManagedTransaction, k graph.Kind, ids []any, mustBeNew bool) error {
	recs, err := s.run(ctx, tx, `
		UNWIND $ids AS id
		MATCH (n:`+entityLabel+` {id: id})
		WITH n.id AS id, head([l IN labels(n) WHERE l IN $kinds]) AS kind
		WHERE $mustBeNew OR kind <> $kind
		RETURN id, kind LIMIT 1`,
		map[string]any{"ids": ids, "kinds": kindNames(), "kind": string(k), "mustBeNew": mustBeNew})
	if err != nil || len(recs) == 0 {
		return err
	}
	id, held := recs[0].Values[0], recs[0].Values[1]
	if held == string(k) {
		if !mustBeNew {
			return nil
		}
		return graph.Errorf(graph.ECONFLICT, "%s %q already exists; update it instead", k, id)
	}
	return graph.Errorf(graph.ECONFLICT, "%q is already the id of a %v; ids are unique across kinds, so choose another for the %s", id, held, k)
}

// checkNotDrafted refuses practice ids a draft holds: a draft keeps its id until it is
// published (Apply removes it first), so no create, upsert or import may take it.
func (s *Store) checkNotDrafted(ctx context.Context, tx neo4j.ManagedTransaction, k graph.Kind, ids []any) error {
	if k != graph.KindPractice {
		return nil
	}
	recs, err := s.run(ctx, tx, fmt.Sprintf(`
		UNWIND $ids AS id
		MATCH (d:%s {id: id})
		RETURN collect(d.id) AS drafted`, draftLabel), map[string]any{"ids": ids})
	if err != nil {
		return err
	}
	if drafted := recs[0].Values[0].([]any); len(drafted) > 0 {
		return graph.Errorf(graph.ECONFLICT, "a draft of Practice %q exists; publish it instead", drafted[0])
	}
	return nil
}

// kindNames lists the kinds' labels, for Cypher telling an entity's kind among its
// labels. The kinds table is fixed when the package loads, so the list is made once.
func kindNames() []any { return kindLabels }

var kindLabels = func() []any {
	var out []any
	for _, k := range graph.Kinds() {
		out = append(out, string(k.Kind))
	}
	return out
}()

// createNodes creates new nodes. The uniqueness constraint on :<Kind>(id) decides
// between simultaneous creates; the check before it only gives the loser a clear message.
func (s *Store) createNodes(ctx context.Context, tx neo4j.ManagedTransaction, v int64, nodes []graph.Node, res *graph.ChangeResult) error {
	byKind := nodeRows(nodes)
	for _, k := range sortedKinds(byKind) {
		ids := rowIDs(byKind[k])
		if err := s.checkIDsFree(ctx, tx, k, ids, true); err != nil {
			return err
		}
		if err := s.checkNotDrafted(ctx, tx, k, ids); err != nil {
			return err
		}
		for _, batch := range batches(byKind[k]) {
			if _, err := s.run(ctx, tx, fmt.Sprintf(`
				UNWIND $rows AS row
				CREATE (n:%s:`+entityLabel+` {id: row.id})
				SET n += row.props, n._v = $v, n._created = $v`, k), map[string]any{"rows": batch, "v": v}); err != nil {
				return err
			}
		}
		res.NodesCreated += len(byKind[k])
	}
	return nil
}

// updateNodes locks each node, checks it exists and is still at the version the caller
// read, then sets the given fields. It never creates: an update racing a delete that
// committed first finds nothing and fails, so a deleted entity cannot come back.
func (s *Store) updateNodes(ctx context.Context, tx neo4j.ManagedTransaction, v int64, nodes []graph.Node, res *graph.ChangeResult) error {
	byKind := nodeRows(nodes)
	expected := map[graph.Ref]int64{}
	for _, n := range nodes {
		expected[n.Ref()] = n.Version
	}
	for _, k := range sortedKinds(byKind) {
		ids := rowIDs(byKind[k])
		// Setting a property takes the node's write lock, held until commit.
		recs, err := s.run(ctx, tx, fmt.Sprintf(`
			UNWIND $ids AS id
			MATCH (n:%s {id: id})
			SET n._lock = true
			RETURN n.id AS id, n._v AS v`, k), map[string]any{"ids": ids})
		if err != nil {
			return err
		}
		stored := map[string]int64{}
		for _, r := range recs {
			id, _ := r.Values[0].(string)
			ver, _ := r.Values[1].(int64)
			stored[id] = ver
		}
		for _, id := range ids {
			ref := graph.Ref{Kind: k, ID: id.(string)}
			ver, ok := stored[ref.ID]
			switch {
			case !ok:
				return graph.NotFound(k, ref.ID)
			case expected[ref] != 0 && expected[ref] != ver:
				return graph.Errorf(graph.ECONFLICT, "%s %q changed since version %d (now %d): read it again and reapply your changes", k, ref.ID, expected[ref], ver)
			}
		}
		for _, batch := range batches(byKind[k]) {
			if _, err := s.run(ctx, tx, fmt.Sprintf(`
				UNWIND $rows AS row
				MATCH (n:%s {id: row.id})
				SET n += row.props, n._v = $v
				REMOVE n._lock`, k), map[string]any{"rows": batch, "v": v}); err != nil {
				return err
			}
		}
		res.NodesUpdated += len(byKind[k])
	}
	return nil
}

// trimLinkSets removes, for each link list, the stored links whose target the list no
// longer names. The listed links are then merged with the others, so kept links stay.
func (s *Store) trimLinkSets(ctx context.Context, tx neo4j.ManagedTransaction, v int64, sets []graph.LinkSet, res *graph.ChangeResult) error {
	for _, set := range sets {
		spec, _ := graph.RelOf(set.From.Kind, set.Type)
		keep := make([]string, 0, len(set.Links))
		for _, l := range set.Links {
			keep = append(keep, l.To.ID)
		}
		// Uses the uniqueness constraint on the source kind's id. A symmetric
		// relationship is the pair's whichever way it was written.
		arrow := "->"
		if spec.Symmetric {
			arrow = "-"
		}
		recs, err := s.run(ctx, tx, fmt.Sprintf(`
			MATCH (a:%s {id: $from})-[r:%s]`+arrow+`(b:%s)
			WHERE NOT b.id IN $keep
			SET a._v = $v, b._v = $v
			DELETE r
			RETURN collect(b.id) AS removed`, set.From.Kind, spec.Type, spec.To),
			map[string]any{"from": set.From.ID, "keep": keep, "v": v})
		if err != nil {
			return err
		}
		for _, id := range recs[0].Values[0].([]any) {
			res.LinksRemoved++
			res.Touched = append(res.Touched, graph.Ref{Kind: spec.To, ID: id.(string)})
		}
	}
	return nil
}

// rowIDs returns the ids of query rows made by nodeRows, as a query parameter.
func rowIDs(rows []map[string]any) []any {
	ids := make([]any, len(rows))
	for i, row := range rows {
		ids[i] = row["id"]
	}
	return ids
}

// nodeRows groups nodes by kind as query rows of id and encoded properties.
func nodeRows(nodes []graph.Node) map[graph.Kind][]map[string]any {
	byKind := map[graph.Kind][]map[string]any{}
	for _, n := range nodes {
		spec, _ := graph.KindOf(n.Kind)
		byKind[n.Kind] = append(byKind[n.Kind], map[string]any{
			"id":    n.ID,
			"props": encodeProps(spec.Fields, n.Texts, n.Props, n.Provenance),
		})
	}
	return byKind
}

// metaProps stores bookkeeping values under a prefix, apart from the counter itself.
func metaProps(meta map[string]string) map[string]any {
	out := make(map[string]any, len(meta))
	for k, v := range meta {
		out[metaPrefix+k] = v
	}
	return out
}

// touched lists the nodes whose search documents a changeset may change: written
// nodes and both ends of every added or removed link.
func touched(cs graph.Changeset) []graph.Ref {
	seen := map[graph.Ref]bool{}
	var out []graph.Ref
	add := func(r graph.Ref) {
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	for _, list := range [][]graph.Node{cs.Creates, cs.Updates, cs.Upserts} {
		for _, n := range list {
			add(n.Ref())
		}
	}
	for _, l := range append(allLinks(cs), cs.Unlinks...) {
		add(l.From)
		add(l.To)
	}
	return out
}

func (s *Store) upsertNodes(ctx context.Context, tx neo4j.ManagedTransaction, v int64, nodes []graph.Node, res *graph.ChangeResult) error {
	byKind := nodeRows(nodes)
	for _, k := range sortedKinds(byKind) {
		l, err := label(k)
		if err != nil {
			return err
		}
		ids := rowIDs(byKind[k])
		if err := s.checkIDsFree(ctx, tx, k, ids, false); err != nil {
			return err
		}
		if err := s.checkNotDrafted(ctx, tx, k, ids); err != nil {
			return err
		}
		// Uses the uniqueness constraint on :<Kind>(id).
		cypher := fmt.Sprintf(`
			UNWIND $rows AS row
			MERGE (n:%s {id: row.id})
			ON CREATE SET n._created = $v, n:`+entityLabel+`
			SET n += row.props, n._v = $v
			RETURN sum(CASE WHEN n._created = $v THEN 1 ELSE 0 END) AS created, count(n) AS total`, l)
		for _, batch := range batches(byKind[k]) {
			recs, err := s.run(ctx, tx, cypher, map[string]any{"rows": batch, "v": v})
			if err != nil {
				return err
			}
			created, total := recs[0].Values[0].(int64), recs[0].Values[1].(int64)
			res.NodesCreated += int(created)
			res.NodesUpdated += int(total - created)
		}
	}
	return nil
}

type relKey struct {
	typ      string
	from, to graph.Kind
}

func groupLinks(links []graph.Link) (map[relKey][]map[string]any, []relKey) {
	groups := map[relKey][]map[string]any{}
	for i, l := range links {
		spec, _ := graph.RelOf(l.From.Kind, l.Type)
		k := relKey{l.Type, l.From.Kind, l.To.Kind}
		groups[k] = append(groups[k], map[string]any{
			"i": int64(i), "from": l.From.ID, "to": l.To.ID,
			"props": encodeProps(spec.Fields, l.Texts, l.Props, l.Provenance),
		})
	}
	keys := make([]relKey, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		return a.typ+string(a.from)+string(a.to) < b.typ+string(b.from)+string(b.to)
	})
	return groups, keys
}

func (s *Store) mergeLinks(ctx context.Context, tx neo4j.ManagedTransaction, v int64, links []graph.Link, res *graph.ChangeResult) error {
	groups, keys := groupLinks(links)
	for _, k := range keys {
		// Both MATCHes use the uniqueness constraints on :<Kind>(id).
		cypher := fmt.Sprintf(`
			UNWIND $rows AS row
			MATCH (a:%s {id: row.from})
			MATCH (b:%s {id: row.to})
			MERGE (a)-[r:%s]->(b)
			ON CREATE SET r._created = $v
			SET r += row.props, r._v = $v, a._v = $v, b._v = $v
			RETURN collect(row.i) AS done, sum(CASE WHEN r._created = $v THEN 1 ELSE 0 END) AS created`,
			k.from, k.to, k.typ)
		if spec, _ := graph.RelOf(k.from, k.typ); spec.Symmetric {
			// The pair's relationship written the other way is the same fact: update it
			// rather than add its mirror.
			cypher = fmt.Sprintf(`
			UNWIND $rows AS row
			MATCH (a:%[1]s {id: row.from})
			MATCH (b:%[2]s {id: row.to})
			OPTIONAL MATCH (b)-[rev:%[3]s]->(a)
			FOREACH (_ IN CASE WHEN rev IS NULL THEN [1] ELSE [] END |
			  MERGE (a)-[r:%[3]s]->(b)
			  ON CREATE SET r._created = $v
			  SET r += row.props, r._v = $v)
			FOREACH (_ IN CASE WHEN rev IS NULL THEN [] ELSE [1] END | SET rev += row.props, rev._v = $v)
			SET a._v = $v, b._v = $v
			WITH row, a, b
			OPTIONAL MATCH (a)-[r:%[3]s]->(b)
			RETURN collect(row.i) AS done, sum(CASE WHEN r._created = $v THEN 1 ELSE 0 END) AS created`,
				k.from, k.to, k.typ)
		}
		for _, batch := range batches(groups[k]) {
			recs, err := s.run(ctx, tx, cypher, map[string]any{"rows": batch, "v": v})
			if err != nil {
				return err
			}
			done := map[int64]bool{}
			for _, x := range recs[0].Values[0].([]any) {
				done[x.(int64)] = true
			}
			for _, row := range batch {
				if i := row["i"].(int64); !done[i] {
					l := links[i]
					return graph.Errorf(graph.EINVALID, "cannot link %s -%s-> %s: one end does not exist", l.From, l.Type, l.To)
				}
			}
			res.LinksCreated += int(recs[0].Values[1].(int64))
		}
	}
	return nil
}

func (s *Store) removeLinks(ctx context.Context, tx neo4j.ManagedTransaction, v int64, links []graph.Link, res *graph.ChangeResult) error {
	groups, keys := groupLinks(links)
	for _, k := range keys {
		arrow := "->"
		if spec, _ := graph.RelOf(k.from, k.typ); spec.Symmetric {
			arrow = "-" // the pair's relationship, whichever way it was written
		}
		cypher := fmt.Sprintf(`
			UNWIND $rows AS row
			MATCH (a:%s {id: row.from})-[r:%s]`+arrow+`(b:%s {id: row.to})
			SET a._v = $v, b._v = $v
			DELETE r
			RETURN count(*) AS removed`, k.from, k.typ, k.to)
		for _, batch := range batches(groups[k]) {
			recs, err := s.run(ctx, tx, cypher, map[string]any{"rows": batch, "v": v})
			if err != nil {
				return err
			}
			res.LinksRemoved += int(recs[0].Values[0].(int64))
		}
	}
	return nil
}

func (s *Store) deleteNodes(ctx context.Context, tx neo4j.ManagedTransaction, v int64, refs []graph.Ref, res *graph.ChangeResult) error {
	byKind := map[graph.Kind][]string{}
	for _, r := range refs {
		byKind[r.Kind] = append(byKind[r.Kind], r.ID)
	}
	for _, k := range sortedKinds(byKind) {
		ids := byKind[k]
		// Neighbours are stamped so their search documents are refreshed; the tombstone
		// tells the index which documents to drop.
		recs, err := s.run(ctx, tx, fmt.Sprintf(`
			UNWIND $ids AS id
			MATCH (n:%s {id: id})
			OPTIONAL MATCH (n)--(m)
			WITH n, id, collect(DISTINCT m) AS neighbours
			FOREACH (m IN neighbours | SET m._v = $v)
			DETACH DELETE n
			MERGE (d:Deleted {kind: $kind, id: id})
			SET d._v = $v
			RETURN collect(id) AS deleted`, k), map[string]any{"ids": ids, "v": v, "kind": string(k)})
		if err != nil {
			return err
		}
		deleted := map[string]bool{}
		for _, x := range recs[0].Values[0].([]any) {
			deleted[x.(string)] = true
		}
		for _, id := range ids {
			if !deleted[id] {
				return graph.NotFound(k, id)
			}
		}
		res.NodesDeleted += len(ids)
	}
	return nil
}

func batches(rows []map[string]any) [][]map[string]any {
	var out [][]map[string]any
	for len(rows) > batchSize {
		out = append(out, rows[:batchSize])
		rows = rows[batchSize:]
	}
	if len(rows) > 0 {
		out = append(out, rows)
	}
	return out
}

func sortedKinds[V any](m map[graph.Kind]V) []graph.Kind {
	out := make([]graph.Kind, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return strings.Compare(string(out[i]), string(out[j])) < 0 })
	return out
}
