package graph

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Dataset is a set of nodes and links to write together, as one transaction.
type Dataset struct {
	Nodes []Node
	Links []Link
}

// Changeset is what one editor's mutation or one import writes, in one transaction.
// Every node and link in it passes Validate before anything is written.
type Changeset struct {
	// Creates are new nodes. An id that exists already fails the whole changeset with
	// ECONFLICT: of simultaneous creates of one id, exactly one succeeds.
	Creates []Node
	// Updates change existing nodes: the fields given replace the stored ones, the others
	// stay. A missing node fails with ENOTFOUND; a node whose Version is set and differs
	// from the stored one fails with ECONFLICT (someone changed it since it was read).
	Updates []Node
	// Upserts are created or updated, so an import can be repeated.
	Upserts []Node
	Links   []Link
	// LinkSets give the final list of one relationship type leaving a node: links to
	// targets not listed are removed, listed ones created or updated, kept ones stay.
	LinkSets []LinkSet
	Unlinks  []Link // Type, From and To identify the link; other fields are ignored
	Deletes  []Ref
	// Meta are bookkeeping values stored with the graph's version counter in the same
	// transaction, such as the hash of the seed files last loaded.
	Meta map[string]string
	// Editor, when set, is who makes the write: Apply records, in the same transaction,
	// a Revision (Changeset.Revisions) for every entity the changeset writes, deletes or
	// changes the links of.
	Editor string
	// PublishedDraft, when set, is the id of the draft the changeset publishes: Apply
	// removes the draft in the same transaction, refusing with ECONFLICT when it is no
	// longer at PublishedDraftVersion, and with ENOTFOUND when it is gone.
	PublishedDraft        string
	PublishedDraftVersion int64
}

// LinkSet is the complete list of the links of one type from one node, such as the
// cities running a practice. The difference with what is stored is computed inside the
// write transaction, so a concurrent write cannot make it remove a link it keeps.
type LinkSet struct {
	From  Ref
	Type  string
	Links []Link // each with this From and Type
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
	// Select, when set, reads only the properties it names; nil reads every property
	// of the nodes and links.
	Select *Projection
}

// Projection names the properties a read needs, so a request that selects a few fields
// of many nodes does not carry every text in every language back from the database.
// The id of each node always comes.
type Projection struct {
	Fields     []string // fields of the node's kind (graph/kinds.go); a text brings all its languages
	Provenance bool     // whether the nodes' provenance (source and section) is read
	Link       bool     // whether the relationship's own properties are read too
}

// Key is a canonical string for the projection, the same for the same properties.
func (p *Projection) Key() string {
	if p == nil {
		return "*"
	}
	fs := slices.Clone(p.Fields)
	slices.Sort(fs)
	fs = slices.Compact(fs)
	k := strings.Join(fs, ",")
	if p.Provenance {
		k += "+provenance"
	}
	if p.Link {
		k += "+link"
	}
	return k
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
	// Apply validates a changeset (ValidateChangeset, and that every link end and
	// provenance source exists) and writes it in one transaction, whole or not at all.
	// Returns EINVALID for invalid input or a link to a node that does not exist,
	// ENOTFOUND for an update or delete of a missing node, ECONFLICT for a create of an
	// existing id or an update of a node that changed since the version it states.
	Apply(ctx context.Context, cs Changeset) (ChangeResult, error)
	// Existing returns which of the refs exist in the graph.
	Existing(ctx context.Context, refs []Ref) (map[Ref]bool, error)
	// Locate returns the kind of the entity holding each id (ids are unique across
	// kinds); ids no entity holds are absent from the map.
	Locate(ctx context.Context, ids []string) (map[string]Kind, error)
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

// TreeQuery asks for nodes of one kind by id and, in the same round trip, their edges
// along a tree of hops: each hop's edges from every node the hop above reached.
type TreeQuery struct {
	Kind      Kind
	IDs       []string
	WithRoots bool // also read the nodes of IDs themselves
	// RootSelect, when set, reads only the properties it names of the roots; nil
	// reads every property.
	RootSelect *Projection
	Hops       []TreeHop
}

// TreeHop is one hop of a TreeQuery, with what to read of the nodes it reaches and
// the hops to follow from them.
type TreeHop struct {
	Hop
	Select *Projection // nil reads every property of the nodes and links
	Hops   []TreeHop
}

// Tree is the answer to a TreeQuery.
type Tree struct {
	Roots map[string]Node // by id, when WithRoots; missing ids are absent
	// Edges holds, for each hop of the query (by its address in the query), the edges
	// of every node the hop was followed from, ordered by the other end's id; a node
	// without such edges has an empty list.
	Edges map[*TreeHop]map[Ref][]Edge
}

// TreeReader reads a tree of relationships in one round trip, so that a nested
// request costs one query instead of one per level.
type TreeReader interface {
	// Tree answers q. Returns EINVALID for a hop graph/kinds.go does not declare.
	Tree(ctx context.Context, q TreeQuery) (Tree, error)
}

// Importer writes an import too large for one transaction in batches, each staged apart
// from the graph readers see, then makes all of it visible in one final step; a failed
// or abandoned import leaves nothing visible and its staging is removed.
type Importer interface {
	// BeginImport opens the staging of a new import, recording who runs it so another
	// process can tell a live import from an abandoned one.
	BeginImport(ctx context.Context, owner ImportOwner) (Staging, error)
	// StagedImports lists the imports whose staging is still in the graph.
	StagedImports(ctx context.Context) ([]StagedImport, error)
	// DiscardImport removes the staging of an import, in batches.
	DiscardImport(ctx context.Context, id string) error
}

// ImportOwner says which process runs an import.
type ImportOwner struct {
	Host string
	PID  int
}

// StagedImport is an import whose staging is in the graph: one running, or one that
// stopped without publishing or discarding (killed).
type StagedImport struct {
	ID      string
	Owner   ImportOwner
	Started time.Time
	SeenAt  time.Time // the last time the import said it was alive (every 10 s while it runs)
}

// Staging is one import's writes, visible to no reader until Publish. Batches may be
// staged concurrently, as long as a link's ends are staged before it.
type Staging interface {
	// ID names the import.
	ID() string
	// StageNodes validates nodes (Validate, complete) and stages them: a new node is
	// written apart; an existing node whose stored fields differ has its new values
	// kept apart until Publish; an identical one is only counted.
	StageNodes(ctx context.Context, nodes []Node) error
	// StageLinks validates links and stages them between nodes staged by this import
	// or already in the graph. It returns the indexes of the links one end of which is
	// neither; those are not written. The nodes of both ends must be staged first, and
	// all the links from one node must come in one call (a record's links).
	StageLinks(ctx context.Context, links []Link) (missing []int, err error)
	// Publish makes every staged write visible in one transaction under a new graph
	// version, stores meta like Changeset.Meta, and removes the staging. Returns
	// ECONFLICT when an entity the import creates was created meanwhile, or one it
	// updates or links to was deleted meanwhile; the staging is then discarded.
	Publish(ctx context.Context, meta map[string]string) (ChangeResult, error)
	// Discard removes the staging; nothing of the import was ever visible.
	Discard(ctx context.Context) error
}
