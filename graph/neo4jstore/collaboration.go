package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/practicegraph/practicegraph/graph"
)

var _ graph.CollaborationStore = (*Store)(nil)

// collabPaths says, per kind of collaboration, how a city reaches the nodes it
// collaborates through: the named paths of graph/paths.go, so that "the events of a
// city" means the same here as on the city's page. Each route must be one hop.
var collabPaths = map[graph.CollaborationKind]graph.Path{
	graph.CollaborationGrant:   graph.GrantsOfCity,
	graph.CollaborationProject: graph.ProjectsOfCity,
	graph.CollaborationEvent:   graph.EventsOfCity,
	graph.CollaborationNetwork: graph.NetworksOfCity,
}

// collabTies returns the hops that tie a city to what it collaborates through in kind k.
func collabTies(k graph.CollaborationKind) []graph.Hop {
	via, _ := graph.CollaborationKindOf(k.Via())
	hops, ok := collabPaths[via].Hops()
	if !ok {
		panic(fmt.Sprintf("neo4jstore: the collaboration path of %s must have one-hop routes", k))
	}
	return hops
}

// partOf ties a session to the larger event it belongs to.
const partOf = graph.RelPartOf

// The subqueries below find collaborations in two halves: collabVias, the nodes a city
// collaborates through (sessions lifted to their top event), then collabMembers, every
// city tied to such a node with the relationship that ties it. Go pairs the members up.
// Both use `kind` parameters as guards, so one plan serves every choice of kinds. They
// are written once from collabPaths when the package loads.
var collabVias, collabAllVias, collabMembers = collabQueries()

func collabQueries() (vias, allVias, members string) {
	var v, all, m []string
	topEvent := "NOT EXISTS { (via)-[:" + partOf + "]->(:" + string(graph.KindEvent) + ") }"
	for _, k := range graph.ViaKinds(graph.CollaborationKinds()) {
		label := string(k.Via())
		guard := "'" + string(k) + "' IN $kinds"
		if k.Via() == graph.KindEvent {
			all = append(all, fmt.Sprintf("MATCH (via:%s) WHERE %s AND %s\n      RETURN '%s' AS kind, via", label, guard, topEvent, k))
		} else {
			all = append(all, fmt.Sprintf("MATCH (via:%s) WHERE %s\n      RETURN '%s' AS kind, via", label, guard, k))
		}
		for _, h := range collabTies(k) {
			back := graph.Path{From: graph.KindCity, To: h.Kind, Routes: []graph.Route{{h}}}.Reverse("").Routes[0][0]
			if k.Via() == graph.KindEvent {
				// A session's ties count for the event it is part of.
				v = append(v, fmt.Sprintf("MATCH (c)%s-[:%s*0..]->(via:%s) WHERE %s AND %s\n      RETURN '%s' AS kind, via",
					hopCypher(h, "", ":"+label), partOf, label, guard, topEvent, k))
				m = append(m, fmt.Sprintf("MATCH (via)<-[:%s*0..]-(:%s)%s WHERE kind = '%s'\n      RETURN m, r",
					partOf, label, hopCypher(back, "r", "m:City"), k))
				continue
			}
			v = append(v, fmt.Sprintf("MATCH (c)%s WHERE %s\n      RETURN '%s' AS kind, via", hopCypher(h, "", "via:"+label), guard, k))
			m = append(m, fmt.Sprintf("MATCH (via)%s WHERE kind = '%s'\n      RETURN m, r", hopCypher(back, "r", "m:City"), k))
		}
	}
	union := "\n      UNION\n      "
	return "\n    CALL (c) {\n      " + strings.Join(v, union) + "\n    }",
		"\n    CALL () {\n      " + strings.Join(all, union) + "\n    }",
		"\n    CALL (kind, via) {\n      " + strings.Join(m, union) + "\n    }"
}

// collabReturn is the row every collaboration query returns: one tie of one member.
const collabReturn = `
    RETURN ` + collabFields

// collabFields are collabReturn's columns, for queries that return more.
const collabFields = `kind, properties(via) AS via, properties(m) AS m, type(r) AS type,
           startNode(r):City AS cityFirst, startNode(r).id AS start, endNode(r).id AS end, properties(r) AS rel`

// Collaborations returns a city's collaborations in one round trip.
func (s *Store) Collaborations(ctx context.Context, cityID string, f graph.CollaborationFilter) ([]graph.Collaboration, error) {
	m, err := s.CollaborationsOf(ctx, []string{cityID}, f)
	if err != nil {
		return nil, err
	}
	cs, ok := m[cityID]
	if !ok {
		return nil, graph.NotFound(graph.KindCity, cityID)
	}
	return cs, nil
}

// CollaborationsOf returns the collaborations of many cities in one round trip; unknown
// cities are absent from the map, cities without collaborations map to nil.
func (s *Store) CollaborationsOf(ctx context.Context, cityIDs []string, f graph.CollaborationFilter) (map[string][]graph.Collaboration, error) {
	kinds, err := graph.NormaliseCollaborationKinds(f.Kinds)
	if err != nil {
		return nil, err
	}
	if err := f.Validate(); err != nil {
		return nil, err
	}
	// Starts from the uniqueness constraint on :City(id); OPTIONAL CALL keeps the city's
	// row when it has no collaborations, so no row at all means no such city.
	cypher := `
    UNWIND $ids AS id
    MATCH (c:City {id: id})
    OPTIONAL CALL (c) {` + collabVias + collabMembers + `
      RETURN kind, via, m, r
    }
    RETURN c.id AS cityId, ` + collabFields
	recs, err := s.read(ctx, cypher, map[string]any{"ids": cityIDs, "kinds": viaKindStrings(kinds)})
	if err != nil {
		return nil, fmt.Errorf("neo4j: collaborations of %d cities: %w", len(cityIDs), err)
	}
	byCity := map[string][]*neo4j.Record{}
	for _, r := range recs {
		id, _ := r.Values[0].(string)
		byCity[id] = append(byCity[id], r)
	}
	out := make(map[string][]graph.Collaboration, len(byCity))
	for cityID, rs := range byCity {
		var cs []graph.Collaboration
		for _, g := range groupTies(rs) {
			mine, ok := g.members[cityID]
			if !ok {
				continue
			}
			for _, id := range g.order {
				if id != cityID {
					if c := pair(g, mine, g.members[id]); f.Keep(c) && slices.Contains(kinds, c.Kind) {
						cs = append(cs, c)
					}
				}
			}
		}
		graph.SortCollaborations(cs)
		out[cityID] = cs
	}
	return out, nil
}

// NetworkCollaborations returns what a network's members did together, in one round trip.
func (s *Store) NetworkCollaborations(ctx context.Context, networkID string, kinds []graph.CollaborationKind) ([]graph.Collaboration, error) {
	kinds, err := graph.NormaliseCollaborationKinds(kinds)
	if err != nil {
		return nil, err
	}
	// The network itself is left out as a way to collaborate: it links every member.
	cypher := `
    MATCH (net:Network {id: $id})
    OPTIONAL CALL (net) {
      MATCH (net)<-[:` + graph.RelMemberOf + `]-(c:City)` + collabVias + `
      WITH DISTINCT net, kind, via
      WHERE via <> net` + collabMembers + `
      WITH net, kind, via, m, r
      WHERE EXISTS { (m)-[:` + graph.RelMemberOf + `]->(net) }
      RETURN kind, via, m, r
    }` + collabReturn
	recs, err := s.read(ctx, cypher, map[string]any{"id": networkID, "kinds": viaKindStrings(kinds)})
	if err != nil {
		return nil, fmt.Errorf("neo4j: collaborations in network %q: %w", networkID, err)
	}
	if len(recs) == 0 {
		return nil, graph.NotFound(graph.KindNetwork, networkID)
	}
	out := allPairs(groupTies(recs), kinds)
	graph.SortCollaborations(out)
	return out, nil
}

// CollaborationGraph returns every collaboration once, in one round trip.
func (s *Store) CollaborationGraph(ctx context.Context, year *int, kinds []graph.CollaborationKind) (graph.CollaborationGraph, error) {
	kinds, err := graph.NormaliseCollaborationKinds(kinds)
	if err != nil {
		return graph.CollaborationGraph{}, err
	}
	cypher := collabAllVias + collabMembers + collabReturn
	recs, err := s.read(ctx, cypher, map[string]any{"kinds": viaKindStrings(kinds)})
	if err != nil {
		return graph.CollaborationGraph{}, fmt.Errorf("neo4j: collaboration graph: %w", err)
	}
	all := allPairs(groupTies(recs), kinds)
	graph.SortCollaborations(all)
	out := graph.CollaborationGraph{Cities: []graph.Node{}, Links: []graph.Collaboration{}, Years: []int{}}
	years := map[int]bool{}
	cities := map[string]graph.Node{}
	for _, c := range all {
		if c.Year != nil && !years[*c.Year] {
			years[*c.Year] = true
			out.Years = append(out.Years, *c.Year)
		}
		if year != nil && (c.Year == nil || *c.Year != *year) {
			continue
		}
		out.Links = append(out.Links, c)
		cities[c.City.ID], cities[c.Partner.ID] = c.City, c.Partner
	}
	sort.Ints(out.Years)
	for _, n := range cities {
		out.Cities = append(out.Cities, n)
	}
	sort.Slice(out.Cities, func(i, j int) bool { return out.Cities[i].ID < out.Cities[j].ID })
	return out, nil
}

// viaGroup is one node cities collaborate through, with its members in the order found.
type viaGroup struct {
	kind    graph.CollaborationKind
	via     graph.Node
	order   []string
	members map[string]*member
}

// member is a city tied to a via node, with every relationship that ties it.
type member struct {
	city  graph.Node
	links []graph.Link
	host  bool // one of the links says it hosted, organised or was the place of the event
}

// groupTies turns rows of collabReturn into one group per via node. Rows whose kind
// is null (OPTIONAL CALL found nothing) are skipped.
func groupTies(recs []*neo4j.Record) []*viaGroup {
	rows := make([]map[string]any, len(recs))
	for i, r := range recs {
		rows[i] = r.AsMap()
	}
	return groupTieRows(rows)
}

// groupTieRows is groupTies over rows already read as maps.
func groupTieRows(rows []map[string]any) []*viaGroup {
	var out []*viaGroup
	index := map[string]*viaGroup{}
	for _, m := range rows {
		kindS, _ := m["kind"].(string)
		if kindS == "" {
			continue
		}
		kind := graph.CollaborationKind(kindS)
		via := decodeNode(kind.Via(), m["via"].(map[string]any))
		key := kindS + ":" + via.ID
		g, ok := index[key]
		if !ok {
			g = &viaGroup{kind: kind, via: via, members: map[string]*member{}}
			index[key] = g
			out = append(out, g)
		}
		city := decodeNode(graph.KindCity, m["m"].(map[string]any))
		mem, ok := g.members[city.ID]
		if !ok {
			mem = &member{city: city}
			g.members[city.ID] = mem
			g.order = append(g.order, city.ID)
		}
		tie := decodeTie(kind, m)
		mem.links = append(mem.links, tie)
		mem.host = mem.host || (kind.Via() == graph.KindEvent && graph.IsHostTie(tie.Type))
	}
	for _, g := range out {
		for _, mem := range g.members {
			sort.SliceStable(mem.links, func(i, j int) bool { return tieRank(mem.links[i]) < tieRank(mem.links[j]) })
		}
	}
	return out
}

// decodeTie builds the link between a city and what it collaborates through.
func decodeTie(kind graph.CollaborationKind, m map[string]any) graph.Link {
	typ, _ := m["type"].(string)
	start, _ := m["start"].(string)
	end, _ := m["end"].(string)
	cityFirst, _ := m["cityFirst"].(bool)
	from, to := graph.Ref{Kind: kind.Via(), ID: start}, graph.Ref{Kind: graph.KindCity, ID: end}
	if cityFirst {
		from, to = graph.Ref{Kind: graph.KindCity, ID: start}, graph.Ref{Kind: kind.Via(), ID: end}
	}
	spec, ok := graph.RelOf(from.Kind, typ)
	if !ok {
		spec = graph.RelSpec{Type: typ, From: from.Kind, To: to.Kind}
	}
	props, _ := m["rel"].(map[string]any)
	return decodeLink(spec, from, to, props)
}

// tieRank orders a city's ties to one node so the telling one comes first: one with a
// role the sources give, then hosting or organising, then being the place it was held
// in, then taking part.
func tieRank(l graph.Link) string {
	rank := "3"
	switch {
	case !l.Texts[graph.LinkFieldRole].IsZero():
		rank = "0"
	case l.Type == graph.RelHosted || l.Type == graph.RelOrganisedByCity:
		rank = "1"
	case l.Type == graph.RelHeldIn:
		rank = "2"
	}
	return rank + l.Type + l.From.ID + l.To.ID
}

// pair builds the collaboration of a with b through g; through an event its kind says
// whether it was a study visit, a co-hosted event or co-attendance.
func pair(g *viaGroup, a, b *member) graph.Collaboration {
	c := graph.Collaboration{Kind: g.kind, City: a.city, Partner: b.city, Via: g.via,
		CityLink: a.links[0], PartnerLink: b.links[0], CityHost: a.host, PartnerHost: b.host}
	c.Year, c.Date = collabWhen(g.kind, g.via, a.links[0], b.links[0])
	if g.kind.Via() == graph.KindEvent {
		c.Kind = graph.ClassifyEvent(g.via.String(graph.FieldEventType), a.host, b.host)
	}
	return c
}

// allPairs returns, for every group, each pair of members once, the smaller id first,
// keeping only the kinds asked for.
func allPairs(groups []*viaGroup, kinds []graph.CollaborationKind) []graph.Collaboration {
	var out []graph.Collaboration
	for _, g := range groups {
		ids := append([]string(nil), g.order...)
		sort.Strings(ids)
		for i, a := range ids {
			for _, b := range ids[i+1:] {
				if c := pair(g, g.members[a], g.members[b]); slices.Contains(kinds, c.Kind) {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// collabWhen returns the year and date of a collaboration: the grant's year, the
// project's start, the event's start, or for a network the later of the two joining
// years when both are known.
func collabWhen(kind graph.CollaborationKind, via graph.Node, a, b graph.Link) (*int, string) {
	switch kind {
	case graph.CollaborationGrant:
		return via.Int(graph.FieldGrantYear), ""
	case graph.CollaborationProject:
		return via.Int(graph.FieldProjectStartYear), ""
	case graph.CollaborationStudyVisit, graph.CollaborationEvent, graph.CollaborationMeeting:
		d := via.String(graph.FieldEventStartDate)
		if len(d) <= 4 {
			return graph.YearOf(d), "" // a bare year is no more than the year
		}
		return graph.YearOf(d), d
	case graph.CollaborationNetwork:
		ya, yb := joinYear(a), joinYear(b)
		if ya == nil || yb == nil {
			return nil, ""
		}
		if *ya > *yb {
			return ya, ""
		}
		return yb, ""
	}
	return nil, ""
}

func joinYear(l graph.Link) *int {
	switch v := l.Props[graph.LinkFieldSince].(type) {
	case int64:
		y := int(v)
		return &y
	}
	if d, ok := l.Props[graph.LinkFieldJoinedOn].(string); ok {
		return graph.YearOf(d)
	}
	return nil
}

// viaKindStrings returns the kinds' guards for collabVias and collabAllVias: events are
// fetched once, under EVENT, for the three kinds that go through them.
func viaKindStrings(kinds []graph.CollaborationKind) []string {
	vias := graph.ViaKinds(kinds)
	out := make([]string, len(vias))
	for i, k := range vias {
		out[i] = string(k)
	}
	return out
}

// CollaborationPaths finds the shortest chains of collaborations between two cities in
// one round trip.
//
// allShortestPaths runs over the bipartite graph of cities and the nodes they
// collaborate through: only the tie types of the kinds asked for (plus PART_OF for
// events), only nodes of those labels, and every relationship touching a city (or
// PART_OF) so that Network-[:PARTICIPATED_IN]->Event cannot be a shortcut. These
// predicates are on all nodes and all relationships of the path, which the planner
// checks during the breadth-first search itself (no exhaustive-search fallback).
// Sessions cost extra hops, so the search allows up to four hops a step and Go folds
// each session into its event before counting steps.
func (s *Store) CollaborationPaths(ctx context.Context, from, to string, kinds []graph.CollaborationKind, maxSteps int) ([]graph.CollaborationPath, error) {
	kinds, err := graph.NormaliseCollaborationKinds(kinds)
	if err != nil {
		return nil, err
	}
	if maxSteps < 1 || maxSteps > graph.MaxCollaborationSteps {
		return nil, graph.Errorf(graph.EINVALID, "maxSteps must be between 1 and %d, got %d", graph.MaxCollaborationSteps, maxSteps)
	}
	if from == to {
		return nil, graph.Errorf(graph.EINVALID, "a path needs two different cities, got %q twice", from)
	}
	types, labels := pathPattern(kinds)
	// Labels and types come from the fixed tables; the hop bound is a validated integer
	// because Cypher takes no parameter there.
	cypher := fmt.Sprintf(`
    OPTIONAL MATCH (a:City {id: $from})
    OPTIONAL MATCH (b:City {id: $to})
    OPTIONAL MATCH p = allShortestPaths((a)-[:%s*..%d]-(b))
    WHERE all(n IN nodes(p) WHERE %s)
      AND all(r IN relationships(p) WHERE startNode(r):City OR endNode(r):City OR type(r) = '%s')
      AND all(r IN relationships(p) WHERE type(r) <> '%s' OR $meetings OR endNode(r).%s IN $visitTypes)
    WITH a, b, p LIMIT $limit
    RETURN a IS NOT NULL AS hasFrom, b IS NOT NULL AS hasTo,
      [n IN nodes(p) | {
        kind: labels(n)[0], node: properties(n),
        top: CASE WHEN n:Event THEN [(n)-[:%[4]s*1..]->(t:Event) WHERE NOT EXISTS { (t)-[:%[4]s]->(:Event) } | properties(t)][0] END
      }] AS nodes,
      [r IN relationships(p) | {type: type(r), cityFirst: startNode(r):City, props: properties(r)}] AS rels`,
		strings.Join(types, "|"), 4*maxSteps, strings.Join(labels, " OR "), partOf, graph.RelParticipatedIn, graph.FieldEventType)
	// Several raw paths fold into one (a city both hosting and attending an event), so
	// the query returns more than the paths kept.
	// Taking part is a tie only for meetings or visits: without it, a path cannot go
	// through a large meeting when meetings were not asked for.
	recs, err := s.read(ctx, cypher, map[string]any{"from": from, "to": to, "limit": 10 * graph.MaxCollaborationPaths,
		"meetings": slices.Contains(kinds, graph.CollaborationMeeting), "visitTypes": graph.VisitEventTypes()})
	if err != nil {
		return nil, fmt.Errorf("neo4j: collaboration paths %q to %q: %w", from, to, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("neo4j: collaboration paths %q to %q: no row", from, to)
	}
	if ok, _ := recs[0].AsMap()["hasFrom"].(bool); !ok {
		return nil, graph.NotFound(graph.KindCity, from)
	}
	if ok, _ := recs[0].AsMap()["hasTo"].(bool); !ok {
		return nil, graph.NotFound(graph.KindCity, to)
	}
	var paths []graph.CollaborationPath
	seen := map[string]bool{}
	best := maxSteps
	for _, r := range recs {
		p, ok := foldPath(r.AsMap())
		if !ok || len(p.Steps) > maxSteps || seen[p.Key()] || !stepsOfKinds(p, kinds) {
			continue
		}
		seen[p.Key()] = true
		if len(p.Steps) < best {
			best = len(p.Steps)
		}
		paths = append(paths, p)
	}
	out := []graph.CollaborationPath{}
	for _, p := range paths {
		if len(p.Steps) == best {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	if len(out) > graph.MaxCollaborationPaths {
		out = out[:graph.MaxCollaborationPaths]
	}
	return out, nil
}

// pathPattern returns the relationship types and the node-label predicate of the path
// search for kinds, from the fixed tables.
func pathPattern(kinds []graph.CollaborationKind) (types, labels []string) {
	labels = []string{"n:" + string(graph.KindCity)}
	for _, k := range graph.ViaKinds(kinds) {
		for _, h := range collabTies(k) {
			if !slices.Contains(types, h.Type) {
				types = append(types, h.Type)
			}
		}
		labels = append(labels, "n:"+string(k.Via()))
		if k == graph.CollaborationEvent {
			types = append(types, partOf)
		}
	}
	return types, labels
}

// foldPath turns a raw path (city, via nodes…, city, …) into steps, one per via group:
// a run of events joined by PART_OF counts as their top event.
func foldPath(row map[string]any) (graph.CollaborationPath, bool) {
	rawNodes, _ := row["nodes"].([]any)
	rawRels, _ := row["rels"].([]any)
	if len(rawNodes) < 3 || len(rawRels) != len(rawNodes)-1 {
		return graph.CollaborationPath{}, false
	}
	type hop struct {
		node graph.Node
		top  graph.Node
	}
	hops := make([]hop, len(rawNodes))
	for i, x := range rawNodes {
		m, _ := x.(map[string]any)
		kind, _ := m["kind"].(string)
		props, _ := m["node"].(map[string]any)
		h := hop{node: decodeNode(graph.Kind(kind), props)}
		h.top = h.node
		if top, ok := m["top"].(map[string]any); ok {
			h.top = decodeNode(graph.KindEvent, top)
		}
		hops[i] = h
	}
	tie := func(i int, city, via graph.Node) graph.Link {
		m, _ := rawRels[i].(map[string]any)
		typ, _ := m["type"].(string)
		props, _ := m["props"].(map[string]any)
		from, to := via.Ref(), city.Ref()
		if cf, _ := m["cityFirst"].(bool); cf {
			from, to = to, from
		}
		spec, ok := graph.RelOf(from.Kind, typ)
		if !ok {
			spec = graph.RelSpec{Type: typ, From: from.Kind, To: to.Kind}
		}
		return decodeLink(spec, from, to, props)
	}
	var p graph.CollaborationPath
	cur := 0
	for cur < len(hops)-1 {
		next := cur + 1
		for next < len(hops) && hops[next].node.Kind != graph.KindCity {
			next++
		}
		if next == len(hops) || next == cur+1 {
			return graph.CollaborationPath{}, false
		}
		first := hops[cur+1]
		kind, ok := graph.CollaborationKindOf(first.node.Kind)
		if !ok || (next-cur > 2 && kind != graph.CollaborationEvent) {
			return graph.CollaborationPath{}, false
		}
		via := first.top
		step := graph.CollaborationStep{From: hops[cur].node, To: hops[next].node, Kind: kind, Via: via,
			FromLink: tie(cur, hops[cur].node, hops[cur+1].node), ToLink: tie(next-1, hops[next].node, hops[next-1].node)}
		step.Year, _ = collabWhen(kind, via, step.FromLink, step.ToLink)
		if kind == graph.CollaborationEvent {
			step.FromHost, step.ToHost = graph.IsHostTie(step.FromLink.Type), graph.IsHostTie(step.ToLink.Type)
			step.Kind = graph.ClassifyEvent(via.String(graph.FieldEventType), step.FromHost, step.ToHost)
		}
		p.Steps = append(p.Steps, step)
		cur = next
	}
	return p, true
}

// stepsOfKinds reports whether every step of p is of one of kinds.
func stepsOfKinds(p graph.CollaborationPath, kinds []graph.CollaborationKind) bool {
	for _, st := range p.Steps {
		if !slices.Contains(kinds, st.Kind) {
			return false
		}
	}
	return true
}

// SharedThemes returns the themes of practices both cities run, by id.
func (s *Store) SharedThemes(ctx context.Context, a, b string) ([]graph.Node, error) {
	cities, themes := graph.CitiesOf(graph.KindPractice), graph.ThemesOf(graph.KindPractice)
	// Themes are few; each is tested against the practices of both cities.
	cypher := `
    MATCH (t:` + string(graph.KindTheme) + `)
    WHERE EXISTS { MATCH (n:` + string(graph.KindPractice) + `) WHERE ` + existsPath("n", cities, "{id: $a}") + ` AND ` + existsPath("n", themes, "{id: t.id}") + ` }
      AND EXISTS { MATCH (n:` + string(graph.KindPractice) + `) WHERE ` + existsPath("n", cities, "{id: $b}") + ` AND ` + existsPath("n", themes, "{id: t.id}") + ` }
    RETURN properties(t) AS t ORDER BY t.id`
	recs, err := s.read(ctx, cypher, map[string]any{"a": a, "b": b})
	if err != nil {
		return nil, fmt.Errorf("neo4j: shared themes of %q and %q: %w", a, b, err)
	}
	out := make([]graph.Node, 0, len(recs))
	for _, r := range recs {
		props, _ := r.Values[0].(map[string]any)
		out = append(out, decodeNode(graph.KindTheme, props))
	}
	return out, nil
}
