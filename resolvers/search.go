package resolvers

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"html"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/practicegraph/practicegraph/app"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers/model"
	"github.com/practicegraph/practicegraph/search"
)

// searchQuery turns the GraphQL arguments into a search query, validating them.
func searchQuery(text string, lang *model.Lang, filter *model.SearchFilter, first *int, after *string) (search.Query, error) {
	q := search.Query{Text: text, Lang: model.CodeOr(lang, "fr"), Size: search.DefaultSize}
	if first != nil {
		if *first < 0 || *first > search.MaxSize {
			return q, graph.Errorf(graph.EINVALID, "first must be between 0 and %d, got %d", search.MaxSize, *first)
		}
		q.Size = *first
	}
	if after != nil && *after != "" {
		cur, err := decodeSearchCursor(*after)
		if err != nil {
			return q, err
		}
		q.After = cur
	}
	if filter != nil {
		var kinds, years []string
		for _, k := range filter.Kinds {
			kinds = append(kinds, string(k.KindOf()))
		}
		for _, y := range filter.Years {
			years = append(years, strconv.Itoa(y))
		}
		// One entry per facet of search.Facets, by its name.
		q.Filters = search.Filters{
			"kind": kinds, "type": filter.Types, "country": filter.Countries, "city": filter.Cities,
			"theme": filter.Themes, "principle": filter.Principles, "year": years, "language": filter.Languages,
		}
	}
	return q, nil
}

// A search cursor is the hit's sort values, as JSON, in URL-safe base64.
func encodeSearchCursor(c []string) string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeSearchCursor(s string) ([]string, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	var c []string
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || len(c) == 0 {
		return nil, graph.Errorf(graph.EINVALID, "invalid search cursor: pass an endCursor of a previous page of the same search")
	}
	return c, nil
}

// searchResults maps a page of search results to the API's types.
func searchResults(q search.Query, page app.SearchPage) *model.SearchResults {
	res, nodes := page.Result, page.Nodes
	out := &model.SearchResults{TotalCount: int(res.Total), Edges: []model.SearchEdge{}, PageInfo: &model.PageInfo{
		HasNextPage: res.Next != nil, HasPreviousPage: len(q.After) > 0,
	}}
	for _, h := range res.Hits {
		n, ok := nodes[h.Ref]
		if !ok {
			continue // deleted since it was indexed; the next catch-up drops it
		}
		hit := &model.SearchHit{Kind: model.EntityKindOf(h.Ref.Kind), ID: h.Ref.ID, Score: h.Score, Node: n, Snippets: []model.Snippet{}}
		for _, sn := range h.Snippets {
			lang := sn.Lang
			if lang == "" {
				lang = nameLang(n, sn.Fragment, q.Lang)
			}
			hit.Snippets = append(hit.Snippets, model.Snippet{Field: sn.Field, Lang: model.LangOf(lang), HTML: sn.Fragment})
		}
		out.Edges = append(out.Edges, model.SearchEdge{Cursor: encodeSearchCursor(h.Cursor), Node: hit})
	}
	if len(out.Edges) > 0 {
		first, last := out.Edges[0].Cursor, out.Edges[len(out.Edges)-1].Cursor
		out.PageInfo.StartCursor, out.PageInfo.EndCursor = &first, &last
	}
	facet := func(name string) []model.FacetCount {
		f, _ := search.FacetNamed(name)
		list := []model.FacetCount{}
		for _, c := range res.Facets[name] {
			fc := model.FacetCount{Value: c.Value, Count: c.Count}
			if f.Of != "" {
				if n, ok := nodes[graph.Ref{Kind: f.Of, ID: c.Value}]; ok {
					fc.Node = &n
				}
			}
			if name == "kind" {
				fc.Value = string(model.EntityKindOf(graph.Kind(c.Value)))
			}
			if name == "type" {
				// Types of entities, and the statement kinds of assessments.
				for _, enum := range []string{"type", "kind"} {
					if l, ok := graph.EnumLabel(enum, c.Value); ok {
						fc.Label = &l
						break
					}
				}
			}
			list = append(list, fc)
		}
		return list
	}
	// One field per facet of search.Facets, named by its Plural.
	out.Facets = &model.SearchFacets{
		Kinds: facet("kind"), Types: facet("type"), Countries: facet("country"), Cities: facet("city"),
		Themes: facet("theme"), Principles: facet("principle"), Years: facet("year"), Languages: facet("language"),
	}
	return out
}

// selects reports whether the field being resolved selects the field at path, a chain of
// nested field names, through fragments too.
func selects(ctx context.Context, path ...string) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) {
		return true // not inside a GraphQL request: assume everything is wanted
	}
	return selectsIn(graphql.GetOperationContext(ctx), fc.Field.Selections, path)
}

func selectsIn(oc *graphql.OperationContext, set ast.SelectionSet, path []string) bool {
	// No type list: every fragment counts, whatever its type condition.
	for _, f := range graphql.CollectFields(oc, set, nil) {
		if f.Name == path[0] && (len(path) == 1 || selectsIn(oc, f.Selections, path[1:])) {
			return true
		}
	}
	return false
}

// markup matches the tags of a highlighted fragment.
var markup = regexp.MustCompile(`</?mark>`)

// nameLang returns the language a name snippet is written in: names are indexed in every
// language at once, so the snippet says which of the node's names it shows. A name the
// same in several languages is in the page's language when that is one of them, else
// in the original's; a name of no language (a person's, an acronym) is in the page's.
func nameLang(n graph.Node, fragment, pageLang string) string {
	shown := strings.TrimSpace(strings.Trim(html.UnescapeString(markup.ReplaceAllString(fragment, "")), "…"))
	for _, field := range []string{"name", "title"} {
		t := n.Text(field)
		if t.IsZero() || shown == "" {
			continue
		}
		var in []string
		for _, l := range t.Langs() {
			if strings.Contains(t.Values[l], shown) {
				in = append(in, l)
			}
		}
		switch {
		case len(in) == 0:
			continue
		case slices.Contains(in, pageLang):
			return pageLang
		case slices.Contains(in, t.Orig):
			return t.Orig
		default:
			return in[0]
		}
	}
	return pageLang
}
