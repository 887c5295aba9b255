package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/practicegraph/practicegraph/graph"
)

// generatorVersion changes whenever the generated data change, so the script regenerates
// a cached data set instead of benchmarking stale files.
const generatorVersion = 1

// dataSource is the id of the Source record every generated record cites.
const dataSource = "synthetic-bench"

// Meta is what the generator knows about its data set: counts and the ids and queries the
// benchmark cases use. It is written next to the YAML files as meta.json.
type Meta struct {
	GeneratorVersion int `json:"generator_version"`
	Practices        int `json:"practices"`
	Counts           struct {
		Countries       int `json:"countries"`
		Themes          int `json:"themes"`
		Cities          int `json:"cities"`
		Organisations   int `json:"organisations"`
		People          int `json:"people"`
		Grants          int `json:"grants"`
		Practices       int `json:"practices"`
		FundedPractices int `json:"funded_practices"`
		FundedByLinks   int `json:"funded_by_links"`
	} `json:"counts"`
	// ByIDPractices are 200 practice ids (half of them funded by a grant) for the by-id case.
	ByIDPractices []string `json:"byid_practices"`
	// ListCountry is the country with the most practices, for the filtered list case.
	ListCountry string `json:"list_country"`
	// PracticesPerCountry counts the practices run by each country's cities.
	PracticesPerCountry map[string]int `json:"practices_per_country"`
	// SearchQueries are the 20 full-text queries of the search case.
	SearchQueries []SearchQuery `json:"search_queries"`
}

// SearchQuery is one full-text query with the language practicegraph reads it in.
type SearchQuery struct {
	Q    string `json:"q"`
	Lang string `json:"lang"`
}

type wordPair struct{ fr, en string }

// domainWords are the most frequent words, the vocabulary of the project's search benchmark.
var domainWords = []wordPair{
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

var (
	syllables = []string{"ba", "be", "ca", "co", "da", "di", "fa", "fe", "ga", "go", "la", "li",
		"ma", "mo", "na", "ni", "pa", "po", "ra", "ri", "sa", "so", "ta", "tu"}
	endings = []wordPair{{"tion", "tion"}, {"nique", "nic"}, {"teur", "ter"}, {"lité", "lity"},
		{"nisme", "nism"}, {"ment", "ment"}, {"relle", "ral"}, {"nce", "nce"}, {"toire", "tory"}, {"", ""}}
	functionFR = []string{"de", "la", "le", "les", "des", "et", "pour", "avec", "dans", "un", "une", "du", "sur", "par"}
	functionEN = []string{"the", "of", "and", "for", "with", "in", "a", "to", "on", "by", "their", "local"}
)

// vocabulary returns the domain words followed by 4,000 generated French/English pairs.
func vocabulary() []wordPair {
	out := slices.Clone(domainWords)
	n := len(syllables)
	space := n * n * n
	for i := range 4000 {
		k := i * 7919 % space
		stem := syllables[k/(n*n)] + syllables[k/n%n] + syllables[k%n]
		e := endings[i%len(endings)]
		out = append(out, wordPair{stem + e.fr, stem + e.en})
	}
	return out
}

type country struct{ fr, en, iso2 string }

var countries = []country{
	{"Espagne", "Spain", "ES"}, {"Italie", "Italy", "IT"}, {"Portugal", "Portugal", "PT"}, {"Lettonie", "Latvia", "LV"},
	{"Mexique", "Mexico", "MX"}, {"Suède", "Sweden", "SE"}, {"Lituanie", "Lithuania", "LT"}, {"Canada", "Canada", "CA"},
	{"Finlande", "Finland", "FI"}, {"Pologne", "Poland", "PL"}, {"Ukraine", "Ukraine", "UA"}, {"Norvège", "Norway", "NO"},
	{"Allemagne", "Germany", "DE"}, {"France", "France", "FR"}, {"Belgique", "Belgium", "BE"}, {"Pays-Bas", "Netherlands", "NL"},
	{"Irlande", "Ireland", "IE"}, {"Royaume-Uni", "United Kingdom", "GB"}, {"Danemark", "Denmark", "DK"}, {"Islande", "Iceland", "IS"},
	{"Estonie", "Estonia", "EE"}, {"Grèce", "Greece", "GR"}, {"Chypre", "Cyprus", "CY"}, {"Malte", "Malta", "MT"},
	{"Autriche", "Austria", "AT"}, {"Suisse", "Switzerland", "CH"}, {"Slovénie", "Slovenia", "SI"}, {"Croatie", "Croatia", "HR"},
	{"Serbie", "Serbia", "RS"}, {"Bosnie-Herzégovine", "Bosnia and Herzegovina", "BA"}, {"Monténégro", "Montenegro", "ME"},
	{"Albanie", "Albania", "AL"}, {"Macédoine du Nord", "North Macedonia", "MK"}, {"Bulgarie", "Bulgaria", "BG"},
	{"Roumanie", "Romania", "RO"}, {"Moldavie", "Moldova", "MD"}, {"Hongrie", "Hungary", "HU"}, {"Slovaquie", "Slovakia", "SK"},
	{"Tchéquie", "Czechia", "CZ"}, {"Géorgie", "Georgia", "GE"}, {"Arménie", "Armenia", "AM"}, {"Turquie", "Türkiye", "TR"},
	{"Maroc", "Morocco", "MA"}, {"Tunisie", "Tunisia", "TN"}, {"Israël", "Israel", "IL"}, {"Japon", "Japan", "JP"},
	{"Corée du Sud", "South Korea", "KR"}, {"Australie", "Australia", "AU"}, {"Nouvelle-Zélande", "New Zealand", "NZ"},
	{"États-Unis", "United States", "US"}, {"Brésil", "Brazil", "BR"}, {"Argentine", "Argentina", "AR"}, {"Chili", "Chile", "CL"},
	{"Colombie", "Colombia", "CO"}, {"Luxembourg", "Luxembourg", "LU"}, {"Andorre", "Andorra", "AD"}, {"Monaco", "Monaco", "MC"},
	{"Saint-Marin", "San Marino", "SM"}, {"Liechtenstein", "Liechtenstein", "LI"}, {"Azerbaïdjan", "Azerbaijan", "AZ"},
}

type theme struct{ id, fr, en string }

// The seed's own theme ids, so generated practices carry the themes the stats break down by.
var (
	principles = []theme{{"equality", "Égalité", "Equality"}, {"diversity", "Diversité", "Diversity"},
		{"interaction", "Interaction", "Interaction"}, {"participation", "Participation", "Participation"}}
	policyAreas = []theme{
		{"anti-discrimination", "Lutte contre la discrimination", "Anti-discrimination"},
		{"anti-rumours", "Stratégie anti-rumeurs", "Anti-rumours"},
		{"communication-and-narratives", "Communication et récits", "Communication and narratives"},
		{"participation-and-democratic-governance", "Participation et gouvernance démocratique", "Participation and democratic governance"},
		{"intercultural-competence", "Compétence interculturelle", "Intercultural competence"},
		{"data-and-research", "Données et recherche", "Data and research"},
		{"neighbourhoods-and-public-space", "Quartiers et espace public", "Neighbourhoods and public space"},
		{"migrant-women", "Femmes migrantes", "Migrant women"},
		{"refugee-reception", "Accueil des réfugiés", "Refugee reception"},
		{"employment", "Emploi", "Employment"}, {"housing", "Logement", "Housing"},
		{"multilevel-governance", "Gouvernance multiniveaux", "Multilevel governance"},
		{"inter-city-cooperation", "Coopération entre villes", "Inter-city cooperation"},
	}
)

var (
	orgTypes   = []string{"ngo", "municipal", "municipal-body", "association", "foundation", "university", "research", "government"}
	firstNames = []string{"Ana", "Marta", "Jon", "Ekain", "Giulia", "Marco", "Inês", "João", "Anna", "Piotr", "Olena", "Mykola", "Sofia",
		"Lars", "Ingrid", "Mehmet", "Leila", "Karim", "Claire", "Pierre", "Hanna", "Jonas", "Eva", "Tomas", "Elena"}
	lastNames = []string{"Larrinaga", "Rossi", "Silva", "Kowalska", "Shevchenko", "Andersson", "Virtanen", "Dupont", "Müller", "Novak",
		"Horvat", "Popescu", "Papadopoulos", "Yilmaz", "García", "Fernández", "Costa", "Nowak", "Bianchi", "Martin"}
	personRoles = []wordPair{{"coordinatrice interculturelle", "intercultural coordinator"}, {"chef de projet", "project manager"},
		{"conseiller municipal", "city councillor"}, {"médiatrice", "mediator"}, {"chercheur", "researcher"}}
	practiceStatus = []string{"active", "active", "active", "ended", "planned"}
	involvesRoles  = []wordPair{{"porteur du projet", "project lead"}, {"partenaire", "partner"}, {"ONG locale", "local NGO"}}
)

// generator writes one data set; every draw comes from one fixed-seed source, in a fixed
// order, so the same N always gives the same files.
type generator struct {
	n     int
	dir   string
	r     *rand.Rand
	zipf  *rand.Zipf
	vocab []wordPair
}

func newGenerator(n int, dir string) *generator {
	r := rand.New(rand.NewPCG(20231114, uint64(generatorVersion)))
	vocab := vocabulary()
	// P(k) ∝ (8+k)^-1.4 over the vocabulary: the domain words first, then ever rarer ones.
	return &generator{n: n, dir: dir, r: r, zipf: rand.NewZipf(r, 1.4, 8, uint64(len(vocab)-1)), vocab: vocab}
}

func (g *generator) intn(lo, hi int) int { return lo + g.r.IntN(hi-lo+1) } // lo..hi inclusive

func pick[T any](g *generator, xs []T) T { return xs[g.r.IntN(len(xs))] }

// sample returns k distinct indexes of 0..n-1 in drawing order.
func (g *generator) sample(n, k int) []int {
	return g.r.Perm(n)[:min(k, n)]
}

// words draws n words, one in three a function word, the rest Zipf-distributed.
func (g *generator) words(n int) (fr, en string) {
	f, e := make([]string, 0, n), make([]string, 0, n)
	for range n {
		if g.r.IntN(3) == 0 {
			f, e = append(f, pick(g, functionFR)), append(e, pick(g, functionEN))
			continue
		}
		w := g.vocab[g.zipf.Uint64()]
		f, e = append(f, w.fr), append(e, w.en)
	}
	return strings.Join(f, " "), strings.Join(e, " ")
}

// text draws a translatable text of lo..hi words, capitalised when asked.
func (g *generator) text(lo, hi int, capitalise bool) (fr, en string) {
	fr, en = g.words(g.intn(lo, hi))
	if capitalise {
		fr, en = capitaliseFirst(fr), capitaliseFirst(en)
	}
	return fr, en
}

func (g *generator) origin() string {
	if g.r.Float64() < 0.7 {
		return "fr"
	}
	return "en"
}

func capitaliseFirst(s string) string {
	for i, c := range s {
		return string(unicode.ToUpper(c)) + s[i+len(string(c)):]
	}
	return s
}

// quote writes s as a YAML double-quoted scalar (a JSON string is one).
func quote(s string) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// link writes one entry of a record's links: the relationship type, the target's id and
// the link's own fields ("role: …").
func link(rel, to string, fields ...string) string {
	return "  - {rel: " + rel + ", to: " + to + strings.Join(append([]string{""}, fields...), ", ") + "}"
}

func yamlText(orig, fr, en string) string {
	return fmt.Sprintf("{orig: %s, fr: %s, en: %s}", orig, quote(fr), quote(en))
}

// unaccent folds the accented letters the generated names use (only English country
// names and syllable words become ids) to ASCII.
var unaccent = strings.NewReplacer("ü", "u", "é", "e", "è", "e", "ç", "c", "ã", "a", "ô", "o")

// slug turns a name into an id: lower-case ASCII letters and digits, dashes between words.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range unaccent.Replace(s) {
		switch {
		case c > unicode.MaxASCII:
			continue
		case unicode.IsLetter(c) || unicode.IsDigit(c):
			b.WriteRune(unicode.ToLower(c))
			dash = false
		case !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.Trim(b.String(), "-")
}

// kindFile writes the records of one kind as one YAML document.
type kindFile struct {
	f   *os.File
	w   *bufio.Writer
	err error
}

func (g *generator) create(name, kind string) *kindFile {
	f, err := os.Create(filepath.Join(g.dir, name))
	k := &kindFile{f: f, err: err}
	if err != nil {
		return k
	}
	k.w = bufio.NewWriterSize(f, 1<<16)
	fmt.Fprintf(k.w, "# generated by benchpeer generate -practices %d; do not edit\nkind: %s\nsource: %s\nrecords:\n", g.n, kind, dataSource)
	return k
}

func (k *kindFile) record(lines ...string) {
	if k.err != nil {
		return
	}
	_, k.err = k.w.WriteString("  - " + strings.Join(lines, "\n    ") + "\n")
}

func (k *kindFile) close() error {
	if k.err != nil {
		if k.f != nil {
			k.f.Close()
		}
		return k.err
	}
	if err := k.w.Flush(); err != nil {
		k.f.Close()
		return err
	}
	return k.f.Close()
}

// generate writes the data set of n practices into dir and returns its meta data.
//
// Entities scale with n as in the project's own search benchmark: 60 countries, the seed's
// 17 themes, one network, n/50 cities, n/10 organisations, n/20 people and n/20 grants
// (each awarded to 2–4 cities and funding 1–3 practices of those cities).
func generate(n int, dir string) (*Meta, error) {
	if n < 100 {
		return nil, fmt.Errorf("generate: at least 100 practices, got %d", n)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	g := newGenerator(n, dir)
	meta := &Meta{GeneratorVersion: generatorVersion, Practices: n}
	var files []*kindFile
	create := func(name, kind string) *kindFile {
		k := g.create(name, kind)
		files = append(files, k)
		return k
	}

	w := create("00-sources.yaml", "Source")
	w.record("id: "+dataSource, `section: "Title page"`,
		"title: "+yamlText("fr", "Données synthétiques pour mesurer practicegraph", "Synthetic data to measure practicegraph"),
		"publishedOn: 2025-01-01", "language: fr")

	countryIDs := make([]string, len(countries))
	w = create("01-countries.yaml", "Country")
	for i, c := range countries {
		countryIDs[i] = slug(c.en)
		w.record("id: "+countryIDs[i], `section: "Countries"`, "name: "+yamlText("fr", c.fr, c.en), "iso2: "+c.iso2)
	}

	w = create("02-themes.yaml", "Theme")
	for _, t := range principles {
		w.record("id: "+t.id, `section: "Themes"`, "name: "+yamlText("fr", t.fr, t.en), "type: principle")
	}
	for _, t := range policyAreas {
		w.record("id: "+t.id, `section: "Themes"`, "name: "+yamlText("fr", t.fr, t.en), "type: policy-area")
	}

	nCities, nOrgs, nPeople, nGrants := max(10, n/50), max(10, n/10), max(10, n/20), max(10, n/20)

	// City names: unique capitalised syllable words; their ids are their slugs.
	cityNames := make([]string, 0, nCities)
	seen := map[string]bool{}
	for len(cityNames) < nCities {
		var b strings.Builder
		for range g.intn(2, 4) {
			b.WriteString(pick(g, syllables))
		}
		name := capitaliseFirst(b.String())
		if seen[strings.ToLower(name)] {
			continue
		}
		seen[strings.ToLower(name)] = true
		cityNames = append(cityNames, name)
	}
	cityIDs := make([]string, nCities)
	cityCountry := make([]int, nCities)
	for i, name := range cityNames {
		cityIDs[i] = slug(name)
		if i < len(countries) {
			cityCountry[i] = i // every country has a city
		} else {
			cityCountry[i] = g.r.IntN(len(countries))
		}
	}

	orgIDs := make([]string, nOrgs)
	w = create("03-organisations.yaml", "Organisation")
	w.record("id: council-of-europe", `section: "Organisations"`,
		"name: "+yamlText("fr", "Conseil de l'Europe", "Council of Europe"), "acronym: CdE", "type: intergovernmental")
	for i := range nOrgs {
		orgIDs[i] = fmt.Sprintf("org-%05d", i)
		c := g.r.IntN(nCities)
		orig := g.origin()
		fr, en := g.text(2, 5, true)
		dfr, den := g.text(20, 50, false)
		w.record("id: "+orgIDs[i], fmt.Sprintf(`section: "Organisations › %d"`, i/1000),
			"name: "+yamlText(orig, fr+" "+cityNames[c], en+" "+cityNames[c]),
			fmt.Sprintf("acronym: ORG%d", i), "type: "+pick(g, orgTypes),
			"description: "+yamlText(orig, dfr, den),
			"links:", link(graph.RelBasedIn, cityIDs[c]))
	}

	w = create("04-networks.yaml", "Network")
	w.record("id: icc-network", `section: "Networks"`,
		"name: "+yamlText("fr", "Réseau international des Cités interculturelles (ICC)", "International Intercultural Cities (ICC) network"),
		"acronym: ICC", "scope: international", "links:", link(graph.RelHostedBy, "council-of-europe"))

	w = create("05-cities.yaml", "City")
	for i := range nCities {
		orig := g.origin()
		dfr, den := g.text(20, 60, false)
		pop := int(math.Pow(10, 4+2.5*g.r.Float64()))
		band := "large"
		switch {
		case pop < 50000:
			band = "small"
		case pop < 250000:
			band = "medium"
		}
		lines := []string{"id: " + cityIDs[i], fmt.Sprintf(`section: "Cities › %d"`, i/100),
			"name: " + yamlText(orig, cityNames[i], cityNames[i]),
			"description: " + yamlText(orig, dfr, den), fmt.Sprintf("population: %d", pop), "sizeBand: " + band,
			"links:", link(graph.RelInCountry, countryIDs[cityCountry[i]])}
		if g.r.Float64() < 0.8 {
			lines = append(lines, link(graph.RelMemberOf, "icc-network", fmt.Sprintf("since: %d", g.intn(2008, 2024))))
		}
		w.record(lines...)
	}

	personIDs := make([]string, nPeople)
	w = create("06-people.yaml", "Person")
	for i := range nPeople {
		personIDs[i] = fmt.Sprintf("person-%05d", i)
		role := pick(g, personRoles)
		lines := []string{"id: " + personIDs[i], fmt.Sprintf(`section: "People › %d"`, i/1000),
			"name: " + quote(pick(g, firstNames)+" "+pick(g, lastNames)),
			"role: " + yamlText("fr", role.fr, role.en), "links:"}
		if g.r.Float64() < 0.5 {
			lines = append(lines, link(graph.RelWorksForCity, cityIDs[g.r.IntN(nCities)], "role: "+yamlText("fr", role.fr, role.en)))
		} else {
			lines = append(lines, link(graph.RelWorksFor, orgIDs[g.r.IntN(nOrgs)], "role: "+yamlText("fr", role.fr, role.en)))
		}
		w.record(lines...)
	}

	// Who runs each practice, drawn before the grants, which fund practices of their cities.
	practiceCity := make([]int, n)
	byCity := make([][]int, nCities)
	for p := range n {
		practiceCity[p] = g.r.IntN(nCities)
		byCity[practiceCity[p]] = append(byCity[practiceCity[p]], p)
	}

	funded := map[int][]string{}
	w = create("07-grants.yaml", "Grant")
	for i := range nGrants {
		year := g.intn(2010, 2024)
		id := fmt.Sprintf("grant-%d-%05d", year, i)
		cs := g.sample(nCities, g.intn(2, 4))
		names := make([]string, len(cs))
		for j, c := range cs {
			names[j] = cityNames[c]
		}
		last := len(names) - 1
		nfr := fmt.Sprintf("Subvention interurbaine ICC %d n° %d (%s et %s)", year, i, strings.Join(names[:last], ", "), names[last])
		nen := fmt.Sprintf("%d ICC inter-city grant no. %d (%s and %s)", year, i, strings.Join(names[:last], ", "), names[last])
		pfr, pen := g.text(8, 20, false)
		lines := []string{"id: " + id, fmt.Sprintf(`section: "Grants › %d"`, year), "name: " + yamlText("fr", nfr, nen),
			"programme: " + yamlText("fr", "Subventions interurbaines du programme ICC", "ICC programme inter-city grants"),
			fmt.Sprintf("year: %d", year), "purpose: " + yamlText("fr", pfr, pen),
			fmt.Sprintf("amountEUR: %d", g.intn(5, 60)*1000), "links:"}
		for j, c := range cs {
			role := yamlText("fr", "ville partenaire", "partner city")
			if j == 0 {
				role = yamlText("fr", "ville chef de file", "lead city")
			}
			lines = append(lines, link(graph.RelAwardedTo, cityIDs[c], "role: "+role))
		}
		lines = append(lines, link(graph.RelAwardedBy, "council-of-europe"), link(graph.RelPartOfNetwork, "icc-network"))
		w.record(lines...)
		var pool []int
		for _, c := range cs {
			pool = append(pool, byCity[c]...)
		}
		for _, k := range g.sample(len(pool), g.intn(1, 3)) {
			funded[pool[k]] = append(funded[pool[k]], id)
		}
	}

	practiceIDs := make([]string, n)
	namesEN := map[string]bool{}
	w = create("08-practices.yaml", "Practice")
	for i := range n {
		practiceIDs[i] = fmt.Sprintf("practice-%06d", i)
		orig := g.origin()
		var nfr, nen string
		for { // English names are unique, so lists sorted by name have no ties
			nfr, nen = g.text(3, 8, true)
			if !namesEN[nen] {
				namesEN[nen] = true
				break
			}
		}
		sfr, sen := g.text(15, 30, false)
		dfr, den := g.text(60, 150, false)
		lines := []string{"id: " + practiceIDs[i], fmt.Sprintf(`section: "Practices › %d"`, i/1000),
			"name: " + yamlText(orig, nfr, nen), "summary: " + yamlText(orig, sfr, sen),
			"description: " + yamlText(orig, dfr, den)}
		if g.r.Float64() < 0.5 {
			ofr, oen := g.text(15, 40, false)
			lines = append(lines, "objectives: "+yamlText(orig, ofr, oen))
		}
		lines = append(lines, fmt.Sprintf("startYear: %d", g.intn(2005, 2024)), "status: "+pick(g, practiceStatus), "links:",
			link(graph.RelRunBy, cityIDs[practiceCity[i]]))
		for _, o := range g.sample(nOrgs, g.intn(1, 2)) {
			role := pick(g, involvesRoles)
			lines = append(lines, link(graph.RelInvolves, orgIDs[o], "role: "+yamlText("fr", role.fr, role.en)))
		}
		if g.r.Float64() < 0.4 {
			lines = append(lines, link(graph.RelContact, personIDs[g.r.IntN(nPeople)], "role: "+yamlText("fr", "a présenté la pratique", "presented the practice")))
		}
		for _, id := range funded[i] {
			lines = append(lines, link(graph.RelFundedBy, id, "note: "+yamlText("fr", "financement initial", "initial funding")))
		}
		for _, t := range g.sample(len(principles), g.intn(1, 2)) {
			lines = append(lines, link(graph.RelHasTheme, principles[t].id))
		}
		for _, t := range g.sample(len(policyAreas), g.intn(1, 2)) {
			lines = append(lines, link(graph.RelHasTheme, policyAreas[t].id))
		}
		w.record(lines...)
	}

	for _, f := range files {
		if err := f.close(); err != nil {
			return nil, fmt.Errorf("generate: %w", err)
		}
	}

	c := &meta.Counts
	c.Countries, c.Themes, c.Cities, c.Organisations = len(countries), len(principles)+len(policyAreas), nCities, nOrgs+1
	c.People, c.Grants, c.Practices, c.FundedPractices = nPeople, nGrants, n, len(funded)
	var fundedIDs []string
	for p, gs := range funded {
		c.FundedByLinks += len(gs)
		fundedIDs = append(fundedIDs, practiceIDs[p])
	}
	slices.Sort(fundedIDs)
	byID := map[string]bool{}
	for _, k := range g.sample(len(fundedIDs), 100) {
		byID[fundedIDs[k]] = true
	}
	for _, k := range g.sample(n, 100) {
		byID[practiceIDs[k]] = true
	}
	for id := range byID {
		meta.ByIDPractices = append(meta.ByIDPractices, id)
	}
	slices.Sort(meta.ByIDPractices)
	meta.PracticesPerCountry = map[string]int{}
	for _, id := range countryIDs {
		meta.PracticesPerCountry[id] = 0
	}
	for city, ps := range byCity {
		meta.PracticesPerCountry[countryIDs[cityCountry[city]]] += len(ps)
	}
	for _, id := range countryIDs { // the first of the most populous, for a stable choice
		if meta.ListCountry == "" || meta.PracticesPerCountry[id] > meta.PracticesPerCountry[meta.ListCountry] {
			meta.ListCountry = id
		}
	}
	meta.SearchQueries = searchQueries(g.vocab)

	b, err := json.MarshalIndent(meta, "", " ")
	if err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "meta.json"), b, 0o644); err != nil {
		return nil, fmt.Errorf("generate: %w", err)
	}
	return meta, nil
}

// searchQueries are realistic queries: common domain words, rarer generated words, two- and
// three-word queries, in French and English.
func searchQueries(v []wordPair) []SearchQuery {
	d := len(domainWords)
	return []SearchQuery{
		{"intercultural", "EN"}, {"formation", "FR"}, {"diversité", "FR"},
		{"observatory", "EN"}, {"migrant women", "EN"}, {"visite quartier", "FR"},
		{"reconnaissance des femmes migrantes", "FR"}, {"housing refugees", "EN"},
		{"bibliothèque école", "FR"}, {"mentoring youth", "EN"},
		{v[d+151].en, "EN"}, {v[d+403].fr, "FR"}, {v[d+1207].en, "EN"},
		{v[d+2505].fr, "FR"}, {v[d+3899].en, "EN"},
		{"intercultural " + v[d+302].en, "EN"}, {v[d+61].fr + " " + v[d+904].fr, "FR"},
		{"théâtre festival", "FR"}, {"anti-rumours training", "EN"},
		{"médiation santé police", "FR"},
	}
}

// readMeta reads the meta.json of a generated data set.
func readMeta(dir string) (*Meta, error) {
	b, err := os.ReadFile(filepath.Join(dir, "meta.json"))
	if err != nil {
		return nil, fmt.Errorf("read meta: %w", err)
	}
	var m Meta
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("read meta %s: %w", dir, err)
	}
	return &m, nil
}

func cmdGenerate(args []string) error {
	fs := flag.NewFlagSet("generate", flag.ExitOnError)
	n := fs.Int("practices", 10000, "number of practices (cities, organisations, people and grants scale with it)")
	out := fs.String("out", "", "folder to write the YAML files and meta.json into")
	fs.Parse(args)
	if *out == "" {
		return fmt.Errorf("generate: -out is required")
	}
	m, err := generate(*n, *out)
	if err != nil {
		return err
	}
	fmt.Printf("generated %d practices, %d cities, %d organisations, %d people, %d grants (%d funded practices) in %s\n",
		m.Counts.Practices, m.Counts.Cities, m.Counts.Organisations, m.Counts.People, m.Counts.Grants, m.Counts.FundedPractices, *out)
	return nil
}
