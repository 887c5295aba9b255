package search

import (
	"context"
	"sort"

	"github.com/blevesearch/bleve/v2/mapping"
	blevesearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// maxTypoTerms bounds the words one typo-tolerant clause expands to, closest first, so a
// short word in a large vocabulary does not turn into a disjunction of hundreds of terms.
// 50 is Lucene's default for the same setting (max_expansions).
const maxTypoTerms = 50

// typoQuery matches the words of a field within fuzziness edits of term. bleve's fuzzy
// query includes the exact word, which the plain match clause of the same field already
// scores: in a text field that walks a common word's long posting list a second time for
// a small bonus, so typoQuery leaves it out unless exact says otherwise.
//
// In a text field (exact false) it matches nothing when the query's word is a word of the
// texts: term is a stem of the field, or the word, unstemmed, is in the texts' vocabulary
// (spelling). A word the texts hold is spelt as they spell it, in one language at least,
// and widening it to its neighbours floods a rare word ("malimo") with the hits of every
// word one edit away (thousands, where
// Lucene finds the word's own dozens), at the price of walking the dictionary and a
// disjunction of up to maxTypoTerms posting lists. Names (exact true) stay tolerant: their
// posting lists are short, and a neighbour there is often the same name in another
// language ("immigration", "inmigración").
type typoQuery struct {
	term      string
	field     string
	fuzziness int
	boost     float64
	// exact keeps the exact word: names are short fields with short posting lists, and
	// the bonus is what puts an exact name, such as an acronym, above texts citing it.
	exact bool
	// spelling is the query's word as the texts' vocabulary (fieldWords) holds words,
	// folded and unstemmed, or ""; when the vocabulary holds it, the word is spelt right
	// in some language and term is not widened (text fields only). An English word such as
	// "intercultural" is otherwise widened in the French field to its French neighbours
	// ("interculturel"), walking their long posting lists for documents its English
	// texts already match. The unstemmed word, not another field's stem: the French
	// stemmer makes the English typo "adress" the stem of "adresse", which must not stop
	// it being corrected to "address" in English.
	spelling string
}

// Searcher implements bleve's query.Query.
func (q typoQuery) Searcher(ctx context.Context, r index.IndexReader, _ mapping.IndexMapping, opts blevesearch.SearcherOptions) (blevesearch.Searcher, error) {
	fr, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return searcher.NewFuzzySearcher(ctx, r, q.term, 0, q.fuzziness, q.field, q.boost, opts)
	}
	if !q.exact {
		known, err := hasTerm(ctx, r, q.field, q.term)
		if err == nil && !known && q.spelling != "" {
			known, err = hasTerm(ctx, r, fieldWords, q.spelling)
		}
		if err != nil {
			return nil, err
		}
		if known {
			return searcher.NewMatchNoneSearcher(r)
		}
	}
	dict, _, err := fr.FieldDictFuzzyAutomaton(q.field, q.term, q.fuzziness, "")
	if err != nil {
		return nil, err
	}
	type cand struct {
		term string
		dist uint8
	}
	var cands []cand
	e, err := dict.Next()
	for err == nil && e != nil {
		if q.exact || e.Term != q.term {
			cands = append(cands, cand{e.Term, e.EditDistance})
		}
		e, err = dict.Next()
	}
	if cerr := dict.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if len(cands) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].dist < cands[j].dist })
	if len(cands) > maxTypoTerms {
		cands = cands[:maxTypoTerms]
	}
	terms := make([]string, len(cands))
	dists := make([]uint8, len(cands))
	for i, c := range cands {
		terms[i], dists[i] = c.term, c.dist
	}
	return searcher.NewMultiTermSearcherBoosted(ctx, r, terms, q.field, q.boost, dists, opts, true)
}

// hasTerm reports whether some document's field holds term: a dictionary lookup per
// segment, without reading the postings.
func hasTerm(ctx context.Context, r index.IndexReader, field, term string) (bool, error) {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return false, err
	}
	n := tfr.Count()
	if err := tfr.Close(); err != nil {
		return false, err
	}
	return n > 0, nil
}
