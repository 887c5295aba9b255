package resolvers

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers/model"
)

// shortcut is an input field that writes a relationship rather than a property, such
// as PracticeInput.cities (RUN_BY). A given list replaces the current links of that type.
type shortcut struct {
	field string // the input field's name
	rel   string
	to    graph.Kind
}

// shortcuts lists the relationship fields of each kind's input.
var shortcuts = map[graph.Kind][]shortcut{
	graph.KindCity:     {{"country", "IN_COUNTRY", graph.KindCountry}},
	graph.KindPractice: {{"cities", "RUN_BY", graph.KindCity}, {"themes", "HAS_THEME", graph.KindTheme}},
	graph.KindGrant:    {{"cities", "AWARDED_TO", graph.KindCity}},
	graph.KindEvent:    {{"city", "HELD_IN", graph.KindCity}},
}

// write is one editor's create or update of an entity.
type write struct {
	kind   graph.Kind
	id     string       // the id to update; "" to create
	input  any          // the generated input struct, e.g. model.PracticeInput
	extra  []graph.Link // more links from the entity; an empty From means the entity
	create bool
}

// apply validates and commits a create or update in one transaction, brings the
// search index in step and returns the node as stored.
func (r *Resolver) apply(ctx context.Context, w write) (graph.Node, error) {
	if err := requireEditor(ctx); err != nil {
		return graph.Node{}, err
	}
	node, links, probs := fromInput(w.kind, w.input)
	if w.create {
		if node.ID == "" {
			node.ID = graph.Slug(node.Label("en"))
		}
		if w.kind == graph.KindSource {
			node.Provenance.Source = node.ID // a source is where its own facts come from
		}
	} else {
		if node.ID != "" && node.ID != w.id {
			probs = append(probs, graph.FieldProblem{Field: "id", Msg: "an id cannot be changed; create a new entity instead"})
		}
		node.ID = w.id
	}
	var cs graph.Changeset
	links = append(links, w.extra...)
	for i := range links {
		if links[i].From.ID == "" {
			links[i].From = node.Ref()
		}
	}
	if w.create {
		probs = append(probs, graph.Validate(node, true)...)
	} else {
		old, err := r.Store.Node(ctx, graph.Ref{Kind: w.kind, ID: w.id})
		if err != nil {
			return graph.Node{}, err
		}
		probs = append(probs, graph.Validate(merge(old, node), true)...)
		unlinks, err := r.replacedLinks(ctx, node.Ref(), w.input)
		if err != nil {
			return graph.Node{}, err
		}
		cs.Unlinks = unlinks
	}
	for _, l := range links {
		for _, p := range graph.ValidateLink(l) {
			probs = append(probs, graph.FieldProblem{Field: strings.ToLower(l.Type) + "." + p.Field, Msg: p.Msg})
		}
	}
	if len(probs) > 0 {
		return graph.Node{}, probs
	}
	if err := r.checkReferences(ctx, node, links, w.create); err != nil {
		return graph.Node{}, err
	}
	cs.Upserts = []graph.Node{node}
	cs.Links = links
	if _, err := r.commit(ctx, cs); err != nil {
		return graph.Node{}, err
	}
	return r.Store.Node(ctx, node.Ref())
}

// commit applies a changeset and brings the search index in step before returning, so
// a search right after the mutation finds what it wrote.
func (r *Resolver) commit(ctx context.Context, cs graph.Changeset) (graph.ChangeResult, error) {
	res, err := r.Store.Apply(ctx, cs)
	if err != nil {
		return res, err
	}
	if r.Committed != nil {
		// The write is committed: finish indexing it even if the client goes away.
		ictx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
		// A failed index update is logged and repaired by a later catch-up; the write
		// itself succeeded, so the mutation does too.
		_ = r.Committed(ictx)
	}
	return res, nil
}

// merge returns old with the fields an update gives replaced.
func merge(old, upd graph.Node) graph.Node {
	out := old
	out.Texts = map[string]graph.Text{}
	out.Props = map[string]any{}
	for k, v := range old.Texts {
		out.Texts[k] = v
	}
	for k, v := range old.Props {
		out.Props[k] = v
	}
	for k, v := range upd.Texts {
		out.Texts[k] = v
	}
	for k, v := range upd.Props {
		out.Props[k] = v
	}
	out.Provenance = upd.Provenance
	return out
}

// checkReferences checks, in one round trip, that the source and every link target
// exist, and on create that the id is free.
func (r *Resolver) checkReferences(ctx context.Context, n graph.Node, links []graph.Link, create bool) error {
	refs := []graph.Ref{{Kind: graph.KindSource, ID: n.Provenance.Source}, n.Ref()}
	for _, l := range links {
		refs = append(refs, l.To, l.From, graph.Ref{Kind: graph.KindSource, ID: l.Provenance.Source})
	}
	found, err := r.Store.Existing(ctx, refs)
	if err != nil {
		return err
	}
	var probs graph.FieldProblems
	if create && found[n.Ref()] {
		probs = append(probs, graph.FieldProblem{Field: "id", Msg: fmt.Sprintf("%s %q already exists; update it instead", n.Kind, n.ID)})
	}
	// A node may be the source of its own facts (a Source), or link to itself being created.
	self := func(ref graph.Ref) bool {
		return ref == n.Ref() || (ref.Kind == graph.KindSource && n.Kind == graph.KindSource && ref.ID == n.ID)
	}
	if src := (graph.Ref{Kind: graph.KindSource, ID: n.Provenance.Source}); !found[src] && !self(src) {
		probs = append(probs, graph.FieldProblem{Field: "provenance.source", Msg: fmt.Sprintf("unknown Source %q: create it first with createSource", src.ID)})
	}
	for _, l := range links {
		for _, ref := range []graph.Ref{l.From, l.To} {
			if !found[ref] && !self(ref) {
				probs = append(probs, graph.FieldProblem{Field: strings.ToLower(l.Type), Msg: fmt.Sprintf("unknown %s %q", ref.Kind, ref.ID)})
			}
		}
		if src := (graph.Ref{Kind: graph.KindSource, ID: l.Provenance.Source}); !found[src] && !self(src) {
			probs = append(probs, graph.FieldProblem{Field: "provenance.source", Msg: fmt.Sprintf("unknown Source %q", src.ID)})
		}
	}
	if len(probs) > 0 {
		return dedupe(probs)
	}
	return nil
}

func dedupe(ps graph.FieldProblems) graph.FieldProblems {
	seen := map[graph.FieldProblem]bool{}
	out := ps[:0]
	for _, p := range ps {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	return out
}

// replacedLinks returns the current links of each relationship shortcut the update
// gives, so the new list replaces them.
func (r *Resolver) replacedLinks(ctx context.Context, ref graph.Ref, input any) ([]graph.Link, error) {
	given := inputFields(input)
	var out []graph.Link
	for _, sc := range shortcuts[ref.Kind] {
		if _, ok := given[sc.field]; !ok {
			continue
		}
		edges, err := r.neighbours(ctx, []graph.Ref{ref}, graph.Outgoing(sc.rel, sc.to))
		if err != nil {
			return nil, err
		}
		for _, e := range edges[ref] {
			out = append(out, e.Link)
		}
	}
	return out, nil
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
