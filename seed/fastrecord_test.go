package seed

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/practicegraph/practicegraph/graph"
)

// sameNode compares what parseRecord reads of two YAML trees.
func sameNode(a, b *yaml.Node) string {
	if a.Kind != b.Kind || a.Tag != b.Tag || a.Value != b.Value || a.Line != b.Line || len(a.Content) != len(b.Content) {
		return fmt.Sprintf("fast {kind %d tag %s value %q line %d, %d children} vs YAML {kind %d tag %s value %q line %d, %d children}",
			a.Kind, a.Tag, a.Value, a.Line, len(a.Content), b.Kind, b.Tag, b.Value, b.Line, len(b.Content))
	}
	for i := range a.Content {
		if d := sameNode(a.Content[i], b.Content[i]); d != "" {
			return d
		}
	}
	return ""
}

// streamCompared streams files, decoding every record both ways; it returns how many
// records the fast decoder took.
func streamCompared(t *testing.T, files ...string) (fast, all int) {
	t.Helper()
	s := &streamer{fn: func(Record) error { return nil }, seen: map[graph.Ref]fileLine{}}
	s.decode = func(text []byte, line int) (*yaml.Node, error) {
		all++
		var doc yaml.Node
		if err := yaml.Unmarshal(text, &doc); err != nil {
			if _, ok := fastRecord(text, line); ok {
				t.Errorf("line %d: the fast decoder takes what YAML refuses (%v):\n%s", line, err, text)
			}
			return decodeItem(text, line)
		}
		shift(&doc, line-1)
		want := doc.Content[0].Content[0]
		got, ok := fastRecord(text, line)
		if !ok {
			return want, nil
		}
		fast++
		if d := sameNode(got, want); d != "" {
			t.Errorf("line %d: %s in\n%s", line, d, text)
		}
		return want, nil
	}
	for i, f := range files {
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		s.fileNo = i
		if err := s.file(context.Background(), f, r); err != nil {
			t.Fatal(err)
		}
		r.Close()
	}
	return fast, all
}

// The fast decoder builds exactly the nodes YAML builds, for every record it takes.
func TestFastRecordDecodesAsYAML(t *testing.T) {
	files, err := filepath.Glob("data/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fast, all := streamCompared(t, files...)
	t.Logf("seed: the fast decoder took %d of %d records", fast, all)

	// The shape generated imports take, and near misses the general decoder must read.
	dir := t.TempDir()
	generated := `kind: Practice
source: s
records:
  - id: practice-000001
    section: "Practices › 0"
    name: {orig: en, fr: "Quartier \"vivant\" \u00e9t\u00e9", en: "Living\\nneighbourhood / café"}
    startYear: 2014
    status: active
    flag: true
    links:
      - {rel: {R1}, to: city-x}
      - {rel: {R2}, to: org-1, role: {orig: fr, fr: "porteur", en: "lead"}}
      - {rel: {R3}, to: t , note: [a, "b", 3]}
  - id: practice-000002
    name: {orig: en, fr: "x", en: "y"}
    links:
    - {rel: {R1}, to: city-y}
  - id: spaced
    links:
    -   {rel: {R1}, to: city-z}
  - id: near-misses
    a: yes
    b: Null
    c: 0x1F
    d: 012
    e: 2024-05-01
    f: 1.5
    g: -3
    h: 'single'
    i: "tab\there"
    j: word # comment
    k: [a, {b: c}]
    l: {a: 1, a: 2}
    m: "\x41"
    n: ~
  - id: block
    description:
      orig: fr
      fr: "x"
    items:
      - a
      - b
  - {id: flow, name: x}
  -
    id: late
`
	path := filepath.Join(dir, "generated.yaml")
	generated = strings.NewReplacer("\\t", "\t", "{R1}", graph.RelRunBy, "{R2}", graph.RelInvolves, "{R3}", graph.RelHasTheme).Replace(generated)
	if err := os.WriteFile(path, []byte(generated), 0o644); err != nil {
		t.Fatal(err)
	}
	fast, all = streamCompared(t, path)
	if fast < 2 || all != 7 {
		t.Errorf("the fast decoder took %d of %d generated records, want the first two of 7", fast, all)
	}
}
