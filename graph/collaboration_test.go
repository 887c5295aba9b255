package graph

import (
	"reflect"
	"testing"
)

func ptr(i int) *int { return &i }

func TestNormaliseCollaborationKinds(t *testing.T) {
	for _, tt := range []struct {
		name    string
		in      []CollaborationKind
		want    []CollaborationKind
		invalid bool
	}{
		{"none gives the defaults, meetings and networks left out", nil, []CollaborationKind{CollaborationGrant, CollaborationProject, CollaborationStudyVisit, CollaborationEvent}, false},
		{"duplicates and order", []CollaborationKind{CollaborationNetwork, CollaborationGrant, CollaborationNetwork}, []CollaborationKind{CollaborationGrant, CollaborationNetwork}, false},
		{"one kind", []CollaborationKind{CollaborationEvent}, []CollaborationKind{CollaborationEvent}, false},
		{"an unknown kind", []CollaborationKind{"ATTENDANCE"}, nil, true},
	} {
		got, err := NormaliseCollaborationKinds(tt.in)
		if tt.invalid {
			if ErrorCode(err) != EINVALID {
				t.Errorf("%s: err = %v, want %s", tt.name, err, EINVALID)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: got %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
}

func TestCollaborationFilter(t *testing.T) {
	dated := func(y int) Collaboration { return Collaboration{Year: ptr(y)} }
	for _, tt := range []struct {
		name    string
		f       CollaborationFilter
		c       Collaboration
		keep    bool
		invalid bool
	}{
		{"no bounds keep the undated", CollaborationFilter{}, Collaboration{}, true, false},
		{"a bound drops the undated", CollaborationFilter{FromYear: ptr(2020)}, Collaboration{}, false, false},
		{"from is inclusive", CollaborationFilter{FromYear: ptr(2021)}, dated(2021), true, false},
		{"before from", CollaborationFilter{FromYear: ptr(2021)}, dated(2020), false, false},
		{"to is inclusive", CollaborationFilter{ToYear: ptr(2021)}, dated(2021), true, false},
		{"after to", CollaborationFilter{ToYear: ptr(2021)}, dated(2022), false, false},
		{"within both", CollaborationFilter{FromYear: ptr(2019), ToYear: ptr(2023)}, dated(2021), true, false},
		{"a range ending before it starts", CollaborationFilter{FromYear: ptr(2023), ToYear: ptr(2019)}, dated(2021), false, true},
	} {
		if err := tt.f.Validate(); (ErrorCode(err) == EINVALID) != tt.invalid {
			t.Errorf("%s: Validate() = %v, want invalid %v", tt.name, err, tt.invalid)
		}
		if tt.invalid {
			continue
		}
		if got := tt.f.Keep(tt.c); got != tt.keep {
			t.Errorf("%s: Keep = %v, want %v", tt.name, got, tt.keep)
		}
	}
}

func TestPartners(t *testing.T) {
	city := func(id, name string) Node {
		return Node{Kind: KindCity, ID: id, Texts: map[string]Text{FieldCityName: {Orig: "fr", Values: map[string]string{"fr": name}}}}
	}
	bilbao, valencia, hameen, lublin := city("bilbao", "Bilbao"), city("valencia", "Valence"), city("hameenlinna", "Hämeenlinna"), city("lublin", "Lublin")
	c := func(k CollaborationKind, partner Node, via string, year *int) Collaboration {
		return Collaboration{Kind: k, City: bilbao, Partner: partner, Via: Node{Kind: k.Via(), ID: via}, Year: year}
	}
	cs := []Collaboration{
		c(CollaborationMeeting, lublin, "meeting", ptr(2023)),
		c(CollaborationGrant, valencia, "grant-2021", ptr(2021)),
		c(CollaborationMeeting, valencia, "meeting", ptr(2023)),
		c(CollaborationProject, hameen, "academy", nil),
		c(CollaborationMeeting, hameen, "meeting", ptr(2023)),
	}
	SortCollaborations(cs)
	got := Partners(cs)
	var order []string
	var strengths []float64
	for _, p := range got {
		order = append(order, p.City.ID)
		strengths = append(strengths, p.Strength)
	}
	// By strength: the grant (5) and a meeting (1) outweigh the project (4) and a
	// meeting, which outweigh a meeting alone.
	if want := []string{"valencia", "hameenlinna", "lublin"}; !reflect.DeepEqual(order, want) {
		t.Fatalf("partners in order %v, want %v", order, want)
	}
	if want := []float64{6, 5, 1}; !reflect.DeepEqual(strengths, want) {
		t.Errorf("strengths %v, want %v", strengths, want)
	}
	for _, tt := range []struct {
		p           Partner
		kinds       []CollaborationKind
		first, last *int
		vias        []string
	}{
		{got[0], []CollaborationKind{CollaborationGrant, CollaborationMeeting}, ptr(2021), ptr(2023), []string{"grant-2021", "meeting"}},
		{got[1], []CollaborationKind{CollaborationProject, CollaborationMeeting}, ptr(2023), ptr(2023), []string{"meeting", "academy"}},
		{got[2], []CollaborationKind{CollaborationMeeting}, ptr(2023), ptr(2023), []string{"meeting"}},
	} {
		var vias []string
		for _, c := range tt.p.Collaborations {
			vias = append(vias, c.Via.ID)
		}
		if !reflect.DeepEqual(tt.p.Kinds, tt.kinds) || !reflect.DeepEqual(tt.p.FirstYear, tt.first) ||
			!reflect.DeepEqual(tt.p.LastYear, tt.last) || !reflect.DeepEqual(vias, tt.vias) {
			t.Errorf("%s: kinds %v years %v–%v vias %v; want %v %v–%v %v", tt.p.City.ID, tt.p.Kinds,
				deref(tt.p.FirstYear), deref(tt.p.LastYear), vias, tt.kinds, deref(tt.first), deref(tt.last), tt.vias)
		}
	}
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestPartnersTies(t *testing.T) {
	city := func(id, name string) Node {
		return Node{Kind: KindCity, ID: id, Texts: map[string]Text{FieldCityName: {Orig: "fr", Values: map[string]string{"fr": name}}}}
	}
	a, b, c := city("a", "Zagreb"), city("b", "Hämeenlinna"), city("c", "Oslo")
	col := func(k CollaborationKind, p Node, via string) Collaboration {
		return Collaboration{Kind: k, City: a, Partner: p, Via: Node{Kind: k.Via(), ID: via}}
	}
	// Equal strength (3 each): the one with more collaborations first, then by folded name.
	cs := []Collaboration{
		col(CollaborationStudyVisit, c, "visit"),
		col(CollaborationMeeting, b, "m1"), col(CollaborationMeeting, b, "m2"), col(CollaborationMeeting, b, "m3"),
		col(CollaborationEvent, a, "forum"),
	}
	var order []string
	for _, p := range Partners(cs) {
		order = append(order, p.City.ID)
	}
	if want := []string{"b", "c", "a"}; !reflect.DeepEqual(order, want) {
		t.Errorf("partners in order %v, want %v", order, want)
	}
}

func TestClassifyEvent(t *testing.T) {
	tests := []struct {
		eventType    string
		aHost, bHost bool
		want         CollaborationKind
	}{
		{"study-visit", true, true, CollaborationStudyVisit}, // the Cypriot mayors' visit, held in both cities
		{"study-visit", false, false, CollaborationStudyVisit},
		{"visit", true, false, CollaborationStudyVisit},
		{"meeting", true, false, CollaborationMeeting}, // Bilbao hosting the annual meeting others attended
		{"meeting", false, false, CollaborationMeeting},
		{"forum", true, true, CollaborationEvent}, // co-hosted
		{"training", false, true, CollaborationMeeting},
	}
	for _, tt := range tests {
		if got := ClassifyEvent(tt.eventType, tt.aHost, tt.bHost); got != tt.want {
			t.Errorf("ClassifyEvent(%q, %v, %v) = %s, want %s", tt.eventType, tt.aHost, tt.bHost, got, tt.want)
		}
	}
}

func TestCollaborationWeightsAndDefaults(t *testing.T) {
	for _, k := range CollaborationKinds() {
		if k.Weight() <= 0 {
			t.Errorf("%s has no weight", k)
		}
		if got, want := k.IsDefault(), k != CollaborationMeeting && k != CollaborationNetwork; got != want {
			t.Errorf("%s.IsDefault() = %v, want %v", k, got, want)
		}
	}
	if got, want := ViaKinds(CollaborationKinds()), []CollaborationKind{CollaborationGrant, CollaborationProject, CollaborationEvent, CollaborationNetwork}; !reflect.DeepEqual(got, want) {
		t.Errorf("ViaKinds = %v, want %v", got, want)
	}
}

func TestCollaborationCounts(t *testing.T) {
	cs := []Collaboration{{Kind: CollaborationGrant, Year: ptr(2021)}, {Kind: CollaborationStudyVisit, Year: ptr(2023)}, {Kind: CollaborationStudyVisit}}
	perKind, perYear := CollaborationCounts(cs)
	if want := []Count{{Key: "STUDY_VISIT", Count: 2}, {Key: "GRANT", Count: 1}}; !reflect.DeepEqual(perKind, want) {
		t.Errorf("per kind %v, want %v", perKind, want)
	}
	if want := []Count{{Key: "2021", Count: 1}, {Key: "2023", Count: 1}, {Key: Unknown, Count: 1}}; !reflect.DeepEqual(perYear, want) {
		t.Errorf("per year %v, want %v", perYear, want)
	}
}

func TestYearOf(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want *int
	}{{"2023-11-14", ptr(2023)}, {"2023-11", ptr(2023)}, {"2023", ptr(2023)}, {"", nil}, {"soon", nil}, {"23", nil}} {
		if got := YearOf(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("YearOf(%q) = %v, want %v", tt.in, deref(got), deref(tt.want))
		}
	}
}

func TestCollaborationPathKey(t *testing.T) {
	a, b, c := Node{Kind: KindCity, ID: "a"}, Node{Kind: KindCity, ID: "b"}, Node{Kind: KindCity, ID: "c"}
	p := CollaborationPath{Steps: []CollaborationStep{
		{From: a, To: b, Kind: CollaborationGrant, Via: Node{Kind: KindGrant, ID: "g"}},
		{From: b, To: c, Kind: CollaborationEvent, Via: Node{Kind: KindEvent, ID: "e"}},
	}}
	if got, want := p.Key(), "a Grant:g b Event:e c"; got != want {
		t.Errorf("Key() = %q, want %q", got, want)
	}
	var ids []string
	for _, n := range p.Cities() {
		ids = append(ids, n.ID)
	}
	if want := []string{"a", "b", "c"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("Cities() = %v, want %v", ids, want)
	}
	if (CollaborationPath{}).Cities() != nil {
		t.Error("an empty path has no cities")
	}
}
