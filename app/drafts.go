package app

import (
	"context"

	"github.com/practicegraph/practicegraph/graph"
)

// SaveDraft validates and saves a draft of a practice, whole, as the editor of ctx:
// the fields and link lists of a create, checked as a create is, but written where no
// reader sees them. expected, when not 0, is the draft's version the editor read.
// Returns EINVALID for invalid input, ECONFLICT when a published practice has the id or
// the draft changed since expected, and EFORBIDDEN when nothing stores drafts.
func (a *App) SaveDraft(ctx context.Context, e Edit, expected int64) (graph.Draft, error) {
	if a.Drafts == nil {
		return graph.Draft{}, graph.Errorf(graph.EFORBIDDEN, "drafts are not kept on this server")
	}
	if e.Node.ID == "" {
		e.Node.ID = graph.Slug(e.Node.Label("en"))
	}
	e = e.withOwner()
	if err := a.check(ctx, e, true); err != nil {
		return graph.Draft{}, err
	}
	return a.Drafts.SaveDraft(ctx, graph.Draft{Node: e.Node, Lists: e.Lists, Editor: graph.EditorName(ctx)}, expected)
}

// PublishDraft creates the practice a draft holds, with its links, and removes the
// draft, in one transaction; then indexes it. expected, when not 0, is the draft's
// version the editor read. Returns ENOTFOUND when there is no such draft, ECONFLICT when
// it changed since expected or a practice of its id exists, EINVALID when an entity it
// links to is gone.
func (a *App) PublishDraft(ctx context.Context, id string, expected int64) (Outcome, error) {
	if a.Drafts == nil {
		return Outcome{}, graph.Errorf(graph.EFORBIDDEN, "drafts are not kept on this server")
	}
	d, err := a.Drafts.Draft(ctx, id)
	if err != nil {
		return Outcome{}, err
	}
	if expected != 0 && expected != d.Node.Version {
		return Outcome{}, graph.Errorf(graph.ECONFLICT, "the draft %q changed since version %d (now %d): read it again", id, expected, d.Node.Version)
	}
	e := Edit{Node: d.Node, Lists: d.Lists}
	e.Node.Version = 0
	if err := a.check(ctx, e, true); err != nil {
		return Outcome{}, err
	}
	out, err := a.commit(ctx, graph.Changeset{Creates: []graph.Node{e.Node}, LinkSets: e.Lists,
		PublishedDraft: id, PublishedDraftVersion: d.Node.Version})
	if err != nil {
		return Outcome{}, err
	}
	return a.reread(ctx, out, e.Node.Ref())
}

// DeleteDraft discards a draft no reader saw. expected, when not 0, is the draft's
// version the editor read. Returns ENOTFOUND when there is no such draft and ECONFLICT
// when it changed since expected.
func (a *App) DeleteDraft(ctx context.Context, id string, expected int64) error {
	if a.Drafts == nil {
		return graph.Errorf(graph.EFORBIDDEN, "drafts are not kept on this server")
	}
	return a.Drafts.DeleteDraft(ctx, id, expected)
}
