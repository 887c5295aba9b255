package neo4jstore

import (
	"context"
	"fmt"

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
		"CREATE CONSTRAINT GraphMeta_id IF NOT EXISTS FOR (n:GraphMeta) REQUIRE n.id IS UNIQUE",
		"CREATE INDEX Deleted_version IF NOT EXISTS FOR (n:Deleted) ON (n._v)",
		"CREATE CONSTRAINT IndexCursor_id IF NOT EXISTS FOR (n:IndexCursor) REQUIRE n.id IS UNIQUE",
		"CREATE INDEX Revision_entity IF NOT EXISTS FOR (n:Revision) ON (n.kind, n.id)",
		"CREATE CONSTRAINT PracticeDraft_id IF NOT EXISTS FOR (n:PracticeDraft) REQUIRE n.id IS UNIQUE",
		"CREATE CONSTRAINT ImportRevision_version IF NOT EXISTS FOR (n:ImportRevision) REQUIRE n.version IS UNIQUE",
	)
	return append(out, stagingSchema...)
}

// EnsureSchema creates the constraints and indexes if they are missing and waits for
// them to come online. Safe to call at every start.
func (s *Store) EnsureSchema(ctx context.Context) error {
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
