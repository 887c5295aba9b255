package search

import (
	"context"
	"strings"

	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/practicegraph/practicegraph/graph"
)

// Bounds of an advanced query's cost. A wildcard, regular expression, fuzzy or prefix
// term walks the field's dictionary and becomes one term search per word it matches,
// so a few hundred of them ("a* a* a* …") tie a core up for seconds.
const (
	// MaxExpensiveTerms bounds the wildcard, regular-expression, fuzzy and prefix terms
	// of one advanced query.
	MaxExpensiveTerms = 10
	// MaxExpandedTerms bounds the words one advanced query searches once its patterns
	// are expanded, all terms together: Lucene's default maxClauseCount.
	MaxExpandedTerms = 1024
)

// checkCost refuses an advanced query with more expensive terms than MaxExpensiveTerms.
func checkCost(q query.Query) error {
	if n := expensiveTerms(q); n > MaxExpensiveTerms {
		return graph.Errorf(graph.EINVALID, "query has %d wildcard, regular-expression, fuzzy or prefix terms; at most %d are allowed", n, MaxExpensiveTerms)
	}
	return nil
}

// expensiveTerms counts the terms of q that expand through the dictionary.
func expensiveTerms(q query.Query) int {
	switch q := q.(type) {
	case *query.WildcardQuery, *query.RegexpQuery, *query.FuzzyQuery, *query.PrefixQuery:
		return 1
	case *query.MatchQuery:
		if q.Fuzziness > 0 {
			return 1
		}
	case *query.BooleanQuery:
		n := 0
		for _, c := range []query.Query{q.Must, q.Should, q.MustNot, q.Filter} {
			if c != nil {
				n += expensiveTerms(c)
			}
		}
		return n
	case *query.ConjunctionQuery:
		n := 0
		for _, c := range q.Conjuncts {
			n += expensiveTerms(c)
		}
		return n
	case *query.DisjunctionQuery:
		n := 0
		for _, c := range q.Disjuncts {
			n += expensiveTerms(c)
		}
		return n
	}
	return 0
}

// withExpansionLimit makes bleve fail a search that would open more than
// MaxExpandedTerms term searches, before it reads any posting list.
func withExpansionLimit(ctx context.Context) context.Context {
	return context.WithValue(ctx, blevesearch.MaxTermSearchersKey, MaxExpandedTerms)
}

// isExpansionLimit reports whether err is bleve's refusal by withExpansionLimit. bleve
// returns it as a plain formatted error, so its text is all there is to go on.
func isExpansionLimit(err error) bool {
	return err != nil && strings.Contains(err.Error(), "TooManyTermSearchers")
}

// expansionLimitError is the client's answer to a query isExpansionLimit refused.
func expansionLimitError(err error) error {
	return graph.Wrap(graph.EINVALID, err, "query matches more than %d words once its wildcards and fuzzy terms are expanded; make the patterns more specific", MaxExpandedTerms)
}
