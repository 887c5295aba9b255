package search

import (
	"sort"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"

	// Language analyzers register themselves under their ISO code. bleve has them all,
	// Polish included (stempel stemmer and a Polish stop list).
	_ "github.com/blevesearch/bleve/v2/analysis/lang/de"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/en"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/es"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/fr"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/it"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/pl"
	_ "github.com/blevesearch/bleve/v2/analysis/lang/pt"

	"github.com/practicegraph/practicegraph/graph"
)

// Field names of a search document. Each name has one analyzer whatever the kind.
const (
	FieldName      = "name"      // names, titles, aliases, acronyms: folded, not stemmed
	FieldKind      = "kind"      // graph.Kind
	FieldType      = "type"      // the node's type enum; an assessment's kind
	FieldCity      = "city"      // city ids
	FieldCountry   = "country"   // country ids
	FieldTheme     = "theme"     // theme ids, principles and policy areas
	FieldPrinciple = "principle" // theme ids of the principles only
	FieldYear      = "year"      // numeric, for filters
	FieldLang      = "lang"      // languages the content exists in
	fieldYearTerm  = "year_term" // the year as a keyword, for the year facet
	fieldSortName  = "sort_name" // folded English label, for browse order
)

// textField returns the field holding the texts of a node in lang, e.g. "text_fr".
func textField(lang string) string { return "text_" + lang }

// nameAnalyzer tokenises proper names without stemming and folds accents, so
// "Valencia" finds "València" and acronyms stay whole words.
const nameAnalyzer = "pg_name"

// facetFields are the facets every search returns, by Result.Facets key.
var facetFields = map[string]string{
	"kind": FieldKind, "type": FieldType, "city": FieldCity, "country": FieldCountry,
	"theme": FieldTheme, "principle": FieldPrinciple, "year": fieldYearTerm, "lang": FieldLang,
}

func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	err := m.AddCustomAnalyzer(nameAnalyzer, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{lowercase.Name, foldFilterName},
	})
	if err != nil {
		return nil, err
	}
	m.DefaultAnalyzer = nameAnalyzer
	// Every kind gets the same document mapping: one analyzer per field name by construction,
	// and no dynamic fields, so an unexpected property cannot create a field with another analyzer.
	for _, spec := range graph.Kinds() {
		if spec.Searchable {
			m.AddDocumentMapping(string(spec.Kind), documentMapping())
		}
	}
	m.DefaultMapping = documentMapping()
	m.TypeField = "_kind"
	// Unqualified terms of the advanced syntax match names; there is no _all field.
	m.DefaultField = FieldName
	return m, nil
}

func documentMapping() *mapping.DocumentMapping {
	dm := bleve.NewDocumentStaticMapping()
	text := func(analyzer string) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analyzer
		f.Store = true // the highlighter reads the stored text
		f.IncludeTermVectors = true
		f.IncludeInAll = false
		return f
	}
	kw := func() *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Store = false
		f.IncludeInAll = false
		f.IncludeTermVectors = false
		return f
	}
	for _, l := range graph.SearchLanguages {
		dm.AddFieldMappingsAt(textField(l), text(l))
	}
	dm.AddFieldMappingsAt(FieldName, text(nameAnalyzer))
	for _, f := range []string{FieldKind, FieldType, FieldCity, FieldCountry, FieldTheme, FieldPrinciple, FieldLang, fieldYearTerm, fieldSortName} {
		dm.AddFieldMappingsAt(f, kw())
	}
	year := bleve.NewNumericFieldMapping()
	year.Store = false
	year.IncludeInAll = false
	dm.AddFieldMappingsAt(FieldYear, year)
	return dm
}

// newDocument turns an Indexable into bleve's document: every text field of the node
// goes to the field of each language it is written in, original and translations.
func newDocument(x graph.Indexable) map[string]interface{} {
	n := x.Node
	doc := map[string]interface{}{
		"_kind":   string(n.Kind),
		FieldKind: string(n.Kind),
	}
	typ := n.String("type")
	if n.Kind == graph.KindAssessment {
		typ = n.String("kind") // strength, obstacle…: the facet users filter assessments by
	}
	if typ != "" {
		doc[FieldType] = typ
	}

	var names []string
	for _, f := range []string{"name", "title"} {
		if t, ok := n.Texts[f]; ok {
			for _, l := range t.Langs() {
				names = append(names, t.Values[l])
			}
		}
	}
	for _, f := range []string{"name", "acronym"} {
		if s := n.String(f); s != "" {
			names = append(names, s)
		}
	}
	names = append(names, n.Strings("aliases")...)
	if len(names) > 0 {
		doc[FieldName] = dedupe(names)
	}

	langs := n.Strings("languages")
	texts := map[string][]string{}
	for _, f := range sortedKeys(n.Texts) {
		t := n.Texts[f]
		for _, l := range t.Langs() {
			langs = append(langs, l)
			if v := strings.TrimSpace(t.Values[l]); v != "" && isSearchLanguage(l) {
				texts[l] = append(texts[l], v)
			}
		}
	}
	for l, vs := range texts {
		doc[textField(l)] = vs
	}
	if len(langs) > 0 {
		doc[FieldLang] = dedupe(langs)
	}

	ids := func(ns []graph.Node, keep func(graph.Node) bool) []string {
		var out []string
		for _, c := range ns {
			if keep == nil || keep(c) {
				out = append(out, c.ID)
			}
		}
		return dedupe(out)
	}
	if v := ids(x.Cities, nil); len(v) > 0 {
		doc[FieldCity] = v
	}
	if v := ids(x.Countries, nil); len(v) > 0 {
		doc[FieldCountry] = v
	}
	if v := ids(x.Themes, nil); len(v) > 0 {
		doc[FieldTheme] = v
	}
	if v := ids(x.Themes, func(t graph.Node) bool { return t.String("type") == "principle" }); len(v) > 0 {
		doc[FieldPrinciple] = v
	}
	if len(x.Years) > 0 {
		years := make([]float64, 0, len(x.Years))
		terms := make([]string, 0, len(x.Years))
		for _, y := range x.Years {
			years = append(years, float64(y))
			terms = append(terms, strconv.Itoa(y))
		}
		doc[FieldYear] = years
		doc[fieldYearTerm] = dedupe(terms)
	}
	doc[fieldSortName] = foldSortKey(n.Label("en"))
	return doc
}

func isSearchLanguage(l string) bool {
	for _, s := range graph.SearchLanguages {
		if s == l {
			return true
		}
	}
	return false
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// dedupe removes repeated values, keeping the first occurrence's order.
func dedupe(vs []string) []string {
	seen := make(map[string]bool, len(vs))
	out := vs[:0:0]
	for _, v := range vs {
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
