package neo4jstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/practicegraph/practicegraph/graph"
)

// IndexablesAfter returns up to limit nodes of kind k with their search context, the
// first ones whose id sorts after after ("" for the first page), in id order: one
// query per chunk of a full index rebuild. Keyset paging walks the id index from where
// the last chunk ended instead of skipping what earlier chunks read. The context nodes
// carry only what search reads of them: their id and type (the facets), and the names
// of cities and countries (a place's name finds what is there).
func (s *Store) IndexablesAfter(ctx context.Context, k graph.Kind, after string, limit int) ([]graph.Indexable, error) {
	l, err := label(k)
	if err != nil {
		return nil, err
	}
	// Uses the unique constraint's index on id, ranged and in order.
	cypher := fmt.Sprintf(`
		MATCH (n:%s) WHERE n.id > $after
		WITH n ORDER BY n.id LIMIT $limit
		RETURN properties(n) AS node, [x IN %s | x {%s}] AS cities,
		  [x IN %s | x {%s}] AS countries, [x IN %s | x {.id, .type}] AS themes`,
		l, collectPath("n", graph.CitiesOf(k)), placeProjection, collectPath("n", graph.CountryOf(k)), placeProjection,
		collectPath("n", graph.ThemesOf(k)))
	recs, err := s.read(ctx, cypher, map[string]any{"after": after, "limit": limit})
	if err != nil {
		return nil, fmt.Errorf("neo4j: indexables %s after %q: %w", k, after, err)
	}
	out := make([]graph.Indexable, 0, len(recs))
	for _, r := range recs {
		ix := graph.Indexable{Node: decodeNode(k, r.Values[0].(map[string]any))}
		ix.Cities = dedupe(decodeList(graph.KindCity, r.Values[1]))
		ix.Countries = dedupe(decodeList(graph.KindCountry, r.Values[2]))
		ix.Themes = dedupe(decodeList(graph.KindTheme, r.Values[3]))
		ix.Years = graph.YearsOf(ix.Node)
		out = append(out, ix)
	}
	return out, nil
}

// CountOf returns how many nodes of the given kinds the graph holds, from Neo4j's count
// store (no scan).
func (s *Store) CountOf(ctx context.Context, kinds []graph.Kind) (int, error) {
	n := 0
	for _, k := range kinds {
		l, err := label(k)
		if err != nil {
			return 0, err
		}
		recs, err := s.read(ctx, fmt.Sprintf("MATCH (n:%s) RETURN count(n)", l), nil)
		if err != nil {
			return 0, fmt.Errorf("neo4j: count %s: %w", k, err)
		}
		n += int(recs[0].Values[0].(int64))
	}
	return n, nil
}

// placeProjection is the map projection of a city or country that search reads: id and
// type, and its name in every language with its aliases.
var placeProjection = func() string {
	props := []string{".id", ".type", ".aliases", ".name_orig"}
	for _, l := range graph.Languages {
		props = append(props, ".name_"+l)
	}
	return strings.Join(props, ", ")
}()

// DependentsOf returns the searchable nodes whose search documents hold the names of
// the given cities and countries (their cities and countries, graph.CitiesOf and
// graph.CountryOf): after a city or country is renamed, their documents are stale.
// Refs of other kinds are ignored.
func (s *Store) DependentsOf(ctx context.Context, refs []graph.Ref) ([]graph.Ref, error) {
	byKind := map[graph.Kind][]string{}
	for _, r := range refs {
		if r.Kind == graph.KindCity || r.Kind == graph.KindCountry {
			byKind[r.Kind] = append(byKind[r.Kind], r.ID)
		}
	}
	var out []graph.Ref
	seen := map[graph.Ref]bool{}
	for _, place := range sortedKinds(byKind) {
		for _, spec := range graph.Kinds() {
			if !spec.Searchable {
				continue
			}
			p := graph.CitiesOf(spec.Kind)
			if place == graph.KindCountry {
				p = graph.CountryOf(spec.Kind)
			}
			var routes []string
			for _, r := range p.Routes {
				if len(r) > 0 { // a route of no hop is the place itself, indexed as touched
					routes = append(routes, "MATCH "+routeCypher("n:"+string(spec.Kind), r, "c")+" RETURN n")
				}
			}
			if len(routes) == 0 || p.IsZero() {
				continue
			}
			cypher := fmt.Sprintf(`
				MATCH (c:%s) WHERE c.id IN $ids
				CALL (c) {
				  %s
				}
				RETURN DISTINCT n.id`, place, strings.Join(routes, "\n  UNION\n  "))
			recs, err := s.read(ctx, cypher, map[string]any{"ids": byKind[place]})
			if err != nil {
				return nil, fmt.Errorf("neo4j: dependents of %s: %w", place, err)
			}
			for _, r := range recs {
				ref := graph.Ref{Kind: spec.Kind, ID: r.Values[0].(string)}
				if !seen[ref] {
					seen[ref] = true
					out = append(out, ref)
				}
			}
		}
	}
	return out, nil
}
