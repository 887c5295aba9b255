package resolvers

import (
	"sort"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/practicegraph/practicegraph/resolvers/generated"
)

// introspectionQuery asks the served schema for every description a client can see,
// deprecated fields and enum values included.
const introspectionQuery = `{
  __schema {
    types {
      name kind description
      fields(includeDeprecated: true) { name description args { name description } }
      inputFields { name description }
      enumValues(includeDeprecated: true) { name description }
    }
  }
}`

type introspected struct {
	Schema struct {
		Types []struct {
			Name        string
			Kind        string
			Description *string
			Fields      []struct {
				Name        string
				Description *string
				Args        []struct {
					Name        string
					Description *string
				}
			}
			InputFields []struct {
				Name        string
				Description *string
			}
			EnumValues []struct {
				Name        string
				Description *string
			}
		}
	} `json:"__schema"`
}

// builtinScalars are GraphQL's own scalars, described by the specification, not by us.
var builtinScalars = map[string]bool{"String": true, "Int": true, "Float": true, "Boolean": true, "ID": true}

// TestEverySchemaElementHasDescription introspects the executable schema the server
// serves and names every type, field, argument, input field and enum value that has no
// description, so a client reading the schema (GraphiQL, the docs) learns what each means.
func TestEverySchemaElementHasDescription(t *testing.T) {
	srv := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}}))
	srv.AddTransport(transport.POST{})
	srv.Use(extension.Introspection{})

	var got introspected
	if err := client.New(srv).Post(introspectionQuery, &got); err != nil {
		t.Fatalf("introspection: %v", err)
	}
	if len(got.Schema.Types) == 0 {
		t.Fatal("introspection returned no types")
	}

	blank := func(d *string) bool { return d == nil || strings.TrimSpace(*d) == "" }
	var missing []string
	described := 0
	for _, ty := range got.Schema.Types {
		if strings.HasPrefix(ty.Name, "__") || builtinScalars[ty.Name] {
			continue
		}
		check := func(d *string, what string) {
			if blank(d) {
				missing = append(missing, what)
			} else {
				described++
			}
		}
		check(ty.Description, "type "+ty.Name)
		for _, f := range ty.Fields {
			check(f.Description, "field "+ty.Name+"."+f.Name)
			for _, a := range f.Args {
				check(a.Description, "argument "+ty.Name+"."+f.Name+"("+a.Name+")")
			}
		}
		for _, f := range ty.InputFields {
			check(f.Description, "input field "+ty.Name+"."+f.Name)
		}
		for _, v := range ty.EnumValues {
			check(v.Description, "enum value "+ty.Name+"."+v.Name)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		t.Errorf("%d of %d schema elements have no description:\n%s",
			len(missing), len(missing)+described, strings.Join(missing, "\n"))
	}
}
