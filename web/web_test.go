package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/web"
)

func get(t *testing.T, h http.Handler, target string, headers ...string) *http.Response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func body(t *testing.T, resp *http.Response) string {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPageRoutesServeTheShell(t *testing.T) {
	h := web.Handler(nil)
	for _, tt := range []struct {
		path     string
		wantCode int
		wantLang string
	}{
		{"/", http.StatusOK, `lang="fr"`},
		{"/search?q=visites&kind=PRACTICE", http.StatusOK, `lang="fr"`},
		{"/search?q=tours&lang=en", http.StatusOK, `lang="en"`},
		{"/practices/diversitours?lang=en", http.StatusOK, `lang="en"`},
		{"/cities/bilbao", http.StatusOK, `lang="fr"`},
		{"/collaborations?year=2023&kinds=GRANT,EVENT", http.StatusOK, `lang="fr"`},
		{"/collaborations?from=bilbao&to=valencia&lang=en", http.StatusOK, `lang="en"`},
		{"/grants?year=2021&city=bilbao", http.StatusOK, `lang="fr"`},
		{"/grants/icc-inter-city-grant-2021-bilbao-valencia?lang=en", http.StatusOK, `lang="en"`},
		{"/grants/a/b", http.StatusNotFound, `lang="fr"`},
		{"/cities/bilbao?lang=xx", http.StatusOK, `lang="fr"`},
		{"/nowhere", http.StatusNotFound, `lang="fr"`},
		{"/practices/", http.StatusNotFound, `lang="fr"`},
		{"/practices/diversitours/more", http.StatusNotFound, `lang="fr"`},
		{"/favicon.ico?lang=en", http.StatusNotFound, `lang="en"`},
	} {
		resp := get(t, h, tt.path)
		got := body(t, resp)
		if resp.StatusCode != tt.wantCode {
			t.Errorf("GET %s = %d, want %d", tt.path, resp.StatusCode, tt.wantCode)
		}
		if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
			t.Errorf("GET %s: Content-Type = %q, want text/html; charset=utf-8", tt.path, ct)
		}
		for _, want := range []string{tt.wantLang, `<script type="module" src="/static/js/app.js">`, `<main id="main"`} {
			if !strings.Contains(got, want) {
				t.Errorf("GET %s: body lacks %q", tt.path, want)
			}
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("GET %s: Content-Security-Policy = %q, want script-src 'self'", tt.path, csp)
		}
	}
}

func TestPagesAnswerOnlyGET(t *testing.T) {
	req := httptest.NewRequest(http.MethodPost, "/search", strings.NewReader("q=x"))
	rec := httptest.NewRecorder()
	web.Handler(nil).ServeHTTP(rec, req)
	if got := rec.Code; got != http.StatusMethodNotAllowed {
		t.Errorf("POST /search = %d, want 405", got)
	}
}

func TestAssetsHaveContentTypes(t *testing.T) {
	h := web.Handler(nil)
	for _, tt := range []struct {
		path, want string
	}{
		{"/static/js/app.js", "text/javascript; charset=utf-8"},
		{"/static/js/pages/search.js", "text/javascript; charset=utf-8"},
		{"/static/js/labels.gen.js", "text/javascript; charset=utf-8"}, // generated from graph/labels.go
		{"/static/app.css", "text/css; charset=utf-8"},
		{"/static/icon.svg", "image/svg+xml"},
		{"/static/vendor/graphiql.min.js", "text/javascript; charset=utf-8"},
		{"/static/vendor/graphiql.min.css", "text/css; charset=utf-8"},
		{"/static/vendor/react.production.min.js", "text/javascript; charset=utf-8"},
		{"/static/vendor/react-dom.production.min.js", "text/javascript; charset=utf-8"},
		{"/static/vendor/LICENSE.graphiql.txt", "text/plain; charset=utf-8"},
	} {
		resp := get(t, h, tt.path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d, want 200", tt.path, resp.StatusCode)
			continue
		}
		if got := resp.Header.Get("Content-Type"); got != tt.want {
			t.Errorf("GET %s: Content-Type = %q, want %q", tt.path, got, tt.want)
		}
		if got := resp.Header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options = %q, want nosniff", tt.path, got)
		}
	}
}

func TestMissingAssetsAre404(t *testing.T) {
	h := web.Handler(nil)
	for _, tt := range []struct {
		path string
		want int
	}{
		{"/static/", http.StatusNotFound},
		{"/static/js/", http.StatusNotFound},
		{"/static/nope.js", http.StatusNotFound},
		{"/static/vendor", http.StatusNotFound},
		{"/static/js/../app.css", http.StatusTemporaryRedirect}, // the mux cleans the path first
	} {
		if got := get(t, h, tt.path).StatusCode; got != tt.want {
			t.Errorf("GET %s = %d, want %d", tt.path, got, tt.want)
		}
	}
}

func TestAssetRevalidationAndGzip(t *testing.T) {
	h := web.Handler(nil)
	first := get(t, h, "/static/app.css")
	plain := body(t, first)
	etag := first.Header.Get("ETag")
	if etag == "" {
		t.Fatal("no ETag on /static/app.css")
	}
	if got := get(t, h, "/static/app.css", "If-None-Match", etag).StatusCode; got != http.StatusNotModified {
		t.Errorf("revalidation with the ETag = %d, want 304", got)
	}

	resp := get(t, h, "/static/app.css", "Accept-Encoding", "gzip, br")
	if got := resp.Header.Get("Content-Encoding"); got != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", got)
	}
	zr, err := gzip.NewReader(bytes.NewReader([]byte(body(t, resp))))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, _ := io.ReadAll(zr)
	if string(unzipped) != plain {
		t.Errorf("gzipped body differs from the plain one")
	}
}

func TestGraphiQLIsSelfHosted(t *testing.T) {
	resp := get(t, web.GraphiQL(), "/graphiql")
	got := body(t, resp)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET /graphiql = %d, want 200", resp.StatusCode)
	}
	for _, want := range []string{"/static/vendor/graphiql.min.js", "/static/vendor/react.production.min.js", "/static/vendor/graphiql.min.css"} {
		if !strings.Contains(got, want) {
			t.Errorf("GraphiQL page lacks %q", want)
		}
	}
	if strings.Contains(got, "https://") || strings.Contains(got, "http://") {
		t.Errorf("GraphiQL page loads something from another host:\n%s", got)
	}
}
