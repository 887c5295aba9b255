package neo4jstore

import (
	"fmt"
	"strings"

	"github.com/practicegraph/practicegraph/graph"
)

// This file is the one place graph.Path and graph.Hop become Cypher. Labels and types
// come from the kinds table (paths are checked against it when declared), never from
// input, so they may be written into query text.

// hopCypher writes one hop with an optional relationship variable: -[r:TYPE]->(end).
func hopCypher(h graph.Hop, rel, end string) string {
	r := "[" + rel + ":" + h.Type + "]"
	if h.Direction == graph.In {
		return "<-" + r + "-(" + end + ")"
	}
	return "-" + r + "->(" + end + ")"
}

// routeCypher writes route r from node variable n, its last node written as last (e.g.
// "x:City" or ":Country {id: $country}"), the ones between as bare labels.
func routeCypher(n string, r graph.Route, last string) string {
	var b strings.Builder
	b.WriteString("(" + n + ")")
	for i, h := range r {
		end := ":" + string(h.Kind)
		if i == len(r)-1 {
			end = last
		}
		b.WriteString(hopCypher(h, "", end))
	}
	return b.String()
}

// existsPath is a predicate true when some route of p leads from n to a node of p's end
// kind whose properties match props ("{id: $country}", or "" for any).
func existsPath(n string, p graph.Path, props string) string {
	if p.IsZero() {
		return "false"
	}
	last := ":" + string(p.To)
	if props != "" {
		last += " " + props
	}
	var alts []string
	for _, r := range p.Routes {
		if len(r) == 0 {
			// The node itself: only a bare id test makes sense for it.
			alts = append(alts, fmt.Sprintf("EXISTS { MATCH (%s%s) }", n, last))
			continue
		}
		alts = append(alts, "EXISTS { "+routeCypher(n, r, last)+" }")
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return "(" + strings.Join(alts, " OR ") + ")"
}

// collectPath is a list expression of the nodes p reaches from n, route after route;
// a node reached twice is listed twice.
func collectPath(n string, p graph.Path) string {
	if p.IsZero() {
		return "[]"
	}
	var parts []string
	for _, r := range p.Routes {
		if len(r) == 0 {
			parts = append(parts, "["+n+"]")
			continue
		}
		parts = append(parts, "["+routeCypher(n, r, "x:"+string(p.To))+" | x]")
	}
	return strings.Join(parts, " + ")
}

// typesOf returns the relationship types of a path's one-hop routes joined for a
// pattern (A|B|C), in route order without repeats.
func typesOf(hops []graph.Hop) string {
	var ts []string
	seen := map[string]bool{}
	for _, h := range hops {
		if !seen[h.Type] {
			seen[h.Type] = true
			ts = append(ts, h.Type)
		}
	}
	return strings.Join(ts, "|")
}
