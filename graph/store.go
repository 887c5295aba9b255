package graph

import "context"

// Dataset is a set of nodes and links to write together, as one transaction.
type Dataset struct {
	Nodes []Node
	Links []Link
}

// Changeset is what one editor's mutation or one import writes: nodes to create or
// update, links to create or update, links and nodes to remove.
type Changeset struct {
	Upserts []Node
	Links   []Link
	Unlinks []Link // Type, From and To identify the link; other fields are ignored
	Deletes []Ref
	// Meta are bookkeeping values stored with the graph's version counter in the same
	// transaction, such as the hash of the seed files last loaded.
	Meta map[string]string
}

// ChangeResult says what a committed changeset did.
type ChangeResult struct {
	Version      int64 // graph version after the commit
	NodesCreated int
	NodesUpdated int
	LinksCreated int
	LinksRemoved int
	NodesDeleted int
	Touched      []Ref // nodes whose search documents may have changed
	Deleted      []Ref
}

// Direction of a relationship relative to a node.
type Direction int

// Directions.
const (
	Out Direction = iota // from the node
	In                   // to the node
)

// Edge is a link seen from one of its ends: the node at the other end and the link.
type Edge struct {
	Node Node
	Link Link
}

// NeighbourQuery asks for the nodes linked to many nodes at once, in one round trip.
type NeighbourQuery struct {
	From      []Ref
	Type      string
	Direction Direction
	Kind      Kind // kind of the nodes at the other end
}

// Indexable is a node with the context search facets need: the cities, countries,
// themes and years it belongs to, found through its relationships.
type Indexable struct {
	Node      Node
	Cities    []Node // e.g. the city running a practice, a person's city, an event's place
	Countries []Node // the countries of those cities, or the node's own country
	Themes    []Node // principles and policy areas
	Years     []int  // e.g. a grant's year, an event's year, a publication's year
}

// Store is the graph's source of truth.
type Store interface {
	// Ping checks the database answers. Returns EUNAVAILABLE when it does not.
	Ping(ctx context.Context) error
	// EnsureSchema creates constraints and indexes; safe to call at every start.
	EnsureSchema(ctx context.Context) error
	// Apply writes a changeset in one transaction, whole or not at all.
	// Returns EINVALID for a link to or a delete of a node that does not exist.
	Apply(ctx context.Context, cs Changeset) (ChangeResult, error)
	// Existing returns which of the refs exist in the graph.
	Existing(ctx context.Context, refs []Ref) (map[Ref]bool, error)
	// Nodes returns the nodes of one kind with the given ids; missing ids are absent from the map.
	Nodes(ctx context.Context, kind Kind, ids []string) (map[string]Node, error)
	// Node returns one node. Returns ENOTFOUND when it does not exist.
	Node(ctx context.Context, ref Ref) (Node, error)
	// Neighbours returns, for each node of q.From, its edges of the given type and direction.
	Neighbours(ctx context.Context, q NeighbourQuery) (map[Ref][]Edge, error)
	// Version returns the graph's version: a counter every committed write increments.
	Version(ctx context.Context) (int64, error)
	// Meta returns the bookkeeping values Changeset.Meta stored.
	Meta(ctx context.Context) (map[string]string, error)
	// Indexables returns the given nodes with their search context; missing nodes are skipped.
	Indexables(ctx context.Context, refs []Ref) ([]Indexable, error)
	// AllRefs returns the references of every node of the given kinds.
	AllRefs(ctx context.Context, kinds []Kind) ([]Ref, error)
	// ChangedSince returns the nodes written and deleted after version v, and the current version.
	ChangedSince(ctx context.Context, v int64) (touched, deleted []Ref, current int64, err error)
}
