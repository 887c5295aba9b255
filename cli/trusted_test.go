package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/server"
	"github.com/practicegraph/practicegraph/web"
)

func TestLoadTrustedDocuments(t *testing.T) {
	dir := t.TempDir()
	const dashboard = "query Dashboard { stats { practices } }"
	good := filepath.Join(dir, "dashboards.json")
	os.WriteFile(good, []byte(`{"sha256:`+server.DocumentHash(dashboard)+`": "`+dashboard+`"}`), 0o600)
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"`+server.DocumentHash("{ __typename }")+`": "`+dashboard+`"}`), 0o600)

	docs, err := loadTrustedDocuments("pages, " + good)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != len(web.TrustedDocuments())+1 || docs[server.DocumentHash(dashboard)] != dashboard {
		t.Errorf("pages and a manifest give %d documents, want the pages' %d and the dashboard's", len(docs), len(web.TrustedDocuments()))
	}
	for _, tt := range []struct{ sources, want string }{
		{bad, "is not the SHA-256 of its document"},
		{filepath.Join(dir, "missing.json"), "no such file"},
		{",", "names no documents"},
	} {
		if _, err := loadTrustedDocuments(tt.sources); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("loadTrustedDocuments(%q) = %v, want an error saying %q", tt.sources, err, tt.want)
		}
	}
}
