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
	EditorWrong                  // the request's token does not match
	EditorAllowed                // the request's token matches
)

type editorKey struct{}

// WithEditor records the caller's editor state in ctx.
func WithEditor(ctx context.Context, e Editor) context.Context {
	return context.WithValue(ctx, editorKey{}, e)
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
	return graph.Errorf(graph.EFORBIDDEN, "mutations are disabled on this server: no editor token is configured (PRACTICEGRAPH_EDITOR_TOKEN)")
}
