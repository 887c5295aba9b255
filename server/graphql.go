package server

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	coderws "github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/formatter"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers"
	"github.com/practicegraph/practicegraph/resolvers/generated"
	"github.com/practicegraph/practicegraph/web"
)

// executableSchema builds the gqlgen schema over the server's services.
func (s *Server) executableSchema() graphql.ExecutableSchema {
	return generated.NewExecutableSchema(generated.Config{Resolvers: s.resolver()})
}

// graphqlHandler serves GraphQL over GET and POST with the limits from the config.
func (s *Server) graphqlHandler(es graphql.ExecutableSchema) http.Handler {
	srv := handler.New(es)
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.Websocket{
		KeepAlivePingInterval: 15 * time.Second,
		InitTimeout:           10 * time.Second,
		Implementation: transport.CoderWebsocketImplementation{
			AcceptOptions: coderws.AcceptOptions{OriginPatterns: originHosts(s.cfg.CORSOrigins)},
		},
	})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.SetParserTokenLimit(s.cfg.TokenLimit)
	srv.Use(extension.Introspection{})
	srv.Use(gqlTracing{tracer: s.tracer})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](100)})
	srv.Use(enumCheck{schema: es.Schema()})
	srv.Use(depthLimit{max: s.cfg.DepthLimit})
	srv.Use(costLimit{complexity: s.cfg.ComplexityLimit, nodes: s.cfg.NodeLimit})
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		name, kind := "", ast.Query
		if oc := graphql.GetOperationContext(ctx); oc.Operation != nil {
			name, kind = oc.Operation.Name, oc.Operation.Operation
		}
		noteOperation(ctx, name)
		if !onSocket(ctx) {
			return next(ctx)
		}
		return s.socketOperation(ctx, kind, next)
	})
	srv.AroundFields(stopAtDeadline)
	srv.AroundResponses(s.finishAnswer)
	srv.AroundResponses(s.compiledAnswer)
	srv.AroundResponses(s.inTurn)
	srv.SetErrorPresenter(s.presentError)
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		s.log.Error("Resolver panic", slog.Any("panic", v))
		return graph.Errorf(graph.EINTERNAL, "internal error")
	})
	return s.limitRequest(srv)
}

// compiledAnswer lets the resolvers write the answer of a query they can compile
// (resolvers.Resolver.Compiled) instead of the executor; finishAnswer, registered
// before it, still checks its deadline and adds its cost.
func (s *Server) compiledAnswer(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if data, ok := s.resolver().Compiled(ctx); ok {
		return &graphql.Response{Data: data}
	}
	return next(ctx)
}

// inTurn makes the executor's answer to a query wait for its turn among the answers
// built at once (Config.AnswerTurns); compiledAnswer, registered before it, takes one
// for the answers it builds itself. A mutation is not held back behind reads, and a
// subscription waits for events, not for the server.
func (s *Server) inTurn(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if !graphql.HasOperationContext(ctx) {
		return next(ctx)
	}
	oc := graphql.GetOperationContext(ctx)
	if oc.Operation == nil || oc.Operation.Operation != ast.Query || resolvers.Refused(ctx) {
		return next(ctx) // nothing to build: the executor answers with the errors recorded
	}
	done, err := resolvers.TakeTurn(ctx)
	if err != nil {
		return &graphql.Response{Errors: gqlerror.List{s.presentError(ctx, err)}}
	}
	defer done()
	return next(ctx)
}

// limitRequest refuses malformed HTTP requests with a coded error, caps the body size,
// bounds the request's time (the deadline reaches Neo4j through the context and stops
// the building of the answer) and its concurrent Neo4j queries, and records the
// caller's editor token.
func (s *Server) limitRequest(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isUpgrade(r) {
			// A WebSocket lives as long as its subscriptions: no request deadline here;
			// each operation on it gets its own (socketOperation).
			e, name := s.authorise(r)
			ctx := withSocket(resolvers.WithEditor(r.Context(), e, name))
			next.ServeHTTP(w, r.WithContext(ctx))
			return
		}
		if !checkHTTP(w, r, s.cfg.MaxBodyBytes) {
			noteError(r.Context(), graph.EINVALID)
			return
		}
		if !s.allowTrusted(w, r) {
			noteError(r.Context(), graph.EFORBIDDEN)
			return
		}
		wait, msg := requestBookmarks(r)
		if msg != "" {
			writeGraphQLError(w, http.StatusBadRequest, graph.EINVALID, "BAD_BOOKMARK", msg)
			noteError(r.Context(), graph.EINVALID)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), s.cfg.RequestTimeout)
		defer cancel()
		ctx, _ = graph.WithBookmarks(ctx, wait)
		e, name := s.authorise(r)
		ctx = resolvers.WithEditor(ctx, e, name)
		ctx = resolvers.WithLoaders(ctx, s.svc.Graph, s.svc.Graph, s.cfg.LoaderWait)
		if s.cfg.WholeReads {
			ctx = resolvers.WithWholeReads(ctx)
		}
		ctx = graph.WithQuerySlots(ctx, s.cfg.QuerySlots)
		ctx = resolvers.WithTurns(ctx, s.turns)
		if wantsFresh(r) {
			ctx = resolvers.WithFreshAnswer(ctx)
		}
		cw := &codedErrors{ResponseWriter: w}
		next.ServeHTTP(cw, r.WithContext(ctx))
		for _, code := range cw.finish(ctx) {
			noteError(r.Context(), code)
		}
	})
}

// wantsFresh reports whether the client asks for an answer read now rather than one kept
// (Cache-Control: no-cache, no-store or max-age=0, or Pragma: no-cache without
// Cache-Control, as HTTP caches read them).
func wantsFresh(r *http.Request) bool {
	cc := r.Header.Values("Cache-Control")
	for _, v := range cc {
		for _, d := range strings.Split(v, ",") {
			switch strings.ToLower(strings.TrimSpace(d)) {
			case "no-cache", "no-store", "max-age=0":
				return true
			}
		}
	}
	return len(cc) == 0 && strings.EqualFold(strings.TrimSpace(r.Header.Get("Pragma")), "no-cache")
}

// authorise checks the bearer token against every editor's and returns the state and
// the editor's name. Tokens are compared by their SHA-256, in constant time and against
// all editors, so neither a token's length nor which editor matched shows in the timing.
func (s *Server) authorise(r *http.Request) (resolvers.Editor, string) {
	editors := s.editors()
	if len(editors) == 0 {
		return resolvers.EditorDisabled, ""
	}
	h := r.Header.Get("Authorization")
	if h == "" {
		return resolvers.EditorMissing, ""
	}
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return resolvers.EditorWrong, ""
	}
	sum := sha256.Sum256([]byte(tok))
	name := ""
	for _, e := range editors {
		want := sha256.Sum256([]byte(e.Token))
		if subtle.ConstantTimeCompare(sum[:], want[:]) == 1 {
			name = e.Name
		}
	}
	if name == "" {
		return resolvers.EditorWrong, ""
	}
	return resolvers.EditorAllowed, name
}

// editors returns the named editors, with the single PRACTICEGRAPH_EDITOR_TOKEN as the
// editor named SingleEditorName.
func (s *Server) editors() []EditorCredential {
	out := s.cfg.Editors
	if s.cfg.EditorToken != "" {
		out = append(append([]EditorCredential(nil), out...), EditorCredential{Name: SingleEditorName, Token: s.cfg.EditorToken})
	}
	return out
}

// presentError gives every error an extensions.code. Internal errors are logged with
// their detail, which never reaches the client.
func (s *Server) presentError(ctx context.Context, err error) *gqlerror.Error {
	var gerr *gqlerror.Error
	if errors.As(err, &gerr) && gerr.Err == nil {
		// Parse, validation and limit errors from gqlgen itself.
		if gerr.Extensions == nil {
			gerr.Extensions = map[string]any{}
		}
		// The API speaks one set of codes; gqlgen's own (GRAPHQL_PARSE_FAILED,
		// COMPLEXITY_LIMIT_EXCEEDED…) stays available as the reason.
		if c, ok := gerr.Extensions["code"]; ok && c != graph.EINVALID {
			gerr.Extensions["reason"] = c
		}
		gerr.Extensions["code"] = graph.EINVALID
		noteError(ctx, graph.EINVALID)
		if strings.HasPrefix(gerr.Message, "operation ") && strings.HasSuffix(gerr.Message, " not found") {
			// gqlgen's message repeats the client's operationName, whatever it holds.
			gerr.Message = "the document has no operation of the given operationName"
		}
		return gerr
	}
	out := graphql.DefaultErrorPresenter(ctx, err)
	code := graph.ErrorCode(err)
	if errors.Is(err, context.DeadlineExceeded) {
		code = graph.EUNAVAILABLE
	}
	if code == graph.EINTERNAL {
		s.log.Error("Internal error", slog.Any("error", err), slog.String("path", out.Path.String()))
		out.Message = "internal error"
	} else {
		out.Message = graph.ErrorMessage(err)
		if code == graph.EUNAVAILABLE && out.Message == "internal error" {
			out.Message = "the service is temporarily unavailable"
		}
	}
	if out.Extensions == nil {
		out.Extensions = map[string]any{}
	}
	out.Extensions["code"] = code
	noteError(ctx, code)
	return out
}

// depthLimit refuses operations whose selections nest deeper than max.
type depthLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

func (depthLimit) ExtensionName() string                   { return "DepthLimit" }
func (depthLimit) Validate(graphql.ExecutableSchema) error { return nil }
func (d depthLimit) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	if depth := selectionDepth(oc.Operation.SelectionSet, oc.Doc.Fragments, 0); depth > d.max {
		return &gqlerror.Error{
			Message:    fmt.Sprintf("operation is nested %d levels deep, more than the limit of %d", depth, d.max),
			Extensions: map[string]any{"code": graph.EINVALID},
		}
	}
	return nil
}

func selectionDepth(set ast.SelectionSet, frags ast.FragmentDefinitionList, seen int) int {
	if seen > 64 { // fragment cycles are refused by validation; this only bounds the walk
		return seen
	}
	max := 0
	for _, sel := range set {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(s.Name, "__") {
				continue // introspection is bounded by the schema itself
			}
			d = 1 + selectionDepth(s.SelectionSet, frags, seen+1)
		case *ast.InlineFragment:
			d = selectionDepth(s.SelectionSet, frags, seen+1)
		case *ast.FragmentSpread:
			if f := frags.ForName(s.Name); f != nil {
				d = selectionDepth(f.SelectionSet, frags, seen+1)
			}
		}
		if d > max {
			max = d
		}
	}
	return max
}

// schemaHandler serves the SDL of the API.
func schemaHandler(es graphql.ExecutableSchema) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Content-Disposition", `inline; filename="practicegraph.graphqls"`)
		formatter.NewFormatter(w, formatter.WithComments()).FormatSchema(es.Schema())
	}
}

// handleGraphiQL serves the self-hosted GraphiQL page (no CDN: its scripts are embedded).
func (s *Server) handleGraphiQL(w http.ResponseWriter, r *http.Request) {
	web.GraphiQL().ServeHTTP(w, r)
}

// resolver returns the root resolver over the server's services.
func (s *Server) resolver() *resolvers.Resolver {
	return &resolvers.Resolver{Store: s.svc.Graph, Lists: s.svc.Graph, Collab: s.svc.Graph, App: s.svc.App, Revisions: s.svc.Graph,
		ThemeNeighbours: s.svc.Graph, Answers: s.answers}
}

// BookmarkHeader is the request header a client sends the bookmarks of its last write
// in (extensions.bookmarks of that mutation's answer), so that its next requests see
// the write whichever replica and database member serve them.
const BookmarkHeader = "Practicegraph-Bookmark"

// Bounds of the bookmarks a request may carry: Neo4j's are short opaque strings.
const (
	maxBookmarks      = 16
	maxBookmarkLength = 1024
)

// requestBookmarks reads the bookmarks of BookmarkHeader (repeated, or separated by
// commas), or says what is wrong with them.
func requestBookmarks(r *http.Request) ([]string, string) {
	var out []string
	for _, v := range r.Header.Values(BookmarkHeader) {
		for _, b := range strings.Split(v, ",") {
			b = strings.TrimSpace(b)
			if b == "" {
				continue
			}
			if len(b) > maxBookmarkLength || strings.IndexFunc(b, func(c rune) bool { return c < 0x21 || c > 0x7e }) >= 0 {
				return nil, fmt.Sprintf("%s: a bookmark is a string of at most %d printable characters, as extensions.bookmarks of a mutation's answer gives it", BookmarkHeader, maxBookmarkLength)
			}
			out = append(out, b)
		}
	}
	if len(out) > maxBookmarks {
		return nil, fmt.Sprintf("%s: at most %d bookmarks, got %d", BookmarkHeader, maxBookmarks, len(out))
	}
	return out, ""
}
