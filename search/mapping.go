package search

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/lang/es"
	"github.com/blevesearch/bleve/v2/analysis/lang/fr"
	"github.com/blevesearch/bleve/v2/analysis/lang/it"
	"github.com/blevesearch/bleve/v2/analysis/lang/pl"
	"github.com/blevesearch/bleve/v2/analysis/lang/pt"
	"github.com/blevesearch/bleve/v2/analysis/token/length"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/practicegraph/practicegraph/graph"
)

// Field names of a search document besides the facets' (each facet's field is its
// Name). Each name has one analyzer whatever the kind.
const (
	FieldName    = "name"     // names, titles, aliases, acronyms: folded, not stemmed
	fieldSortKey = "sort_key" // kind, folded English label and id: browse order and tie-break
	fieldFacets  = "facets"   // every facet value of the node as "facet=value"
	fieldKind    = "kind"     // the kind facet's field, which ranking boosts practices by
	fieldPlaces  = "places"   // names of the node's cities and countries, in every language
)

// textField returns the field holding the texts of a node in lang, e.g. "text_fr".
func textField(lang string) string { return "text_" + lang }

// textAnalyzer names the analyzer of the texts in lang, e.g. "pg_text_fr".
func textAnalyzer(lang string) string { return "pg_text_" + lang }

// nameAnalyzer tokenises proper names without stemming and folds accents, so
// "Valencia" finds "València" and acronyms stay whole words.
const nameAnalyzer = "pg_name"

// wordsAnalyzer reads the vocabulary of "did you mean" as nameAnalyzer does, keeping
// only words of four letters or more: DidYouMean corrects words of five or more, and
// a correction is at most one letter shorter.
const wordsAnalyzer = "pg_vocabulary"

// minVocabularyRunes is the shortest word wordsAnalyzer keeps.
const minVocabularyRunes = fuzzyMinRunes - 1

// textFilters are the token filters of bleve's analyzer of each language, in its order:
// the index analyses as that analyzer does, through memoAnalyzer.
var textFilters = map[string][]string{
	"fr": {lowercase.Name, fr.ElisionName, fr.StopName, fr.LightStemmerName},
	"en": {en.PossessiveName, lowercase.Name, en.StopName, porter.Name},
	"es": {lowercase.Name, es.StopName, es.NormalizeName, es.LightStemmerName},
	"it": {lowercase.Name, it.ElisionName, it.StopName, it.LightStemmerName},
	"pl": {lowercase.Name, pl.StopName, pl.SnowballStemmerName},
	"de": {lowercase.Name, de.StopName, de.NormalizeName, de.LightStemmerName},
	"pt": {lowercase.Name, pt.StopName, pt.LightStemmerName},
}

// mappingGeneration changes whenever the mapping or the documents' fields do: an index
// built with another is emptied on Open and rebuilt from the graph.
const mappingGeneration = "5"

// facetSep separates a facet's name from its value in fieldFacets. Counting facets means
// reading the values of every hit from bleve's doc values, field by field: one field
// holding all of them is read once per hit instead of once per facet.
const facetSep = "="

// minVocabularyFilter drops the words wordsAnalyzer leaves out.
const minVocabularyFilter = "pg_min_vocabulary"

func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	err := m.AddCustomTokenFilter(minVocabularyFilter, map[string]interface{}{
		"type": length.Name,
		"min":  float64(minVocabularyRunes),
	})
	if err != nil {
		return nil, err
	}
	analyzers := map[string][]string{
		nameAnalyzer:  {lowercase.Name, foldFilterName},
		wordsAnalyzer: {lowercase.Name, foldFilterName, minVocabularyFilter},
	}
	for _, l := range graph.SearchLanguages {
		fs, ok := textFilters[l]
		if !ok {
			return nil, fmt.Errorf("search: no analysis for search language %q", l)
		}
		analyzers[textAnalyzer(l)] = fs
	}
	for name, filters := range analyzers {
		err := m.AddCustomAnalyzer(name, map[string]interface{}{
			"type":          memoAnalyzerType,
			"tokenizer":     wordTokenizerName,
			"token_filters": filters,
		})
		if err != nil {
			return nil, err
		}
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
		f.Store = true              // the highlighter reads the stored text
		f.IncludeTermVectors = true // positions, for phrases and highlighting
		f.IncludeInAll = false
		f.DocValues = false // nothing sorts or counts facets on text
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
		dm.AddFieldMappingsAt(textField(l), text(textAnalyzer(l)))
	}
	dm.AddFieldMappingsAt(FieldName, text(nameAnalyzer))
	places := text(nameAnalyzer)
	places.Store = false
	places.IncludeTermVectors = false
	dm.AddFieldMappingsAt(fieldPlaces, places)
	// The vocabulary of "did you mean": looked up word by word, never searched or shown.
	words := text(wordsAnalyzer)
	words.Store = false
	words.IncludeTermVectors = false
	words.SkipFreqNorm = true // only the dictionary and each word's document count are read
	dm.AddFieldMappingsAt(fieldWords, words)
	// Filters only search these; doc values, which sorting and facets read, are kept
	// for the fields that need them.
	for _, f := range facets {
		if f.Numeric {
			n := bleve.NewNumericFieldMapping()
			n.Store = false
			n.IncludeInAll = false
			n.DocValues = false
			dm.AddFieldMappingsAt(f.Name, n)
			continue
		}
		k := kw()
		k.DocValues = false
		dm.AddFieldMappingsAt(f.Name, k)
	}
	// Read from their doc values only, never scored.
	unscored := func() *mapping.FieldMapping {
		f := kw()
		f.SkipFreqNorm = true
		return f
	}
	dm.AddFieldMappingsAt(fieldFacets, unscored())
	dm.AddFieldMappingsAt(fieldSortKey, unscored()) // bleve writes doc values of indexed fields only
	// No field goes into bleve's catch-all _all field (unqualified terms search names),
	// but bleve still builds it for every document unless it is disabled.
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	return dm
}

// newDocument turns an Indexable into bleve's document: every text field of the node
// goes to the field of each language it is written in, original and translations.
func newDocument(x graph.Indexable) map[string]interface{} {
	n := x.Node
	doc := map[string]interface{}{"_kind": string(n.Kind)}
	var facetTerms []string
	for _, f := range facets {
		vs := f.Values(x)
		if len(vs) == 0 {
			continue
		}
		for _, v := range vs {
			facetTerms = append(facetTerms, f.Name+facetSep+v)
		}
		if !f.Numeric {
			doc[f.Name] = vs
			continue
		}
		nums := make([]float64, 0, len(vs))
		for _, v := range vs {
			if i, err := strconv.Atoi(v); err == nil {
				nums = append(nums, float64(i))
			}
		}
		doc[f.Name] = nums
	}
	doc[fieldFacets] = facetTerms
	doc[fieldSortKey] = sortKey(n)

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
	var places []string
	for _, p := range append(append([]graph.Node(nil), x.Cities...), x.Countries...) {
		if t, ok := p.Texts["name"]; ok {
			for _, l := range t.Langs() {
				places = append(places, t.Values[l])
			}
		}
		places = append(places, p.Strings("aliases")...)
	}
	if len(places) > 0 {
		doc[fieldPlaces] = dedupe(places)
	}

	texts := map[string][]string{}
	var words []string
	for _, f := range sortedKeys(n.Texts) {
		t := n.Texts[f]
		for _, l := range t.Langs() {
			if v := strings.TrimSpace(t.Values[l]); v != "" && isSearchLanguage(l) {
				texts[l] = append(texts[l], v)
				words = append(words, v)
			}
		}
	}
	if len(words) > 0 {
		// One value rather than one per text: the field keeps no positions, and bleve
		// analyses and merges each value of a field apart.
		doc[fieldWords] = strings.Join(words, "\n")
	}
	for l, vs := range texts {
		doc[textField(l)] = vs
	}
	return doc
}

// sortKeySep separates the parts of a sort key; it sorts before any character of a label.
const sortKeySep = "\x00"

// browseOrder is the order in which kinds come when browsing without words: what
// coordinators come for (practices), then where and how (cities, grants, projects…),
// and the peer assessment statements, which their practice's page shows, last.
var browseOrder = []graph.Kind{
	graph.KindPractice, graph.KindCity, graph.KindGrant, graph.KindProject, graph.KindOrganisation,
	graph.KindEvent, graph.KindPublication, graph.KindNetwork, graph.KindPerson, graph.KindTheme,
	graph.KindCountry, graph.KindIndexReport, graph.KindSource, graph.KindAssessment,
}

// browseRank is the kind's place in browseOrder as two digits; a kind not listed comes
// last.
func browseRank(k graph.Kind) string {
	for i, b := range browseOrder {
		if b == k {
			return fmt.Sprintf("%02d", i)
		}
	}
	return "90"
}

// sortKey orders documents by kind (in browseOrder), then English label (case and
// accents ignored), then id. It is unique, so it also breaks ties between equal scores,
// and it is one doc value: bleve reads it for each hit far faster than the document's
// id, which it would have to fetch from the stored fields to sort on _id.
func sortKey(n graph.Node) string {
	return browseRank(n.Kind) + string(n.Kind) + sortKeySep + foldSortKey(n.Label("en")) + sortKeySep + n.ID
}

// docIDOfSortKey returns the id of the document whose sort key is k (docID of its kind,
// after the browse rank, and of its id, after the last separator: ids hold none).
func docIDOfSortKey(k string) (string, bool) {
	if len(k) < 2 {
		return "", false
	}
	kind, rest, ok := strings.Cut(k[2:], sortKeySep)
	i := strings.LastIndex(rest, sortKeySep)
	if !ok || kind == "" || i < 0 || i == len(rest)-1 {
		return "", false
	}
	return docID(graph.Ref{Kind: graph.Kind(kind), ID: rest[i+1:]}), true
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
