package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/web"
)

// entities is an in-memory graph of a few nodes: enough for the page heads, whose
// reading of the real graph the server's tests cover.
type entities map[graph.Ref]graph.Node

func (e entities) Node(ctx context.Context, ref graph.Ref) (graph.Node, error) {
	if n, ok := e[ref]; ok {
		return n, nil
	}
	return graph.Node{}, graph.NotFound(ref.Kind, ref.ID)
}

func text(orig string, values ...string) graph.Text {
	t := graph.Text{Orig: orig, Values: map[string]string{}}
	for i := 0; i+1 < len(values); i += 2 {
		t.Values[values[i]] = values[i+1]
	}
	return t
}

func testEntities() entities {
	src := graph.Node{Kind: graph.KindSource, ID: "meeting-2023",
		Texts: map[string]graph.Text{"title": text("fr", "fr", "Réunion des coordinateurs 2023")},
		Props: map[string]any{"publishedOn": "2023-11-14"}}
	practice := graph.Node{Kind: graph.KindPractice, ID: "tours",
		Texts: map[string]graph.Text{
			"name":    text("fr", "fr", "Visites </script><b>guidées</b>", "en", "Guided </script> tours"),
			"summary": text("fr", "fr", "Des habitants guident les visiteurs."),
		},
		Props:      map[string]any{"startYear": int64(2018)},
		Provenance: graph.Provenance{Source: "meeting-2023", Section: "Bonnes pratiques > Bilbao"}}
	grant := graph.Node{Kind: graph.KindGrant, ID: "g-2021",
		Texts: map[string]graph.Text{"name": text("en", "en", "Inter-city grant 2021"), "programme": text("en", "en", "ICC")},
		Props: map[string]any{"amountEUR": int64(5000)}}
	return entities{src.Ref(): src, practice.Ref(): practice, grant.Ref(): grant}
}

var jsonLD = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)

func TestEntityPageDescribesItsEntity(t *testing.T) {
	h := web.Handler(testEntities())
	resp := get(t, h, "/practices/tours?lang=en")
	page := body(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200", resp.StatusCode)
	}
	head, _, _ := strings.Cut(page, `<script type="module"`)
	for _, want := range []string{
		`<html lang="en">`,
		`<title>Guided &lt;/script&gt; tours – practicegraph</title>`,
		// No English summary: the French original stands in.
		`<meta name="description" content="Des habitants guident les visiteurs.">`,
		`<meta property="og:title" content="Guided &lt;/script&gt; tours">`,
		`<meta property="og:type" content="article">`,
		`<meta property="og:url" content="http://example.com/practices/tours?lang=en">`,
	} {
		if !strings.Contains(head, want) {
			t.Errorf("head lacks %s:\n%s", want, head)
		}
	}
	if strings.Count(page, "</script>") != 2 { // the JSON-LD's and the module's, none from the name
		t.Errorf("the page has %d </script>, want 2: a name closed a script element:\n%s", strings.Count(page, "</script>"), page)
	}
	m := jsonLD.FindStringSubmatch(head)
	if m == nil {
		t.Fatalf("no JSON-LD before the page's script:\n%s", head)
	}
	var ld map[string]any
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatalf("JSON-LD does not parse: %v\n%s", err, m[1])
	}
	if got, want := ld["@type"], "CreativeWork"; got != want {
		t.Errorf("@type = %v, want %v", got, want)
	}
	if got, want := ld["name"], "Guided </script> tours"; got != want {
		t.Errorf("name = %v, want %v", got, want)
	}
	based, _ := ld["isBasedOn"].(map[string]any)
	if based["name"] != "Réunion des coordinateurs 2023" || based["datePublished"] != "2023-11-14" {
		t.Errorf("isBasedOn = %v, want the 2023 meeting report of 2023-11-14", ld["isBasedOn"])
	}
	for _, want := range []string{`<aside id="cite"`, `Cite this page`, `<cite>Réunion des coordinateurs 2023</cite>`,
		`section “Bonnes pratiques &gt; Bilbao”`, `<time datetime="2023-11-14">`} {
		if !strings.Contains(page, want) {
			t.Errorf("cite block lacks %s:\n%s", want, page)
		}
	}
}

func TestGrantPageIsAMonetaryGrant(t *testing.T) {
	page := body(t, get(t, web.Handler(testEntities()), "/grants/g-2021", "Accept-Language", "it-IT,it;q=0.9"))
	m := jsonLD.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no JSON-LD:\n%s", page)
	}
	var ld struct {
		Type   string `json:"@type"`
		Name   string
		Amount struct {
			Currency string
			Value    int
		}
	}
	if err := json.Unmarshal([]byte(m[1]), &ld); err != nil {
		t.Fatal(err)
	}
	if ld.Type != "MonetaryGrant" || ld.Name != "Inter-city grant 2021" || ld.Amount.Currency != "EUR" || ld.Amount.Value != 5000 {
		t.Errorf("JSON-LD = %+v, want the MonetaryGrant of 5000 EUR", ld)
	}
	if !strings.Contains(page, `<html lang="it">`) {
		t.Errorf("an Italian browser does not get lang=it:\n%s", page)
	}
	if strings.Contains(page, `id="cite"`) {
		t.Errorf("a grant without provenance has a cite block:\n%s", page)
	}
}

func TestUnknownEntityIsNotFoundInTheReadersLanguage(t *testing.T) {
	h := web.Handler(testEntities())
	for _, tt := range []struct {
		path, acceptLang, want string
	}{
		{"/practices/nope", "pt-PT,pt;q=0.9", "Página não encontrada"},
		{"/practices/nope", "fr-FR", "Page introuvable"},
		{"/cities/nope?lang=es", "fr-FR", "Página no encontrada"},
		{"/grants/tours", "en-GB", "Page not found"}, // a practice's id is no grant
	} {
		resp := get(t, h, tt.path, "Accept-Language", tt.acceptLang)
		page := body(t, resp)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: status = %d, want 404", tt.path, resp.StatusCode)
		}
		if !strings.Contains(page, "<h1>"+tt.want+"</h1>") {
			t.Errorf("GET %s (%s): no <h1>%s</h1>:\n%s", tt.path, tt.acceptLang, tt.want, page)
		}
	}
}

func TestReaderLanguage(t *testing.T) {
	h := web.Handler(nil)
	for _, tt := range []struct {
		target, acceptLang, cookie, want string
	}{
		{"/", "", "", "fr"},
		{"/", "pt-PT,pt;q=0.9,en;q=0.8", "", "pt"},
		{"/", "pt-BR", "", "pt"},
		{"/", "fr-FR,fr;q=0.9", "", "fr"},
		{"/", "de-DE,de;q=0.9,en;q=0.5,fr;q=0.4", "", "en"},
		{"/", "de-DE", "", "fr"},
		{"/", "en;q=0.3, es-ES", "", "es"},
		{"/", "it;q=0", "", "fr"},
		{"/", "pt-PT", "en", "en"},         // the remembered choice beats the browser
		{"/?lang=it", "pt-PT", "en", "it"}, // and the URL beats both
		{"/?lang=xx", "es", "", "es"},
		{"/", "", "xx", "fr"},
	} {
		req := []string{"Accept-Language", tt.acceptLang}
		if tt.cookie != "" {
			req = append(req, "Cookie", web.LangCookie+"="+tt.cookie)
		}
		page := body(t, get(t, h, tt.target, req...))
		if !strings.Contains(page, `<html lang="`+tt.want+`">`) {
			t.Errorf("GET %s Accept-Language %q cookie %q: want lang %q, got %s", tt.target, tt.acceptLang, tt.cookie, tt.want, page[:80])
		}
	}
}

// TestCiteBlockNamesTheSourcesLicence: a source that states its licence has it in the
// "cite this" block, linked to its text, and in the JSON-LD; the test entities' report,
// which states none, has no licence (the test above sees the block without one).
func TestCiteBlockNamesTheSourcesLicence(t *testing.T) {
	es := testEntities()
	src := es[graph.Ref{Kind: graph.KindSource, ID: "meeting-2023"}]
	src.Props = map[string]any{"publishedOn": "2023-11-14", "licence": "CC BY 4.0", "licenceUrl": "https://creativecommons.org/licenses/by/4.0/"}
	es[src.Ref()] = src
	page := body(t, get(t, web.Handler(es), "/practices/tours?lang=en"))
	if want := `(licence: <a rel="license" href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>)`; !strings.Contains(page, want) {
		t.Errorf("cite block lacks %s:\n%s", want, page)
	}
	m := jsonLD.FindStringSubmatch(page)
	var ld struct {
		IsBasedOn struct{ License string } `json:"isBasedOn"`
	}
	if m == nil || json.Unmarshal([]byte(m[1]), &ld) != nil || ld.IsBasedOn.License != "https://creativecommons.org/licenses/by/4.0/" {
		t.Errorf("JSON-LD isBasedOn.license = %q, want the licence's URL", ld.IsBasedOn.License)
	}
	plain := body(t, get(t, web.Handler(testEntities()), "/practices/tours?lang=en"))
	if strings.Contains(plain, "licence") || strings.Contains(plain, `"license"`) {
		t.Errorf("a source stating no licence shows one:\n%s", plain)
	}
}
