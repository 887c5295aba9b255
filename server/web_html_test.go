package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// getPage fetches a page over plain HTTP, as a link preview or a crawler would: no
// script runs.
func getPage(t *testing.T, url, acceptLang string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if acceptLang != "" {
		req.Header.Set("Accept-Language", acceptLang)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

var ldScript = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

// headJSONLD returns the page's JSON-LD, which must come before any script runs.
func headJSONLD(t *testing.T, page string) map[string]any {
	t.Helper()
	head, _, _ := strings.Cut(page, `<script type="module"`)
	m := ldScript.FindStringSubmatch(head)
	if m == nil {
		t.Fatalf("no JSON-LD before the page's script:\n%s", head)
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[1])
	}
	return ld
}

// TestEntityPagesDescribeThemselvesWithoutScript reads the seeded graph's practice,
// city and grant pages as plain HTML: each names its entity in <title>, describes it
// for previews and in schema.org terms, and says which report it comes from; an
// unknown id is a 404 in the reader's language.
func TestEntityPagesDescribeThemselvesWithoutScript(t *testing.T) {
	ts := startServer(t, nil)

	status, page := getPage(t, ts.URL+"/practices/diversitours", "fr-FR,fr;q=0.9")
	if status != http.StatusOK {
		t.Fatalf("GET /practices/diversitours: status %d, want 200", status)
	}
	for _, want := range []string{
		`<html lang="fr">`,
		`<title>Diversitours – practicegraph</title>`,
		`<meta name="description" content="Initiative interculturelle qui réunit la mairie de Bilbao`,
		`<meta property="og:title" content="Diversitours">`,
		`<meta property="og:url" content="` + ts.URL + `/practices/diversitours">`,
		// the "cite this" block: the report, the section, the report's date
		`<cite>Réunion annuelle des coordinateurs et coordinatrices des Cités Interculturelles (ICC) – Rapport de réunion</cite>`,
		`section « 14 novembre 2023 – Partie 2 › Visite des quartiers de San Francisco`,
		`<time datetime="2024-01-29">`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("Diversitours page lacks %s", want)
		}
	}
	ld := headJSONLD(t, page)
	if ld["@type"] != "CreativeWork" || ld["name"] != "Diversitours" || ld["url"] != ts.URL+"/practices/diversitours" {
		t.Errorf("Diversitours JSON-LD = %v, want a CreativeWork named Diversitours at its URL", ld)
	}
	if based, _ := ld["isBasedOn"].(map[string]any); based["datePublished"] != "2024-01-29" {
		t.Errorf("Diversitours isBasedOn = %v, want the meeting report of 2024-01-29", ld["isBasedOn"])
	}

	// English browser: the English texts, the English cite block.
	_, page = getPage(t, ts.URL+"/practices/diversitours", "en-GB,en;q=0.9")
	for _, want := range []string{`<html lang="en">`, `content="Intercultural initiative bringing together Bilbao City Council`,
		`Cite this page`, `<cite>Annual meeting of the Intercultural Cities (ICC) coordinators – Meeting report</cite>`} {
		if !strings.Contains(page, want) {
			t.Errorf("Diversitours page for an English browser lacks %s", want)
		}
	}

	status, page = getPage(t, ts.URL+"/cities/bilbao?lang=en", "")
	if ld := headJSONLD(t, page); status != http.StatusOK || ld["@type"] != "Place" || ld["name"] != "Bilbao" {
		t.Errorf("GET /cities/bilbao: status %d, JSON-LD %v; want 200 and a Place named Bilbao", status, ld)
	}
	status, page = getPage(t, ts.URL+"/grants/icc-inter-city-grant-2021-bilbao-valencia?lang=en", "")
	ld = headJSONLD(t, page)
	if status != http.StatusOK || ld["@type"] != "MonetaryGrant" || !strings.Contains(page, "<title>") {
		t.Errorf("GET the 2021 grant: status %d, JSON-LD %v; want 200 and a MonetaryGrant", status, ld)
	}

	for _, tt := range []struct{ path, acceptLang, want string }{
		{"/practices/no-such-practice", "pt-PT,pt;q=0.9", "<h1>Página não encontrada</h1>"},
		{"/practices/no-such-practice", "fr-FR", "<h1>Page introuvable</h1>"},
		{"/cities/diversitours", "en", "<h1>Page not found</h1>"}, // a practice's id is no city
		{"/grants/no-such-grant?lang=es", "fr-FR", "<h1>Página no encontrada</h1>"},
	} {
		status, page := getPage(t, ts.URL+tt.path, tt.acceptLang)
		if status != http.StatusNotFound || !strings.Contains(page, tt.want) {
			t.Errorf("GET %s (%s): status %d, want 404 with %s:\n%s", tt.path, tt.acceptLang, status, tt.want, page)
		}
	}
}

// TestEveryKindHasAPage reads one seeded entity of every other kind as plain HTML: each
// has its page at a readable URL, named in <title> and described in schema.org terms
// before any script runs; the same path with an unknown id is a 404.
func TestEveryKindHasAPage(t *testing.T) {
	ts := startServer(t, nil)
	for _, tt := range []struct{ path, schema, name string }{
		{"/countries/spain", "Country", "Spain"},
		{"/projects/cyprus-intercultural-integration", "Project", "Intercultural integration in Cyprus"},
		{"/people/kontxi-claver-zurro", "Person", "Kontxi Claver Zurro"},
		{"/organisations/council-of-europe", "Organization", "Council of Europe"},
		{"/events/icc-annual-meeting-2023", "Event", "2023 annual meeting of I"},
		{"/publications/policy-brief-appreciative-inquiry", "CreativeWork", "Building meaningful public participation"},
		{"/networks/icc-network", "Organization", "International Intercultural Cities (ICC) network"},
		{"/index-reports/index-report-valencia", "Report", "ICC Index report – Valencia"},
		{"/themes/equality", "DefinedTerm", "Equality"},
		{"/sources/icc-coordinators-meeting-2023", "Report", "Annual meeting of the Intercultural Cities (ICC) coordinators"},
	} {
		status, page := getPage(t, ts.URL+tt.path+"?lang=en", "")
		if status != http.StatusOK {
			t.Errorf("GET %s: status %d, want 200", tt.path, status)
			continue
		}
		ld := headJSONLD(t, page)
		if name, _ := ld["name"].(string); ld["@type"] != tt.schema || !strings.HasPrefix(name, tt.name) {
			t.Errorf("GET %s: JSON-LD %v, want a %s named %q…", tt.path, ld, tt.schema, tt.name)
		}
		if !strings.Contains(page, "<title>"+tt.name) {
			t.Errorf("GET %s: the <title> does not name %q", tt.path, tt.name)
		}
		prefix := tt.path[:strings.LastIndex(tt.path, "/")+1]
		if status, _ := getPage(t, ts.URL+prefix+"no-such-entity", "en"); status != http.StatusNotFound {
			t.Errorf("GET %sno-such-entity: status %d, want 404", prefix, status)
		}
	}
	// An event's page says when it starts, for calendars and search engines.
	_, page := getPage(t, ts.URL+"/events/icc-annual-meeting-2023?lang=en", "")
	if ld := headJSONLD(t, page); ld["startDate"] != "2023-11-14" {
		t.Errorf("the 2023 meeting's JSON-LD startDate = %v, want 2023-11-14", ld["startDate"])
	}
}
