package server

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/practicegraph/practicegraph/app"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers"
)

// exportList describes, for one root list field of the GraphQL schema, how its export
// reads the query string: the same filter names, types and order values as the field's
// arguments, so an export follows the schema without a table of its own.
type exportList struct {
	field   string // e.g. "practices"
	kind    graph.Kind
	filters map[string]*ast.Type // the filter input's fields by name
	orders  []string             // the order input's field values
	order   string               // its default
	desc    bool                 // its default direction
}

// Export parameters other than filters.
const (
	paramLang      = "lang"
	paramOrderBy   = "orderBy"
	paramDirection = "direction"
)

// exportLists reads the root list fields (those returning a …Connection with a
// filter argument) from the schema.
func exportLists(schema *ast.Schema) map[string]exportList {
	out := map[string]exportList{}
	for _, f := range schema.Query.Fields {
		name := f.Type.Name()
		if !strings.HasSuffix(name, "Connection") || f.Type.Elem != nil {
			continue
		}
		kind := graph.Kind(strings.TrimSuffix(name, "Connection"))
		if _, ok := graph.KindOf(kind); !ok {
			continue
		}
		l := exportList{field: f.Name, kind: kind, filters: map[string]*ast.Type{}}
		for _, arg := range f.Arguments {
			def := schema.Types[arg.Type.Name()]
			switch arg.Name {
			case "filter":
				for _, in := range def.Fields {
					l.filters[in.Name] = in.Type
				}
			case "orderBy":
				for _, in := range def.Fields {
					switch in.Name {
					case "field":
						for _, v := range schema.Types[in.Type.Name()].EnumValues {
							l.orders = append(l.orders, v.Name)
						}
						if in.DefaultValue != nil {
							l.order = in.DefaultValue.Raw
						}
					case "direction":
						l.desc = in.DefaultValue != nil && in.DefaultValue.Raw == "DESC"
					}
				}
			}
		}
		out[f.Name] = l
	}
	return out
}

// handleExport answers GET /export/{list}.csv or .json (and /export/search.…): every
// row of a list or every hit of a search, streamed page by page.
func (s *Server) handleExport(lists map[string]exportList, langs []string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		file := r.PathValue("file")
		name, format, _ := strings.Cut(file, ".")
		if format != "csv" && format != "json" {
			exportError(w, http.StatusNotFound, fmt.Sprintf("no export %q: ask for NAME.csv or NAME.json", file))
			return
		}
		params := r.URL.Query()
		lang, err := exportLang(params, langs, "en")
		if err != nil {
			exportError(w, http.StatusBadRequest, err.Error())
			return
		}
		// Each page of rows has the API's per-request deadline to be read and sent, the
		// whole export a bound in rows (app.MaxExportRows) rather than in time.
		ctx := r.Context()
		sink := &exportWriter{w: w, rc: http.NewResponseController(w), format: format, filename: exportFilename(name, params, format),
			pageTimeout: s.cfg.RequestTimeout + 5*time.Second}
		if name == "search" {
			q, err := searchExportQuery(params, langs)
			if err != nil {
				exportError(w, http.StatusBadRequest, err.Error())
				return
			}
			err = s.svc.App.ExportSearch(ctx, q, sink)
			s.finishExport(w, r, sink, err)
			return
		}
		l, ok := lists[name]
		if !ok {
			exportError(w, http.StatusNotFound, fmt.Sprintf("no list %q to export; the lists are %s, and search", name, strings.Join(slices.Sorted(maps.Keys(lists)), ", ")))
			return
		}
		q, err := l.query(params)
		if err != nil {
			exportError(w, http.StatusBadRequest, err.Error())
			return
		}
		err = s.svc.App.ExportList(ctx, s.svc.Graph, q, lang, sink)
		s.finishExport(w, r, sink, err)
	}
}

// finishExport answers an export's error: with its status when nothing was sent yet;
// otherwise the download is cut, so that a client never takes a partial file for a
// whole one.
func (s *Server) finishExport(w http.ResponseWriter, r *http.Request, sink *exportWriter, err error) {
	if err == nil {
		err = sink.end()
	}
	if err == nil {
		return
	}
	if !sink.begun {
		code := graph.ErrorCode(err)
		status := http.StatusInternalServerError
		msg := "the export failed; try again"
		switch code {
		case graph.EINVALID:
			status, msg = http.StatusBadRequest, graph.ErrorMessage(err)
		case graph.EUNAVAILABLE:
			status, msg = http.StatusServiceUnavailable, "the graph is unavailable; try again shortly"
		}
		if status >= 500 {
			s.log.Error("Export failed", slog.String("path", r.URL.Path), slog.String("reason", err.Error()))
		}
		exportError(w, status, msg)
		return
	}
	s.log.Error("Export cut short", slog.String("path", r.URL.Path), slog.Int("rows_sent", sink.rows), slog.String("reason", err.Error()))
	panic(http.ErrAbortHandler)
}

// query turns an export's query string into the list's store query: each filter
// parameter by the filter input's field name and type, the order and direction as
// the orderBy input's. An unknown parameter or a bad value names itself.
func (l exportList) query(params url.Values) (graph.ListQuery, error) {
	q := graph.ListQuery{Kind: l.kind, Filters: map[string]any{}, Order: l.order, Desc: l.desc}
	for _, name := range slices.Sorted(maps.Keys(params)) {
		v := params.Get(name)
		switch name {
		case paramLang:
			continue
		case paramOrderBy:
			if !slices.Contains(l.orders, v) {
				return q, fmt.Errorf("orderBy: %q is not an order of %s (want %s)", v, l.field, strings.Join(l.orders, ", "))
			}
			q.Order = v
			continue
		case paramDirection:
			if v != "ASC" && v != "DESC" {
				return q, fmt.Errorf("direction: want ASC or DESC, got %q", v)
			}
			q.Desc = v == "DESC"
			continue
		}
		t, ok := l.filters[name]
		if !ok {
			known := slices.Sorted(maps.Keys(l.filters))
			return q, fmt.Errorf("%s: %s has no such filter (its filters: %s; also lang, orderBy, direction)", name, l.field, strings.Join(known, ", "))
		}
		if len(params[name]) > 1 {
			return q, fmt.Errorf("%s: given %d times, want once", name, len(params[name]))
		}
		switch t.Name() {
		case "Int":
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return q, fmt.Errorf("%s: want a whole number, got %q", name, v)
			}
			q.Filters[name] = n
		case "Boolean":
			b, err := strconv.ParseBool(v)
			if err != nil {
				return q, fmt.Errorf("%s: want true or false, got %q", name, v)
			}
			q.Filters[name] = b
		default:
			if strings.TrimSpace(v) == "" {
				return q, fmt.Errorf("%s: empty; leave it out to not filter by it", name)
			}
			q.Filters[name] = v
		}
	}
	return q, nil
}

// searchParams are the search export's filter parameters (repeatable), by the search
// facet they narrow; kind takes EntityKind values (PRACTICE, CITY…).
var searchParams = []string{"kind", "type", "country", "city", "theme", "principle", "year", "language"}

// searchExportQuery reads a search export's query string: q (the words; empty browses
// everything the filters allow), lang, advanced and the facet filters.
func searchExportQuery(params url.Values, langs []string) (app.SearchExport, error) {
	lang, err := exportLang(params, langs, "fr")
	if err != nil {
		return app.SearchExport{}, err
	}
	q := app.SearchExport{Text: params.Get("q"), Lang: lang, Filters: map[string][]string{}}
	for name, vs := range params {
		switch {
		case name == "q" || name == paramLang:
		case name == "advanced":
			b, err := strconv.ParseBool(vs[0])
			if err != nil {
				return q, fmt.Errorf("advanced: want true or false, got %q", vs[0])
			}
			q.Advanced = b
		case slices.Contains(searchParams, name):
			for _, v := range vs {
				switch name {
				case "kind":
					k, ok := kindOfEntityKind(v)
					if !ok {
						return q, fmt.Errorf("kind: %q is not a kind (want PRACTICE, CITY, GRANT…)", v)
					}
					v = string(k)
				case "year":
					if _, err := strconv.Atoi(v); err != nil {
						return q, fmt.Errorf("year: want a whole number, got %q", v)
					}
				}
				q.Filters[name] = append(q.Filters[name], v)
			}
		default:
			return q, fmt.Errorf("%s: search exports have no such parameter (they take q, lang, advanced, %s)", name, strings.Join(searchParams, ", "))
		}
	}
	return q, nil
}

// kindOfEntityKind maps an EntityKind value (INDEX_REPORT) to its kind (IndexReport).
func kindOfEntityKind(v string) (graph.Kind, bool) {
	for _, k := range graph.Kinds() {
		var b strings.Builder
		for i, r := range string(k.Kind) {
			if i > 0 && r >= 'A' && r <= 'Z' {
				b.WriteByte('_')
			}
			b.WriteRune(r)
		}
		if strings.EqualFold(b.String(), v) {
			return k.Kind, true
		}
	}
	return "", false
}

// exportLang reads the lang parameter: one of the schema's languages, any case.
func exportLang(params url.Values, langs []string, def string) (string, error) {
	v := strings.ToLower(params.Get(paramLang))
	if v == "" {
		return def, nil
	}
	if !slices.Contains(langs, v) {
		return "", fmt.Errorf("lang: %q is not a language of the graph (want %s)", v, strings.Join(langs, ", "))
	}
	return v, nil
}

// exportFilename names the download after the list and its filters, e.g.
// practices-country-portugal.csv.
func exportFilename(name string, params url.Values, format string) string {
	parts := []string{name}
	for _, k := range slices.Sorted(maps.Keys(params)) {
		if k == paramLang {
			continue
		}
		for _, v := range params[k] {
			if s := graph.Slug(v); s != "" {
				parts = append(parts, graph.Slug(k)+"-"+s)
			}
		}
	}
	n := strings.Join(parts, "-")
	if len(n) > 100 {
		n = strings.TrimRight(n[:100], "-")
	}
	return n + "." + format
}

// exportError answers an export that could not start, as plain JSON naming the problem.
func exportError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]any{"error": msg})
}

// exportWriter writes an export as CSV (a header row, then rows; encoding/csv quoting)
// or as a JSON array of objects keyed by the columns, flushing as it goes.
type exportWriter struct {
	w           http.ResponseWriter
	rc          *http.ResponseController
	format      string
	filename    string
	pageTimeout time.Duration

	begun   bool
	columns []string
	csv     *csv.Writer
	rows    int
}

// extend gives the next page of rows the API's per-request time to be written: the
// server's write timeout would otherwise cut any export longer than one request.
func (e *exportWriter) extend() {
	_ = e.rc.SetWriteDeadline(time.Now().Add(e.pageTimeout))
}

// Begin sends the headers and the CSV header row or the JSON array's opening.
func (e *exportWriter) Begin(columns []string, total int) error {
	e.begun, e.columns = true, columns
	e.extend()
	h := e.w.Header()
	if e.format == "csv" {
		h.Set("Content-Type", "text/csv; charset=utf-8")
	} else {
		h.Set("Content-Type", "application/json; charset=utf-8")
	}
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", e.filename))
	h.Set("X-Total-Count", strconv.Itoa(total))
	e.w.WriteHeader(http.StatusOK)
	if e.format == "csv" {
		e.csv = csv.NewWriter(e.w)
		return e.csv.Write(columns)
	}
	_, err := io.WriteString(e.w, "[")
	return err
}

// Row writes one row.
func (e *exportWriter) Row(values []any) error {
	e.rows++
	if e.format == "csv" {
		rec := make([]string, len(values))
		for i, v := range values {
			rec[i] = csvCell(v)
		}
		if err := e.csv.Write(rec); err != nil {
			return err
		}
		if e.rows%exportFlushRows == 0 {
			e.csv.Flush()
			if err := e.csv.Error(); err != nil {
				return err
			}
			e.extend()
			return e.rc.Flush()
		}
		return nil
	}
	obj := make(map[string]any, len(values))
	for i, v := range values {
		obj[e.columns[i]] = v
	}
	b, err := json.Marshal(orderedRow{e.columns, obj})
	if err != nil {
		return err
	}
	sep := ",\n"
	if e.rows == 1 {
		sep = "\n"
	}
	if _, err = io.WriteString(e.w, sep+string(b)); err != nil {
		return err
	}
	if e.rows%exportFlushRows == 0 {
		e.extend()
		return e.rc.Flush()
	}
	return nil
}

// exportFlushRows is how many rows are sent at a time.
const exportFlushRows = 500

// end closes the CSV or the JSON array.
func (e *exportWriter) end() error {
	if !e.begun {
		return errors.New("export: nothing was sent")
	}
	if e.format == "csv" {
		e.csv.Flush()
		return e.csv.Error()
	}
	_, err := io.WriteString(e.w, "\n]\n")
	return err
}

// csvCell writes a value as CSV text: a list as its items separated by "; ". Text that
// a spreadsheet would run as a formula is defused (csvText).
func csvCell(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return csvText(x)
	case []string:
		return csvText(strings.Join(x, "; "))
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}

// csvText defuses a text a spreadsheet would read as a formula (it begins with =, +,
// -, @, a tab or a carriage return: OWASP's "CSV injection") by putting an apostrophe
// before it, which spreadsheets show as text and do not display. Numbers are written
// as numbers elsewhere, so a text starting with "-" is never a negative number here.
func csvText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// orderedRow marshals a row's object with its keys in the columns' order, so every
// object of an export reads the same way.
type orderedRow struct {
	columns []string
	values  map[string]any
}

// MarshalJSON writes the object key by key in column order.
func (o orderedRow) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for i, c := range o.columns {
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(c)
		v, err := json.Marshal(o.values[c])
		if err != nil {
			return nil, err
		}
		b = append(append(append(b, k...), ':'), v...)
	}
	return append(b, '}'), nil
}

var _ app.ExportSink = (*exportWriter)(nil)

// exportLangs are the languages the schema's Lang enum names, as lower-case codes.
func exportLangs(schema *ast.Schema) []string {
	var out []string
	if def := schema.Types["Lang"]; def != nil {
		for _, v := range def.EnumValues {
			out = append(out, strings.ToLower(v.Name))
		}
	}
	return out
}

// handleGraphDump answers GET /export/graph.jsonl: the whole graph as a dump (app.Dump)
// for editors, the same file `practicegraph dump` writes and `practicegraph import`
// reads back. It needs the editor's token, as writes do: a dump is everything at once.
func (s *Server) handleGraphDump(w http.ResponseWriter, r *http.Request) {
	editor, _ := s.authorise(r)
	switch editor {
	case resolvers.EditorAllowed:
	case resolvers.EditorMissing:
		w.Header().Set("WWW-Authenticate", `Bearer realm="practicegraph"`)
		exportError(w, http.StatusUnauthorized, "the whole-graph dump is for editors: send the editor's token as Authorization: Bearer …")
		return
	case resolvers.EditorDisabled:
		exportError(w, http.StatusForbidden, "the whole-graph dump is for editors, and this server has no editor token configured")
		return
	default:
		exportError(w, http.StatusForbidden, "the editor token is wrong")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/jsonl; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="practicegraph-dump.jsonl"`)
	dw := &deadlineWriter{w: w, rc: http.NewResponseController(w), each: s.cfg.RequestTimeout + 5*time.Second}
	_ = dw.rc.SetWriteDeadline(time.Now().Add(dw.each)) // unsupported: the server's own timeout stays
	counts, err := s.svc.App.Dump(r.Context(), dw)
	if err != nil {
		if !dw.wrote {
			s.finishExport(w, r, &exportWriter{}, err)
			return
		}
		// The end line is missing, so a reader refuses the file as cut short.
		s.log.Error("Graph dump cut short", slog.Int("nodes_sent", counts.Nodes), slog.String("reason", err.Error()))
		panic(http.ErrAbortHandler)
	}
}

// deadlineWriter gives each write the per-request time, so a dump longer than one
// request is not cut by the server's write timeout.
type deadlineWriter struct {
	w     io.Writer
	rc    *http.ResponseController
	each  time.Duration
	wrote bool
}

// Write writes p, then extends the write deadline and flushes.
func (d *deadlineWriter) Write(p []byte) (int, error) {
	d.wrote = true
	n, err := d.w.Write(p)
	if err != nil {
		return n, err
	}
	_ = d.rc.SetWriteDeadline(time.Now().Add(d.each))
	_ = d.rc.Flush()
	return n, nil
}
