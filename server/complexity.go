package server

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// DefaultNodeLimit is how many list items (nodes) one request may ask for at most, as
// GitHub's API bounds its own: the product of the page sizes of nested lists, summed
// over the lists of the request.
const DefaultNodeLimit = 100_000

// defaultPage is what a paged field returns when `first` is not given and the schema
// gives it no default.
const defaultPage = 20

// pageDefaults are the paged fields whose page size without `first` is not defaultPage.
var pageDefaults = map[string]int{
	"Query.transferablePractices": 10,
}

// defaultListMax is the price of a list field that takes no `first`: the most items
// such a list holds in practice. Lists that can be longer are in listMax, or take
// `first` (which is then what prices them).
const defaultListMax = 25

// listMax declares the maximum length of the unpaged lists that can be longer, or are
// bounded shorter, than defaultListMax. Keys are "Type.field".
var listMax = map[string]int{
	"Text.variants":                 16, // one per language the API knows
	"City.partners":                 100,
	"Network.members":               200,
	"Country.cities":                100,
	"Theme.practices":               100,
	"Theme.projects":                100,
	"Theme.publications":            100,
	"Event.sessions":                50,
	"Event.participants":            200,
	"Event.cities":                  200,
	"Event.organisations":           100,
	"Practice.assessments":          60,
	"CityCollaborations.partners":   100,
	"CityCollaborations.history":    200,
	"NetworkCollaborations.history": 500,
	"CollaborationGraph.cities":     300,
	"CollaborationGraph.links":      1000,
	"CollaborationPath.steps":       10,
	"CollaborationPath.cities":      11,
	"Query.countries":               100,
	"Query.nodes":                   100,
	"Query.themes":                  50,
	"Query.vocabulary":              100,
	"Query.collaborationPath":       50,
	"SearchFacets.countries":        100,
	"SearchFacets.cities":           200,
	"SearchHit.snippets":            10,
	"TransferCandidate.reasons":     10,
	"Stats.citiesPerCountry":        100,
	"Stats.citiesPerJoinYear":       50,
	"Stats.grantsPerYear":           50,
	"Stats.eventsPerYear":           50,
}

// costExtension names the answer's extension that tells the client what its request
// cost, as GitHub's rateLimit { cost nodeCount } does.
const costExtension = "cost"

// queryCost is what an operation may make the server produce, computed from the
// operation alone, before anything runs.
type queryCost struct {
	Complexity int // fields resolved, each list multiplying the fields under it
	Nodes      int // list items returned, nested lists multiplying
}

// costLimit refuses, before execution, operations whose cost exceeds the limits: every
// list is priced by its `first` argument when it has one (so paged relationship lists
// price themselves), else by its declared maximum, and nested lists multiply.
type costLimit struct {
	complexity int // the most fields an operation may resolve
	nodes      int // the most list items an operation may return
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = costLimit{}

// ExtensionName names the extension in gqlgen's list.
func (costLimit) ExtensionName() string { return "CostLimit" }

// Validate accepts any schema: unknown lists are priced by defaultListMax.
func (costLimit) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext prices the operation and refuses it when it costs too much.
func (c costLimit) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if oc.Operation == nil {
		return nil
	}
	cost := operationCost(oc.Operation, oc.Variables)
	oc.Stats.SetExtension(costExtension, cost)
	var what string
	var limit, got int
	switch {
	case c.nodes > 0 && cost.Nodes > c.nodes:
		what, got, limit = "nodes", cost.Nodes, c.nodes
	case c.complexity > 0 && cost.Complexity > c.complexity:
		what, got, limit = "complexity", cost.Complexity, c.complexity
	default:
		return nil
	}
	msg := fmt.Sprintf("the query is too complex: it may return up to %d nodes with a complexity of %d, more than the limit of %d %s; "+
		"lists are priced by their `first` argument or their maximum length, nested lists multiply: ask for smaller pages or fewer nested lists",
		cost.Nodes, cost.Complexity, limit, what)
	return &gqlerror.Error{
		Message: msg,
		Extensions: map[string]any{
			"code":       "QUERY_TOO_COMPLEX", // the presenter makes this the reason of BAD_USER_INPUT
			"nodes":      cost.Nodes,
			"complexity": cost.Complexity,
			"limit":      limit,
			"limitOf":    what,
			"cost":       got,
		},
	}
}

// operationCost prices an operation with its variables.
func operationCost(op *ast.OperationDefinition, vars map[string]any) queryCost {
	var w costWalk
	w.vars = vars
	w.selections(op.SelectionSet, 1, 0, 0)
	return queryCost{Complexity: clampInt(w.complexity), Nodes: clampInt(w.nodes)}
}

// costWalk accumulates the cost of a selection tree. Counts are float64 so that
// absurd nestings saturate instead of overflowing.
type costWalk struct {
	vars       map[string]any
	complexity float64
	nodes      float64
}

// selections prices set, resolved mult times. page is the page size a connection
// passes to its list fields (edges, nodes), 0 outside a connection.
func (w *costWalk) selections(set ast.SelectionSet, mult float64, page int, depth int) {
	if depth > 64 { // fragment cycles are refused by validation; this only bounds the walk
		return
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			w.field(s, mult, page, depth)
		case *ast.InlineFragment:
			// Fragments on different types of a union are all priced: an overestimate
			// that keeps the walk simple.
			w.selections(s.SelectionSet, mult, page, depth+1)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				w.selections(s.Definition.SelectionSet, mult, page, depth+1)
			}
		}
	}
}

func (w *costWalk) field(f *ast.Field, mult float64, page int, depth int) {
	if strings.HasPrefix(f.Name, "__") {
		w.complexity += mult // introspection is bounded by the schema itself
		return
	}
	w.complexity += mult
	if f.Definition == nil {
		return
	}
	owner := ""
	if f.ObjectDefinition != nil {
		owner = f.ObjectDefinition.Name
	}
	key := owner + "." + f.Name
	childPage := 0
	size := 1.0
	paged, pageSize := w.pageSize(f, key)
	isList := f.Definition.Type.Elem != nil
	switch {
	case paged && isList:
		size = float64(pageSize)
	case paged:
		childPage = pageSize // a connection: its edges and nodes are the page
	case isList && page > 0:
		size = float64(page)
	case isList:
		size = float64(declaredMax(key))
	}
	if isList && len(f.SelectionSet) > 0 {
		w.nodes += mult * size // lists of values (aliases, languages) are no nodes
	}
	w.selections(f.SelectionSet, mult*size, childPage, depth+1)
}

// pageSize reports whether the field is paged (takes `first`) and its page size: the
// `first` (or `last`) given, else the schema's default, else the field's or the API's
// default.
func (w *costWalk) pageSize(f *ast.Field, key string) (bool, int) {
	def := f.Definition.Arguments.ForName("first")
	if def == nil {
		return false, 0
	}
	for _, name := range []string{"first", "last"} {
		if arg := f.Arguments.ForName(name); arg != nil && arg.Value != nil {
			if v, err := arg.Value.Value(w.vars); err == nil {
				if n, ok := asInt(v); ok {
					return true, max(n, 0)
				}
			}
		}
	}
	if def.DefaultValue != nil {
		if v, err := def.DefaultValue.Value(nil); err == nil {
			if n, ok := asInt(v); ok {
				return true, max(n, 0)
			}
		}
	}
	if n, ok := pageDefaults[key]; ok {
		return true, n
	}
	return true, defaultPage
}

// declaredMax is the price of an unpaged list field.
func declaredMax(key string) int {
	if n, ok := listMax[key]; ok {
		return n
	}
	return defaultListMax
}

// asInt reads an Int argument as literals and variables carry it.
func asInt(v any) (int, bool) {
	switch n := v.(type) {
	case int:
		return n, true
	case int32:
		return int(n), true
	case int64:
		return clampInt(float64(n)), true
	case float64:
		return clampInt(n), true
	case json.Number:
		i, err := strconv.ParseInt(string(n), 10, 64)
		return clampInt(float64(i)), err == nil
	case string:
		i, err := strconv.ParseInt(n, 10, 64)
		return clampInt(float64(i)), err == nil
	}
	return 0, false
}

func clampInt(f float64) int {
	if f > math.MaxInt32 {
		return math.MaxInt32
	}
	if f < math.MinInt32 {
		return math.MinInt32
	}
	return int(f)
}
