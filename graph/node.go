package graph

import (
	"sort"
	"strings"
)

// Text is a translatable text: one value per language, one of them the original.
type Text struct {
	Orig   string            // language of the original, e.g. "fr"
	Values map[string]string // text by ISO 639-1 language code
}

// IsZero reports whether the text has no value in any language.
func (t Text) IsZero() bool { return len(t.Values) == 0 }

// In returns the text in lang, falling back to the original; the second result is the
// language actually returned.
func (t Text) In(lang string) (string, string) {
	if v, ok := t.Values[lang]; ok && v != "" {
		return v, lang
	}
	return t.Values[t.Orig], t.Orig
}

// Prefer returns the text in the first of langs it exists in, else in its original
// language, with the language it is in.
func (t Text) Prefer(langs ...string) (string, string) {
	for _, l := range langs {
		if v := strings.TrimSpace(t.Values[l]); v != "" {
			return t.Values[l], l
		}
	}
	return t.Values[t.Orig], t.Orig
}

// Original returns the text in its original language.
func (t Text) Original() string { return t.Values[t.Orig] }

// Langs returns the languages the text is available in, original first then alphabetical.
func (t Text) Langs() []string {
	out := make([]string, 0, len(t.Values))
	for l := range t.Values {
		if l != t.Orig {
			out = append(out, l)
		}
	}
	sort.Strings(out)
	if _, ok := t.Values[t.Orig]; ok {
		out = append([]string{t.Orig}, out...)
	}
	return out
}

// Provenance says where a fact comes from: a Source node and the section within it.
type Provenance struct {
	Source  string // id of the Source node
	Section string // heading path within the source
}

// Ref identifies a node by kind and id.
type Ref struct {
	Kind Kind
	ID   string
}

// String returns "Kind:id".
func (r Ref) String() string { return string(r.Kind) + ":" + r.ID }

// Node is one entity of the graph with its typed properties.
type Node struct {
	Kind       Kind
	ID         string
	Texts      map[string]Text // Text fields by name
	Props      map[string]any  // other fields by name: string, int64, bool, []string
	Provenance Provenance
	// Version is the graph version of the last write that touched the node or its
	// relationships, as read; an update that sets it is refused if the node moved on.
	Version int64
}

// Ref returns the node's reference.
func (n Node) Ref() Ref { return Ref{Kind: n.Kind, ID: n.ID} }

// Text returns the named Text field, zero when absent.
func (n Node) Text(name string) Text { return n.Texts[name] }

// String returns the named plain string field, "" when absent.
func (n Node) String(name string) string {
	s, _ := n.Props[name].(string)
	return s
}

// StringPtr returns the named plain string field, nil when absent.
func (n Node) StringPtr(name string) *string {
	if s, ok := n.Props[name].(string); ok {
		return &s
	}
	return nil
}

// Int returns the named int field, nil when absent.
func (n Node) Int(name string) *int {
	switch v := n.Props[name].(type) {
	case int64:
		i := int(v)
		return &i
	case int:
		return &v
	}
	return nil
}

// Bool returns the named bool field, nil when absent.
func (n Node) Bool(name string) *bool {
	if b, ok := n.Props[name].(bool); ok {
		return &b
	}
	return nil
}

// Strings returns the named list field, nil when absent.
func (n Node) Strings(name string) []string {
	switch v := n.Props[name].(type) {
	case []string:
		return v
	case []any:
		out := make([]string, 0, len(v))
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// Label returns a display name for the node: its name or title in lang, else its id.
func (n Node) Label(lang string) string {
	for _, f := range []string{"name", "title", "statement"} {
		if t, ok := n.Texts[f]; ok {
			v, _ := t.In(lang)
			return v
		}
	}
	if s := n.String("name"); s != "" {
		return s
	}
	return n.ID
}

// Link is a relationship from one node to another with its properties.
type Link struct {
	Type       string
	From       Ref
	To         Ref
	Texts      map[string]Text
	Props      map[string]any
	Provenance Provenance
}

// Slug turns a name into an id: lower case ASCII letters, digits and dashes, accents
// folded (Fold), so "Plzeň" gives "plzen".
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range Fold(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// IsSlug reports whether s is a valid id: 1 to 120 characters of a-z, 0-9 and
// single dashes, not starting or ending with a dash.
func IsSlug(s string) bool {
	if s == "" || len(s) > 120 || s[0] == '-' || s[len(s)-1] == '-' || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
