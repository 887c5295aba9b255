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
	"syscall"
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
// the real ones do. They are the most frequent words of the realistic data set and the
// only words of the broad one.
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

// Realistic vocabulary: the domain pairs above, then generatedWords made of three
// syllables and a French/English ending, so each has a translation sharing its stem.
const generatedWords = 4000

var (
	benchSyllables = []string{"ba", "be", "ca", "co", "da", "di", "fa", "fe", "ga", "go", "la", "li",
		"ma", "mo", "na", "ni", "pa", "po", "ra", "ri", "sa", "so", "ta", "tu"}
	benchEndings = [][2]string{{"tion", "tion"}, {"nique", "nic"}, {"teur", "ter"}, {"lité", "lity"},
		{"nisme", "nism"}, {"ment", "ment"}, {"relle", "ral"}, {"nce", "nce"}, {"toire", "tory"}, {"", ""}}
	// Function words, about a third of real running text; the analyzers drop most of them.
	benchFunctionFr = []string{"de", "la", "le", "les", "des", "et", "pour", "avec", "dans", "un", "une", "du", "sur", "par"}
	benchFunctionEn = []string{"the", "of", "and", "for", "with", "in", "a", "to", "on", "by", "their", "local"}
)

// benchVocabulary returns the realistic vocabulary, most frequent first.
var benchVocabulary = sync.OnceValue(func() [][2]string {
	out := append([][2]string(nil), benchWords...)
	n := len(benchSyllables)
	space := n * n * n
	for i := range generatedWords {
		// A multiplier prime to the space scatters consecutive words over every syllable.
		k := i * 7919 % space
		stem := benchSyllables[k/(n*n)] + benchSyllables[k/n%n] + benchSyllables[k%n]
		e := benchEndings[i%len(benchEndings)]
		out = append(out, [2]string{stem + e[0], stem + e[1]})
	}
	return out
})

// span is a range of word counts, inclusive.
type span struct{ lo, hi int }

func (s span) draw(r *rand.Rand) int {
	if s.hi <= s.lo {
		return s.lo // no draw, so the broad set's random sequence is the historical one
	}
	return s.lo + r.IntN(s.hi-s.lo+1)
}

// benchShape is how long each generated field is and where its words come from.
type benchShape struct {
	name                                                             string
	cityDesc, orgName, orgDesc, practiceName, summary, desc, objects span
	// newText returns a generator of aligned French/English texts of a given length.
	newText func(r *rand.Rand) func(words int) graph.Text
}

// realisticShape draws words with a Zipf-like frequency over a few thousand words,
// domain words most frequent, interleaved with function words, at the lengths of the
// seed data's practices.
var realisticShape = benchShape{
	name:     "realistic",
	cityDesc: span{20, 60}, orgName: span{2, 5}, orgDesc: span{20, 50},
	practiceName: span{3, 8}, summary: span{15, 30}, desc: span{60, 150}, objects: span{15, 40},
	newText: func(r *rand.Rand) func(int) graph.Text {
		vocab := benchVocabulary()
		z := rand.NewZipf(r, 1.4, 8, uint64(len(vocab)-1))
		return func(words int) graph.Text {
			fr, en := make([]string, words), make([]string, words)
			for i := range words {
				if r.IntN(3) == 0 {
					fr[i], en[i] = benchFunctionFr[r.IntN(len(benchFunctionFr))], benchFunctionEn[r.IntN(len(benchFunctionEn))]
					continue
				}
				w := vocab[z.Uint64()]
				fr[i], en[i] = w[0], w[1]
			}
			return graph.Text{Orig: "fr", Values: map[string]string{"fr": strings.Join(fr, " "), "en": strings.Join(en, " ")}}
		}
	},
}

// broadShape is the pessimistic data set: every word drawn uniformly from the 50 domain
// pairs, so every query matches a large share of the documents.
var broadShape = benchShape{
	name:     "broad",
	cityDesc: span{15, 15}, orgName: span{3, 3}, orgDesc: span{25, 25},
	practiceName: span{4, 4}, summary: span{20, 20}, desc: span{60, 60}, objects: span{15, 15},
	newText: func(r *rand.Rand) func(int) graph.Text {
		return func(words int) graph.Text {
			fr, en := make([]string, words), make([]string, words)
			for i := range words {
				w := benchWords[r.IntN(len(benchWords))]
				fr[i], en[i] = w[0], w[1]
			}
			return graph.Text{Orig: "fr", Values: map[string]string{"fr": strings.Join(fr, " "), "en": strings.Join(en, " ")}}
		}
	},
}

type benchData struct {
	docs []graph.Indexable
	n    int // practices
}

// generateBench builds n practices with their cities and organisations, deterministically:
// every run indexes the same data.
func generateBench(n int, shape benchShape) benchData {
	r := rand.New(rand.NewPCG(2023, 11))
	text := shape.newText(r)
	nCountries := 40
	nCities := max(10, n/50)
	nOrgs := max(10, n/10)
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
			"description": text(shape.cityDesc.draw(r)),
		}}
		cities[i] = graph.Indexable{Node: c, Cities: []graph.Node{c}, Countries: []graph.Node{countries[i%nCountries]}}
		d.docs = append(d.docs, cities[i])
	}
	for i := range nOrgs {
		city := cities[r.IntN(nCities)]
		name := text(shape.orgName.draw(r))
		d.docs = append(d.docs, graph.Indexable{
			Node: graph.Node{Kind: graph.KindOrganisation, ID: fmt.Sprintf("org-%d", i),
				Texts: map[string]graph.Text{"name": name, "description": text(shape.orgDesc.draw(r))},
				Props: map[string]any{"type": "ngo", "acronym": fmt.Sprintf("ORG%d", i)}},
			Cities: []graph.Node{city.Node}, Countries: city.Countries,
		})
	}
	for i := range n {
		city := cities[r.IntN(nCities)]
		name := text(shape.practiceName.draw(r))
		summary := text(shape.summary.draw(r))
		desc := text(shape.desc.draw(r))
		d.docs = append(d.docs, graph.Indexable{
			Node: graph.Node{Kind: graph.KindPractice, ID: fmt.Sprintf("practice-%d", i), Texts: map[string]graph.Text{
				"name": name, "summary": summary, "description": desc, "objectives": text(shape.objects.draw(r)),
			}},
			Cities: []graph.Node{city.Node}, Countries: city.Countries,
			Themes: []graph.Node{themes[r.IntN(4)], themes[4+r.IntN(8)]},
			Years:  []int{2005 + r.IntN(19)},
		})
	}
	return d
}

// broadQueries are the historical queries, run on the broad data set.
var broadQueries = []search.Query{
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
	{Text: "housing refugees", Lang: "en", Filters: search.Filters{"year": {"2015", "2016"}}},
	{Text: "festival", Lang: "en", Filters: search.Filters{"kind": {"Practice"}, "theme": {"theme-5"}}},
	{Text: "Ciudad 17", Lang: "fr"},
	{Text: "ORG42", Lang: "en"},
	{Text: "", Filters: search.Filters{"country": {"country-3"}}}, // browse
	{Text: "health police mediation dialogue", Lang: "en", Size: 50},
}

// realisticQueries mixes what coordinators type: common domain words, rarer words of
// the long tail, two-word queries, typos, names, filters and browsing.
func realisticQueries() []search.Query {
	v := benchVocabulary()
	fr := func(rank int) string { return v[rank][0] }
	en := func(rank int) string { return v[rank][1] }
	d := len(benchWords)                                                   // rank of the first generated word
	typo := func(w string) string { return w[:len(w)/2] + w[len(w)/2+1:] } // one letter dropped
	return []search.Query{
		// Common domain words.
		{Text: "intercultural", Lang: "en"},
		{Text: "formation", Lang: "fr"},
		{Text: "diversité", Lang: "fr"},
		{Text: "observatory", Lang: "en"},
		// Rarer words, from the middle to the end of the tail.
		{Text: en(d + 151), Lang: "en"},
		{Text: fr(d + 403), Lang: "fr"},
		{Text: en(d + 1207), Lang: "en"},
		{Text: fr(d + 2505), Lang: "fr"},
		{Text: en(d + 3899), Lang: "en"},
		// Two and more words.
		{Text: "migrant women", Lang: "en"},
		{Text: "visite quartier", Lang: "fr"},
		{Text: "intercultural " + en(d+302), Lang: "en"},
		{Text: fr(d+61) + " " + fr(d+904), Lang: "fr"},
		{Text: "reconnaissance des femmes migrantes", Lang: "fr"},
		{Text: en(d+22) + " " + en(d+46) + " " + en(d+708), Lang: "en"},
		// Typos and missing accents.
		{Text: "mentorng", Lang: "en"},
		{Text: typo(en(d + 501)), Lang: "en"},
		{Text: "bibliotheque ecole", Lang: "fr"},
		// Names.
		{Text: "Ciudad 17", Lang: "fr"},
		{Text: "ORG42", Lang: "en"},
		// Filters.
		{Text: "housing refugees", Lang: "en", Filters: search.Filters{"year": {"2015", "2016"}}},
		{Text: "festival", Lang: "en", Filters: search.Filters{"kind": {"Practice"}, "theme": {"theme-5"}}},
		{Text: en(d + 83), Lang: "en", Filters: search.Filters{"country": {"country-7"}}},
		// Browsing: everything, and one country.
		{Text: ""},
		{Text: "", Filters: search.Filters{"country": {"country-3"}}},
		{Text: "", Filters: search.Filters{"kind": {"Practice"}, "theme": {"theme-2"}}},
		// The transferability ranking's internal search: practices only, 100 candidates.
		{Text: "youth employment", Lang: "en", Size: 100, Filters: search.Filters{"kind": {"Practice"}}, NoFacets: true, NoSnippets: true},
	}
}

// peerQueries are the 20 queries of make bench-peer's search case (bench/peer's
// searchQueries, over the same vocabulary), asked as that case asks them: practices only,
// the first 20, no facets and no snippets.
func peerQueries() []search.Query {
	v := benchVocabulary()
	d := len(benchWords)
	texts := []struct{ text, lang string }{
		{"intercultural", "en"}, {"formation", "fr"}, {"diversité", "fr"},
		{"observatory", "en"}, {"migrant women", "en"}, {"visite quartier", "fr"},
		{"reconnaissance des femmes migrantes", "fr"}, {"housing refugees", "en"},
		{"bibliothèque école", "fr"}, {"mentoring youth", "en"},
		{v[d+151][1], "en"}, {v[d+403][0], "fr"}, {v[d+1207][1], "en"},
		{v[d+2505][0], "fr"}, {v[d+3899][1], "en"},
		{"intercultural " + v[d+302][1], "en"}, {v[d+61][0] + " " + v[d+904][0], "fr"},
		{"théâtre festival", "fr"}, {"anti-rumours training", "en"},
		{"médiation santé police", "fr"},
	}
	out := make([]search.Query, len(texts))
	for i, t := range texts {
		out[i] = search.Query{Text: t.text, Lang: t.lang, Size: 20, NoFacets: true, NoSnippets: true,
			Filters: search.Filters{"kind": {string(graph.KindPractice)}}}
	}
	return out
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

// sharedIndex is built once per run and data set and shared by the benchmarks: 100k
// documents take minutes to index on a small machine.
type sharedIndex struct {
	once sync.Once
	dir  string
	x    *search.Index
	d    benchData
	err  error
}

var benchIndexes = map[string]*sharedIndex{realisticShape.name: {}, broadShape.name: {}}

func sharedBenchIndex(b *testing.B, shape benchShape) (*search.Index, benchData) {
	s := benchIndexes[shape.name]
	s.once.Do(func() {
		s.d = generateBench(benchDocs(b), shape)
		// PRACTICEGRAPH_BENCH_KEEP names a folder where each data set's index is kept
		// between runs, for profiling the searches of a large one without building it
		// each time. A kept index is only as current as the generator that built it.
		if keep := os.Getenv("PRACTICEGRAPH_BENCH_KEEP"); keep != "" {
			path := filepath.Join(keep, fmt.Sprintf("%s-%d", shape.name, s.d.n))
			built := path + ".built" // written once the index holds every document
			if _, err := os.Stat(built); err == nil {
				s.x, s.err = search.Open(path, search.Options{})
				return
			}
			if s.err = os.RemoveAll(path); s.err != nil {
				return
			}
			s.x = buildBench(b, path, s.d)
			s.err = os.WriteFile(built, nil, 0o644)
			return
		}
		s.dir, s.err = os.MkdirTemp("", "practicegraph-bench-")
		if s.err == nil {
			s.x = buildBench(b, filepath.Join(s.dir, "index"), s.d)
		}
	})
	if s.err != nil {
		b.Fatal(s.err)
	}
	return s.x, s.d
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, s := range benchIndexes {
		if s.x != nil {
			_ = s.x.Close()
		}
		if s.dir != "" {
			_ = os.RemoveAll(s.dir)
		}
	}
	os.Exit(code)
}

// BenchmarkBuild measures indexing throughput of the realistic data set from an empty
// index, in documents per second.
func BenchmarkBuild(b *testing.B) { benchBuild(b, realisticShape) }

// BenchmarkBuildBroad measures indexing throughput of the broad data set.
func BenchmarkBuildBroad(b *testing.B) { benchBuild(b, broadShape) }

func benchBuild(b *testing.B, shape benchShape) {
	d := generateBench(benchDocs(b), shape)
	b.ResetTimer()
	var total, cpu time.Duration
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		start, startCPU := time.Now(), cpuTime(b)
		x := buildBench(b, filepath.Join(dir, "index"), d)
		total += time.Since(start)
		cpu += cpuTime(b) - startCPU
		b.StopTimer()
		_ = x.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(d.docs)*b.N)/total.Seconds(), "docs/s")
	// Per CPU-second, what one core does whatever the machine's other work: on a shared
	// machine the wall-clock figure measures the neighbours too.
	b.ReportMetric(float64(len(d.docs)*b.N)/cpu.Seconds(), "docs/cpu-s")
	b.ReportMetric(float64(len(d.docs)), "docs")
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSearch measures query latency on the realistic data set over a fixed mix of
// queries (realisticQueries).
func BenchmarkSearch(b *testing.B) {
	x, _ := sharedBenchIndex(b, realisticShape)
	benchSearch(b, x, realisticQueries())
}

// BenchmarkSearchPeer measures the queries of make bench-peer's search case on the
// realistic data set, the figure the comparison with Lucene rests on.
func BenchmarkSearchPeer(b *testing.B) {
	x, _ := sharedBenchIndex(b, realisticShape)
	benchSearch(b, x, peerQueries())
}

// BenchmarkSearchBroad measures query latency on the broad data set, where every query
// matches a large share of the documents: the pessimistic figure.
func BenchmarkSearchBroad(b *testing.B) {
	x, _ := sharedBenchIndex(b, broadShape)
	benchSearch(b, x, broadQueries)
}

func benchSearch(b *testing.B, x *search.Index, queries []search.Query) {
	ctx := context.Background()
	durations := make([]time.Duration, 0, b.N*len(queries))
	perQuery := make([][]time.Duration, len(queries))
	totals := make([]uint64, len(queries))
	b.ResetTimer()
	var cpu time.Duration
	for i := 0; i < b.N; i++ {
		// Each round computes its searches, as after a write on a live graph, instead of
		// answering from the results kept of the round before.
		x.ForgetResults()
		startCPU := cpuTime(b)
		for j, q := range queries {
			start := time.Now()
			res, err := x.Search(ctx, q)
			if err != nil {
				b.Fatalf("%q: %v", q.Text, err)
			}
			d := time.Since(start)
			durations = append(durations, d)
			perQuery[j] = append(perQuery[j], d)
			totals[j] = res.Total
		}
		cpu += cpuTime(b) - startCPU
	}
	b.StopTimer()
	if hits, _ := x.ResultCacheStats(); hits > 0 {
		b.Fatalf("%d searches were answered from kept results, not computed", hits)
	}
	if testing.Verbose() {
		// Which queries cost what, and how many hits they have, to see where time goes.
		for j, q := range queries {
			filters := ""
			if len(q.Filters) != 0 {
				filters = fmt.Sprintf("%+v", q.Filters)
			}
			b.Logf("%8.2f ms %7d hits  %q %s", ms(median(perQuery[j])), totals[j], q.Text, filters)
		}
	}
	sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
	pct := func(p float64) float64 { return ms(durations[int(p*float64(len(durations)-1))]) }
	b.ReportMetric(pct(0.50), "p50-ms")
	b.ReportMetric(pct(0.99), "p99-ms")
	b.ReportMetric(float64(len(durations)), "queries")
	b.ReportMetric(float64(search.DecodedBytes())/(1<<20), "decoded-MB")
	// CPU per query, what a core spends whatever the machine's other work: on a shared
	// machine the latencies measure the neighbours too.
	b.ReportMetric(ms(cpu)/float64(len(durations)), "cpu-ms/query")
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
