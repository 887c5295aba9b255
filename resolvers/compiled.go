package resolvers

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vikstrous/dataloadgen"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers/generated"
	"github.com/practicegraph/practicegraph/resolvers/model"
)

// Compiled answers a query whose every field the compiled reader understands, writing
// the answer's JSON itself instead of letting the executor build an object, a field
// context and a goroutine for each of the thousands of entities a nested page holds.
// Its root fields run their own resolvers (a list's page or a looked-up entity is read
// with the tree of relationship fields below it in one query, which primes the
// loaders), then the answer is written from what they read, in the executor's exact
// bytes. ok is false, and nothing is written, for any other query, and for one whose
// reading fails: the executor then answers it as usual, with its errors. With Answers,
// an answer read at the graph state the request reads is served again from there.
func (r *Resolver) Compiled(ctx context.Context) (data json.RawMessage, ok bool) {
	if !graphql.HasOperationContext(ctx) {
		return nil, false
	}
	l, err := loadersFrom(ctx)
	if err != nil || l.whole {
		return nil, false
	}
	// The executor answers refused requests (invalid, too complex) through the same
	// response middleware, with their errors already recorded: those are not to be run.
	if Refused(ctx) {
		return nil, false
	}
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil || oc.Operation.Operation != ast.Query || !compilable(oc.Operation.SelectionSet, rootShape) {
		return nil, false
	}
	c := &compiler{oc: oc, l: l, query: reflect.ValueOf(r.Query())}
	var key string
	keyed, kept := false, false
	if r.Answers != nil && !wantsFresh(ctx) {
		key, keyed = answerKey(oc)
	}
	// Only an answer built takes a turn (Turns), not one kept; the executor answers a
	// request whose turn did not come in time, with its error.
	build := func() ([]byte, bool) {
		done, err := TakeTurn(ctx)
		if err != nil {
			return nil, false
		}
		defer done()
		return c.write(ctx)
	}
	if keyed {
		data, ok, kept = r.Answers.answer(ctx, key, build)
	} else {
		data, ok = build()
	}
	if !ok {
		return nil, false
	}
	l.compiled.Store(true)
	l.kept.Store(kept)
	return data, true
}

// write writes the answer of the operation, false when a root field cannot be read.
func (c *compiler) write(ctx context.Context) ([]byte, bool) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, s := range c.oc.Operation.SelectionSet {
		f := s.(*ast.Field)
		if i > 0 {
			b.WriteByte(',')
		}
		writeKey(&b, f)
		if !c.root(ctx, &b, f) {
			return nil, false
		}
	}
	b.WriteByte('}')
	return b.Bytes(), true
}

// Refused reports whether the request behind ctx already has errors, or no response
// context to hold them.
func Refused(ctx context.Context) (yes bool) {
	defer func() {
		if recover() != nil {
			yes = true
		}
	}()
	return len(graphql.GetErrors(ctx)) > 0
}

// AnsweredCompiled reports whether Compiled answered the request behind ctx.
func AnsweredCompiled(ctx context.Context) bool {
	l, err := loadersFrom(ctx)
	return err == nil && l.compiled.Load()
}

// AnsweredKept reports whether Compiled answered the request behind ctx with an answer
// kept from an earlier request at the same graph state (Answers).
func AnsweredKept(ctx context.Context) bool {
	l, err := loadersFrom(ctx)
	return err == nil && l.kept.Load()
}

// shape is what a selection set is a selection of, for the compiled reader.
type shape int

const (
	rootShape       shape = iota // the query's root fields
	connectionShape              // a list root field's XConnection
	edgeShape                    // one of its edges
	pageInfoShape
	entityShape // an entity: its id, texts and relationship fields
	linkShape   // an XLink: the entity it leads to
	textShape   // a Text field of an entity
)

// compilable reports whether the compiled reader answers sel, a selection of the given
// shape, exactly as the executor would: plain fields only (no fragment, no directive, no
// response key twice, so that the executor would merge nothing), and among them only
// ids, type names and the relationship fields the tree query reads (treeFields).
func compilable(sel ast.SelectionSet, sh shape) bool {
	keys := map[string]bool{}
	for _, s := range sel {
		f, ok := s.(*ast.Field)
		if !ok || f.Definition == nil || len(f.Directives) > 0 || keys[responseKey(f)] {
			return false
		}
		keys[responseKey(f)] = true
		if f.Name == "__typename" {
			if sh == rootShape {
				return false // answered by the executor alone
			}
			continue
		}
		typ := f.Definition.Type.Name()
		switch sh {
		case rootShape:
			if strings.HasSuffix(typ, "Connection") {
				k := graph.Kind(strings.TrimSuffix(typ, "Connection"))
				if _, ok := graph.KindOf(k); !ok || !compilable(f.SelectionSet, connectionShape) {
					return false
				}
				continue
			}
			if _, ok := graph.KindOf(graph.Kind(typ)); !ok || f.Definition.Type.Elem != nil || !compilable(f.SelectionSet, entityShape) {
				return false
			}
		case connectionShape:
			switch f.Name {
			case "totalCount":
			case "pageInfo":
				if !compilable(f.SelectionSet, pageInfoShape) {
					return false
				}
			case "edges":
				if !compilable(f.SelectionSet, edgeShape) {
					return false
				}
			default:
				return false
			}
		case edgeShape:
			switch f.Name {
			case "cursor":
			case "node":
				if !compilable(f.SelectionSet, entityShape) {
					return false
				}
			default:
				return false
			}
		case pageInfoShape:
			switch f.Name {
			case "hasNextPage", "hasPreviousPage", "startCursor", "endCursor":
			default:
				return false
			}
		case entityShape:
			if f.Name == "id" {
				continue
			}
			if typ == "Text" {
				spec, _ := graph.KindOf(graph.Kind(f.ObjectDefinition.Name))
				if fs, ok := spec.Field(f.Name); !ok || fs.Type != graph.FieldText || !compilable(f.SelectionSet, textShape) {
					return false
				}
				continue
			}
			h, ok := treeFields[f.ObjectDefinition.Name+"."+f.Name]
			if !ok || typ != string(h.Kind)+"Link" || !compilable(f.SelectionSet, linkShape) {
				return false
			}
			for _, a := range f.Definition.Arguments {
				if a.Name != "first" && a.Name != "after" {
					return false // a filter the compiled reader does not apply
				}
			}
		case textShape:
			switch f.Name {
			case "text", "lang", "isTranslation", "original":
			default:
				return false
			}
		case linkShape:
			// The entity the link leads to, named after its kind; not the relation.
			if typ+"Link" != f.ObjectDefinition.Name || f.Name != strings.ToLower(typ[:1])+typ[1:] || !compilable(f.SelectionSet, entityShape) {
				return false
			}
		}
	}
	return true
}

// responseKey is the key of a field in the answer: its alias, else its name.
func responseKey(f *ast.Field) string {
	if f.Alias != "" {
		return f.Alias
	}
	return f.Name
}

func writeKey(b *bytes.Buffer, f *ast.Field) {
	graphql.MarshalString(responseKey(f)).MarshalGQL(b)
	b.WriteByte(':')
}

// compiler writes one compiled answer.
type compiler struct {
	oc    *graphql.OperationContext
	l     *loaders
	query reflect.Value // the Query resolver
	// plans holds what each field of the request needs to be written, computed once
	// per field rather than once per entity: a nested page writes thousands.
	plans map[*ast.Field]*fieldPlan
}

// fieldPlan is what writing one field of the request needs, whichever entity it is
// written for: its arguments do not depend on the entity.
type fieldPlan struct {
	// A relationship field's projection (its resolver's), its loaders (at once and
	// batched: a lookup's root asks at once) and its page, when it is paged.
	sel          *graph.Projection
	now, batched *edgeLoader
	paged        bool
	first        *int
	after        *string
	lang         *model.Lang // a text's language and fallbacks
	fallback     []model.Lang
	ok           bool // false when an argument could not be read
}

// edgeLoader is the loader of one relationship's edges.
type edgeLoader = dataloadgen.Loader[graph.Ref, []graph.Edge]

// plan returns field f's plan, computing it the first time; from is the kind of the
// entities f is selected on.
func (c *compiler) plan(f *ast.Field, from graph.Kind) *fieldPlan {
	if p, ok := c.plans[f]; ok {
		return p
	}
	p := &fieldPlan{ok: true}
	args := f.ArgumentMap(c.oc.Variables)
	// A relationship field, or one of a text's fields (text, lang…) with its arguments.
	if h, ok := treeFields[string(from)+"."+f.Name]; ok {
		p.sel = projectionOf(c.oc, f.Definition.Type.Name(), f.Name, f.SelectionSet, h.Kind)
		p.now = c.l.edgeLoaderFor(from, h, p.sel, true)
		p.batched = c.l.edgeLoaderFor(from, h, p.sel, false)
		// Only the fields taking first and after are paged (with paged's default
		// page); the others answer every link.
		if f.Definition.Arguments.ForName("first") != nil {
			first, ok1 := argValue(args["first"], reflect.TypeFor[*int]())
			after, ok2 := argValue(args["after"], reflect.TypeFor[*string]())
			p.paged, p.ok = true, ok1 && ok2
			if p.ok {
				p.first, p.after = first.Interface().(*int), after.Interface().(*string)
			}
		}
	} else if len(f.Arguments) > 0 {
		l, ok1 := argValue(args["lang"], reflect.TypeFor[*model.Lang]())
		fb, ok2 := argValue(args["fallback"], reflect.TypeFor[[]model.Lang]())
		p.ok = ok1 && ok2
		if p.ok {
			p.lang, p.fallback = l.Interface().(*model.Lang), fb.Interface().([]model.Lang)
		}
	}
	if c.plans == nil {
		c.plans = map[*ast.Field]*fieldPlan{}
	}
	c.plans[f] = p
	return p
}

// root runs root field f's resolver and writes its value; false when it cannot.
func (c *compiler) root(ctx context.Context, b *bytes.Buffer, f *ast.Field) bool {
	m := c.query.MethodByName(goName(f.Name))
	if !m.IsValid() || m.Type().NumIn() != 1+len(f.Definition.Arguments) || m.Type().NumOut() != 2 {
		return false
	}
	args := f.ArgumentMap(c.oc.Variables)
	in := []reflect.Value{reflect.Value{}}
	for i, a := range f.Definition.Arguments {
		v, ok := argValue(withDefaults(args[a.Name], a.Type, schema()), m.Type().In(i+1))
		if !ok {
			return false
		}
		in = append(in, v)
	}
	// The resolver sees the field context the executor would give it: lookups and
	// lists read the tree of relationship fields selected below them from it.
	rctx := graphql.WithFieldContext(ctx, &graphql.FieldContext{Object: "Query", Field: graphql.CollectedField{Field: f, Selections: f.SelectionSet},
		Args: args, IsMethod: true, IsResolver: true})
	in[0] = reflect.ValueOf(rctx)
	out := m.Call(in)
	if err, _ := out[1].Interface().(error); err != nil || out[0].IsNil() {
		return false
	}
	if strings.HasSuffix(f.Definition.Type.Name(), "Connection") {
		return c.connection(rctx, b, f.SelectionSet, out[0].Elem())
	}
	return c.entity(rctx, b, f.SelectionSet, nodeOf(out[0]), true)
}

// schema is the GraphQL schema, for the default values of input objects' fields.
var schema = sync.OnceValue(func() *ast.Schema {
	return generated.NewExecutableSchema(generated.Config{}).Schema()
})

// withDefaults returns an argument's value v, of type t, with the default values the
// schema gives its input objects' fields wherever the request leaves them out
// (orderBy: {field: NAME} sorts in the order's default direction), as the generated
// code that reads inputs does: ArgumentMap fills the arguments' defaults only.
func withDefaults(v any, t *ast.Type, s *ast.Schema) any {
	if v == nil || t == nil {
		return v
	}
	if t.Elem != nil {
		list, ok := v.([]any)
		if !ok {
			return withDefaults(v, t.Elem, s) // a single value where a list is expected
		}
		out := make([]any, len(list))
		for i, x := range list {
			out[i] = withDefaults(x, t.Elem, s)
		}
		return out
	}
	def := s.Types[t.NamedType]
	m, ok := v.(map[string]any)
	if def == nil || def.Kind != ast.InputObject || !ok {
		return v
	}
	out := make(map[string]any, len(def.Fields))
	for k, x := range m {
		out[k] = x
	}
	for _, fd := range def.Fields {
		x, ok := out[fd.Name]
		if !ok && fd.DefaultValue != nil {
			if dv, err := fd.DefaultValue.Value(nil); err == nil {
				x, ok = dv, true
			}
		}
		if ok {
			out[fd.Name] = withDefaults(x, fd.Type, s)
		}
	}
	return out
}

// goName is the Go name gqlgen gives a resolver method of a GraphQL field.
func goName(field string) string { return strings.ToUpper(field[:1]) + field[1:] }

// argValue converts an argument's value, as the request states it, into the resolver
// parameter's type through its JSON form, which the generated inputs and enums read.
func argValue(v any, t reflect.Type) (reflect.Value, bool) {
	p := reflect.New(t)
	if v != nil {
		raw, err := json.Marshal(v)
		if err != nil || json.Unmarshal(raw, p.Interface()) != nil {
			return reflect.Value{}, false
		}
	}
	return p.Elem(), true
}

// nodeOf returns the graph node an entity model (*model.City…) wraps.
func nodeOf(v reflect.Value) graph.Node {
	if v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	n, _ := v.Field(0).Interface().(graph.Node)
	return n
}

// connection writes an XConnection value v.
func (c *compiler) connection(ctx context.Context, b *bytes.Buffer, sel ast.SelectionSet, v reflect.Value) bool {
	b.WriteByte('{')
	for i, s := range sel {
		f := s.(*ast.Field)
		if i > 0 {
			b.WriteByte(',')
		}
		writeKey(b, f)
		switch f.Name {
		case "__typename":
			graphql.MarshalString(f.ObjectDefinition.Name).MarshalGQL(b)
		case "totalCount":
			graphql.MarshalInt(int(v.FieldByName("TotalCount").Int())).MarshalGQL(b)
		case "pageInfo":
			pageInfo(b, f.SelectionSet, v.FieldByName("PageInfo").Interface().(*model.PageInfo))
		case "edges":
			edges := v.FieldByName("Edges")
			b.WriteByte('[')
			for j := range edges.Len() {
				if j > 0 {
					b.WriteByte(',')
				}
				e := edges.Index(j)
				b.WriteByte('{')
				for k, es := range f.SelectionSet {
					ef := es.(*ast.Field)
					if k > 0 {
						b.WriteByte(',')
					}
					writeKey(b, ef)
					switch ef.Name {
					case "__typename":
						graphql.MarshalString(ef.ObjectDefinition.Name).MarshalGQL(b)
					case "cursor":
						graphql.MarshalString(e.FieldByName("Cursor").String()).MarshalGQL(b)
					case "node":
						if !c.entity(ctx, b, ef.SelectionSet, nodeOf(e.FieldByName("Node")), false) {
							return false
						}
					}
				}
				b.WriteByte('}')
			}
			b.WriteByte(']')
		}
	}
	b.WriteByte('}')
	return true
}

func pageInfo(b *bytes.Buffer, sel ast.SelectionSet, p *model.PageInfo) {
	b.WriteByte('{')
	for i, s := range sel {
		f := s.(*ast.Field)
		if i > 0 {
			b.WriteByte(',')
		}
		writeKey(b, f)
		switch f.Name {
		case "__typename":
			graphql.MarshalString(f.ObjectDefinition.Name).MarshalGQL(b)
		case "hasNextPage":
			graphql.MarshalBoolean(p.HasNextPage).MarshalGQL(b)
		case "hasPreviousPage":
			graphql.MarshalBoolean(p.HasPreviousPage).MarshalGQL(b)
		case "startCursor", "endCursor":
			cur := p.StartCursor
			if f.Name == "endCursor" {
				cur = p.EndCursor
			}
			if cur == nil {
				b.WriteString("null")
			} else {
				graphql.MarshalString(*cur).MarshalGQL(b)
			}
		}
	}
	b.WriteByte('}')
}

// entity writes node n; its relationship fields come from the loaders the root's tree
// query primed. top says n is a lookup's root, whose loaders query at once.
func (c *compiler) entity(ctx context.Context, b *bytes.Buffer, sel ast.SelectionSet, n graph.Node, top bool) bool {
	b.WriteByte('{')
	for i, s := range sel {
		f := s.(*ast.Field)
		if i > 0 {
			b.WriteByte(',')
		}
		writeKey(b, f)
		switch f.Name {
		case "__typename":
			graphql.MarshalString(string(n.Kind)).MarshalGQL(b)
		case "id":
			graphql.MarshalID(n.ID).MarshalGQL(b)
		default:
			if f.Definition.Type.Name() == "Text" {
				if !c.text(b, f, n) {
					return false
				}
				continue
			}
			if !c.links(ctx, b, f, n, top) {
				return false
			}
		}
	}
	b.WriteByte('}')
	return true
}

// links writes relationship field f of node n, paged as its resolver pages it.
func (c *compiler) links(ctx context.Context, b *bytes.Buffer, f *ast.Field, n graph.Node, top bool) bool {
	p := c.plan(f, n.Kind)
	if !p.ok {
		return false
	}
	ld := p.batched
	if top {
		ld = p.now
	}
	es, err := ld.LoadThunk(ctx, n.Ref())()
	if err != nil {
		return false
	}
	if p.paged {
		page, err := paged(edgeLinks(es), nil)(p.first, p.after)
		if err != nil {
			return false
		}
		es = es[:0:0]
		for _, e := range page {
			es = append(es, graph.Edge(e))
		}
	}
	b.WriteByte('[')
	for i := range es {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('{')
		for j, s := range f.SelectionSet {
			lf := s.(*ast.Field)
			if j > 0 {
				b.WriteByte(',')
			}
			writeKey(b, lf)
			if lf.Name == "__typename" {
				graphql.MarshalString(lf.ObjectDefinition.Name).MarshalGQL(b)
				continue
			}
			if !c.entity(ctx, b, lf.SelectionSet, es[i].Node, false) {
				return false
			}
		}
		b.WriteByte('}')
	}
	b.WriteByte(']')
	return true
}

// edgeLink is an edge as paged sees a link: by the id of the entity it leads to.
type edgeLink graph.Edge

// GetID returns the id of the entity the edge leads to.
func (e *edgeLink) GetID() string { return e.Node.ID }

func edgeLinks(es []graph.Edge) []edgeLink {
	out := make([]edgeLink, len(es))
	for i, e := range es {
		out[i] = edgeLink(e)
	}
	return out
}

// text writes text field f of node n as the Text resolvers answer it: a field the node
// lacks is the zero text when the schema requires it, else null.
func (c *compiler) text(b *bytes.Buffer, f *ast.Field, n graph.Node) bool {
	t, ok := n.Texts[f.Name]
	if !ok && !f.Definition.Type.NonNull {
		b.WriteString("null")
		return true
	}
	b.WriteByte('{')
	for i, s := range f.SelectionSet {
		tf := s.(*ast.Field)
		if i > 0 {
			b.WriteByte(',')
		}
		writeKey(b, tf)
		var lang *model.Lang
		var fallback []model.Lang
		if len(tf.Arguments) > 0 {
			p := c.plan(tf, n.Kind)
			if !p.ok {
				return false
			}
			lang, fallback = p.lang, p.fallback
		}
		switch tf.Name {
		case "__typename":
			graphql.MarshalString(tf.ObjectDefinition.Name).MarshalGQL(b)
		case "text":
			v, _ := textIn(&t, lang, fallback)
			graphql.MarshalString(v).MarshalGQL(b)
		case "lang":
			_, got := textIn(&t, lang, fallback)
			model.LangOf(got).MarshalGQL(b)
		case "isTranslation":
			_, got := textIn(&t, lang, fallback)
			graphql.MarshalBoolean(got != t.Orig).MarshalGQL(b)
		case "original":
			model.LangOf(t.Orig).MarshalGQL(b)
		}
	}
	b.WriteByte('}')
	return true
}
