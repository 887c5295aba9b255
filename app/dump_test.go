package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/practicegraph/practicegraph/app"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/graph/neo4jstore"
	"github.com/practicegraph/practicegraph/graph/neo4jstore/neo4jtest"
)

// TestDumpReadsBackToTheSameGraph: the seed, dumped, wiped and read back from the dump,
// dumps to the same bytes, with the same counts in the database.
func TestDumpReadsBackToTheSameGraph(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	a := &app.App{Store: st}
	if _, _, err := a.LoadSeed(ctx, "../seed/data"); err != nil {
		t.Fatalf("load seed: %v", err)
	}
	var first bytes.Buffer
	counts, err := a.Dump(ctx, &first)
	if err != nil {
		t.Fatalf("dump: %v", err)
	}
	// The README's figures for the seed report: 300 entities, 580 relationships.
	if counts != (app.DumpCounts{Nodes: 300, Relationships: 580}) {
		t.Errorf("dump counts = %+v, want 300 nodes and 580 relationships", counts)
	}
	lines := strings.Split(strings.TrimSuffix(first.String(), "\n"), "\n")
	if got := len(lines); got != 300+580+2 {
		t.Errorf("dump has %d lines, want %d (header, nodes, relationships, end)", got, 300+580+2)
	}
	var diversitours map[string]any
	for _, l := range lines {
		if strings.HasPrefix(l, `{"type":"node","kind":"Practice","id":"diversitours",`) {
			if err := json.Unmarshal([]byte(l), &diversitours); err != nil {
				t.Fatal(err)
			}
		}
	}
	name, _ := diversitours["fields"].(map[string]any)["name"].(map[string]any)
	prov, _ := diversitours["provenance"].(map[string]any)
	if name["orig"] != "fr" || name["fr"] == nil || name["en"] == nil || prov["source"] != "icc-coordinators-meeting-2023" || prov["section"] == "" {
		t.Errorf("diversitours line = %v; want its name in French (the original) and English, and its provenance", diversitours)
	}
	nodes, rels := neo4jtest.Counts(t, st)

	path := filepath.Join(t.TempDir(), "graph.jsonl")
	if err := os.WriteFile(path, first.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	neo4jtest.Wipe(t, neo4jtest.Config(t))
	res, err := a.ImportDump(ctx, path, app.ImportOptions{})
	if err != nil {
		t.Fatalf("import the dump: %v", err)
	}
	if res.NodesCreated != 300 || res.LinksCreated != 580 {
		t.Errorf("import created %d nodes and %d links, want 300 and 580", res.NodesCreated, res.LinksCreated)
	}
	var second bytes.Buffer
	if _, err := a.Dump(ctx, &second); err != nil {
		t.Fatalf("second dump: %v", err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		a, b := strings.Split(first.String(), "\n"), strings.Split(second.String(), "\n")
		for i := range min(len(a), len(b)) {
			if a[i] != b[i] {
				t.Fatalf("the dump of the read-back graph differs at line %d:\n first: %s\nsecond: %s", i+1, a[i], b[i])
			}
		}
		t.Fatalf("the dump of the read-back graph has %d lines, the first %d", len(b), len(a))
	}
	if n, r := neo4jtest.Counts(t, st); n != nodes || r != rels {
		t.Errorf("database counts after read-back = %d nodes, %d relationships; want %d, %d", n, r, nodes, rels)
	}
}

// TestDumpWithABadLineWritesNothing: a corrupt line, a value of the wrong type, a field
// no kind has, a relationship away from its node or a cut file is refused whole, the
// message naming the line, and nothing is written.
func TestDumpWithABadLineWritesNothing(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	a := &app.App{Store: st}
	if _, _, err := a.LoadSeed(ctx, "../seed/data"); err != nil {
		t.Fatalf("load seed: %v", err)
	}
	var buf bytes.Buffer
	if _, err := a.Dump(ctx, &buf); err != nil {
		t.Fatalf("dump: %v", err)
	}
	good := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	// The line of a practice, late in the file, and of one of its relationships.
	practice := -1
	for i, l := range good {
		if strings.HasPrefix(l, `{"type":"node","kind":"Practice","id":"diversitours",`) {
			practice = i
		}
	}
	if practice < 0 || !strings.Contains(good[practice+1], `"type":"relationship"`) {
		t.Fatalf("no diversitours line followed by a relationship in the dump")
	}
	neo4jtest.Wipe(t, neo4jtest.Config(t))
	nodes, rels := neo4jtest.Counts(t, st)

	edit := func(i int, with string) func([]string) []string {
		return func(ls []string) []string { ls[i] = with; return ls }
	}
	tests := []struct {
		name   string
		change func([]string) []string
		line   int // 1-based line the message must name
		want   string
	}{
		{"not JSON", edit(practice, good[practice][:40]), practice + 1, "not a dump line"},
		{"wrong type", edit(practice, strings.Replace(good[practice], `"fields":{`, `"fields":{"startYear":"twenty",`, 1)), practice + 1, "startYear"},
		{"unknown field", edit(practice, strings.Replace(good[practice], `"fields":{`, `"fields":{"colour":"blue",`, 1)), practice + 1, "colour"},
		{"relationship away from its node", func(ls []string) []string {
			ls[practice], ls[practice+1] = ls[practice+1], ls[practice]
			return ls
		}, practice + 1, "must follow the line of the node"},
		{"cut short", func(ls []string) []string { return ls[:len(ls)-1] }, len(good) - 1, "cut short"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			neo4jtest.Wipe(t, neo4jtest.Config(t)) // whatever an earlier case did
			lines := tt.change(append([]string(nil), good...))
			path := filepath.Join(t.TempDir(), "graph.jsonl")
			if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := a.ImportDump(ctx, path, app.ImportOptions{})
			if err == nil {
				t.Fatal("import of a bad dump succeeded")
			}
			if graph.ErrorCode(err) != graph.EINVALID {
				t.Errorf("code = %q, want %q", graph.ErrorCode(err), graph.EINVALID)
			}
			if msg := err.Error(); !strings.Contains(msg, fmt.Sprintf("%s:%d: ", path, tt.line)) || !strings.Contains(msg, tt.want) {
				t.Errorf("error = %v, want it to name line %d and say %q", err, tt.line, tt.want)
			}
			if n, r := neo4jtest.Counts(t, st); n != nodes || r != rels {
				t.Errorf("after a refused import: %d nodes, %d relationships; want %d, %d (nothing written)", n, r, nodes, rels)
			}
		})
	}
}

// hookedStore runs hook the first time nodes are read, as an editor's write or an
// import's publishing might happen while a dump runs.
type hookedStore struct {
	*neo4jstore.Store
	once sync.Once
	hook func()
}

func (h *hookedStore) Nodes(ctx context.Context, kind graph.Kind, ids []string) (map[string]graph.Node, error) {
	h.once.Do(h.hook)
	return h.Store.Nodes(ctx, kind, ids)
}

// TestDumpRefusesAGraphThatChangedMeanwhile: a write during the dump fails it with
// CONFLICT and leaves out the end line, so the partial file cannot be read back.
func TestDumpRefusesAGraphThatChangedMeanwhile(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	if _, _, err := (&app.App{Store: st}).LoadSeed(ctx, "../seed/data"); err != nil {
		t.Fatalf("load seed: %v", err)
	}
	ws := &hookedStore{Store: st, hook: func() {
		_, err := st.Apply(ctx, graph.Changeset{Creates: []graph.Node{{Kind: graph.KindCountry, ID: "atlantis",
			Texts:      map[string]graph.Text{"name": {Orig: "en", Values: map[string]string{"en": "Atlantis", "fr": "Atlantide"}}},
			Props:      map[string]any{"iso2": "AT"},
			Provenance: graph.Provenance{Source: "icc-coordinators-meeting-2023", Section: "Test"}}}})
		if err != nil {
			t.Errorf("write during the dump: %v", err)
		}
	}}
	var buf bytes.Buffer
	_, err := (&app.App{Store: ws}).Dump(ctx, &buf)
	if graph.ErrorCode(err) != graph.ECONFLICT || !strings.Contains(err.Error(), "changed while it was dumped") {
		t.Errorf("dump with a write meanwhile: %v, want CONFLICT saying the graph changed", err)
	}
	if strings.Contains(buf.String(), `{"type":"end"`) {
		t.Errorf("the refused dump has an end line")
	}
}

// TestDumpRefusesAnImportPublishedMeanwhile: an import takes its version when it
// begins, so its publishing does not move the graph's version; a dump that spans it
// still sees the graph change, through the version its readers see.
func TestDumpRefusesAnImportPublishedMeanwhile(t *testing.T) {
	ctx := context.Background()
	st := neo4jtest.Open(t)
	if _, _, err := (&app.App{Store: st}).LoadSeed(ctx, "../seed/data"); err != nil {
		t.Fatalf("load seed: %v", err)
	}
	imp, err := st.BeginImport(ctx, graph.ImportOwner{Host: "test", PID: os.Getpid()})
	if err != nil {
		t.Fatal(err)
	}
	atlantis := graph.Node{Kind: graph.KindCountry, ID: "atlantis",
		Texts:      map[string]graph.Text{"name": {Orig: "en", Values: map[string]string{"en": "Atlantis"}}},
		Props:      map[string]any{"iso2": "AT"},
		Provenance: graph.Provenance{Source: "icc-coordinators-meeting-2023", Section: "Test"}}
	if err := imp.StageNodes(ctx, []graph.Node{atlantis}); err != nil {
		t.Fatal(err)
	}
	ps := &hookedStore{Store: st, hook: func() {
		if _, err := imp.Publish(ctx, nil); err != nil {
			t.Errorf("publish during the dump: %v", err)
		}
	}}
	var buf bytes.Buffer
	_, err = (&app.App{Store: ps}).Dump(ctx, &buf)
	if graph.ErrorCode(err) != graph.ECONFLICT || !strings.Contains(err.Error(), "changed while it was dumped") {
		t.Errorf("dump with an import published meanwhile: %v, want CONFLICT saying the graph changed", err)
	}
	if strings.Contains(buf.String(), `{"type":"end"`) {
		t.Errorf("the refused dump has an end line")
	}
}
