package app

import (
	"context"
	"fmt"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/search"
)

// SearchPage is one page of search results with the entities they name, loaded from the
// graph (the source of truth; the index holds only what search needs).
type SearchPage struct {
	search.Result
	// Nodes are the hits' entities and the entities of id facet values. A hit deleted
	// since it was indexed is absent; the next catch-up drops it from the index.
	Nodes map[graph.Ref]graph.Node
	// Warnings say when the results may be incomplete (WSearchRebuilding).
	Warnings []Warning
}

// Search runs a query and loads its hits and id facet values from the graph, with one
// query per kind. Returns EINVALID for a malformed query or cursor.
func (a *App) Search(ctx context.Context, q search.Query) (SearchPage, error) {
	res, err := a.Index.Search(ctx, q)
	if err != nil {
		return SearchPage{}, err
	}
	want := map[graph.Kind][]string{}
	for _, h := range res.Hits {
		want[h.Ref.Kind] = append(want[h.Ref.Kind], h.Ref.ID)
	}
	for _, f := range search.Facets() {
		if f.Of == "" {
			continue // values that are not entity ids
		}
		for _, c := range res.Facets[f.Name] {
			want[f.Of] = append(want[f.Of], c.Value)
		}
	}
	page := SearchPage{Result: res, Nodes: map[graph.Ref]graph.Node{}}
	if res.Rebuilding != nil {
		page.Warnings = append(page.Warnings, Warning{Code: WSearchRebuilding,
			Message: res.Rebuilding.String() + "; results may be incomplete until it ends"})
	}
	for kind, ids := range want {
		m, err := a.Store.Nodes(ctx, kind, ids)
		if err != nil {
			return SearchPage{}, fmt.Errorf("search: load hits: %w", err)
		}
		for id, n := range m {
			page.Nodes[graph.Ref{Kind: kind, ID: id}] = n
		}
	}
	return page, nil
}

// Suggest returns the entities whose names begin with text, best first, loaded from the
// graph (see search.Index.Suggest). An entity deleted since it was indexed is left out.
func (a *App) Suggest(ctx context.Context, text string, kinds []graph.Kind, size int) ([]graph.Node, error) {
	refs, err := a.Index.Suggest(ctx, text, kinds, size)
	if err != nil {
		return nil, err
	}
	want := map[graph.Kind][]string{}
	for _, r := range refs {
		want[r.Kind] = append(want[r.Kind], r.ID)
	}
	found := map[graph.Ref]graph.Node{}
	for kind, ids := range want {
		m, err := a.Store.Nodes(ctx, kind, ids)
		if err != nil {
			return nil, fmt.Errorf("suggest: load names: %w", err)
		}
		for id, n := range m {
			found[graph.Ref{Kind: kind, ID: id}] = n
		}
	}
	out := make([]graph.Node, 0, len(refs))
	for _, r := range refs {
		if n, ok := found[r]; ok {
			out = append(out, n)
		}
	}
	return out, nil
}

// DidYouMean returns text with the words the graph does not know replaced by the
// nearest words it does, and whether any was (see search.Index.DidYouMean).
func (a *App) DidYouMean(ctx context.Context, text string) (string, bool, error) {
	return a.Index.DidYouMean(ctx, text)
}
