package transfer_test

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/transfer"
)

// diversitours is the report's Diversitours as the caller would fill it: run by
// Bilbao, assessed by the coordinators in 2023 (statements from seed/data/assessments.yaml).
func diversitours() transfer.Candidate {
	a := func(id, kind, size, statement string) transfer.Assessment {
		return transfer.Assessment{ID: id, Kind: kind, Statement: statement, Lang: "en", AppliesToSizeBand: size}
	}
	return transfer.Candidate{
		Practice: graph.Ref{Kind: graph.KindPractice, ID: "diversitours"},
		Name:     "Diversitours",
		Origins:  []transfer.City{{ID: "bilbao", CountryID: "spain", SizeBand: "large", Networks: []string{"icc-network", "reci"}}},
		Assessments: []transfer.Assessment{
			a("diversitours-strength-1", "strength", "", "Involvement of the local population"),
			a("diversitours-strength-2", "strength", "", "Promotion of interaction"),
			a("diversitours-feasibility-1", "feasibility", "", "Most cities find the concept interesting and feasible"),
			a("diversitours-feasibility-2", "feasibility", "", "Some participants think it is possible, but not for tourists"),
			a("diversitours-weakness-1", "weakness", "", "Residents of the targeted neighbourhoods may feel they are being put on show"),
			a("diversitours-obstacle-1", "obstacle", "small", "Small cities fear that their size and the lack of distinct neighbourhoods would make such a tour lose its appeal"),
			a("diversitours-obstacle-2", "obstacle", "", "Mobilising representatives of local communities and involving them in the project can be a challenge"),
			a("diversitours-obstacle-4", "obstacle", "large", "Large cities, on the other hand, consider the project hard to implement because the neighbourhoods where various ethnic groups live together are far from the centre"),
			a("diversitours-obstacle-6", "obstacle", "", "The funds needed to launch the project have to be raised"),
			a("diversitours-adaptation-3", "adaptation", "", "Let the city's different groups propose ideas for new tours"),
		},
	}
}

func codes(rs []transfer.Reason) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Code)
	}
	return out
}

func ids(as []transfer.Assessment) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

func TestRankDiversitours(t *testing.T) {
	noQuery := 1 / (1 - transfer.WeightRelevance)
	peer := transfer.WeightPeerFeasibility * 4 / transfer.PeerSaturation // 2 strengths + 2 feasibility
	tests := []struct {
		name          string
		target        transfer.Target
		relevance     float64
		opts          transfer.Options
		wantCodes     []string
		wantObstacles []string
		wantMayApply  []string
		wantScore     float64
	}{
		{
			name:          "small Italian city: the small-city fear applies",
			target:        transfer.Target{CityID: "zagarolo", Name: "Zagarolo", CountryID: "italy", SizeBand: "small", Networks: []string{"icc-network"}},
			wantCodes:     []string{"SHARED_NETWORK", "OBSTACLE_FOR_SIZE", "PEER_FEASIBILITY"},
			wantObstacles: []string{"diversitours-obstacle-1", "diversitours-obstacle-2", "diversitours-obstacle-6"},
			wantScore:     (transfer.WeightSharedNetwork - transfer.PenaltyObstacleForSize + peer) * noQuery,
		},
		{
			name:      "large Spanish city: close origin, but neighbourhoods far from the centre",
			target:    transfer.Target{CityID: "valencia", Name: "Valencia", CountryID: "spain", SizeBand: "large", Networks: []string{"icc-network", "reci"}},
			wantCodes: []string{"SAME_COUNTRY", "SAME_SIZE_BAND", "SHARED_NETWORK", "OBSTACLE_FOR_SIZE", "PEER_FEASIBILITY"},
			// The obstacle about large cities comes first: it concerns the target's size.
			wantObstacles: []string{"diversitours-obstacle-4", "diversitours-obstacle-2", "diversitours-obstacle-6"},
			wantScore:     (transfer.WeightSameCountry + transfer.WeightSameSizeBand + transfer.WeightSharedNetwork - transfer.PenaltyObstacleForSize + peer) * noQuery,
		},
		{
			name:          "medium city: no size-specific obstacle",
			target:        transfer.Target{CityID: "botkyrka", CountryID: "sweden", SizeBand: "medium"},
			wantCodes:     []string{"PEER_FEASIBILITY"},
			wantObstacles: []string{"diversitours-obstacle-2", "diversitours-obstacle-6"},
			wantScore:     peer * noQuery,
		},
		{
			name:          "unknown size: size-specific obstacles may apply, no penalty",
			target:        transfer.Target{CityID: "guadalupe", CountryID: "mexico"},
			wantCodes:     []string{"PEER_FEASIBILITY", "SIZE_UNKNOWN"},
			wantObstacles: []string{"diversitours-obstacle-2", "diversitours-obstacle-6"},
			wantMayApply:  []string{"diversitours-obstacle-1", "diversitours-obstacle-4"},
			wantScore:     peer * noQuery,
		},
		{
			name:          "with a query: relevance weighs, the rest is not scaled up",
			target:        transfer.Target{CityID: "zagarolo", CountryID: "italy", SizeBand: "small"},
			relevance:     0.8,
			opts:          transfer.Options{Query: true},
			wantCodes:     []string{"RELEVANCE", "OBSTACLE_FOR_SIZE", "PEER_FEASIBILITY"},
			wantObstacles: []string{"diversitours-obstacle-1", "diversitours-obstacle-2", "diversitours-obstacle-6"},
			wantScore:     transfer.WeightRelevance*0.8 - transfer.PenaltyObstacleForSize + peer,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := diversitours()
			c.Relevance = tt.relevance
			got, err := transfer.Rank(tt.target, []transfer.Candidate{c}, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 {
				t.Fatalf("got %d ranked, want 1", len(got))
			}
			r := got[0]
			if g := codes(r.Reasons); !reflect.DeepEqual(g, tt.wantCodes) {
				t.Errorf("reasons = %v, want %v", g, tt.wantCodes)
			}
			if g := ids(r.Obstacles); !reflect.DeepEqual(g, tt.wantObstacles) {
				t.Errorf("obstacles = %v, want %v", g, tt.wantObstacles)
			}
			if g := ids(r.MayApply); !reflect.DeepEqual(g, tt.wantMayApply) {
				t.Errorf("may apply = %v, want %v", g, tt.wantMayApply)
			}
			if g, w := ids(r.Adaptations), []string{"diversitours-adaptation-3"}; !reflect.DeepEqual(g, w) {
				t.Errorf("adaptations = %v, want %v", g, w)
			}
			if math.Abs(r.Score-tt.wantScore) > 1e-9 {
				t.Errorf("score = %v, want %v", r.Score, tt.wantScore)
			}
			var sum float64
			for _, x := range r.Reasons {
				sum += x.Weight
				if x.Detail == "" {
					t.Errorf("reason %s has no detail", x.Code)
				}
			}
			if math.Abs(sum-r.Score) > 1e-9 {
				t.Errorf("reasons sum to %v, score is %v", sum, r.Score)
			}
		})
	}
}

// TestRankObstacleDetailQuotesStatement: the reader sees which obstacle, in its language.
func TestRankObstacleDetailQuotesStatement(t *testing.T) {
	got, err := transfer.Rank(transfer.Target{CityID: "zagarolo", SizeBand: "small"}, []transfer.Candidate{diversitours()}, transfer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got[0].Reasons {
		if r.Code == transfer.ReasonObstacleForSize {
			if r.Lang != "en" {
				t.Errorf("lang = %q, want en", r.Lang)
			}
			if want := "Small cities fear"; !contains(r.Detail, want) {
				t.Errorf("detail %q does not quote %q", r.Detail, want)
			}
			return
		}
	}
	t.Error("no OBSTACLE_FOR_SIZE reason")
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestRankOrder(t *testing.T) {
	target := transfer.Target{CityID: "getafe", CountryID: "spain", SizeBand: "medium", Networks: []string{"reci"}}
	practice := func(id string, rel float64, origins, adopters []transfer.City, as ...transfer.Assessment) transfer.Candidate {
		return transfer.Candidate{Practice: graph.Ref{Kind: graph.KindPractice, ID: id}, Relevance: rel, Origins: origins, Adopters: adopters, Assessments: as}
	}
	spanishMedium := []transfer.City{{ID: "santa-coloma", CountryID: "spain", SizeBand: "medium", Networks: []string{"reci"}}}
	far := []transfer.City{{ID: "reykjavik", CountryID: "iceland", SizeBand: "large"}}
	obstacle := transfer.Assessment{ID: "o", Kind: "obstacle", AppliesToSizeBand: "medium", Statement: "medium cities lack staff"}

	tests := []struct {
		name  string
		cands []transfer.Candidate
		opts  transfer.Options
		want  []string
	}{
		{
			name: "relevance dominates with a query",
			cands: []transfer.Candidate{
				practice("close-but-off-topic", 0.1, spanishMedium, nil),
				practice("on-topic-far", 1, far, nil),
			},
			opts: transfer.Options{Query: true},
			want: []string{"on-topic-far", "close-but-off-topic"},
		},
		{
			name: "without a query, closeness and uptake decide",
			cands: []transfer.Candidate{
				practice("far", 0, far, nil),
				practice("close", 0, spanishMedium, nil),
				practice("adopted-nearby", 0, far, []transfer.City{{ID: "getafe-neighbour", CountryID: "spain"}, {ID: "fuenlabrada", CountryID: "spain"}}),
			},
			want: []string{"close", "adopted-nearby", "far"},
		},
		{
			name: "an obstacle for the target's size band costs",
			cands: []transfer.Candidate{
				practice("with-obstacle", 0, spanishMedium, nil, obstacle),
				practice("without", 0, spanishMedium, nil),
			},
			want: []string{"without", "with-obstacle"},
		},
		{
			name: "ties by id",
			cands: []transfer.Candidate{
				practice("c", 0, far, nil),
				practice("a", 0, far, nil),
				practice("b", 0, far, nil),
			},
			want: []string{"a", "b", "c"},
		},
		{
			name: "practices the target already runs or adopted are left out",
			cands: []transfer.Candidate{
				practice("own", 0, []transfer.City{{ID: "getafe", CountryID: "spain", SizeBand: "medium"}}, nil),
				practice("taken-up", 0, far, []transfer.City{{ID: "getafe"}}),
				practice("other", 0, far, nil),
			},
			want: []string{"other"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := transfer.Rank(target, tt.cands, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			var order []string
			for _, r := range got {
				order = append(order, r.Candidate.Practice.ID)
			}
			if !reflect.DeepEqual(order, tt.want) {
				t.Errorf("order = %v, want %v", order, tt.want)
			}
		})
	}
}

func TestRankInvalid(t *testing.T) {
	c := diversitours()
	tests := []struct {
		name   string
		target transfer.Target
		cand   func(*transfer.Candidate)
	}{
		{"unknown target size", transfer.Target{SizeBand: "huge"}, func(*transfer.Candidate) {}},
		{"unknown origin size", transfer.Target{}, func(c *transfer.Candidate) { c.Origins = []transfer.City{{ID: "x", SizeBand: "tiny"}} }},
		{"relevance above 1", transfer.Target{}, func(c *transfer.Candidate) { c.Relevance = 3 }},
		{"negative relevance", transfer.Target{}, func(c *transfer.Candidate) { c.Relevance = -0.1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cand := c
			tt.cand(&cand)
			_, err := transfer.Rank(tt.target, []transfer.Candidate{cand}, transfer.Options{Query: true})
			if got, want := graph.ErrorCode(err), graph.EINVALID; got != want {
				t.Errorf("code = %q (%v), want %q", got, err, want)
			}
		})
	}
}

func TestNormalise(t *testing.T) {
	tests := []struct {
		in, want []float64
	}{
		{[]float64{2, 1, 0}, []float64{1, 0.5, 0}},
		{[]float64{0, 0}, []float64{0, 0}},
		{nil, []float64{}},
	}
	for _, tt := range tests {
		if got := transfer.Normalise(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Normalise(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestReasonTextsInEveryLanguage: every reason reads in English, French, Spanish,
// Italian and Portuguese, with its figures filled in and no formatting verbs left over.
func TestReasonTextsInEveryLanguage(t *testing.T) {
	target := transfer.Target{CityID: "zagarolo", Name: "Zagarolo", CountryID: "italy"}
	got, err := transfer.Rank(target, []transfer.Candidate{diversitours()}, transfer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range got[0].Reasons {
		for _, lang := range []string{"en", "fr", "es", "it", "pt"} {
			text := r.Text(lang)
			if text == "" || contains(text, "%!") || contains(text, "%d") || contains(text, "%s") {
				t.Errorf("%s in %s = %q, want a complete sentence", r.Code, lang, text)
			}
			if lang != "en" && text == r.Text("en") {
				t.Errorf("%s: the %s and English texts are the same: %q", r.Code, lang, text)
			}
		}
	}
	// Two strengths and two feasibility remarks in diversitours().
	for _, r := range got[0].Reasons {
		if r.Code != transfer.ReasonPeerFeasibility {
			continue
		}
		if want := "4 remarques de pairs sur ses points forts et sa faisabilité"; r.Text("fr") != want {
			t.Errorf("PEER_FEASIBILITY in French = %q, want %q", r.Text("fr"), want)
		}
		if want := "4 observaciones de pares sobre sus puntos fuertes y su viabilidad"; r.Text("es") != want {
			t.Errorf("PEER_FEASIBILITY in Spanish = %q, want %q", r.Text("es"), want)
		}
	}
}

// TestFrenchReasonsHaveNoEnglishWords: every reason, for every size band of the target
// and without one, reads entirely in French — size bands included ("une grande ville",
// not "une ville de taille large"). Quoted peer statements keep their own language.
func TestFrenchReasonsHaveNoEnglishWords(t *testing.T) {
	english := map[string]bool{"city": true, "cities": true, "the": true, "target": true, "run": true, "by": true, "peers": true}
	for _, b := range graph.SizeBands() {
		english[b] = true
		for _, enum := range []string{"sizeBand", graph.EnumSizeBandCity, graph.EnumSizeBandCities} {
			l, _ := graph.EnumLabel(enum, b)
			for _, w := range strings.Fields(l.EN) {
				english[strings.ToLower(w)] = true
			}
		}
	}
	delete(english, "a") // French too ("a" is "has")

	seen := map[string]bool{}
	for _, band := range append(graph.SizeBands(), "") {
		for _, name := range []string{"Zagarolo", ""} {
			target := transfer.Target{Name: name, CountryID: "spain", SizeBand: band, Networks: []string{"reci"}}
			c := diversitours()
			c.Relevance = 1
			c.Origins[0].SizeBand = band
			c.Adopters = []transfer.City{{ID: "getafe", CountryID: "spain", SizeBand: band}, {ID: "riga", CountryID: "latvia"}}
			got, err := transfer.Rank(target, []transfer.Candidate{c}, transfer.Options{Query: true})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range got[0].Reasons {
				seen[r.Code] = true
				text := r.Text("fr")
				for _, a := range c.Assessments {
					text = strings.ReplaceAll(text, a.Statement, "")
				}
				for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) }) {
					if english[w] {
						t.Errorf("%s (target size %q) in French has the English word %q: %q", r.Code, band, w, r.Text("fr"))
					}
				}
			}
		}
	}
	for _, code := range []string{transfer.ReasonRelevance, transfer.ReasonSameCountry, transfer.ReasonSameSizeBand,
		transfer.ReasonSharedNetwork, transfer.ReasonAdoptedBySimilar, transfer.ReasonAdoptedElsewhere,
		transfer.ReasonPeerFeasibility, transfer.ReasonObstacleForSize, transfer.ReasonSizeUnknown} {
		if !seen[code] {
			t.Errorf("no case produced %s: the test does not check it", code)
		}
	}
}

func TestSizeBandReasonsInFrench(t *testing.T) {
	target := transfer.Target{Name: "Zagarolo", SizeBand: "large"}
	c := diversitours()
	got, err := transfer.Rank(target, []transfer.Candidate{c}, transfer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		transfer.ReasonSameSizeBand:    "menée par bilbao, une grande ville comme Zagarolo",
		transfer.ReasonObstacleForSize: "les pairs voient un obstacle pour les grandes villes : " + c.Assessments[7].Statement,
	}
	for _, r := range got[0].Reasons {
		if w, ok := want[r.Code]; ok && r.Text("fr") != w {
			t.Errorf("%s in French = %q, want %q", r.Code, r.Text("fr"), w)
		}
		delete(want, r.Code)
	}
	if len(want) > 0 {
		t.Errorf("missing reasons %v", want)
	}
}

func TestSizeBandFor(t *testing.T) {
	tests := []struct {
		population int
		want       string
	}{
		{1, "small"}, {99_999, "small"}, {100_000, "medium"}, {499_999, "medium"}, {500_000, "large"}, {3_300_000, "large"},
	}
	for _, tt := range tests {
		got, err := transfer.SizeBandFor(tt.population)
		if err != nil || got != tt.want {
			t.Errorf("SizeBandFor(%d) = %q, %v; want %q", tt.population, got, err, tt.want)
		}
	}
	for _, bad := range []int{0, -5} {
		if _, err := transfer.SizeBandFor(bad); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("SizeBandFor(%d) error = %v, want EINVALID", bad, err)
		}
	}
}

func TestPercentAndBand(t *testing.T) {
	tests := []struct {
		score       float64
		wantPercent int
		wantBand    string
	}{
		{-0.2, 0, transfer.BandPossible}, {0, 0, transfer.BandPossible}, {0.244, 24, transfer.BandPossible},
		{0.25, 25, transfer.BandGood}, {0.494, 49, transfer.BandGood}, {0.5, 50, transfer.BandStrong}, {1.3, 100, transfer.BandStrong},
	}
	for _, tt := range tests {
		r := transfer.Ranked{Score: tt.score}
		if p, b := r.Percent(), r.Band(); p != tt.wantPercent || b != tt.wantBand {
			t.Errorf("score %v: Percent, Band = %d, %q; want %d, %q", tt.score, p, b, tt.wantPercent, tt.wantBand)
		}
	}
}

// TestNoPeerAssessmentSaysSo: a practice nobody assessed says so in words, weighing nothing,
// and obstacles and adaptations about the target's size come first.
func TestNoPeerAssessmentSaysSo(t *testing.T) {
	target := transfer.Target{Name: "Tavira", CountryID: "portugal", SizeBand: "small"}
	bare := transfer.Candidate{Practice: graph.Ref{Kind: graph.KindPractice, ID: "bare"},
		Origins: []transfer.City{{ID: "loule", CountryID: "portugal", SizeBand: "small"}}}
	assessed := transfer.Candidate{Practice: graph.Ref{Kind: graph.KindPractice, ID: "assessed"}, Assessments: []transfer.Assessment{
		{ID: "a-general", Kind: transfer.KindAdaptation}, {ID: "a-large", Kind: transfer.KindAdaptation, AppliesToSizeBand: "large"},
		{ID: "a-small", Kind: transfer.KindAdaptation, AppliesToSizeBand: "small"},
	}}
	got, err := transfer.Rank(target, []transfer.Candidate{bare, assessed}, transfer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]transfer.Ranked{}
	for _, r := range got {
		byID[r.Candidate.Practice.ID] = r
	}
	if g, want := codes(byID["bare"].Reasons), []string{"SAME_COUNTRY", "SAME_SIZE_BAND", "NO_PEER_ASSESSMENT"}; !reflect.DeepEqual(g, want) {
		t.Errorf("reasons = %v, want %v", g, want)
	}
	for _, r := range byID["bare"].Reasons {
		if r.Code == transfer.ReasonNoPeerAssessment && (r.Weight != 0 || r.Text("en") != "no peer assessment recorded yet") {
			t.Errorf("NO_PEER_ASSESSMENT = %+v, want weight 0 and the words", r)
		}
	}
	if g := codes(byID["assessed"].Reasons); slices.Contains(g, transfer.ReasonNoPeerAssessment) {
		t.Errorf("an assessed practice's reasons = %v, want no NO_PEER_ASSESSMENT", g)
	}
	if g, want := ids(byID["assessed"].Adaptations), []string{"a-small", "a-general", "a-large"}; !reflect.DeepEqual(g, want) {
		t.Errorf("adaptations = %v, want %v (the small city's first)", g, want)
	}
}
