package neo4jstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/practicegraph/practicegraph/graph"
)

const metaID = "practicegraph"

// lookupIndexes are the properties the API filters or sorts lists by.
var lookupIndexes = map[graph.Kind][]string{
	graph.KindGrant:       {"year"},
	graph.KindEvent:       {"startDate"},
	graph.KindPublication: {"year"},
	graph.KindIndexReport: {"year"},
	graph.KindPractice:    {"startYear"},
	graph.KindAssessment:  {"kind"},
}

// schemaStatements returns the constraints and indexes, in Cypher valid on Neo4j 5.26 LTS
// and on current releases.
func schemaStatements() []string {
	var out []string
	for _, k := range graph.Kinds() {
		l := string(k.Kind)
		out = append(out,
			fmt.Sprintf("CREATE CONSTRAINT %s_id IF NOT EXISTS FOR (n:%s) REQUIRE n.id IS UNIQUE", l, l),
			fmt.Sprintf("CREATE INDEX %s_version IF NOT EXISTS FOR (n:%s) ON (n.%s)", l, l, propVersion),
		)
		for _, p := range lookupIndexes[k.Kind] {
			out = append(out, fmt.Sprintf("CREATE INDEX %s_%s IF NOT EXISTS FOR (n:%s) ON (n.%s)", l, p, l, p))
		}
	}
	out = append(out,
		// Ids are unique across kinds too, so an id names one entity (Relay's node(id:)).
		fmt.Sprintf("CREATE CONSTRAINT %[1]s_id IF NOT EXISTS FOR (n:%[1]s) REQUIRE n.id IS UNIQUE", entityLabel),
		"CREATE CONSTRAINT GraphMeta_id IF NOT EXISTS FOR (n:GraphMeta) REQUIRE n.id IS UNIQUE",
		"CREATE INDEX Deleted_version IF NOT EXISTS FOR (n:Deleted) ON (n._v)",
		"CREATE CONSTRAINT IndexCursor_id IF NOT EXISTS FOR (n:IndexCursor) REQUIRE n.id IS UNIQUE",
		"CREATE INDEX Revision_entity IF NOT EXISTS FOR (n:Revision) ON (n.kind, n.id)",
		"CREATE CONSTRAINT PracticeDraft_id IF NOT EXISTS FOR (n:PracticeDraft) REQUIRE n.id IS UNIQUE",
		"CREATE CONSTRAINT ImportRevision_version IF NOT EXISTS FOR (n:ImportRevision) REQUIRE n.version IS UNIQUE",
	)
	return append(out, stagingSchema...)
}

// entityLabel is the label every entity carries besides its kind's: its uniqueness
// constraint makes an id unique across kinds, and node(id:) finds an entity by id alone.
const entityLabel = "Entity"

// EnsureSchema creates the constraints and indexes if they are missing and waits for
// them to come online. Safe to call at every start.
func (s *Store) EnsureSchema(ctx context.Context) error {
	if err := s.labelEntities(ctx); err != nil {
		return err
	}
	for _, stmt := range schemaStatements() {
		s.queries.Add(1)
		// Schema statements cannot share a transaction with writes, so each runs alone.
		if _, err := neo4j.ExecuteQuery(ctx, s.driver, stmt, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.database)); err != nil {
			return classify(err, "neo4j: ensure schema")
		}
	}
	if _, err := s.read(ctx, "CALL db.awaitIndexes(60)", nil); err != nil {
		return fmt.Errorf("neo4j: await indexes: %w", err)
	}
	return nil
}

// labelEntities gives the entity label to the entities of a graph written before it
// existed, and refuses, naming them, ids two kinds share: the constraint on the label
// could not hold over them, and node(id:) could not tell them apart. A graph whose
// entities all carry the label costs one count per kind.
func (s *Store) labelEntities(ctx context.Context) error {
	kinds := kindNames()
	unlabelled := int64(0)
	for _, k := range kinds {
		recs, err := s.read(ctx, fmt.Sprintf("MATCH (n:%s) WHERE NOT n:%s RETURN count(n)", k, entityLabel), nil)
		if err != nil {
			return fmt.Errorf("neo4j: count unlabelled %s nodes: %w", k, err)
		}
		unlabelled += recs[0].Values[0].(int64)
	}
	if unlabelled == 0 {
		return nil
	}
	if err := s.renameSharedSeedIDs(ctx); err != nil {
		return err
	}
	recs, err := s.read(ctx, `
		MATCH (n) WHERE any(l IN labels(n) WHERE l IN $kinds)
		WITH n.id AS id, collect(head([l IN labels(n) WHERE l IN $kinds])) AS kinds
		WHERE size(kinds) > 1
		RETURN id, kinds ORDER BY id LIMIT 10`, map[string]any{"kinds": kinds})
	if err != nil {
		return fmt.Errorf("neo4j: look for ids shared by two kinds: %w", err)
	}
	if len(recs) > 0 {
		var shared []string
		for _, r := range recs {
			shared = append(shared, fmt.Sprintf("%q (%v)", r.Values[0], r.Values[1]))
		}
		return graph.Errorf(graph.EINVALID, "ids must be unique across kinds, and these are not: %s; rename one of each (or empty the graph and seed it again)", strings.Join(shared, ", "))
	}
	for _, k := range kinds {
		_, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			return s.run(ctx, tx, fmt.Sprintf("MATCH (n:%s) WHERE NOT n:%s SET n:%s", k, entityLabel, entityLabel), nil)
		})
		if err != nil {
			return fmt.Errorf("neo4j: label %s nodes as entities: %w", k, err)
		}
	}
	return nil
}

// sharedSeedIDs are the ids the seed gave two kinds before ids were unique across
// kinds, and the ids the seed gives them now.
var sharedSeedIDs = []struct {
	kind     graph.Kind
	old, new string
}{
	{graph.KindEvent, "icc-coordinators-meeting-2023", "icc-annual-meeting-2023"},
	{graph.KindPractice, "bilbao-local-immigration-council", "local-immigration-council-bilbao"},
	{graph.KindPractice, "inter-city-cooperation", "icc-inter-city-cooperation"},
}

// renameSharedSeedIDs moves a graph seeded before ids were unique across kinds to the
// seed's new ids, keeping the nodes, their relationships and their history in place
// (a search index rebuilds on open, as its mapping generation moved with this change).
// An id the new one is already taken by is left alone, for labelEntities to report.
func (s *Store) renameSharedSeedIDs(ctx context.Context) error {
	for _, r := range sharedSeedIDs {
		_, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
			return s.run(ctx, tx, fmt.Sprintf(`
				MATCH (n:%s {id: $old}) WHERE NOT n:%s
				  AND NOT EXISTS { MATCH (m {id: $new}) WHERE any(l IN labels(m) WHERE l IN $kinds) }
				SET n.id = $new`, r.kind, entityLabel),
				map[string]any{"old": r.old, "new": r.new, "kinds": kindNames()})
		})
		if err != nil {
			return fmt.Errorf("neo4j: rename %s %q to %q: %w", r.kind, r.old, r.new, err)
		}
	}
	return nil
}
