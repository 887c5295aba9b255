package graph

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"
)

// FieldProblem is one thing wrong with one field of an entity or a relationship.
type FieldProblem struct {
	Field string
	Msg   string
}

// FieldProblems is every problem of one write; it is an EINVALID error.
type FieldProblems []FieldProblem

// Error lists the problems as "field: message; …".
func (ps FieldProblems) Error() string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.Field + ": " + p.Msg
	}
	return strings.Join(parts, "; ")
}

// ErrorCode says the problems are the caller's input to fix.
func (ps FieldProblems) ErrorCode() string { return EINVALID }

var dateRe = regexp.MustCompile(`^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$`)

// CheckText says what is wrong with a text, "" when nothing: it needs its original
// language and its value in it; other languages are optional, since sources come in one
// language and nothing is invented to fill a missing translation. Every language given
// must be known and its value not blank.
func CheckText(t Text) string {
	langs := make([]string, 0, len(t.Values))
	for l := range t.Values {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	for _, l := range langs {
		if !IsLanguage(l) {
			return fmt.Sprintf("unknown language %q (known: %s)", l, strings.Join(Languages, ", "))
		}
		if strings.TrimSpace(t.Values[l]) == "" {
			return fmt.Sprintf("the %s text must not be empty", l)
		}
	}
	switch {
	case t.Orig == "":
		return "missing orig: say which language is the original"
	case !IsLanguage(t.Orig):
		return fmt.Sprintf("unknown original language %q", t.Orig)
	case t.Values[t.Orig] == "":
		return fmt.Sprintf("the original (%s) text is missing", t.Orig)
	}
	return ""
}

// CheckValue says what is wrong with a plain value for a field, "" when nothing. Values
// are string, int64, bool or []string as the field's type says.
func CheckValue(f FieldSpec, v any) string {
	switch f.Type {
	case FieldString:
		s, ok := v.(string)
		if !ok || strings.TrimSpace(s) == "" {
			return "want a non-empty string"
		}
		if isURLField(f.Name) && !isWebAddress(s) {
			// Pages link to it: only a web address may become an href.
			return fmt.Sprintf("want an http or https address, got %q", s)
		}
	case FieldInt:
		switch v.(type) {
		case int64, int: // the driver stores both as a Neo4j integer
		default:
			return "want a whole number"
		}
	case FieldBool:
		if _, ok := v.(bool); !ok {
			return "want true or false"
		}
	case FieldDate:
		if s, ok := v.(string); !ok || !dateRe.MatchString(s) {
			return fmt.Sprintf("want a date YYYY-MM-DD, YYYY-MM or YYYY, got %v", v)
		}
	case FieldEnum:
		s, _ := v.(string)
		for _, x := range f.Values {
			if x == s {
				return ""
			}
		}
		return fmt.Sprintf("want one of %s, got %q", strings.Join(f.Values, ", "), s)
	case FieldStrings:
		list, ok := v.([]string)
		if !ok {
			return "want a list of strings"
		}
		for _, s := range list {
			if strings.TrimSpace(s) == "" {
				return "want a list of non-empty strings"
			}
		}
	case FieldText:
		return "a text is not a plain value"
	}
	return ""
}

// Validate checks a node against its kind: its id, its provenance, each field's type
// and, when complete is true, that every required field is there (when false, that no
// required field is being removed).
func Validate(n Node, complete bool) FieldProblems {
	var ps FieldProblems
	spec, ok := KindOf(n.Kind)
	if !ok {
		return FieldProblems{{Field: "kind", Msg: fmt.Sprintf("unknown kind %q", n.Kind)}}
	}
	if n.ID == "" {
		ps = append(ps, FieldProblem{"id", "missing"})
	} else if !IsSlug(n.ID) {
		ps = append(ps, FieldProblem{"id", fmt.Sprintf("%q is not a valid id: use lower-case letters, digits and single dashes, e.g. %q", n.ID, Slug(n.ID))})
	}
	if n.Provenance.Source == "" {
		ps = append(ps, FieldProblem{"provenance.source", "missing: say which source the facts come from"})
	}
	if strings.TrimSpace(n.Provenance.Section) == "" {
		ps = append(ps, FieldProblem{"provenance.section", "missing: say where in the source the facts come from"})
	}
	for _, f := range spec.Fields {
		t, hasText := n.Texts[f.Name]
		v, hasValue := n.Props[f.Name]
		switch {
		case f.Type == FieldText && hasText:
			if msg := CheckText(t); msg != "" {
				ps = append(ps, FieldProblem{f.Name, msg})
			}
		case f.Type != FieldText && hasValue && v != nil:
			if msg := CheckValue(f, v); msg != "" {
				ps = append(ps, FieldProblem{f.Name, msg})
			}
		case f.Required && (complete || hasValue):
			// A partial write may leave a field alone, never remove a required one.
			ps = append(ps, FieldProblem{f.Name, fmt.Sprintf("missing (required %s)", f.Type)})
		}
	}
	for name := range n.Texts {
		if f, ok := spec.Field(name); !ok || f.Type != FieldText {
			ps = append(ps, FieldProblem{name, fmt.Sprintf("%s has no text field %q", n.Kind, name)})
		}
	}
	for name := range n.Props {
		if f, ok := spec.Field(name); !ok || f.Type == FieldText {
			ps = append(ps, FieldProblem{name, fmt.Sprintf("%s has no field %q", n.Kind, name)})
		}
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Field < ps[j].Field })
	return ps
}

// ValidateLink checks a link's type between its two kinds and its properties.
func ValidateLink(l Link) FieldProblems {
	spec, ok := RelOf(l.From.Kind, l.Type)
	if !ok || spec.To != l.To.Kind {
		return FieldProblems{{Field: "type", Msg: fmt.Sprintf("no relationship %q from %s to %s", l.Type, l.From.Kind, l.To.Kind)}}
	}
	if l.From == l.To {
		// No relationship of the graph links an entity to itself (a practice adapted
		// from itself, a body part of itself): such a link is a mistake in the input.
		return FieldProblems{{Field: "to", Msg: fmt.Sprintf("%s %q cannot be %s itself", l.From.Kind, l.From.ID, l.Type)}}
	}
	var ps FieldProblems
	for name, t := range l.Texts {
		f, ok := spec.Field(name)
		switch {
		case !ok || f.Type != FieldText:
			ps = append(ps, FieldProblem{name, fmt.Sprintf("%s has no property %q", l.Type, name)})
		default:
			if msg := CheckText(t); msg != "" {
				ps = append(ps, FieldProblem{name, msg})
			}
		}
	}
	for name, v := range l.Props {
		f, ok := spec.Field(name)
		switch {
		case !ok || f.Type == FieldText:
			ps = append(ps, FieldProblem{name, fmt.Sprintf("%s has no property %q", l.Type, name)})
		default:
			if msg := CheckValue(f, v); msg != "" {
				ps = append(ps, FieldProblem{name, msg})
			}
		}
	}
	if l.Provenance.Source == "" {
		ps = append(ps, FieldProblem{"provenance.source", "missing: say which source the link comes from"})
	}
	if strings.TrimSpace(l.Provenance.Section) == "" {
		ps = append(ps, FieldProblem{"provenance.section", "missing: say where in the source the link comes from"})
	}
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].Field < ps[j].Field })
	return ps
}

// ValidateChangeset checks every node and link of a changeset with Validate and
// ValidateLink, the same rules and messages editors and imports see. Each problem's
// field is prefixed with the node or link it belongs to. It returns nil or
// FieldProblems (an EINVALID error).
func ValidateChangeset(cs Changeset) error {
	var ps FieldProblems
	add := func(prefix string, list FieldProblems) {
		for _, p := range list {
			ps = append(ps, FieldProblem{Field: prefix + "." + p.Field, Msg: p.Msg})
		}
	}
	for _, n := range cs.Creates {
		add(n.Ref().String(), Validate(n, true))
	}
	for _, n := range cs.Upserts {
		add(n.Ref().String(), Validate(n, true))
	}
	for _, n := range cs.Updates {
		add(n.Ref().String(), Validate(n, false))
	}
	links := append([]Link(nil), cs.Links...)
	for _, set := range cs.LinkSets {
		spec, ok := RelOf(set.From.Kind, set.Type)
		if !ok {
			add(set.From.String(), FieldProblems{{Field: "type", Msg: fmt.Sprintf("no relationship %q from %s", set.Type, set.From.Kind)}})
			continue
		}
		for _, l := range set.Links {
			if l.From != set.From || l.Type != set.Type || l.To.Kind != spec.To {
				add(set.From.String(), FieldProblems{{Field: strings.ToLower(set.Type), Msg: fmt.Sprintf("a %s list holds only %s links to a %s", set.Type, set.From, spec.To)}})
				continue
			}
			links = append(links, l)
		}
	}
	for _, l := range links {
		add(linkName(l), ValidateLink(l))
	}
	for _, l := range cs.Unlinks {
		if spec, ok := RelOf(l.From.Kind, l.Type); !ok || spec.To != l.To.Kind {
			add(linkName(l), FieldProblems{{Field: "type", Msg: fmt.Sprintf("no relationship %q from %s to %s", l.Type, l.From.Kind, l.To.Kind)}})
		}
	}
	for _, r := range cs.Deletes {
		if _, ok := KindOf(r.Kind); !ok {
			add(r.String(), FieldProblems{{Field: "kind", Msg: fmt.Sprintf("unknown kind %q", r.Kind)}})
		}
	}
	if len(ps) > 0 {
		return ps
	}
	return nil
}

func linkName(l Link) string { return l.From.String() + "-" + l.Type + "->" + l.To.String() }

// isURLField reports whether a field holds a web address (url, licenceUrl…).
func isURLField(name string) bool {
	return name == "url" || strings.HasSuffix(name, "Url")
}

// isWebAddress reports whether s is an absolute http or https address with a host.
func isWebAddress(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
