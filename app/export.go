package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/search"
)

// MaxExportRows bounds the rows one export of a list or a search may hold: an export
// larger than that is refused before anything is sent, naming its size.
const MaxExportRows = 100_000

// exportListPage is how many nodes an export reads per round trip; exportSearchPage
// how many hits per search page (the index's largest).
const (
	exportListPage   = 500
	exportSearchPage = search.MaxSize
)

// The columns every exported row ends with: where its facts come from.
var sourceColumns = []string{"source", "source_title", "source_section", "source_url", "source_licence", "source_licence_url"}

// ExportSink receives an export: Begin once, with the columns and how many rows will
// follow at most, before any row; then each row, its values in the columns' order.
// A value is a string, an int, a bool, a []string or nil (no value). An error from the
// sink stops the export and is returned as is.
type ExportSink interface {
	Begin(columns []string, total int) error
	Row(values []any) error
}

// ExportList sends every node of a list (q's filters and order, every page) to sink,
// its texts in lang with the original as fallback. It reads a page at a time, so
// memory stays bounded whatever the list's size. Returns EINVALID, before Begin, for a
// list the store refuses or one longer than MaxExportRows; q's paging (Skip, Limit,
// After, Before, FromEnd) is ignored.
func (a *App) ExportList(ctx context.Context, lists graph.ListStore, q graph.ListQuery, lang string, sink ExportSink) error {
	spec, ok := graph.KindOf(q.Kind)
	if !ok {
		return graph.Errorf(graph.EINVALID, "export: unknown kind %q", q.Kind)
	}
	cols := ExportColumnsOf(q.Kind)
	sources := a.sourceCache(lang)
	q.Skip, q.Limit, q.After, q.Before, q.FromEnd = 0, exportListPage, nil, nil, false
	sent := 0
	for {
		page, err := lists.List(ctx, q)
		if err != nil {
			return err
		}
		if q.After == nil {
			if page.Total > MaxExportRows {
				return graph.Errorf(graph.EINVALID, "export: the list holds %d rows, more than the %d an export may hold; narrow it with filters", page.Total, MaxExportRows)
			}
			if err := sink.Begin(cols, page.Total); err != nil {
				return err
			}
		}
		linked, err := a.linkedCells(ctx, q.Kind, page.Nodes, lang)
		if err != nil {
			return err
		}
		for _, n := range page.Nodes {
			row := []any{n.ID}
			for _, f := range spec.Fields {
				row = append(row, fieldValues(n, f, lang)...)
			}
			row = append(row, linked[n.ID]...)
			src, err := sources(ctx, n.Provenance)
			if err != nil {
				return err
			}
			if err := sink.Row(append(row, src...)); err != nil {
				return err
			}
			sent++
		}
		if len(page.Nodes) < q.Limit || sent >= MaxExportRows {
			return nil
		}
		// The next page starts after this one's last node (keyset paging): a write
		// between two pages neither skips nor repeats a row, and each page is a top-k
		// sort of one page, not of every row before it.
		q.After = &page.Keys[len(page.Keys)-1]
	}
}

// SearchExport asks for every hit of a search, as the search field takes it.
type SearchExport struct {
	Text     string // the words; "" browses everything the filters allow
	Lang     string // the preferred language, of the names too
	Advanced bool   // Text in the advanced query syntax
	// Filters are the values each search facet must take, by facet name ("kind",
	// "country", "year"…); kinds are kind names (Practice).
	Filters map[string][]string
}

// ExportSearch sends every hit of a search (all pages, best first) to sink: the hit's
// kind, id, name in lang with the original as fallback, score and sources. Returns
// EINVALID, before Begin, for a malformed query or one with more than MaxExportRows
// hits.
func (a *App) ExportSearch(ctx context.Context, r SearchExport, sink ExportSink) error {
	q := search.Query{Text: r.Text, Lang: r.Lang, Advanced: r.Advanced, Filters: search.Filters(r.Filters)}
	cols := append([]string{"kind", "id", "name", "name_lang", "score"}, sourceColumns...)
	sources := a.sourceCache(q.Lang)
	q.Size, q.After, q.NoFacets, q.NoSnippets = exportSearchPage, nil, true, true
	first := true
	sent := 0
	for {
		page, err := a.Search(ctx, q)
		if err != nil {
			return err
		}
		if first {
			if page.Total > MaxExportRows {
				return graph.Errorf(graph.EINVALID, "export: the search has %d hits, more than the %d an export may hold; narrow it with words or filters", page.Total, MaxExportRows)
			}
			if err := sink.Begin(cols, int(page.Total)); err != nil {
				return err
			}
			first = false
		}
		for _, h := range page.Hits {
			n, ok := page.Nodes[h.Ref]
			if !ok {
				continue // deleted since it was indexed
			}
			name, nameLang := label(n, q.Lang)
			row := []any{string(h.Ref.Kind), h.Ref.ID, name, nameLang, h.Score}
			src, err := sources(ctx, n.Provenance)
			if err != nil {
				return err
			}
			if err := sink.Row(append(row, src...)); err != nil {
				return err
			}
			sent++
		}
		if page.Next == nil || sent >= MaxExportRows {
			return nil
		}
		q.After = page.Next
	}
}

// outgoing returns the relationship types leaving kind, in graph/kinds.go's order.
func outgoing(kind graph.Kind) []graph.RelSpec {
	var out []graph.RelSpec
	for _, r := range graph.Rels() {
		if r.From == kind {
			out = append(out, r)
		}
	}
	return out
}

// linkedCells reads, for a page of nodes, the names (in lang) and ids of the nodes
// each relationship type leads to: one round trip per type, reading only the names.
func (a *App) linkedCells(ctx context.Context, kind graph.Kind, nodes []graph.Node, lang string) (map[string][]any, error) {
	refs := make([]graph.Ref, len(nodes))
	for i, n := range nodes {
		refs[i] = n.Ref()
	}
	out := map[string][]any{}
	for _, r := range outgoing(kind) {
		sel := &graph.Projection{}
		if to, ok := graph.KindOf(r.To); ok {
			for _, f := range []string{"name", "title", "statement"} {
				if _, ok := to.Field(f); ok {
					sel.Fields = append(sel.Fields, f)
				}
			}
		}
		edges, err := a.Store.Neighbours(ctx, graph.NeighbourQuery{From: refs, Type: r.Type, Direction: graph.Out, Kind: r.To, Select: sel})
		if err != nil {
			return nil, fmt.Errorf("export: %s %s: %w", kind, r.Type, err)
		}
		for _, n := range nodes {
			es := slices.Clone(edges[n.Ref()])
			slices.SortFunc(es, func(x, y graph.Edge) int { return strings.Compare(x.Node.ID, y.Node.ID) })
			var names, ids []string
			for _, e := range es {
				name, _ := label(e.Node, lang)
				names, ids = append(names, name), append(ids, e.Node.ID)
			}
			if len(ids) == 0 {
				out[n.ID] = append(out[n.ID], nil, nil)
				continue
			}
			out[n.ID] = append(out[n.ID], names, ids)
		}
	}
	return out, nil
}

// fieldValues is a field's cells: a text and the language it is in when that is not
// lang, or a plain value.
func fieldValues(n graph.Node, f graph.FieldSpec, lang string) []any {
	switch f.Type {
	case graph.FieldText:
		t, ok := n.Texts[f.Name]
		if !ok || t.IsZero() {
			return []any{nil, nil}
		}
		v, in := t.In(lang)
		if in == lang {
			return []any{v, nil}
		}
		return []any{v, in}
	case graph.FieldInt:
		if v := n.Int(f.Name); v != nil {
			return []any{*v}
		}
	case graph.FieldBool:
		if v := n.Bool(f.Name); v != nil {
			return []any{*v}
		}
	case graph.FieldStrings:
		if v := n.Strings(f.Name); v != nil {
			return []any{v}
		}
	default:
		if v := n.StringPtr(f.Name); v != nil {
			return []any{*v}
		}
	}
	return []any{nil}
}

// label is a node's name (or title, or statement) in lang, falling back to the
// original, and the language it is in when that is not lang.
func label(n graph.Node, lang string) (string, any) {
	for _, f := range []string{"name", "title", "statement"} {
		if t, ok := n.Texts[f]; ok && !t.IsZero() {
			v, in := t.In(lang)
			if in == lang {
				return v, nil
			}
			return v, in
		}
	}
	return n.Label(lang), nil
}

// sourceCache returns a function giving the source cells of a provenance, reading
// each Source once per export: sources are few, rows many.
func (a *App) sourceCache(lang string) func(ctx context.Context, p graph.Provenance) ([]any, error) {
	cache := map[string]graph.Node{}
	return func(ctx context.Context, p graph.Provenance) ([]any, error) {
		if p.Source == "" {
			return make([]any, len(sourceColumns)), nil
		}
		src, ok := cache[p.Source]
		if !ok {
			m, err := a.Store.Nodes(ctx, graph.KindSource, []string{p.Source})
			if err != nil {
				return nil, fmt.Errorf("export: source %q: %w", p.Source, err)
			}
			src = m[p.Source] // a missing source leaves its cells empty but its id
			cache[p.Source] = src
		}
		title, _ := src.Text(graph.FieldSourceTitle).In(lang)
		cell := func(s string) any {
			if strings.TrimSpace(s) == "" {
				return nil
			}
			return s
		}
		return []any{p.Source, cell(title), cell(p.Section), cell(src.String(graph.FieldSourceUrl)),
			cell(src.String(graph.FieldSourceLicence)), cell(src.String(graph.FieldSourceLicenceUrl))}, nil
	}
}

// ExportColumnsOf returns the columns of an export of kind's list, in order: the id,
// each field of graph/kinds.go (a text followed by its language column), for each
// relationship type leaving the kind the names and the ids of the nodes it leads to
// (run_by, run_by_id), and the sources.
func ExportColumnsOf(kind graph.Kind) []string {
	spec, _ := graph.KindOf(kind)
	cols := []string{"id"}
	for _, f := range spec.Fields {
		cols = append(cols, f.Name)
		if f.Type == graph.FieldText {
			cols = append(cols, f.Name+"_lang")
		}
	}
	for _, r := range outgoing(kind) {
		c := linkColumn(spec, r)
		cols = append(cols, c, c+"_id")
	}
	return append(cols, slices.Clone(sourceColumns)...)
}

// linkColumn names the column of a relationship type: the type in lower case (run_by),
// or with the kind it leads to (contact_person) when a field of the kind has that name
// or the type also leads to another kind, so every column name is distinct.
func linkColumn(spec graph.KindSpec, r graph.RelSpec) string {
	c := strings.ToLower(r.Type)
	_, isField := spec.Field(c)
	shared := false
	for _, o := range outgoing(spec.Kind) {
		shared = shared || (o.Type == r.Type && o.To != r.To)
	}
	if isField || shared {
		c += "_" + snake(string(r.To))
	}
	return c
}

// snake writes a kind's name in snake case: IndexReport is index_report.
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && unicode.IsUpper(r) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
