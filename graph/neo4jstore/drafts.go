package neo4jstore

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/practicegraph/practicegraph/graph"
)

var _ graph.DraftStore = (*Store)(nil)

// draftLabel is the label of drafts of practices. It is not the kind's label, so every
// query naming :Practice skips drafts, as it skips staged imports; and a draft has no
// relationships (its link lists are a property), so no relationship read reaches it.
const draftLabel = "PracticeDraft"

// SaveDraft writes a draft whole, creating it when new.
func (s *Store) SaveDraft(ctx context.Context, d graph.Draft, expected int64) (graph.Draft, error) {
	if d.Node.Kind != graph.KindPractice {
		return graph.Draft{}, graph.Errorf(graph.EINVALID, "only practices have drafts, not %s", d.Node.Kind)
	}
	if err := graph.Validate(d.Node, true); err != nil {
		return graph.Draft{}, err
	}
	lists := map[string][]string{}
	for _, set := range d.Lists {
		ids := []string{}
		for _, l := range set.Links {
			ids = append(ids, l.To.ID)
		}
		lists[set.Type] = ids
	}
	encoded, err := json.Marshal(lists)
	if err != nil {
		return graph.Draft{}, fmt.Errorf("neo4j: encode draft lists: %w", err)
	}
	spec, _ := graph.KindOf(graph.KindPractice)
	props := encodeProps(spec.Fields, d.Node.Texts, d.Node.Props, d.Node.Provenance)
	_, err = s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		// An id another kind holds could never be published: ids are unique across kinds.
		if err := s.checkIDsFree(ctx, tx, graph.KindPractice, []any{d.Node.ID}, false); err != nil {
			return nil, err
		}
		// Uses the uniqueness constraints on :Practice(id) and :PracticeDraft(id); the
		// MERGE takes the draft's lock, so two saves of one draft serialise.
		recs, err := s.run(ctx, tx, fmt.Sprintf(`
			OPTIONAL MATCH (p:%s {id: $id})
			MERGE (d:%s {id: $id})
			ON CREATE SET d._v = 0
			SET d._lock = true
			RETURN p IS NOT NULL AS published, d._v AS v`, graph.KindPractice, draftLabel), map[string]any{"id": d.Node.ID})
		if err != nil {
			return nil, err
		}
		published, _ := recs[0].Values[0].(bool)
		v, _ := recs[0].Values[1].(int64)
		switch {
		case published:
			return nil, graph.Errorf(graph.ECONFLICT, "Practice %q is published already; update it instead", d.Node.ID)
		case expected != 0 && expected != v:
			return nil, graph.Errorf(graph.ECONFLICT, "the draft %q changed since version %d (now %d): read it again and reapply your changes", d.Node.ID, expected, v)
		}
		// A save gives the whole draft: properties it leaves out are removed.
		_, err = s.run(ctx, tx, fmt.Sprintf(`
			MATCH (d:%s {id: $id})
			SET d = $props, d.id = $id, d._v = $v, d._lists = $lists, d._by = $editor, d._at = datetime.transaction()`, draftLabel),
			map[string]any{"id": d.Node.ID, "props": props, "v": v + 1, "lists": string(encoded), "editor": d.Editor})
		return nil, err
	})
	if err != nil {
		return graph.Draft{}, err
	}
	return s.Draft(ctx, d.Node.ID)
}

// Drafts returns every draft, by id.
func (s *Store) Drafts(ctx context.Context) ([]graph.Draft, error) {
	recs, err := s.read(ctx, fmt.Sprintf(`MATCH (d:%s) RETURN properties(d) ORDER BY d.id`, draftLabel), nil)
	if err != nil {
		return nil, fmt.Errorf("neo4j: drafts: %w", err)
	}
	out := make([]graph.Draft, 0, len(recs))
	for _, r := range recs {
		out = append(out, decodeDraft(r.Values[0].(map[string]any)))
	}
	return out, nil
}

// Draft returns one draft.
func (s *Store) Draft(ctx context.Context, id string) (graph.Draft, error) {
	// Uses the uniqueness constraint on :PracticeDraft(id).
	recs, err := s.read(ctx, fmt.Sprintf(`MATCH (d:%s {id: $id}) RETURN properties(d)`, draftLabel), map[string]any{"id": id})
	if err != nil {
		return graph.Draft{}, fmt.Errorf("neo4j: draft %q: %w", id, err)
	}
	if len(recs) == 0 {
		return graph.Draft{}, graph.Errorf(graph.ENOTFOUND, "no draft %q", id)
	}
	return decodeDraft(recs[0].Values[0].(map[string]any)), nil
}

func decodeDraft(p map[string]any) graph.Draft {
	d := graph.Draft{Node: decodeNode(graph.KindPractice, p)}
	d.Editor, _ = p["_by"].(string)
	at, _ := p["_at"].(time.Time)
	d.At = at.UTC()
	raw, _ := p["_lists"].(string)
	lists := map[string][]string{}
	_ = json.Unmarshal([]byte(raw), &lists) // written by SaveDraft alone
	types := make([]string, 0, len(lists))
	for t := range lists {
		types = append(types, t)
	}
	sort.Strings(types)
	for _, t := range types {
		spec, ok := graph.RelOf(graph.KindPractice, t)
		if !ok {
			continue
		}
		set := graph.LinkSet{From: d.Node.Ref(), Type: t, Links: []graph.Link{}}
		for _, id := range lists[t] {
			set.Links = append(set.Links, graph.Link{Type: t, From: d.Node.Ref(), To: graph.Ref{Kind: spec.To, ID: id}, Provenance: d.Node.Provenance})
		}
		d.Lists = append(d.Lists, set)
	}
	return d
}

// removePublishedDraft deletes the draft a changeset publishes, checking it is still
// the version the editor read.
func (s *Store) removePublishedDraft(ctx context.Context, tx neo4j.ManagedTransaction, cs graph.Changeset) error {
	if cs.PublishedDraft == "" {
		return nil
	}
	recs, err := s.run(ctx, tx, fmt.Sprintf(`
		MATCH (d:%s {id: $id})
		WITH d, d._v AS v
		DELETE d
		RETURN v`, draftLabel), map[string]any{"id": cs.PublishedDraft})
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return graph.Errorf(graph.ENOTFOUND, "no draft %q", cs.PublishedDraft)
	}
	if v, _ := recs[0].Values[0].(int64); v != cs.PublishedDraftVersion {
		return graph.Errorf(graph.ECONFLICT, "the draft %q changed since version %d (now %d): read it again", cs.PublishedDraft, cs.PublishedDraftVersion, v)
	}
	return nil
}

// DeleteDraft removes a draft, checking its version inside the transaction.
func (s *Store) DeleteDraft(ctx context.Context, id string, expected int64) error {
	_, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		// Uses the uniqueness constraint on :PracticeDraft(id); the SET takes its lock.
		recs, err := s.run(ctx, tx, fmt.Sprintf(`
			MATCH (d:%s {id: $id})
			SET d._lock = true
			RETURN d._v`, draftLabel), map[string]any{"id": id})
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return nil, graph.Errorf(graph.ENOTFOUND, "no draft %q", id)
		}
		if v, _ := recs[0].Values[0].(int64); expected != 0 && v != expected {
			return nil, graph.Errorf(graph.ECONFLICT, "the draft %q changed since version %d (now %d): read it again", id, expected, v)
		}
		return s.run(ctx, tx, fmt.Sprintf("MATCH (d:%s {id: $id}) DELETE d", draftLabel), map[string]any{"id": id})
	})
	if err != nil {
		return fmt.Errorf("neo4j: delete draft %q: %w", id, err)
	}
	return nil
}
