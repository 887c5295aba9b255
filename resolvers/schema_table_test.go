package resolvers

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers/model"
)

// schemaExclusions are the fields of graph/kinds.go the GraphQL schema leaves out on
// purpose, with the reason. Empty today: every field is served.
var schemaExclusions = map[string]string{}

func loadSchema(t *testing.T) *ast.Schema {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "schema", "*.graphqls"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no schema files: %v", err)
	}
	var sources []*ast.Source
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, &ast.Source{Name: p, Input: string(b)})
	}
	s, err := gqlparser.LoadSchema(sources...)
	if err != nil {
		t.Fatalf("parse schema: %v", err)
	}
	return s
}

// wantType is the GraphQL type a field of the table must have.
func wantType(f graph.FieldSpec) string {
	var t string
	switch f.Type {
	case graph.FieldText:
		t = "Text"
	case graph.FieldInt:
		t = "Int"
	case graph.FieldBool:
		t = "Boolean"
	case graph.FieldStrings:
		return "[String!]!" // an absent list reads as empty
	default:
		t = "String"
	}
	if f.Required {
		t += "!"
	}
	return t
}

// TestSchemaFollowsTheKindsTable checks that the GraphQL schema and graph/kinds.go
// agree: every kind is a Node type, every field of the table a field of that type with
// the matching GraphQL type (or a documented exclusion), every allowed value of an
// enumerated field named in its description, and EntityKind lists the kinds.
func TestSchemaFollowsTheKindsTable(t *testing.T) {
	s := loadSchema(t)
	for _, k := range graph.Kinds() {
		def := s.Types[string(k.Kind)]
		if def == nil || def.Kind != ast.Object {
			t.Errorf("%s: no GraphQL object type", k.Kind)
			continue
		}
		if !implements(def, "Node") {
			t.Errorf("%s does not implement Node", k.Kind)
		}
		for _, f := range k.Fields {
			key := string(k.Kind) + "." + f.Name
			gf := def.Fields.ForName(f.Name)
			if _, excluded := schemaExclusions[key]; excluded {
				if gf != nil {
					t.Errorf("%s is excluded from the schema but served", key)
				}
				continue
			}
			if gf == nil {
				t.Errorf("%s: the table declares it, the schema has no such field (serve it or add it to schemaExclusions with the reason)", key)
				continue
			}
			if got, want := gf.Type.String(), wantType(f); got != want {
				t.Errorf("%s: GraphQL type %s, want %s", key, got, want)
			}
			for _, v := range f.Values {
				if !strings.Contains(gf.Description, v) {
					t.Errorf("%s: the description %q does not name the allowed value %q", key, gf.Description, v)
				}
			}
		}
	}
	enum := s.Types["EntityKind"]
	if enum == nil {
		t.Fatal("no EntityKind enum")
	}
	var got, want []string
	for _, v := range enum.EnumValues {
		got = append(got, v.Name)
	}
	for _, k := range graph.Kinds() {
		want = append(want, string(model.EntityKindOf(k.Kind)))
		if !model.EntityKindOf(k.Kind).IsValid() {
			t.Errorf("EntityKind has no value for %s", k.Kind)
		}
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("EntityKind = %v, the kinds table gives %v", got, want)
	}
}

func implements(def *ast.Definition, iface string) bool {
	for _, i := range def.Interfaces {
		if i == iface {
			return true
		}
	}
	return false
}
