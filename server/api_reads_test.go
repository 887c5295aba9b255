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
// fields selected below it in one query: a page of cities with their practices, the
// practices' grants and the grants' cities costs the page's query and one more; a
// practice with its cities, organisations and grants costs one.
func TestNestedReadsAreOneQueryPerRoot(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.ComplexityLimit, c.NodeLimit = math.MaxInt32, math.MaxInt32 })
	cases := []struct {
		name, query string
		want        float64
	}{
		{"a page of cities, three levels down", `{ cities(first: 50, orderBy: {field: NAME, direction: ASC}) { edges { node { id
			practices { practice { id grants { grant { id cities { city { id } } } } } } } } } }`, 2},
		{"a practice with its links", `{ practice(id: "diversitours") { id name { text(lang: EN) }
			cities { city { id name { text(lang: EN) } } } organisations { organisation { id name { text(lang: EN) } } }
			grants { grant { id name { text(lang: EN) } } } } }`, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := ts.query(t, c.query, nil)
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
