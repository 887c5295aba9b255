package server_test

import (
	"reflect"
	"sort"
	"strings"
	"testing"
)

// The report's facts these tests check: Bilbao and Valencia shared the 2021 ICC
// inter-city grant, which funded Diversitours, visited during the 2023 annual meeting
// Bilbao hosted; the Cypriot mayors' study visit was held in Barcelona and Santa Coloma
// de Gramenet; a workshop of the Estonian local days was held in Tallinn.

func TestBilbaoDefaultPartnersAreRealCollaborations(t *testing.T) {
	ts := startServer(t, nil)
	var got struct {
		Collaborations struct {
			Partners []struct {
				City     struct{ ID string } `json:"city"`
				Strength float64             `json:"strength"`
				Kinds    []string            `json:"kinds"`
			} `json:"partners"`
			History []struct {
				Kind   string  `json:"kind"`
				Weight float64 `json:"weight"`
			} `json:"history"`
		} `json:"collaborations"`
	}
	ts.query(t, `{ collaborations(cityId: "bilbao") { partners { city { id } strength kinds } history { kind weight } } }`, nil).decode(t, &got)
	p := got.Collaborations.Partners
	if len(p) != 1 || p[0].City.ID != "valencia" || p[0].Strength != 5 || !reflect.DeepEqual(p[0].Kinds, []string{"GRANT"}) {
		t.Errorf("partners = %+v, want Valencia alone, through the grant, strength 5", p)
	}
	if h := got.Collaborations.History; len(h) != 1 || h[0].Kind != "GRANT" || h[0].Weight != 5 {
		t.Errorf("history = %+v, want the grant alone", h)
	}
}

func TestMeetingHostIsShownAsHost(t *testing.T) {
	ts := startServer(t, nil)
	var got struct {
		CollaborationGraph struct {
			Links []struct {
				Source, Target, Kind       string
				SourceIsHost, TargetIsHost bool
				Weight                     float64
			} `json:"links"`
		} `json:"collaborationGraph"`
	}
	ts.query(t, `{ collaborationGraph(kinds: [MEETING]) { links { source target kind sourceIsHost targetIsHost weight } } }`, nil).decode(t, &got)
	links := got.CollaborationGraph.Links
	if n := 21 * 20 / 2; len(links) != n {
		t.Fatalf("%d meeting links, want %d: every pair of the meeting's 21 cities", len(links), n)
	}
	for _, l := range links {
		bilbao := l.Source == "bilbao" || l.Target == "bilbao"
		hosts := (l.Source == "bilbao") == l.SourceIsHost && (l.Target == "bilbao") == l.TargetIsHost
		if l.Kind != "MEETING" || l.Weight != 1 || !hosts {
			t.Errorf("link %+v: want MEETING, weight 1, only Bilbao (the host) marked host (bilbao in it: %v)", l, bilbao)
		}
	}
}

func TestDefaultPictureHasNoMeetingLinks(t *testing.T) {
	ts := startServer(t, nil)
	type link struct {
		Source, Target, Kind       string
		SourceIsHost, TargetIsHost bool
		Via                        struct{ ID string } `json:"via"`
	}
	var got struct {
		CollaborationGraph struct {
			Links []link `json:"links"`
		} `json:"collaborationGraph"`
	}
	ts.query(t, `{ collaborationGraph { links { source target kind sourceIsHost targetIsHost via { ... on Grant { id } ... on Project { id } ... on Event { id } } } } }`, nil).decode(t, &got)
	kinds := map[string]int{}
	var grant, visit *link
	for i, l := range got.CollaborationGraph.Links {
		kinds[l.Kind]++
		switch l.Via.ID {
		case collabMeeting:
			t.Errorf("default picture links %s–%s through the meeting", l.Source, l.Target)
		case collabGrant2021:
			grant = &got.CollaborationGraph.Links[i]
		case "cypriot-mayors-study-visit-2023":
			visit = &got.CollaborationGraph.Links[i]
		}
	}
	// The grant, every pair of the five Finnish project cities, the study visit.
	if want := map[string]int{"GRANT": 1, "PROJECT": 10, "STUDY_VISIT": 1}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("links per kind %v, want %v", kinds, want)
	}
	if grant == nil || grant.Source != "bilbao" || grant.Target != "valencia" {
		t.Errorf("grant link = %+v, want bilbao–valencia", grant)
	}
	// The visit keeps both cities, each a place of it.
	if visit == nil || visit.Source != "barcelona" || visit.Target != "santa-coloma-de-gramenet" || visit.Kind != "STUDY_VISIT" || !visit.SourceIsHost || !visit.TargetIsHost {
		t.Errorf("study visit link = %+v, want barcelona–santa-coloma-de-gramenet, STUDY_VISIT, both places", visit)
	}
}

func TestCitiesReachTheEventsHeldThere(t *testing.T) {
	ts := startServer(t, nil)
	for city, event := range map[string]string{
		"santa-coloma-de-gramenet": "cypriot-mayors-study-visit-2023",
		"barcelona":                "cypriot-mayors-study-visit-2023",
		"tallinn":                  "tallinn-integration-workshop-2023",
	} {
		var got struct {
			City struct {
				Events []struct {
					Event    struct{ ID string }   `json:"event"`
					Relation struct{ Type string } `json:"relation"`
				} `json:"events"`
			} `json:"city"`
		}
		ts.query(t, `query($id: ID!) { city(id: $id) { events { event { id } relation { type } } } }`, map[string]any{"id": city}).decode(t, &got)
		found := false
		for _, e := range got.City.Events {
			found = found || e.Event.ID == event && e.Relation.Type == "HELD_IN"
		}
		if !found {
			t.Errorf("%s: events %+v, want %s held there", city, got.City.Events, event)
		}
	}
	var visit struct {
		Collaborations struct {
			History []struct {
				Kind    string              `json:"kind"`
				Partner struct{ ID string } `json:"partner"`
			} `json:"history"`
		} `json:"collaborations"`
	}
	ts.query(t, `{ collaborations(cityId: "santa-coloma-de-gramenet") { history { kind partner { id } } } }`, nil).decode(t, &visit)
	if h := visit.Collaborations.History; len(h) != 1 || h[0].Kind != "STUDY_VISIT" || h[0].Partner.ID != "barcelona" {
		t.Errorf("Santa Coloma's collaborations = %+v, want the study visit with Barcelona", h)
	}
}

const connectionQuery = `query($from: ID!, $to: ID!) { collaborationConnection(fromCityId: $from, toCityId: $to) {
	connected paths { length steps { kind en: explanation(lang: EN) fr: explanation(lang: FR) } }
	en: summary(lang: EN) fr: summary(lang: FR)
	sharedNetworks { id } coAttendedMeetings { id } sharedThemes { id }
	sEn: suggestions(lang: EN) sFr: suggestions(lang: FR) } }`

type connectionJSON struct {
	Connected bool `json:"connected"`
	Paths     []struct {
		Length int `json:"length"`
		Steps  []struct{ Kind, En, Fr string }
	} `json:"paths"`
	En, Fr             string
	SharedNetworks     []struct{ ID string } `json:"sharedNetworks"`
	CoAttendedMeetings []struct{ ID string } `json:"coAttendedMeetings"`
	SharedThemes       []struct{ ID string } `json:"sharedThemes"`
	SEn, SFr           []string
}

func TestCollaborationConnection(t *testing.T) {
	ts := startServer(t, nil)
	connect := func(t *testing.T, from, to string) connectionJSON {
		t.Helper()
		var got struct {
			CollaborationConnection connectionJSON `json:"collaborationConnection"`
		}
		ts.query(t, connectionQuery, map[string]any{"from": from, "to": to}).decode(t, &got)
		return got.CollaborationConnection
	}
	t.Run("bilbao and valencia share the grant", func(t *testing.T) {
		c := connect(t, "bilbao", "valencia")
		if !c.Connected || len(c.Paths) != 1 || c.Paths[0].Length != 1 || c.Paths[0].Steps[0].Kind != "GRANT" {
			t.Fatalf("connection = %+v, want one step through the grant", c)
		}
		if c.En != "Bilbao and Valencia are connected in 1 step(s)." || c.Fr != "Bilbao et Valence sont reliées en 1 étape(s)." {
			t.Errorf("summary = %q / %q", c.En, c.Fr)
		}
		if s := c.Paths[0].Steps[0]; !strings.Contains(s.Fr, "ont partagé la subvention") || !strings.Contains(s.En, "shared the grant") {
			t.Errorf("explanations = %q / %q", s.En, s.Fr)
		}
		if len(c.SEn) != 0 {
			t.Errorf("suggestions = %v, want none when connected", c.SEn)
		}
	})
	t.Run("bilbao and riga only met", func(t *testing.T) {
		c := connect(t, "bilbao", "riga")
		if c.Connected || len(c.Paths) != 0 {
			t.Fatalf("connection = %+v, want no known connection", c)
		}
		if c.En != "No known connection between Bilbao and Riga." || c.Fr != "Aucun lien connu entre Bilbao et Riga." {
			t.Errorf("summary = %q / %q", c.En, c.Fr)
		}
		if len(c.CoAttendedMeetings) != 1 || c.CoAttendedMeetings[0].ID != collabMeeting {
			t.Errorf("co-attended meetings = %+v, want the 2023 meeting", c.CoAttendedMeetings)
		}
		var nets []string
		for _, n := range c.SharedNetworks {
			nets = append(nets, n.ID)
		}
		sort.Strings(nets)
		if !contains(nets, "icc-network") {
			t.Errorf("shared networks = %v, want the ICC network among them", nets)
		}
		want := len(c.SharedNetworks) + len(c.CoAttendedMeetings) + len(c.SharedThemes)
		if len(c.SEn) != want || len(c.SFr) != want {
			t.Fatalf("suggestions %v / %v, want %d each", c.SEn, c.SFr, want)
		}
		joined := strings.Join(c.SEn, "\n") + strings.Join(c.SFr, "\n")
		for _, s := range []string{"Both took part in the meeting “2023 annual meeting of Intercultural Cities (ICC) coordinators”.",
			"Les deux ont participé à la réunion « Réunion annuelle des coordinateurs et coordinatrices des Cités Interculturelles (ICC) 2023 »."} {
			if !strings.Contains(joined, s) {
				t.Errorf("suggestions %q lack %q", joined, s)
			}
		}
	})
	t.Run("unknown city", func(t *testing.T) {
		resp := ts.query(t, `{ collaborationConnection(fromCityId: "bilbao", toCityId: "atlantis") { connected } }`, nil)
		if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != "NOT_FOUND" {
			t.Errorf("errors = %+v, want NOT_FOUND", resp.Errors)
		}
	})
}

func TestCollaborationKindsList(t *testing.T) {
	ts := startServer(t, nil)
	var got struct {
		CollaborationKinds []struct {
			Kind    string
			Weight  float64
			Default bool
			Fr      string
		} `json:"collaborationKinds"`
	}
	ts.query(t, `{ collaborationKinds { kind weight default fr: label(lang: FR) } }`, nil).decode(t, &got)
	var defaults []string
	for _, k := range got.CollaborationKinds {
		if k.Default {
			defaults = append(defaults, k.Kind)
		}
		if k.Weight <= 0 || k.Fr == "" || k.Fr == k.Kind {
			t.Errorf("kind %+v: want a weight and a French label", k)
		}
	}
	if want := []string{"GRANT", "PROJECT", "STUDY_VISIT", "EVENT"}; len(got.CollaborationKinds) != 6 || !reflect.DeepEqual(defaults, want) {
		t.Errorf("kinds %+v, want 6 with defaults %v", got.CollaborationKinds, want)
	}
}

func TestGrantsForGrantOfficers(t *testing.T) {
	ts := startServer(t, nil)
	count := func(t *testing.T, filter map[string]any) []string {
		t.Helper()
		var got struct {
			Grants struct {
				TotalCount int                                  `json:"totalCount"`
				Edges      []struct{ Node struct{ ID string } } `json:"edges"`
			} `json:"grants"`
		}
		ts.query(t, `query($f: GrantFilter) { grants(filter: $f) { totalCount edges { node { id } } } }`, map[string]any{"f": filter}).decode(t, &got)
		var ids []string
		for _, e := range got.Grants.Edges {
			ids = append(ids, e.Node.ID)
		}
		if len(ids) != got.Grants.TotalCount {
			t.Errorf("%v: %d edges, totalCount %d", filter, len(ids), got.Grants.TotalCount)
		}
		return ids
	}
	for _, tt := range []struct {
		filter map[string]any
		want   []string
	}{
		{map[string]any{"year": 2021}, []string{collabGrant2021}},
		{map[string]any{"year": 2022}, nil},
		{map[string]any{"city": "valencia"}, []string{collabGrant2021}},
		{map[string]any{"country": "spain"}, []string{collabGrant2021}},
		{map[string]any{"country": "finland"}, nil},
		{map[string]any{"programme": "INTER-CITY"}, []string{collabGrant2021}},
		{map[string]any{"programme": "interurbaines"}, []string{collabGrant2021}},
		{map[string]any{"programme": "horizon"}, nil},
	} {
		if got := count(t, tt.filter); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("grants(%v) = %v, want %v", tt.filter, got, tt.want)
		}
	}

	var got struct {
		Grant struct {
			Cities []struct {
				City     struct{ ID string } `json:"city"`
				Relation struct {
					Role *struct{ Text string } `json:"role"`
				} `json:"relation"`
			} `json:"cities"`
			Purpose       struct{ Text string }                    `json:"purpose"`
			Practices     []struct{ Practice struct{ ID string } } `json:"practices"`
			LaterEvents   []struct{ ID string }                    `json:"laterEvents"`
			LaterProjects []struct{ ID string }                    `json:"laterProjects"`
			Provenance    struct {
				Source struct{ ID string } `json:"source"`
			} `json:"provenance"`
		} `json:"grant"`
	}
	ts.query(t, `query($id: ID!) { grant(id: $id) { cities { city { id } relation { role { text(lang: EN) } } } purpose { text(lang: EN) }
		practices { practice { id } } laterEvents { id } laterProjects { id } provenance { source { id } } } }`,
		map[string]any{"id": collabGrant2021}).decode(t, &got)
	g := got.Grant
	roles := map[string]string{}
	for _, c := range g.Cities {
		if c.Relation.Role != nil {
			roles[c.City.ID] = c.Relation.Role.Text
		}
	}
	if roles["bilbao"] != "shared the grant with the city of Valencia" || roles["valencia"] != "city with which Bilbao shared the grant" {
		t.Errorf("cities and roles = %v", roles)
	}
	if g.Purpose.Text != "Initial funding of the Diversitours project" {
		t.Errorf("purpose = %q", g.Purpose.Text)
	}
	if len(g.Practices) != 1 || g.Practices[0].Practice.ID != "diversitours" {
		t.Errorf("practices = %+v, want diversitours", g.Practices)
	}
	// Diversitours was visited and debriefed at the 2023 meeting, two years after.
	if want := []string{"meeting-2023-diversitours-visit", "meeting-2023-debriefing"}; !reflect.DeepEqual(idsOf(g.LaterEvents), want) {
		t.Errorf("later events = %v, want %v", idsOf(g.LaterEvents), want)
	}
	if g.LaterProjects == nil || g.Provenance.Source.ID != "icc-coordinators-meeting-2023" {
		t.Errorf("later projects %v, source %q", g.LaterProjects, g.Provenance.Source.ID)
	}
}

func idsOf(xs []struct{ ID string }) []string {
	out := []string{}
	for _, x := range xs {
		out = append(out, x.ID)
	}
	return out
}

func TestDashboardTotalsEqualListTotals(t *testing.T) {
	ts := startServer(t, nil)
	var got struct {
		Stats     map[string][]statsCountJSON `json:"stats"`
		Cities    struct{ TotalCount int }    `json:"cities"`
		Practices struct{ TotalCount int }    `json:"practices"`
		Grants    struct{ TotalCount int }    `json:"grants"`
		Graph     struct {
			Links []struct{ Kind string } `json:"links"`
		} `json:"collaborationGraph"`
	}
	ts.query(t, `{ stats { citiesPerCountry { key count } citiesPerJoinYear { key count }
		practicesPerCountry { key count } practicesPerStatus { key count } practicesPerArea { key count }
		grantsPerYear { key count } grantsPerCountry { key count }
		collaborationsPerKind { key count } collaborationsPerYear { key count } }
		cities { totalCount } practices { totalCount } grants { totalCount }
		collaborationGraph { links { kind } } }`, nil).decode(t, &got)
	sum := func(list string) int {
		n := 0
		for _, c := range got.Stats[list] {
			n += c.Count
		}
		return n
	}
	for list, want := range map[string]int{
		"citiesPerCountry": got.Cities.TotalCount, "citiesPerJoinYear": got.Cities.TotalCount,
		"practicesPerCountry": got.Practices.TotalCount, "practicesPerStatus": got.Practices.TotalCount, "practicesPerArea": got.Practices.TotalCount,
		"grantsPerYear": got.Grants.TotalCount, "grantsPerCountry": got.Grants.TotalCount,
		"collaborationsPerKind": len(got.Graph.Links), "collaborationsPerYear": len(got.Graph.Links),
	} {
		if n := sum(list); n != want || want == 0 {
			t.Errorf("%s adds up to %d, want %d (the list's total)", list, n, want)
		}
	}
	kinds := map[string]int{}
	for _, c := range got.Stats["collaborationsPerKind"] {
		kinds[c.Key] = c.Count
	}
	if want := map[string]int{"GRANT": 1, "PROJECT": 10, "STUDY_VISIT": 1}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("collaborations per kind %v, want %v", kinds, want)
	}
	var grantCountry []string
	for _, c := range got.Stats["grantsPerCountry"] {
		grantCountry = append(grantCountry, c.Key)
	}
	if !reflect.DeepEqual(grantCountry, []string{"spain"}) {
		t.Errorf("grants per country %v, want spain", grantCountry)
	}
}
