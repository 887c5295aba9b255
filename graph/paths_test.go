package graph

import (
	"reflect"
	"strings"
	"testing"
)

func TestPathsFollowTheKindsTable(t *testing.T) {
	named := []Path{EventsOfCity, CitiesOfEvent, PlacesOfEvent, GrantsOfCity, ProjectsOfCity, NetworksOfCity,
		SessionsOfEvent, ParentOfEvent, PeopleOfOrganisation, OrganisationsOfEvent, PublicationsOfEvent, PartnersOfProject}
	for _, k := range Kinds() {
		named = append(named, CitiesOf(k.Kind), ThemesOf(k.Kind), CountryOf(k.Kind))
	}
	for _, p := range named {
		if err := p.Check(); err != nil {
			t.Error(err)
		}
	}
}

func TestPathCheckRefuses(t *testing.T) {
	for _, tt := range []struct {
		name    string
		p       Path
		mention string
	}{
		{"an undeclared hop", Path{Name: "x", From: KindCity, To: KindGrant, Routes: []Route{Via(Outgoing(RelAwardedTo, KindGrant))}}, "does not declare"},
		{"a route ending elsewhere", Path{Name: "x", From: KindCity, To: KindGrant, Routes: []Route{Via(Outgoing(RelInCountry, KindCountry))}}, "ends at Country"},
	} {
		err := tt.p.Check()
		if err == nil || !strings.Contains(err.Error(), tt.mention) {
			t.Errorf("%s: err = %v, want one mentioning %q", tt.name, err, tt.mention)
		}
	}
}

func TestPathReverse(t *testing.T) {
	for _, tt := range []struct {
		name string
		p    Path
		want []Route
	}{
		{"one hop each way", EventsOfCity, []Route{
			Via(Outgoing(RelHeldIn, KindCity)), Via(Incoming(RelParticipatedIn, KindCity)),
			Via(Incoming(RelHosted, KindCity)), Via(Outgoing(RelOrganisedByCity, KindCity))}},
		{"two hops", CitiesOf(KindAssessment), []Route{
			Via(Incoming(RelRunBy, KindPractice), Incoming(RelAssesses, KindAssessment))}},
	} {
		r := tt.p.Reverse("back")
		if r.From != tt.p.To || r.To != tt.p.From || !reflect.DeepEqual(r.Routes, tt.want) {
			t.Errorf("%s: reverse = %+v, want %s→%s %+v", tt.name, r, tt.p.To, tt.p.From, tt.want)
		}
		if err := r.Check(); err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
		if twice := r.Reverse(tt.p.Name); !reflect.DeepEqual(twice, tt.p) {
			t.Errorf("%s: reversing twice gives %+v", tt.name, twice)
		}
	}
}

func TestCountryOf(t *testing.T) {
	for _, tt := range []struct {
		kind Kind
		want []Route
	}{
		{KindCity, []Route{Via(Outgoing(RelInCountry, KindCountry))}},
		{KindNetwork, []Route{Via(Outgoing(RelInCountry, KindCountry))}},
		{KindEvent, []Route{Via(Outgoing(RelHeldInCountry, KindCountry)), Via(Outgoing(RelHeldIn, KindCity), Outgoing(RelInCountry, KindCountry))}},
		{KindOrganisation, []Route{Via(Outgoing(RelInCountry, KindCountry)), Via(Outgoing(RelBasedIn, KindCity), Outgoing(RelInCountry, KindCountry))}},
		{KindPractice, []Route{Via(Outgoing(RelRunBy, KindCity), Outgoing(RelInCountry, KindCountry))}},
		{KindPublication, nil},
	} {
		if got := CountryOf(tt.kind).Routes; !reflect.DeepEqual(got, tt.want) {
			t.Errorf("CountryOf(%s) = %+v, want %+v", tt.kind, got, tt.want)
		}
	}
}

func TestPathHops(t *testing.T) {
	if hops, ok := EventsOfCity.Hops(); !ok || len(hops) != 4 {
		t.Errorf("EventsOfCity.Hops() = %v, %v; want its 4 hops", hops, ok)
	}
	if _, ok := CountryOf(KindEvent).Hops(); ok {
		t.Error("a path with a two-hop route has no one-hop reading")
	}
}

// A small graph in memory: Tallinn hosts a workshop of the Estonian days, Barcelona and
// Santa Coloma host one visit, a practice of Barcelona is assessed.
func testDataset() Dataset {
	node := func(k Kind, id string, props map[string]any) Node { return Node{Kind: k, ID: id, Props: props} }
	link := func(typ string, from, to Node) Link { return Link{Type: typ, From: from.Ref(), To: to.Ref()} }
	spain, estonia := node(KindCountry, "spain", nil), node(KindCountry, "estonia", nil)
	bcn, scg, tln := node(KindCity, "barcelona", nil), node(KindCity, "santa-coloma", nil), node(KindCity, "tallinn", nil)
	visit := node(KindEvent, "visit", map[string]any{FieldEventStartDate: "2023-05"})
	workshop := node(KindEvent, "workshop", map[string]any{FieldEventStartDate: "2023"})
	practice := node(KindPractice, "p", map[string]any{FieldPracticeStartYear: int64(2019)})
	theme := node(KindTheme, "interaction", nil)
	statement := node(KindAssessment, "p-strength", nil)
	return Dataset{
		Nodes: []Node{spain, estonia, bcn, scg, tln, visit, workshop, practice, theme, statement},
		Links: []Link{
			link(RelInCountry, bcn, spain), link(RelInCountry, scg, spain), link(RelInCountry, tln, estonia),
			link(RelHeldIn, visit, scg), link(RelHeldIn, visit, bcn), link(RelHeldInCountry, visit, spain),
			link(RelHeldIn, workshop, tln),
			link(RelRunBy, practice, bcn), link(RelHasTheme, practice, theme), link(RelAssesses, statement, practice),
			link(RelRunBy, node(KindPractice, "elsewhere", nil), bcn), // a link to a node outside the set is ignored
		},
	}
}

func TestIndexablesOf(t *testing.T) {
	ids := func(ns []Node) []string {
		out := []string{}
		for _, n := range ns {
			out = append(out, n.ID)
		}
		return out
	}
	got := map[string]Indexable{}
	for _, x := range IndexablesOf(testDataset()) {
		got[x.Node.ID] = x
	}
	if _, ok := got["spain"]; ok {
		t.Error("countries are not searchable, yet indexed")
	}
	for _, tt := range []struct {
		id                        string
		cities, countries, themes []string
		years                     []int
	}{
		{"visit", []string{"barcelona", "santa-coloma"}, []string{"spain"}, []string{}, []int{2023}},
		{"workshop", []string{"tallinn"}, []string{"estonia"}, []string{}, []int{2023}},
		{"p", []string{"barcelona"}, []string{"spain"}, []string{"interaction"}, []int{2019}},
		{"p-strength", []string{"barcelona"}, []string{"spain"}, []string{"interaction"}, nil},
		{"tallinn", []string{"tallinn"}, []string{"estonia"}, []string{}, nil},
	} {
		x, ok := got[tt.id]
		if !ok {
			t.Errorf("%s: not indexed", tt.id)
			continue
		}
		if !reflect.DeepEqual(ids(x.Cities), tt.cities) || !reflect.DeepEqual(ids(x.Countries), tt.countries) ||
			!reflect.DeepEqual(ids(x.Themes), tt.themes) || !reflect.DeepEqual(x.Years, tt.years) {
			t.Errorf("%s: cities %v countries %v themes %v years %v; want %v %v %v %v", tt.id,
				ids(x.Cities), ids(x.Countries), ids(x.Themes), x.Years, tt.cities, tt.countries, tt.themes, tt.years)
		}
	}
}

func TestWalkReachesEventsHeldInACity(t *testing.T) {
	ds := testDataset()
	nodes := map[Ref]Node{}
	for _, n := range ds.Nodes {
		nodes[n.Ref()] = n
	}
	next := func(at Ref, h Hop) []Node {
		var out []Node
		for _, l := range ds.Links {
			switch {
			case h.Direction == Out && l.From == at && l.Type == h.Type && l.To.Kind == h.Kind:
				out = append(out, nodes[l.To])
			case h.Direction == In && l.To == at && l.Type == h.Type && l.From.Kind == h.Kind:
				out = append(out, nodes[l.From])
			}
		}
		return out
	}
	for _, tt := range []struct {
		city string
		want []string
	}{{"tallinn", []string{"workshop"}}, {"santa-coloma", []string{"visit"}}, {"barcelona", []string{"visit"}}} {
		var got []string
		for _, n := range EventsOfCity.Walk(nodes[Ref{KindCity, tt.city}], next) {
			got = append(got, n.ID)
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("events of %s = %v, want %v", tt.city, got, tt.want)
		}
	}
	var cities []string
	for _, n := range CitiesOfEvent.Walk(nodes[Ref{KindEvent, "visit"}], next) {
		cities = append(cities, n.ID)
	}
	if want := []string{"santa-coloma", "barcelona"}; !reflect.DeepEqual(cities, want) {
		t.Errorf("cities of the visit = %v, want both places %v", cities, want)
	}
}
