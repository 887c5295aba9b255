package server

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers"
)

// errOutOfTime is what a request that reached its deadline answers.
func errOutOfTime(err error) error {
	if errors.Is(err, context.Canceled) {
		return graph.Wrap(graph.EUNAVAILABLE, err, "request cancelled")
	}
	return graph.Wrap(graph.EUNAVAILABLE, err, "the request ran out of time before its answer was complete")
}

// pastDeadline returns ctx's error, or DeadlineExceeded once the clock has passed its
// deadline though the timer that ends ctx has not fired yet: on a loaded machine that
// timer can run milliseconds late, and an answer built after the deadline must not go
// out as if on time.
func pastDeadline(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d, ok := ctx.Deadline(); ok && !time.Now().Before(d) {
		return context.DeadlineExceeded
	}
	return nil
}

// stopAtDeadline is the field middleware that stops resolving once the request's
// context is done: the deadline then bounds building the answer too, not only the
// Neo4j queries, and the fields left answer at once.
func stopAtDeadline(ctx context.Context, next graphql.Resolver) (any, error) {
	if err := pastDeadline(ctx); err != nil {
		return nil, errOutOfTime(err)
	}
	return next(ctx)
}

// finishAnswer replaces the answer of a query whose deadline passed while it was
// built by one UNAVAILABLE error, so that a late, partial answer is never written (a
// mutation keeps its answer: its write is committed and the client must learn of it).
// An answer on time tells what the request cost: its priced nodes and complexity, and
// the Neo4j queries it ran.
func (s *Server) finishAnswer(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil {
		return resp
	}
	var oc *graphql.OperationContext
	if graphql.HasOperationContext(ctx) {
		oc = graphql.GetOperationContext(ctx)
	}
	if err := pastDeadline(ctx); err != nil && (oc == nil || oc.Operation == nil || oc.Operation.Operation != ast.Mutation) {
		return &graphql.Response{Errors: gqlerror.List{s.presentError(ctx, errOutOfTime(err))}}
	}
	if oc == nil {
		return resp
	}
	if b := graph.BookmarksOf(ctx); b != nil {
		if made := b.Latest(); len(made) > 0 {
			// The client sends them back in BookmarkHeader to read its own write on any replica.
			if resp.Extensions == nil {
				resp.Extensions = map[string]any{}
			}
			resp.Extensions["bookmarks"] = made
		}
	}
	if cost, ok := oc.Stats.GetExtension(costExtension).(queryCost); ok {
		if resp.Extensions == nil {
			resp.Extensions = map[string]any{}
		}
		c := map[string]any{
			"nodes":        cost.Nodes,
			"complexity":   cost.Complexity,
			"neo4jQueries": graph.QueriesRun(ctx),
		}
		if resolvers.AnsweredCompiled(ctx) {
			c["compiled"] = true // written by the compiled reader, not the executor
		}
		if resolvers.AnsweredKept(ctx) {
			c["kept"] = true // read for an earlier request at the same graph state
		}
		resp.Extensions[costExtension] = c
	}
	return resp
}

// enumCheck refuses variables whose enum values are not spelt exactly as the schema
// spells them. The validator accepts any letter case ("fr" for FR) but the generated
// enums do not, which made every field using the variable fail as an internal error.
type enumCheck struct{ schema *ast.Schema }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = enumCheck{}

// ExtensionName names the extension in gqlgen's list.
func (enumCheck) ExtensionName() string { return "EnumCheck" }

// Validate accepts any schema.
func (enumCheck) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext checks every variable against its declared type.
func (c enumCheck) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil || c.schema == nil {
		return nil
	}
	types := c.schema.Types
	for _, def := range oc.Operation.VariableDefinitions {
		v, ok := oc.Variables[def.Variable]
		if !ok {
			continue
		}
		if msg := checkEnums(types, def.Type, v, "$"+def.Variable); msg != "" {
			return &gqlerror.Error{
				Message:    msg,
				Extensions: map[string]any{"code": graph.EINVALID, "variable": def.Variable},
			}
		}
	}
	return nil
}

// checkEnums walks a variable's value along its type and describes the first enum
// value not spelt as the schema spells it, "" when there is none.
func checkEnums(types map[string]*ast.Definition, t *ast.Type, v any, path string) string {
	if v == nil || t == nil {
		return ""
	}
	if t.Elem != nil {
		if list, ok := v.([]any); ok {
			for i, e := range list {
				if msg := checkEnums(types, t.Elem, e, fmt.Sprintf("%s[%d]", path, i)); msg != "" {
					return msg
				}
			}
			return ""
		}
		return checkEnums(types, t.Elem, v, path) // a single value stands for a list of one
	}
	def := types[t.NamedType]
	if def == nil {
		return ""
	}
	switch def.Kind {
	case ast.Enum:
		s, ok := v.(string)
		if !ok {
			return ""
		}
		allowed := make([]string, 0, len(def.EnumValues))
		for _, ev := range def.EnumValues {
			if ev.Name == s {
				return ""
			}
			allowed = append(allowed, ev.Name)
		}
		sort.Strings(allowed)
		return fmt.Sprintf("variable %s: %q is not a %s; allowed values (upper case): %s", path, s, def.Name, strings.Join(allowed, ", "))
	case ast.InputObject:
		obj, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		for _, f := range def.Fields {
			if msg := checkEnums(types, f.Type, obj[f.Name], path+"."+f.Name); msg != "" {
				return msg
			}
		}
	}
	return ""
}
