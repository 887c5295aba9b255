package graph

import "testing"

// TestEveryEnumValueHasLabels: each value of an enum field, of a kind or of a
// relationship, and each collaboration kind, has a label in the interface's five
// languages (the collaboration verbs, which the resolvers put in English or French
// sentences, in those two).
func TestEveryEnumValueHasLabels(t *testing.T) {
	check := func(owner, enum, value string) {
		l, ok := EnumLabel(enum, value)
		if !ok || l.EN == "" || l.FR == "" {
			t.Errorf("%s: %s %q has no label in both languages: %+v", owner, enum, value, l)
		} else if enum != EnumCollaborationVerb && (l.ES == "" || l.IT == "" || l.PT == "") {
			t.Errorf("%s: %s %q lacks a Spanish, Italian or Portuguese label: %+v", owner, enum, value, l)
		}
	}
	for _, k := range Kinds() {
		for _, f := range k.Fields {
			if f.Type != FieldEnum {
				continue
			}
			for _, v := range f.Values {
				check(string(k.Kind), f.Name, v)
			}
		}
	}
	for _, r := range Rels() {
		for _, f := range r.Fields {
			if f.Type != FieldEnum {
				continue
			}
			for _, v := range f.Values {
				check(r.Type, f.Name, v)
			}
		}
	}
	for _, k := range CollaborationKinds() {
		check("collaboration", EnumCollaborationKind, string(k))
		check("collaboration", EnumCollaborationVerb, string(k))
	}
	for _, k := range Kinds() {
		check("kind", EnumEntityKind, string(k.Kind))
	}
	if spec, ok := KindOf(KindAssessment); !ok {
		t.Error("no Assessment kind")
	} else if f, ok := spec.Field(FieldAssessmentKind); !ok || len(f.Values) == 0 {
		t.Error("Assessment has no enumerated kind field")
	} else {
		for _, v := range f.Values {
			check("assessment headings", EnumStatementKinds, v)
		}
	}
	for _, b := range SizeBands() {
		check("size band", EnumSizeBandCity, b)
		check("size band", EnumSizeBandCities, b)
	}
}

func TestLabelOf(t *testing.T) {
	tests := []struct{ enum, value, lang, want string }{
		{EnumSizeBandCity, "large", "fr", "une grande ville"},
		{EnumSizeBandCity, "large", "en", "a large city"},
		{"appliesToSizeBand", "small", "fr", "petite"},
		{"type", "study-visit", "fr", "visite d'étude"},
		{"type", "study-visit", "pl", "study visit"}, // English where French is not asked for
		{"type", "no-such-type", "fr", "no-such-type"},
		{EnumCollaborationKind, "GRANT", "fr", "subvention"},
		{"status", "active", "es", "en curso"},
		{"type", "meeting", "it", "riunione"},
		{EnumSizeBandCities, "small", "pt", "cidades pequenas"},
		{EnumCollaborationVerb, "GRANT", "es", "compartieron la subvención"},
		{EnumCollaborationVerb, "GRANT", "pl", "shared the grant"}, // English where a language has none
	}
	for _, tt := range tests {
		if got := LabelOf(tt.enum, tt.value, tt.lang); got != tt.want {
			t.Errorf("LabelOf(%q, %q, %q) = %q, want %q", tt.enum, tt.value, tt.lang, got, tt.want)
		}
	}
}
