package graph

import (
	"context"
	"slices"
	"time"
)

// Revision is one committed write as an entity's history records it: who made it,
// when, and what it gave.
type Revision struct {
	Ref     Ref
	Version int64     // the graph version of the write
	Editor  string    // the editor's configured name
	At      time.Time // when the transaction ran, on the database's clock
	Action  string    // RevisionCreate, RevisionUpdate, …
	Fields  []string  // the fields and relationship types given, sorted
}

// The actions a Revision records.
const (
	RevisionCreate = "create"
	RevisionUpdate = "update"
	RevisionDelete = "delete"
	RevisionLink   = "link"
	RevisionUnlink = "unlink"
)

// MaxHistory is the most revisions one History call returns.
const MaxHistory = 100

// HistoryStore reads the revisions Apply records.
type HistoryStore interface {
	// History returns the revisions of ref, newest first, at most first (1 to
	// MaxHistory, else EINVALID); an entity without recorded writes, or that never
	// existed, has none.
	History(ctx context.Context, ref Ref, first int) ([]Revision, error)
}

// RelatedPractice is a practice of another city sharing themes with the one asked about.
type RelatedPractice struct {
	Practice Node
	Themes   []Node // the shared themes, by id
}

// MaxRelatedPractices is the most practices one RelatedPractices call returns.
const MaxRelatedPractices = 20

// RelatedStore finds practices related through the graph rather than by an editor's link.
type RelatedStore interface {
	// RelatedPractices returns up to first (1 to MaxRelatedPractices, else EINVALID)
	// practices sharing at least one theme with the practice id, run by none of its
	// cities, the most shared themes first, then by id. Returns ENOTFOUND when the
	// practice does not exist.
	RelatedPractices(ctx context.Context, id string, first int) ([]RelatedPractice, error)
}

type editorNameKey struct{}

// WithEditorName records in ctx the name of the editor a request's writes are made by.
func WithEditorName(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, editorNameKey{}, name)
}

// EditorName returns the editor name WithEditorName recorded, or "" when none.
func EditorName(ctx context.Context) string {
	name, _ := ctx.Value(editorNameKey{}).(string)
	return name
}

// Revisions returns what the changeset does to each entity, one Revision per entity
// without Version, Editor or At (Apply fills them): created, updated and deleted
// nodes with the fields and link lists given, and the start of every link added or
// removed alone. Links made with a created or updated node count among its fields.
func (cs Changeset) Revisions() []Revision {
	var out []Revision
	index := map[Ref]int{}
	add := func(r Ref, action string, fields ...string) {
		i, ok := index[r]
		if !ok {
			index[r] = len(out)
			out = append(out, Revision{Ref: r, Action: action})
			i = len(out) - 1
		}
		out[i].Fields = append(out[i].Fields, fields...)
	}
	nodeFields := func(n Node) []string {
		var fs []string
		for name := range n.Texts {
			fs = append(fs, name)
		}
		for name := range n.Props {
			fs = append(fs, name)
		}
		return fs
	}
	for _, n := range cs.Creates {
		add(n.Ref(), RevisionCreate, nodeFields(n)...)
	}
	for _, n := range cs.Upserts {
		add(n.Ref(), RevisionUpdate, nodeFields(n)...)
	}
	for _, n := range cs.Updates {
		add(n.Ref(), RevisionUpdate, nodeFields(n)...)
	}
	for _, set := range cs.LinkSets {
		add(set.From, RevisionUpdate, set.Type)
	}
	for _, l := range cs.Links {
		add(l.From, RevisionLink, l.Type)
	}
	for _, l := range cs.Unlinks {
		add(l.From, RevisionUnlink, l.Type)
	}
	for _, r := range cs.Deletes {
		index[r] = len(out)
		out = append(out, Revision{Ref: r, Action: RevisionDelete, Fields: []string{}})
	}
	for i := range out {
		fs := out[i].Fields
		slices.Sort(fs)
		out[i].Fields = slices.Compact(fs)
		if out[i].Fields == nil {
			out[i].Fields = []string{}
		}
	}
	return out
}
