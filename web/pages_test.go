package web

import (
	"regexp"
	"strings"
	"testing"
)

// TestPagePathsMatchTheServer keeps the pages' table of entity page paths (url.js) and
// the server's (entityPages) equal: a kind the script links to must be a page the server
// serves, and the other way round.
func TestPagePathsMatchTheServer(t *testing.T) {
	src, err := files.ReadFile("static/js/url.js")
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile(`(?s)export const PAGE_PATHS = \{(.*?)\};`).FindSubmatch(src)
	if block == nil {
		t.Fatal("url.js has no PAGE_PATHS table")
	}
	script := map[string]string{}
	for _, m := range regexp.MustCompile(`([A-Z_]+): '([^']+)'`).FindAllSubmatch(block[1], -1) {
		script[string(m[1])] = string(m[2])
	}
	server := map[string]string{}
	for _, p := range entityPages {
		kind := regexp.MustCompile(`([a-z])([A-Z])`).ReplaceAllString(string(p.kind), "${1}_${2}")
		server[strings.ToUpper(kind)] = p.prefix
	}
	for k, path := range server {
		if script[k] != path {
			t.Errorf("%s: the server serves %s, url.js links to %q", k, path, script[k])
		}
	}
	for k, path := range script {
		if server[k] == "" {
			t.Errorf("%s: url.js links to %s, which the server does not serve", k, path)
		}
	}
	if len(server) != 13 {
		t.Errorf("the server serves %d kinds of entity page, want 13 (every kind but the assessment statement)", len(server))
	}
}
