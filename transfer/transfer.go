// Package transfer ranks practices for transposition to a target city and says why:
// how well each matches the need, how close its origin is to the target, who took it
// up, and what peers said about it. It is pure logic: the caller fills the inputs from
// the graph store and from search. SCORING.md explains the weights.
package transfer

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/practicegraph/practicegraph/graph"
)

// Weights of the score. A candidate's score is the sum of its reasons' weights; with
// no query, the relevance weight is shared out among the others in proportion.
const (
	// WeightRelevance multiplies the normalised search score when a query is given.
	WeightRelevance = 0.45
	// WeightSameCountry applies when an origin city is in the target's country: same
	// law, same language of administration, often the same national network.
	WeightSameCountry = 0.10
	// WeightSameSizeBand applies when an origin city has the target's size band.
	WeightSameSizeBand = 0.10
	// WeightSharedNetwork applies when an origin city shares a network with the target.
	WeightSharedNetwork = 0.05
	// WeightAdoptedBySimilar is reached with UptakeSaturation adopters of the target's
	// size band or country; other adopters count half.
	WeightAdoptedBySimilar = 0.15
	// WeightPeerFeasibility is reached with PeerSaturation feasibility remarks and strengths.
	WeightPeerFeasibility = 0.15
	// PenaltyObstacleForSize is taken off for each obstacle peers raised about cities of
	// the target's size band.
	PenaltyObstacleForSize = 0.08
)

// Saturation points: beyond them more of the same adds nothing.
const (
	UptakeSaturation = 2.0
	PeerSaturation   = 5.0
)

// Reason codes.
const (
	ReasonRelevance        = "RELEVANCE"
	ReasonSameCountry      = "SAME_COUNTRY"
	ReasonSameSizeBand     = "SAME_SIZE_BAND"
	ReasonSharedNetwork    = "SHARED_NETWORK"
	ReasonAdoptedBySimilar = "ADOPTED_BY_SIMILAR"
	ReasonAdoptedElsewhere = "ADOPTED_ELSEWHERE"
	ReasonPeerFeasibility  = "PEER_FEASIBILITY"
	ReasonObstacleForSize  = "OBSTACLE_FOR_SIZE"
	ReasonSizeUnknown      = "SIZE_UNKNOWN"
	// ReasonNoPeerAssessment says peers have not assessed the practice yet, so its
	// score lacks that signal; it weighs nothing.
	ReasonNoPeerAssessment = "NO_PEER_ASSESSMENT"
)

// Population thresholds of the size bands, for a city described by its population. The
// sources give size bands without numbers; these follow the ICC Index's city groups
// (below 100,000 inhabitants; up to half a million; above).
const (
	// MediumFrom is the population from which a city is medium-sized.
	MediumFrom = 100_000
	// LargeFrom is the population from which a city is large.
	LargeFrom = 500_000
)

// SizeBandFor returns the size band of a city of that many inhabitants. Returns
// EINVALID for a population below 1.
func SizeBandFor(population int) (string, error) {
	switch {
	case population < 1:
		return "", graph.Errorf(graph.EINVALID, "transfer: population must be at least 1, got %d", population)
	case population < MediumFrom:
		return "small", nil
	case population < LargeFrom:
		return "medium", nil
	}
	return "large", nil
}

// Score bands: the lowest percentage of each band, in words people read at a glance.
const (
	// StrongFrom is the percentage from which a candidate is a strong match.
	StrongFrom = 50
	// GoodFrom is the percentage from which a candidate is a good match.
	GoodFrom = 25
)

// The bands a score falls in (Ranked.Band).
const (
	BandStrong   = "strong"
	BandGood     = "good"
	BandPossible = "possible"
)

// Assessment statement kinds (graph.AssessmentKinds).
const (
	KindStrength    = "strength"
	KindWeakness    = "weakness"
	KindImprovement = "improvement"
	KindFeasibility = "feasibility"
	KindObstacle    = "obstacle"
	KindAdaptation  = "adaptation"
)

// Target is the city looking for practices to take up.
type Target struct {
	CityID    string
	Name      string
	CountryID string
	SizeBand  string // "small", "medium", "large", or "" when unknown
	Networks  []string
}

// City is an origin or adopter city of a practice.
type City struct {
	ID        string
	Name      string // display name in the requested language; the id when empty
	CountryID string
	SizeBand  string // "" when unknown
	Networks  []string
}

// Assessment is one peer statement about a practice, in the requested language.
type Assessment struct {
	ID                string
	Kind              string // strength, weakness, improvement, feasibility, obstacle, adaptation
	Statement         string
	Context           string
	Lang              string // language of Statement and Context
	AppliesToSizeBand string // "" when the statement is about cities in general
}

// Candidate is a practice that may suit the target.
type Candidate struct {
	Practice graph.Ref
	Name     string
	// Relevance is the search score normalised to [0, 1] (see Normalise); 0 with no query.
	Relevance   float64
	Origins     []City // RUN_BY
	Adopters    []City // ADOPTED_BY
	Assessments []Assessment
}

// Reason is one contribution to a candidate's score.
type Reason struct {
	Code   string
	Weight float64 // what it adds to the score; negative for obstacles
	Detail string  // English explanation
	// Details holds the explanation by language: "en", "fr", "es", "it" and "pt".
	Details map[string]string
	Lang    string // language of a statement quoted in Detail, "" otherwise
}

// Text returns the explanation in lang, English when there is none in that language.
func (r Reason) Text(lang string) string {
	if d, ok := r.Details[lang]; ok {
		return d
	}
	return r.Detail
}

// reasonTexts are the explanations of each reason in English, French, Spanish, Italian
// and Portuguese, with the same verbs in the same order. An argument that is a
// graph.Label is written in the text's language: enumerated values (size bands) take
// their labels from graph's table.
var reasonTexts = map[string]graph.Label{
	ReasonRelevance: words("matches the search (relevance %.2f)", "correspond à la recherche (pertinence %.2f)",
		"corresponde a la búsqueda (pertinencia %.2f)", "corrisponde alla ricerca (pertinenza %.2f)", "corresponde à pesquisa (relevância %.2f)"),
	ReasonSameCountry: words("run by %s, in the same country as %s", "menée par %s, dans le même pays que %s",
		"llevada a cabo por %s, en el mismo país que %s", "condotta da %s, nello stesso paese di %s", "realizada por %s, no mesmo país que %s"),
	ReasonSameSizeBand: words("run by %s, %s like %s", "menée par %s, %s comme %s",
		"llevada a cabo por %s, %s como %s", "condotta da %s, %s come %s", "realizada por %s, %s como %s"),
	ReasonSharedNetwork: words("run by %s, which shares the %s network with %s", "menée par %s, qui partage le réseau %s avec %s",
		"llevada a cabo por %s, que comparte la red %s con %s", "condotta da %s, che condivide la rete %s con %s", "realizada por %s, que partilha a rede %s com %s"),
	ReasonAdoptedBySimilar: words("adopted by %d similar cities (same size band or country): %s", "adoptée par %d villes semblables (même taille ou même pays) : %s",
		"adoptada por %d ciudades similares (mismo tamaño o mismo país): %s", "adottata da %d città simili (stessa dimensione o stesso paese): %s", "adotada por %d cidades semelhantes (mesma dimensão ou mesmo país): %s"),
	ReasonAdoptedElsewhere: words("adopted by %d other cities: %s", "adoptée par %d autres villes : %s",
		"adoptada por %d otras ciudades: %s", "adottata da altre %d città: %s", "adotada por %d outras cidades: %s"),
	ReasonObstacleForSize: words("peers see an obstacle for %s: %s", "les pairs voient un obstacle pour les %s : %s",
		"los pares ven un obstáculo para las %s: %s", "i pari vedono un ostacolo per le %s: %s", "os pares veem um obstáculo para as %s: %s"),
	ReasonPeerFeasibility: words("%d peer remarks on its strengths and feasibility", "%d remarques de pairs sur ses points forts et sa faisabilité",
		"%d observaciones de pares sobre sus puntos fuertes y su viabilidad", "%d osservazioni dei pari sui suoi punti di forza e sulla fattibilità", "%d observações de pares sobre os seus pontos fortes e a sua viabilidade"),
	ReasonNoPeerAssessment: words("no peer assessment recorded yet", "aucune évaluation par les pairs enregistrée pour l'instant",
		"aún no se ha registrado ninguna evaluación por pares", "nessuna valutazione tra pari ancora registrata", "ainda não foi registada nenhuma avaliação por pares"),
	ReasonSizeUnknown: words("the size of %s is unknown: %d obstacles peers raised for cities of a given size may apply", "la taille de %s n'est pas connue : %d obstacles signalés par les pairs pour des villes d'une taille donnée peuvent s'appliquer",
		"se desconoce el tamaño de %s: pueden aplicarse %d obstáculos señalados por los pares para ciudades de un tamaño determinado",
		"la dimensione di %s non è nota: possono valere %d ostacoli segnalati dai pari per città di una certa dimensione",
		"a dimensão de %s é desconhecida: podem aplicar-se %d obstáculos assinalados pelos pares para cidades de uma dada dimensão"),
}

// words is a label in English, French, Spanish, Italian and Portuguese.
func words(en, fr, es, it, pt string) graph.Label {
	return graph.Label{EN: en, FR: fr, ES: es, IT: it, PT: pt}
}

// reasonLanguages are the languages reasonTexts are written in.
var reasonLanguages = []string{"en", "fr", "es", "it", "pt"}

// Ranked is a candidate with its score and the peer statements that concern the target.
type Ranked struct {
	Candidate Candidate
	Score     float64
	Reasons   []Reason
	// Obstacles apply to the target: general ones and those about its size band.
	Obstacles []Assessment
	// MayApply are size-specific obstacles listed without penalty when the target's
	// size band is unknown.
	MayApply    []Assessment
	Adaptations []Assessment
}

// Percent is the score as a share of the best possible one (every weight at its
// strongest adds up to 1), from 0 to 100: obstacles can take a score below zero.
func (r Ranked) Percent() int {
	return int(math.Round(math.Max(0, math.Min(1, r.Score)) * 100))
}

// Band names the score in words: BandStrong, BandGood or BandPossible.
func (r Ranked) Band() string {
	switch p := r.Percent(); {
	case p >= StrongFrom:
		return BandStrong
	case p >= GoodFrom:
		return BandGood
	}
	return BandPossible
}

// Options say how the candidates were found.
type Options struct {
	// Query is true when candidates come from a text search and carry a Relevance.
	Query bool
}

// Rank scores candidates for the target, best first, ties by practice id. Practices
// the target already runs or has adopted are left out: there is nothing to transpose.
// Returns EINVALID for an unknown size band or a relevance outside [0, 1].
func Rank(target Target, candidates []Candidate, opts Options) ([]Ranked, error) {
	if err := checkSizeBand(target.SizeBand); err != nil {
		return nil, err
	}
	// Without a query every candidate would get the same relevance, so that weight
	// goes to the other signals, keeping scores on the same 0–1 scale.
	scale := 1.0
	if !opts.Query {
		scale = 1 / (1 - WeightRelevance)
	}
	out := make([]Ranked, 0, len(candidates))
	for _, c := range candidates {
		if c.Relevance < 0 || c.Relevance > 1 || math.IsNaN(c.Relevance) {
			return nil, graph.Errorf(graph.EINVALID, "transfer: relevance of %s is %v, want 0 to 1", c.Practice, c.Relevance)
		}
		for _, cs := range [][]City{c.Origins, c.Adopters} {
			for _, city := range cs {
				if err := checkSizeBand(city.SizeBand); err != nil {
					return nil, err
				}
			}
		}
		if target.CityID != "" && (hasCity(c.Origins, target.CityID) || hasCity(c.Adopters, target.CityID)) {
			continue
		}
		out = append(out, rank(target, c, opts.Query, scale))
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].Candidate.Practice.ID < out[j].Candidate.Practice.ID
	})
	return out, nil
}

func rank(t Target, c Candidate, query bool, scale float64) Ranked {
	r := Ranked{Candidate: c}
	add := func(code string, w float64, lang string, args ...any) {
		t := reasonTexts[code]
		details := make(map[string]string, len(reasonLanguages))
		for _, l := range reasonLanguages {
			details[l] = fmt.Sprintf(t.In(l), argsIn(l, args)...)
		}
		r.Reasons = append(r.Reasons, Reason{Code: code, Weight: w, Detail: details["en"], Details: details, Lang: lang})
	}

	if query && c.Relevance > 0 {
		add(ReasonRelevance, WeightRelevance*c.Relevance, "", c.Relevance)
	}

	// Similarity of origin to target: the first origin city that matches is named.
	if o, ok := firstCity(c.Origins, func(o City) bool { return t.CountryID != "" && o.CountryID == t.CountryID }); ok {
		add(ReasonSameCountry, WeightSameCountry*scale, "", cityName(o), targetName(t))
	}
	if o, ok := firstCity(c.Origins, func(o City) bool { return t.SizeBand != "" && o.SizeBand == t.SizeBand }); ok {
		add(ReasonSameSizeBand, WeightSameSizeBand*scale, "", cityName(o), sizeLabel(graph.EnumSizeBandCity, t.SizeBand), targetName(t))
	}
	for _, o := range c.Origins {
		if n := shared(o.Networks, t.Networks); n != "" {
			add(ReasonSharedNetwork, WeightSharedNetwork*scale, "", cityName(o), n, targetName(t))
			break
		}
	}

	// Uptake: cities like the target that took it up say it travels.
	var similar, others []string
	for _, a := range c.Adopters {
		if (t.SizeBand != "" && a.SizeBand == t.SizeBand) || (t.CountryID != "" && a.CountryID == t.CountryID) {
			similar = append(similar, cityName(a))
		} else {
			others = append(others, cityName(a))
		}
	}
	uptake := math.Min(1, (float64(len(similar))+0.5*float64(len(others)))/UptakeSaturation)
	if len(similar) > 0 {
		w := WeightAdoptedBySimilar * scale * uptake * float64(len(similar)) / (float64(len(similar)) + 0.5*float64(len(others)))
		add(ReasonAdoptedBySimilar, w, "", len(similar), strings.Join(similar, ", "))
	}
	if len(others) > 0 {
		w := WeightAdoptedBySimilar * scale * uptake * 0.5 * float64(len(others)) / (float64(len(similar)) + 0.5*float64(len(others)))
		add(ReasonAdoptedElsewhere, w, "", len(others), strings.Join(others, ", "))
	}

	// Peer assessment balance.
	positives := 0
	var sizeSpecific []Assessment
	for _, a := range c.Assessments {
		switch a.Kind {
		case KindFeasibility, KindStrength:
			positives++
		case KindAdaptation:
			r.Adaptations = append(r.Adaptations, a)
		case KindObstacle:
			switch {
			case a.AppliesToSizeBand == "":
				r.Obstacles = append(r.Obstacles, a)
			case t.SizeBand == "":
				sizeSpecific = append(sizeSpecific, a)
			case a.AppliesToSizeBand == t.SizeBand:
				r.Obstacles = append(r.Obstacles, a)
				add(ReasonObstacleForSize, -PenaltyObstacleForSize*scale, a.Lang, sizeLabel(graph.EnumSizeBandCities, t.SizeBand), a.Statement)
			}
		}
	}
	if len(c.Assessments) == 0 {
		add(ReasonNoPeerAssessment, 0, "")
	}
	if positives > 0 {
		add(ReasonPeerFeasibility, WeightPeerFeasibility*scale*math.Min(1, float64(positives)/PeerSaturation), "", positives)
	}
	if len(sizeSpecific) > 0 {
		r.MayApply = sizeSpecific
		add(ReasonSizeUnknown, 0, "", targetName(t), len(sizeSpecific))
	}

	// What concerns cities of the target's size is read first.
	r.Obstacles = sizeFirst(r.Obstacles, t.SizeBand)
	r.Adaptations = sizeFirst(r.Adaptations, t.SizeBand)
	for _, x := range r.Reasons {
		r.Score += x.Weight
	}
	// Rounding keeps equal inputs equal whatever the order of additions, so ties are ties.
	r.Score = math.Round(r.Score*1e9) / 1e9
	return r
}

// sizeFirst puts the statements about cities of the size band before the others,
// keeping the order within each group.
func sizeFirst(list []Assessment, band string) []Assessment {
	if band == "" {
		return list
	}
	sort.SliceStable(list, func(i, j int) bool {
		return list[i].AppliesToSizeBand == band && list[j].AppliesToSizeBand != band
	})
	return list
}

// Normalise divides search scores by the best one, so the best match has relevance 1.
func Normalise(scores []float64) []float64 {
	best := 0.0
	for _, s := range scores {
		best = math.Max(best, s)
	}
	out := make([]float64, len(scores))
	if best <= 0 {
		return out
	}
	for i, s := range scores {
		out[i] = math.Max(0, s/best)
	}
	return out
}

func checkSizeBand(b string) error {
	if b == "" {
		return nil
	}
	for _, s := range graph.SizeBands() {
		if s == b {
			return nil
		}
	}
	return graph.Errorf(graph.EINVALID, "transfer: unknown size band %q (want %s)", b, strings.Join(graph.SizeBands(), ", "))
}

func hasCity(cs []City, id string) bool {
	_, ok := firstCity(cs, func(c City) bool { return c.ID == id })
	return ok
}

func firstCity(cs []City, ok func(City) bool) (City, bool) {
	for _, c := range cs {
		if ok(c) {
			return c, true
		}
	}
	return City{}, false
}

func shared(a, b []string) string {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return x
			}
		}
	}
	return ""
}

func cityName(c City) string {
	if c.Name != "" {
		return c.Name
	}
	return c.ID
}

// targetName names the target in every language: its name, else its id, else words.
func targetName(t Target) graph.Label {
	if t.Name != "" {
		return graph.Label{EN: t.Name}
	}
	if t.CityID != "" {
		return graph.Label{EN: t.CityID}
	}
	return graph.Label{EN: "the target city", FR: "la ville cible", ES: "la ciudad de destino", IT: "la città di destinazione", PT: "a cidade de destino"}
}

// sizeLabel is the label of a size band in enum; Rank has checked the band is known.
func sizeLabel(enum, band string) graph.Label {
	l, _ := graph.EnumLabel(enum, band)
	return l
}

// argsIn writes the arguments that are labels in lang.
func argsIn(lang string, args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if l, ok := a.(graph.Label); ok {
			out[i] = l.In(lang)
		} else {
			out[i] = a
		}
	}
	return out
}
