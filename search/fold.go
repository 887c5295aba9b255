package search

import (
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// foldFilterName folds accents token by token. bleve's asciifolding is a char filter:
// it shortens the text before tokenising, which shifts every offset after an accent
// and puts highlight marks in the wrong place.
const foldFilterName = "pg_fold"

type foldFilter struct{}

func (foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		t.Term = []byte(foldAccents(string(t.Term)))
	}
	return in
}

func init() {
	err := registry.RegisterTokenFilter(foldFilterName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter{}, nil
	})
	if err != nil {
		panic(err)
	}
}

// foldAccents lowers and strips the diacritics of the Latin letters of Europe's languages.
func foldAccents(s string) string { return accentFold.Replace(strings.ToLower(s)) }

// foldSortKey makes a label sort the way a reader expects: case and accents ignored.
func foldSortKey(s string) string { return foldAccents(s) }

var accentFold = strings.NewReplacer(
	"à", "a", "á", "a", "â", "a", "ä", "a", "ã", "a", "å", "a", "ą", "a", "ā", "a",
	"ç", "c", "ć", "c", "č", "c", "ď", "d", "đ", "d",
	"è", "e", "é", "e", "ê", "e", "ë", "e", "ę", "e", "ě", "e", "ē", "e", "ė", "e",
	"ì", "i", "í", "i", "î", "i", "ï", "i", "ī", "i", "į", "i", "ģ", "g", "ķ", "k", "ļ", "l", "ņ", "n",
	"ł", "l", "ñ", "n", "ń", "n", "ň", "n", "ř", "r",
	"ò", "o", "ó", "o", "ô", "o", "ö", "o", "õ", "o", "ø", "o", "ő", "o",
	"ś", "s", "š", "s", "ș", "s", "ş", "s", "ť", "t", "ț", "t", "ţ", "t",
	"ù", "u", "ú", "u", "û", "u", "ü", "u", "ů", "u", "ű", "u", "ū", "u", "ų", "u",
	"ý", "y", "ÿ", "y", "ź", "z", "ż", "z", "ž", "z", "ß", "ss", "æ", "ae", "œ", "oe",
)
