package resolvers

import (
	"context"

	"github.com/practicegraph/practicegraph/graph"
)

// Editor says whether the caller may run mutations.
type Editor int

// Editor states, set per request by the server from the Authorization header.
const (
	EditorDisabled Editor = iota // no token configured: mutations are off
	EditorMissing                // a token is configured, the request gave none
	EditorWrong                  // the request's token matches no editor's
	EditorAllowed                // the request's token is a named editor's
)

type editorKey struct{}

// WithEditor records the caller's editor state in ctx and, when allowed, the editor's
// name, which every write of the request records in the entities' history.
func WithEditor(ctx context.Context, e Editor, name string) context.Context {
	ctx = context.WithValue(ctx, editorKey{}, e)
	if e == EditorAllowed {
		ctx = graph.WithEditorName(ctx, name)
	}
	return ctx
}

// requireEditor returns nil when the caller may write, else an error saying why not.
func requireEditor(ctx context.Context) error {
	e, _ := ctx.Value(editorKey{}).(Editor)
	switch e {
	case EditorAllowed:
		return nil
	case EditorMissing:
		return graph.Errorf(graph.EUNAUTHENTICATED, "mutations need an editor token: send Authorization: Bearer <token>")
	case EditorWrong:
		return graph.Errorf(graph.EUNAUTHENTICATED, "the editor token is not valid")
	}
	return graph.Errorf(graph.EFORBIDDEN, "mutations are disabled on this server: no editor token is configured (PRACTICEGRAPH_EDITORS or PRACTICEGRAPH_EDITOR_TOKEN)")
}

// editorName returns the name the request's token signs in as: nil without a token,
// UNAUTHENTICATED for a token that is no editor's.
func editorName(ctx context.Context) (*string, error) {
	e, _ := ctx.Value(editorKey{}).(Editor)
	switch e {
	case EditorAllowed:
		name := graph.EditorName(ctx)
		return &name, nil
	case EditorWrong:
		return nil, requireEditor(ctx)
	}
	return nil, nil
}
