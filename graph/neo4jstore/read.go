package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/practicegraph/practicegraph/graph"
)

// Node returns one node, or ENOTFOUND.
func (s *Store) Node(ctx context.Context, ref graph.Ref) (graph.Node, error) {
	m, err := s.Nodes(ctx, ref.Kind, []string{ref.ID})
	if err != nil {
		return graph.Node{}, err
	}
	n, ok := m[ref.ID]
	if !ok {
		return graph.Node{}, graph.NotFound(ref.Kind, ref.ID)
	}
	return n, nil
}

// Nodes returns the nodes of one kind with the given ids, in one round trip.
func (s *Store) Nodes(ctx context.Context, kind graph.Kind, ids []string) (map[string]graph.Node, error) {
	l, err := label(kind)
	if err != nil {
		return nil, err
	}
	out := make(map[string]graph.Node, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	// Uses the uniqueness constraint on :<Kind>(id).
	recs, err := s.read(ctx, fmt.Sprintf("MATCH (n:%s) WHERE n.id IN $ids RETURN properties(n) AS p", l), map[string]any{"ids": ids})
	if err != nil {
		return nil, fmt.Errorf("neo4j: nodes %s: %w", kind, err)
	}
	for _, r := range recs {
		n := decodeNode(kind, r.Values[0].(map[string]any))
		out[n.ID] = n
	}
	return out, nil
}

// Existing returns which of refs exist, with one query per kind.
func (s *Store) Existing(ctx context.Context, refs []graph.Ref) (map[graph.Ref]bool, error) {
	byKind := map[graph.Kind][]string{}
	for _, r := range refs {
		byKind[r.Kind] = append(byKind[r.Kind], r.ID)
	}
	out := map[graph.Ref]bool{}
	for _, k := range sortedKinds(byKind) {
		l, err := label(k)
		if err != nil {
			continue // an unknown kind exists nowhere
		}
		recs, err := s.read(ctx, fmt.Sprintf("MATCH (n:%s) WHERE n.id IN $ids RETURN n.id", l), map[string]any{"ids": byKind[k]})
		if err != nil {
			return nil, fmt.Errorf("neo4j: existing %s: %w", k, err)
		}
		for _, r := range recs {
			out[graph.Ref{Kind: k, ID: r.Values[0].(string)}] = true
		}
	}
	return out, nil
}

// Neighbours returns each node's edges of one relationship type, in one round trip
// for all the nodes, ordered by the other end's id.
func (s *Store) Neighbours(ctx context.Context, q graph.NeighbourQuery) (map[graph.Ref][]graph.Edge, error) {
	out := map[graph.Ref][]graph.Edge{}
	if len(q.From) == 0 {
		return out, nil
	}
	var spec graph.RelSpec
	var ok bool
	var fromKind = q.From[0].Kind
	if q.Direction == graph.Out {
		spec, ok = graph.RelOf(fromKind, q.Type)
	} else {
		spec, ok = graph.RelOf(q.Kind, q.Type)
	}
	if !ok || (q.Direction == graph.Out && spec.To != q.Kind) || (q.Direction == graph.In && spec.To != fromKind) {
		return nil, graph.Errorf(graph.EINVALID, "no relationship %s between %s and %s", q.Type, fromKind, q.Kind)
	}
	ids := make([]string, len(q.From))
	for i, r := range q.From {
		if r.Kind != fromKind {
			return nil, graph.Errorf(graph.EINVALID, "neighbours: mixed kinds %s and %s", fromKind, r.Kind)
		}
		ids[i] = r.ID
	}
	pattern := "(a:%s {id: id})-[r:%s]->(b:%s)"
	if q.Direction == graph.In {
		pattern = "(a:%s {id: id})<-[r:%s]-(b:%s)"
	}
	// Uses the uniqueness constraint on :<Kind>(id) to find each start node.
	cypher := fmt.Sprintf("UNWIND $ids AS id MATCH "+pattern+" RETURN id, %s AS rp, %s AS bp ORDER BY id, b.id",
		fromKind, q.Type, q.Kind, linkProjection("r", q.Select), nodeProjection("b", q.Kind, q.Select))
	recs, err := s.read(ctx, cypher, map[string]any{"ids": ids})
	if err != nil {
		return nil, fmt.Errorf("neo4j: neighbours %s %s: %w", fromKind, q.Type, err)
	}
	for _, r := range recs {
		from := graph.Ref{Kind: fromKind, ID: r.Values[0].(string)}
		other := decodeNode(q.Kind, r.Values[2].(map[string]any))
		lf, lt := from, other.Ref()
		if q.Direction == graph.In {
			lf, lt = lt, lf
		}
		out[from] = append(out[from], graph.Edge{Node: other, Link: decodeLink(spec, lf, lt, r.Values[1].(map[string]any))})
	}
	return out, nil
}

// Version returns the graph version, 0 for a graph never written.
func (s *Store) Version(ctx context.Context) (int64, error) {
	recs, err := s.read(ctx, "OPTIONAL MATCH (m:GraphMeta {id: $id}) RETURN coalesce(m.version, 0)", map[string]any{"id": metaID})
	if err != nil {
		return 0, fmt.Errorf("neo4j: version: %w", err)
	}
	return recs[0].Values[0].(int64), nil
}

// metaPrefix marks the GraphMeta properties that hold Changeset.Meta values.
const metaPrefix = "meta_"

// Meta returns the bookkeeping values stored with the version counter.
func (s *Store) Meta(ctx context.Context) (map[string]string, error) {
	recs, err := s.read(ctx, "OPTIONAL MATCH (m:GraphMeta {id: $id}) RETURN properties(m)", map[string]any{"id": metaID})
	if err != nil {
		return nil, fmt.Errorf("neo4j: meta: %w", err)
	}
	out := map[string]string{}
	props, _ := recs[0].Values[0].(map[string]any)
	for k, v := range props {
		if name, ok := strings.CutPrefix(k, metaPrefix); ok {
			out[name], _ = v.(string)
		}
	}
	return out, nil
}

// ChangedSince returns the nodes written and deleted after version v. A node deleted
// and created again counts as written. The version it returns is VisibleVersion: below
// the version of an import still running, whose nodes are not visible yet.
func (s *Store) ChangedSince(ctx context.Context, v int64) ([]graph.Ref, []graph.Ref, int64, error) {
	cur, err := s.VisibleVersion(ctx)
	if err != nil {
		return nil, nil, 0, err
	}
	var touched []graph.Ref
	seen := map[graph.Ref]bool{}
	for _, k := range graph.Kinds() {
		// Uses the index on :<Kind>(_v).
		recs, err := s.read(ctx, fmt.Sprintf("MATCH (n:%s) WHERE n._v > $v RETURN n.id", k.Kind), map[string]any{"v": v})
		if err != nil {
			return nil, nil, 0, fmt.Errorf("neo4j: changed since %d: %w", v, err)
		}
		for _, r := range recs {
			ref := graph.Ref{Kind: k.Kind, ID: r.Values[0].(string)}
			touched = append(touched, ref)
			seen[ref] = true
		}
	}
	recs, err := s.read(ctx, "MATCH (d:Deleted) WHERE d._v > $v RETURN d.kind, d.id", map[string]any{"v": v})
	if err != nil {
		return nil, nil, 0, fmt.Errorf("neo4j: deleted since %d: %w", v, err)
	}
	var deleted []graph.Ref
	for _, r := range recs {
		ref := graph.Ref{Kind: graph.Kind(r.Values[0].(string)), ID: r.Values[1].(string)}
		if !seen[ref] {
			deleted = append(deleted, ref)
		}
	}
	return touched, deleted, cur, nil
}

// AllRefs returns the references of every node of the given kinds, ordered by kind and id.
func (s *Store) AllRefs(ctx context.Context, kinds []graph.Kind) ([]graph.Ref, error) {
	var out []graph.Ref
	for _, k := range kinds {
		l, err := label(k)
		if err != nil {
			return nil, err
		}
		recs, err := s.read(ctx, fmt.Sprintf("MATCH (n:%s) RETURN n.id ORDER BY n.id", l), nil)
		if err != nil {
			return nil, fmt.Errorf("neo4j: all %s: %w", k, err)
		}
		for _, r := range recs {
			out = append(out, graph.Ref{Kind: k, ID: r.Values[0].(string)})
		}
	}
	return out, nil
}

// Indexables returns nodes with their search context, one query per kind.
func (s *Store) Indexables(ctx context.Context, refs []graph.Ref) ([]graph.Indexable, error) {
	byKind := map[graph.Kind][]string{}
	for _, r := range refs {
		byKind[r.Kind] = append(byKind[r.Kind], r.ID)
	}
	var out []graph.Indexable
	for _, k := range sortedKinds(byKind) {
		l, err := label(k)
		if err != nil {
			return nil, err
		}
		// The context follows the named paths of graph/paths.go (CitiesOf, CountryOf,
		// ThemesOf), the same rules graph.IndexablesOf applies in memory.
		cypher := fmt.Sprintf(`
			MATCH (n:%s) WHERE n.id IN $ids
			RETURN properties(n) AS node, [x IN %s | properties(x)] AS cities,
			  [x IN %s | properties(x)] AS countries, [x IN %s | properties(x)] AS themes
			ORDER BY n.id`, l, collectPath("n", graph.CitiesOf(k)), collectPath("n", graph.CountryOf(k)), collectPath("n", graph.ThemesOf(k)))
		for _, batch := range idBatches(byKind[k]) {
			recs, err := s.read(ctx, cypher, map[string]any{"ids": batch})
			if err != nil {
				return nil, fmt.Errorf("neo4j: indexables %s: %w", k, err)
			}
			for _, r := range recs {
				ix := graph.Indexable{Node: decodeNode(k, r.Values[0].(map[string]any))}
				ix.Cities = dedupe(decodeList(graph.KindCity, r.Values[1]))
				ix.Countries = dedupe(decodeList(graph.KindCountry, r.Values[2]))
				ix.Themes = dedupe(decodeList(graph.KindTheme, r.Values[3]))
				ix.Years = graph.YearsOf(ix.Node)
				out = append(out, ix)
			}
		}
	}
	return out, nil
}

func decodeList(k graph.Kind, v any) []graph.Node {
	list, _ := v.([]any)
	out := make([]graph.Node, 0, len(list))
	for _, x := range list {
		if m, ok := x.(map[string]any); ok {
			out = append(out, decodeNode(k, m))
		}
	}
	return out
}

func dedupe(nodes []graph.Node) []graph.Node {
	seen := map[string]bool{}
	out := nodes[:0]
	for _, n := range nodes {
		if !seen[n.ID] {
			seen[n.ID] = true
			out = append(out, n)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func idBatches(ids []string) [][]string {
	var out [][]string
	for len(ids) > batchSize {
		out = append(out, ids[:batchSize])
		ids = ids[batchSize:]
	}
	if len(ids) > 0 {
		out = append(out, ids)
	}
	return out
}

// Counts returns how many nodes and relationships the graph holds, bookkeeping included.
func (s *Store) Counts(ctx context.Context) (nodes, rels int64, err error) {
	recs, err := s.read(ctx, "CALL { MATCH (n) RETURN count(n) AS n } CALL { MATCH ()-[r]->() RETURN count(r) AS r } RETURN n, r", nil)
	if err != nil {
		return 0, 0, fmt.Errorf("neo4j: counts: %w", err)
	}
	return recs[0].Values[0].(int64), recs[0].Values[1].(int64), nil
}

// nodeProjection is the Cypher map of the properties of node variable v that p selects:
// properties(v) without a projection, else a map projection of the id, the provenance
// when selected, and the selected fields, each text with its original language and
// every translation. Field names come from the kinds table, never from the request.
func nodeProjection(v string, k graph.Kind, p *graph.Projection) string {
	if p == nil {
		return "properties(" + v + ")"
	}
	spec, _ := graph.KindOf(k)
	keys := []string{propID}
	if p.Provenance {
		keys = append(keys, propSource, propSection)
	}
	for _, name := range p.Fields {
		f, ok := spec.Field(name)
		if !ok {
			continue // not a field of the kind: nothing to read
		}
		keys = append(keys, fieldKeys(f)...)
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	return v + " {." + strings.Join(keys, ", .") + "}"
}

// linkProjection is the Cypher map of relationship variable v's properties, empty when
// p says the links' own facts are not needed.
func linkProjection(v string, p *graph.Projection) string {
	if p != nil && !p.Link {
		return "{}"
	}
	return "properties(" + v + ")"
}

var _ graph.TreeReader = (*Store)(nil)

// Tree reads nodes by id and their edges along a tree of hops in one query: one
// pattern comprehension per hop, nested as the hops are, each projecting what its hop
// selects. It uses the uniqueness constraint on :<Kind>(id) to find the roots.
func (s *Store) Tree(ctx context.Context, q graph.TreeQuery) (graph.Tree, error) {
	out := graph.Tree{Roots: map[string]graph.Node{}, Edges: map[*graph.TreeHop]map[graph.Ref][]graph.Edge{}}
	l, err := label(q.Kind)
	if err != nil {
		return out, err
	}
	if len(q.IDs) == 0 {
		return out, nil
	}
	hops, err := treeHopsCypher("a", q.Kind, q.Hops)
	if err != nil {
		return out, err
	}
	roots := "null"
	if q.WithRoots {
		roots = nodeProjection("a", q.Kind, q.RootSelect)
	}
	cypher := fmt.Sprintf("UNWIND $ids AS id MATCH (a:%s {id: id}) RETURN id, %s AS ap, %s AS hops", l, roots, hops)
	recs, err := s.read(ctx, cypher, map[string]any{"ids": q.IDs})
	if err != nil {
		return out, fmt.Errorf("neo4j: tree of %s: %w", q.Kind, err)
	}
	for _, r := range recs {
		from := graph.Ref{Kind: q.Kind, ID: r.Values[0].(string)}
		if p, ok := r.Values[1].(map[string]any); ok {
			out.Roots[from.ID] = decodeNode(q.Kind, p)
		}
		decodeTreeHops(out.Edges, from, q.Hops, r.Values[2])
	}
	return out, nil
}

// treeHopsCypher writes hops from node variable a (of kind from) as a list of the
// pattern comprehensions treeHopCypher writes, one per hop.
func treeHopsCypher(a string, from graph.Kind, hops []graph.TreeHop) (string, error) {
	out := make([]string, len(hops))
	for i := range hops {
		c, err := treeHopCypher(a, from, &hops[i], 0)
		if err != nil {
			return "", err
		}
		out[i] = c
	}
	return "[" + strings.Join(out, ", ") + "]", nil
}

// decodeTreeHops records from's edges along each of hops, read as treeHopsCypher
// writes them.
func decodeTreeHops(out map[*graph.TreeHop]map[graph.Ref][]graph.Edge, from graph.Ref, hops []graph.TreeHop, v any) {
	lists, _ := v.([]any)
	for i := range hops {
		if i < len(lists) {
			decodeTreeHop(out, from, &hops[i], lists[i])
		}
	}
}

// treeHopCypher writes hop h from node variable a (of kind from) as a pattern
// comprehension of [link, node, hops] lists, its nested hops inside; depth names the
// variables apart from those of the hops above.
func treeHopCypher(a string, from graph.Kind, h *graph.TreeHop, depth int) (string, error) {
	if !h.Declared(from) {
		return "", graph.Errorf(graph.EINVALID, "no relationship %s between %s and %s", h.Type, from, h.Kind)
	}
	r, b := fmt.Sprintf("r%d", depth), fmt.Sprintf("b%d", depth)
	children := make([]string, len(h.Hops))
	for i := range h.Hops {
		c, err := treeHopCypher(b, h.Kind, &h.Hops[i], depth+1)
		if err != nil {
			return "", err
		}
		children[i] = c
	}
	// Each edge is a list [link, node, hops]: lists cost less than maps to build, send
	// and decode, and a link whose facts are not selected is null rather than a map.
	link := "null"
	if h.Select == nil || h.Select.Link {
		link = linkProjection(r, h.Select)
	}
	return fmt.Sprintf("[(%s)%s | [%s, %s, [%s]]]", a, hopCypher(h.Hop, r, b+":"+string(h.Kind)),
		link, nodeProjection(b, h.Kind, h.Select), strings.Join(children, ", ")), nil
}

// decodeTreeHop records from's edges along h, then those of the nodes they reach
// along h's own hops, each node once.
func decodeTreeHop(out map[*graph.TreeHop]map[graph.Ref][]graph.Edge, from graph.Ref, h *graph.TreeHop, v any) {
	m := out[h]
	if m == nil {
		m = map[graph.Ref][]graph.Edge{}
		out[h] = m
	}
	if _, done := m[from]; done {
		return
	}
	f, t := from.Kind, h.Kind
	if h.Direction == graph.In {
		f = h.Kind
	}
	spec, _ := graph.RelOf(f, h.Type) // Declared, checked when the query was written
	items, _ := v.([]any)
	// Neighbours' order: by the other end's id. Edges are large values, so the items
	// are put in order by their ids before they are decoded, and a list already in
	// order (as most come) is not moved at all.
	type keyed struct {
		id   string
		item []any
	}
	order := make([]keyed, 0, len(items))
	for _, x := range items {
		item, _ := x.([]any)
		if len(item) != 3 {
			continue // not an edge treeHopCypher writes
		}
		bp, _ := item[1].(map[string]any)
		id, _ := bp[propID].(string)
		order = append(order, keyed{id: id, item: item})
	}
	byID := func(a, b keyed) int { return strings.Compare(a.id, b.id) }
	if !slices.IsSortedFunc(order, byID) {
		slices.SortStableFunc(order, byID)
	}
	edges := make([]graph.Edge, 0, len(order))
	for _, o := range order {
		rp, _ := o.item[0].(map[string]any)
		bp, _ := o.item[1].(map[string]any)
		other := decodeNode(t, bp)
		lf, lt := from, other.Ref()
		if h.Direction == graph.In {
			lf, lt = lt, lf
		}
		edges = append(edges, graph.Edge{Node: other, Link: decodeLink(spec, lf, lt, rp)})
		children, _ := o.item[2].([]any)
		for i := range h.Hops {
			if i < len(children) {
				decodeTreeHop(out, other.Ref(), &h.Hops[i], children[i])
			}
		}
	}
	m[from] = edges
}

// Locate returns the kind of the entity holding each id, through the uniqueness
// constraint on the entity label.
func (s *Store) Locate(ctx context.Context, ids []string) (map[string]graph.Kind, error) {
	out := map[string]graph.Kind{}
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := s.read(ctx, `
		UNWIND $ids AS id
		MATCH (n:`+entityLabel+` {id: id})
		RETURN id, head([l IN labels(n) WHERE l IN $kinds])`, map[string]any{"ids": ids, "kinds": kindNames()})
	if err != nil {
		return nil, fmt.Errorf("neo4j: locate ids: %w", err)
	}
	for _, r := range recs {
		if k, ok := r.Values[1].(string); ok {
			out[r.Values[0].(string)] = graph.Kind(k)
		}
	}
	return out, nil
}
