package web

import (
	"context"
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"github.com/practicegraph/practicegraph/graph"
)

// Entities is what the pages read from the graph to describe an entity in the HTML
// itself, for readers that run no script (link previews, search engines, citation
// managers). graph.Store fits.
type Entities interface {
	// Node returns one node. Returns ENOTFOUND when it does not exist.
	Node(ctx context.Context, ref graph.Ref) (graph.Node, error)
}

// entityPage is a page about one entity: its URL prefix and kind, and the schema.org
// type its JSON-LD declares.
type entityPage struct {
	prefix string // e.g. "/practices/"
	kind   graph.Kind
	schema string // schema.org type
}

// entityPages are the entity pages the router draws, by URL prefix: every kind a reader
// meets but the assessment statement, which its practice's page shows. The pages' script
// keeps the same table (static/js/url.js, PAGE_PATHS).
var entityPages = []entityPage{
	{"/practices/", graph.KindPractice, "CreativeWork"},
	{"/cities/", graph.KindCity, "Place"},
	{"/countries/", graph.KindCountry, "Country"},
	{"/grants/", graph.KindGrant, "MonetaryGrant"},
	{"/projects/", graph.KindProject, "Project"},
	{"/people/", graph.KindPerson, "Person"},
	{"/organisations/", graph.KindOrganisation, "Organization"},
	{"/events/", graph.KindEvent, "Event"},
	{"/publications/", graph.KindPublication, "CreativeWork"},
	{"/networks/", graph.KindNetwork, "Organization"},
	{"/index-reports/", graph.KindIndexReport, "Report"},
	{"/themes/", graph.KindTheme, "DefinedTerm"},
	{"/sources/", graph.KindSource, "Report"},
}

// head is what a page says about itself before any script runs.
type head struct {
	Title       string
	Description string
	URL         string // absolute address of the page, for og:url and JSON-LD
	Type        string // og:type
	JSONLD      template.JS
	Cite        *citation
}

// citation is the "cite this" block: where the entity's facts come from.
type citation struct {
	Name    string // the entity's name
	Source  string // title of the source report
	Section string // heading path within it
	Date    string // the source's publication date, as the graph holds it
	URL     string // the page's address
	// Licence is the source's licence and LicenceURL its text, where the source states one.
	Licence, LicenceURL string
}

// describe builds the head of the page about node, in lang.
func describe(ctx context.Context, entities Entities, page entityPage, node graph.Node, lang, url string) head {
	name := textIn(node, lang, "name", "title")
	if name == "" {
		name = node.String("name")
	}
	if name == "" {
		name = node.ID
	}
	desc := textIn(node, lang, "summary", "description", "purpose", "objectives", "note", "role")
	h := head{Title: name, Description: desc, URL: url, Type: "website"}
	if page.kind == graph.KindPractice {
		h.Type = "article"
	}

	ld := map[string]any{
		"@context": "https://schema.org",
		"@type":    page.schema,
		"@id":      url,
		"url":      url,
		"name":     name,
	}
	if desc != "" {
		ld["description"] = desc
	}
	switch page.kind {
	case graph.KindPractice:
		if y := node.Int("startYear"); y != nil {
			ld["dateCreated"] = *y
		}
	case graph.KindPerson:
		if r := textIn(node, lang, "role"); r != "" {
			ld["jobTitle"] = r
		}
	case graph.KindOrganisation, graph.KindNetwork:
		if a := node.String("acronym"); a != "" {
			ld["alternateName"] = a
		}
	case graph.KindEvent:
		if d := node.String("startDate"); d != "" {
			ld["startDate"] = d
		}
		if d := node.String("endDate"); d != "" {
			ld["endDate"] = d
		}
	case graph.KindPublication, graph.KindIndexReport:
		if y := node.Int("year"); y != nil {
			ld["datePublished"] = strconv.Itoa(*y)
		}
	case graph.KindCountry:
		if c := node.String("iso2"); c != "" {
			ld["identifier"] = c
		}
	case graph.KindSource:
		if d := node.String("publishedOn"); d != "" {
			ld["datePublished"] = d
		}
		if l := node.String("language"); l != "" {
			ld["inLanguage"] = l
		}
		if u := node.String("url"); u != "" {
			ld["sameAs"] = u
		}
	case graph.KindGrant:
		if n := node.Int("amountEUR"); n != nil {
			ld["amount"] = map[string]any{"@type": "MonetaryAmount", "currency": "EUR", "value": *n}
		}
		if p := textIn(node, lang, "programme"); p != "" {
			ld["funder"] = map[string]any{"@type": "Organization", "name": p}
		}
	}

	if src := node.Provenance.Source; src != "" {
		c := &citation{Name: name, Section: node.Provenance.Section, URL: url}
		// The source is context: a page whose source cannot be read still describes
		// its entity, without the citation's title and date.
		if s, err := entities.Node(ctx, graph.Ref{Kind: graph.KindSource, ID: src}); err == nil {
			c.Source = textIn(s, lang, "title")
			c.Date = s.String("publishedOn")
			c.Licence, c.LicenceURL = s.String(graph.FieldSourceLicence), s.String(graph.FieldSourceLicenceUrl)
		}
		if c.Source == "" {
			c.Source = src
		}
		h.Cite = c
		based := map[string]any{"@type": "Report", "name": c.Source}
		if c.Date != "" {
			based["datePublished"] = c.Date
		}
		if c.LicenceURL != "" {
			based["license"] = c.LicenceURL
		} else if c.Licence != "" {
			based["license"] = c.Licence
		}
		ld["isBasedOn"] = based
	}
	// json.Marshal escapes <, > and & as \u003c…, so no text can close the script
	// element; that makes the JSON safe to write verbatim.
	raw, err := json.Marshal(ld)
	if err == nil {
		h.JSONLD = template.JS(raw)
	}
	return h
}

// textIn returns the first non-empty of the node's Text fields in lang, falling back
// to English, then to the original.
func textIn(node graph.Node, lang string, fields ...string) string {
	for _, f := range fields {
		t := node.Text(f)
		if t.IsZero() {
			continue
		}
		if v, _ := t.Prefer(lang, "en"); strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// pageURL is the absolute address of the request's page, without its query but for
// the language, so a preview links to the page the reader saw.
func pageURL(r *http.Request, lang string) string {
	scheme := "http"
	if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
		scheme = "https"
	}
	u := scheme + "://" + r.Host + r.URL.EscapedPath()
	if r.URL.Query().Get("lang") == lang {
		u += "?lang=" + lang
	}
	return u
}
