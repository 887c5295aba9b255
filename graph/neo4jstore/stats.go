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
	// headOf returns the first node along any route of p from n, as a Cypher
	// expression: the country or theme a node counts under in a breakdown.
	headOf := func(n string, p graph.Path, last string) string {
		var alts []string
		for _, r := range p.Routes {
			alts = append(alts, "["+routeCypher(n, r, last)+" | x]")
		}
		return "head(" + strings.Join(alts, " + ") + ")"
	}
	practiceCountry := headOf("p", graph.CountryOf(graph.KindPractice), "x:"+string(graph.KindCountry))
	grantCountry := headOf("g", graph.Path{From: graph.KindGrant, To: graph.KindCountry,
		Routes: []graph.Route{{{Type: graph.RelAwardedTo, Direction: graph.Out, Kind: graph.KindCity}, {Type: graph.RelInCountry, Direction: graph.Out, Kind: graph.KindCountry}}}},
		"x:"+string(graph.KindCountry))
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
    // Breakdowns of one entity each count every entity once, under $unknown when the
    // graph says nothing, so that they add up to the entity's list total.
    CALL () {
      MATCH (c:City)
      WITH c, head([(c)-[:` + graph.RelInCountry + `]->(k:Country) | k]) AS k
      WITH k, count(c) AS n
      RETURN collect({key: coalesce(k.id, $unknown), count: n, node: properties(k)}) AS citiesPerCountry
    }
    CALL () {
      MATCH (c:City)
      // properties(m).joinedOn, not m.joinedOn: the seed sets no joinedOn, and naming a
      // property key the database has never seen raises UnknownPropertyKeyWarning.
      WITH c, head([(c)-[m:` + graph.RelMemberOf + `]->(:Network {scope: 'international'}) |
        coalesce(m.since, toInteger(left(properties(m).joinedOn, 4)))]) AS year
      WITH year, count(c) AS n
      RETURN collect({key: coalesce(toString(year), $unknown), count: n}) AS citiesPerJoinYear
    }
    CALL () {
      MATCH (p:Practice)
      OPTIONAL MATCH (p)-[:` + graph.RelHasTheme + `]->(t:Theme {type: 'policy-area'})
      WITH t, count(DISTINCT p) AS n
      RETURN collect({key: coalesce(t.id, $unknown), count: n, node: properties(t)}) AS practicesPerTheme
    }
    CALL () {
      MATCH (p:Practice)
      WITH p, head([(p)-[:` + graph.RelHasTheme + `]->(t:Theme {type: 'policy-area'}) | t]) AS t
      WITH t, count(p) AS n
      RETURN collect({key: coalesce(t.id, $unknown), count: n, node: properties(t)}) AS practicesPerArea
    }
    CALL () {
      MATCH (p:Practice)
      WITH p, ` + practiceCountry + ` AS k
      WITH k, count(p) AS n
      RETURN collect({key: coalesce(k.id, $unknown), count: n, node: properties(k)}) AS practicesPerCountry
    }
    CALL () {
      MATCH (p:Practice)
      WITH coalesce(p.status, $unknown) AS status, count(p) AS n
      RETURN collect({key: status, count: n}) AS practicesPerStatus
    }
    CALL () {
      MATCH (g:Grant)
      WITH g, ` + grantCountry + ` AS k
      WITH k, count(g) AS n
      RETURN collect({key: coalesce(k.id, $unknown), count: n, node: properties(k)}) AS grantsPerCountry
    }
    CALL () {
      MATCH (p:Practice)-[:` + graph.RelHasTheme + `]->(t:Theme {type: 'principle'})
      WITH t, count(DISTINCT p) AS n
      RETURN collect({key: t.id, count: n, node: properties(t)}) AS practicesPerPrinciple
    }
    CALL () {
      MATCH (g:Grant)
      WITH g.year AS year, count(g) AS n
      RETURN collect({key: coalesce(toString(year), $unknown), count: n}) AS grantsPerYear
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
    // The real collaborations' ties, paired up in Go as for collaborationGraph.
    CALL () {` + collabAllVias + collabMembers + `
      RETURN collect({kind: kind, via: properties(via), m: properties(m), type: type(r), cityFirst: startNode(r):City,
                      start: startNode(r).id, end: endNode(r).id, rel: properties(r)}) AS collabTies
    }
    RETURN collabTies, totals, citiesPerCountry, citiesPerJoinYear, practicesPerTheme, practicesPerPrinciple,
           grantsPerYear, publicationsPerLanguage, publicationsPerType, eventsPerYear, eventsPerType,
           assessmentsPerKind, practicesPerArea, practicesPerCountry, practicesPerStatus, grantsPerCountry`
}()

// Stats returns the dashboards' breakdowns in one round trip.
func (s *Store) Stats(ctx context.Context) (graph.Stats, error) {
	recs, err := s.read(ctx, statsCypher, map[string]any{"unknown": graph.Unknown, "kinds": viaKindStrings(graph.DefaultCollaborationKinds())})
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
	rawTies, _ := row["collabTies"].([]any)
	ties := make([]map[string]any, 0, len(rawTies))
	for _, x := range rawTies {
		if m, ok := x.(map[string]any); ok {
			ties = append(ties, m)
		}
	}
	perKind, perYear := graph.CollaborationCounts(allPairs(groupTieRows(ties), graph.DefaultCollaborationKinds()))
	return graph.Stats{
		PracticesPerArea:        list("practicesPerArea", graph.KindTheme),
		PracticesPerCountry:     list("practicesPerCountry", graph.KindCountry),
		PracticesPerStatus:      list("practicesPerStatus", ""),
		GrantsPerCountry:        list("grantsPerCountry", graph.KindCountry),
		CollaborationsPerKind:   perKind,
		CollaborationsPerYear:   perYear,
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
