package neo4jstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/practicegraph/practicegraph/graph"
)

// statsCypher computes every breakdown of graph.Stats in one query: each CALL
// subquery aggregates to exactly one row, so the query returns one row of lists. A
// bucket is {key, count} plus node, the properties of the entity an id key names.
var statsCypher = func() string {
	var totals []string
	for _, k := range graph.Kinds() {
		// A bare label count is answered from the count store, without a scan.
		totals = append(totals, fmt.Sprintf("MATCH (n:%s) RETURN '%s' AS key, count(n) AS n", k.Kind, k.Kind))
	}
	return `
    CALL () {
      CALL () {
        ` + strings.Join(totals, "\n        UNION ALL\n        ") + `
      }
      RETURN collect({key: key, count: n}) AS totals
    }
    CALL () {
      MATCH (c:City)-[:` + graph.RelInCountry + `]->(k:Country)
      WITH k, count(DISTINCT c) AS n
      RETURN collect({key: k.id, count: n, node: properties(k)}) AS citiesPerCountry
    }
    CALL () {
      MATCH (c:City)-[m:` + graph.RelMemberOf + `]->(:Network {scope: 'international'})
      // properties(m).joinedOn, not m.joinedOn: the seed sets no joinedOn, and naming a
      // property key the database has never seen raises UnknownPropertyKeyWarning.
      WITH c, coalesce(m.since, toInteger(left(properties(m).joinedOn, 4))) AS year
      WHERE year IS NOT NULL
      WITH year, count(DISTINCT c) AS n
      RETURN collect({key: toString(year), count: n}) AS citiesPerJoinYear
    }
    CALL () {
      MATCH (p:Practice)-[:` + graph.RelHasTheme + `]->(t:Theme {type: 'policy-area'})
      WITH t, count(DISTINCT p) AS n
      RETURN collect({key: t.id, count: n, node: properties(t)}) AS practicesPerTheme
    }
    CALL () {
      MATCH (p:Practice)-[:` + graph.RelHasTheme + `]->(t:Theme {type: 'principle'})
      WITH t, count(DISTINCT p) AS n
      RETURN collect({key: t.id, count: n, node: properties(t)}) AS practicesPerPrinciple
    }
    CALL () {
      MATCH (g:Grant) WHERE g.year IS NOT NULL
      WITH g.year AS year, count(g) AS n
      RETURN collect({key: toString(year), count: n}) AS grantsPerYear
    }
    CALL () {
      MATCH (p:Publication)
      UNWIND coalesce(p.languages, []) AS lang
      WITH lang, count(DISTINCT p) AS n
      RETURN collect({key: lang, count: n}) AS publicationsPerLanguage
    }
    CALL () {
      MATCH (p:Publication) WHERE p.type IS NOT NULL
      WITH p.type AS type, count(p) AS n
      RETURN collect({key: type, count: n}) AS publicationsPerType
    }
    CALL () {
      MATCH (e:Event) WHERE e.startDate IS NOT NULL
      WITH left(toString(e.startDate), 4) AS year, count(e) AS n
      RETURN collect({key: year, count: n}) AS eventsPerYear
    }
    CALL () {
      MATCH (e:Event) WHERE e.type IS NOT NULL
      WITH e.type AS type, count(e) AS n
      RETURN collect({key: type, count: n}) AS eventsPerType
    }
    CALL () {
      MATCH (a:Assessment) WHERE a.kind IS NOT NULL
      WITH a.kind AS kind, count(a) AS n
      RETURN collect({key: kind, count: n}) AS assessmentsPerKind
    }
    RETURN totals, citiesPerCountry, citiesPerJoinYear, practicesPerTheme, practicesPerPrinciple,
           grantsPerYear, publicationsPerLanguage, publicationsPerType, eventsPerYear, eventsPerType,
           assessmentsPerKind`
}()

// Stats returns the dashboards' breakdowns in one round trip.
func (s *Store) Stats(ctx context.Context) (graph.Stats, error) {
	recs, err := s.read(ctx, statsCypher, nil)
	if err != nil {
		return graph.Stats{}, fmt.Errorf("neo4j: stats: %w", err)
	}
	if len(recs) != 1 {
		return graph.Stats{}, fmt.Errorf("neo4j: stats: %d rows, want 1", len(recs))
	}
	row := recs[0].AsMap()
	list := func(name string, kind graph.Kind) []graph.Count {
		raw, _ := row[name].([]any)
		out := make([]graph.Count, 0, len(raw))
		for _, x := range raw {
			m, _ := x.(map[string]any)
			c := graph.Count{}
			c.Key, _ = m["key"].(string)
			n, _ := m["count"].(int64)
			c.Count = int(n)
			if props, ok := m["node"].(map[string]any); ok && kind != "" {
				c.Name = decodeNode(kind, props).Text("name")
			}
			out = append(out, c)
		}
		graph.SortCounts(out)
		return out
	}
	return graph.Stats{
		Totals:                  list("totals", ""),
		CitiesPerCountry:        list("citiesPerCountry", graph.KindCountry),
		CitiesPerJoinYear:       list("citiesPerJoinYear", ""),
		PracticesPerTheme:       list("practicesPerTheme", graph.KindTheme),
		PracticesPerPrinciple:   list("practicesPerPrinciple", graph.KindTheme),
		GrantsPerYear:           list("grantsPerYear", ""),
		PublicationsPerLanguage: list("publicationsPerLanguage", ""),
		PublicationsPerType:     list("publicationsPerType", ""),
		EventsPerYear:           list("eventsPerYear", ""),
		EventsPerType:           list("eventsPerType", ""),
		AssessmentsPerKind:      list("assessmentsPerKind", ""),
	}, nil
}
