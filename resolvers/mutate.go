package resolvers

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/practicegraph/practicegraph/app"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers/model"
)

// shortcut is an input field that writes a relationship rather than a property, such
// as PracticeInput.cities (RUN_BY). A given list is the final list of links of that type.
type shortcut struct {
	field string // the input field's name
	rel   string
	to    graph.Kind
}

// shortcuts lists the relationship fields of each kind's input.
var shortcuts = map[graph.Kind][]shortcut{
	graph.KindCity:     {{"country", graph.RelInCountry, graph.KindCountry}},
	graph.KindPractice: {{"cities", graph.RelRunBy, graph.KindCity}, {"themes", graph.RelHasTheme, graph.KindTheme}, {"adaptedFrom", graph.RelAdaptedFrom, graph.KindPractice}, {"similarTo", graph.RelSimilarTo, graph.KindPractice}},
	graph.KindGrant:    {{"cities", graph.RelAwardedTo, graph.KindCity}},
	graph.KindEvent:    {{"cities", graph.RelHeldIn, graph.KindCity}},
}

// mutation is one editor's create or update of an entity, as GraphQL gives it.
type mutation struct {
	kind     graph.Kind
	id       string       // the id to update; "" to create
	input    any          // the generated input struct, e.g. model.PracticeInput
	extra    []graph.Link // more links from the entity; an empty From means the entity
	expected *int         // the version the editor read, on update
}

// create runs a create through the application layer, which validates, writes and
// indexes it.
func (r *Resolver) create(ctx context.Context, m mutation) (graph.Node, error) {
	if err := requireEditor(ctx); err != nil {
		return graph.Node{}, err
	}
	e, probs := editOf(m)
	if len(probs) > 0 {
		return graph.Node{}, probs
	}
	out, err := r.App.Create(ctx, e)
	if err != nil {
		return graph.Node{}, err
	}
	warn(ctx, out.Warnings)
	return out.Node, nil
}

// update runs an update through the application layer.
func (r *Resolver) update(ctx context.Context, m mutation) (graph.Node, error) {
	if err := requireEditor(ctx); err != nil {
		return graph.Node{}, err
	}
	e, probs := editOf(m)
	if e.Node.ID != "" && e.Node.ID != m.id {
		probs = append(probs, graph.FieldProblem{Field: "id", Msg: "an id cannot be changed; create a new entity instead"})
	}
	if len(probs) > 0 {
		return graph.Node{}, probs
	}
	e.Node.ID = m.id
	if m.expected != nil {
		if *m.expected < 1 {
			return graph.Node{}, graph.Errorf(graph.EINVALID, "expectedVersion must be a version read from the entity, got %d", *m.expected)
		}
		e.Node.Version = int64(*m.expected)
	}
	out, err := r.App.Update(ctx, e)
	if err != nil {
		return graph.Node{}, err
	}
	warn(ctx, out.Warnings)
	return out.Node, nil
}

// editOf turns a mutation's input into an edit: the node's fields, and for each
// relationship field given (e.g. a practice's cities) the final list of those links.
func editOf(m mutation) (app.Edit, graph.FieldProblems) {
	node, links, probs := fromInput(m.kind, m.input)
	given := inputFields(m.input)
	e := app.Edit{Node: node, Links: m.extra}
	for _, sc := range shortcuts[m.kind] {
		if _, ok := given[sc.field]; !ok {
			continue
		}
		set := graph.LinkSet{Type: sc.rel}
		for _, l := range links {
			if l.Type == sc.rel {
				set.Links = append(set.Links, l)
			}
		}
		e.Lists = append(e.Lists, set)
	}
	return e, probs
}

// warn adds the warnings of a committed write to the response's
// extensions.warnings, so a client knows, e.g., that search lags.
func warn(ctx context.Context, ws []app.Warning) {
	if len(ws) == 0 {
		return
	}
	list, _ := graphql.GetExtension(ctx, "warnings").([]map[string]any)
	for _, w := range ws {
		list = append(list, map[string]any{"code": w.Code, "message": w.Message})
	}
	graphql.RegisterExtension(ctx, "warnings", list)
}

// inputFields returns the non-nil fields of a generated input struct by their GraphQL
// name.
func inputFields(input any) map[string]reflect.Value {
	out := map[string]reflect.Value{}
	v := reflect.Indirect(reflect.ValueOf(input))
	for i := 0; i < v.NumField(); i++ {
		name, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("json"), ",")
		f := v.Field(i)
		if (f.Kind() == reflect.Pointer || f.Kind() == reflect.Slice) && f.IsNil() {
			continue
		}
		out[name] = f
	}
	return out
}

// fromInput turns a generated input struct into a node of kind and the links of its
// relationship shortcuts. Fields follow graph/kinds.go by name, so the input types and
// the kinds table cannot drift apart unnoticed: an unknown field is reported.
func fromInput(kind graph.Kind, input any) (graph.Node, []graph.Link, graph.FieldProblems) {
	spec, _ := graph.KindOf(kind)
	n := graph.Node{Kind: kind, Texts: map[string]graph.Text{}, Props: map[string]any{}}
	var links []graph.Link
	var probs graph.FieldProblems
	fields := inputFields(input)
	names := make([]string, 0, len(fields))
	for name := range fields {
		names = append(names, name)
	}
	sort.Strings(names)
	if p, ok := fields["provenance"]; ok {
		pi := p.Interface().(*model.ProvenanceInput)
		n.Provenance = graph.Provenance{Source: pi.Source, Section: pi.Section}
	}
	for _, name := range names {
		f := fields[name]
		switch name {
		case "id":
			n.ID = f.Elem().String()
			continue
		case "provenance":
			continue
		case "section": // a Source's own section; it is its own source
			n.Provenance.Section = f.String()
			continue
		}
		if sc, ok := shortcutFor(kind, name); ok {
			for _, id := range idsOf(f) {
				links = append(links, graph.Link{Type: sc.rel, To: graph.Ref{Kind: sc.to, ID: id}, Provenance: n.Provenance})
			}
			continue
		}
		fs, ok := spec.Field(name)
		if !ok {
			probs = append(probs, graph.FieldProblem{Field: name, Msg: fmt.Sprintf("%s has no field %q", kind, name)})
			continue
		}
		switch v := f.Interface().(type) {
		case *model.TextInput:
			n.Texts[fs.Name] = textOf(v)
		case *string:
			n.Props[fs.Name] = *v
		case *int:
			n.Props[fs.Name] = int64(*v)
		case []string:
			n.Props[fs.Name] = v
		default:
			probs = append(probs, graph.FieldProblem{Field: name, Msg: "unsupported input type"})
		}
	}
	if kind == graph.KindSource {
		n.Provenance.Source = n.ID
	}
	return n, links, probs
}

func shortcutFor(kind graph.Kind, field string) (shortcut, bool) {
	for _, sc := range shortcuts[kind] {
		if sc.field == field {
			return sc, true
		}
	}
	return shortcut{}, false
}

func idsOf(v reflect.Value) []string {
	switch x := v.Interface().(type) {
	case *string:
		return []string{*x}
	case []string:
		return x
	}
	return nil
}

// textOf reads a TextInput: its original language and each language given.
func textOf(in *model.TextInput) graph.Text {
	t := graph.Text{Orig: in.Orig.Code(), Values: map[string]string{}}
	for name, f := range inputFields(in) {
		if s, ok := f.Interface().(*string); ok && name != "orig" {
			t.Values[name] = *s
		}
	}
	return t
}

// linkOf reads a LinkInput into a link.
func linkOf(in model.LinkInput) graph.Link {
	l := graph.Link{
		Type:  in.Type,
		From:  graph.Ref{Kind: in.From.Kind.KindOf(), ID: in.From.ID},
		To:    graph.Ref{Kind: in.To.Kind.KindOf(), ID: in.To.ID},
		Texts: map[string]graph.Text{}, Props: map[string]any{},
		Provenance: graph.Provenance{Source: in.Provenance.Source, Section: in.Provenance.Section},
	}
	if in.Role != nil {
		l.Texts["role"] = textOf(in.Role)
	}
	if in.Note != nil {
		l.Texts["note"] = textOf(in.Note)
	}
	for name, v := range map[string]*string{"capacity": in.Capacity, "date": in.Date} {
		if v != nil {
			l.Props[name] = *v
		}
	}
	for name, v := range map[string]*int{"since": in.Since, "until": in.Until} {
		if v != nil {
			l.Props[name] = int64(*v)
		}
	}
	return l
}
