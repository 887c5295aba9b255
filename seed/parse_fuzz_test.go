package seed_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/seed"
)

// FuzzParse feeds arbitrary bytes to the import parser: it never panics, and it either
// returns records or names what is wrong.
func FuzzParse(f *testing.F) {
	// The seed's smaller files: the fuzzer mutates a large one so slowly (a parse and a
	// validation per mutation) that it barely explores.
	files, _ := filepath.Glob(filepath.Join("data", "*.yaml"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil && len(b) < 8<<10 {
			f.Add(b)
		}
	}
	for _, s := range []string{
		"", "---", "kind: Practice\nrecords: []\n", "kind: Nope\n", "kind: Practice\nrecords:\n  - id: x\n",
		"kind: Practice\nsource: s\nrecords:\n  - id: Bad Id\n    name: {orig: en, en: x}\n",
		"kind: City\nrecords:\n  - id: a\n    links:\n      - {rel: " + graph.RelInCountry + ", to: b}\n      - {rel: 5}\n",
		"a: &a [*a, *a]\nb: *a\n", "kind: [1, 2]\n", "records: {}\n", "\t\x00\xff", "kind: Practice\n---\n---\nkind: City\n",
		"kind: Practice\nrecords:\n  - id: x\n    startYear: 99999999999999999999\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := seed.Parse("fuzz.yaml", bytes.NewReader(data))
		var probs seed.Problems
		switch {
		case err == nil && in == nil:
			t.Fatal("no input and no error")
		case err != nil && errors.As(err, &probs) && len(probs) == 0:
			t.Fatal("an error that names no problem")
		case err != nil && err.Error() == "":
			t.Fatal("an error without a message")
		case err == nil:
			// Validated against an empty graph: every link to an id outside the
			// input is a problem to name, never a panic.
			noneExist := func(context.Context, []graph.Ref) (map[graph.Ref]bool, error) { return map[graph.Ref]bool{}, nil }
			if err := in.Validate(context.Background(), noneExist); err != nil && graph.ErrorCode(err) != graph.EINVALID {
				t.Fatalf("validation failed with %s: %v", graph.ErrorCode(err), err)
			}
			_ = in.Changeset()
		}
	})
}
