package server_test

import (
	"context"
	"reflect"
	"sort"
	"strconv"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
)

// The facts below come from the seed (seed/data/*.yaml, from the 2023 coordinators'
// meeting report): Bilbao shared the 2021 ICC inter-city grant with Valencia; Bilbao
// hosted and attended the annual meeting in Bilbao, with 20 other cities on the list of
// participants; five Finnish cities take part in the joint EU/CoE project in Finland,
// which gives no start year.
const (
	collabGrant2021 = "icc-inter-city-grant-2021-bilbao-valencia"
	collabMeeting   = "icc-annual-meeting-2023"
	collabFinland   = "finland-inclusive-integration"
)

// collabWithMeetings are the default kinds plus meeting co-attendance, for the tests of
// what the meeting links.
var collabWithMeetings = []string{"GRANT", "PROJECT", "STUDY_VISIT", "EVENT", "MEETING"}

// collabMeetingCities are the cities other than Bilbao that PARTICIPATED_IN the meeting.
var collabMeetingCities = []string{
	"bergen", "botkyrka", "bradford", "camden", "krakow", "london-lewisham", "lublin", "mexico-city",
	"montreal", "neuchatel", "neumarkt", "paris", "reggio-emilia", "reykjavik", "riga", "salisbury",
	"san-sebastian", "sherbrooke", "stavanger", "wroclaw",
}

type collabJSON struct {
	Kind    string              `json:"kind"`
	Year    *int                `json:"year"`
	Date    *string             `json:"date"`
	City    struct{ ID string } `json:"city"`
	Partner struct{ ID string } `json:"partner"`
	Via     struct {
		Typename string `json:"__typename"`
		ID       string `json:"id"`
	} `json:"via"`
	Role *struct{ Text string } `json:"role"`
}

const collabFields = `kind year date city { id } partner { id } via { __typename ... on Grant { id } ... on Project { id } ... on Event { id } ... on Network { id } } role { text(lang: EN) }`

type collabPartnerJSON struct {
	City           struct{ ID string } `json:"city"`
	Count          int                 `json:"count"`
	Kinds          []string            `json:"kinds"`
	FirstYear      *int                `json:"firstYear"`
	LastYear       *int                `json:"lastYear"`
	Collaborations []collabJSON        `json:"collaborations"`
}

const collabPartnerFields = `city { id } count kinds firstYear lastYear collaborations { ` + collabFields + ` }`

func collabYear(y *int) string {
	if y == nil {
		return "null"
	}
	return strconv.Itoa(*y)
}

func TestBilbaoCollaboratesWithValenciaAndTheMeetingCities(t *testing.T) {
	ts := startServer(t, nil)
	var got struct {
		Collaborations struct {
			City     struct{ ID string } `json:"city"`
			Partners []collabPartnerJSON `json:"partners"`
			History  []collabJSON        `json:"history"`
		} `json:"collaborations"`
	}
	ts.query(t, `query($id: ID!, $kinds: [CollaborationKind!]) { collaborations(cityId: $id, kinds: $kinds) { city { id } partners { `+collabPartnerFields+` } history { `+collabFields+` } } }`,
		map[string]any{"id": "bilbao", "kinds": collabWithMeetings}).decode(t, &got)
	c := got.Collaborations
	if c.City.ID != "bilbao" {
		t.Errorf("city = %q, want bilbao", c.City.ID)
	}

	partners := map[string]collabPartnerJSON{}
	for _, p := range c.Partners {
		partners[p.City.ID] = p
	}
	valencia, ok := partners["valencia"]
	if !ok {
		t.Fatalf("partners = %v, want valencia among them", collabKeys(partners))
	}
	if want := []string{"GRANT"}; !reflect.DeepEqual(valencia.Kinds, want) || valencia.Count != 1 {
		t.Errorf("valencia: kinds %v count %d, want %v and 1", valencia.Kinds, valencia.Count, want)
	}
	if len(valencia.Collaborations) == 1 {
		v := valencia.Collaborations[0]
		if v.Kind != "GRANT" || collabYear(v.Year) != "2021" || v.Via.Typename != "Grant" || v.Via.ID != collabGrant2021 {
			t.Errorf("valencia collaboration = %+v, want GRANT 2021 via Grant %s", v, collabGrant2021)
		}
		if v.Role == nil || v.Role.Text != "shared the grant with the city of Valencia" {
			t.Errorf("Bilbao's role in the grant = %+v, want the report's words", v.Role)
		}
	} else {
		t.Errorf("valencia collaborations = %+v, want one", valencia.Collaborations)
	}

	// Bilbao both hosted and attended the meeting: each other city at it is one
	// collaboration, through the meeting.
	for _, id := range collabMeetingCities {
		p, ok := partners[id]
		if !ok {
			t.Errorf("partners lack %s, who attended the meeting", id)
			continue
		}
		if p.Count != 1 || len(p.Collaborations) != 1 || p.Collaborations[0].Kind != "MEETING" || p.Collaborations[0].Via.ID != collabMeeting ||
			collabYear(p.Collaborations[0].Year) != "2023" {
			t.Errorf("%s: %+v, want one MEETING collaboration through %s in 2023", id, p, collabMeeting)
		}
	}
	if got, want := len(c.Partners), len(collabMeetingCities)+1; got != want {
		t.Errorf("%d partners %v, want %d", got, collabKeys(partners), want)
	}

	// History: the 2021 grant first, then the 2023 meeting, in time order.
	if len(c.History) != len(collabMeetingCities)+1 {
		t.Fatalf("history has %d collaborations, want %d", len(c.History), len(collabMeetingCities)+1)
	}
	if h := c.History[0]; h.Partner.ID != "valencia" || h.Kind != "GRANT" {
		t.Errorf("history[0] = %+v, want the grant with valencia", h)
	}
	for i := 1; i < len(c.History); i++ {
		a, b := c.History[i-1], c.History[i]
		if a.Year == nil && b.Year != nil || a.Year != nil && b.Year != nil && *a.Year > *b.Year {
			t.Errorf("history not in time order: %s then %s", collabYear(a.Year), collabYear(b.Year))
		}
	}
	if d := c.History[1].Date; d == nil || *d != "2023-11-14" {
		t.Errorf("meeting date = %v, want 2023-11-14", d)
	}

	// City.partners says the same as the default collaborations.
	var def struct {
		Collaborations struct {
			Partners []collabPartnerJSON `json:"partners"`
		} `json:"collaborations"`
	}
	ts.query(t, `{ collaborations(cityId: "bilbao") { partners { `+collabPartnerFields+` } } }`, nil).decode(t, &def)
	var city struct {
		City struct {
			Partners []collabPartnerJSON `json:"partners"`
		} `json:"city"`
	}
	ts.query(t, `{ city(id: "bilbao") { partners { `+collabPartnerFields+` } } }`, nil).decode(t, &city)
	if !reflect.DeepEqual(city.City.Partners, def.Collaborations.Partners) {
		t.Errorf("City.partners differs from Query.collaborations partners:\n%+v\n%+v", city.City.Partners, def.Collaborations.Partners)
	}
}

func TestCollaborationsFilters(t *testing.T) {
	ts := startServer(t, nil)
	for _, tt := range []struct {
		name string
		vars map[string]any
		want []string // partner ids, collabSorted
	}{
		{"grants only", map[string]any{"kinds": []string{"GRANT"}}, []string{"valencia"}},
		{"from 2022", map[string]any{"from": 2022, "kinds": collabWithMeetings}, collabSorted(collabMeetingCities)},
		{"from 2022, real collaborations only", map[string]any{"from": 2022}, nil},
		{"to 2021", map[string]any{"to": 2021}, []string{"valencia"}},
		{"projects only", map[string]any{"kinds": []string{"PROJECT"}}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.vars["id"] = "bilbao"
			var got struct {
				Collaborations struct {
					Partners []collabPartnerJSON `json:"partners"`
				} `json:"collaborations"`
			}
			ts.query(t, `query($id: ID!, $kinds: [CollaborationKind!], $from: Int, $to: Int) {
				collaborations(cityId: $id, kinds: $kinds, fromYear: $from, toYear: $to) { partners { city { id } } } }`,
				tt.vars).decode(t, &got)
			var ids []string
			for _, p := range got.Collaborations.Partners {
				ids = append(ids, p.City.ID)
			}
			sort.Strings(ids)
			if !reflect.DeepEqual(ids, tt.want) {
				t.Errorf("partners = %v, want %v", ids, tt.want)
			}
		})
	}
}

func TestNetworkCollaborations(t *testing.T) {
	ts := startServer(t, nil)
	var got struct {
		NetworkCollaborations struct {
			Network struct{ ID string } `json:"network"`
			History []collabJSON        `json:"history"`
		} `json:"networkCollaborations"`
	}
	ts.query(t, `{ networkCollaborations(networkId: "icc-network", kinds: [MEETING]) { network { id } history { `+collabFields+` } } }`, nil).decode(t, &got)
	// Bilbao and the 20 other cities at the meeting are all members of the ICC network;
	// Valencia, Bilbao's grant partner, is not. So: every pair of the 21, once.
	if n := len(got.NetworkCollaborations.History); n != 21*20/2 {
		t.Errorf("history has %d collaborations, want %d", n, 21*20/2)
	}
	for _, c := range got.NetworkCollaborations.History {
		if c.Kind != "MEETING" || c.Via.ID != collabMeeting || c.City.ID == "valencia" || c.Partner.ID == "valencia" {
			t.Errorf("unexpected collaboration %+v", c)
			break
		}
	}
	resp := ts.query(t, `{ networkCollaborations(networkId: "no-such-network") { history { kind } } }`, nil)
	if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != "NOT_FOUND" {
		t.Errorf("unknown network: errors = %+v, want NOT_FOUND", resp.Errors)
	}
}

type collabPathJSON struct {
	Length int `json:"length"`
	Steps  []struct {
		From struct{ ID string } `json:"from"`
		To   struct{ ID string } `json:"to"`
		Kind string              `json:"kind"`
		Year *int                `json:"year"`
		Via  struct {
			ID string `json:"id"`
		} `json:"via"`
		En string `json:"en"`
		Fr string `json:"fr"`
	} `json:"steps"`
	Cities []struct{ ID string } `json:"cities"`
}

const collabPathQuery = `query($from: ID!, $to: ID!, $max: Int, $kinds: [CollaborationKind!]) { collaborationPath(fromCityId: $from, toCityId: $to, maxSteps: $max, kinds: $kinds) {
	length cities { id }
	steps { from { id } to { id } kind year via { ... on Grant { id } ... on Project { id } ... on Event { id } ... on Network { id } }
	        en: explanation(lang: EN) fr: explanation(lang: FR) } } }`

func TestCollaborationPath(t *testing.T) {
	ts := startServer(t, nil)
	path := func(t *testing.T, vars map[string]any) []collabPathJSON {
		t.Helper()
		var got struct {
			CollaborationPath []collabPathJSON `json:"collaborationPath"`
		}
		ts.query(t, collabPathQuery, vars).decode(t, &got)
		return got.CollaborationPath
	}

	t.Run("bilbao to valencia is the grant", func(t *testing.T) {
		got := path(t, map[string]any{"from": "bilbao", "to": "valencia"})
		if len(got) != 1 || got[0].Length != 1 || len(got[0].Steps) != 1 {
			t.Fatalf("paths = %+v, want one of one step", got)
		}
		s := got[0].Steps[0]
		if s.From.ID != "bilbao" || s.To.ID != "valencia" || s.Kind != "GRANT" || s.Via.ID != collabGrant2021 || collabYear(s.Year) != "2021" {
			t.Errorf("step = %+v, want bilbao to valencia through the 2021 grant", s)
		}
		if want := "Bilbao and Valencia shared the grant “2021 ICC programme inter-city grant (Bilbao and Valencia)” (2021)"; s.En != want {
			t.Errorf("explanation(EN) = %q, want %q", s.En, want)
		}
		if want := "Bilbao et Valence ont partagé la subvention « Subvention interurbaine du programme ICC de 2021 (Bilbao et Valence) » (2021)"; s.Fr != want {
			t.Errorf("explanation(FR) = %q, want %q", s.Fr, want)
		}
	})

	// Valencia met nobody at the meeting: it reaches Riga through Bilbao, its grant
	// partner, who hosted the meeting Riga attended.
	t.Run("valencia to riga goes through bilbao", func(t *testing.T) {
		got := path(t, map[string]any{"from": "valencia", "to": "riga", "kinds": collabWithMeetings})
		if len(got) != 1 || got[0].Length != 2 {
			t.Fatalf("paths = %+v, want one of two steps", got)
		}
		var cities []string
		for _, c := range got[0].Cities {
			cities = append(cities, c.ID)
		}
		if want := []string{"valencia", "bilbao", "riga"}; !reflect.DeepEqual(cities, want) {
			t.Errorf("cities = %v, want %v", cities, want)
		}
		if s := got[0].Steps; s[0].Kind != "GRANT" || s[0].Via.ID != collabGrant2021 || s[1].Kind != "MEETING" || s[1].Via.ID != collabMeeting {
			t.Errorf("steps = %+v, want the grant then the meeting", s)
		}
	})

	t.Run("two Finnish project cities are one step apart", func(t *testing.T) {
		got := path(t, map[string]any{"from": "vaasa", "to": "hameenlinna"})
		if len(got) != 1 || got[0].Length != 1 || got[0].Steps[0].Kind != "PROJECT" || got[0].Steps[0].Via.ID != collabFinland {
			t.Errorf("paths = %+v, want one step through %s", got, collabFinland)
		}
	})

	for _, tt := range []struct {
		name string
		vars map[string]any
	}{
		// The Finnish cities took part in no meeting, grant or shared event with the others.
		{"no link from finland to riga", map[string]any{"from": "vaasa", "to": "riga", "kinds": collabWithMeetings}},
		{"two steps do not fit in one", map[string]any{"from": "valencia", "to": "riga", "max": 1, "kinds": collabWithMeetings}},
		// By default the meeting is no link: Valencia and Riga only sat in the same room as Bilbao.
		{"no real link from valencia to riga", map[string]any{"from": "valencia", "to": "riga"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := path(t, tt.vars); len(got) != 0 {
				t.Errorf("paths = %+v, want none", got)
			}
		})
	}
}

// A city at one session of the meeting collaborates with the cities at the meeting,
// and with a city at another of its sessions, once each, through the meeting itself.
func TestSessionCountsAsItsEvent(t *testing.T) {
	ts := startServer(t, nil)
	prov := graph.Provenance{Source: "icc-coordinators-meeting-2023", Section: "test"}
	city := func(id string) graph.Node {
		return graph.Node{Kind: graph.KindCity, ID: id, Provenance: prov,
			Texts: map[string]graph.Text{"name": {Orig: "en", Values: map[string]string{"en": id, "fr": id}}}}
	}
	attends := func(cityID, eventID string) graph.Link {
		return graph.Link{Type: graph.RelParticipatedIn, From: graph.Ref{Kind: graph.KindCity, ID: cityID},
			To: graph.Ref{Kind: graph.KindEvent, ID: eventID}, Provenance: prov}
	}
	_, err := ts.Store().Apply(context.Background(), graph.Changeset{
		Upserts: []graph.Node{city("openingville"), city("debriefville")},
		// Both events are sessions PART_OF the meeting in seed/data/events.yaml.
		Links: []graph.Link{attends("openingville", "meeting-2023-opening"), attends("debriefville", "meeting-2023-debriefing")},
	})
	if err != nil {
		t.Fatal(err)
	}

	var got struct {
		Collaborations struct {
			Partners []collabPartnerJSON `json:"partners"`
		} `json:"collaborations"`
	}
	ts.query(t, `{ collaborations(cityId: "openingville", kinds: [MEETING]) { partners { `+collabPartnerFields+` } } }`, nil).decode(t, &got)
	want := collabSorted(append([]string{"bilbao", "debriefville"}, collabMeetingCities...))
	var ids []string
	for _, p := range got.Collaborations.Partners {
		ids = append(ids, p.City.ID)
		if p.Count != 1 || p.Collaborations[0].Kind != "MEETING" || p.Collaborations[0].Via.ID != collabMeeting {
			t.Errorf("%s: %+v, want one MEETING collaboration through %s", p.City.ID, p, collabMeeting)
		}
	}
	sort.Strings(ids)
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("partners = %v, want %v", ids, want)
	}

	for _, tt := range []struct {
		from, to string
		cities   []string
	}{
		{"openingville", "debriefville", []string{"openingville", "debriefville"}},
		{"openingville", "riga", []string{"openingville", "riga"}},
		{"valencia", "debriefville", []string{"valencia", "bilbao", "debriefville"}},
	} {
		var paths struct {
			CollaborationPath []collabPathJSON `json:"collaborationPath"`
		}
		ts.query(t, collabPathQuery, map[string]any{"from": tt.from, "to": tt.to, "kinds": collabWithMeetings}).decode(t, &paths)
		if len(paths.CollaborationPath) != 1 {
			t.Errorf("%s to %s: paths %+v, want one", tt.from, tt.to, paths.CollaborationPath)
			continue
		}
		p := paths.CollaborationPath[0]
		var cities []string
		for _, c := range p.Cities {
			cities = append(cities, c.ID)
		}
		last := p.Steps[len(p.Steps)-1]
		if !reflect.DeepEqual(cities, tt.cities) || last.Kind != "MEETING" || last.Via.ID != collabMeeting {
			t.Errorf("%s to %s: %+v, want through %v, the last step through the meeting", tt.from, tt.to, p, tt.cities)
		}
	}
}

func TestCollaborationErrors(t *testing.T) {
	ts := startServer(t, nil)
	for _, tt := range []struct {
		name, query string
		want        string
	}{
		{"unknown city", `{ collaborations(cityId: "atlantis") { history { kind } } }`, "NOT_FOUND"},
		{"unknown city on a path", `{ collaborationPath(fromCityId: "bilbao", toCityId: "atlantis") { length } }`, "NOT_FOUND"},
		{"path from a city to itself", `{ collaborationPath(fromCityId: "bilbao", toCityId: "bilbao") { length } }`, "BAD_USER_INPUT"},
		{"too many steps", `{ collaborationPath(fromCityId: "bilbao", toCityId: "riga", maxSteps: 7) { length } }`, "BAD_USER_INPUT"},
		{"no steps", `{ collaborationPath(fromCityId: "bilbao", toCityId: "riga", maxSteps: 0) { length } }`, "BAD_USER_INPUT"},
		{"years the wrong way round", `{ collaborations(cityId: "bilbao", fromYear: 2023, toYear: 2021) { history { kind } } }`, "BAD_USER_INPUT"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := ts.query(t, tt.query, nil)
			if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != tt.want {
				t.Errorf("errors = %+v, want %s", resp.Errors, tt.want)
			}
		})
	}
}

func TestCollaborationGraph(t *testing.T) {
	ts := startServer(t, nil)
	type graphJSON struct {
		Cities []struct{ ID string } `json:"cities"`
		Links  []struct {
			Source, Target, Kind string
			Year                 *int
			Via                  struct{ ID string } `json:"via"`
		} `json:"links"`
		Years []int `json:"years"`
	}
	query := func(t *testing.T, vars map[string]any) graphJSON {
		t.Helper()
		var got struct {
			CollaborationGraph graphJSON `json:"collaborationGraph"`
		}
		ts.query(t, `query($year: Int, $kinds: [CollaborationKind!]) { collaborationGraph(year: $year, kinds: $kinds) {
			cities { id } links { source target kind year via { ... on Grant { id } ... on Project { id } ... on Event { id } ... on Network { id } } } years } }`,
			vars).decode(t, &got)
		return got.CollaborationGraph
	}

	t.Run("2021 is the grant", func(t *testing.T) {
		g := query(t, map[string]any{"year": 2021})
		if len(g.Links) != 1 {
			t.Fatalf("links = %+v, want the grant only", g.Links)
		}
		if l := g.Links[0]; l.Source != "bilbao" || l.Target != "valencia" || l.Kind != "GRANT" || l.Via.ID != collabGrant2021 || collabYear(l.Year) != "2021" {
			t.Errorf("link = %+v, want bilbao–valencia through the grant in 2021", l)
		}
		if len(g.Cities) != 2 {
			t.Errorf("cities = %v, want bilbao and valencia", g.Cities)
		}
		if want := []int{2021, 2023}; !reflect.DeepEqual(g.Years, want) {
			t.Errorf("years = %v, want %v (all years, for the filter)", g.Years, want)
		}
	})

	// The meeting links every pair of its 21 cities; the Cypriot mayors' study visit,
	// held in Barcelona and Santa Coloma de Gramenet, links those two.
	t.Run("2023 events are the meeting and the study visit", func(t *testing.T) {
		g := query(t, map[string]any{"year": 2023, "kinds": []string{"STUDY_VISIT", "EVENT", "MEETING"}})
		byVia := map[string]int{}
		for _, l := range g.Links {
			byVia[l.Via.ID]++
			if want := map[string]string{collabMeeting: "MEETING", "cypriot-mayors-study-visit-2023": "STUDY_VISIT"}[l.Via.ID]; l.Kind != want {
				t.Errorf("link %+v has kind %s, want %s", l, l.Kind, want)
			}
			if l.Via.ID == "cypriot-mayors-study-visit-2023" && (l.Source != "barcelona" || l.Target != "santa-coloma-de-gramenet") {
				t.Errorf("study visit link %+v, want barcelona–santa-coloma-de-gramenet", l)
			}
		}
		if n := 21 * 20 / 2; byVia[collabMeeting] != n || byVia["cypriot-mayors-study-visit-2023"] != 1 || len(g.Links) != n+1 {
			t.Errorf("links by event %v, want %d for every pair of the meeting's 21 cities and 1 for the study visit, nothing else", byVia, n)
		}
		if len(g.Cities) != 23 {
			t.Errorf("%d cities, want 23: the meeting's 21, Barcelona and Santa Coloma de Gramenet", len(g.Cities))
		}
	})

	t.Run("projects are the Finnish cities", func(t *testing.T) {
		g := query(t, map[string]any{"kinds": []string{"PROJECT"}})
		if len(g.Links) != 5*4/2 {
			t.Errorf("%d links, want 10: every pair of the five Finnish cities", len(g.Links))
		}
		for _, l := range g.Links {
			if l.Kind != "PROJECT" || l.Via.ID != collabFinland || l.Year != nil || l.Source >= l.Target {
				t.Errorf("link %+v, want an undated project link, source before target", l)
			}
		}
		if len(g.Years) != 0 {
			t.Errorf("years = %v, want none: the project gives no start year", g.Years)
		}
	})
}

type statsCountJSON struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
	En    string `json:"en"`
	Fr    string `json:"fr"`
}

const collabStatsQuery = `{ stats {
	totals { key count }
	citiesPerCountry { key count en: label(lang: EN) fr: label(lang: FR) }
	citiesPerJoinYear { key count en: label(lang: EN) }
	practicesPerTheme { key count en: label(lang: EN) }
	practicesPerPrinciple { key count en: label(lang: EN) }
	grantsPerYear { key count }
	publicationsPerLanguage { key count en: label(lang: EN) fr: label(lang: FR) }
	publicationsPerType { key count }
	eventsPerYear { key count }
	eventsPerType { key count }
	assessmentsPerKind { key count en: label(lang: EN) }
} }`

func TestStats(t *testing.T) {
	ts := startServer(t, nil)
	var got struct {
		Stats map[string][]statsCountJSON `json:"stats"`
	}
	ts.query(t, collabStatsQuery, nil).decode(t, &got)
	bucket := func(list, key string) statsCountJSON {
		for _, c := range got.Stats[list] {
			if c.Key == key {
				return c
			}
		}
		t.Errorf("%s has no bucket %q: %+v", list, key, got.Stats[list])
		return statsCountJSON{}
	}
	for _, tt := range []struct {
		list, key string
		want      int
	}{
		// Torremolinos, Getafe, Zagarolo, Paranhos, Riga and Guadalupe joined in 2023.
		{"citiesPerJoinYear", "2023", 6},
		// The six Polish translations of policy briefs.
		{"publicationsPerLanguage", "pl", 6},
		{"grantsPerYear", "2021", 1},
		{"assessmentsPerKind", "strength", 7},
		{"assessmentsPerKind", "weakness", 12},
		{"assessmentsPerKind", "improvement", 9},
		{"assessmentsPerKind", "feasibility", 3},
		{"assessmentsPerKind", "obstacle", 7},
		{"assessmentsPerKind", "adaptation", 5},
		{"totals", "Grant", 1},
		// The five Finnish cities of the joint project.
		{"citiesPerCountry", "finland", 5},
	} {
		if c := bucket(tt.list, tt.key); c.Count != tt.want {
			t.Errorf("%s[%s] = %d, want %d", tt.list, tt.key, c.Count, tt.want)
		}
	}
	if n := len(got.Stats["assessmentsPerKind"]); n != 6 {
		t.Errorf("assessmentsPerKind has %d buckets, want the 6 kinds", n)
	}
	if c := bucket("citiesPerCountry", "finland"); c.En != "Finland" || c.Fr != "Finlande" {
		t.Errorf("finland labels = %q / %q, want Finland / Finlande", c.En, c.Fr)
	}
	if c := bucket("publicationsPerLanguage", "pl"); c.En != "Polish" || c.Fr != "polonais" {
		t.Errorf("pl labels = %q / %q, want Polish / polonais", c.En, c.Fr)
	}
	if c := bucket("citiesPerJoinYear", "2023"); c.En != "2023" {
		t.Errorf("year label = %q, want the key", c.En)
	}
	for list, counts := range got.Stats {
		for i := 1; i < len(counts); i++ {
			a, b := counts[i-1], counts[i]
			if a.Count < b.Count || a.Count == b.Count && a.Key > b.Key {
				t.Errorf("%s not sorted by count then key: %+v before %+v", list, a, b)
			}
		}
	}
}

func TestStatsIsOneRoundTrip(t *testing.T) {
	ts := startServer(t, nil)
	// Every breakdown is computed in one query, once per graph state; asked again in
	// the same state they cost the one round trip that reads it. The search index's
	// catch-up loop shares the store's counter every few seconds: the fewest round
	// trips of a few runs is the request's own.
	best := int64(-1)
	for range 3 {
		before := ts.Store().RoundTrips()
		var got struct {
			Stats map[string][]statsCountJSON `json:"stats"`
		}
		ts.query(t, collabStatsQuery, nil).decode(t, &got)
		if rt := ts.Store().RoundTrips() - before; best < 0 || rt < best {
			best = rt
		}
		if len(got.Stats) != 11 {
			t.Fatalf("stats has %d breakdowns, want 11", len(got.Stats))
		}
	}
	if best != 1 {
		t.Errorf("stats asked again took %d round trips to Neo4j, want 1", best)
	}
}

func collabKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func collabSorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}
