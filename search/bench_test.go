package search_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/search"
)

// benchDocs is the number of generated practices; PRACTICEGRAPH_BENCH_DOCS overrides
// it for a quick run.
func benchDocs(tb testing.TB) int {
	if v := os.Getenv("PRACTICEGRAPH_BENCH_DOCS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			tb.Fatalf("PRACTICEGRAPH_BENCH_DOCS=%q: want a positive number", v)
		}
		return n
	}
	return 100_000
}

// Word pairs (French, English), so the generated translations share meaning the way
// the real ones do.
var benchWords = [][2]string{
	{"visite", "tour"}, {"quartier", "neighbourhood"}, {"femmes", "women"}, {"migrantes", "migrant"},
	{"reconnaissance", "recognition"}, {"baromètre", "barometer"}, {"perception", "perception"},
	{"immigration", "immigration"}, {"rumeurs", "rumours"}, {"formation", "training"},
	{"compétence", "competence"}, {"interculturelle", "intercultural"}, {"jeunes", "youth"},
	{"école", "school"}, {"logement", "housing"}, {"emploi", "employment"}, {"participation", "participation"},
	{"citoyens", "citizens"}, {"conseil", "council"}, {"réfugiés", "refugees"}, {"accueil", "reception"},
	{"dialogue", "dialogue"}, {"médiation", "mediation"}, {"sport", "sport"}, {"culture", "culture"},
	{"bibliothèque", "library"}, {"santé", "health"}, {"police", "police"}, {"récit", "narrative"},
	{"diversité", "diversity"}, {"égalité", "equality"}, {"interaction", "interaction"},
	{"discrimination", "discrimination"}, {"langue", "language"}, {"marché", "market"},
	{"festival", "festival"}, {"musée", "museum"}, {"parents", "parents"}, {"mentorat", "mentoring"},
	{"entreprises", "businesses"}, {"voisins", "neighbours"}, {"jardin", "garden"}, {"cuisine", "cooking"},
	{"théâtre", "theatre"}, {"budget", "budget"}, {"observatoire", "observatory"}, {"étude", "study"},
	{"communauté", "community"}, {"guide", "guide"}, {"réseau", "network"},
}

type benchData struct {
	docs []graph.Indexable
	n    int // practices
}

func generateBench(n int) benchData {
	r := rand.New(rand.NewPCG(2023, 11)) // fixed seed: every run indexes the same data
	nCountries := 40
	nCities := max(10, n/50)
	nOrgs := max(10, n/10)
	text := func(words int) graph.Text {
		fr, en := make([]string, words), make([]string, words)
		for i := range words {
			w := benchWords[r.IntN(len(benchWords))]
			fr[i], en[i] = w[0], w[1]
		}
		return graph.Text{Orig: "fr", Values: map[string]string{"fr": strings.Join(fr, " "), "en": strings.Join(en, " ")}}
	}
	countries := make([]graph.Node, nCountries)
	for i := range countries {
		countries[i] = graph.Node{Kind: graph.KindCountry, ID: fmt.Sprintf("country-%d", i)}
	}
	themes := make([]graph.Node, 12)
	for i := range themes {
		typ := "policy-area"
		if i < 4 {
			typ = "principle"
		}
		themes[i] = graph.Node{Kind: graph.KindTheme, ID: fmt.Sprintf("theme-%d", i), Props: map[string]any{"type": typ}}
	}
	var d benchData
	d.n = n
	cities := make([]graph.Indexable, nCities)
	for i := range cities {
		name := fmt.Sprintf("Ciudad %d", i)
		c := graph.Node{Kind: graph.KindCity, ID: fmt.Sprintf("city-%d", i), Texts: map[string]graph.Text{
			"name":        {Orig: "fr", Values: map[string]string{"fr": name, "en": name}},
			"description": text(15),
		}}
		cities[i] = graph.Indexable{Node: c, Cities: []graph.Node{c}, Countries: []graph.Node{countries[i%nCountries]}}
		d.docs = append(d.docs, cities[i])
	}
	for i := range nOrgs {
		city := cities[r.IntN(nCities)]
		d.docs = append(d.docs, graph.Indexable{
			Node: graph.Node{Kind: graph.KindOrganisation, ID: fmt.Sprintf("org-%d", i),
				Texts: map[string]graph.Text{"name": text(3), "description": text(25)},
				Props: map[string]any{"type": "ngo", "acronym": fmt.Sprintf("ORG%d", i)}},
			Cities: []graph.Node{city.Node}, Countries: city.Countries,
		})
	}
	for i := range n {
		city := cities[r.IntN(nCities)]
		d.docs = append(d.docs, graph.Indexable{
			Node: graph.Node{Kind: graph.KindPractice, ID: fmt.Sprintf("practice-%d", i), Texts: map[string]graph.Text{
				"name": text(4), "summary": text(20), "description": text(60), "objectives": text(15),
			}},
			Cities: []graph.Node{city.Node}, Countries: city.Countries,
			Themes: []graph.Node{themes[r.IntN(4)], themes[4+r.IntN(8)]},
			Years:  []int{2005 + r.IntN(19)},
		})
	}
	return d
}

func buildBench(tb testing.TB, path string, d benchData) *search.Index {
	x, err := search.Open(path, search.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	if err := x.IndexBatch(context.Background(), d.docs, nil, 1); err != nil {
		tb.Fatal(err)
	}
	return x
}

// benchIndex is built once per run and shared by the benchmarks: 100k documents take
// minutes to index on a small machine.
var benchIndex struct {
	once sync.Once
	dir  string
	x    *search.Index
	d    benchData
	err  error
}

func sharedBenchIndex(b *testing.B) (*search.Index, benchData) {
	benchIndex.once.Do(func() {
		benchIndex.d = generateBench(benchDocs(b))
		benchIndex.dir, benchIndex.err = os.MkdirTemp("", "practicegraph-bench-")
		if benchIndex.err == nil {
			benchIndex.x = buildBench(b, filepath.Join(benchIndex.dir, "index"), benchIndex.d)
		}
	})
	if benchIndex.err != nil {
		b.Fatal(benchIndex.err)
	}
	return benchIndex.x, benchIndex.d
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchIndex.x != nil {
		_ = benchIndex.x.Close()
	}
	if benchIndex.dir != "" {
		_ = os.RemoveAll(benchIndex.dir)
	}
	os.Exit(code)
}

// BenchmarkBuild measures indexing throughput from an empty index, in documents per second.
func BenchmarkBuild(b *testing.B) {
	d := generateBench(benchDocs(b))
	b.ResetTimer()
	var total time.Duration
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		start := time.Now()
		x := buildBench(b, filepath.Join(dir, "index"), d)
		total += time.Since(start)
		b.StopTimer()
		_ = x.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(d.docs)*b.N)/total.Seconds(), "docs/s")
	b.ReportMetric(float64(len(d.docs)), "docs")
}

// BenchmarkSearch measures query latency over a fixed set of queries: plain words in
// both languages, several-word queries, typos, filters and browse.
func BenchmarkSearch(b *testing.B) {
	x, _ := sharedBenchIndex(b)
	queries := []search.Query{
		{Text: "visite quartier", Lang: "fr"},
		{Text: "guided tour neighbourhood", Lang: "en"},
		{Text: "migrant women recognition", Lang: "en"},
		{Text: "reconnaissance des femmes migrantes", Lang: "fr"},
		{Text: "baromètre perception immigration", Lang: "fr"},
		{Text: "anti-rumours training", Lang: "en"},
		{Text: "observatoire", Lang: "fr"},
		{Text: "interculturel compétences formation", Lang: "fr"},
		{Text: "mentorng youth", Lang: "en"},     // typo
		{Text: "bibliotheque ecole", Lang: "fr"}, // no accents
		{Text: "housing refugees", Lang: "en", Filters: search.Filters{Years: []int{2015, 2016}}},
		{Text: "festival", Lang: "en", Filters: search.Filters{Kinds: []string{"Practice"}, Themes: []string{"theme-5"}}},
		{Text: "Ciudad 17", Lang: "fr"},
		{Text: "ORG42", Lang: "en"},
		{Text: "", Filters: search.Filters{Countries: []string{"country-3"}}}, // browse
		{Text: "health police mediation dialogue", Lang: "en", Size: 50},
	}
	ctx := context.Background()
	durations := make([]time.Duration, 0, b.N*len(queries))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, q := range queries {
			start := time.Now()
			if _, err := x.Search(ctx, q); err != nil {
				b.Fatalf("%q: %v", q.Text, err)
			}
			durations = append(durations, time.Since(start))
		}
	}
	b.StopTimer()
	sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
	pct := func(p float64) float64 {
		return float64(durations[int(p*float64(len(durations)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(len(durations)), "queries")
}
