package neo4jstore

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// staleIndexAfter is how long an index may go without reporting its version before its
// record stops holding tombstones back. If it comes back later it finds them pruned past
// its version (PrunedThrough) and rebuilds.
const staleIndexAfter = "P7D"

// MarkIndexed records that the search index indexID reflects version, then deletes the
// tombstones (:Deleted nodes) of deletions every index has passed, raising the version
// PrunedThrough reports. It returns how many tombstones it deleted.
func (s *Store) MarkIndexed(ctx context.Context, indexID string, version int64) (int, error) {
	out, err := s.write(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		if _, err := s.run(ctx, tx, `
			MERGE (c:IndexCursor {id: $index})
			SET c.version = $v, c.seenAt = datetime()
			WITH c
			OPTIONAL MATCH (old:IndexCursor) WHERE old.seenAt < datetime() - duration($stale)
			DELETE old`, map[string]any{"index": indexID, "v": version, "stale": staleIndexAfter}); err != nil {
			return nil, err
		}
		// Uses the index on :Deleted(_v). The floor is raised in the same transaction, so
		// an index that reads it after its changes knows whether it missed any.
		recs, err := s.run(ctx, tx, `
			MATCH (c:IndexCursor)
			WITH min(c.version) AS low
			OPTIONAL MATCH (d:Deleted) WHERE d._v <= low
			WITH low, collect(d) AS gone
			FOREACH (d IN gone | DELETE d)
			WITH low, size(gone) AS n
			MERGE (m:GraphMeta {id: $meta})
			ON CREATE SET m.version = 0, m.epoch = randomUUID()
			SET m.prunedThrough = CASE WHEN coalesce(m.prunedThrough, 0) > low THEN m.prunedThrough ELSE low END
			RETURN n`, map[string]any{"meta": metaID})
		if err != nil {
			return nil, err
		}
		return int(recs[0].Values[0].(int64)), nil
	})
	if err != nil {
		return 0, fmt.Errorf("neo4j: mark index %s at version %d: %w", indexID, version, err)
	}
	return out.(int), nil
}

// PrunedThrough returns the version up to which tombstones have been deleted: an index
// at an older version cannot learn its deletions from ChangedSince and must be rebuilt.
func (s *Store) PrunedThrough(ctx context.Context) (int64, error) {
	recs, err := s.read(ctx, "OPTIONAL MATCH (m:GraphMeta {id: $id}) RETURN coalesce(m.prunedThrough, 0)", map[string]any{"id": metaID})
	if err != nil {
		return 0, fmt.Errorf("neo4j: pruned through: %w", err)
	}
	return recs[0].Values[0].(int64), nil
}
