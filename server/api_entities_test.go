package server_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/practicegraph/practicegraph/cli"
	"github.com/practicegraph/practicegraph/graph"
)

// Expected answers below come from the 2023 coordinators' meeting report, as the seed
// records it.

// text is a Text asked for in one language.
type text struct {
	Text          string `json:"text"`
	Lang          string `json:"lang"`
	IsTranslation bool   `json:"isTranslation"`
}

// idOnly is any entity asked only for its id.
type idOnly struct {
	ID string `json:"id"`
}

// variant is one language of a Text.
type variant struct {
	Lang       string
	IsOriginal bool
}

// relationFacts is a Relation asked for its type, role and note in English.
type relationFacts struct {
	Type       string
	Role, Note text
}

// cityPractice is a practice a city runs, with its grants and organisations.
type cityPractice struct {
	Practice struct {
		ID     string
		Grants []struct {
			Grant struct {
				ID     string
				Year   int
				Cities []struct{ City idOnly }
			}
			Relation relationFacts
		}
		Organisations []struct {
			Organisation idOnly
			Relation     relationFacts
		}
	}
	Relation relationFacts
}

// wantCode checks that a response failed with one error of the given code whose
// message mentions each of the given words.
func wantCode(t *testing.T, r gqlResponse, code string, mentions ...string) {
	t.Helper()
	if len(r.Errors) == 0 {
		t.Fatalf("no error, want %s; data: %s", code, r.Data)
	}
	if got := r.Errors[0].Extensions["code"]; got != code {
		t.Errorf("error code = %v (%s), want %s", got, r.Errors[0].Message, code)
	}
	for _, m := range mentions {
		if !strings.Contains(r.Errors[0].Message, m) {
			t.Errorf("error message %q does not mention %q", r.Errors[0].Message, m)
		}
	}
}

func TestEntityLookups(t *testing.T) {
	ts := startServer(t, nil)

	t.Run("Bilbao's practice, its grant and the cities sharing it", func(t *testing.T) {
		var got struct {
			City struct {
				Name       text
				Provenance struct {
					Section string
					Source  idOnly
				}
				Practices []cityPractice
			}
		}
		ts.query(t, `{ city(id: "bilbao") {
			name { text(lang: EN) lang(lang: EN) isTranslation(lang: EN) }
			provenance { section source { id } }
			practices {
				relation { type }
				practice { id
					grants { relation { type note { text(lang: EN) } } grant { id year cities { city { id } } } }
					organisations { organisation { id } relation { type role { text(lang: EN) } } }
				}
			}
		} }`, nil).decode(t, &got)
		c := got.City
		if c.Name.Text != "Bilbao" || c.Provenance.Source.ID != "icc-coordinators-meeting-2023" || c.Provenance.Section != "Introduction" {
			t.Errorf("bilbao name %q from %q § %q, want Bilbao from icc-coordinators-meeting-2023 § Introduction",
				c.Name.Text, c.Provenance.Source.ID, c.Provenance.Section)
		}
		i := slices.IndexFunc(c.Practices, func(p cityPractice) bool { return p.Practice.ID == "diversitours" })
		if i < 0 {
			t.Fatalf("bilbao's practices %+v lack diversitours", c.Practices)
		}
		p := c.Practices[i]
		if p.Relation.Type != graph.RelRunBy {
			t.Errorf("diversitours relation = %q, want %s", p.Relation.Type, graph.RelRunBy)
		}
		if len(p.Practice.Grants) != 1 {
			t.Fatalf("diversitours grants = %+v, want one", p.Practice.Grants)
		}
		g := p.Practice.Grants[0]
		var cities []string
		for _, c := range g.Grant.Cities {
			cities = append(cities, c.City.ID)
		}
		if g.Grant.ID != "icc-inter-city-grant-2021-bilbao-valencia" || g.Grant.Year != 2021 || strings.Join(cities, ",") != "bilbao,valencia" {
			t.Errorf("diversitours grant = %s (%d) to %v, want icc-inter-city-grant-2021-bilbao-valencia (2021) to [bilbao valencia]", g.Grant.ID, g.Grant.Year, cities)
		}
		if g.Relation.Type != graph.RelFundedBy || g.Relation.Note.Text != "initial funding of the project" {
			t.Errorf("grant relation = %+v, want %s noting the initial funding", g.Relation, graph.RelFundedBy)
		}
		roles := map[string]string{}
		for _, o := range p.Practice.Organisations {
			roles[o.Organisation.ID] = o.Relation.Type + " " + o.Relation.Role.Text
		}
		if got, want := roles["koops-sf-34"], graph.RelInvolves+" local NGO"; got != want {
			t.Errorf("diversitours organisations %v: koops-sf-34 = %q, want %q", roles, got, want)
		}
	})

	t.Run("Ikuspegi's people with their role", func(t *testing.T) {
		var got struct {
			Organisation struct {
				People []struct {
					Person   idOnly `json:"person"`
					Relation struct {
						Type string `json:"type"`
						Role text   `json:"role"`
					} `json:"relation"`
				} `json:"people"`
			} `json:"organisation"`
		}
		ts.query(t, `{ organisation(id: "ikuspegi") { people { person { id } relation { type role { text(lang: EN) } } } } }`, nil).decode(t, &got)
		found := false
		for _, p := range got.Organisation.People {
			if p.Person.ID == "julia-shershneva" {
				found = true
				if p.Relation.Type != graph.RelWorksFor || p.Relation.Role.Text != "Director (head of IKUSPEGI)" {
					t.Errorf("julia-shershneva's relation = %+v, want %s as Director (head of IKUSPEGI)", p.Relation, graph.RelWorksFor)
				}
			}
		}
		if !found {
			t.Errorf("ikuspegi's people %+v lack julia-shershneva", got.Organisation.People)
		}
	})

	t.Run("the meeting's sessions in time order", func(t *testing.T) {
		var got struct {
			Event struct {
				Sessions []struct {
					ID        string  `json:"id"`
					StartDate string  `json:"startDate"`
					StartTime *string `json:"startTime"`
					EndTime   *string `json:"endTime"`
					Parent    idOnly  `json:"parent"`
				} `json:"sessions"`
				Country idOnly `json:"country"`
				City    idOnly `json:"city"`
			} `json:"event"`
		}
		ts.query(t, `{ event(id: "icc-annual-meeting-2023") { city { id } country { id }
			sessions { id startDate startTime endTime parent { id } } } }`, nil).decode(t, &got)
		// The agenda (Annex I); the one session without any time, the review of the year,
		// has no place the data can give it and is left out of the comparison.
		want := []string{
			"meeting-2023-registration", "meeting-2023-opening", "meeting-2023-advisory-group-report",
			"meeting-2023-future-perspectives", "meeting-2023-diversitours-visit", "meeting-2023-azkuna-zentroa-visit",
			"meeting-2023-dinner", "meeting-2023-debriefing", "meeting-2023-migrant-women-local-council",
			"meeting-2023-ikuspegi-presentation", "meeting-2023-intercultural-competence-training", "meeting-2023-conclusion",
		}
		var timed []string
		for _, s := range got.Event.Sessions {
			if s.Parent.ID != "icc-annual-meeting-2023" {
				t.Errorf("session %s has parent %q", s.ID, s.Parent.ID)
			}
			if s.StartTime != nil || s.EndTime != nil {
				timed = append(timed, s.ID)
			}
		}
		if len(got.Event.Sessions) != 13 || !slices.Equal(timed, want) {
			t.Errorf("%d sessions, timed ones in order %v, want 13 with %v", len(got.Event.Sessions), timed, want)
		}
		if got.Event.City.ID != "bilbao" || got.Event.Country.ID != "spain" {
			t.Errorf("meeting held in %s, %s, want bilbao, spain", got.Event.City.ID, got.Event.Country.ID)
		}
	})

	t.Run("translations of the model framework", func(t *testing.T) {
		var got struct {
			Publication struct {
				Translations []struct {
					ID            string   `json:"id"`
					Languages     []string `json:"languages"`
					TranslationOf idOnly   `json:"translationOf"`
				} `json:"translations"`
			} `json:"publication"`
		}
		ts.query(t, `{ publication(id: "model-framework-national-intercultural-integration-strategy") {
			translations { id languages translationOf { id } } } }`, nil).decode(t, &got)
		var langs []string
		for _, tr := range got.Publication.Translations {
			langs = append(langs, tr.Languages...)
			if tr.TranslationOf.ID != "model-framework-national-intercultural-integration-strategy" {
				t.Errorf("%s is a translation of %q", tr.ID, tr.TranslationOf.ID)
			}
		}
		sort.Strings(langs)
		if !slices.Equal(langs, []string{"it", "uk"}) {
			t.Errorf("translation languages = %v, want [it uk]", langs)
		}
	})

	t.Run("a text in a language, with fallback to the original", func(t *testing.T) {
		var raw struct {
			Practice struct {
				Summary struct {
					Original string
					Variants []variant
				}
				En, Ja, Orig text
			}
		}
		ts.query(t, `{ practice(id: "diversitours") {
			summary { original variants { lang isOriginal } }
			en: summary { text(lang: EN) lang(lang: EN) isTranslation(lang: EN) }
			ja: summary { text(lang: JA) lang(lang: JA) isTranslation(lang: JA) }
			orig: summary { text lang isTranslation }
		} }`, nil).decode(t, &raw)
		p := raw.Practice
		if p.Summary.Original != "FR" || !slices.Equal(p.Summary.Variants, []variant{{"FR", true}, {"EN", false}}) {
			t.Errorf("summary original %s, variants %+v, want FR then EN", p.Summary.Original, p.Summary.Variants)
		}
		if !strings.HasPrefix(p.En.Text, "Intercultural initiative bringing together") || p.En.Lang != "EN" || !p.En.IsTranslation {
			t.Errorf("summary in EN = %+v, want the English translation", p.En)
		}
		if !strings.HasPrefix(p.Ja.Text, "Initiative interculturelle qui réunit") || p.Ja.Lang != "FR" || p.Ja.IsTranslation {
			t.Errorf("summary in JA = %+v, want the French original it falls back to", p.Ja)
		}
		if p.Orig != p.Ja {
			t.Errorf("summary without a language = %+v, want the original %+v", p.Orig, p.Ja)
		}
	})

	t.Run("assessments by kind in the source's order", func(t *testing.T) {
		var got struct {
			Practice struct {
				All []struct {
					Kind     string `json:"kind"`
					Position int    `json:"position"`
				} `json:"all"`
				Obstacles []struct {
					ID       string `json:"id"`
					Practice idOnly `json:"practice"`
				} `json:"obstacles"`
			} `json:"practice"`
		}
		ts.query(t, `{ practice(id: "diversitours") {
			all: assessments { kind position }
			obstacles: assessments(kind: "obstacle") { id practice { id } } } }`, nil).decode(t, &got)
		if len(got.Practice.All) != 43 || len(got.Practice.Obstacles) != 7 {
			t.Fatalf("%d assessments, %d obstacles, want 43 and 7", len(got.Practice.All), len(got.Practice.Obstacles))
		}
		kinds := []string{"strength", "weakness", "improvement", "feasibility", "obstacle", "adaptation"}
		for i := 1; i < len(got.Practice.All); i++ {
			a, b := got.Practice.All[i-1], got.Practice.All[i]
			if ka, kb := slices.Index(kinds, a.Kind), slices.Index(kinds, b.Kind); ka > kb || ka == kb && a.Position >= b.Position {
				t.Errorf("assessment %d (%s %d) comes after %s %d", i, b.Kind, b.Position, a.Kind, a.Position)
			}
		}
		if o := got.Practice.Obstacles[0]; o.ID != "diversitours-obstacle-1" || o.Practice.ID != "diversitours" {
			t.Errorf("first obstacle = %+v, want diversitours-obstacle-1 of diversitours", o)
		}
		wantCode(t, ts.query(t, `{ practice(id: "diversitours") { assessments(kind: "praise") { id } } }`, nil), graph.EINVALID, "strength, weakness")
	})

	t.Run("every entity type by id", func(t *testing.T) {
		ids := map[string]string{
			"city": "bilbao", "country": "spain", "network": "icc-network", "organisation": "ikuspegi",
			"person": "julia-shershneva", "practice": "diversitours", "assessment": "diversitours-strength-1",
			"grant": "icc-inter-city-grant-2021-bilbao-valencia", "project": "cyprus-intercultural-integration",
			"event": "icc-annual-meeting-2023", "publication": "tr-it-model-framework",
			"indexReport": "index-report-valencia", "theme": "interaction", "source": "icc-coordinators-meeting-2023",
		}
		var q strings.Builder
		q.WriteString("{")
		for field, id := range ids {
			fmt.Fprintf(&q, " %s(id: %q) { id provenance { source { id } } }", field, id)
		}
		q.WriteString(" }")
		var got map[string]struct {
			ID         string `json:"id"`
			Provenance struct {
				Source idOnly `json:"source"`
			} `json:"provenance"`
		}
		ts.query(t, q.String(), nil).decode(t, &got)
		for field, id := range ids {
			if g := got[field]; g.ID != id || g.Provenance.Source.ID != "icc-coordinators-meeting-2023" {
				t.Errorf("%s(id: %q) = %+v", field, id, g)
			}
		}
	})

	t.Run("every relationship field answers", func(t *testing.T) {
		// Each field follows a relationship of graph/kinds.go; one that does not would
		// fail here with the store's BAD_USER_INPUT.
		var got map[string]any
		ts.query(t, everyRelationship, nil).decode(t, &got)
		var totals struct {
			Event struct {
				Participants []any `json:"participants"`
				Cities       []any `json:"cities"`
			} `json:"event"`
			Network struct {
				Members []any `json:"members"`
			} `json:"network"`
			Themes []struct {
				ID   string `json:"id"`
				Type string `json:"type"`
			} `json:"themes"`
		}
		ts.query(t, `{ event(id: "icc-annual-meeting-2023") { participants { person { id } } cities { city { id } } }
			network(id: "icc-network") { members { city { id } } }
			themes { id type } }`, nil).decode(t, &totals)
		if len(totals.Event.Participants) == 0 || len(totals.Event.Cities) == 0 || len(totals.Network.Members) == 0 {
			t.Errorf("meeting participants %d, cities %d, network members %d: want some of each",
				len(totals.Event.Participants), len(totals.Event.Cities), len(totals.Network.Members))
		}
		var themes []string
		for _, th := range totals.Themes {
			themes = append(themes, th.ID)
		}
		if len(themes) != 17 || strings.Join(themes[:5], ",") != "diversity,equality,interaction,participation,anti-discrimination" {
			t.Errorf("themes = %v, want the four principles then the 13 policy areas, by name", themes)
		}
	})

	t.Run("an unknown id is NOT_FOUND", func(t *testing.T) {
		for _, q := range []string{`{ city(id: "atlantis") { id } }`, `{ practice(id: "bilbao") { id } }`, `{ source(id: "nowhere") { id } }`} {
			r := ts.query(t, q, nil)
			wantCode(t, r, graph.ENOTFOUND, "not found")
			if string(r.Data) != "null" && !strings.Contains(string(r.Data), "null") {
				t.Errorf("%s: data = %s, want null", q, r.Data)
			}
		}
	})
}

// everyRelationship asks for every relationship field of every entity type once.
const everyRelationship = `{
  city(id: "bilbao") { country { id cities { id } networks { id } } networks { network { id } relation { since note { text } } }
    joinedNetworkYear practices { practice { id } } adoptedPractices { practice { id } } people { person { id } }
    grants { grant { id } } projects { project { id } } events { event { id } relation { type role { text } } }
    organisations { id } indexReports { id } }
  network(id: "icc-network") { country { id } members { city { id } relation { since } } coordinators { person { id } }
    organisations { organisation { id } relation { type } } events { event { id } } grants { id } }
  organisation(id: "ikuspegi") { city { id } country { id } parents { organisation { id } } units { organisation { id } }
    partners { organisation { id } } people { person { id } } practices { practice { id } } projects { project { id } }
    publications { publication { id } } events { event { id } } networks { network { id } } }
  person(id: "julia-shershneva") { organisations { organisation { id } } cities { city { id } } networks { network { id } }
    events { event { id } relation { capacity role { text } } } practices { practice { id } } }
  practice(id: "diversitours") { cities { city { id } } adoptedBy { city { id } } organisations { organisation { id } }
    contacts { person { id } } grants { grant { id } } themes { id } principles { id } publications { publication { id } }
    events { event { id } } related { practice { id } } assessments { id madeAt { id } practice { id } } }
  grant(id: "icc-inter-city-grant-2021-bilbao-valencia") { cities { city { id } relation { role { text } } } awardedBy { id }
    network { id } practices { practice { id } } }
  project(id: "cyprus-intercultural-integration") { cities { city { id } } partners { organisation { id } } countries { id }
    themes { id } events { id } publications { id } indexReports { id } }
  event(id: "icc-annual-meeting-2023") { city { id } country { id } parent { id } sessions { id country { id } }
    participants { person { id } } cities { city { id } } networks { network { id } } organisations { organisation { id } }
    practices { practice { id } } publications { publication { id } } project { id } }
  publication(id: "tr-it-model-framework") { publishers { organisation { id } } adoptedBy { organisation { id } relation { date } }
    translationOf { id translations { id } } translations { id } project { id } supports { id } supportedBy { id }
    practices { id } themes { id } events { event { id } } }
  indexReport(id: "index-report-valencia") { city { id } project { id } visit { id } }
  theme(id: "interaction") { practices { id } projects { id } publications { id } }
  countries { id }
  themes { id }
  vocabulary { entity field values }
}`

// connection is a page of any list, asked for with ids only.
type connection struct {
	TotalCount int `json:"totalCount"`
	Edges      []struct {
		Cursor string `json:"cursor"`
		Node   idOnly `json:"node"`
	} `json:"edges"`
	PageInfo struct {
		HasNextPage     bool    `json:"hasNextPage"`
		HasPreviousPage bool    `json:"hasPreviousPage"`
		StartCursor     *string `json:"startCursor"`
		EndCursor       *string `json:"endCursor"`
	} `json:"pageInfo"`
}

func (c connection) ids() []string {
	out := make([]string, len(c.Edges))
	for i, e := range c.Edges {
		out[i] = e.Node.ID
	}
	return out
}

const page = `totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }`

// list runs one list query and returns its connection.
func (ts *testServer) list(t *testing.T, q string, vars map[string]any) connection {
	t.Helper()
	var got map[string]connection
	ts.query(t, q, vars).decode(t, &got)
	for _, c := range got {
		return c
	}
	t.Fatalf("no list in the answer to %s", q)
	return connection{}
}

func TestEntityLists(t *testing.T) {
	ts := startServer(t, nil)
	spain := []string{"barcelona", "bilbao", "getafe", "san-sebastian", "santa-coloma-de-gramenet", "torremolinos", "valencia"}
	citiesQ := `query($filter: CityFilter, $orderBy: CityOrder, $first: Int, $after: String) {
		cities(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { ` + page + ` } }`
	inSpain := map[string]any{"country": "spain"}

	t.Run("filters", func(t *testing.T) {
		for _, tt := range []struct {
			name  string
			query string
			total int
			want  []string // the ids of the first page, when checked
		}{
			{"cities in Spain, by name", `{ cities(filter: {country: "spain"}) { ` + page + ` } }`, 7, spain},
			{"publications in Polish", `{ publications(filter: {language: "pl"}) { ` + page + ` } }`, 6, nil},
			{"events of 2023", `{ events(filter: {year: 2023}, first: 100) { ` + page + ` } }`, 26, nil},
			{"top-level events of 2023", `{ events(filter: {year: 2023, topLevel: true}, first: 100) { ` + page + ` } }`, 12, nil},
			{"practices with the principle interaction", `{ practices(filter: {principle: "interaction"}) { ` + page + ` } }`, 3,
				[]string{"bilbao-intercultural-plan", "bilbao-migrant-women-network", "diversitours"}},
			{"a theme that is no principle matches no practice as one", `{ practices(filter: {principle: "housing"}) { ` + page + ` } }`, 0, []string{}},
			{"cities that joined in 2023", `{ cities(filter: {joinedYear: 2023}) { ` + page + ` } }`, 6,
				[]string{"getafe", "guadalupe", "paranhos", "riga", "torremolinos", "zagarolo"}},
			// Four Polish translations are of documents the report does not list.
			{"Polish translations of documents in the graph", `{ publications(filter: {language: "pl", isTranslation: true}) { ` + page + ` } }`, 2,
				[]string{"tr-pl-inclusive-communication", "tr-pl-alternative-narratives-policy-brief"}}, // by English title
			{"the meeting's sessions", `{ events(filter: {parent: "icc-annual-meeting-2023"}, first: 100) { ` + page + ` } }`, 13, nil},
			{"people whose name contains shersh", `{ people(filter: {nameContains: "SHERSH"}) { ` + page + ` } }`, 1, []string{"julia-shershneva"}},
			{"grants to Valencia", `{ grants(filter: {city: "valencia"}) { ` + page + ` } }`, 1, []string{"icc-inter-city-grant-2021-bilbao-valencia"}},
		} {
			c := ts.list(t, tt.query, nil)
			if c.TotalCount != tt.total || len(c.Edges) != tt.total {
				t.Errorf("%s: totalCount %d with %d edges, want %d", tt.name, c.TotalCount, len(c.Edges), tt.total)
			}
			if tt.want != nil && !slices.Equal(c.ids(), tt.want) {
				t.Errorf("%s: %v, want %v", tt.name, c.ids(), tt.want)
			}
		}
	})

	t.Run("sorting", func(t *testing.T) {
		desc := ts.list(t, citiesQ, map[string]any{"filter": inSpain, "orderBy": map[string]any{"field": "NAME", "direction": "DESC"}})
		want := slices.Clone(spain)
		slices.Reverse(want)
		if !slices.Equal(desc.ids(), want) {
			t.Errorf("cities in Spain by name, descending = %v, want %v", desc.ids(), want)
		}
		var got struct {
			Publications struct {
				Edges []struct {
					Node struct {
						Year *int `json:"year"`
					} `json:"node"`
				} `json:"edges"`
			} `json:"publications"`
			Events struct {
				Edges []struct {
					Node struct {
						StartDate string `json:"startDate"`
					} `json:"node"`
				} `json:"edges"`
			} `json:"events"`
			Countries []idOnly `json:"countries"`
		}
		ts.query(t, `{ publications(orderBy: {field: YEAR, direction: DESC}, first: 100) { edges { node { year } } }
			events(orderBy: {field: START_DATE}, first: 100) { edges { node { startDate } } }
			countries { id } }`, nil).decode(t, &got)
		for i := 1; i < len(got.Publications.Edges); i++ {
			a, b := got.Publications.Edges[i-1].Node.Year, got.Publications.Edges[i].Node.Year
			if a == nil && b != nil || a != nil && b != nil && *a < *b {
				t.Errorf("publications by year, descending: %v before %v", a, b)
			}
		}
		for i := 1; i < len(got.Events.Edges); i++ {
			if a, b := got.Events.Edges[i-1].Node.StartDate, got.Events.Edges[i].Node.StartDate; a > b && b != "" {
				t.Errorf("events by start date: %s before %s", a, b)
			}
		}
		if len(got.Countries) != 22 || got.Countries[0].ID != "australia" {
			t.Errorf("countries = %v, want 22 by English name, Australia first", got.Countries)
		}
	})

	t.Run("pages", func(t *testing.T) {
		var ids []string
		var after any
		for i, want := range []struct {
			n    int
			next bool
		}{{3, true}, {3, true}, {1, false}} {
			c := ts.list(t, citiesQ, map[string]any{"filter": inSpain, "first": 3, "after": after})
			if len(c.Edges) != want.n || c.PageInfo.HasNextPage != want.next || c.PageInfo.HasPreviousPage != (i > 0) || c.TotalCount != 7 {
				t.Fatalf("page %d: %d edges, next %t, previous %t, total %d; want %d, %t, %t, 7",
					i, len(c.Edges), c.PageInfo.HasNextPage, c.PageInfo.HasPreviousPage, c.TotalCount, want.n, want.next, i > 0)
			}
			ids = append(ids, c.ids()...)
			after = *c.PageInfo.EndCursor
		}
		if !slices.Equal(ids, spain) {
			t.Errorf("pages of 3 = %v, want %v", ids, spain)
		}

		exact := ts.list(t, citiesQ, map[string]any{"filter": inSpain, "first": 7})
		if len(exact.Edges) != 7 || exact.PageInfo.HasNextPage {
			t.Errorf("first 7 of 7: %d edges, hasNextPage %t, want 7 and false", len(exact.Edges), exact.PageInfo.HasNextPage)
		}
		last := ts.list(t, citiesQ, map[string]any{"filter": inSpain, "first": 1, "after": exact.Edges[5].Cursor})
		if !slices.Equal(last.ids(), []string{"valencia"}) || last.PageInfo.HasNextPage {
			t.Errorf("the exact last page = %v, hasNextPage %t, want [valencia] and false", last.ids(), last.PageInfo.HasNextPage)
		}
		beyond := ts.list(t, citiesQ, map[string]any{"filter": inSpain, "after": *exact.PageInfo.EndCursor})
		if len(beyond.Edges) != 0 || beyond.PageInfo.HasNextPage || beyond.TotalCount != 7 {
			t.Errorf("after the last city: %v, hasNextPage %t, total %d, want none, false, 7", beyond.ids(), beyond.PageInfo.HasNextPage, beyond.TotalCount)
		}
		empty := ts.list(t, citiesQ, map[string]any{"filter": map[string]any{"country": "atlantis"}})
		if len(empty.Edges) != 0 || empty.TotalCount != 0 || empty.PageInfo.HasNextPage || empty.PageInfo.StartCursor != nil || empty.PageInfo.EndCursor != nil {
			t.Errorf("cities of atlantis = %+v, want an empty page without cursors", empty)
		}
		none := ts.list(t, citiesQ, map[string]any{"filter": inSpain, "first": 0})
		if len(none.Edges) != 0 || none.TotalCount != 7 || !none.PageInfo.HasNextPage {
			t.Errorf("first 0: %+v, want no edges, total 7, a next page", none)
		}
	})

	t.Run("refused arguments", func(t *testing.T) {
		spainCursor := *ts.list(t, citiesQ, map[string]any{"filter": inSpain, "first": 2}).PageInfo.EndCursor
		pubCursor := *ts.list(t, `{ publications(first: 2) { `+page+` } }`, nil).PageInfo.EndCursor
		for _, tt := range []struct {
			name     string
			query    string
			vars     map[string]any
			mentions []string
		}{
			{"first above the limit", citiesQ, map[string]any{"first": 101}, []string{"100"}},
			{"negative first", citiesQ, map[string]any{"first": -1}, []string{"100"}},
			{"a string that is no cursor", citiesQ, map[string]any{"after": "not-a-cursor"}, []string{"cursor"}},
			{"a cursor of another list", citiesQ, map[string]any{"after": pubCursor}, []string{"another list"}},
			{"a cursor of another filter", citiesQ, map[string]any{"after": spainCursor}, []string{"another list"}},
			{"a cursor of another order", citiesQ, map[string]any{"filter": inSpain, "after": spainCursor,
				"orderBy": map[string]any{"field": "NAME", "direction": "DESC"}}, []string{"another list"}},
			{"an unknown event type", `{ events(filter: {type: "party"}) { totalCount } }`, nil, []string{"party", "meeting, session"}},
			{"an unknown size band", `{ cities(filter: {sizeBand: "huge"}) { totalCount } }`, nil, []string{"small, medium, large"}},
			{"an unknown organisation type", `{ organisations(filter: {type: "club"}) { totalCount } }`, nil, []string{"ngo"}},
			{"an unknown language", `{ publications(filter: {language: "xx"}) { totalCount } }`, nil, []string{"fr, en"}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				wantCode(t, ts.query(t, tt.query, tt.vars), graph.EINVALID, tt.mentions...)
			})
		}
	})

	t.Run("vocabulary", func(t *testing.T) {
		var got struct {
			Vocabulary []struct {
				Entity string   `json:"entity"`
				Field  string   `json:"field"`
				Values []string `json:"values"`
			} `json:"vocabulary"`
		}
		ts.query(t, `{ vocabulary { entity field values } }`, nil).decode(t, &got)
		fields := map[string][]string{}
		for _, v := range got.Vocabulary {
			fields[v.Entity+"."+v.Field] = v.Values
		}
		if got := fields["INDEX_REPORT.status"]; !slices.Equal(got, []string{"published", "in-preparation", "data-submitted"}) {
			t.Errorf("INDEX_REPORT.status = %v", got)
		}
		if got := fields["CITY.sizeBand"]; !slices.Equal(got, []string{"small", "medium", "large"}) {
			t.Errorf("CITY.sizeBand = %v", got)
		}
	})
}

// TestNoNPlusOne checks that the number of Neo4j round trips of a nested query — 50
// cities with their practices, grants and partner cities — does not grow with the
// number of nodes it visits: the request's dataloaders batch each level into one query.
func TestNoNPlusOne(t *testing.T) {
	// A wide nested query on purpose: the cost limits are not what this test is about.
	// The loaders gather keys for 250 ms rather than 2: the test counts what the code
	// batches, and a level's resolvers, scheduled on a loaded machine, may take longer
	// than 2 ms to all ask, which split a level's batch in two and made the count vary.
	ts := startServer(t, func(c *cli.Config) {
		c.ComplexityLimit, c.NodeLimit = math.MaxInt32, math.MaxInt32
		c.LoaderWait = 250 * time.Millisecond
	})
	const q = `query($country: ID!) { cities(filter: {country: $country}, first: 100) { totalCount edges { node { id
		practices { practice { id grants { grant { id cities { city { id name { text } } } } } } }
		partners { city { id } count kinds } } } } }`

	roundTrips := func(country string, n int) int64 {
		t.Helper()
		addCities(t, ts, country, n)
		// The answer counts the request's own Neo4j queries: the store's counter would
		// also count the search index's catch-up, which runs every few seconds.
		best := int64(-1)
		for range 3 {
			var got struct {
				Cities struct {
					TotalCount int `json:"totalCount"`
					Edges      []struct {
						Node struct {
							Partners []struct {
								City  idOnly `json:"city"`
								Count int    `json:"count"`
							} `json:"partners"`
							Practices []struct {
								Practice struct {
									Grants []struct {
										Grant struct {
											Cities []idOnly `json:"cities"`
										} `json:"grant"`
									} `json:"grants"`
								} `json:"practice"`
							} `json:"practices"`
						} `json:"node"`
					} `json:"edges"`
				} `json:"cities"`
			}
			resp := ts.query(t, q, map[string]any{"country": country})
			resp.decode(t, &got)
			cost, _ := resp.Extensions["cost"].(map[string]any)
			queries, ok := cost["neo4jQueries"].(float64)
			if !ok {
				t.Fatalf("the answer does not count its Neo4j queries: extensions %v", resp.Extensions)
			}
			rt := int64(queries)
			if best < 0 || rt < best {
				best = rt
			}
			if got.Cities.TotalCount != n || len(got.Cities.Edges) != n {
				t.Fatalf("%s: %d cities of %d, want %d", country, len(got.Cities.Edges), got.Cities.TotalCount, n)
			}
			for _, e := range got.Cities.Edges {
				if len(e.Node.Practices) != 1 || len(e.Node.Practices[0].Practice.Grants) != 1 || len(e.Node.Practices[0].Practice.Grants[0].Grant.Cities) != 2 {
					t.Fatalf("%s: a city's practices %+v, want one practice with one grant shared by two cities", country, e.Node.Practices)
				}
				// The grants chain the cities: each has one or two partners through them.
				if len(e.Node.Partners) < 1 || len(e.Node.Partners) > 2 {
					t.Fatalf("%s: a city's partners %+v, want its neighbours in the chain of grants", country, e.Node.Partners)
				}
			}
		}
		return best
	}
	few, many := roundTrips("testland-few", 5), roundTrips("testland-many", 50)
	t.Logf("round trips: %d for 5 cities, %d for 50", few, many)
	if few != many {
		t.Errorf("round trips = %d for 50 cities, %d for 5: want the same, independent of the number of cities", many, few)
	}
}

// addCities imports n cities of a new country, each running a practice funded by a
// grant it shares with the next city.
func addCities(t *testing.T, ts *testServer, country string, n int) {
	t.Helper()
	prov := graph.Provenance{Source: "icc-coordinators-meeting-2023", Section: "test"}
	name := func(s string) map[string]graph.Text {
		return map[string]graph.Text{"name": {Orig: "en", Values: map[string]string{"en": s, "fr": s}}}
	}
	node := func(k graph.Kind, id string, texts map[string]graph.Text, props map[string]any) graph.Node {
		return graph.Node{Kind: k, ID: id, Texts: texts, Props: props, Provenance: prov}
	}
	link := func(typ string, from, to graph.Ref) graph.Link {
		return graph.Link{Type: typ, From: from, To: to, Provenance: prov}
	}
	cs := graph.Changeset{Upserts: []graph.Node{node(graph.KindCountry, country, name(country), map[string]any{"iso2": "XX"})}}
	cityRef := func(i int) graph.Ref {
		return graph.Ref{Kind: graph.KindCity, ID: fmt.Sprintf("%s-city-%d", country, i%n)}
	}
	for i := range n {
		city := cityRef(i)
		practice := graph.Ref{Kind: graph.KindPractice, ID: fmt.Sprintf("%s-practice-%d", country, i)}
		grant := graph.Ref{Kind: graph.KindGrant, ID: fmt.Sprintf("%s-grant-%d", country, i)}
		texts := name(practice.ID)
		texts["summary"] = texts["name"]
		grantTexts := name(grant.ID)
		grantTexts["programme"] = grantTexts["name"]
		cs.Upserts = append(cs.Upserts,
			node(graph.KindCity, city.ID, name(city.ID), nil),
			node(graph.KindPractice, practice.ID, texts, nil),
			node(graph.KindGrant, grant.ID, grantTexts, map[string]any{"year": 2024}))
		cs.Links = append(cs.Links,
			link(graph.RelInCountry, city, graph.Ref{Kind: graph.KindCountry, ID: country}),
			link(graph.RelRunBy, practice, city),
			link(graph.RelFundedBy, practice, grant),
			link(graph.RelAwardedTo, grant, city),
			link(graph.RelAwardedTo, grant, cityRef(i+1)))
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if _, err := ts.Store().Apply(ctx, cs); err != nil {
		t.Fatalf("import %d cities: %v", n, err)
	}
}
