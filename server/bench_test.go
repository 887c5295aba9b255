package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"sort"
	"testing"
	"time"
)

// BenchmarkGraphQL measures what coordinators and dashboards wait for: whole page
// queries over HTTP against the seeded real Neo4j, reporting p50 and p99 latency.
// Run with `make bench`, which starts the local Neo4j.
func BenchmarkGraphQL(b *testing.B) {
	queries := []struct{ name, query string }{
		{"practice-page", `{ practice(id: "diversitours") { name { text(lang: EN) } summary { text(lang: EN) isTranslation(lang: EN) }
			cities { city { id name { text } } } organisations { organisation { id name { text } } relation { role { text } } }
			contacts { person { name } } grants { grant { id name { text } cities { city { id } } } }
			assessments { kind statement { text(lang: EN) } context { text(lang: EN) } }
			publications { publication { id title { text } } } provenance { source { id } section } } }`},
		{"city-page", `{ city(id: "bilbao") { name { text } country { id } networks { network { id } relation { since } }
			practices { practice { id name { text } } } people { person { name } } grants { grant { id } }
			partners { city { id name { text } } count kinds } } }`},
		{"search", `{ search(query: "visites guidées quartiers", lang: FR, first: 10) { totalCount
			edges { node { id kind title(lang: FR) snippets { html } } } facets { countries { value label count } } } }`},
		{"transfer", `{ transferablePractices(toCityId: "lublin", query: "guided walks", lang: EN, first: 5) {
			candidates { practice { id } score reasons { code detail(lang: EN) } } } }`},
		{"stats", `{ stats { totals { key count } citiesPerJoinYear { key count } publicationsPerLanguage { key label count } } }`},
		{"collaboration-path", `{ collaborationPath(fromCityId: "valencia", toCityId: "riga") { length steps { explanation(lang: EN) } } }`},
	}
	ts := startServer(b, nil)
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			body, _ := json.Marshal(map[string]any{"query": q.query})
			durations := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				resp, err := http.Post(ts.URL+"/graphql", "application/json", bytes.NewReader(body))
				if err != nil {
					b.Fatal(err)
				}
				raw, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				durations = append(durations, time.Since(start))
				if resp.StatusCode != http.StatusOK || bytes.Contains(raw, []byte(`"errors"`)) {
					b.Fatalf("HTTP %d: %s", resp.StatusCode, raw)
				}
			}
			b.StopTimer()
			sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
			b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(durations[len(durations)*99/100].Microseconds())/1000, "p99-ms")
		})
	}
}
