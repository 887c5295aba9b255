package search_test

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/search"
)

func ref(kind graph.Kind, id string) graph.Ref { return graph.Ref{Kind: kind, ID: id} }

var (
	diversitours = ref(graph.KindPractice, "diversitours")
	recognition  = ref(graph.KindPractice, "annual-recognition-of-migrant-women")
	barometer    = ref(graph.KindPractice, "bilbao-immigration-perception-barometer")
	antiRumour   = ref(graph.KindPractice, "anti-rumour-methodology")
	iccTraining  = ref(graph.KindPractice, "intercultural-competence-training")
	ikuspegi     = ref(graph.KindOrganisation, "ikuspegi")
	shershneva   = ref(graph.KindPerson, "julia-shershneva")
)

// TestSearchReport runs queries a coordinator would type, in French and English, and
// checks the practice, body or person the report describes comes first (or within
// the first few where the report has several close matches).
func TestSearchReport(t *testing.T) {
	x, docs := MustOpenSeededIndex(t)
	tests := []struct {
		name string
		text string
		lang string
		want graph.Ref
		top  int // want must be within the first top hits; 1 when 0
	}{
		{"fr stemming plural", "visites guidées quartiers", "fr", diversitours, 0},
		{"en translation", "guided walking tours neighbourhoods", "en", diversitours, 0},
		{"en query on fr reader", "walking tours", "fr", diversitours, 0},
		{"typo", "Diverstours", "fr", diversitours, 0},
		{"typo lower case", "diversitour", "en", diversitours, 0},
		{"en recognition", "migrant women recognition", "en", recognition, 0},
		// The meeting session's title repeats this exact phrase, so it may come first.
		{"fr recognition", "reconnaissance des femmes migrantes", "fr", recognition, 2},
		{"fr barometer", "baromètre perception immigration", "fr", barometer, 0},
		{"en barometer", "immigration perception barometer", "en", barometer, 0},
		{"fr barometer no accent", "barometre de la perception", "fr", barometer, 0},
		{"en anti-rumour", "anti-rumour", "en", antiRumour, 3},
		{"fr anti-rumeur singular", "anti-rumeur", "fr", antiRumour, 3},
		{"fr observatory", "observatoire basque", "fr", ikuspegi, 0},
		{"en observatory", "Basque immigration observatory", "en", ikuspegi, 0},
		{"acronym", "IKUSPEGI", "en", ikuspegi, 0},
		{"person surname", "Shershneva", "fr", shershneva, 0},
		{"person surname typo", "Shershneeva", "fr", shershneva, 0},
		{"person misspelt", "Shershnava", "en", shershneva, 0},
		{"en training", "intercultural competence training", "en", iccTraining, 0},
		{"fr training", "formation compétence interculturelle", "fr", iccTraining, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !hasNode(docs, tt.want) {
				t.Fatalf("seed data has no %s", tt.want)
			}
			res, err := x.Search(context.Background(), search.Query{Text: tt.text, Lang: tt.lang, Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			top := tt.top
			if top == 0 {
				top = 1
			}
			var got []string
			for i, h := range res.Hits {
				if i < top && h.Ref == tt.want {
					return
				}
				got = append(got, h.Ref.String())
			}
			t.Errorf("%q: want %s within the first %d, got %v", tt.text, tt.want, top, got)
		})
	}
}

// TestSearchPolishPublication finds a Polish translation through its Polish title
// and English description, when the seed data has the 2023 translations.
func TestSearchPolishPublication(t *testing.T) {
	x, docs := MustOpenSeededIndex(t)
	var pubs int
	for _, d := range docs {
		if d.Node.Kind == graph.KindPublication {
			pubs++
		}
	}
	if pubs == 0 {
		t.Fatal("seed data has no publications")
	}
	res, err := x.Search(context.Background(), search.Query{
		Text: "Polish translation inclusive communication", Lang: "en", Size: 5,
		Filters: search.Filters{"kind": {"Publication"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 {
		t.Fatal("no hits")
	}
	top := docOf(docs, res.Hits[0].Ref)
	if got := top.Node.Strings("languages"); !contains(got, "pl") {
		t.Errorf("top hit %s languages = %v, want pl among them", res.Hits[0].Ref, got)
	}
}

func docOf(docs []graph.Indexable, r graph.Ref) graph.Indexable {
	for _, d := range docs {
		if d.Node.Ref() == r {
			return d
		}
	}
	return graph.Indexable{}
}

func contains(vs []string, v string) bool {
	for _, x := range vs {
		if x == v {
			return true
		}
	}
	return false
}

// TestSearchCrossLanguageSnippet: an English query read by a French speaker still
// shows where it matched, in the English translation.
func TestSearchCrossLanguageSnippet(t *testing.T) {
	x, _ := MustOpenSeededIndex(t)
	res, err := x.Search(context.Background(), search.Query{Text: "walking tours", Lang: "fr", Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].Ref != diversitours {
		t.Fatalf("hits = %+v, want diversitours first", res.Hits)
	}
	sn := res.Hits[0].Snippets
	if len(sn) == 0 {
		t.Fatal("no snippets")
	}
	if got, want := sn[0].Lang, "en"; got != want {
		t.Errorf("snippet lang = %q, want %q", got, want)
	}
	if !strings.Contains(sn[0].Fragment, "<mark>walking</mark>") {
		t.Errorf("fragment %q has no <mark>walking</mark>", sn[0].Fragment)
	}
}

// TestSearchSnippetPreferredLanguage: a French reader sees French fragments first.
func TestSearchSnippetPreferredLanguage(t *testing.T) {
	x, _ := MustOpenSeededIndex(t)
	res, err := x.Search(context.Background(), search.Query{Text: "visites guidées quartiers", Lang: "fr", Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 {
		t.Fatal("no hits")
	}
	for _, s := range res.Hits[0].Snippets {
		if s.Field == "text" && s.Lang != "fr" {
			t.Errorf("snippet %+v: want only French text snippets when French matched", s)
		}
		if !strings.Contains(s.Fragment, "<mark>") {
			t.Errorf("snippet %+v has no <mark>", s)
		}
	}
	if len(res.Hits[0].Snippets) == 0 {
		t.Error("no snippets")
	}
}

// TestSearchFacets checks facet counts against the seed data itself, over the whole
// result set rather than the page.
func TestSearchFacets(t *testing.T) {
	x, docs := MustOpenSeededIndex(t)
	ctx := context.Background()

	// Browse with a kind filter: the kind facet counts every practice, the page holds one.
	res, err := x.Search(ctx, search.Query{Size: 1, Filters: search.Filters{"kind": {"Practice"}}})
	if err != nil {
		t.Fatal(err)
	}
	wantPractices, wantBilbao, wantInteraction := 0, 0, 0
	for _, d := range docs {
		if d.Node.Kind != graph.KindPractice {
			continue
		}
		wantPractices++
		for _, c := range d.Cities {
			if c.ID == "bilbao" {
				wantBilbao++
				break
			}
		}
		for _, th := range d.Themes {
			if th.ID == "interaction" {
				wantInteraction++
			}
		}
	}
	if got := int(res.Total); got != wantPractices {
		t.Errorf("total = %d, want %d", got, wantPractices)
	}
	if got := len(res.Hits); got != 1 {
		t.Errorf("page has %d hits, want 1", got)
	}
	if got, want := facet(res, "kind", "Practice"), wantPractices; got != want {
		t.Errorf("kind facet Practice = %d, want %d", got, want)
	}
	if got, want := facet(res, "city", "bilbao"), wantBilbao; got != want || want == 0 {
		t.Errorf("city facet bilbao = %d, want %d (>0)", got, want)
	}
	if got, want := facet(res, "principle", "interaction"), wantInteraction; got != want || want == 0 {
		t.Errorf("principle facet interaction = %d, want %d (>0)", got, want)
	}
	if got := facet(res, "country", "spain"); got != wantBilbao {
		t.Errorf("country facet spain = %d, want at least bilbao's %d", got, wantBilbao)
	}
	if got := facet(res, "language", "fr"); got != wantPractices {
		t.Errorf("language facet fr = %d, want %d: every text has French", got, wantPractices)
	}

	// A filter is a conjunction with the text.
	res, err = x.Search(ctx, search.Query{Text: "Bilbao", Filters: search.Filters{"kind": {"Person"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.Ref.Kind != graph.KindPerson {
			t.Errorf("hit %s is not a Person", h.Ref)
		}
	}
	if len(res.Facets["kind"]) != 1 && res.Total > 0 {
		t.Errorf("kind facet = %+v, want only Person", res.Facets["kind"])
	}
}

func facet(res search.Result, name, value string) int {
	for _, f := range res.Facets[name] {
		if f.Value == value {
			return f.Count
		}
	}
	return 0
}

// TestSearchPagination: pages fetched with the cursor, concatenated, are the one
// big page, with no duplicates, in scored and browse modes.
func TestSearchPagination(t *testing.T) {
	x, _ := MustOpenSeededIndex(t)
	ctx := context.Background()
	for _, text := range []string{"Bilbao immigration", ""} {
		all, err := x.Search(ctx, search.Query{Text: text, Lang: "fr", Size: search.MaxSize})
		if err != nil {
			t.Fatal(err)
		}
		if len(all.Hits) < 10 {
			t.Fatalf("%q: only %d hits, want enough for several pages", text, len(all.Hits))
		}
		var paged []graph.Ref
		q := search.Query{Text: text, Lang: "fr", Size: 3}
		for pages := 0; ; pages++ {
			if pages > 100 {
				t.Fatal("cursor does not advance")
			}
			res, err := x.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, h := range res.Hits {
				paged = append(paged, h.Ref)
			}
			if res.Next == nil || len(paged) >= len(all.Hits) {
				break
			}
			q.After = res.Next
		}
		seen := map[graph.Ref]bool{}
		for i, r := range paged {
			if seen[r] {
				t.Errorf("%q: %s twice", text, r)
			}
			seen[r] = true
			if i < len(all.Hits) && all.Hits[i].Ref != r {
				t.Errorf("%q: paged[%d] = %s, want %s", text, i, r, all.Hits[i].Ref)
			}
		}
	}
}

// TestSearchBrowseOrder: an empty query lists practices first, then cities, grants and
// the other kinds, and assessment statements last; within a kind, by name.
func TestSearchBrowseOrder(t *testing.T) {
	x, _ := MustOpenSeededIndex(t)
	order := map[graph.Kind]int{}
	for i, k := range []graph.Kind{graph.KindPractice, graph.KindCity, graph.KindGrant, graph.KindProject,
		graph.KindOrganisation, graph.KindEvent, graph.KindPublication, graph.KindNetwork, graph.KindPerson,
		graph.KindTheme, graph.KindCountry, graph.KindIndexReport, graph.KindSource, graph.KindAssessment} {
		order[k] = i
	}
	var hits []search.Hit
	q := search.Query{Text: "   ", Size: search.MaxSize}
	for {
		res, err := x.Search(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		hits = append(hits, res.Hits...)
		if res.Next == nil {
			break
		}
		q.After = res.Next
	}
	if len(hits) < 200 || hits[0].Ref.Kind != graph.KindPractice || hits[len(hits)-1].Ref.Kind != graph.KindAssessment {
		t.Fatalf("browsing gave %d hits from %s to %s, want the seed's, practices first, assessment statements last", len(hits), hits[0].Ref, hits[len(hits)-1].Ref)
	}
	for i := 1; i < len(hits); i++ {
		if order[hits[i-1].Ref.Kind] > order[hits[i].Ref.Kind] {
			t.Fatalf("hit %d %s after %s: not in browse order", i, hits[i].Ref, hits[i-1].Ref)
		}
	}
}

func TestSearchInvalid(t *testing.T) {
	x, _ := MustOpenSeededIndex(t)
	tests := []struct {
		name string
		q    search.Query
	}{
		{"unbalanced quote", search.Query{Text: `"Bilbao`, Advanced: true}},
		{"bad field syntax", search.Query{Text: `name:`, Advanced: true}},
		{"bad regexp", search.Query{Text: `name:/[a-/`, Advanced: true}},
		{"bad boost", search.Query{Text: `bilbao^x`, Advanced: true}},
		{"negative size", search.Query{Text: "x", Size: -1}},
		{"unknown language", search.Query{Text: "x", Lang: "xx"}},
		{"unknown kind", search.Query{Text: "x", Filters: search.Filters{"kind": {"Banana"}}}},
		{"unknown facet", search.Query{Text: "x", Filters: search.Filters{"colour": {"red"}}}},
		{"year not a number", search.Query{Text: "x", Filters: search.Filters{"year": {"2021; drop"}}}},
		{"unknown filter language", search.Query{Text: "x", Filters: search.Filters{"language": {"xx"}}}},
		{"cursor of other mode", search.Query{Text: "x", After: []string{"Practice", "a", "b"}}},
		{"cursor not a score", search.Query{Text: "x", After: []string{"high", "Practice:x"}}},
		{"too long", search.Query{Text: strings.Repeat("a", search.MaxTextLength+1)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := x.Search(context.Background(), tt.q)
			if got, want := graph.ErrorCode(err), graph.EINVALID; got != want {
				t.Errorf("code = %q (%v), want %q", got, err, want)
			}
		})
	}
}

func TestSearchAdvanced(t *testing.T) {
	x, _ := MustOpenSeededIndex(t)
	res, err := x.Search(context.Background(), search.Query{Text: `+text_fr:visites +kind:Practice`, Advanced: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].Ref != diversitours {
		t.Errorf("hits = %+v, want diversitours first", res.Hits)
	}
}

func TestSearchCancelled(t *testing.T) {
	x, _ := MustOpenSeededIndex(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := x.Search(ctx, search.Query{Text: "Bilbao"})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestOpenSecondWriter: a second process on the same index fails fast with
// UNAVAILABLE instead of hanging on bolt's file lock.
func TestOpenSecondWriter(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index")
	first, err := search.Open(path, search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()

	start := time.Now()
	second, err := search.Open(path, search.Options{LockTimeout: 200 * time.Millisecond})
	if err == nil {
		second.Close()
		t.Fatal("second Open succeeded, want it refused")
	}
	if got, want := graph.ErrorCode(err), graph.EUNAVAILABLE; got != want {
		t.Errorf("code = %q, want %q", got, want)
	}
	if !strings.Contains(graph.ErrorMessage(err), "in use by another practicegraph process") {
		t.Errorf("message = %q", graph.ErrorMessage(err))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("refusal took %v", d)
	}

	// Once the first closes, the index opens again.
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	again, err := search.Open(path, search.Options{})
	if err != nil {
		t.Fatalf("reopen after close: %v", err)
	}
	again.Close()
}

func TestVersionRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index")
	x, err := search.Open(path, search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if v, err := x.Version(); err != nil || v != 0 {
		t.Fatalf("fresh Version() = %d, %v; want 0, nil", v, err)
	}
	doc := graph.Indexable{Node: graph.Node{Kind: graph.KindCity, ID: "bilbao", Texts: map[string]graph.Text{
		"name": {Orig: "es", Values: map[string]string{"es": "Bilbao", "fr": "Bilbao", "en": "Bilbao"}},
	}}}
	ctx := context.Background()
	if err := x.IndexBatch(ctx, []graph.Indexable{doc}, nil, 42); err != nil {
		t.Fatal(err)
	}
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}

	// The version survives a restart.
	x, err = search.Open(path, search.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if v, err := x.Version(); err != nil || v != 42 {
		t.Errorf("Version() = %d, %v; want 42, nil", v, err)
	}
	if n, err := x.DocCount(); err != nil || n != 1 {
		t.Errorf("DocCount() = %d, %v; want 1, nil", n, err)
	}

	// Deletes and version move together.
	if err := x.IndexBatch(ctx, nil, []graph.Ref{doc.Node.Ref()}, 43); err != nil {
		t.Fatal(err)
	}
	if n, _ := x.DocCount(); n != 0 {
		t.Errorf("DocCount() after delete = %d, want 0", n)
	}
	if v, _ := x.Version(); v != 43 {
		t.Errorf("Version() = %d, want 43", v)
	}

	// Reset leaves an empty, fresh index usable at once.
	if err := x.IndexBatch(ctx, []graph.Indexable{doc}, nil, 44); err != nil {
		t.Fatal(err)
	}
	if err := x.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if n, _ := x.DocCount(); n != 0 {
		t.Errorf("DocCount() after reset = %d, want 0", n)
	}
	if v, _ := x.Version(); v != 0 {
		t.Errorf("Version() after reset = %d, want 0", v)
	}
	res, err := x.Search(ctx, search.Query{Text: "bilbao"})
	if err != nil || res.Total != 0 {
		t.Errorf("search after reset = %d hits, %v; want 0, nil", res.Total, err)
	}
}

func TestClosedIndex(t *testing.T) {
	x := MustOpenIndex(t)
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	_, err := x.Search(context.Background(), search.Query{Text: "x"})
	if got, want := graph.ErrorCode(err), graph.EUNAVAILABLE; got != want {
		t.Errorf("code = %q, want %q", got, want)
	}
}

// TestSearchFilterKeepsScores: a filter restricts the hits without rescoring them, so
// a filtered search lists its hits in the order, and with the scores, of the unfiltered one.
func TestSearchFilterKeepsScores(t *testing.T) {
	x, _ := MustOpenSeededIndex(t)
	ctx := context.Background()
	all, err := x.Search(ctx, search.Query{Text: "Bilbao immigration", Lang: "fr", Size: search.MaxSize})
	if err != nil {
		t.Fatal(err)
	}
	want := map[graph.Ref]float64{}
	rank := map[graph.Ref]int{}
	for i, h := range all.Hits {
		want[h.Ref], rank[h.Ref] = h.Score, i
	}
	for _, filters := range []search.Filters{
		{"kind": {"Practice", "Organisation"}, "country": {"spain"}},
		// Practices alone: the kind filter then carries the practices' boost itself.
		{"kind": {"Practice"}},
	} {
		filtered, err := x.Search(ctx, search.Query{Text: "Bilbao immigration", Lang: "fr", Size: search.MaxSize, Filters: filters})
		if err != nil {
			t.Fatal(err)
		}
		if len(filtered.Hits) == 0 {
			t.Fatalf("%v: no hits", filters)
		}
		for i, h := range filtered.Hits {
			if !slices.Contains(filters["kind"], string(h.Ref.Kind)) {
				t.Errorf("%v: hit %s is of another kind", filters, h.Ref)
			}
			// Equal but for rounding: the sum of the clauses' scores may add in another order.
			if got, ok := want[h.Ref]; !ok || math.Abs(got-h.Score) > 1e-9*got {
				t.Errorf("%v: hit %s score = %v, want %v as unfiltered (found: %v)", filters, h.Ref, h.Score, got, ok)
			}
			if i > 0 && rank[h.Ref] < rank[filtered.Hits[i-1].Ref] {
				t.Errorf("%v: hit %s comes after %s, unlike unfiltered", filters, h.Ref, filtered.Hits[i-1].Ref)
			}
		}
	}
}

// TestSearchNoFacetsNoSnippets: a caller that only ranks gets the same hits, in the
// same order, without facets or snippets.
func TestSearchNoFacetsNoSnippets(t *testing.T) {
	x, _ := MustOpenSeededIndex(t)
	ctx := context.Background()
	q := search.Query{Text: "Bilbao immigration", Lang: "fr", Size: 10}
	full, err := x.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	q.NoFacets, q.NoSnippets = true, true
	bare, err := x.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if bare.Facets != nil {
		t.Errorf("facets = %v, want none", bare.Facets)
	}
	if got, want := bare.Total, full.Total; got != want {
		t.Errorf("total = %d, want %d", got, want)
	}
	if got, want := len(bare.Hits), len(full.Hits); got != want {
		t.Fatalf("%d hits, want %d", got, want)
	}
	for i, h := range bare.Hits {
		if h.Ref != full.Hits[i].Ref || h.Score != full.Hits[i].Score {
			t.Errorf("hit %d = %s %v, want %s %v", i, h.Ref, h.Score, full.Hits[i].Ref, full.Hits[i].Score)
		}
		if len(h.Snippets) != 0 {
			t.Errorf("hit %s has snippets %v, want none", h.Ref, h.Snippets)
		}
	}
	var kinds int
	for _, f := range full.Facets["kind"] {
		kinds += f.Count
	}
	if got, want := uint64(kinds), full.Total; got != want {
		t.Errorf("kind facet counts add up to %d, want the total %d: every hit has one kind", got, want)
	}
}

// TestSearchFacetSize: each facet keeps its most frequent values, at most FacetSize.
func TestSearchFacetSize(t *testing.T) {
	x, err := search.Open(filepath.Join(t.TempDir(), "index"), search.Options{FacetSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	docs := seedIndexables(t)
	if err := x.IndexBatch(context.Background(), docs, nil, 1); err != nil {
		t.Fatal(err)
	}
	perKind := map[graph.Kind]int{}
	most := 0
	for _, d := range docs {
		perKind[d.Node.Kind]++
		most = max(most, perKind[d.Node.Kind])
	}
	res, err := x.Search(context.Background(), search.Query{})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"kind", "type", "city", "country", "theme", "principle", "year", "language"} {
		fs, ok := res.Facets[name]
		if !ok {
			t.Errorf("no %s facet", name)
		}
		if len(fs) > 2 {
			t.Errorf("%s facet has %d values, want at most 2", name, len(fs))
		}
		for i := 1; i < len(fs); i++ {
			if fs[i].Count > fs[i-1].Count {
				t.Errorf("%s facet %v: not by decreasing count", name, fs)
			}
		}
	}
	if k := res.Facets["kind"]; len(k) != 2 || k[0].Count != most {
		t.Errorf("kind facet = %v, want the two most frequent kinds, the first with %d", k, most)
	}
}

// TestSearchAdvancedCost: an advanced query's expensive terms are bounded, in number and
// in the words they expand to, and a query past either bound is refused with a client
// error that names the bound.
func TestSearchAdvancedCost(t *testing.T) {
	x, _ := MustOpenSeededIndex(t)
	ctx := context.Background()
	refused := []struct {
		name, text, says string
	}{
		{"wildcard flood", strings.Repeat("a* ", 300), "at most 10"},
		{"fuzzy flood", strings.Repeat("bilbao~1 ", search.MaxExpensiveTerms+1), "at most 10"},
		{"mixed flood", `name:/b.*/ name:c* text_fr:d? e~2 f* g* h* i* j* k* l*`, "at most 10"},
		// The seed has about 900 French and 800 English words.
		{"patterns matching every word", `text_fr:* text_en:*`, "more than 1024 words"},
	}
	for _, tt := range refused {
		t.Run(tt.name, func(t *testing.T) {
			_, err := x.Search(ctx, search.Query{Text: tt.text, Advanced: true})
			if got, want := graph.ErrorCode(err), graph.EINVALID; got != want {
				t.Fatalf("code = %q (%v), want %q", got, err, want)
			}
			if msg := graph.ErrorMessage(err); !strings.Contains(msg, tt.says) {
				t.Errorf("message = %q, want it to say %q", msg, tt.says)
			}
		})
	}

	// Within the bounds, patterns still search.
	res, err := x.Search(ctx, search.Query{Text: strings.Repeat("bilb* ", search.MaxExpensiveTerms), Advanced: true})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, h := range res.Hits {
		found = found || h.Ref == ref(graph.KindCity, "bilbao")
	}
	if !found {
		t.Errorf("hits of bilb* = %+v, want the city of Bilbao among them", res.Hits)
	}
}

// TestSearchTypoWidensOnlyUnknownWords: a word some text holds, in any language, is spelt
// right and is not widened to its neighbours in the other languages' fields; a word no
// text holds still finds what it was meant to.
func TestSearchTypoWidensOnlyUnknownWords(t *testing.T) {
	x := MustOpenIndex(t)
	ctx := context.Background()
	text := func(fr, en string) graph.Text {
		return graph.Text{Orig: "en", Values: map[string]string{"fr": fr, "en": en}}
	}
	practice := func(id, name string, summary graph.Text) graph.Indexable {
		return graph.Indexable{Node: graph.Node{Kind: graph.KindPractice, ID: id, Texts: map[string]graph.Text{
			"name": text(name, name), "summary": summary}}}
	}
	garden := practice("garden", "Jardin partagé", text("Un jardin des voisins.", "A malimok garden of neighbours."))
	market := practice("market", "Marché nocturne", text("Le marché malimak du quartier.", "The night market of the district."))
	office := practice("office", "Bureau d'accueil", text("Le bureau de la rue.", "The address of the welcome office."))
	square := practice("square", "Place centrale", text("Une adresse du quartier.", "A square of the district."))
	if err := x.IndexBatch(ctx, []graph.Indexable{garden, market, office, square}, nil, 1); err != nil {
		t.Fatal(err)
	}
	refs := func(q string) []graph.Ref {
		t.Helper()
		res, err := x.Search(ctx, search.Query{Text: q, Lang: "en", Size: 10, NoFacets: true, NoSnippets: true})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		var out []graph.Ref
		for _, h := range res.Hits {
			out = append(out, h.Ref)
		}
		return out
	}
	gardenRef := graph.Ref{Kind: graph.KindPractice, ID: "garden"}
	marketRef := graph.Ref{Kind: graph.KindPractice, ID: "market"}
	// "malimok" is an English word of the garden: the French "malimak", one edit away,
	// is another word, not a spelling of it.
	if got := refs("malimok"); len(got) != 1 || got[0] != gardenRef {
		t.Errorf(`search "malimok" = %v, want the garden only`, got)
	}
	// "malimek" is no text's word: a typo, widened in every language.
	got := refs("malimek")
	if len(got) != 2 || !slices.Contains(got, gardenRef) || !slices.Contains(got, marketRef) {
		t.Errorf(`search "malimek" = %v, want the garden and the market`, got)
	}
	// "adress" is no text's word either, though French stems "adresse" to "adres" as it
	// does "adress": corrected in English, it finds the office's "address".
	if got := refs("adress"); !slices.Contains(got, graph.Ref{Kind: graph.KindPractice, ID: "office"}) {
		t.Errorf(`search "adress" = %v, want the office (its English "address")`, got)
	}
}
