package server_test

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/cli"
)

// TestProjectedReadsAnswerAsWholeReads compares, on the seed, the answers of a server
// that reads only what each request selects (and queries at once outside lists) with
// those of one reading whole nodes through batching loaders, as the resolvers did
// before projections. Both serve the same Neo4j; every answer must be the same, byte
// for byte, and not empty.
func TestProjectedReadsAnswerAsWholeReads(t *testing.T) {
	projected := startServer(t, func(c *cli.Config) { c.ComplexityLimit, c.NodeLimit = math.MaxInt32, math.MaxInt32 })
	cfg := projected.cfg
	cfg.DataDir = t.TempDir()
	cfg.WholeReads = true
	whole := runServer(t, cfg)

	queries := map[string]string{
		"every relationship field": everyRelationship,
		// The side-by-side benchmark's nested shape, with names and relations on the way.
		"cities → practices → grants → cities": `{ cities(first: 50, orderBy: {field: NAME, direction: ASC}) { totalCount edges { node {
			id name { text(lang: EN) lang(lang: EN) }
			practices { practice { id name { text original variants { lang text } } status startYear
				grants { grant { id year amountEUR programme { text(lang: FR) } provenance { source { id } section }
					cities { city { id version name { text(lang: FR) } } relation { role { text } } } } } }
				relation { type role { text } since provenance { source { id } section } } }
			practicesCount } } } }`,
		"one practice with its links and facts": `{ practice(id: "diversitours") { id name { text(lang: EN) } summary { text(lang: FR) isTranslation(lang: FR) }
			cities { city { id name { text } sizeBand population country { id name { text(lang: EN) } } } relation { role { text } since } }
			organisations { organisation { id name { text(lang: EN) } acronym type } }
			grants { grant { id name { text(lang: EN) } year laterEvents { id name { text } startDate } laterProjects { id startYear } } }
			themes { id type name { text(lang: EN) } } principles { id name { text(lang: FR) } }
			assessments { id kind statement { text } position } weaknesses: assessments(kind: "weakness") { id kind }
			events { event { id startDate name { text } } relation { note { text } } } provenance { source { id } section } } }`,
		"sorted and filtered relationship lists": `{ city(id: "bilbao") { id events(first: 5) { event { id startDate startTime name { text } } }
			eventsCount practicesCount peopleCount adoptedPractices(first: 2) { practice { id } }
			firstTwo: practices(first: 2) { practice { id name { text } } }
			networks { network { id scope name { text(lang: EN) } } relation { since } } joinedNetworkYear country { id } }
			event(id: "icc-annual-meeting-2023") { sessions { id startDate startTime endTime name { text } } parent { id } } }`,
		"fragments": `query { practice(id: "diversitours") { ...P cities { ... on CityLink { city { ...C } } } } }
			fragment P on Practice { id __typename name { text(lang: EN) } grants { grant { ... on Grant { id year } } } }
			fragment C on City { id name { text(lang: FR) } population }`,
		"lists": `{ practices(first: 5, orderBy: {field: NAME, direction: DESC}) { totalCount edges { node { id cities { city { id } } } } }
			grants(first: 3) { edges { node { id cities { city { id name { text } } } practices { practice { id status } } } } } }`,
	}
	for name, q := range queries {
		t.Run(name, func(t *testing.T) {
			got := projected.query(t, q, nil)
			want := whole.query(t, q, nil)
			if len(got.Errors) > 0 || len(want.Errors) > 0 {
				t.Fatalf("errors: projected %+v, whole %+v", got.Errors, want.Errors)
			}
			if !bytes.Equal(got.Data, want.Data) {
				t.Errorf("projected reads answer\n%s\nwhole reads answer\n%s", got.Data, want.Data)
			}
			var data map[string]any
			if err := json.Unmarshal(got.Data, &data); err != nil || len(data) == 0 || !strings.Contains(string(got.Data), `"id":`) {
				t.Errorf("the answer holds no entity: %s", got.Data)
			}
		})
	}
}

// TestNestedReadsAreOneQueryPerRoot checks that a root field reads the relationship
// fields selected below it in one query with its own: a page of cities with their
// practices, the practices' grants and the grants' cities costs one, with or without
// its total; a practice with its cities, organisations and grants costs one.
func TestNestedReadsAreOneQueryPerRoot(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.ComplexityLimit, c.NodeLimit = math.MaxInt32, math.MaxInt32 })
	cases := []struct {
		name, query string
		want        float64
	}{
		{"a page of cities, three levels down", `{ cities(first: 50, orderBy: {field: NAME, direction: ASC}) { edges { node { id
			practices { practice { id grants { grant { id cities { city { id } } } } } } } } } }`, 1},
		{"a filtered page with its total", `{ practices(filter: {country: "spain"}, first: 3) { totalCount
			edges { node { id name { text(lang: EN) } cities { city { id } } } } } }`, 1},
		{"two roots", `{ cities(first: 2) { edges { node { id practices { practice { id } } } } }
			practice(id: "diversitours") { id grants { grant { id cities { city { id } } } } } }`, 2},
		{"a practice with its links", `{ practice(id: "diversitours") { id name { text(lang: EN) }
			cities { city { id name { text(lang: EN) } } } organisations { organisation { id name { text(lang: EN) } } }
			grants { grant { id name { text(lang: EN) } } } } }`, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Read from the graph, not from the answers kept: the reads are what is counted.
			r := ts.query(t, c.query, nil, "Cache-Control", "no-cache")
			if len(r.Errors) > 0 {
				t.Fatalf("errors: %+v", r.Errors)
			}
			if !strings.Contains(string(r.Data), `"id":`) {
				t.Fatalf("the answer holds no entity: %s", r.Data)
			}
			cost, _ := r.Extensions["cost"].(map[string]any)
			if got, ok := cost["neo4jQueries"].(float64); !ok || got != c.want {
				t.Errorf("Neo4j queries = %v, want %v (extensions %v)", cost["neo4jQueries"], c.want, r.Extensions)
			}
		})
	}
}

// TestCompiledReadsAnswerAsTheExecutor compares, on the seed, the answers the compiled
// reader writes (resolvers.Resolver.Compiled) with those of the executor over whole
// reads through the loaders: the same bytes, the same errors. Each case says whether
// the compiled reader answers it (extensions.cost.compiled) or leaves it to the
// executor, so a shape it stops understanding shows here rather than only in speed.
func TestCompiledReadsAnswerAsTheExecutor(t *testing.T) {
	compiled := startServer(t, func(c *cli.Config) { c.ComplexityLimit, c.NodeLimit = math.MaxInt32, math.MaxInt32 })
	cfg := compiled.cfg
	cfg.DataDir = t.TempDir()
	cfg.WholeReads = true
	executor := runServer(t, cfg)

	// A practice of Bilbao's to page after, and a cursor of the list of practices.
	var first struct {
		City struct {
			Practices []struct{ Practice struct{ ID string } }
		}
		Practices struct{ PageInfo struct{ EndCursor string } }
	}
	executor.query(t, `{ city(id: "bilbao") { practices(first: 1) { practice { id } } }
		practices(first: 3) { pageInfo { endCursor } } }`, nil).decode(t, &first)
	if len(first.City.Practices) == 0 || first.Practices.PageInfo.EndCursor == "" {
		t.Fatalf("the seed gives no practice of Bilbao or no cursor: %+v", first)
	}
	afterPractice := first.City.Practices[0].Practice.ID

	cases := []struct {
		name, query string
		vars        map[string]any
		compiled    bool
	}{
		{"the benchmark's nested page, with the page's facts", `{ cities(first: 50, orderBy: {field: NAME, direction: ASC}) {
			__typename totalCount pageInfo { __typename hasNextPage hasPreviousPage startCursor endCursor }
			edges { __typename cursor node { __typename id practices { __typename practice { id
				grants { grant { id cities { city { id } } practices { practice { id } } } } } } } } } }`, nil, true},
		{"aliases and two roots", `{ last: cities(first: 3, orderBy: {field: NAME, direction: DESC}) { edges { node {
			key: id some: practices(first: 2) { p: practice { ident: id } } } } }
			spanish: cities(filter: {country: "spain"}) { totalCount edges { node { id adopted: adoptedPractices { practice { id } } } } } }`, nil, true},
		{"a lookup with its links two levels down", `{ practice(id: "diversitours") { id
			cities { city { id practices { practice { id } } } } adoptedBy { city { id } }
			organisations { organisation { id } } contacts { person { id } }
			grants { grant { id cities { city { id } } practices { practice { id } } } } } }`, nil, true},
		{"relationship pages from variables", `query($after: ID, $n: Int) { city(id: "bilbao") { id
			practices(first: $n, after: $after) { practice { id } } none: practices(first: 0) { practice { id } } } }`,
			map[string]any{"after": afterPractice, "n": 2}, true},
		{"a list page after a cursor", `query($after: String) { practices(first: 4, after: $after, orderBy: {field: NAME, direction: ASC}) {
			totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id cities { city { id } } } } } }`,
			map[string]any{"after": first.Practices.PageInfo.EndCursor}, true},
		// An order that leaves a field out takes its default, as the executor's inputs do.
		{"an order's default direction", `{ grants(orderBy: {field: NAME}) { edges { node { id name { text } } } } }`, nil, true},
		{"an order's default field", `{ cities(first: 6, orderBy: {direction: DESC}) { edges { cursor node { id } } } }`, nil, true},
		{"an order from a variable with a field left out", `query($o: CityOrder) { cities(first: 6, orderBy: $o) { edges { node { id } } } }`,
			map[string]any{"o": map[string]any{"direction": "DESC"}}, true},
		{"an empty page", `{ cities(filter: {nameContains: "no city is called this"}) { totalCount pageInfo { startCursor endCursor hasNextPage }
			edges { node { id } } } }`, nil, true},
		{"texts with languages", `{ cities(first: 5) { edges { node { id name { text(lang: FR) lang(lang: FR) __typename }
			practices { practice { id name { text(lang: EN) } summary { text(lang: PL, fallback: [EN]) lang(lang: PL, fallback: [EN])
				isTranslation(lang: PL, fallback: [EN]) original } description { original } } } } } } }`, nil, true},
		{"texts from variables, in a lookup", `query($lang: Lang, $fb: [Lang!]) { practice(id: "diversitours") { id
			name { text(lang: $lang) isTranslation(lang: $lang) } summary { text(lang: $lang, fallback: $fb) lang(lang: $lang, fallback: $fb) }
			cities { city { id name { text(lang: $lang) } } } grants { grant { id name { text(lang: $lang) } } } } }`,
			map[string]any{"lang": "EN", "fb": []string{"ES", "FR"}}, true},
		// Lists whose page and tree are read in one query: filters, orders, cursors,
		// page sizes, with and without the total, and links paged below.
		{"a filtered list with its tree and total", `{ practices(filter: {country: "spain"}, first: 3) { totalCount
			edges { cursor node { id name { text(lang: EN) } cities { city { id name { text(lang: FR) } } } grants { grant { id } } } } } }`, nil, true},
		{"a list without its total", `{ grants(orderBy: {field: YEAR, direction: DESC}, first: 4) { pageInfo { hasNextPage endCursor }
			edges { node { id cities { city { id } } practices { practice { id } } } } } }`, nil, true},
		{"an order without a direction, with a tree", `{ practices(orderBy: {field: START_YEAR}, first: 5) { edges { cursor node { id
			organisations { organisation { id } } contacts { person { id } } } } } }`, nil, true},
		{"an empty page, first 0", `{ cities(first: 0) { totalCount pageInfo { hasNextPage startCursor } edges { node { id practices { practice { id } } } } } }`, nil, true},
		{"a page of one", `{ cities(first: 1) { pageInfo { hasNextPage hasPreviousPage } edges { node { id practices { practice { id } } } } } }`, nil, true},
		{"a large page", `{ practices(first: 100) { totalCount pageInfo { hasNextPage } edges { node { id cities { city { id } } } } } }`, nil, true},
		{"a page from the end", `{ cities(last: 3) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor }
			edges { cursor node { id practices { practice { id } } } } } }`, nil, true},
		{"a list after a cursor, without the total", `query($after: String) { practices(first: 2, after: $after) { pageInfo { hasNextPage }
			edges { node { id cities { city { id practices(first: 1) { practice { id } } } } } } } }`,
			map[string]any{"after": first.Practices.PageInfo.EndCursor}, true},
		{"links paged below a list", `query($after: ID) { cities(filter: {nameContains: "Bilbao"}) { edges { node { id
			first: practices(first: 1) { practice { id } } rest: practices(after: $after) { practice { id grants { grant { id } } } } } } } }`,
			map[string]any{"after": afterPractice}, true},
		{"a list page too large", `{ cities(first: 500) { edges { node { id practices { practice { id } } } } } }`, nil, false},
		{"a cursor of another list", `query($after: String) { cities(after: $after) { edges { node { id } } } }`,
			map[string]any{"after": first.Practices.PageInfo.EndCursor}, false},
		{"a list with relations", `{ cities(first: 3) { totalCount edges { node { id practices { practice { id } relation { type } } } } } }`, nil, false},
		{"a list with a fragment on the connection", `{ cities(first: 3) { ... on CityConnection { totalCount }
			edges { node { id name { text } practices { practice { id } } } } } }`, nil, false},
		// Shapes left to the executor.
		{"a text's variants", `{ practice(id: "diversitours") { id name { variants { lang text } } } }`, nil, false},
		{"fragments", `query { cities(first: 5) { edges { node { ...C } } } }
			fragment C on City { id practices { ... on PracticeLink { practice { id } } } }`, nil, false},
		{"relations", `{ practice(id: "diversitours") { id cities { city { id } relation { type } } } }`, nil, false},
		{"a directive", `{ practice(id: "diversitours") { id cities @include(if: true) { city { id } } } }`, nil, false},
		{"a count", `{ city(id: "bilbao") { id practicesCount practices { practice { id } } } }`, nil, false},
		{"an entity not found", `{ practice(id: "no-such-practice") { id cities { city { id } } } }`, nil, false},
		{"a relationship page too large", `{ city(id: "bilbao") { id practices(first: 500) { practice { id } } } }`, nil, false},
		{"an invalid query", `{ cities(first: 5) { edges { node { id noSuchField } } } }`, nil, false},
		{"after an entity not in the list", `{ city(id: "bilbao") { practices(after: "no-such-practice") { practice { id } } } }`, nil, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := compiled.query(t, c.query, c.vars)
			want := executor.query(t, c.query, c.vars)
			if !bytes.Equal(got.Data, want.Data) {
				t.Errorf("compiled reader answers\n%s\nexecutor answers\n%s", got.Data, want.Data)
			}
			if len(got.Errors) != len(want.Errors) {
				t.Fatalf("errors: compiled %+v, executor %+v", got.Errors, want.Errors)
			}
			for i := range got.Errors {
				if got.Errors[i].Message != want.Errors[i].Message || got.Errors[i].Extensions["code"] != want.Errors[i].Extensions["code"] {
					t.Errorf("error %d: compiled %+v, executor %+v", i, got.Errors[i], want.Errors[i])
				}
			}
			if c.compiled && (len(got.Errors) > 0 || !strings.Contains(string(got.Data), `"id":`) && !strings.Contains(c.name, "empty")) {
				t.Errorf("the answer holds no entity or has errors: %s %+v", got.Data, got.Errors)
			}
			cost, _ := got.Extensions["cost"].(map[string]any)
			if answered := cost["compiled"] == true; answered != c.compiled {
				t.Errorf("answered by the compiled reader: %v, want %v (extensions %v)", answered, c.compiled, got.Extensions)
			}
		})
	}
}
