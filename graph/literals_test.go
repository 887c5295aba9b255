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
