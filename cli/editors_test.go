package cli

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/server"
)

func TestParseEditors(t *testing.T) {
	const tokA, tokB = "aaaaaaaaaaaaaaaa-1", "bbbbbbbbbbbbbbbb-2"
	tests := []struct {
		name, in string
		want     []server.EditorCredential
		err      string // part of the error; "" for none
	}{
		{"lines with colon and tab", "# editors\nana:" + tokA + "\n\nBen Okri\t" + tokB + "\n",
			[]server.EditorCredential{{Name: "ana", Token: tokA}, {Name: "Ben Okri", Token: tokB}}, ""},
		{"comma-separated", "ana:" + tokA + ", ben:" + tokB,
			[]server.EditorCredential{{Name: "ana", Token: tokA}, {Name: "ben", Token: tokB}}, ""},
		{"no separator", "ana" + tokA, nil, "editor #1: want name:token"},
		{"empty name", ":" + tokA, nil, "editor #1: the name is empty"},
		{"short token", "ana:" + tokA + "\nben:short", nil, "editor #2 (ben): the token must be at least 16"},
		{"token with a space", "ana:aaaa aaaa aaaa aaaa", nil, "must not contain spaces"},
		{"name twice", "ana:" + tokA + "\nana:" + tokB, nil, `the name "ana" is given twice`},
		{"token twice", "ana:" + tokA + "\nben:" + tokA, nil, "editor #2 (ben): the same token as ana"},
		{"nothing", "# none\n", nil, "no editor given"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseEditors(tt.in)
			if tt.err == "" {
				if err != nil || !reflect.DeepEqual(got, tt.want) {
					t.Fatalf("got %+v, %v; want %+v", got, err, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Fatalf("got error %v, want one containing %q", err, tt.err)
			}
			// An error never repeats a token.
			for _, tok := range []string{tokA, tokB, "short", "aaaa aaaa"} {
				if strings.Contains(err.Error(), tok) {
					t.Errorf("error %q repeats a token", err)
				}
			}
		})
	}
}

// PRACTICEGRAPH_EDITORS_FILE is read like every other secret's _FILE, and only the
// editors' names reach the logged configuration.
func TestLoadConfigEditorsFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "editors")
	if err := os.WriteFile(file, []byte("ana:ana-token-0123456789\nben:ben-token-0123456789\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"NEO4J_URI": "bolt://db:7687", "PRACTICEGRAPH_EDITORS_FILE": file}
	cfg, _, err := LoadConfig(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := []server.EditorCredential{{Name: "ana", Token: "ana-token-0123456789"}, {Name: "ben", Token: "ben-token-0123456789"}}
	if !reflect.DeepEqual(cfg.Editors, want) {
		t.Errorf("editors = %+v, want %+v", cfg.Editors, want)
	}
	logged := cfg.LogValue().String()
	if strings.Contains(logged, "token-0123456789") || !strings.Contains(logged, "editors=ana,ben") {
		t.Errorf("logged configuration = %s, want the names and no token", logged)
	}
	env["PRACTICEGRAPH_EDITORS"] = "ana:short"
	if _, _, err := LoadConfig(nil, func(k string) string { return env[k] }, io.Discard); err == nil || !strings.Contains(err.Error(), "PRACTICEGRAPH_EDITORS: editor #1 (ana)") {
		t.Errorf("bad editors: got %v, want the variable and the entry named", err)
	}
}
