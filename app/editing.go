package app

import (
	"context"
	"fmt"
	"strings"

	"github.com/practicegraph/practicegraph/graph"
)

// Edit is one editor's create or update of an entity.
type Edit struct {
	// Node holds the fields given. On update, Node.Version is the version the editor
	// read, or 0 to write whatever the current version.
	Node graph.Node
	// Lists are the final lists of relationships leaving the entity for the relationship
	// types the editor gave (e.g. a practice's cities); an empty From means the entity.
	Lists []graph.LinkSet
	// Links are further links from the entity (e.g. an assessment's practice); an empty
	// From means the entity.
	Links []graph.Link
}

// Create validates and writes a new entity in one transaction, then indexes it.
// Returns EINVALID for invalid input or unknown references, ECONFLICT when the id is
// taken (also when another create of it wins a race).
func (a *App) Create(ctx context.Context, e Edit) (Outcome, error) {
	if e.Node.ID == "" {
		e.Node.ID = graph.Slug(e.Node.Label("en"))
	}
	if e.Node.Kind == graph.KindSource {
		e.Node.Provenance.Source = e.Node.ID // a source is where its own facts come from
	}
	e = e.withOwner()
	if err := a.check(ctx, e, true); err != nil {
		return Outcome{}, err
	}
	out, err := a.commit(ctx, graph.Changeset{Creates: []graph.Node{e.Node}, LinkSets: e.Lists, Links: e.Links})
	if err != nil {
		return Outcome{}, err
	}
	return a.reread(ctx, out, e.Node.Ref())
}

// Update validates and writes the given fields and link lists of an entity in one
// transaction, then indexes it. Returns ENOTFOUND when the entity does not exist
// (also when a delete commits first), ECONFLICT when e.Node.Version is set and the
// entity changed since, EINVALID for invalid input.
func (a *App) Update(ctx context.Context, e Edit) (Outcome, error) {
	e = e.withOwner()
	if err := a.check(ctx, e, false); err != nil {
		return Outcome{}, err
	}
	out, err := a.commit(ctx, graph.Changeset{Updates: []graph.Node{e.Node}, LinkSets: e.Lists, Links: e.Links})
	if err != nil {
		return Outcome{}, err
	}
	return a.reread(ctx, out, e.Node.Ref())
}

// Link creates or updates one relationship. Both ends and its source must exist.
func (a *App) Link(ctx context.Context, l graph.Link) (Outcome, error) {
	probs := prefixed(strings.ToLower(l.Type), graph.ValidateLink(l))
	if len(probs) > 0 {
		return Outcome{}, probs
	}
	if err := a.checkRefs(ctx, graph.Ref{}, []graph.Link{l}); err != nil {
		return Outcome{}, err
	}
	return a.commit(ctx, graph.Changeset{Links: []graph.Link{l}})
}

// Unlink removes one relationship; Outcome.Result.LinksRemoved is 0 when there was none.
func (a *App) Unlink(ctx context.Context, l graph.Link) (Outcome, error) {
	if spec, ok := graph.RelOf(l.From.Kind, l.Type); !ok || spec.To != l.To.Kind {
		return Outcome{}, graph.Errorf(graph.EINVALID, "no relationship %q from %s to %s", l.Type, l.From.Kind, l.To.Kind)
	}
	return a.commit(ctx, graph.Changeset{Unlinks: []graph.Link{l}})
}

// Delete removes an entity and its relationships. Returns ENOTFOUND when it does not exist.
func (a *App) Delete(ctx context.Context, ref graph.Ref) (Outcome, error) {
	return a.commit(ctx, graph.Changeset{Deletes: []graph.Ref{ref}})
}

// withOwner fills the entity in as the start of its links and lists.
func (e Edit) withOwner() Edit {
	ref := e.Node.Ref()
	links := append([]graph.Link(nil), e.Links...)
	for i := range links {
		if links[i].From.ID == "" {
			links[i].From = ref
		}
	}
	lists := make([]graph.LinkSet, len(e.Lists))
	for i, set := range e.Lists {
		if set.From.ID == "" {
			set.From = ref
		}
		set.Links = append([]graph.Link(nil), set.Links...)
		for j := range set.Links {
			set.Links[j].From = set.From
			set.Links[j].Type = set.Type
		}
		lists[i] = set
	}
	e.Links, e.Lists = links, lists
	return e
}

// check validates an edit with the rules Apply enforces, giving the editor field by
// field messages, then that every entity it names exists. Whether the id is free, or
// the entity still there, is decided inside the write transaction.
func (a *App) check(ctx context.Context, e Edit, create bool) error {
	probs := graph.Validate(e.Node, create)
	links := append([]graph.Link(nil), e.Links...)
	for _, set := range e.Lists {
		links = append(links, set.Links...)
	}
	for _, l := range links {
		probs = append(probs, prefixed(strings.ToLower(l.Type), graph.ValidateLink(l))...)
	}
	if len(probs) > 0 {
		return dedupe(probs)
	}
	return a.checkRefs(ctx, e.Node.Ref(), links, e.Node.Provenance.Source)
}

// checkRefs checks, in one round trip, that every link end and provenance source
// exists; self is the entity being written, which may not exist yet.
func (a *App) checkRefs(ctx context.Context, self graph.Ref, links []graph.Link, sources ...string) error {
	source := func(id string) graph.Ref { return graph.Ref{Kind: graph.KindSource, ID: id} }
	var refs []graph.Ref
	for _, id := range sources {
		refs = append(refs, source(id))
	}
	for _, l := range links {
		refs = append(refs, l.From, l.To, source(l.Provenance.Source))
	}
	found, err := a.Store.Existing(ctx, refs)
	if err != nil {
		return err
	}
	known := func(r graph.Ref) bool {
		// A Source is the source of its own facts, and links may start at the new entity.
		return found[r] || (self.ID != "" && r == self)
	}
	var probs graph.FieldProblems
	for _, id := range sources {
		if !known(source(id)) {
			probs = append(probs, graph.FieldProblem{Field: "provenance.source", Msg: fmt.Sprintf("unknown Source %q: create it first with createSource", id)})
		}
	}
	for _, l := range links {
		for _, r := range []graph.Ref{l.From, l.To} {
			if !known(r) {
				probs = append(probs, graph.FieldProblem{Field: strings.ToLower(l.Type), Msg: fmt.Sprintf("unknown %s %q", r.Kind, r.ID)})
			}
		}
		if src := source(l.Provenance.Source); !known(src) {
			probs = append(probs, graph.FieldProblem{Field: "provenance.source", Msg: fmt.Sprintf("unknown Source %q", src.ID)})
		}
	}
	if len(probs) > 0 {
		return dedupe(probs)
	}
	return nil
}

// reread returns the outcome with the entity as stored. A delete committed right
// after the write is reported as ENOTFOUND.
func (a *App) reread(ctx context.Context, out Outcome, ref graph.Ref) (Outcome, error) {
	n, err := a.Store.Node(ctx, ref)
	if err != nil {
		return out, err
	}
	out.Node = n
	return out, nil
}

func prefixed(prefix string, ps graph.FieldProblems) graph.FieldProblems {
	out := make(graph.FieldProblems, len(ps))
	for i, p := range ps {
		out[i] = graph.FieldProblem{Field: prefix + "." + p.Field, Msg: p.Msg}
	}
	return out
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
