// Package web serves the coordinators' pages (search, practice, city, grant, collaboration
// picture) and a self-hosted GraphiQL. Everything is embedded in the binary. The pages
// get their data from the public GraphQL API like any other client; only the HTML of an
// entity page, for readers that run no script, is described from the graph directly.
package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/json"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/practicegraph/practicegraph/graph"
)

//go:embed static shell.html graphiql.html trusted-documents.json
var files embed.FS

// TrustedDocumentsFile is the pages' GraphQL documents by the SHA-256 (hex) of their
// text, generated from static/js/documents.js by the server's browser tests
// (go test ./server -run TestTrustedDocumentsManifest -update-trusted-documents).
const TrustedDocumentsFile = "trusted-documents.json"

// TrustedDocuments returns the pages' GraphQL documents by the SHA-256 (hex) of their
// text: what a server locked down to the pages' own queries runs.
func TrustedDocuments() map[string]string {
	raw, err := files.ReadFile(TrustedDocumentsFile)
	if err != nil {
		panic("web: " + TrustedDocumentsFile + " is not embedded: " + err.Error())
	}
	docs := map[string]string{}
	if err := json.Unmarshal(raw, &docs); err != nil {
		panic("web: " + TrustedDocumentsFile + " is not a JSON object of documents: " + err.Error())
	}
	return docs
}

// shell is the page every route serves; the JavaScript router draws the page.
var shell = template.Must(template.ParseFS(files, "shell.html"))

// graphiqlPage loads the vendored GraphiQL from /static/vendor/.
var graphiqlPage, _ = files.ReadFile("graphiql.html")

// Content-Security-Policy of the pages: nothing from elsewhere, no inline script.
const pageCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// GraphiQL's editor injects inline styles and its CSS carries fonts as data: URLs.
const graphiqlCSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; " +
	"form-action 'self'; frame-ancestors 'none'"

// Handler serves the pages at their stable URLs, the assets under /static/, and a
// 404 page for anything else. With entities, an entity page's HTML names and describes
// its entity (title, Open Graph, JSON-LD, "cite this") and an unknown id is a 404;
// with nil, every page is the bare shell the script draws.
func Handler(entities Entities) http.Handler {
	mux := http.NewServeMux()
	for _, route := range []string{"GET /{$}", "GET /search", "GET /collaborations", "GET /grants", "GET /edit"} {
		mux.HandleFunc(route, func(w http.ResponseWriter, r *http.Request) { serveShell(w, r, http.StatusOK, nil) })
	}
	for _, page := range entityPages {
		mux.HandleFunc("GET "+page.prefix+"{id}", func(w http.ResponseWriter, r *http.Request) {
			serveEntity(w, r, entities, page)
		})
	}
	mux.HandleFunc("GET /static/", serveAsset)
	// Only GET and HEAD: other methods get 405 from the mux.
	mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) { serveShell(w, r, http.StatusNotFound, nil) })
	return mux
}

// serveEntity serves the page of one entity, described from the graph; an id the
// graph does not hold is a 404.
func serveEntity(w http.ResponseWriter, r *http.Request, entities Entities, page entityPage) {
	if entities == nil {
		serveShell(w, r, http.StatusOK, nil)
		return
	}
	lang := readerLang(r)
	node, err := entities.Node(r.Context(), graph.Ref{Kind: page.kind, ID: r.PathValue("id")})
	switch {
	case graph.ErrorCode(err) == graph.ENOTFOUND:
		serveShell(w, r, http.StatusNotFound, nil)
		return
	case err != nil:
		// The script still draws the page (or says what failed) once the graph
		// answers again; only the description for machines is missing.
		status := http.StatusInternalServerError
		if graph.ErrorCode(err) == graph.EUNAVAILABLE {
			status = http.StatusServiceUnavailable
		}
		serveShell(w, r, status, nil)
		return
	}
	h := describe(r.Context(), entities, page, node, lang, pageURL(r, lang))
	serveShell(w, r, http.StatusOK, &h)
}

// GraphiQL serves the GraphiQL page, talking to /graphql.
func GraphiQL() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setSecurityHeaders(w, graphiqlCSP)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Write(graphiqlPage)
	})
}

// serveShell writes the page shell in the reader's language with the status the route
// calls for and, on an entity page, what the page says about its entity; on a 404 the
// shell says "page not found" and the router shows the same.
func serveShell(w http.ResponseWriter, r *http.Request, status int, h *head) {
	lang := readerLang(r)
	var buf bytes.Buffer
	err := shell.Execute(&buf, map[string]any{
		"Lang":     lang,
		"T":        uiStrings[lang],
		"Head":     h,
		"NotFound": status == http.StatusNotFound,
	})
	if err != nil {
		http.Error(w, "page template failed", http.StatusInternalServerError)
		return
	}
	setSecurityHeaders(w, pageCSP)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	// The language comes from the request's headers and cookie as well as its URL.
	w.Header().Set("Vary", "Accept-Language, Cookie")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

func setSecurityHeaders(w http.ResponseWriter, csp string) {
	h := w.Header()
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
}

// serveAsset serves one embedded file, gzipped when the client accepts it. Embedded
// files have no modification time, so a content hash is the validator.
func serveAsset(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/static/")
	a := lookupAsset(name)
	if a == nil || name != path.Clean(name) {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("ETag", a.etag)
	h.Set("Cache-Control", "no-cache")
	h.Set("Vary", "Accept-Encoding")
	h.Set("X-Content-Type-Options", "nosniff")
	if etagMatches(r.Header.Get("If-None-Match"), a.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body := a.body
	if len(body) > 1024 && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
		body = a.gzipped()
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodHead {
		return
	}
	w.Write(body)
}

func etagMatches(header, etag string) bool {
	for _, v := range strings.Split(header, ",") {
		if v = strings.TrimSpace(v); v == etag || v == "*" {
			return true
		}
	}
	return false
}

// asset is one embedded file, ready to serve.
type asset struct {
	body        []byte
	contentType string
	etag        string

	gzipOnce sync.Once
	gz       []byte
}

// gzipped compresses the body on first use: most assets are small, GraphiQL is not.
func (a *asset) gzipped() []byte {
	a.gzipOnce.Do(func() {
		var buf bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
		zw.Write(a.body)
		zw.Close()
		a.gz = buf.Bytes()
	})
	return a.gz
}

var (
	assetsOnce sync.Once
	assets     map[string]*asset
)

// lookupAsset returns the file under static/ with that name, or nil.
func lookupAsset(name string) *asset {
	assetsOnce.Do(loadAssets)
	return assets[name]
}

func loadAssets() {
	assets = map[string]*asset{}
	sub, _ := fs.Sub(files, "static")
	fs.WalkDir(sub, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		body, err := fs.ReadFile(sub, name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		assets[name] = &asset{
			body:        body,
			contentType: contentType(name),
			etag:        `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`,
		}
		return nil
	})
}

// contentType names the types explicitly so they don't depend on the host's mime tables.
func contentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".txt", ".md":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}
