package graph

import "context"

// ListStore answers the API's paged, filtered and sorted lists.
// Its methods are declared alongside their query types below.
type ListStore interface {
	// List returns one page of the nodes of q.Kind that pass every filter of q, in q's
	// order, with how many pass in all. Returns EINVALID for a kind without a list, a
	// filter or order the kind's list does not know, or a value outside a field's
	// allowed values (a bad type, status or size band).
	List(ctx context.Context, q ListQuery) (ListPage, error)
}

// ListQuery asks for one page of a kind's nodes.
type ListQuery struct {
	Kind Kind
	// Filters by name, all of which must hold: an id (string) for a relationship
	// filter such as "country", or a plain value (string, int64, bool) for a field
	// filter such as "year". The names are the GraphQL filter's field names.
	Filters map[string]any
	// Order is a sort key of the kind's list, the GraphQL order field's value (NAME,
	// YEAR, START_DATE…). Ties are broken by id, so the order is total and stable.
	Order string
	Desc  bool
	Skip  int // nodes to pass over before the page
	Limit int // nodes in the page at most
	// After and Before bound the page by position in the order (keyset paging): only
	// nodes after After and before Before; nil bounds nothing. A position stays valid
	// when nodes are added or removed elsewhere in the list.
	After, Before *ListKey
	// FromEnd takes the page's Limit nodes from the end of the bounded range (Relay's
	// last) instead of its start. The page is still in the list's order.
	FromEnd bool
	// Select, when set, reads only the properties it names of the page's nodes; nil
	// reads every property.
	Select *Projection
	// NoTotal leaves ListPage.Total at 0 instead of counting every node that passes
	// the filters, for a request that does not ask the total.
	NoTotal bool
	// Hops, when set, are followed from the page's nodes in the same round trip, as a
	// TreeQuery's are from its roots; ListPage.Edges holds what they reach. Only the
	// first HopsLimit nodes the page reads are followed from (every node when 0), so
	// a node read only to tell whether more follow costs nothing.
	Hops      []TreeHop
	HopsLimit int
}

// ListKey is a node's position in a list's order: its sort key (a string or an int64;
// nil when the node has none, and such nodes come last) and its id, which breaks ties.
type ListKey struct {
	Value any
	ID    string
}

// ListPage is one page of a list.
type ListPage struct {
	Nodes []Node
	Keys  []ListKey // each node's position in the order, for cursors
	Total int       // nodes passing the filters, on every page
	// Edges holds, for each hop of ListQuery.Hops (by its address in the query), the
	// edges of every node it was followed from, as Tree.Edges does.
	Edges map[*TreeHop]map[Ref][]Edge
}

// ICCNetwork is the id of the international ICC network: the `since` of a city's
// MEMBER_OF link to it is the year the city joined the network.
const ICCNetwork = "icc-network"

// Hop is one relationship to follow from a node: its type, its direction and the kind
// of the node at the other end.
type Hop struct {
	Type      string
	Direction Direction
	Kind      Kind
}

// Declared reports whether graph/kinds.go declares the hop from nodes of kind from.
func (h Hop) Declared(from Kind) bool {
	f, t := from, h.Kind
	if h.Direction == In {
		f, t = t, f
	}
	spec, ok := RelOf(f, h.Type)
	return ok && spec.To == t
}

// Outgoing is the hop along a relationship of type typ the node starts.
func Outgoing(typ string, k Kind) Hop { return Hop{Type: typ, Direction: Out, Kind: k} }

// Incoming is the hop along a relationship of type typ that ends at the node.
func Incoming(typ string, k Kind) Hop { return Hop{Type: typ, Direction: In, Kind: k} }
