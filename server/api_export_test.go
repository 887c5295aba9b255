package server_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/app"
	"github.com/practicegraph/practicegraph/cli"
	"github.com/practicegraph/practicegraph/graph"
)

// get fetches a URL of the server, with extra headers as name, value pairs.
func (ts *testServer) get(t *testing.T, path string, headers ...string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, ts.URL+path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read the body: %v", path, err)
	}
	return resp, body
}

// exportCSV fetches a CSV export and parses it with encoding/csv: its header row and rows
// as maps by column.
func exportCSV(t *testing.T, ts *testServer, path string) (header []string, rows []map[string]string, resp *http.Response) {
	t.Helper()
	resp, body := ts.get(t, path)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d %s", path, resp.StatusCode, body)
	}
	recs, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
	if err != nil {
		t.Fatalf("GET %s: the CSV does not parse: %v", path, err)
	}
	if len(recs) == 0 {
		t.Fatalf("GET %s: no header row", path)
	}
	header = recs[0]
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, c := range header {
			m[c] = r[i]
		}
		rows = append(rows, m)
	}
	return header, rows, resp
}

func column(rows []map[string]string, name string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r[name]
	}
	return out
}

// TestSearchExportHoldsEveryHit: the CSV and JSON of a search are its hits, every page,
// in the order GraphQL pages through them.
func TestSearchExportHoldsEveryHit(t *testing.T) {
	ts := startServer(t, nil)
	hits := func(query, kinds string) []string {
		var out []string
		var after *string
		vars := map[string]any{"q": query}
		if kinds != "" {
			vars["kinds"] = []string{kinds}
		}
		for {
			vars["after"] = after
			var got struct {
				Search struct {
					Edges []struct {
						Node struct{ Kind, ID string }
					}
					PageInfo struct {
						HasNextPage bool
						EndCursor   *string
					}
				}
			}
			ts.query(t, `query($q: String!, $after: String, $kinds: [EntityKind!]) { search(query: $q, lang: EN, first: 100, after: $after, filter: {kinds: $kinds}) {
				edges { node { kind id } } pageInfo { hasNextPage endCursor } } }`,
				vars).decode(t, &got)
			for _, e := range got.Search.Edges {
				// EntityKind values (INDEX_REPORT) and kinds (IndexReport) compare by their letters.
				out = append(out, strings.ReplaceAll(e.Node.Kind, "_", "")+":"+e.Node.ID)
			}
			if !got.Search.PageInfo.HasNextPage {
				return out
			}
			after = got.Search.PageInfo.EndCursor
		}
	}
	for _, tc := range []struct{ path, q, kinds string }{
		{"/export/search.csv?lang=en&q=", "", ""},
		{"/export/search.csv?lang=en&q=visites+guid%C3%A9es&kind=PRACTICE", "visites guidées", "PRACTICE"},
	} {
		want := hits(tc.q, tc.kinds)
		header, rows, resp := exportCSV(t, ts, tc.path)
		if tc.q == "" && len(want) <= 100 {
			t.Fatalf("browsing everything gives %d hits, want more than one page of 100", len(want))
		}
		if len(want) == 0 {
			t.Fatalf("%s: the search has no hits to compare", tc.path)
		}
		var got []string
		for _, r := range rows {
			got = append(got, strings.ToUpper(r["kind"])+":"+r["id"])
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %d rows, the search %d hits; first differences: rows %v, hits %v", tc.path, len(got), len(want), head(got), head(want))
		}
		if wantHeader := []string{"kind", "id", "name", "name_lang", "score", "source", "source_title", "source_section", "source_url", "source_licence", "source_licence_url"}; !reflect.DeepEqual(header, wantHeader) {
			t.Errorf("header = %v, want %v", header, wantHeader)
		}
		if cd := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="search`) || !strings.HasSuffix(cd, `.csv"`) {
			t.Errorf("Content-Disposition = %q, want an attachment named search….csv", cd)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("Content-Type = %q", ct)
		}
	}
	// The JSON of the same search: the same hits, as objects.
	resp, body := ts.get(t, "/export/search.json?lang=en&q=visites+guid%C3%A9es&kind=PRACTICE")
	var objs []map[string]any
	if err := json.Unmarshal(body, &objs); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("search.json = %d, %v: %s", resp.StatusCode, err, body)
	}
	if len(objs) == 0 || objs[0]["kind"] != "Practice" || objs[0]["source"] != "icc-coordinators-meeting-2023" {
		t.Errorf("search.json's first object = %v, want a practice naming its source", objs)
	}
}

func head(list []string) []string { return list[:min(5, len(list))] }

// TestListExportHoldsEveryMatchingRow: a list's export has every row passing its
// filters, across more rows than a page of the API (100) or of the export's reads (500),
// with the header row, texts in the asked language or the original and a column saying
// so, and the sources.
func TestListExportHoldsEveryMatchingRow(t *testing.T) {
	ts := startServer(t, nil)
	ctx := context.Background()
	// 520 practices of the test's own, half of them run by Paranhos (Portugal), the
	// other half from a source of the test's own that states its licence.
	catalogue := graph.Node{Kind: graph.KindSource, ID: "export-test-catalogue",
		Texts:      map[string]graph.Text{"title": {Orig: "en", Values: map[string]string{"en": "Export test catalogue", "fr": "Catalogue du test d'export"}}},
		Props:      map[string]any{"licence": "CC BY 4.0", "licenceUrl": "https://creativecommons.org/licenses/by/4.0/"},
		Provenance: graph.Provenance{Source: "export-test-catalogue", Section: "Title page"}}
	cs := graph.Changeset{Creates: []graph.Node{catalogue}}
	var portuguese []string
	for i := range 520 {
		id := fmt.Sprintf("export-practice-%03d", i)
		cs.Creates = append(cs.Creates, graph.Node{Kind: graph.KindPractice, ID: id,
			Texts: map[string]graph.Text{
				"name":    {Orig: "en", Values: map[string]string{"en": fmt.Sprintf("Practice %03d, \"quoted\"; with comma", i), "fr": fmt.Sprintf("Pratique %03d", i)}},
				"summary": {Orig: "en", Values: map[string]string{"en": "Line one.\nLine two.", "fr": "Ligne un."}},
			},
			Props:      map[string]any{"startYear": int64(2000 + i%20)},
			Provenance: graph.Provenance{Source: map[bool]string{true: "icc-coordinators-meeting-2023", false: "export-test-catalogue"}[i%2 == 0], Section: "Export test"}})
		city := "bilbao"
		if i%2 == 0 {
			city = "paranhos"
			portuguese = append(portuguese, id)
		}
		cs.Links = append(cs.Links, graph.Link{Type: graph.RelRunBy, From: graph.Ref{Kind: graph.KindPractice, ID: id}, To: graph.Ref{Kind: graph.KindCity, ID: city},
			Provenance: graph.Provenance{Source: "icc-coordinators-meeting-2023", Section: "Export test"}})
	}
	if _, err := ts.Store().Apply(ctx, cs); err != nil {
		t.Fatalf("create the practices: %v", err)
	}

	header, rows, resp := exportCSV(t, ts, "/export/practices.csv?lang=es")
	if want := app.ExportColumnsOf(graph.KindPractice); !reflect.DeepEqual(header, want) {
		t.Errorf("header = %v, want %v", header, want)
	}
	if got := len(rows); got != 520+12 {
		t.Errorf("every practice: %d rows, want %d (the seed's 12 and 520)", got, 520+12)
	}
	if ids := column(rows, "id"); len(slices.Compact(slices.Sorted(slices.Values(ids)))) != len(ids) {
		t.Errorf("some rows are repeated")
	}
	if got := resp.Header.Get("X-Total-Count"); got != "532" {
		t.Errorf("X-Total-Count = %q, want 532", got)
	}
	byID := map[string]map[string]string{}
	for _, r := range rows {
		byID[r["id"]] = r
	}
	// Spanish is asked and no text has it: each falls back to its original and says so.
	d := byID["diversitours"]
	if d["name"] == "" || d["name_lang"] != "fr" {
		t.Errorf("diversitours in Spanish: name %q in %q, want the French original marked fr", d["name"], d["name_lang"])
	}
	if d["source"] != "icc-coordinators-meeting-2023" || d["source_title"] == "" || d["source_section"] == "" || d["source_licence"] != "" {
		t.Errorf("diversitours' sources = %q %q %q licence %q; want the report, its title and section, and no licence (the report states none)",
			d["source"], d["source_title"], d["source_section"], d["source_licence"])
	}
	p := byID["export-practice-007"]
	if p["run_by"] != "Bilbao" || p["run_by_id"] != "bilbao" {
		t.Errorf("export-practice-007 run by %q (%q), want Bilbao (bilbao)", p["run_by"], p["run_by_id"])
	}
	if d["run_by_id"] != "bilbao" || d["has_theme_id"] == "" {
		t.Errorf("diversitours: run_by_id %q, has_theme_id %q; want bilbao and its themes", d["run_by_id"], d["has_theme_id"])
	}
	if p["source"] != "export-test-catalogue" || p["source_licence"] != "CC BY 4.0" || p["source_licence_url"] != "https://creativecommons.org/licenses/by/4.0/" {
		t.Errorf("export-practice-007's source = %q, licence %q at %q; want the catalogue's CC BY 4.0", p["source"], p["source_licence"], p["source_licence_url"])
	}
	if p["name"] != `Practice 007, "quoted"; with comma` || p["name_lang"] != "en" || p["summary"] != "Line one.\nLine two." || p["startYear"] != "2007" {
		t.Errorf("export-practice-007 = %v; quoting, newlines or values lost", p)
	}

	// Filtered: only the Portuguese ones, in English (their original: no language said).
	_, rows, resp = exportCSV(t, ts, "/export/practices.csv?country=portugal&lang=en&orderBy=NAME")
	got := slices.Sorted(slices.Values(column(rows, "id")))
	if !reflect.DeepEqual(got, portuguese) {
		t.Errorf("country=portugal: %d rows, want the %d practices of Paranhos", len(got), len(portuguese))
	}
	if langs := slices.Compact(slices.Sorted(slices.Values(column(rows, "name_lang")))); !reflect.DeepEqual(langs, []string{""}) {
		t.Errorf("name_lang in English of English texts = %v, want empty", langs)
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="practices-country-portugal-orderby-name.csv"` {
		t.Errorf("Content-Disposition = %q", cd)
	}
	_, rows, _ = exportCSV(t, ts, "/export/practices.csv?country=portugal&year=2004")
	for _, r := range rows {
		if r["startYear"] != "2004" {
			t.Errorf("year=2004 let through %s of %s", r["id"], r["startYear"])
		}
	}
	if len(rows) != 26 {
		t.Errorf("country=portugal&year=2004: %d rows, want 26", len(rows))
	}

	// JSON: an array of objects with the same keys, in the columns' order.
	resp, body := ts.get(t, "/export/practices.json?country=portugal")
	var objs []map[string]any
	if err := json.Unmarshal(body, &objs); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("practices.json = %d, %v", resp.StatusCode, err)
	}
	if len(objs) != len(portuguese) {
		t.Errorf("practices.json: %d objects, want %d", len(objs), len(portuguese))
	}
	if o := objs[0]; len(o) != len(app.ExportColumnsOf(graph.KindPractice)) || o["startYear"] == nil || o["source"] != "icc-coordinators-meeting-2023" {
		t.Errorf("first object = %v, want every column, numbers as numbers, its source", o)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}

	// The same CORS as the API.
	resp, _ = ts.get(t, "/export/practices.csv?country=portugal", "Origin", "https://coordinators.example")
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "https://coordinators.example" {
		t.Errorf("Access-Control-Allow-Origin = %q, want the configured origin", got)
	}
}

// TestExportRefusesBadArguments: a bad argument is a 400 whose message names it; an
// unknown export a 404.
func TestExportRefusesBadArguments(t *testing.T) {
	ts := startServer(t, nil)
	for _, tc := range []struct {
		path   string
		status int
		names  string
	}{
		{"/export/practices.csv?colour=red", 400, "colour"},
		{"/export/practices.csv?year=recent", 400, "year"},
		{"/export/practices.csv?orderBy=SIZE", 400, "orderBy"},
		{"/export/practices.csv?direction=UP", 400, "direction"},
		{"/export/practices.csv?lang=xx", 400, "lang"},
		{"/export/practices.csv?country=", 400, "country"},
		{"/export/practices.csv?status=sleeping", 400, "sleeping"},
		{"/export/search.csv?q=x&kind=DRAGON", 400, "kind"},
		{"/export/search.json?q=x&year=soon", 400, "year"},
		{"/export/search.json?q=x&colour=red", 400, "colour"},
		{"/export/search.csv?q=%22Bilbao&advanced=true", 400, "query"},
		{"/export/dragons.csv", 404, "dragons"},
		{"/export/practices.xml", 404, "practices.xml"},
	} {
		resp, body := ts.get(t, tc.path)
		var e struct{ Error string }
		_ = json.Unmarshal(body, &e)
		if resp.StatusCode != tc.status || e.Error == "" || !strings.Contains(e.Error, tc.names) {
			t.Errorf("GET %s = %d %s; want %d with a message naming %q", tc.path, resp.StatusCode, body, tc.status, tc.names)
		}
	}
}

// TestGraphDumpOverHTTPIsForEditors: GET /export/graph.jsonl needs the editor's token
// and gives the same bytes as the dump command.
func TestGraphDumpOverHTTPIsForEditors(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	if resp, body := ts.get(t, "/export/graph.jsonl"); resp.StatusCode != http.StatusUnauthorized || !strings.Contains(string(body), "editor") {
		t.Errorf("without a token: %d %s, want 401 saying it is for editors", resp.StatusCode, body)
	}
	if resp, _ := ts.get(t, "/export/graph.jsonl", "Authorization", "Bearer not-the-token"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("with a wrong token: %d, want 403", resp.StatusCode)
	}
	resp, body := ts.get(t, "/export/graph.jsonl", asEditor...)
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Disposition") != `attachment; filename="practicegraph-dump.jsonl"` {
		t.Fatalf("as an editor: %d, Content-Disposition %q", resp.StatusCode, resp.Header.Get("Content-Disposition"))
	}
	var want bytes.Buffer
	if _, err := ts.svc.App.Dump(context.Background(), &want); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(body, want.Bytes()) {
		t.Errorf("the dump over HTTP (%d bytes) differs from the command's (%d bytes)", len(body), want.Len())
	}
	if !strings.HasSuffix(string(body), "{\"type\":\"end\",\"nodes\":300,\"relationships\":580}\n") {
		t.Errorf("the dump does not end with the seed's counts: …%s", body[max(0, len(body)-80):])
	}
}

// TestSourceLicenceThroughTheAPI: an editor records a source's licence; readers see it,
// and the seed report, which states none, has none.
func TestSourceLicenceThroughTheAPI(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	ts.query(t, `mutation { createSource(input: {id: "licensed-catalogue", title: {orig: EN, en: "A licensed catalogue", fr: "Un catalogue sous licence"},
		licence: "CC BY-SA 4.0", licenceUrl: "https://creativecommons.org/licenses/by-sa/4.0/", section: "Title page"}) { id } }`, nil, asEditor...).decode(t, &struct{}{})
	var got struct {
		Licensed, Report struct{ Licence, LicenceURL *string }
	}
	ts.query(t, `{ licensed: source(id: "licensed-catalogue") { licence licenceUrl: licenceUrl } report: source(id: "icc-coordinators-meeting-2023") { licence licenceUrl } }`, nil).decode(t, &got)
	if l := got.Licensed; l.Licence == nil || *l.Licence != "CC BY-SA 4.0" || l.LicenceURL == nil || *l.LicenceURL != "https://creativecommons.org/licenses/by-sa/4.0/" {
		t.Errorf("licensed source: licence %v at %v, want CC BY-SA 4.0 and its URL", l.Licence, l.LicenceURL)
	}
	if r := got.Report; r.Licence != nil || r.LicenceURL != nil {
		t.Errorf("the seed report's licence = %v at %v, want none: the report states none", r.Licence, r.LicenceURL)
	}
}
