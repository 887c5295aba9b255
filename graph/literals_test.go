package graph_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
)

// TestNoRelationshipTypeLiterals scans every hand-written Go file of the repository for
// a string literal naming a relationship type: in Cypher ([:RUN_BY], |HOSTED), as a
// value ("RUN_BY"), in a GraphQL query or a YAML fixture. Relationship types are
// written once, in graph/kinds.go; code uses the generated constants (graph.RelRunBy)
// or the named paths of graph/paths.go, so renaming a type is one edit the compiler
// follows.
func TestNoRelationshipTypeLiterals(t *testing.T) {
	var types []string
	seen := map[string]bool{}
	for _, r := range graph.Rels() {
		if !seen[r.Type] {
			seen[r.Type] = true
			types = append(types, r.Type)
		}
	}
	sort.Slice(types, func(i, j int) bool { return len(types[i]) > len(types[j]) })
	word := regexp.MustCompile(`(^|[^A-Za-z0-9_])(` + strings.Join(types, "|") + `)([^A-Za-z0-9_]|$)`)

	root := filepath.Join("..")
	var found []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && path != root || d.Name() == "node_modules" || d.Name() == "generated" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_gen.go") || filepath.ToSlash(path) == "../graph/kinds.go" {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.Contains(string(src), "// Code generated ") && strings.Contains(string(src), "DO NOT EDIT") {
			return nil
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			if m := word.FindStringSubmatch(s); m != nil {
				found = append(found, fset.Position(lit.Pos()).String()+": "+m[2])
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range found {
		t.Errorf("%s: relationship type written as a string literal; use graph.Rel… or a named path", f)
	}
}

// TestNoRelationshipTypeLiteralsInJavaScript does for the pages and the benchmark peer
// what TestNoRelationshipTypeLiterals does for Go: a relationship type quoted on its own
// ('HOSTED') or in a Cypher pattern ([:RUN_BY]) in hand-written JavaScript fails; the
// scripts import REL from the modules kindsgen generates (rels.gen.js, kinds.gen.mjs).
func TestNoRelationshipTypeLiteralsInJavaScript(t *testing.T) {
	var types []string
	seen := map[string]bool{}
	for _, r := range graph.Rels() {
		if !seen[r.Type] {
			seen[r.Type] = true
			types = append(types, r.Type)
		}
	}
	alt := strings.Join(types, "|")
	quoted := regexp.MustCompile("(['\"`])(" + alt + ")(['\"`])")
	pattern := regexp.MustCompile(`[\[|]:?(` + alt + `)[\]|*{ ]`)

	scanned := 0
	var found []string
	for _, dir := range []string{"../web/static/js", "../bench/peer/node"} {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if d.Name() == "node_modules" || d.Name() == "vendor" {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(path, ".js") && !strings.HasSuffix(path, ".mjs") || strings.Contains(d.Name(), ".gen.") {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			scanned++
			for i, line := range strings.Split(string(src), "\n") {
				for _, re := range []*regexp.Regexp{quoted, pattern} {
					if m := re.FindString(line); m != "" {
						found = append(found, path+":"+strconv.Itoa(i+1)+": "+m)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if scanned == 0 {
		t.Fatal("no JavaScript file scanned: the directories moved?")
	}
	for _, f := range found {
		t.Errorf("%s: relationship type written by hand; import REL from the generated module", f)
	}
}
