package graph

import (
	"strings"
	"testing"
)

func TestCheckText(t *testing.T) {
	bi := func(orig string, vals ...string) Text {
		v := map[string]string{}
		for i := 0; i+1 < len(vals); i += 2 {
			v[vals[i]] = vals[i+1]
		}
		return Text{Orig: orig, Values: v}
	}
	tests := []struct {
		name string
		in   Text
		want string // "" when valid, else the message
	}{
		{"French original with English", bi("fr", "fr", "Promenades", "en", "Walks"), ""},
		{"Polish original with both", bi("pl", "pl", "Spacery", "fr", "Promenades", "en", "Walks"), ""},
		{"no original language", bi("", "fr", "Promenades", "en", "Walks"), "missing orig: say which language is the original"},
		{"unknown original", bi("xx", "fr", "Promenades", "en", "Walks"), `unknown original language "xx"`},
		{"original text missing", bi("pl", "fr", "Promenades", "en", "Walks"), "the original (pl) text is missing"},
		{"English only", bi("en", "en", "Walks"), ""},
		{"French only", bi("fr", "fr", "Promenades"), ""},
		{"Portuguese only", bi("pt", "pt", "Passeios"), ""},
		{"English original, only a French value", bi("en", "fr", "Promenades"), "the original (en) text is missing"},
		{"blank value", bi("fr", "fr", "Promenades", "en", "  "), "the en text must not be empty"},
		{"unknown language", bi("fr", "fr", "Promenades", "en", "Walks", "zz", "?"), `unknown language "zz"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckText(tt.in)
			if tt.want == "" && got != "" || tt.want != "" && !strings.HasPrefix(got, tt.want) {
				t.Errorf("CheckText = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCheckValue(t *testing.T) {
	status := FieldSpec{Name: "status", Type: FieldEnum, Values: []string{"planned", "active", "ended"}}
	tests := []struct {
		name string
		f    FieldSpec
		v    any
		want string // "" when valid, else a fragment of the message
	}{
		{"string", FieldSpec{Type: FieldString}, "Ana", ""},
		{"blank string", FieldSpec{Type: FieldString}, " ", "want a non-empty string"},
		{"int64", FieldSpec{Type: FieldInt}, int64(2024), ""},
		{"int", FieldSpec{Type: FieldInt}, 2024, ""},
		{"string for an int", FieldSpec{Type: FieldInt}, "2024", "want a whole number"},
		{"bool", FieldSpec{Type: FieldBool}, true, ""},
		{"string for a bool", FieldSpec{Type: FieldBool}, "yes", "want true or false"},
		{"day", FieldSpec{Type: FieldDate}, "2023-11-14", ""},
		{"month", FieldSpec{Type: FieldDate}, "2023-11", ""},
		{"year", FieldSpec{Type: FieldDate}, "2023", ""},
		{"month 13", FieldSpec{Type: FieldDate}, "2023-13", "want a date YYYY-MM-DD, YYYY-MM or YYYY"},
		{"day 32", FieldSpec{Type: FieldDate}, "2023-01-32", "want a date"},
		{"French date", FieldSpec{Type: FieldDate}, "14/11/2023", "want a date"},
		{"enum value", status, "active", ""},
		{"value outside the enum", status, "paused", `want one of planned, active, ended, got "paused"`},
		{"list", FieldSpec{Type: FieldStrings}, []string{"fr", "en"}, ""},
		{"list with a blank", FieldSpec{Type: FieldStrings}, []string{"fr", ""}, "want a list of non-empty strings"},
		{"string for a list", FieldSpec{Type: FieldStrings}, "fr", "want a list of strings"},
		{"text as a plain value", FieldSpec{Type: FieldText}, "x", "a text is not a plain value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckValue(tt.f, tt.v)
			if tt.want == "" && got != "" || tt.want != "" && !strings.Contains(got, tt.want) {
				t.Errorf("CheckValue(%v) = %q, want %q", tt.v, got, tt.want)
			}
		})
	}
}

func TestValidate(t *testing.T) {
	prov := Provenance{Source: "icc-coordinators-meeting-2023", Section: "test"}
	name := Text{Orig: "en", Values: map[string]string{"en": "Welcome walks", "fr": "Promenades de bienvenue"}}
	practice := func(change func(*Node)) Node {
		n := Node{Kind: KindPractice, ID: "welcome-walks", Texts: map[string]Text{FieldPracticeName: name, FieldPracticeSummary: name},
			Props: map[string]any{FieldPracticeStatus: "active"}, Provenance: prov}
		if change != nil {
			change(&n)
		}
		return n
	}
	tests := []struct {
		name     string
		n        Node
		complete bool
		want     []string // the fields with a problem, in order
	}{
		{"complete practice", practice(nil), true, nil},
		{"unknown kind", Node{Kind: "Spaceship", ID: "x", Provenance: prov}, true, []string{"kind"}},
		{"no id", practice(func(n *Node) { n.ID = "" }), true, []string{"id"}},
		{"id not a slug", practice(func(n *Node) { n.ID = "Welcome Walks" }), true, []string{"id"}},
		{"no provenance", practice(func(n *Node) { n.Provenance = Provenance{} }), true, []string{"provenance.section", "provenance.source"}},
		{"required text missing on create", practice(func(n *Node) { delete(n.Texts, FieldPracticeName) }), true, []string{FieldPracticeName}},
		{"required text left alone on update", practice(func(n *Node) { delete(n.Texts, FieldPracticeName) }), false, nil},
		{"optional summary missing on create", practice(func(n *Node) { delete(n.Texts, FieldPracticeSummary) }), true, nil},
		{"required value removed on update", Node{Kind: KindPerson, ID: "ana", Props: map[string]any{FieldPersonName: nil}, Provenance: prov}, false, []string{FieldPersonName}},
		{"bad enum and bad text", practice(func(n *Node) {
			n.Props[FieldPracticeStatus] = "paused"
			n.Texts[FieldPracticeName] = Text{Orig: "en", Values: map[string]string{"fr": "Promenades"}}
		}), true, []string{FieldPracticeName, FieldPracticeStatus}},
		{"English only", practice(func(n *Node) {
			n.Texts[FieldPracticeName] = Text{Orig: "en", Values: map[string]string{"en": "Walks"}}
		}), true, nil},
		{"unknown fields", practice(func(n *Node) {
			n.Props["colour"] = "blue"
			n.Texts["motto"] = name
		}), true, []string{"colour", "motto"}},
		{"a text field given as a value", practice(func(n *Node) { n.Props[FieldPracticeDescription] = "plain" }), true, []string{FieldPracticeDescription}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := Validate(tt.n, tt.complete)
			var got []string
			for _, p := range ps {
				got = append(got, p.Field)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("problems on %v, want %v (%v)", got, tt.want, ps)
			}
		})
	}
}

func TestValidateLink(t *testing.T) {
	prov := Provenance{Source: "icc-coordinators-meeting-2023", Section: "test"}
	practice := Ref{Kind: KindPractice, ID: "welcome-walks"}
	lublin := Ref{Kind: KindCity, ID: "lublin"}
	ana := Ref{Kind: KindPerson, ID: "ana"}
	event := Ref{Kind: KindEvent, ID: "meeting"}
	role := Text{Orig: "en", Values: map[string]string{"en": "lead", "fr": "cheffe de file"}}
	tests := []struct {
		name string
		l    Link
		want []string
	}{
		{"run by with a role and a year", Link{Type: RelRunBy, From: practice, To: lublin, Texts: map[string]Text{LinkFieldRole: role}, Props: map[string]any{LinkFieldSince: int64(2020)}, Provenance: prov}, nil},
		{"wrong direction", Link{Type: RelRunBy, From: lublin, To: practice, Provenance: prov}, []string{"type"}},
		{"wrong target kind", Link{Type: RelRunBy, From: practice, To: ana, Provenance: prov}, []string{"type"}},
		{"capacity outside its values", Link{Type: RelParticipatedIn, From: ana, To: event, Props: map[string]any{LinkFieldCapacity: "juggler"}, Provenance: prov}, []string{LinkFieldCapacity}},
		{"a property the type lacks", Link{Type: RelHeldIn, From: event, To: lublin, Props: map[string]any{LinkFieldSince: int64(2020)}, Provenance: prov}, []string{LinkFieldSince}},
		{"no provenance", Link{Type: RelHeldIn, From: event, To: lublin}, []string{"provenance.section", "provenance.source"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := ValidateLink(tt.l)
			var got []string
			for _, p := range ps {
				got = append(got, p.Field)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("problems on %v, want %v (%v)", got, tt.want, ps)
			}
		})
	}
}

// TestValidateLinkRefusesSelfLinks: no relationship links an entity to itself.
func TestValidateLinkRefusesSelfLinks(t *testing.T) {
	p := Ref{Kind: KindPractice, ID: "diversitours"}
	for _, typ := range []string{RelAdaptedFrom, RelSimilarTo, RelRelatedTo} {
		ps := ValidateLink(Link{Type: typ, From: p, To: p, Provenance: Provenance{Source: "s", Section: "x"}})
		if len(ps) != 1 || ps[0].Field != "to" {
			t.Errorf("%s from a practice to itself: %v, want one problem naming to", typ, ps)
		}
	}
}

// TestURLFieldsTakeWebAddressesOnly: a source's address and licence address become
// links on the pages, so only http and https addresses are taken.
func TestURLFieldsTakeWebAddressesOnly(t *testing.T) {
	for _, tt := range []struct {
		v  string
		ok bool
	}{
		{"https://rm.coe.int/report", true},
		{"http://example.org/licence", true},
		{"javascript:alert(1)", false},
		{"data:text/html,x", false},
		{"//example.org/x", false},
		{"example.org", false},
	} {
		for _, name := range []string{"url", "licenceUrl"} {
			msg := CheckValue(FieldSpec{Name: name, Type: FieldString}, tt.v)
			if (msg == "") != tt.ok {
				t.Errorf("%s %q: %q, want ok %t", name, tt.v, msg, tt.ok)
			}
		}
	}
}
