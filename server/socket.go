package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers"
)

// isUpgrade reports whether r asks to become a WebSocket (subscriptions).
func isUpgrade(r *http.Request) bool {
	return strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
}

type socketKey struct{}

// withSocket marks ctx as a WebSocket connection's.
func withSocket(ctx context.Context) context.Context {
	return context.WithValue(ctx, socketKey{}, true)
}

func onSocket(ctx context.Context) bool { b, _ := ctx.Value(socketKey{}).(bool); return b }

// socketOperation gives an operation on a WebSocket what an HTTP request gets from
// limitRequest: its own dataloaders (a connection lives long; a cache for its lifetime
// would serve stale data) and Neo4j query slots, and, but for a subscription, which
// lives until the client stops it, the request deadline.
func (s *Server) socketOperation(ctx context.Context, kind ast.Operation, next graphql.OperationHandler) graphql.ResponseHandler {
	if s.cfg.TrustedDocuments != nil {
		// limitRequest checks HTTP requests; a socket's operations are checked here.
		if _, ok := s.cfg.TrustedDocuments[DocumentHash(graphql.GetOperationContext(ctx).RawQuery)]; !ok {
			err := s.presentError(ctx, graph.Errorf(graph.EFORBIDDEN,
				"this server runs only its trusted documents (PRACTICEGRAPH_TRUSTED_DOCUMENTS), and this operation's document is not one of them"))
			return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{err}})
		}
	}
	ctx = resolvers.WithLoaders(ctx, s.svc.Graph, s.svc.Graph, s.cfg.LoaderWait)
	ctx = graph.WithQuerySlots(ctx, s.cfg.QuerySlots)
	ctx = resolvers.WithTurns(ctx, s.turns)
	if kind == ast.Subscription {
		return next(ctx)
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.RequestTimeout)
	responses := next(ctx)
	return func(ctx context.Context) *graphql.Response {
		// A query or mutation has one response; its deadline ends with it.
		defer cancel()
		return responses(ctx)
	}
}

// originHosts turns the allowed CORS origins into the host patterns a WebSocket's
// Origin is checked against: a page elsewhere may subscribe only if it may query.
func originHosts(origins []string) []string {
	var out []string
	for _, o := range origins {
		if o == "*" {
			return []string{"*"}
		}
		if u, err := url.Parse(o); err == nil && u.Host != "" {
			out = append(out, u.Host)
		}
	}
	return out
}
