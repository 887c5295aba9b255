package resolvers

import (
	"context"
	"reflect"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers/model"
)

// sortFields are the fields the resolvers read of every node of a kind they load,
// whatever the request selects: the keys relationship lists are sorted and filtered by
// (edges.go, fields.go, grant.go).
var sortFields = map[graph.Kind][]string{
	graph.KindEvent:      {graph.FieldEventStartDate, graph.FieldEventStartTime, graph.FieldEventEndTime},
	graph.KindTheme:      {graph.FieldThemeType, graph.FieldThemeName},
	graph.KindAssessment: {graph.FieldAssessmentKind, graph.FieldAssessmentPosition},
	graph.KindGrant:      {graph.FieldGrantYear},
	graph.KindProject:    {graph.FieldProjectStartYear},
}

// refsOnly is the projection of nodes a resolver only walks through: their ids.
var refsOnly = &graph.Projection{}

// projectionFor returns what the field being resolved under ctx needs of the nodes of
// kind k it loads, nil (everything) when that cannot be told from the selection. It
// understands the shapes relationship fields have: a list or single entity, a list of
// links (the entity and its relation), and a count. A selected field the entity's Go
// type answers itself (a method or struct field) that is not a field of the kinds table
// makes the whole node needed; a field answered by a resolver of its own needs only
// the node's id, as that resolver loads what it reads.
func projectionFor(ctx context.Context, k graph.Kind) *graph.Projection {
	if !graphql.HasOperationContext(ctx) {
		return nil
	}
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil || fc.Field.Definition == nil {
		return nil
	}
	return projectionOf(graphql.GetOperationContext(ctx), fc.Field.Definition.Type.Name(), fc.Field.Name, fc.Field.Selections, k)
}

// projectionOf is projectionFor of a field named name, of GraphQL type typ, selecting sel.
func projectionOf(oc *graphql.OperationContext, typ, name string, sel ast.SelectionSet, k graph.Kind) *graph.Projection {
	p := &graph.Projection{}
	switch {
	case typ == "Int" && strings.HasSuffix(name, "Count"):
		// A count needs the ids, and the keys a list is filtered by.
	case typ == string(k):
		if !entityNeeds(oc, sel, k, p) {
			return nil
		}
	case typ == string(k)+"Link":
		if !linkNeeds(oc, sel, k, p) {
			return nil
		}
	default:
		return nil
	}
	p.Fields = append(p.Fields, sortFields[k]...)
	return p
}

// linkNeeds adds to p what a selection of a link type needs: the relation's facts,
// and what the selection of the linked entity needs. It reports false when the
// selection needs more than a projection can say.
func linkNeeds(oc *graphql.OperationContext, sel ast.SelectionSet, k graph.Kind, p *graph.Projection) bool {
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			switch s.Name {
			case "__typename":
			case "relation":
				p.Link = true
			default: // the linked entity, the link's only other field
				if !entityNeeds(oc, s.SelectionSet, k, p) {
					return false
				}
			}
		case *ast.InlineFragment:
			if !linkNeeds(oc, s.SelectionSet, k, p) {
				return false
			}
		case *ast.FragmentSpread:
			d := oc.Doc.Fragments.ForName(s.Name)
			if d == nil || !linkNeeds(oc, d.SelectionSet, k, p) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// entityNeeds adds to p the fields of kind k a selection of the entity reads.
func entityNeeds(oc *graphql.OperationContext, sel ast.SelectionSet, k graph.Kind, p *graph.Projection) bool {
	spec, ok := graph.KindOf(k)
	if !ok {
		return false
	}
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			switch {
			case s.Name == "__typename" || s.Name == "id":
				// Always read.
			case s.Name == "provenance":
				p.Provenance = true
			case hasKindField(spec, s.Name):
				p.Fields = append(p.Fields, s.Name)
			case answersItself(k, s.Name):
				return false
			}
		case *ast.InlineFragment:
			if !entityNeeds(oc, s.SelectionSet, k, p) {
				return false
			}
		case *ast.FragmentSpread:
			d := oc.Doc.Fragments.ForName(s.Name)
			if d == nil || !entityNeeds(oc, d.SelectionSet, k, p) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func hasKindField(spec graph.KindSpec, name string) bool {
	_, ok := spec.Field(name)
	return ok
}

// ownMembers holds, per kind, the lower-cased names of the methods and fields of the
// entity's Go type (model.Wrap's), the names gqlgen binds a field to before it needs a
// resolver.
var ownMembers = sync.OnceValue(func() map[graph.Kind]map[string]bool {
	out := map[graph.Kind]map[string]bool{}
	for _, ks := range graph.Kinds() {
		t := reflect.TypeOf(model.Wrap(graph.Node{Kind: ks.Kind}))
		if t == nil {
			continue
		}
		names := map[string]bool{}
		for i := range t.NumMethod() {
			names[strings.ToLower(t.Method(i).Name)] = true
		}
		if et := t.Elem(); et.Kind() == reflect.Struct {
			for _, f := range reflect.VisibleFields(et) {
				names[strings.ToLower(f.Name)] = true
			}
		}
		out[ks.Kind] = names
	}
	return out
})

// answersItself reports whether the entity's Go type answers the GraphQL field itself,
// reading the node, rather than through a resolver. Unknown kinds answer everything.
func answersItself(k graph.Kind, field string) bool {
	names, ok := ownMembers()[k]
	return !ok || names[strings.ToLower(field)]
}

// inList reports whether the field being resolved under ctx sits inside a list, where
// sibling elements ask for the same relationship and a loader's batching window pays.
func inList(ctx context.Context) bool {
	for fc := graphql.GetFieldContext(ctx); fc != nil; fc = fc.Parent {
		if fc.Index != nil {
			return true
		}
	}
	return false
}
