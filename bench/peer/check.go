package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// answers are one target's answers to every request of a case, in request order: the
// GraphQL data of an http target, the records of a cypher one.
type answers []any

// canon reduces one answer of a target to what every target must agree on (ids, counts,
// order where the query asks for one), as JSON so that numbers of any type compare.
type canon func(target string, answer any) any

// canons say, per case, what must be the same; search is compared for latency only
// between practicegraph and the peer (different engines rank differently), but the peer
// and the floor ask the same Lucene index and must agree.
var canons = map[string]canon{
	"a-byid": func(t string, a any) any {
		switch t {
		case targetProject:
			p := dig(a, "practice")
			return []any{dig(p, "id"), dig(p, "name", "text"), sortedStrings(dig(p, "cities"), "city", "id"),
				sortedStrings(dig(p, "organisations"), "organisation", "id"), sortedStrings(dig(p, "grants"), "grant", "id")}
		case targetPeer:
			ps := asList(dig(a, "practices"))
			if len(ps) != 1 {
				return fmt.Sprintf("%d practices", len(ps))
			}
			p := ps[0]
			return []any{dig(p, "id"), dig(p, "name_en"), sortedStrings(dig(p, "cities"), "id"),
				sortedStrings(dig(p, "organisations"), "id"), sortedStrings(dig(p, "grants"), "id")}
		}
		rs := asList(a)
		if len(rs) != 1 {
			return fmt.Sprintf("%d records", len(rs))
		}
		p := rs[0]
		return []any{dig(p, "id"), dig(p, "name"), sortedStrings(dig(p, "cities"), "id"),
			sortedStrings(dig(p, "organisations"), "id"), sortedStrings(dig(p, "grants"), "id")}
	},
	"b-nested": func(t string, a any) any {
		var cities []any
		var city, practices, practice, grants, grant, gcities []string
		switch t {
		case targetProject:
			for _, e := range asList(dig(a, "cities", "edges")) {
				cities = append(cities, dig(e, "node"))
			}
			city, practices, practice, grants, grant, gcities = []string{"id"}, []string{"practices"}, []string{"practice"},
				[]string{"grants"}, []string{"grant"}, []string{"city", "id"}
		case targetPeer:
			cities = asList(dig(a, "cities"))
			city, practices, practice, grants, grant, gcities = []string{"id"}, []string{"practices"}, nil, []string{"grants"}, nil, []string{"id"}
		default:
			cities = asList(a)
			city, practices, practice, grants, grant, gcities = []string{"id"}, []string{"practices"}, nil, []string{"grants"}, nil, nil
		}
		// The totals first, so the check's output says how much was compared.
		nPractices, nGrantLinks := 0, 0
		var out []any
		for _, c := range cities {
			ps := []string{}
			for _, p := range asList(dig(c, practices...)) {
				p = dig(p, practice...)
				gs := []string{}
				for _, g := range asList(dig(p, grants...)) {
					g = dig(g, grant...)
					gs = append(gs, jsonString([]any{dig(g, "id"), sortedStrings(dig(g, "cities"), gcities...)}))
				}
				slices.Sort(gs)
				ps = append(ps, jsonString([]any{dig(p, "id"), gs}))
				nPractices, nGrantLinks = nPractices+1, nGrantLinks+len(gs)
			}
			slices.Sort(ps)
			out = append(out, []any{dig(c, city...), ps})
		}
		return []any{fmt.Sprintf("%d cities, %d practices, %d grant links", len(cities), nPractices, nGrantLinks), out}
	},
	"c-list-p1":   listCanon,
	"c-list-deep": listCanon,
	"d-stats": func(t string, a any) any {
		themes, countries := map[string]any{}, map[string]any{}
		switch t {
		case targetProject:
			counts(themes, dig(a, "stats", "practicesPerTheme"), "key", "count")
			counts(themes, dig(a, "stats", "practicesPerPrinciple"), "key", "count")
			counts(countries, dig(a, "stats", "citiesPerCountry"), "key", "count")
		case targetPeer:
			counts(themes, dig(a, "themes"), "id", "practicesConnection", "aggregate", "count", "nodes")
			counts(countries, dig(a, "countries"), "id", "citiesConnection", "aggregate", "count", "nodes")
		default:
			r := asList(a)
			if len(r) == 1 {
				counts(themes, dig(r[0], "themes"), "key", "count")
				counts(countries, dig(r[0], "countries"), "key", "count")
			}
		}
		return []any{themes, countries}
	},
	"d2-per-country": func(t string, a any) any {
		out := map[string]any{}
		switch t {
		case targetProject:
			counts(out, dig(a, "stats", "practicesPerCountry"), "key", "count")
		case targetPeer:
			counts(out, dig(a, "countries"), "id", "practiceCount")
		default:
			counts(out, a, "key", "count")
		}
		return out
	},
	"e-search": func(t string, a any) any {
		switch t {
		case targetProject:
			return []any{dig(a, "search", "totalCount"), sortedStrings(dig(a, "search", "edges"), "node", "id")}
		case targetPeer:
			return []any{dig(a, "practicesFulltext", "totalCount"), sortedStrings(dig(a, "practicesFulltext", "edges"), "node", "id")}
		}
		r := asList(a)
		if len(r) != 1 {
			return nil
		}
		return []any{dig(r[0], "total"), sortedStrings(dig(r[0], "first"), "id")}
	},
}

func listCanon(t string, a any) any {
	switch t {
	case targetProject, targetPeer:
		field := "practices"
		if t == targetPeer {
			field = "practicesConnection"
		}
		c := dig(a, field)
		var ids []any
		for _, e := range asList(dig(c, "edges")) {
			ids = append(ids, dig(e, "node", "id"))
		}
		return []any{dig(c, "totalCount"), ids, dig(c, "pageInfo", "hasNextPage")}
	}
	r := asList(a)
	if len(r) != 1 {
		return nil
	}
	var ids []any
	for _, p := range asList(dig(r[0], "page")) {
		ids = append(ids, dig(p, "id"))
	}
	return []any{dig(r[0], "total"), ids, dig(r[0], "hasNextPage")}
}

// counts adds key → count of every element of list to out; zero counts are left out, since
// some targets list empty buckets and others do not.
func counts(out map[string]any, list any, key string, count ...string) {
	for _, e := range asList(list) {
		n := dig(e, count...)
		if jsonString(n) == "0" {
			continue
		}
		out[fmt.Sprint(dig(e, key))] = n
	}
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// sortedStrings collects the value at path of every element of list, sorted.
func sortedStrings(list any, path ...string) []string {
	out := []string{}
	for _, e := range asList(list) {
		out = append(out, fmt.Sprint(dig(e, path...)))
	}
	slices.Sort(out)
	return out
}

func jsonString(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("unmarshallable %T", v)
	}
	return string(b)
}

// collect asks a target every request of its case.
func collect(ctx context.Context, d neo4j.DriverWithContext, t Target) (answers, error) {
	var out answers
	switch t.Kind {
	case "http":
		for _, b := range t.Bodies {
			data, err := postGraphQL(ctx, t.URL, b, t.Headers)
			if err != nil {
				return nil, err
			}
			// Through JSON again, so the answer holds only maps, lists, strings and numbers.
			out = append(out, any(data))
		}
	case "cypher":
		params := t.Params
		if len(params) == 0 {
			params = []map[string]any{nil}
		}
		for _, p := range params {
			res, err := neo4j.ExecuteQuery(ctx, d, t.Cypher, cypherParams(p), neo4j.EagerResultTransformer)
			if err != nil {
				return nil, fmt.Errorf("floor: %w", err)
			}
			var recs []any
			for _, r := range res.Records {
				recs = append(recs, r.AsMap())
			}
			// Records hold int64s and typed lists; JSON makes them comparable with the servers'.
			var norm any
			if err := json.Unmarshal([]byte(jsonString(recs)), &norm); err != nil {
				return nil, fmt.Errorf("floor: %w", err)
			}
			out = append(out, norm)
		}
	}
	return out, nil
}

// checkCase compares every target of c with the first one and prints what it found; it
// returns false when any comparison that must hold does not.
func checkCase(ctx context.Context, d neo4j.DriverWithContext, c Case, meta *Meta) (bool, error) {
	name := c.Name
	if isSearchCase(name) {
		name = "e-search" // every search case's answers read the same way
	}
	if base, ok := freshCases[name]; ok {
		name = base // the same requests, asked for a fresh answer
	}
	fn, ok := canons[name]
	if !ok {
		return false, fmt.Errorf("check: no comparison for case %s", c.Name)
	}
	got := map[string][]string{}
	var names []string
	for _, t := range c.Targets {
		as, err := collect(ctx, d, t)
		if err != nil {
			return false, fmt.Errorf("check %s, %s: %w", c.Name, t.Name, err)
		}
		for _, a := range as {
			got[t.Name] = append(got[t.Name], jsonString(fn(t.Name, a)))
		}
		names = append(names, t.Name)
	}
	if c.Name == "d2-per-country" && meta != nil {
		// The generator knows the true counts: every target must give them.
		want := map[string]any{}
		for k, v := range meta.PracticesPerCountry {
			if v != 0 {
				want[k] = v
			}
		}
		got["generator"] = []string{jsonString(want)}
		names = append(names, "generator")
	}
	ok = true
	ref := names[0]
	for _, name := range names[1:] {
		a, b := got[ref], got[name]
		if isSearchCase(c.Name) && ref == targetProject && name == targetPeer {
			printSearchOverlap(a, b)
			continue
		}
		if isSearchCase(c.Name) && ref == targetProject {
			// The floor must agree with the peer (same Lucene index), not with practicegraph.
			a = got[targetPeer]
		}
		differ := 0
		for i := range max(len(a), len(b)) {
			if i >= len(a) || i >= len(b) || a[i] != b[i] {
				if differ == 0 {
					fmt.Printf("  first difference, request %d:\n    %s: %.400s\n    %s: %.400s\n", i+1, ref, at(a, i), name, at(b, i))
				}
				differ++
			}
		}
		verdict := "SAME"
		if differ > 0 {
			verdict, ok = "DIFFERENT", false
		}
		against := ref
		if isSearchCase(c.Name) && ref == targetProject {
			against = targetPeer
		}
		fmt.Printf("%-15s %-13s vs %-13s %-9s %d answers compared, %d differ; first: %.160s\n", c.Name, name, against, verdict, len(b), differ, at(b, 0))
	}
	return ok, nil
}

// isSearchCase reports whether case name is a full-text search, whose answers the peer's
// Lucene index and the floor share, and practicegraph's own index does not.
func isSearchCase(name string) bool {
	return strings.HasPrefix(name, "e-search") || strings.HasPrefix(name, "e2-search")
}

func at(xs []string, i int) string {
	if i < len(xs) {
		return xs[i]
	}
	return "(missing)"
}

// printSearchOverlap says how alike practicegraph's and the peer's search results look.
func printSearchOverlap(project, peer []string) {
	fmt.Println("e-search        practicegraph vs peer: latency only (different engines); per query: hits, hits, top-20 overlap")
	for i := range min(len(project), len(peer)) {
		var a, b []any
		_ = json.Unmarshal([]byte(project[i]), &a) // written by jsonString just above
		_ = json.Unmarshal([]byte(peer[i]), &b)
		if len(a) != 2 || len(b) != 2 {
			continue
		}
		in := map[any]bool{}
		for _, id := range asList(a[1]) {
			in[id] = true
		}
		common := 0
		for _, id := range asList(b[1]) {
			if in[id] {
				common++
			}
		}
		fmt.Printf("  query %2d: %7v %7v   %2d/%d\n", i+1, a[0], b[0], common, max(len(asList(a[1])), len(asList(b[1]))))
	}
}

func cmdCheck(args []string) error {
	fs := flag.NewFlagSet("check", flag.ExitOnError)
	dir := fs.String("cases", "", "folder of case files")
	data := fs.String("data", "", "the generated data set, to compare counts with the generator's (optional)")
	var nf neo4jFlags
	nf.register(fs)
	fs.Parse(args)
	if *dir == "" {
		return fmt.Errorf("check: -cases is required")
	}
	cases, err := readCases(*dir)
	if err != nil {
		return err
	}
	var meta *Meta
	if *data != "" {
		if meta, err = readMeta(*data); err != nil {
			return err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	d, err := nf.open(ctx)
	if err != nil {
		return fmt.Errorf("check: %w", err)
	}
	defer d.Close(ctx)
	all := true
	for _, c := range cases {
		ok, err := checkCase(ctx, d, c, meta)
		if err != nil {
			return err
		}
		all = all && ok
	}
	if !all {
		return fmt.Errorf("check: the targets do NOT return the same ids and counts; nothing was timed")
	}
	fmt.Println("ALL EQUIVALENT")
	return nil
}
