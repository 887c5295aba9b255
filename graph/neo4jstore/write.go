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

// Apply writes the changeset in one transaction: it bumps the graph version, upserts
// nodes with MERGE, merges links, removes links and deletes nodes. A link whose end
// does not exist, or a delete of a missing node, rolls everything back with EINVALID.
func (s *Store) Apply(ctx context.Context, cs graph.Changeset) (graph.ChangeResult, error) {
	if err := checkChangeset(cs); err != nil {
		return graph.ChangeResult{}, err
	}
	out, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		res := graph.ChangeResult{}
		// The meta node is the version counter; writing it first also serialises writers.
		recs, err := s.run(ctx, tx, `
			MERGE (m:GraphMeta {id: $id})
			ON CREATE SET m.version = 0
			SET m.version = m.version + 1, m += $meta
			RETURN m.version AS v`, map[string]any{"id": metaID, "meta": metaProps(cs.Meta)})
		if err != nil {
			return nil, err
		}
		v := recs[0].Values[0].(int64)
		res.Version = v
		if err := s.upsertNodes(ctx, tx, v, cs.Upserts, &res); err != nil {
			return nil, err
		}
		if err := s.mergeLinks(ctx, tx, v, cs.Links, &res); err != nil {
			return nil, err
		}
		if err := s.removeLinks(ctx, tx, v, cs.Unlinks, &res); err != nil {
			return nil, err
		}
		if err := s.deleteNodes(ctx, tx, v, cs.Deletes, &res); err != nil {
			return nil, err
		}
		return res, nil
	})
	if err != nil {
		return graph.ChangeResult{}, err
	}
	res := out.(graph.ChangeResult)
	res.Touched = touched(cs)
	res.Deleted = append([]graph.Ref(nil), cs.Deletes...)
	return res, nil
}

// metaProps stores bookkeeping values under a prefix, apart from the counter itself.
func metaProps(meta map[string]string) map[string]any {
	out := make(map[string]any, len(meta))
	for k, v := range meta {
		out[metaPrefix+k] = v
	}
	return out
}

// checkChangeset refuses kinds and relationship types outside the fixed tables before
// anything reaches a query string.
func checkChangeset(cs graph.Changeset) error {
	for _, n := range cs.Upserts {
		if _, ok := graph.KindOf(n.Kind); !ok {
			return graph.Errorf(graph.EINVALID, "unknown kind %q", n.Kind)
		}
		if !graph.IsSlug(n.ID) {
			return graph.Errorf(graph.EINVALID, "%s id %q is not a valid id", n.Kind, n.ID)
		}
	}
	for _, l := range append(append([]graph.Link(nil), cs.Links...), cs.Unlinks...) {
		spec, ok := graph.RelOf(l.From.Kind, l.Type)
		if !ok || spec.To != l.To.Kind {
			return graph.Errorf(graph.EINVALID, "no relationship %s from %s to %s", l.Type, l.From.Kind, l.To.Kind)
		}
	}
	for _, r := range cs.Deletes {
		if _, ok := graph.KindOf(r.Kind); !ok {
			return graph.Errorf(graph.EINVALID, "unknown kind %q", r.Kind)
		}
	}
	return nil
}

// touched lists the nodes whose search documents a changeset may change: upserted
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
	for _, n := range cs.Upserts {
		add(n.Ref())
	}
	for _, l := range append(append([]graph.Link(nil), cs.Links...), cs.Unlinks...) {
		add(l.From)
		add(l.To)
	}
	return out
}

func (s *Store) upsertNodes(ctx context.Context, tx neo4j.ManagedTransaction, v int64, nodes []graph.Node, res *graph.ChangeResult) error {
	byKind := map[graph.Kind][]map[string]any{}
	for _, n := range nodes {
		spec, _ := graph.KindOf(n.Kind)
		byKind[n.Kind] = append(byKind[n.Kind], map[string]any{
			"id":    n.ID,
			"props": encodeProps(spec.Fields, n.Texts, n.Props, n.Provenance),
		})
	}
	for _, k := range sortedKinds(byKind) {
		l, err := label(k)
		if err != nil {
			return err
		}
		// Uses the uniqueness constraint on :<Kind>(id).
		cypher := fmt.Sprintf(`
			UNWIND $rows AS row
			MERGE (n:%s {id: row.id})
			ON CREATE SET n._created = $v
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
		cypher := fmt.Sprintf(`
			UNWIND $rows AS row
			MATCH (a:%s {id: row.from})-[r:%s]->(b:%s {id: row.to})
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
