package main

import (
	"strings"
	"testing"
)

// The table compares targets within a round: its ratio is the median of the per-round
// ratios, not the ratio of the medians, and a target that cannot express a case says n/a.
func TestSummariseRatiosAndNotApplicable(t *testing.T) {
	res := func(c, target string, round int, rps, p50 float64) Result {
		return Result{Case: c, Target: target, Clients: 1, Round: round, N: 10, RPS: rps, P50ms: p50, P99ms: 2 * p50}
	}
	results := []Result{
		// Rounds on a noisy machine: the peer's slow second round is matched by ours.
		res("a-byid", targetProject, 1, 10, 100), res("a-byid", targetPeer, 1, 20, 50), res("a-byid", targetFloor, 1, 100, 10),
		res("a-byid", targetProject, 2, 4, 250), res("a-byid", targetPeer, 2, 2, 500), res("a-byid", targetFloor, 2, 40, 25),
		res("a-byid", targetProject, 3, 30, 33), res("a-byid", targetPeer, 3, 40, 25), res("a-byid", targetFloor, 3, 100, 10),
		res("d2-per-country", targetPeer, 1, 8, 120), res("d2-per-country", targetFloor, 1, 16, 60),
	}
	cases := []Case{
		{Name: "a-byid", Title: "by id"},
		{Name: "d2-per-country", Title: "per country", Unavailable: map[string]string{targetProject: "no aggregate"}},
	}
	var b strings.Builder
	summarise(&b, results, cases, "test")
	out := b.String()
	for _, want := range []string{
		// req/s medians 10 / 20 / 100; per-round ratios to the peer 0.5, 2, 0.75 → 0.75;
		// to the floor 0.1, 0.1, 0.3 → 0.1.
		"| by id | 1 | 10.0 / 20.0 / 100.0 | 0.75× | 0.10× | 100.0 / 50.0 / 10.0 | 200.0 / 100.0 / 20.0 | – / – | 0 / 0 / 0 |",
		"| per country | 1 | n/a / 8.0 / 16.0 | n/a | n/a | n/a / 120.0 / 60.0 | n/a / 240.0 / 120.0 | n/a / – | n/a / 0 / 0 |",
		"- per country: practicegraph n/a: no aggregate",
		"rounds per row: [1 3]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
}

func TestMedian(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want float64
	}{{[]float64{3}, 3}, {[]float64{5, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}} {
		if got := median(tc.in); got != tc.want {
			t.Errorf("median(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}
