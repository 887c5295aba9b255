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

// paging is a Relay connection's paging arguments: first/after pages forwards, last/
// before backwards.
type paging struct {
	First, Last   *int
	After, Before *string
}

// list answers a list query with one page of a Relay connection, e.g.
// list[model.CityConnection](ctx, store, q, paging{First: first, After: after}, model.NewCity).
//
// Paging is by position (keyset): a cursor holds its node's sort key and id, and the
// next page starts after that position, so a page stays right when nodes are added or
// removed before it. The cursor also carries a hash of the list, its filter and its
// order, so a cursor of another list is refused.
func list[C relayConnection[E], E relayEdge[T], T any](ctx context.Context, store graph.ListStore, q graph.ListQuery, pg paging, wrap func(graph.Node) *T) (*C, error) {
	if pg.First != nil && pg.Last != nil {
		return nil, graph.Errorf(graph.EINVALID, "pass first or last, not both: first pages from the start, last from the end")
	}
	size := pg.First
	if pg.Last != nil {
		size = pg.Last
	}
	limit, err := pageSize(size)
	if err != nil {
		return nil, err
	}
	hash := listHash(q)
	if pg.After != nil {
		if q.After, err = decodeCursor(*pg.After, hash, "after"); err != nil {
			return nil, err
		}
	}
	if pg.Before != nil {
		if q.Before, err = decodeCursor(*pg.Before, hash, "before"); err != nil {
			return nil, err
		}
	}
	// One node more than the page says whether there are more in the paging direction.
	q.Limit, q.FromEnd = limit+1, pg.Last != nil
	l := planPage(ctx, &q, limit)
	page, err := store.List(ctx, q)
	if err != nil {
		return nil, err
	}
	if l != nil {
		l.prime(graph.Tree{Edges: page.Edges}, q.Hops, false)
	}
	nodes, keys := page.Nodes, page.Keys
	more := len(nodes) > limit
	info := &model.PageInfo{}
	if q.FromEnd {
		if more {
			nodes, keys = nodes[len(nodes)-limit:], keys[len(keys)-limit:]
		}
		info.HasPreviousPage, info.HasNextPage = more, q.Before != nil
	} else {
		if more {
			nodes, keys = nodes[:limit], keys[:limit]
		}
		info.HasNextPage, info.HasPreviousPage = more, q.After != nil
	}
	edges := make([]E, len(nodes))
	for i, n := range nodes {
		c := encodeCursor(hash, keys[i])
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
		return 0, graph.Errorf(graph.EINVALID, "first and last must be between 0 and %d, got %d", maxPageSize, *first)
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

// listCursor is what a list cursor holds: the list's hash and its node's position.
type listCursor struct {
	Hash string `json:"h"`
	Key  any    `json:"k"`
	ID   string `json:"i"`
}

// A list cursor is the JSON of a listCursor in URL-safe base64.
func encodeCursor(hash string, key graph.ListKey) string {
	raw, _ := json.Marshal(listCursor{Hash: hash, Key: key.Value, ID: key.ID})
	return base64.RawURLEncoding.EncodeToString(raw)
}

// decodeCursor reads a cursor of the list hash, given as the argument arg.
func decodeCursor(cursor, hash, arg string) (*graph.ListKey, error) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	var c listCursor
	if err == nil {
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		err = d.Decode(&c)
	}
	if err == nil && c.ID == "" {
		err = fmt.Errorf("no id")
	}
	if n, ok := c.Key.(json.Number); ok && err == nil {
		// Numeric sort keys (years) are integers in the graph.
		c.Key, err = n.Int64()
	}
	if _, isString := c.Key.(string); err == nil && c.Key != nil && !isString {
		if _, isInt := c.Key.(int64); !isInt {
			err = fmt.Errorf("key of another type")
		}
	}
	switch {
	case err != nil:
		return nil, graph.Errorf(graph.EINVALID, "%s: %q is not a cursor; pass a cursor of a previous page", arg, cursor)
	case c.Hash != hash:
		return nil, graph.Errorf(graph.EINVALID, "%s: the cursor belongs to another list, filter or order; pass a cursor of a page of this one", arg)
	}
	return &graph.ListKey{Value: c.Key, ID: c.ID}, nil
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
