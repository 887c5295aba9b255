package neo4jstore

import (
	"context"
	"fmt"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/practicegraph/practicegraph/graph"
)

var (
	_ graph.HistoryStore = (*Store)(nil)
	_ graph.RelatedStore = (*Store)(nil)
)

// recordRevisions writes one :Revision node per entity the changeset touches, in the
// write's own transaction, so a write and its record commit or fail together. Revisions
// are kept by kind and id rather than linked to their entity: a deleted entity keeps its
// history, and they stay out of every read that follows relationships.
func (s *Store) recordRevisions(ctx context.Context, tx neo4j.ManagedTransaction, v int64, cs graph.Changeset) error {
	if cs.Editor == "" {
		return nil
	}
	revs := cs.Revisions()
	rows := make([]map[string]any, len(revs))
	for i, r := range revs {
		rows[i] = map[string]any{"kind": string(r.Ref.Kind), "id": r.Ref.ID, "action": r.Action, "fields": r.Fields}
	}
	for _, batch := range batches(rows) {
		if _, err := s.run(ctx, tx, `
			UNWIND $rows AS r
			CREATE (:Revision {kind: r.kind, id: r.id, version: $v, editor: $editor,
			                   at: datetime.transaction(), action: r.action, fields: r.fields})`,
			map[string]any{"rows": batch, "v": v, "editor": cs.Editor}); err != nil {
			return err
		}
	}
	return nil
}

// ImportEditor is the editor an import's revision names when no editor runs it (the
// command line).
const ImportEditor = "import"

// recordImport writes the one revision of a published import. An import may create or
// change a hundred thousand entities in one transaction, so rather than a Revision each
// (doubling what the transaction holds) each entity it created or changed lists the
// import's version in its _imported property, and History joins the two.
func recordImport(ctx context.Context, s *Store, tx neo4j.ManagedTransaction, v int64) error {
	editor := graph.EditorName(ctx)
	if editor == "" {
		editor = ImportEditor
	}
	_, err := s.run(ctx, tx, `
		CREATE (:ImportRevision {version: $v, editor: $editor, at: datetime.transaction()})`,
		map[string]any{"v": v, "editor": editor})
	return err
}

// History returns the revisions of ref, newest first.
func (s *Store) History(ctx context.Context, ref graph.Ref, first int) ([]graph.Revision, error) {
	if first < 1 || first > graph.MaxHistory {
		return nil, graph.Errorf(graph.EINVALID, "first must be between 1 and %d, got %d", graph.MaxHistory, first)
	}
	l, err := label(ref.Kind)
	if err != nil {
		return nil, err
	}
	// Uses the index on :Revision(kind, id), then the uniqueness constraints on
	// :<Kind>(id) and :ImportRevision(version).
	recs, err := s.read(ctx, fmt.Sprintf(`
		CALL () {
			MATCH (r:Revision {kind: $kind, id: $id})
			RETURN r.version AS version, r.editor AS editor, r.at AS at, r.action AS action, r.fields AS fields
			UNION ALL
			MATCH (n:%s {id: $id})
			UNWIND coalesce(n._imported, []) AS v
			MATCH (r:ImportRevision {version: v})
			RETURN r.version AS version, r.editor AS editor, r.at AS at,
			       CASE WHEN n._created = v THEN $create ELSE $update END AS action, [] AS fields
		}
		RETURN version, editor, at, action, fields
		ORDER BY version DESC
		LIMIT $first`, l), map[string]any{"kind": string(ref.Kind), "id": ref.ID, "first": int64(first),
		"create": graph.RevisionCreate, "update": graph.RevisionUpdate})
	if err != nil {
		return nil, fmt.Errorf("neo4j: history of %s: %w", ref, err)
	}
	out := make([]graph.Revision, 0, len(recs))
	for _, rec := range recs {
		r := graph.Revision{Ref: ref, Fields: []string{}}
		r.Version, _ = rec.Values[0].(int64)
		r.Editor, _ = rec.Values[1].(string)
		at, _ := rec.Values[2].(time.Time)
		r.At = at.UTC()
		r.Action, _ = rec.Values[3].(string)
		fields, _ := rec.Values[4].([]any)
		for _, f := range fields {
			if name, ok := f.(string); ok {
				r.Fields = append(r.Fields, name)
			}
		}
		out = append(out, r)
	}
	return out, nil
}

// RelatedPractices returns practices of other cities sharing themes with practice id.
func (s *Store) RelatedPractices(ctx context.Context, id string, first int) ([]graph.RelatedPractice, error) {
	if first < 1 || first > graph.MaxRelatedPractices {
		return nil, graph.Errorf(graph.EINVALID, "first must be between 1 and %d, got %d", graph.MaxRelatedPractices, first)
	}
	// Starts from the practice by the uniqueness constraint on :Practice(id); a practice
	// sharing a city with it is left out, since the point is to look beyond that city.
	cypher := fmt.Sprintf(`
		OPTIONAL MATCH (p:%[1]s {id: $id})
		CALL (p) {
			OPTIONAL MATCH (p)-[:%[2]s]->(c:%[3]s)
			WITH p, collect(c) AS cities
			MATCH (p)-[:%[4]s]->(t:%[5]s)<-[:%[4]s]-(o:%[1]s)
			WHERE o <> p AND NOT EXISTS { MATCH (o)-[:%[2]s]->(oc:%[3]s) WHERE oc IN cities }
			WITH o, t ORDER BY t.id
			WITH o, collect(properties(t)) AS themes
			ORDER BY size(themes) DESC, o.id
			LIMIT $first
			RETURN collect({practice: properties(o), themes: themes}) AS related
		}
		RETURN p IS NOT NULL AS found, related`,
		graph.KindPractice, graph.RelRunBy, graph.KindCity, graph.RelHasTheme, graph.KindTheme)
	recs, err := s.read(ctx, cypher, map[string]any{"id": id, "first": int64(first)})
	if err != nil {
		return nil, fmt.Errorf("neo4j: practices related to %q: %w", id, err)
	}
	if found, _ := recs[0].Values[0].(bool); !found {
		return nil, graph.NotFound(graph.KindPractice, id)
	}
	rows, _ := recs[0].Values[1].([]any)
	out := make([]graph.RelatedPractice, 0, len(rows))
	for _, row := range rows {
		m := row.(map[string]any)
		rp := graph.RelatedPractice{Practice: decodeNode(graph.KindPractice, m["practice"].(map[string]any))}
		themes, _ := m["themes"].([]any)
		for _, t := range themes {
			rp.Themes = append(rp.Themes, decodeNode(graph.KindTheme, t.(map[string]any)))
		}
		out = append(out, rp)
	}
	return out, nil
}
