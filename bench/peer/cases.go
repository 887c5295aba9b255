package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/practicegraph/practicegraph/graph"
)

// The names of the three targets every case measures.
const (
	targetProject = "practicegraph"
	targetPeer    = "peer"
	targetFloor   = "floor"
)

var targetOrder = []string{targetProject, targetPeer, targetFloor}

// Case is one query measured on every target: the file the load tool reads.
type Case struct {
	Name    string   `json:"name"`
	Title   string   `json:"title"`
	Targets []Target `json:"targets"`
	// Unavailable names the targets that cannot express the case, with the reason; the
	// table says "n/a" for them instead of failing the run.
	Unavailable map[string]string `json:"unavailable,omitempty"`
}

// Target is one way of answering a case: GraphQL bodies POSTed to a server, or a Cypher
// query run by the Go driver. Requests rotate through the bodies (or parameters).
type Target struct {
	Name   string            `json:"name"`
	Kind   string            `json:"kind"` // http or cypher
	URL    string            `json:"url,omitempty"`
	Bodies []json.RawMessage `json:"bodies,omitempty"`
	Cypher string            `json:"cypher,omitempty"`
	Params []map[string]any  `json:"params,omitempty"`
	// Headers are sent with every request of an http target.
	Headers map[string]string `json:"headers,omitempty"`
	// PID is the server process whose RSS and CPU the load tool samples (0: none).
	PID int `json:"pid,omitempty"`
	// cursor is the next request's number. It carries on from one phase (warm-up,
	// round) to the next, so that a case of more distinct requests than a server keeps
	// results of asks each once per cycle instead of the first ones again each round.
	cursor *atomic.Int64
}

// caseOrder is the order cases run and appear in the table.
var caseOrder = []string{"a-byid", "a2-byid-fresh", "b-nested", "b2-nested-fresh", "c-list-p1", "c-list-deep", "d-stats", "d2-per-country", "e-search", "e2-search-distinct"}

// freshCases are the cases asking practicegraph for fresh answers, and the case each
// repeats.
var freshCases = map[string]string{"a2-byid-fresh": "a-byid", "b2-nested-fresh": "b-nested"}

// freshCase is c under another name with practicegraph's requests asking for an answer
// read from the graph (Cache-Control: no-cache) rather than one kept.
func freshCase(c Case, name string) Case {
	c.Name = name
	c.Title += ", practicegraph read afresh (no-cache)"
	c.Targets = slices.Clone(c.Targets)
	for i := range c.Targets {
		if c.Targets[i].Name == targetProject {
			c.Targets[i].Headers = map[string]string{"Cache-Control": "no-cache"}
		}
	}
	return c
}

// gqlBody is one GraphQL request.
func gqlBody(query string, vars map[string]any) json.RawMessage {
	if vars == nil {
		vars = map[string]any{}
	}
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars}) // strings and maps always marshal
	return b
}

// (a) by id: one practice with its cities, organisations and grants.
const (
	qByIDProject = `query($id: ID!) { practice(id: $id) { id name { text(lang: EN) }
  cities { city { id name { text(lang: EN) } } }
  organisations { organisation { id name { text(lang: EN) } } }
  grants { grant { id name { text(lang: EN) } } } } }`
	qByIDPeer = `query($id: ID!) { practices(where: {id: {eq: $id}}) { id name_en
  cities { id name_en } organisations { id name_en } grants { id name_en } } }`
	// Uses the Practice id uniqueness constraint's index.
	cyByID = `MATCH (p:Practice {id: $id})
RETURN p.id AS id, p.name_en AS name,
  [(p)-[:` + graph.RelRunBy + `]->(c:City) | {id: c.id, name: c.name_en}] AS cities,
  [(p)-[:` + graph.RelInvolves + `]->(o:Organisation) | {id: o.id, name: o.name_en}] AS organisations,
  [(p)-[:` + graph.RelFundedBy + `]->(g:Grant) | {id: g.id, name: g.name_en}] AS grants`
)

// (b) nested: 50 cities → their practices → each practice's grants → each grant's cities.
// practicegraph's City.practices takes no `first`, so every side returns every practice.
const (
	qNestedProject = `{ cities(first: 50, orderBy: {field: NAME, direction: ASC}) { edges { node { id
  practices { practice { id grants { grant { id cities { city { id } } } } } } } } } }`
	qNestedPeer = `{ cities(limit: 50, sort: [{name_en: ASC}]) { id
  practices { id grants { id cities { id } } } } }`
	cyNested = `MATCH (c:City) WITH c ORDER BY c.name_en, c.id LIMIT 50
RETURN c.id AS id, [(c)<-[:` + graph.RelRunBy + `]-(p:Practice) | {id: p.id,
  grants: [(p)-[:` + graph.RelFundedBy + `]->(g:Grant) | {id: g.id, cities: [(g)-[:` + graph.RelAwardedTo + `]->(gc:City) | gc.id]}]}] AS practices`
)

// (c) a filtered, sorted list: practices of one country by name, 20 a page.
const (
	qListProject = `query($country: ID!, $after: String) { practices(filter: {country: $country},
  orderBy: {field: NAME, direction: ASC}, first: 20, after: $after) {
  totalCount edges { node { id name { text(lang: EN) } } } pageInfo { hasNextPage endCursor } } }`
	qListPeer = `query($country: ID!, $after: String) { practicesConnection(
  where: {cities: {some: {country: {some: {id: {eq: $country}}}}}}, sort: [{name_en: ASC}], first: 20, after: $after) {
  totalCount edges { node { id name_en } } pageInfo { hasNextPage endCursor } } }`
	cyList = `MATCH (:Country {id: $country})<-[:` + graph.RelInCountry + `]-(:City)<-[:` + graph.RelRunBy + `]-(p:Practice)
WITH DISTINCT p ORDER BY p.name_en
WITH collect(p {.id, name: p.name_en}) AS ps
RETURN size(ps) AS total, ps[$skip..$skip + 20] AS page, size(ps) > $skip + 20 AS hasNextPage`
)

// (d) dashboard counts: practices per theme and cities per country.
const (
	qStatsProject = `{ stats { practicesPerTheme { key count } practicesPerPrinciple { key count } citiesPerCountry { key count } } }`
	qStatsPeer    = `{ themes { id practicesConnection { aggregate { count { nodes } } } }
  countries { id citiesConnection { aggregate { count { nodes } } } } }`
	cyStats = `CALL { MATCH (t:Theme) RETURN collect({key: t.id, count: COUNT { (t)<-[:` + graph.RelHasTheme + `]-(:Practice) }}) AS themes }
CALL { MATCH (c:Country) RETURN collect({key: c.id, count: COUNT { (c)<-[:` + graph.RelInCountry + `]-(:City) }}) AS countries }
RETURN themes, countries`
)

// (d2) practices per country: an aggregate practicegraph may not have yet.
const (
	qPerCountryProject = `{ stats { practicesPerCountry { key count } } }`
	qPerCountryPeer    = `{ countries { id practiceCount } }`
	cyPerCountry       = `MATCH (c:Country)
CALL { WITH c MATCH (c)<-[:` + graph.RelInCountry + `]-(:City)<-[:` + graph.RelRunBy + `]-(p:Practice) RETURN count(DISTINCT p) AS n }
RETURN c.id AS key, n AS count`
)

// (e) full-text search, first 20 practices and the number of hits.
const (
	qSearchProject = `query($q: String!, $lang: Lang) { search(query: $q, lang: $lang, filter: {kinds: [PRACTICE]}, first: 20) {
  totalCount edges { node { id score title(lang: EN) } } } }`
	qSearchPeer = `query($q: String!) { practicesFulltext(phrase: $q, first: 20, sort: [{score: DESC}]) {
  totalCount edges { score node { id name_en } } } }`
	// The floor asks Lucene what the peer's @fulltext asks it, without GraphQL.
	// Hits come best first; only the first 20 have their properties read.
	cySearch = `CALL db.index.fulltext.queryNodes('practice_fulltext', $q) YIELD node
WITH collect(node) AS hits
RETURN size(hits) AS total, [n IN hits[0..20] | n {.id, name: n.name_en}] AS first`
)

// peerFulltextIndex is the index the peer's @fulltext directive and the floor query.
var peerFulltextIndex = []string{
	`CREATE FULLTEXT INDEX practice_fulltext IF NOT EXISTS FOR (n:Practice)
ON EACH [n.name_fr, n.name_en, n.summary_fr, n.summary_en, n.description_fr, n.description_en]`,
	`CALL db.awaitIndex('practice_fulltext', 1800)`,
}

// endpoints are where the targets answer.
type endpoints struct {
	project, peer       string
	projectPID, peerPID int
}

func (e endpoints) http(name string, bodies ...json.RawMessage) Target {
	t := Target{Name: name, Kind: "http", Bodies: bodies}
	switch name {
	case targetProject:
		t.URL, t.PID = e.project, e.projectPID
	case targetPeer:
		t.URL, t.PID = e.peer, e.peerPID
	}
	return t
}

func floor(cypher string, params ...map[string]any) Target {
	return Target{Name: targetFloor, Kind: "cypher", Cypher: cypher, Params: params}
}

// buildCases writes the case files for the data set described by meta.
func buildCases(ctx context.Context, meta *Meta, ep endpoints) ([]Case, error) {
	var cases []Case

	var pb, qb []json.RawMessage
	var fp []map[string]any
	for _, id := range meta.ByIDPractices {
		pb = append(pb, gqlBody(qByIDProject, map[string]any{"id": id}))
		qb = append(qb, gqlBody(qByIDPeer, map[string]any{"id": id}))
		fp = append(fp, map[string]any{"id": id})
	}
	cases = append(cases, Case{Name: "a-byid", Title: "one practice with cities, organisations, grants (by id)",
		Targets: []Target{ep.http(targetProject, pb...), ep.http(targetPeer, qb...), floor(cyByID, fp...)}})

	cases = append(cases, Case{Name: "b-nested", Title: "50 cities → practices → grants → grants' cities",
		Targets: []Target{ep.http(targetProject, gqlBody(qNestedProject, nil)), ep.http(targetPeer, gqlBody(qNestedPeer, nil)),
			floor(cyNested)}})

	// The same two cases with practicegraph asked for fresh answers (Cache-Control:
	// no-cache): what its reads cost when no answer kept for the graph's state serves
	// them, as for requests never asked before. The peer and the floor keep nothing.
	cases = append(cases, freshCase(cases[0], "a2-byid-fresh"), freshCase(cases[1], "b2-nested-fresh"))

	country := meta.ListCountry
	total := meta.PracticesPerCountry[country]
	cases = append(cases, Case{Name: "c-list-p1", Title: fmt.Sprintf("practices of a country by name, page 1 (%d practices)", total),
		Targets: []Target{ep.http(targetProject, gqlBody(qListProject, map[string]any{"country": country})),
			ep.http(targetPeer, gqlBody(qListPeer, map[string]any{"country": country})),
			floor(cyList, map[string]any{"country": country, "skip": 0})}})
	// Page 50 when the country has that many, else its last page. The cursors come from
	// walking the pages, so they are whatever each server hands out.
	page := min(50, (total+19)/20)
	pcur, err := walkCursor(ctx, ep.project, qListProject, country, page, "practices")
	if err != nil && refusal(err) == "" { // a refused list is n/a below
		return nil, fmt.Errorf("cases: practicegraph's page %d: %w", page, err)
	}
	qcur, err := walkCursor(ctx, ep.peer, qListPeer, country, page, "practicesConnection")
	if err != nil {
		return nil, fmt.Errorf("cases: the peer's page %d: %w", page, err)
	}
	cases = append(cases, Case{Name: "c-list-deep", Title: fmt.Sprintf("the same list, page %d", page),
		Targets: []Target{ep.http(targetProject, gqlBody(qListProject, map[string]any{"country": country, "after": pcur})),
			ep.http(targetPeer, gqlBody(qListPeer, map[string]any{"country": country, "after": qcur})),
			floor(cyList, map[string]any{"country": country, "skip": (page - 1) * 20})}})

	cases = append(cases, Case{Name: "d-stats", Title: "dashboard counts (practices per theme, cities per country)",
		Targets: []Target{ep.http(targetProject, gqlBody(qStatsProject, nil)), ep.http(targetPeer, gqlBody(qStatsPeer, nil)),
			floor(cyStats)}})

	perCountry := Case{Name: "d2-per-country", Title: "practices per country",
		Targets: []Target{ep.http(targetPeer, gqlBody(qPerCountryPeer, nil)), floor(cyPerCountry)}}
	has, err := hasField(ctx, ep.project, "Stats", "practicesPerCountry")
	if err != nil {
		return nil, fmt.Errorf("cases: %w", err)
	}
	if has {
		perCountry.Targets = slices.Insert(perCountry.Targets, 0, ep.http(targetProject, gqlBody(qPerCountryProject, nil)))
	} else {
		perCountry.Unavailable = map[string]string{targetProject: "no practices-per-country aggregate (Stats.practicesPerCountry); " +
			"only expressible as one aliased list per country"}
	}
	cases = append(cases, perCountry)

	pb, qb, fp = nil, nil, nil
	for _, q := range meta.SearchQueries {
		pb = append(pb, gqlBody(qSearchProject, map[string]any{"q": q.Q, "lang": q.Lang}))
		qb = append(qb, gqlBody(qSearchPeer, map[string]any{"q": q.Q}))
		fp = append(fp, map[string]any{"q": q.Q})
	}
	cases = append(cases, Case{Name: "e-search", Title: fmt.Sprintf("full-text search, %d FR/EN queries, first 20 practices", len(meta.SearchQueries)),
		Targets: []Target{ep.http(targetProject, pb...), ep.http(targetPeer, qb...), floor(cySearch, fp...)}})

	// The same queries two by two, each pair once per cycle: more distinct searches than
	// practicegraph keeps results of, asked in an order that never finds one kept, so
	// every search is computed on the index, as a stream of new queries would be.
	pb, qb, fp = nil, nil, nil
	for i, a := range meta.SearchQueries {
		for j, b := range meta.SearchQueries {
			if i == j {
				continue
			}
			q := a.Q + " " + b.Q
			pb = append(pb, gqlBody(qSearchProject, map[string]any{"q": q, "lang": a.Lang}))
			qb = append(qb, gqlBody(qSearchPeer, map[string]any{"q": q}))
			fp = append(fp, map[string]any{"q": q})
		}
	}
	cases = append(cases, Case{Name: "e2-search-distinct", Title: fmt.Sprintf("full-text search, %d distinct two-query searches, none repeated within a cycle", len(pb)),
		Targets: []Target{ep.http(targetProject, pb...), ep.http(targetPeer, qb...), floor(cySearch, fp...)}})

	// A query practicegraph refuses as asked (a limit, an argument its schema lacks) is a
	// case it cannot express yet: n/a with its own words. Failing to answer stays an error
	// for the check to report.
	for i := range cases {
		c := &cases[i]
		j := slices.IndexFunc(c.Targets, func(t Target) bool { return t.Name == targetProject })
		if j < 0 {
			continue
		}
		_, err := post(ctx, c.Targets[j].URL, c.Targets[j].Bodies[0], c.Targets[j].Headers)
		if why := refusal(err); why != "" {
			c.Targets = slices.Delete(c.Targets, j, j+1)
			if c.Unavailable == nil {
				c.Unavailable = map[string]string{}
			}
			c.Unavailable[targetProject] = why
		}
	}
	return cases, nil
}

// walkCursor follows a list's pages and returns the `after` cursor of page `page`.
func walkCursor(ctx context.Context, url, query, country string, page int, field string) (any, error) {
	var after any
	for p := 1; p < page; p++ {
		data, err := postGraphQL(ctx, url, gqlBody(query, map[string]any{"country": country, "after": after}))
		if err != nil {
			return nil, err
		}
		info, ok := dig(data, field, "pageInfo").(map[string]any)
		if !ok || info["hasNextPage"] != true {
			return nil, fmt.Errorf("page %d has no next page: %.300v", p, data)
		}
		after = info["endCursor"]
	}
	return after, nil
}

// hasField reports whether the server's schema gives the type that field.
func hasField(ctx context.Context, url, typ, field string) (bool, error) {
	data, err := postGraphQL(ctx, url, gqlBody(`query($t: String!) { __type(name: $t) { fields { name } } }`, map[string]any{"t": typ}))
	if err != nil {
		return false, fmt.Errorf("introspect %s: %w", typ, err)
	}
	fields, _ := dig(data, "__type", "fields").([]any)
	for _, f := range fields {
		if m, ok := f.(map[string]any); ok && m["name"] == field {
			return true, nil
		}
	}
	return false, nil
}

// dig walks nested JSON objects by key; nil when a key is missing.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func readCases(dir string) ([]Case, error) {
	var cases []Case
	for _, name := range caseOrder {
		b, err := os.ReadFile(filepath.Join(dir, name+".json"))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read cases: %w", err)
		}
		var c Case
		if err := json.Unmarshal(b, &c); err != nil {
			return nil, fmt.Errorf("read case %s: %w", name, err)
		}
		cases = append(cases, c)
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("read cases: no case files in %s", dir)
	}
	return cases, nil
}

func cmdCases(args []string) error {
	fs := flag.NewFlagSet("cases", flag.ExitOnError)
	data := fs.String("data", "", "the generated data set (its meta.json)")
	out := fs.String("out", "", "folder to write the case files into")
	var ep endpoints
	fs.StringVar(&ep.project, "project", "http://127.0.0.1:8101/graphql", "practicegraph's GraphQL endpoint")
	fs.StringVar(&ep.peer, "peer", "http://127.0.0.1:4101/graphql", "the peer's GraphQL endpoint")
	fs.IntVar(&ep.projectPID, "project-pid", 0, "practicegraph's process id (for RSS and CPU)")
	fs.IntVar(&ep.peerPID, "peer-pid", 0, "the peer's process id (for RSS and CPU)")
	fs.Parse(args)
	if *data == "" || *out == "" {
		return fmt.Errorf("cases: -data and -out are required")
	}
	meta, err := readMeta(*data)
	if err != nil {
		return err
	}
	cases, err := buildCases(context.Background(), meta, ep)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return fmt.Errorf("cases: %w", err)
	}
	for _, c := range cases {
		b, err := json.MarshalIndent(c, "", " ")
		if err != nil {
			return fmt.Errorf("cases: %w", err)
		}
		if err := os.WriteFile(filepath.Join(*out, c.Name+".json"), b, 0o644); err != nil {
			return fmt.Errorf("cases: %w", err)
		}
		var na []string
		for t, why := range c.Unavailable {
			na = append(na, t+": n/a, "+why)
		}
		fmt.Printf("case %-15s %s %s\n", c.Name, c.Title, strings.Join(na, "; "))
	}
	return nil
}
