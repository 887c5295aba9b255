package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/graph/neo4jstore/neo4jtest"
)

// TestDumpAndImportCommands: `practicegraph dump FILE.jsonl` writes the seeded graph,
// and `practicegraph import FILE.jsonl` reads it back into an emptied graph, which then
// dumps to the same bytes; a dump given with other files is refused.
func TestDumpAndImportCommands(t *testing.T) {
	neo := neo4jtest.Config(t)
	neo4jtest.Lock(t, neo)
	neo4jtest.Wipe(t, neo)
	t.Setenv("NEO4J_URI", neo.URI)
	t.Setenv("NEO4J_USER", neo.User)
	t.Setenv("NEO4J_PASSWORD", neo.Password)
	t.Setenv("NEO4J_DATABASE", neo.Database)
	ctx := context.Background()
	run := func(args ...string) string {
		t.Helper()
		var out, errs bytes.Buffer
		if err := Main(ctx, args, &out, &errs); err != nil {
			t.Fatalf("practicegraph %s: %v\n%s", strings.Join(args, " "), err, errs.String())
		}
		return out.String()
	}
	run("seed", "-seed-dir", "../seed/data")
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first.jsonl"), filepath.Join(dir, "second.jsonl")
	if out := run("dump", first); !strings.Contains(out, "300 nodes, 580 relationships") {
		t.Errorf("dump said %q, want the seed's 300 nodes and 580 relationships", out)
	}
	neo4jtest.Wipe(t, neo)
	if out := run("import", first); !strings.Contains(out, "300 nodes created") || !strings.Contains(out, "580 links created") {
		t.Errorf("import said %q, want 300 nodes and 580 links created", out)
	}
	run("dump", second)
	a, _ := os.ReadFile(first)
	b, _ := os.ReadFile(second)
	if len(a) == 0 || !bytes.Equal(a, b) {
		t.Errorf("the read-back graph's dump (%d bytes) differs from the first (%d bytes)", len(b), len(a))
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("the folder holds %d files, want the two dumps and no leftover temporary file", len(entries))
	}
	// validate checks a dump without Neo4j, references included.
	if out := run("validate", first); !strings.Contains(out, "300 nodes, 580 relationships: valid") {
		t.Errorf("validate said %q, want the dump valid with its counts", out)
	}
	lines := strings.Split(string(a), "\n")
	for i, l := range lines {
		if strings.Contains(l, `"to":{"kind":"City","id":"bilbao"}`) {
			lines[i] = strings.Replace(l, `"id":"bilbao"`, `"id":"bilbaoo"`, 1)
			broken := filepath.Join(dir, "broken.jsonl")
			if err := os.WriteFile(broken, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
				t.Fatal(err)
			}
			err := Main(ctx, []string{"validate", broken}, &bytes.Buffer{}, &bytes.Buffer{})
			if want := fmt.Sprintf("broken.jsonl:%d: ", i+1); err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), `City "bilbaoo" is not in the dump`) {
				t.Errorf("validate of a dump linking to a missing city: %v, want line %d named", err, i+1)
			}
			os.Remove(broken)
			break
		}
	}
	err := Main(ctx, []string{"import", first, "../seed/data"}, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "imported alone") {
		t.Errorf("a dump with a folder: %v, want it refused as imported alone", err)
	}
}
