package resolvers

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers/model"
)

// Page sizes of the lists, as the schema documents them.
const (
	defaultPageSize = 20
	maxPageSize     = 100
)

// listQuery builds a store query from a GraphQL filter and order input (pointers to
// the generated structs, nil when absent). Their JSON field names are the store's
// filter names and the order field's value is its sort key, so one function serves
// every list.
func listQuery(k graph.Kind, filter, order any, defaultOrder string, defaultDesc bool) graph.ListQuery {
	q := graph.ListQuery{Kind: k, Filters: map[string]any{}, Order: defaultOrder, Desc: defaultDesc}
	if raw, err := json.Marshal(filter); err == nil {
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		_ = d.Decode(&q.Filters) // "null" leaves the map empty
		for name, v := range q.Filters {
			if n, ok := v.(json.Number); ok {
				q.Filters[name], _ = n.Int64()
			}
		}
	}
	var o struct{ Field, Direction string }
	if raw, err := json.Marshal(order); err == nil && json.Unmarshal(raw, &o) == nil && o.Field != "" {
		q.Order, q.Desc = o.Field, o.Direction == string(model.SortDirectionDesc)
	}
	return q
}

// relayEdge and relayConnection are the shapes every generated XEdge and
// XConnection type has; list builds any of them through these constraints.
type relayEdge[T any] interface {
	~struct {
		Cursor string `json:"cursor"`
		Node   *T     `json:"node"`
	}
}

type relayConnection[E any] interface {
	~struct {
		Edges      []E             `json:"edges"`
		PageInfo   *model.PageInfo `json:"pageInfo"`
		TotalCount int             `json:"totalCount"`
	}
}

// list answers a list query with one page of a Relay connection, e.g.
// list[model.CityConnection](ctx, store, q, first, after, model.NewCity).
//
// Paging is by offset over the list's total order (its sort key, then id): at this
// scale, hundreds of nodes, skipping is cheap, and a write between two pages may shift
// an item by one place, which browsing tolerates. The cursor carries the offset and a
// hash of the list, its filter and its order, so a cursor of another list is refused.
func list[C relayConnection[E], E relayEdge[T], T any](ctx context.Context, store graph.ListStore, q graph.ListQuery, first *int, after *string, wrap func(graph.Node) *T) (*C, error) {
	limit, err := pageSize(first)
	if err != nil {
		return nil, err
	}
	hash := listHash(q)
	if after != nil {
		off, err := decodeCursor(*after, hash)
		if err != nil {
			return nil, err
		}
		q.Skip = off + 1
	}
	q.Limit = limit
	page, err := store.List(ctx, q)
	if err != nil {
		return nil, err
	}
	if err := prefetchPage(ctx, q.Kind, page.Nodes); err != nil {
		return nil, err
	}
	edges := make([]E, len(page.Nodes))
	info := &model.PageInfo{HasNextPage: q.Skip+len(page.Nodes) < page.Total, HasPreviousPage: q.Skip > 0}
	for i, n := range page.Nodes {
		c := encodeCursor(hash, q.Skip+i)
		edges[i] = E{Cursor: c, Node: wrap(n)}
		if i == 0 {
			info.StartCursor = &c
		}
		info.EndCursor = &c
	}
	return &C{Edges: edges, PageInfo: info, TotalCount: page.Total}, nil
}

// all returns every node of a kind by English name, or in the order less gives, for
// the short lists the API returns whole.
func all[T any](ctx context.Context, store graph.ListStore, k graph.Kind, less func(a, b graph.Node) bool, wrap func(graph.Node) *T) ([]T, error) {
	page, err := store.List(ctx, graph.ListQuery{Kind: k, Order: "NAME", Limit: math.MaxInt32})
	if less != nil {
		sort.SliceStable(page.Nodes, func(i, j int) bool { return less(page.Nodes[i], page.Nodes[j]) })
	}
	return mapNodes(page.Nodes, wrap), err
}

// pageSize checks `first` against the schema's bounds.
func pageSize(first *int) (int, error) {
	if first == nil {
		return defaultPageSize, nil
	}
	if *first < 0 || *first > maxPageSize {
		return 0, graph.Errorf(graph.EINVALID, "first must be between 0 and %d, got %d", maxPageSize, *first)
	}
	return *first, nil
}

// listHash identifies a list with its filter and order: the kind, the filters (JSON
// sorts map keys, so equal filters hash alike) and the sort.
func listHash(q graph.ListQuery) string {
	filters, _ := json.Marshal(q.Filters)
	sum := sha256.Sum256(fmt.Appendf(nil, "%s|%s|%s|%t", q.Kind, filters, q.Order, q.Desc))
	return hex.EncodeToString(sum[:6])
}

// A list cursor is "<list hash>:<offset>" in URL-safe base64.
func encodeCursor(hash string, offset int) string {
	return base64.RawURLEncoding.EncodeToString([]byte(hash + ":" + strconv.Itoa(offset)))
}

func decodeCursor(cursor, hash string) (int, error) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	h, off, ok := strings.Cut(string(raw), ":")
	n, nerr := strconv.Atoi(off)
	switch {
	case err != nil || !ok || nerr != nil || n < 0:
		return 0, graph.Errorf(graph.EINVALID, "after: %q is not a cursor; pass the endCursor of a previous page", cursor)
	case h != hash:
		return 0, graph.Errorf(graph.EINVALID, "after: the cursor belongs to another list, filter or order; pass the endCursor of a previous page of this one")
	}
	return n, nil
}

// vocabulary lists the allowed values of every enumerated field, per entity.
func vocabulary() []model.VocabularyField {
	var out []model.VocabularyField
	for _, k := range graph.Kinds() {
		for _, f := range k.Fields {
			if f.Type == graph.FieldEnum {
				out = append(out, model.VocabularyField{Entity: model.EntityKindOf(k.Kind), Field: f.Name, Values: append([]string(nil), f.Values...)})
			}
		}
	}
	return out
}

// prefetchPage reads the relationship fields the request selects below a page's nodes
// in one query (prefetch), so that the page costs two round trips whatever its depth.
func prefetchPage(ctx context.Context, k graph.Kind, nodes []graph.Node) error {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || len(nodes) == 0 {
		return nil
	}
	ids := make([]string, len(nodes))
	for i, n := range nodes {
		ids[i] = n.ID
	}
	_, err := prefetch(ctx, k, ids, connectionNodes(fc.Field.Selections), true, false)
	return err
}
