package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
)

// median of xs; NaN when there are none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

type cell struct {
	caseName string
	clients  int
}

// summarise writes the table: per case and number of clients, the median over rounds of
// each target's throughput and latency, and the median of the per-round ratios (targets
// of one round ran back to back, so a ratio compares like with like).
func summarise(w io.Writer, results []Result, cases []Case, label string) {
	rounds := map[cell]map[int]map[string]Result{}
	var cells []cell
	for _, r := range results {
		k := cell{r.Case, r.Clients}
		if rounds[k] == nil {
			rounds[k] = map[int]map[string]Result{}
			cells = append(cells, k)
		}
		if rounds[k][r.Round] == nil {
			rounds[k][r.Round] = map[string]Result{}
		}
		rounds[k][r.Round][r.Target] = r
	}
	caseIndex := func(name string) int {
		if i := slices.Index(caseOrder, name); i >= 0 {
			return i
		}
		return len(caseOrder)
	}
	slices.SortFunc(cells, func(a, b cell) int {
		if d := caseIndex(a.caseName) - caseIndex(b.caseName); d != 0 {
			return d
		}
		return a.clients - b.clients
	})
	byName := map[string]Case{}
	for _, c := range cases {
		byName[c.Name] = c
	}

	fmt.Fprintf(w, "### %s\n\n", label)
	fmt.Fprintln(w, "| query | clients | req/s practicegraph / peer / floor | practicegraph ÷ peer, req/s | practicegraph ÷ floor, req/s | "+
		"p50 ms practicegraph / peer / floor | p99 ms practicegraph / peer / floor | peak RSS MB practicegraph / peer | errors practicegraph / peer / floor |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|")
	var notes []string
	var loads []float64
	roundCounts := map[int]bool{}
	for _, k := range cells {
		rs := rounds[k]
		roundCounts[len(rs)] = true
		c := byName[k.caseName]
		title := k.caseName
		if c.Title != "" {
			title = c.Title
		}
		// m is the median of a field over the rounds where the target answered at all.
		m := func(target string, f func(Result) float64) (float64, bool) {
			var xs []float64
			for _, r := range rs {
				if x, ok := r[target]; ok && x.N > 0 {
					xs = append(xs, f(x))
				}
			}
			return median(xs), len(xs) > 0
		}
		ratio := func(a, b string) string {
			var xs []float64
			for _, r := range rs {
				x, okx := r[a]
				y, oky := r[b]
				if okx && oky && x.N > 0 && y.N > 0 && y.RPS > 0 {
					xs = append(xs, x.RPS/y.RPS)
				}
			}
			if len(xs) == 0 {
				return na(c, a, b)
			}
			return fmt.Sprintf("%.2f×", median(xs))
		}
		three := func(f func(Result) float64, format string) string {
			var parts []string
			for _, t := range targetOrder {
				if v, ok := m(t, f); ok {
					parts = append(parts, fmt.Sprintf(format, v))
				} else {
					parts = append(parts, na(c, t))
				}
			}
			return strings.Join(parts, " / ")
		}
		var errs []string
		for _, t := range targetOrder {
			n, ran := 0, false
			for _, r := range rs {
				if x, ok := r[t]; ok {
					n, ran = n+x.Errors, true
					loads = append(loads, x.Load1)
				}
			}
			if ran {
				errs = append(errs, fmt.Sprint(n))
			} else {
				errs = append(errs, na(c, t))
			}
		}
		rss := func(t string) string {
			if v, ok := m(t, func(r Result) float64 { return r.RSSMaxMB }); ok && v > 0 {
				return fmt.Sprintf("%.0f", v)
			}
			return na(c, t) // not sampled (no pid) or not run
		}
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s | %s | %s / %s | %s |\n", title, k.clients,
			three(func(r Result) float64 { return r.RPS }, "%.1f"), ratio(targetProject, targetPeer), ratio(targetProject, targetFloor),
			three(func(r Result) float64 { return r.P50ms }, "%.1f"), three(func(r Result) float64 { return r.P99ms }, "%.1f"),
			rss(targetProject), rss(targetPeer), strings.Join(errs, " / "))
		for t, why := range c.Unavailable {
			note := fmt.Sprintf("%s: %s n/a: %s", title, t, why)
			if !slices.Contains(notes, note) {
				notes = append(notes, note)
			}
		}
	}
	fmt.Fprintln(w)
	for _, n := range notes {
		fmt.Fprintf(w, "- %s\n", n)
	}
	var rc []int
	for n := range roundCounts {
		rc = append(rc, n)
	}
	slices.Sort(rc)
	if len(loads) > 0 {
		fmt.Fprintf(w, "- rounds per row: %v; ratios are medians of per-round ratios; machine load average (1 min) during the runs: median %.1f, min %.1f, max %.1f\n",
			rc, median(loads), slices.Min(loads), slices.Max(loads))
	}
}

// na is the cell of a target that did not run: "n/a" when it cannot express the case.
func na(c Case, targets ...string) string {
	for _, t := range targets {
		if _, ok := c.Unavailable[t]; ok {
			return "n/a"
		}
	}
	return "–"
}

func readResults(path string) ([]Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read results: %w", err)
	}
	defer f.Close()
	var out []Result
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var r Result
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return nil, fmt.Errorf("read results %s: %w", path, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read results %s: %w", path, err)
	}
	return out, nil
}

func cmdSummary(args []string) error {
	fs := flag.NewFlagSet("summary", flag.ExitOnError)
	path := fs.String("results", "", "results of benchpeer load (JSON lines)")
	dir := fs.String("cases", "", "folder of case files (titles and n/a reasons)")
	label := fs.String("label", "practicegraph vs @neo4j/graphql vs the Cypher floor", "the table's heading")
	fs.Parse(args)
	if *path == "" || *dir == "" {
		return fmt.Errorf("summary: -results and -cases are required")
	}
	results, err := readResults(*path)
	if err != nil {
		return err
	}
	cases, err := readCases(*dir)
	if err != nil {
		return err
	}
	summarise(os.Stdout, results, cases, *label)
	return nil
}
