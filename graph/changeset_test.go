package graph

import (
	"reflect"
	"strings"
	"testing"
)

func TestValidateChangeset(t *testing.T) {
	prov := Provenance{Source: "icc-coordinators-meeting-2023", Section: "test"}
	name := Text{Orig: "en", Values: map[string]string{"en": "Welcome walks", "fr": "Promenades de bienvenue"}}
	practice := func(change func(*Node)) Node {
		n := Node{Kind: KindPractice, ID: "welcome-walks", Texts: map[string]Text{"name": name, "summary": name}, Props: map[string]any{}, Provenance: prov}
		if change != nil {
			change(&n)
		}
		return n
	}
	runBy := func(from, to Ref) Link { return Link{Type: RelRunBy, From: from, To: to, Provenance: prov} }
	self := Ref{Kind: KindPractice, ID: "welcome-walks"}
	lublin := Ref{Kind: KindCity, ID: "lublin"}
	tests := []struct {
		name string
		cs   Changeset
		want string // "" for valid, else a fragment of the error
	}{
		{"a complete create", Changeset{Creates: []Node{practice(nil)}}, ""},
		{"a create missing a required text", Changeset{Creates: []Node{practice(func(n *Node) { delete(n.Texts, "name") })}},
			"Practice:welcome-walks.name: missing (required text)"},
		{"a partial update", Changeset{Updates: []Node{practice(func(n *Node) { n.Texts = nil; n.Props = map[string]any{"startYear": int64(2024)} })}}, ""},
		{"an update removing a required field", Changeset{Updates: []Node{{Kind: KindPerson, ID: "ana", Props: map[string]any{"name": nil}, Provenance: prov}}},
			"Person:ana.name: missing (required string)"},
		{"an upsert with a bad id", Changeset{Upserts: []Node{practice(func(n *Node) { n.ID = "Welcome Walks" })}}, "is not a valid id"},
		{"an unknown kind", Changeset{Creates: []Node{{Kind: "Spaceship", ID: "x", Provenance: prov}}}, `unknown kind "Spaceship"`},
		{"a link list", Changeset{LinkSets: []LinkSet{{From: self, Type: RelRunBy, Links: []Link{runBy(self, lublin)}}}}, ""},
		{"a link list with a link from elsewhere", Changeset{LinkSets: []LinkSet{{From: self, Type: RelRunBy, Links: []Link{runBy(Ref{Kind: KindPractice, ID: "other"}, lublin)}}}},
			"a " + RelRunBy + " list holds only Practice:welcome-walks links"},
		{"a link list of a type the kind lacks", Changeset{LinkSets: []LinkSet{{From: self, Type: RelAwardedTo}}}, `no relationship "` + RelAwardedTo + `" from Practice`},
		{"a link without provenance", Changeset{Links: []Link{{Type: RelRunBy, From: self, To: lublin}}}, "provenance.section: missing: say where in the source the link comes from"},
		{"an unlink of an unknown type", Changeset{Unlinks: []Link{{Type: "LIKES", From: self, To: lublin}}}, `no relationship "LIKES" from Practice to City`},
		{"a delete of an unknown kind", Changeset{Deletes: []Ref{{Kind: "Spaceship", ID: "x"}}}, `unknown kind "Spaceship"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateChangeset(tt.cs)
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("err = %v, want valid", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("err = %v, want one saying %q", err, tt.want)
			case err != nil && ErrorCode(err) != EINVALID:
				t.Errorf("code = %s, want %s", ErrorCode(err), EINVALID)
			}
		})
	}
}

func TestChangesetRevisions(t *testing.T) {
	prov := Provenance{Source: "s", Section: "x"}
	name := Text{Orig: "en", Values: map[string]string{"en": "A", "fr": "A"}}
	p := Ref{Kind: KindPractice, ID: "p"}
	q := Ref{Kind: KindPractice, ID: "q"}
	city := Ref{Kind: KindCity, ID: "c"}
	tests := []struct {
		name string
		cs   Changeset
		want []Revision
	}{
		{"create with its lists",
			Changeset{Creates: []Node{{Kind: KindPractice, ID: "p", Texts: map[string]Text{"summary": name, "name": name}, Props: map[string]any{"startYear": int64(1)}}},
				LinkSets: []LinkSet{{From: p, Type: RelRunBy}, {From: p, Type: RelHasTheme}}},
			[]Revision{{Ref: p, Action: RevisionCreate, Fields: []string{RelHasTheme, RelRunBy, "name", "startYear", "summary"}}}},
		{"update of a list alone",
			Changeset{Updates: []Node{{Kind: KindPractice, ID: "p", Provenance: prov}}, LinkSets: []LinkSet{{From: p, Type: RelAdaptedFrom}}},
			[]Revision{{Ref: p, Action: RevisionUpdate, Fields: []string{RelAdaptedFrom}}}},
		{"a link and an unlink from two entities",
			Changeset{Links: []Link{{Type: RelSimilarTo, From: p, To: q}}, Unlinks: []Link{{Type: RelRunBy, From: q, To: city}}},
			[]Revision{{Ref: p, Action: RevisionLink, Fields: []string{RelSimilarTo}}, {Ref: q, Action: RevisionUnlink, Fields: []string{RelRunBy}}}},
		{"delete", Changeset{Deletes: []Ref{p}}, []Revision{{Ref: p, Action: RevisionDelete, Fields: []string{}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cs.Revisions(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestTextPrefer: the first language asked that the text has, else its original.
func TestTextPrefer(t *testing.T) {
	txt := Text{Orig: "fr", Values: map[string]string{"fr": "Visite", "en": "Tour", "es": " "}}
	for _, tt := range []struct {
		langs          []string
		want, wantLang string
	}{
		{[]string{"en"}, "Tour", "en"},
		{[]string{"es", "en"}, "Tour", "en"}, // blank counts as missing
		{[]string{"pt", "de"}, "Visite", "fr"},
		{nil, "Visite", "fr"},
		{[]string{""}, "Visite", "fr"},
	} {
		if got, lang := txt.Prefer(tt.langs...); got != tt.want || lang != tt.wantLang {
			t.Errorf("Prefer(%v) = %q, %s; want %q, %s", tt.langs, got, lang, tt.want, tt.wantLang)
		}
	}
}
