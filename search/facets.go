package search

import (
	"strconv"

	"github.com/practicegraph/practicegraph/graph"
)

// Facet is one way to narrow and count search results. Its name is the key of Filters
// and of Result.Facets and the name of its keyword field in the index; the table below
// is the only place a facet is defined in this package.
type Facet struct {
	// Name is the facet's key in Filters and Result.Facets, and its index field.
	Name string
	// Plural names the facet in the GraphQL API (SearchFilter and SearchFacets fields).
	Plural string
	// Of is the kind of node the values are ids of, "" when they are plain values.
	Of graph.Kind
	// Numeric facets hold integers (years), filtered as numbers.
	Numeric bool
	// values returns a document's values of the facet.
	values func(x graph.Indexable) []string
	// check validates a filter value; nil accepts any.
	check func(v string) error
}

// facets is the facet table, in the order the API lists them.
var facets = []Facet{
	{Name: "kind", Plural: "kinds", values: func(x graph.Indexable) []string { return []string{string(x.Node.Kind)} },
		check: func(v string) error {
			if _, ok := graph.KindOf(graph.Kind(v)); !ok {
				return graph.Errorf(graph.EINVALID, "unknown kind %q", v)
			}
			return nil
		}},
	{Name: "type", Plural: "types", values: func(x graph.Indexable) []string {
		if x.Node.Kind == graph.KindAssessment {
			return []string{x.Node.String("kind")} // strength, obstacle…: what users filter assessments by
		}
		return []string{x.Node.String("type")}
	}},
	{Name: "country", Plural: "countries", Of: graph.KindCountry, values: func(x graph.Indexable) []string { return ids(x.Countries, nil) }},
	{Name: "city", Plural: "cities", Of: graph.KindCity, values: func(x graph.Indexable) []string { return ids(x.Cities, nil) }},
	// Principles and policy areas alike.
	{Name: "theme", Plural: "themes", Of: graph.KindTheme, values: func(x graph.Indexable) []string { return ids(x.Themes, nil) }},
	{Name: "principle", Plural: "principles", Of: graph.KindTheme, values: func(x graph.Indexable) []string {
		return ids(x.Themes, func(t graph.Node) bool { return t.String("type") == "principle" })
	}},
	{Name: "year", Plural: "years", Numeric: true, values: func(x graph.Indexable) []string {
		out := make([]string, 0, len(x.Years))
		for _, y := range x.Years {
			out = append(out, strconv.Itoa(y))
		}
		return out
	}, check: func(v string) error {
		if _, err := strconv.Atoi(v); err != nil {
			return graph.Errorf(graph.EINVALID, "year %q is not a number", v)
		}
		return nil
	}},
	// The languages the content exists in: the texts' languages and a publication's own.
	{Name: "language", Plural: "languages", values: func(x graph.Indexable) []string {
		langs := x.Node.Strings("languages")
		for _, f := range sortedKeys(x.Node.Texts) {
			langs = append(langs, x.Node.Texts[f].Langs()...)
		}
		return langs
	}, check: func(v string) error {
		if !graph.IsLanguage(v) {
			return graph.Errorf(graph.EINVALID, "unknown language %q", v)
		}
		return nil
	}},
}

// Facets returns the facets every search counts, in the order the API lists them.
func Facets() []Facet { return append([]Facet(nil), facets...) }

// FacetNamed returns the facet called name.
func FacetNamed(name string) (Facet, bool) {
	for _, f := range facets {
		if f.Name == name {
			return f, true
		}
	}
	return Facet{}, false
}

// Values returns the document's values of the facet, without repeats.
func (f Facet) Values(x graph.Indexable) []string { return dedupe(f.values(x)) }

// Filters restrict a search, by facet name (Facet.Name): values within a facet are
// alternatives; facets combine with each other and with the text as a conjunction.
type Filters map[string][]string

// check refuses an unknown facet or an invalid value.
func (fs Filters) check() error {
	for name, values := range fs {
		f, ok := FacetNamed(name)
		if !ok {
			return graph.Errorf(graph.EINVALID, "unknown search facet %q", name)
		}
		for _, v := range values {
			if f.check == nil {
				continue
			}
			if err := f.check(v); err != nil {
				return err
			}
		}
	}
	return nil
}

func ids(ns []graph.Node, keep func(graph.Node) bool) []string {
	var out []string
	for _, c := range ns {
		if keep == nil || keep(c) {
			out = append(out, c.ID)
		}
	}
	return out
}
