package neo4jstore

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/practicegraph/practicegraph/graph"
)

// statsQueries holds the query of each breakdown of graph.Stats, by the breakdown's
// GraphQL name, so a dashboard pays only for the breakdowns it shows. Each aggregates
// to exactly one row holding one list; a bucket is {key, count} plus node, the
// properties of the entity an id key names. Breakdowns of one entity each count every
// entity once, under $unknown when the graph says nothing, so that they add up to the
// entity's list total. collabTies are the real collaborations' ties, paired up in Go as
// for collaborationGraph, for collaborationsPerKind and collaborationsPerYear.
var statsQueries = func() map[string]string {
	// firstEnd is the breakdown of the nodes of kind from under the node path p first
	// reaches, its end given as the pattern end ("k:Country"), named name. It counts from
	// the ends' side: a match of every route, each node kept once under its first route's
	// end of smallest id, then the nodes no route reaches under $unknown, from the count
	// store. Walking the routes from their ends, as the planner may, reads a few
	// relationships per node where a comprehension per node read every one of them.
	firstEnd := func(name string, from graph.Kind, p graph.Path, end string) string {
		var alts []string
		for i, r := range p.Routes {
			alts = append(alts, fmt.Sprintf("MATCH %s RETURN x, %d AS route, k.id AS kid", routeCypher("x:"+string(from), r, end), i))
		}
		first := "WITH x, min(kid) AS kid"
		if len(alts) > 1 {
			first = "WITH x, route, kid ORDER BY route, kid\n      WITH x, head(collect(kid)) AS kid"
		}
		return `
    CALL () {
      CALL () {
        ` + strings.Join(alts, "\n        UNION ALL\n        ") + `
      }
      ` + first + `
      WITH kid, count(x) AS n
      MATCH (k:` + string(p.To) + ` {id: kid})
      RETURN collect({key: kid, count: n, node: properties(k)}) AS known, sum(n) AS placed
    }
    CALL () { MATCH (x:` + string(from) + `) RETURN count(x) AS total }
    RETURN known + CASE WHEN total > placed THEN [{key: $unknown, count: total - placed}] ELSE [] END AS ` + name
	}
	// headOf returns the first node along any route of p from n, as a Cypher
	// expression: the country or theme a node counts under in a breakdown.
	headOf := func(n string, p graph.Path, last string) string {
		var alts []string
		for _, r := range p.Routes {
			alts = append(alts, "["+routeCypher(n, r, last)+" | x]")
		}
		return "head(" + strings.Join(alts, " + ") + ")"
	}
	country := ":" + string(graph.KindCountry)
	inCountry := graph.Path{From: graph.KindCity, To: graph.KindCountry, Routes: []graph.Route{{{Type: graph.RelInCountry, Direction: graph.Out, Kind: graph.KindCountry}}}}
	// Grants are few next to practices: each still reads its cities in a comprehension,
	// and counts under the first country that gives.
	grantCountry := headOf("g", graph.Path{From: graph.KindGrant, To: graph.KindCountry,
		Routes: []graph.Route{{{Type: graph.RelAwardedTo, Direction: graph.Out, Kind: graph.KindCity}, {Type: graph.RelInCountry, Direction: graph.Out, Kind: graph.KindCountry}}}},
		"x:"+string(graph.KindCountry))
	area := graph.Path{From: graph.KindPractice, To: graph.KindTheme, Routes: []graph.Route{{{Type: graph.RelHasTheme, Direction: graph.Out, Kind: graph.KindTheme}}}}
	var totals []string
	for _, k := range graph.Kinds() {
		// A bare label count is answered from the count store, without a scan.
		totals = append(totals, fmt.Sprintf("MATCH (n:%s) RETURN '%s' AS key, count(n) AS n", k.Kind, k.Kind))
	}
	return map[string]string{
		"totals": `
    CALL () {
      ` + strings.Join(totals, "\n      UNION ALL\n      ") + `
    }
    RETURN collect({key: key, count: n}) AS totals`,
		"citiesPerCountry": firstEnd("citiesPerCountry", graph.KindCity, inCountry, "k"+country),
		"citiesPerJoinYear": `
    MATCH (c:City)
    // properties(m).joinedOn, not m.joinedOn: the seed sets no joinedOn, and naming a
    // property key the database has never seen raises UnknownPropertyKeyWarning.
    WITH c, head([(c)-[m:` + graph.RelMemberOf + `]->(:Network {scope: 'international'}) |
      coalesce(m.since, toInteger(left(properties(m).joinedOn, 4)))]) AS year
    WITH year, count(c) AS n
    RETURN collect({key: coalesce(toString(year), $unknown), count: n}) AS citiesPerJoinYear`,
		// Counted from the themes' side, and the practices without one apart, rather than
		// grouping every practice by its themes with a DISTINCT over them all.
		"practicesPerTheme": `
    CALL () {
      MATCH (t:Theme {type: 'policy-area'})
      WITH t, COUNT { MATCH (t)<-[:` + graph.RelHasTheme + `]-(p:Practice) RETURN DISTINCT p } AS n
      WHERE n > 0
      RETURN collect({key: t.id, count: n, node: properties(t)}) AS known
    }
    CALL () {
      MATCH (p:Practice) WHERE NOT EXISTS { (p)-[:` + graph.RelHasTheme + `]->(:Theme {type: 'policy-area'}) }
      RETURN count(p) AS none
    }
    RETURN known + CASE WHEN none > 0 THEN [{key: $unknown, count: none}] ELSE [] END AS practicesPerTheme`,
		"practicesPerArea":    firstEnd("practicesPerArea", graph.KindPractice, area, "k:"+string(graph.KindTheme)+" {type: 'policy-area'}"),
		"practicesPerCountry": firstEnd("practicesPerCountry", graph.KindPractice, graph.CountryOf(graph.KindPractice), "k"+country),
		"practicesPerStatus": `
    MATCH (p:Practice)
    WITH coalesce(p.status, $unknown) AS status, count(p) AS n
    RETURN collect({key: status, count: n}) AS practicesPerStatus`,
		"grantsPerCountry": `
    MATCH (g:Grant)
    WITH g, ` + grantCountry + ` AS k
    WITH k, count(g) AS n
    RETURN collect({key: coalesce(k.id, $unknown), count: n, node: properties(k)}) AS grantsPerCountry`,
		"practicesPerPrinciple": `
    CALL () {
      MATCH (p:Practice)-[:` + graph.RelHasTheme + `]->(t:Theme {type: 'principle'})
      WITH t, count(DISTINCT p) AS n
      RETURN collect({key: t.id, count: n, node: properties(t)}) AS practicesPerPrinciple
    }
    RETURN practicesPerPrinciple`,
		"grantsPerYear": `
    MATCH (g:Grant)
    WITH g.year AS year, count(g) AS n
    RETURN collect({key: coalesce(toString(year), $unknown), count: n}) AS grantsPerYear`,
		"publicationsPerLanguage": `
    CALL () {
      MATCH (p:Publication)
      UNWIND coalesce(p.languages, []) AS lang
      WITH lang, count(DISTINCT p) AS n
      RETURN collect({key: lang, count: n}) AS publicationsPerLanguage
    }
    RETURN publicationsPerLanguage`,
		"publicationsPerType": `
    MATCH (p:Publication) WHERE p.type IS NOT NULL
    WITH p.type AS type, count(p) AS n
    RETURN collect({key: type, count: n}) AS publicationsPerType`,
		"eventsPerYear": `
    MATCH (e:Event) WHERE e.startDate IS NOT NULL
    WITH left(toString(e.startDate), 4) AS year, count(e) AS n
    RETURN collect({key: year, count: n}) AS eventsPerYear`,
		"eventsPerType": `
    MATCH (e:Event) WHERE e.type IS NOT NULL
    WITH e.type AS type, count(e) AS n
    RETURN collect({key: type, count: n}) AS eventsPerType`,
		"assessmentsPerKind": `
    MATCH (a:Assessment) WHERE a.kind IS NOT NULL
    WITH a.kind AS kind, count(a) AS n
    RETURN collect({key: kind, count: n}) AS assessmentsPerKind`,
		"collabTies": `
    CALL () {` + collabAllVias + collabMembers + `
      RETURN collect({kind: kind, via: properties(via), m: properties(m), type: type(r), cityFirst: startNode(r):City,
                      start: startNode(r).id, end: endNode(r).id, rel: properties(r)}) AS collabTies
    }
    RETURN collabTies`,
	}
}()

// statsQueryOf names the query answering each breakdown, where it is not its own.
var statsQueryOf = map[string]string{"collaborationsPerKind": "collabTies", "collaborationsPerYear": "collabTies"}

// statsWanted returns the queries answering the breakdowns named in only (every
// breakdown when only is empty), sorted, or an error naming one that does not exist.
func statsWanted(only []string) ([]string, error) {
	want := map[string]bool{}
	for _, name := range only {
		if q, ok := statsQueryOf[name]; ok {
			name = q
		}
		if _, ok := statsQueries[name]; !ok {
			return nil, graph.Errorf(graph.EINVALID, "stats: no breakdown %q", name)
		}
		want[name] = true
	}
	if len(only) == 0 {
		for name := range statsQueries {
			want[name] = true
		}
	}
	return slices.Sorted(maps.Keys(want)), nil
}

// stats computes the breakdowns of the queries names (from statsWanted) in one round
// trip: one CALL subquery of its own per breakdown asked, so a dashboard pays only for
// the breakdowns it shows. It returns the graph state read first in the same query:
// the breakdowns are of that state or a later one.
func (s *Store) stats(ctx context.Context, names []string) (graph.Stats, graph.State, error) {
	want := map[string]bool{}
	for _, name := range names {
		want[name] = true
	}
	var b strings.Builder
	b.WriteString("CALL () {" + stateQuery + "\n}\n")
	for _, name := range names {
		b.WriteString("CALL () {" + statsQueries[name] + "\n}\n")
	}
	b.WriteString("RETURN v, low, epoch, imports, " + strings.Join(names, ", "))
	recs, err := s.read(ctx, b.String(), map[string]any{"unknown": graph.Unknown, "kinds": viaKindStrings(graph.DefaultCollaborationKinds()),
		"id": metaID, "lapse": int64(reservationLapse / time.Second)})
	if err != nil {
		return graph.Stats{}, graph.State{}, fmt.Errorf("neo4j: stats: %w", err)
	}
	if len(recs) != 1 {
		return graph.Stats{}, graph.State{}, fmt.Errorf("neo4j: stats: %d rows, want 1", len(recs))
	}
	state := stateOf(recs[0].Values[:4])
	row := recs[0].AsMap()
	list := func(name string, kind graph.Kind) []graph.Count {
		if !want[name] {
			return nil
		}
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
	var perKind, perYear []graph.Count
	if want["collabTies"] {
		rawTies, _ := row["collabTies"].([]any)
		ties := make([]map[string]any, 0, len(rawTies))
		for _, x := range rawTies {
			if m, ok := x.(map[string]any); ok {
				ties = append(ties, m)
			}
		}
		perKind, perYear = graph.CollaborationCounts(allPairs(groupTieRows(ties), graph.DefaultCollaborationKinds()))
		if perKind == nil {
			perKind = []graph.Count{}
		}
		if perYear == nil {
			perYear = []graph.Count{}
		}
	}
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
	}, state, nil
}
