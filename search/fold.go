package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/practicegraph/practicegraph/graph"
)

// foldFilterName folds accents token by token. bleve's asciifolding is a char filter:
// it shortens the text before tokenising, which shifts every offset after an accent
// and puts highlight marks in the wrong place.
const foldFilterName = "pg_fold"

type foldFilter struct{}

func (foldFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		t.Term = []byte(graph.Fold(string(t.Term)))
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

// foldSortKey makes a label sort the way a reader expects: case and accents ignored.
func foldSortKey(s string) string { return graph.Fold(s) }
