package seed_test

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/seed"
)

// Sections of the report the facts below come from, as its headings read.
const (
	secNewMembers   = "Aperçu de 2023 › Nouveaux membres"
	secIndex        = "Aperçu de 2023 › Index et visites"
	secTranslations = "Annexe III – publications et traductions 2023 › Traductions de 2023"
	secPublications = "Annexe III – publications et traductions 2023 › Publications de 2023"
	secCapacity     = "Aperçu de 2023 › Renforcement des capacités"
	secADIINT       = "Aperçu de 2023 › Comité d'experts sur l'intégration interculturelle des migrants (ADI-INT)"
	secCooperation  = "Aperçu de 2023 › Coopération avec d'autres organisations internationales"
	secEvaluation   = "Aperçu de 2023 › Évaluation de l'ICC et réponse de la direction"
	secAdvisory     = "Compte rendu de la 2^e réunion du Groupe consultatif du Programme ICC"
	secOutlook      = "Perspectives pour 2024 et 2025"
	secOpening      = "14 novembre 2023 – Partie I › Ouverture de la réunion et mots de bienvenue"
	secVisit        = "14 novembre 2023 – Partie 2 › Visite des quartiers de San Francisco, Bilbao La Vieja et Zabala avec le projet DIVERSITOURS"
	secDebriefing   = "15 novembre 2023 – Partie 3 › Débriefing suite aux visites avec Diversitours"
	secMigrantWomen = "15 novembre 2023 – Partie 3 › Présentation par Bilbao du projet « La reconnaissance des femmes migrantes et le Conseil local de l'immigration »"
	secIkuspegi     = "15 novembre 2023 – Partie 3 › L'Observatoire basque de l'immigration (IKUSPEGI)"
	secTraining     = "15 novembre 2023 – Partie 3 › Formation à la compétence interculturelle"
	secAgenda       = "Annexe I – Ordre du jour de la réunion"
	secParticipants = "Annexe II – Liste des participant·e·s"
	secTitlePage    = "Page de titre"
)

// reportFact is one fact of the seed report, checked against the graph in Neo4j.
type reportFact struct {
	question string // the fact, as a coordinator would ask it
	section  string // where the report states it
	got      func(r reader) any
	want     any // taken from the report's text, not from seed/data
}

// The expected answers below are read off seed/sources/icc-coordinators-meeting-2023.fr.txt;
// ids are only used to find the node a question starts from.
var reportFacts = []reportFact{
	// --- the network and its new members ---------------------------------
	{
		question: "Which six cities joined the ICC network in 2023, and in which countries?",
		section:  secNewMembers,
		got: func(r reader) any {
			out := map[string]string{}
			for _, e := range r.edges(ref(graph.KindNetwork, "icc-network"), graph.RelMemberOf, graph.In, graph.KindCity) {
				if intOf(e.Link.Props, "since") == 2023 {
					out[knownAs(e.Node, "Torremolinos", "Getafe", "Zagarolo", "Paranhos", "Riga", "Guadalupe")] = r.countryOf(e.Node)
				}
			}
			return out
		},
		want: map[string]string{"Torremolinos": "Espagne", "Getafe": "Espagne", "Zagarolo": "Italie", "Paranhos": "Portugal", "Riga": "Lettonie", "Guadalupe": "Mexique"},
	},
	{
		question: "How many cities did the ICC network count, and on which date?",
		section:  secNewMembers + " (and footnote 1: figures of 15 November 2023)",
		got: func(r reader) any {
			n := r.node(graph.KindNetwork, "icc-network")
			return fmt.Sprintf("%d on %s", intOf(n.Props, "memberCount"), n.String("memberCountOn"))
		},
		want: "162 on 2023-11-15",
	},

	// --- Diversitours and its grant ---------------------------------------
	{
		question: "From which year is the inter-city grant that first funded Diversitours?",
		section:  secVisit,
		got: func(r reader) any {
			var years []int
			for _, g := range r.linked(ref(graph.KindPractice, "diversitours"), graph.RelFundedBy, graph.Out, graph.KindGrant) {
				years = append(years, intOf(g.Props, "year"))
			}
			return years
		},
		want: []int{2021},
	},
	{
		question: "Which cities shared the 2021 inter-city grant that funded Diversitours?",
		section:  secVisit,
		got: func(r reader) any {
			var cities []graph.Node
			for _, g := range r.linked(ref(graph.KindPractice, "diversitours"), graph.RelFundedBy, graph.Out, graph.KindGrant) {
				cities = append(cities, r.linked(g.Ref(), graph.RelAwardedTo, graph.Out, graph.KindCity)...)
			}
			return namesAs(cities, "Bilbao", "Valence")
		},
		want: []string{"Bilbao", "Valence"},
	},
	{
		question: "Which network's programme gave that grant?",
		section:  secVisit,
		got: func(r reader) any {
			var nets []graph.Node
			for _, g := range r.linked(ref(graph.KindPractice, "diversitours"), graph.RelFundedBy, graph.Out, graph.KindGrant) {
				nets = append(nets, r.linked(g.Ref(), graph.RelPartOfNetwork, graph.Out, graph.KindNetwork)...)
			}
			return namesAs(nets, "ICC")
		},
		want: []string{"ICC"},
	},
	{
		question: "Which city runs Diversitours?",
		section:  secVisit,
		got: func(r reader) any {
			return namesAs(r.linked(ref(graph.KindPractice, "diversitours"), graph.RelRunBy, graph.Out, graph.KindCity), "Bilbao")
		},
		want: []string{"Bilbao"},
	},
	{
		question: "Which organisations does Diversitours bring together?",
		section:  secVisit,
		got: func(r reader) any {
			return namesAs(r.linked(ref(graph.KindPractice, "diversitours"), graph.RelInvolves, graph.Out, graph.KindOrganisation), "mairie de Bilbao", "KOOPS SF 34")
		},
		want: []string{"KOOPS SF 34", "mairie de Bilbao"},
	},
	{
		question: "Who presented Diversitours at the debriefing?",
		section:  secDebriefing,
		got: func(r reader) any {
			return namesAs(r.linked(ref(graph.KindPractice, "diversitours"), graph.RelContact, graph.Out, graph.KindPerson), "Ekain Larrinaga", "Georges Belinga")
		},
		want: []string{"Ekain Larrinaga", "Georges Belinga"},
	},
	{
		question: "Who directs KOOPS SF 34?",
		section:  secAgenda + " › 15 novembre - Partie 3",
		got: func(r reader) any {
			var out []string
			for _, e := range r.edges(ref(graph.KindOrganisation, "koops-sf-34"), graph.RelWorksFor, graph.In, graph.KindPerson) {
				if strings.Contains(e.Link.Texts["role"].Values["fr"], "Directeur") {
					out = append(out, knownAs(e.Node, "Georges Belinga"))
				}
			}
			return out
		},
		want: []string{"Georges Belinga"},
	},
	{
		question: "Which sessions featured Diversitours?",
		section:  secAgenda,
		got: func(r reader) any {
			return namesAs(r.linked(ref(graph.KindPractice, "diversitours"), graph.RelFeatured, graph.In, graph.KindEvent),
				"Visite des quartiers de San Francisco, Bilbao La Vieja et Zabala avec le projet DIVERSITOURS", "Débriefing des visites à Bilbao")
		},
		want: []string{"Débriefing des visites à Bilbao", "Visite des quartiers de San Francisco, Bilbao La Vieja et Zabala avec le projet DIVERSITOURS"},
	},
	{
		question: "When was the Diversitours visit?",
		section:  secAgenda + " › 14 novembre 2023 - Partie 2",
		got: func(r reader) any {
			n := r.node(graph.KindEvent, "meeting-2023-diversitours-visit")
			return fmt.Sprintf("%s %s–%s", n.String("startDate"), n.String("startTime"), n.String("endTime"))
		},
		want: "2023-11-14 14:30–16:30",
	},
	{
		question: "How many strengths, weaknesses, improvements, feasibility remarks, obstacles and adaptations did the groups name for Diversitours?",
		section:  secDebriefing,
		got: func(r reader) any {
			out := map[string]int{}
			for _, a := range r.linked(ref(graph.KindPractice, "diversitours"), graph.RelAssesses, graph.In, graph.KindAssessment) {
				out[a.String("kind")]++
			}
			return out
		},
		want: map[string]int{"strength": 7, "weakness": 12, "improvement": 9, "feasibility": 3, "obstacle": 7, "adaptation": 5},
	},
	{
		// The text extraction split this bullet in two; the report means one weakness.
		question: "Is the weakness about the choice of timing one statement?",
		section:  secDebriefing,
		got: func(r reader) any {
			var out []string
			for _, a := range r.linked(ref(graph.KindPractice, "diversitours"), graph.RelAssesses, graph.In, graph.KindAssessment) {
				s := a.Text("statement").Values["fr"]
				if strings.HasPrefix(s, "Choix des horaires") || strings.HasPrefix(s, "commerces") {
					out = append(out, s)
				}
			}
			return out
		},
		want: []string{"Choix des horaires: la visite est généralement organisée quand les commerces et les sites religieux (comme la mosquée) sont fermés"},
	},
	{
		question: "Which obstacles to transposing Diversitours concern a city size, and which size?",
		section:  secDebriefing,
		got: func(r reader) any {
			out := map[string]string{}
			for _, a := range r.linked(ref(graph.KindPractice, "diversitours"), graph.RelAssesses, graph.In, graph.KindAssessment) {
				if band := a.String("appliesToSizeBand"); band != "" {
					out[a.String("kind")+": "+a.Text("statement").Values["fr"]] = band
				}
			}
			return out
		},
		want: map[string]string{
			"obstacle: Les petites villes craignent que leur taille et le manque de quartiers différents feraient perdre son attrait à une telle visite":                                  "small",
			"obstacle: En revanche, les grandes villes estiment que le projet est difficile à mettre en œuvre parce que les quartiers où cohabitent diverses ethnies sont loin du centre": "large",
		},
	},
	{
		question: "At which session was Diversitours assessed?",
		section:  secDebriefing,
		got: func(r reader) any {
			seen := map[string]bool{}
			for _, a := range r.linked(ref(graph.KindPractice, "diversitours"), graph.RelAssesses, graph.In, graph.KindAssessment) {
				for _, ev := range r.linked(a.Ref(), graph.RelMadeAt, graph.Out, graph.KindEvent) {
					seen[ev.Label("fr")] = true
				}
			}
			return keys(seen)
		},
		want: []string{"Débriefing des visites à Bilbao"},
	},
	{
		question: "Where is the methodological guide for intercultural routes describing Diversitours?",
		section:  secVisit,
		got: func(r reader) any {
			var out []string
			for _, p := range r.linked(ref(graph.KindPractice, "diversitours"), graph.RelDocumentedIn, graph.Out, graph.KindPublication) {
				for _, o := range r.linked(p.Ref(), graph.RelPublishedBy, graph.Out, graph.KindOrganisation) {
					out = append(out, p.Label("fr")+" – "+knownAs(o, "Unité ICC"))
				}
			}
			return out
		},
		want: []string{"Guide méthodologique pour la conception des itinéraires interculturels – Unité ICC"},
	},

	// --- Ikuspegi and the barometer ----------------------------------------
	{
		question: "Who directs Ikuspegi?",
		section:  secIkuspegi + " (and " + secParticipants + " › EXPERT·E·S)",
		got: func(r reader) any {
			var out []string
			for _, e := range r.edges(ref(graph.KindOrganisation, "ikuspegi"), graph.RelWorksFor, graph.In, graph.KindPerson) {
				if strings.Contains(e.Link.Texts["role"].Values["fr"], "Directrice") {
					out = append(out, knownAs(e.Node, "Julia Shershneva"))
				}
			}
			return out
		},
		want: []string{"Julia Shershneva"},
	},
	{
		question: "When was Ikuspegi founded?",
		section:  secIkuspegi,
		got:      func(r reader) any { return intOf(r.node(graph.KindOrganisation, "ikuspegi").Props, "founded") },
		want:     2004,
	},
	{
		question: "Since when has Ikuspegi cooperated with Bilbao?",
		section:  secIkuspegi,
		got: func(r reader) any {
			out := map[string]int{}
			for _, e := range r.edges(ref(graph.KindOrganisation, "ikuspegi"), graph.RelPartnerOf, graph.Out, graph.KindOrganisation) {
				if since := intOf(e.Link.Props, "since"); since != 0 {
					out[knownAs(e.Node, "ville de Bilbao")] = since
				}
			}
			return out
		},
		want: map[string]int{"ville de Bilbao": 2003},
	},
	{
		question: "With which bodies is Ikuspegi associated?",
		section:  secIkuspegi,
		got: func(r reader) any {
			return namesAs(r.linked(ref(graph.KindOrganisation, "ikuspegi"), graph.RelPartnerOf, graph.Out, graph.KindOrganisation),
				"gouvernement basque", "Université du Pays basque", "faculté de sociologie et de l'action sociale", "ville de Bilbao")
		},
		want: []string{"Université du Pays basque", "faculté de sociologie et de l'action sociale", "gouvernement basque", "ville de Bilbao"},
	},
	{
		question: "Since when, and how often, is the barometer of the perception of immigration in Bilbao published?",
		section:  secIkuspegi,
		got: func(r reader) any {
			n := r.node(graph.KindPractice, "bilbao-immigration-perception-barometer")
			return fmt.Sprintf("since %d, %s", intOf(n.Props, "startYear"), n.Text("period").Values["fr"])
		},
		want: "since 2005, tous les 2 à 4 ans depuis 2005",
	},
	{
		question: "Which observatory is behind the barometer?",
		section:  secIkuspegi,
		got: func(r reader) any {
			return namesAs(r.linked(ref(graph.KindPractice, "bilbao-immigration-perception-barometer"), graph.RelInvolves, graph.Out, graph.KindOrganisation), "IKUSPEGI")
		},
		want: []string{"IKUSPEGI"},
	},

	// --- Bilbao -------------------------------------------------------------
	{
		question: "Since when has Bilbao taken part in the Spanish network of intercultural cities?",
		section:  secOpening,
		got: func(r reader) any {
			out := map[string]int{}
			for _, e := range r.edges(ref(graph.KindCity, "bilbao"), graph.RelMemberOf, graph.Out, graph.KindNetwork) {
				if e.Node.String("scope") == "national" {
					out[r.countryOf(e.Node)] = intOf(e.Link.Props, "since")
				}
			}
			return out
		},
		want: map[string]int{"Espagne": 2011},
	},
	{
		question: "Who is Kontxi Claver, under every spelling the report uses?",
		section:  secOpening + " (and " + secAgenda + ")",
		got: func(r reader) any {
			n := r.node(graph.KindPerson, "kontxi-claver-zurro")
			return append([]string{n.String("name")}, n.Strings("aliases")...)
		},
		want: []string{"Kontxi Claver", "Kontxi Claver Zurro"},
	},
	{
		question: "Which city does Kontxi Claver serve, and as what?",
		section:  secOpening,
		got: func(r reader) any {
			var out []string
			for _, e := range r.edges(ref(graph.KindPerson, "kontxi-claver-zurro"), graph.RelWorksForCity, graph.Out, graph.KindCity) {
				out = append(out, e.Node.Label("fr")+": "+e.Link.Texts["role"].Values["fr"])
			}
			return out
		},
		want: []string{"Bilbao: conseillère municipale chargée de l'égalité, du vivre ensemble, de la coopération et de l'immigration"},
	},
	{
		question: "What is Thorsten Afflerbach's division, and of which organisation?",
		section:  secOpening,
		got: func(r reader) any {
			var out []string
			for _, d := range r.linked(ref(graph.KindPerson, "thorsten-afflerbach"), graph.RelWorksFor, graph.Out, graph.KindOrganisation) {
				for _, o := range r.linked(d.Ref(), graph.RelPartOf, graph.Out, graph.KindOrganisation) {
					out = append(out, d.Label("fr")+", "+o.Label("fr"))
				}
			}
			return out
		},
		want: []string{"Division des Programmes sur l'inclusion et l'anti-discrimination, Conseil de l'Europe"},
	},
	{
		question: "What will the migrant women's network approved in Bilbao's 2024 participatory budget be, and from when?",
		section:  secMigrantWomen,
		got: func(r reader) any {
			n := r.node(graph.KindPractice, "bilbao-migrant-women-network")
			return fmt.Sprintf("from %d, %s", intOf(n.Props, "startYear"), n.String("status"))
		},
		want: "from 2024, planned",
	},
	{
		question: "Which body proposed the migrant women's network to the participatory budget?",
		section:  secMigrantWomen,
		got: func(r reader) any {
			return namesAs(r.linked(ref(graph.KindPractice, "bilbao-migrant-women-network"), graph.RelInvolves, graph.Out, graph.KindOrganisation), "Conseil local de l'immigration")
		},
		want: []string{"Conseil local de l'immigration"},
	},
	{
		question: "Which of Bilbao's schemes approved the migrant women's network?",
		section:  secMigrantWomen,
		got: func(r reader) any {
			return namesAs(r.linked(ref(graph.KindPractice, "bilbao-migrant-women-network"), graph.RelRelatedTo, graph.In, graph.KindPractice), "budget participatif")
		},
		want: []string{"Budget participatif de Bilbao"},
	},
	{
		question: "Who presented the annual recognition of migrant women?",
		section:  secMigrantWomen,
		got: func(r reader) any {
			return namesAs(r.linked(ref(graph.KindPractice, "annual-recognition-of-migrant-women"), graph.RelContact, graph.Out, graph.KindPerson), "Claudia Emmanuel Laredo")
		},
		want: []string{"Claudia Emmanuel Laredo"},
	},

	// --- publications and translations -------------------------------------
	{
		question: "Which Polish translations appeared in 2023?",
		section:  secTranslations + " › Polonais",
		got: func(r reader) any {
			var out []string
			for _, p := range r.all(graph.KindPublication) {
				if reflect.DeepEqual(p.Strings("languages"), []string{"pl"}) && intOf(p.Props, "year") == 2023 {
					out = append(out, p.Text("title").Original())
				}
			}
			return out
		},
		want: []string{
			"Identyfikowanie dyskryminacji systemowej na poziomie lokalnym i zapobieganie jej - Analiza październik (2020)",
			"STRATEGIE INTEGRACJI MIĘDZYKULTUROWEJ: ZARZĄDZANIE RÓŻNORODNOŚCIĄ JAKO SZANSA",
			"Siła dialogu Zestaw narzędzi do prowadzenia dialogu przeciw plotkom",
			"MIGRACJA I INTEGRACJA Które alternatywne narracje działają i dlaczego",
			"WŁĄCZAJĄCA KOMUNIKACJA",
			"Identyfikowanie dyskryminacji systemowej na poziomie lokalnym i zapobieganie jej",
		},
	},
	{
		question: "Which French translations appeared in 2023?",
		section:  secTranslations + " › Français",
		got: func(r reader) any {
			var out []string
			for _, p := range r.all(graph.KindPublication) {
				if p.Provenance.Section == secTranslations+" › Français" && intOf(p.Props, "year") == 2023 &&
					reflect.DeepEqual(p.Strings("languages"), []string{"fr"}) {
					out = append(out, p.Text("title").Values["fr"])
				}
			}
			return out
		},
		want: []string{
			"Solutions de logement durables et à long terme pour la Cité interculturelle - Note d'orientation",
			"Accueil des femmes et des enfants réfugiés dans les villes et régions d'Europe",
			"Repenser les politiques d'accueil dans une perspective interculturelle - Note d'orientation",
			"Note d'orientation - Migration et intégration - Quels récits alternatifs fonctionnent et pourquoi ?",
			"Communication inclusive - Note d'orientation",
		},
	},
	{
		question: "Into which languages was the model framework for a national intercultural integration strategy translated in 2023?",
		section:  secTranslations + " › Italien, Ukrainien",
		got: func(r reader) any {
			return translations(r, "model-framework-national-intercultural-integration-strategy")
		},
		want: map[string]string{
			"it": "Modello di quadro per una strategia di integrazione interculturale",
			"uk": "МОДЕЛЬНА ОСНОВА СТРАТЕГІЇ МІЖКУЛЬТУРНОЇ ІНТЕГРАЦІЇ НА НАЦІОНАЛЬНОМУ РІВНІ",
		},
	},
	{
		question: "Into which languages was Recommendation CM/Rec(2022)10 translated in 2023?",
		section:  secTranslations + " › Japonais, Espagnol",
		got: func(r reader) any {
			return translations(r, "recommendation-cm-rec-2022-10")
		},
		want: map[string]string{
			"ja": "インターカルチュラルな統合のための多元的な政策とガバナンスに関する加盟国閣僚委員会の勧告（CM/Rec(2022)10）",
			"es": "Recomendación del Comité de Ministros a los Estados miembros sobre políticas multinivel y gobernanza para la integración intercultural",
		},
	},
	{
		question: "Who adopted the manual on designing intercultural competence training, and when?",
		section:  secTraining,
		got:      func(r reader) any { return adoptions(r, "manual-intercultural-competence-training") },
		want:     map[string]string{"CDADI": "2022-11"},
	},
	{
		question: "Which recommendation is the manual on intercultural competence training a tool for?",
		section:  secTraining,
		got: func(r reader) any {
			return namesAs(r.linked(ref(graph.KindPublication, "manual-intercultural-competence-training"), graph.RelSupports, graph.Out, graph.KindPublication),
				"Recommandation CM/Rec(2022)10 sur des politiques et une gouvernance multiniveaux pour l'intégration interculturelle")
		},
		want: []string{"Recommandation CM/Rec(2022)10 sur des politiques et une gouvernance multiniveaux pour l'intégration interculturelle"},
	},
	{
		question: "Who adopted the model framework for a national intercultural integration strategy, and when?",
		section:  secTraining,
		got:      func(r reader) any { return adoptions(r, "model-framework-national-intercultural-integration-strategy") },
		want:     map[string]string{"CDADI": "2021-06"},
	},
	{
		question: "Which two manuals did ADI-INT produce?",
		section:  secPublications + " › Manuels du comité ADI-INT",
		got: func(r reader) any {
			var out []string
			for _, p := range r.linked(ref(graph.KindOrganisation, "adi-int"), graph.RelPublishedBy, graph.In, graph.KindPublication) {
				if p.String("type") == "manual" {
					out = append(out, p.Text("title").Values["fr"])
				}
			}
			return out
		},
		want: []string{
			"Manuel sur la conception de formations à la compétence interculturelle",
			"Manuel de formation sur l'analyse et la collecte de données sur l'égalité et prévention de la discrimination systémique",
		},
	},
	{
		question: "Which steering committee does ADI-INT work for?",
		section:  secADIINT,
		got: func(r reader) any {
			return namesAs(r.linked(ref(graph.KindOrganisation, "adi-int"), graph.RelReportsTo, graph.Out, graph.KindOrganisation), "CDADI")
		},
		want: []string{"CDADI"},
	},
	{
		question: "Is ADI-INT also known by its name since 1 January 2024?",
		section:  secOutlook,
		got: func(r reader) any {
			return knownAs(r.node(graph.KindOrganisation, "adi-int"), "Comité d'experts sur l'inclusion interculturelle")
		},
		want: "Comité d'experts sur l'inclusion interculturelle",
	},
	{
		question: "Which joint EU/CoE publications on Cyprus are in English only?",
		section:  secPublications + " › Projets conjoints UE-CdE",
		got: func(r reader) any {
			var out []string
			for _, p := range r.linked(ref(graph.KindProject, "cyprus-intercultural-integration"), graph.RelFromProject, graph.In, graph.KindPublication) {
				if reflect.DeepEqual(p.Strings("languages"), []string{"en"}) {
					out = append(out, p.Text("title").Values["en"])
				}
			}
			return out
		},
		want: []string{
			"Blueprint for multilevel governance of intercultural integration policies in Cyprus",
			"Handbook for employers in Cyprus on the employment of refugees and asylum seekers",
			"Handbook for refugees and asylum seekers on working in Cyprus",
			"Short guide to working in Cyprus for refugees and asylum seekers",
		},
	},
	{
		question: "In which languages is the report on integration policies in Finland?",
		section:  secPublications + " › Projets conjoints UE-CdE",
		got: func(r reader) any {
			out := map[string][]string{}
			for _, p := range r.linked(ref(graph.KindProject, "finland-inclusive-integration"), graph.RelFromProject, graph.In, graph.KindPublication) {
				out[p.Text("title").Values["en"]] = p.Strings("languages")
			}
			return out
		},
		want: map[string][]string{"Report on integration policies in Finland": {"fi", "en"}},
	},

	// --- joint projects and cooperation --------------------------------------
	{
		question: "Which cities take part in the Finnish joint project?",
		section:  secIndex,
		got: func(r reader) any {
			return namesAs(r.linked(ref(graph.KindProject, "finland-inclusive-integration"), graph.RelInvolvesCity, graph.Out, graph.KindCity),
				"Vaasa", "Tampere", "Turku", "Kuopio", "Hameenlinna")
		},
		want: []string{"Hameenlinna", "Kuopio", "Tampere", "Turku", "Vaasa"},
	},
	{
		question: "Where do the Index reports of the Finnish project's cities stand?",
		section:  secIndex,
		got: func(r reader) any {
			out := map[string]string{}
			for _, ir := range r.linked(ref(graph.KindProject, "finland-inclusive-integration"), graph.RelPartOfProject, graph.In, graph.KindIndexReport) {
				for _, c := range r.linked(ir.Ref(), graph.RelAbout, graph.Out, graph.KindCity) {
					out[knownAs(c, "Vaasa", "Tampere", "Turku", "Kuopio", "Hameenlinna")] = ir.String("status")
				}
			}
			return out
		},
		want: map[string]string{"Vaasa": "in-preparation", "Tampere": "in-preparation", "Turku": "in-preparation", "Kuopio": "in-preparation", "Hameenlinna": "in-preparation"},
	},
	{
		question: "With whom did the Council of Europe launch the Academy for Polish cities?",
		section:  secCooperation,
		got: func(r reader) any {
			return namesAs(r.linked(ref(graph.KindProject, "academy-integration-polish-cities"), graph.RelPartner, graph.Out, graph.KindOrganisation),
				"Conseil de l'Europe", "BIDDH", "HCR", "OCDE", "Union des métropoles polonaises")
		},
		want: []string{"BIDDH", "Conseil de l'Europe", "HCR", "OCDE", "Union des métropoles polonaises"},
	},
	{
		question: "Which city organised the Academy's ICC training, and who attended it?",
		section:  secCooperation,
		got: func(r reader) any {
			var out []string
			for _, ev := range r.linked(ref(graph.KindProject, "academy-integration-polish-cities"), graph.RelPartOfProject, graph.In, graph.KindEvent) {
				for _, c := range r.linked(ev.Ref(), graph.RelOrganisedByCity, graph.Out, graph.KindCity) {
					out = append(out, c.Label("fr")+": "+ev.Text("attendance").Values["fr"])
				}
			}
			return out
		},
		want: []string{"Lublin: participants de 10 villes"},
	},
	{
		question: "When and where was UNHCR's Global Refugee Forum?",
		section:  secCooperation,
		got: func(r reader) any {
			n := r.node(graph.KindEvent, "global-refugee-forum-2023")
			return fmt.Sprintf("%s..%s in %v held by %v", n.String("startDate"), n.String("endDate"),
				namesAs(r.linked(n.Ref(), graph.RelHeldIn, graph.Out, graph.KindCity), "Genève"),
				namesAs(r.linked(n.Ref(), graph.RelHeldBy, graph.Out, graph.KindOrganisation), "HCR"))
		},
		want: "2023-12-13..2023-12-15 in [Genève] held by [HCR]",
	},
	{
		question: "Which commitment did the ICC Unit submit to the Global Refugee Forum?",
		section:  secCooperation,
		got: func(r reader) any {
			out := map[string][]string{}
			for _, p := range r.linked(ref(graph.KindEvent, "global-refugee-forum-2023"), graph.RelDiscussed, graph.Out, graph.KindPublication) {
				out[p.Text("title").Values["fr"]] = namesAs(r.linked(p.Ref(), graph.RelPublishedBy, graph.Out, graph.KindOrganisation), "Unité ICC")
			}
			return out
		},
		want: map[string][]string{"Action locale et solidarité dans les villes secondaires & les collectivités locales et régionales": {"Unité ICC"}},
	},
	{
		question: "Where did the Cypriot mayors' intercultural study visit go?",
		section:  secCapacity,
		got: func(r reader) any {
			return namesAs(r.linked(ref(graph.KindEvent, "cypriot-mayors-study-visit-2023"), graph.RelHeldIn, graph.Out, graph.KindCity), "Barcelone", "Santa Coloma de Gramenet")
		},
		want: []string{"Barcelone", "Santa Coloma de Gramenet"},
	},
	{
		question: "How many people did the in-person trainings and the City Talks webinars reach?",
		section:  secCapacity,
		got: func(r reader) any {
			return map[string]string{
				"trainings":  r.node(graph.KindEvent, "icc-in-person-trainings-2023").Text("attendance").Values["fr"],
				"city talks": r.node(graph.KindEvent, "city-talks-webinars-2023").Text("attendance").Values["fr"],
			}
		},
		want: map[string]string{"trainings": "environ 45 personnes au total", "city talks": "plus de 170 personnes lors de la phase d'inscription"},
	},

	// --- Index reports and profiles -----------------------------------------
	{
		question: "Where do the Index reports of Valencia, Botkyrka, Riga and Reggio Emilia stand?",
		section:  secIndex,
		got: func(r reader) any {
			out := map[string]string{}
			for _, id := range []string{"valencia", "botkyrka", "riga", "reggio-emilia"} {
				c := r.node(graph.KindCity, id)
				for _, ir := range r.linked(c.Ref(), graph.RelAbout, graph.In, graph.KindIndexReport) {
					if ir.String("type") == "index-report" {
						out[knownAs(c, "Valence", "Botkyrka", "Riga", "Reggio Emilia")] = ir.String("status")
					}
				}
			}
			return out
		},
		want: map[string]string{"Valence": "published", "Botkyrka": "published", "Riga": "in-preparation", "Reggio Emilia": "data-submitted"},
	},
	{
		question: "Which cities got an intercultural profile after an expert mission in 2023?",
		section:  secIndex,
		got: func(r reader) any {
			out := map[string]string{}
			for _, ir := range r.all(graph.KindIndexReport) {
				if ir.String("type") != "intercultural-profile" {
					continue
				}
				for _, c := range r.linked(ir.Ref(), graph.RelAbout, graph.Out, graph.KindCity) {
					missions := r.linked(ir.Ref(), graph.RelFollows, graph.Out, graph.KindEvent)
					out[knownAs(c, "Jonava", "Sherbrooke")] = fmt.Sprintf("%s after %d mission(s)", ir.String("status"), len(missions))
				}
			}
			return out
		},
		want: map[string]string{"Jonava": "published after 1 mission(s)", "Sherbrooke": "published after 1 mission(s)"},
	},

	// --- the Advisory Group and the outlook -----------------------------------
	{
		question: "When and where did the ICC Advisory Group meet?",
		section:  secEvaluation,
		got: func(r reader) any {
			out := map[string][]string{}
			for _, ev := range r.linked(ref(graph.KindOrganisation, "icc-advisory-group"), graph.RelHeldBy, graph.In, graph.KindEvent) {
				when := ev.String("startDate")
				if end := ev.String("endDate"); end != "" {
					when += ".." + end
				}
				out[when] = namesAs(r.linked(ev.Ref(), graph.RelHeldIn, graph.Out, graph.KindCity), "Strasbourg", "Bilbao")
			}
			return out
		},
		want: map[string][]string{"2023-07-04..2023-07-05": {"Strasbourg"}, "2023-11-13": {"Bilbao"}},
	},
	{
		question: "Which member of the Advisory Group reported on its work?",
		section:  secAdvisory,
		got: func(r reader) any {
			return namesAs(r.linked(ref(graph.KindOrganisation, "icc-advisory-group"), graph.RelMemberOf, graph.In, graph.KindPerson), "Gemma Pinyol-Jiménez")
		},
		want: []string{"Gemma Pinyol-Jiménez"},
	},
	{
		question: "When was the survey on 2024-2025 priorities sent, and by when were answers due?",
		section:  secOutlook,
		got: func(r reader) any {
			n := r.node(graph.KindEvent, "priorities-survey-2024-2025")
			return n.String("startDate") + ".." + n.String("endDate")
		},
		want: "2023-09-11..2023-10-08",
	},

	// --- the meeting ------------------------------------------------------------
	{
		question: "When was the 2023 coordinators' meeting?",
		section:  secTitlePage,
		got: func(r reader) any {
			n := r.node(graph.KindEvent, "icc-annual-meeting-2023")
			return n.String("startDate") + ".." + n.String("endDate")
		},
		want: "2023-11-14..2023-11-15",
	},
	{
		question: "In which city was the meeting held, and which city hosted it?",
		section:  secTitlePage + " (and Introduction)",
		got: func(r reader) any {
			m := ref(graph.KindEvent, "icc-annual-meeting-2023")
			return map[string][]string{
				"held in":   namesAs(r.linked(m, graph.RelHeldIn, graph.Out, graph.KindCity), "Bilbao"),
				"hosted by": namesAs(r.linked(m, graph.RelHosted, graph.In, graph.KindCity), "Bilbao"),
			}
		},
		want: map[string][]string{"held in": {"Bilbao"}, "hosted by": {"Bilbao"}},
	},
	{
		question: "At which venue was the meeting?",
		section:  secAgenda,
		got: func(r reader) any {
			venue := r.node(graph.KindEvent, "icc-annual-meeting-2023").Text("venue").Values["fr"]
			var out []string
			for _, line := range []string{"Bizkaia Aretoa-UPV/EHU", "Abandoibarra Etorb., 3, 48009 Bilbao, Bizkaia", "Salle Oteiza, Université du Pays basque, Bilbao, Espagne"} {
				if strings.Contains(venue, line) {
					out = append(out, line)
				}
			}
			return out
		},
		want: []string{"Bizkaia Aretoa-UPV/EHU", "Abandoibarra Etorb., 3, 48009 Bilbao, Bizkaia", "Salle Oteiza, Université du Pays basque, Bilbao, Espagne"},
	},
	{
		question: "What were the meeting's working languages?",
		section:  secAgenda,
		got: func(r reader) any {
			return r.node(graph.KindEvent, "icc-annual-meeting-2023").Strings("languages")
		},
		want: []string{"en", "fr"},
	},
	{
		question: "Who opened the meeting with words of welcome?",
		section:  secAgenda + " › 14 novembre 2023 - Partie 1",
		got: func(r reader) any {
			return people(r, "meeting-2023-opening", "speaker", "Kontxi Claver Zurro", "Thorsten Afflerbach")
		},
		want: []string{"Kontxi Claver Zurro", "Thorsten Afflerbach"},
	},
	{
		question: "Who moderated the review of the past year?",
		section:  secAgenda + " › 14 novembre 2023 - Partie 1",
		got: func(r reader) any {
			return people(r, "meeting-2023-review-of-the-year", "moderator", "Thorsten Afflerbach", "Giulia Bianchini")
		},
		want: []string{"Giulia Bianchini", "Thorsten Afflerbach"},
	},
	{
		question: "Who moderated the future perspectives session?",
		section:  secAgenda + " › 14 novembre 2023 - Partie 1",
		got: func(r reader) any {
			return people(r, "meeting-2023-future-perspectives", "moderator", "Thorsten Afflerbach", "Giulia Bianchini")
		},
		want: []string{"Giulia Bianchini", "Thorsten Afflerbach"},
	},
	{
		question: "Who moderated the report on the Advisory Group's meeting?",
		section:  secAgenda + " › 14 novembre 2023 - Partie 1",
		got: func(r reader) any {
			return people(r, "meeting-2023-advisory-group-report", "moderator", "Gemma Pinyol-Jiménez")
		},
		want: []string{"Gemma Pinyol-Jiménez"},
	},
	{
		question: "Who moderated the debriefing of the visits?",
		section:  secAgenda + " › 15 novembre - Partie 3",
		got:      func(r reader) any { return people(r, "meeting-2023-debriefing", "moderator", "Georges Belinga") },
		want:     []string{"Georges Belinga"},
	},
	{
		question: "Who supported the debriefing's moderation?",
		section:  secAgenda + " › 15 novembre - Partie 3",
		got: func(r reader) any {
			return people(r, "meeting-2023-debriefing", "support", "Claudia Emmanuel Laredo", "Ekain Larrinaga Muguruza")
		},
		want: []string{"Claudia Emmanuel Laredo", "Ekain Larrinaga Muguruza"},
	},
	{
		question: "Who moderated the intercultural competence training?",
		section:  secAgenda + " › 15 novembre - Partie 4",
		got: func(r reader) any {
			return people(r, "meeting-2023-intercultural-competence-training", "moderator", "Daniel De Torres")
		},
		want: []string{"Daniel De Torres"},
	},
	{
		question: "When was the intercultural competence training?",
		section:  secAgenda + " › 15 novembre - Partie 4",
		got: func(r reader) any {
			n := r.node(graph.KindEvent, "meeting-2023-intercultural-competence-training")
			return fmt.Sprintf("%s %s–%s", n.String("startDate"), n.String("startTime"), n.String("endTime"))
		},
		want: "2023-11-15 14:30–16:30",
	},

	// --- participants (Annex II) -------------------------------------------------
	{
		question: "Which national networks were represented at the meeting?",
		section:  secParticipants + " › RESEAUX NATIONAUX",
		got: func(r reader) any {
			return namesAs(r.linked(ref(graph.KindEvent, "icc-annual-meeting-2023"), graph.RelParticipatedIn, graph.In, graph.KindNetwork),
				"Réseau ICC australien", "Réseau ICC canadien", "Réseau ICC italien", "Réseau ICC portugais",
				"réseau espagnol des cités interculturelles (RECI)", "Réseau ICC ukrainien", "Réseau ICC des Etats-Unis d'Amérique")
		},
		want: []string{"Réseau ICC australien", "Réseau ICC canadien", "Réseau ICC des Etats-Unis d'Amérique", "Réseau ICC italien",
			"Réseau ICC portugais", "Réseau ICC ukrainien", "réseau espagnol des cités interculturelles (RECI)"},
	},
	{
		question: "Who coordinates the Ukrainian ICC network?",
		section:  secParticipants + " › RESEAUX NATIONAUX",
		got: func(r reader) any {
			return namesAs(r.linked(ref(graph.KindNetwork, "ukrainian-icc-network"), graph.RelCoordinates, graph.In, graph.KindPerson), "Kseniya Khovanova Rubicondo")
		},
		want: []string{"Kseniya Khovanova Rubicondo"},
	},
	{
		question: "Who runs the Spanish ICC network?",
		section:  secParticipants + " › RESEAUX NATIONAUX",
		got: func(r reader) any {
			return namesAs(r.linked(ref(graph.KindNetwork, "reci"), graph.RelCoordinates, graph.In, graph.KindPerson),
				"Gemma Jimenez Pinyol", "Daniel De Torres Barderi", "Marta Perez Ramirez")
		},
		want: []string{"Daniel De Torres Barderi", "Gemma Jimenez Pinyol", "Marta Perez Ramirez"},
	},
	{
		question: "Which cities took part in the meeting, and in which countries are they?",
		section:  secParticipants + " › CITÉS",
		got: func(r reader) any {
			out := map[string]string{}
			for _, c := range r.linked(ref(graph.KindEvent, "icc-annual-meeting-2023"), graph.RelParticipatedIn, graph.In, graph.KindCity) {
				out[knownAs(c, annexCityNames...)] = r.countryOf(c)
			}
			return out
		},
		want: map[string]string{
			"Bergen": "Norvège", "Bilbao": "Espagne", "Botkyrka": "Suède", "Bradford": "Royaume-Uni", "Camden": "Royaume-Uni",
			"Krakow": "Pologne", "London Lewisham": "Royaume-Uni" /* "RU" in the report */, "Lublin": "Pologne",
			"México City": "Mexique", "Montréal": "Canada", "Neuchâtel": "Suisse", "Neumarkt": "Allemagne", "Paris": "France",
			"Reggio Emilia": "Italie", "Reykjavik": "Islande", "Riga": "Lettonie", "Salisbury": "Australie",
			"San Sebastian": "Espagne", "Sherbrooke": "Canada", "Stavanger": "Norvège", "Wroclaw": "Pologne",
		},
	},
	{
		question: "How many people came for the cities, the national networks and as experts?",
		section:  secParticipants,
		got: func(r reader) any {
			out := map[string]int{}
			for _, e := range r.edges(ref(graph.KindEvent, "icc-annual-meeting-2023"), graph.RelParticipatedIn, graph.In, graph.KindPerson) {
				if part, ok := strings.CutPrefix(e.Link.Provenance.Section, secParticipants+" › "); ok {
					out[part]++
				}
			}
			return out
		},
		want: map[string]int{"CITÉS": 27, "RESEAUX NATIONAUX": 11, "EXPERT·E·S": 4},
	},
	{
		question: "Who represented Bergen, and as what?",
		section:  secParticipants + " › CITÉS",
		got:      func(r reader) any { return delegates(r, "bergen") },
		want:     []string{"Mari Lochen, Conseillère"},
	},
	{
		question: "Who represented Botkyrka, and as what?",
		section:  secParticipants + " › CITÉS",
		got:      func(r reader) any { return delegates(r, "botkyrka") },
		want:     []string{"Helena Rojas, Stratégiste des droits humains"},
	},
	{
		question: "Who represented Bradford, and as what?",
		section:  secParticipants + " › CITÉS",
		got:      func(r reader) any { return delegates(r, "bradford") },
		want:     []string{"Barry Cusack, Coordinateur pour les Cités interculturelles et chef de projet"},
	},
	{
		question: "Who represented Lublin, and as what?",
		section:  secParticipants + " › CITÉS",
		got:      func(r reader) any { return delegates(r, "lublin") },
		want: []string{
			"Magdalena Gnyp-Scigocka, Directrice adjointe, Bureau de la participation sociale",
			"Małgorzata Zmysłowska, Inspectrice, Bureau de la participation sociale",
		},
	},
	{
		question: "Who represented Riga, and as what?",
		section:  secParticipants + " › CITÉS",
		got:      func(r reader) any { return delegates(r, "riga") },
		want:     []string{"Irina Vasiljeva, Cheffe de projet"},
	},
	{
		question: "Who represented Wrocław, and as what?",
		section:  secParticipants + " › CITÉS",
		got:      func(r reader) any { return delegates(r, "wroclaw") },
		want: []string{
			"Dorota Kozak-Rybska, Spécialiste principale",
			"Ewa Maria Magnowska, Experte principale au Centre de Wrocław pour le Développement social",
		},
	},
	{
		question: "Who represented Stavanger, and as what?",
		section:  secParticipants + " › CITÉS",
		got:      func(r reader) any { return delegates(r, "stavanger") },
		want: []string{
			"Ingrid Hauge Rasmussen, Conseillère spéciale pour la diversité et l'inclusion",
			"Zubia Willmann-Robleda, Conseillère pour la diversité et l'inclusion",
		},
	},

	// --- the report itself ------------------------------------------------------------
	{
		question: "What is the date of the meeting report?",
		section:  secTitlePage,
		got: func(r reader) any {
			return r.node(graph.KindSource, "icc-coordinators-meeting-2023").String("publishedOn")
		},
		want: "2024-01-29",
	},
}

// annexCityNames are the cities of Annex II as the report spells them.
var annexCityNames = []string{"Bergen", "Bilbao", "Botkyrka", "Bradford", "Camden", "Krakow", "London Lewisham", "Lublin",
	"México City", "Montréal", "Neuchâtel", "Neumarkt", "Paris", "Reggio Emilia", "Reykjavik", "Riga", "Salisbury",
	"San Sebastian", "Sherbrooke", "Stavanger", "Wroclaw"}

func TestSeedMatchesTheReport(t *testing.T) {
	st := loadSeed(t)
	for _, f := range reportFacts {
		t.Run(f.question, func(t *testing.T) {
			got := f.got(reader{t: t, st: st})
			if !same(got, f.want) {
				t.Errorf("%s\nreport section: %s\n got: %#v\nwant: %#v", f.question, f.section, got, f.want)
			}
		})
	}
}

// TestSeedProvenance checks every node and relationship says where it comes from, and
// every text has French, English and its original.
func TestSeedProvenance(t *testing.T) {
	st := loadSeed(t)
	ctx := context.Background()
	in, err := seed.ReadDir("data")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []graph.Kind
	for _, k := range graph.Kinds() {
		kinds = append(kinds, k.Kind)
	}
	refs, err := st.AllRefs(ctx, kinds)
	if err != nil {
		t.Fatal(err)
	}
	byKind := map[graph.Kind][]graph.Ref{}
	for _, r := range refs {
		byKind[r.Kind] = append(byKind[r.Kind], r)
	}
	sources := map[string]bool{}
	for _, r := range byKind[graph.KindSource] {
		sources[r.ID] = true
	}
	checkProvenance := func(what string, p graph.Provenance) {
		t.Helper()
		if p.Source == "" || strings.TrimSpace(p.Section) == "" {
			t.Errorf("%s: provenance %+v, want a source and a section", what, p)
		} else if !sources[p.Source] {
			t.Errorf("%s: source %q is not a Source node", what, p.Source)
		}
	}
	checkTexts := func(what string, texts map[string]graph.Text) {
		t.Helper()
		for name, tx := range texts {
			for _, lang := range []string{"fr", "en", tx.Orig} {
				if strings.TrimSpace(tx.Values[lang]) == "" {
					t.Errorf("%s: text %s has no %q value (original %q)", what, name, lang, tx.Orig)
				}
			}
		}
	}

	nodes := 0
	for _, k := range kinds {
		ids := make([]string, len(byKind[k]))
		for i, r := range byKind[k] {
			ids[i] = r.ID
		}
		got, err := st.Nodes(ctx, k, ids)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range got {
			nodes++
			checkProvenance(n.Ref().String(), n.Provenance)
			checkTexts(n.Ref().String(), n.Texts)
		}
	}
	if want := len(in.Dataset.Nodes); nodes != want {
		t.Errorf("checked %d nodes, want all %d of seed/data", nodes, want)
	}

	links := 0
	for _, rel := range graph.Rels() {
		edges, err := st.Neighbours(ctx, graph.NeighbourQuery{From: byKind[rel.From], Type: rel.Type, Direction: graph.Out, Kind: rel.To})
		if err != nil {
			t.Fatalf("%s %s %s: %v", rel.From, rel.Type, rel.To, err)
		}
		for _, es := range edges {
			for _, e := range es {
				links++
				what := fmt.Sprintf("%s -%s-> %s", e.Link.From, e.Link.Type, e.Link.To)
				checkProvenance(what, e.Link.Provenance)
				checkTexts(what, e.Link.Texts)
			}
		}
	}
	if want := len(in.Dataset.Links); links != want {
		t.Errorf("checked %d relationships, want all %d of seed/data", links, want)
	}
}

// reader answers the facts' questions through the graph.Store methods, failing the
// test on a store error.
type reader struct {
	t  *testing.T
	st graph.Store
}

func ref(k graph.Kind, id string) graph.Ref { return graph.Ref{Kind: k, ID: id} }

func (r reader) node(k graph.Kind, id string) graph.Node {
	r.t.Helper()
	n, err := r.st.Node(context.Background(), ref(k, id))
	if err != nil {
		r.t.Fatalf("node %s: %v", ref(k, id), err)
	}
	return n
}

func (r reader) all(k graph.Kind) []graph.Node {
	r.t.Helper()
	refs, err := r.st.AllRefs(context.Background(), []graph.Kind{k})
	if err != nil {
		r.t.Fatal(err)
	}
	ids := make([]string, len(refs))
	for i, x := range refs {
		ids[i] = x.ID
	}
	m, err := r.st.Nodes(context.Background(), k, ids)
	if err != nil {
		r.t.Fatal(err)
	}
	out := make([]graph.Node, 0, len(m))
	for _, id := range ids {
		out = append(out, m[id])
	}
	return out
}

func (r reader) edges(from graph.Ref, typ string, dir graph.Direction, k graph.Kind) []graph.Edge {
	r.t.Helper()
	m, err := r.st.Neighbours(context.Background(), graph.NeighbourQuery{From: []graph.Ref{from}, Type: typ, Direction: dir, Kind: k})
	if err != nil {
		r.t.Fatalf("neighbours of %s by %s: %v", from, typ, err)
	}
	return m[from]
}

func (r reader) linked(from graph.Ref, typ string, dir graph.Direction, k graph.Kind) []graph.Node {
	r.t.Helper()
	var out []graph.Node
	for _, e := range r.edges(from, typ, dir, k) {
		out = append(out, e.Node)
	}
	return out
}

// countryOf returns the French names of the node's countries, joined.
func (r reader) countryOf(n graph.Node) string {
	r.t.Helper()
	var names []string
	for _, c := range r.linked(n.Ref(), graph.RelInCountry, graph.Out, graph.KindCountry) {
		names = append(names, c.Label("fr"))
	}
	return strings.Join(names, ", ")
}

// people returns the people who took part in a session in the given capacity.
func people(r reader, session, capacity string, spellings ...string) []string {
	var out []string
	for _, e := range r.edges(ref(graph.KindEvent, session), graph.RelParticipatedIn, graph.In, graph.KindPerson) {
		if e.Link.Props["capacity"] == capacity {
			out = append(out, knownAs(e.Node, spellings...))
		}
	}
	return out
}

// delegates returns "name, role" for the people who work for or represent a city.
func delegates(r reader, city string) []string {
	var out []string
	for _, e := range r.edges(ref(graph.KindCity, city), graph.RelWorksForCity, graph.In, graph.KindPerson) {
		out = append(out, e.Node.String("name")+", "+e.Link.Texts["role"].Values["fr"])
	}
	return out
}

// translations returns the original titles of a publication's translations by language.
func translations(r reader, publication string) map[string]string {
	out := map[string]string{}
	for _, p := range r.linked(ref(graph.KindPublication, publication), graph.RelTranslationOf, graph.In, graph.KindPublication) {
		out[strings.Join(p.Strings("languages"), ",")] = p.Text("title").Original()
	}
	return out
}

// adoptions returns who adopted a publication, by acronym, and when.
func adoptions(r reader, publication string) map[string]string {
	out := map[string]string{}
	for _, e := range r.edges(ref(graph.KindPublication, publication), graph.RelAdoptedByOrg, graph.Out, graph.KindOrganisation) {
		d, _ := e.Link.Props["date"].(string)
		out[e.Node.String("acronym")] = d
	}
	return out
}

// namesOf returns every name a node goes by: its name or title in each language, a
// person's name, its acronym and its aliases.
func namesOf(n graph.Node) []string {
	var out []string
	for _, f := range []string{"name", "title"} {
		for _, v := range n.Text(f).Values {
			out = append(out, v)
		}
	}
	for _, f := range []string{"name", "acronym"} {
		if s := n.String(f); s != "" {
			out = append(out, s)
		}
	}
	return append(out, n.Strings("aliases")...)
}

// knownAs returns the report's spelling the node goes by, or its French label when none
// fits, so a recorded alternative spelling matches but a wrong node does not.
func knownAs(n graph.Node, spellings ...string) string {
	for _, s := range spellings {
		for _, name := range namesOf(n) {
			if strings.EqualFold(name, s) {
				return s
			}
		}
	}
	return n.Label("fr")
}

// namesAs returns knownAs for each node, sorted.
func namesAs(nodes []graph.Node, spellings ...string) []string {
	out := make([]string, 0, len(nodes))
	for _, n := range nodes {
		out = append(out, knownAs(n, spellings...))
	}
	sort.Strings(out)
	return out
}

// intOf returns a whole-number property, 0 when absent.
func intOf(props map[string]any, name string) int {
	switch v := props[name].(type) {
	case int64:
		return int(v)
	case int:
		return v
	}
	return 0
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// same compares a fact's answer with the report's; lists of names compare as sets.
func same(got, want any) bool {
	g, gok := got.([]string)
	w, wok := want.([]string)
	if gok && wok {
		g, w = append([]string(nil), g...), append([]string(nil), w...)
		sort.Strings(g)
		sort.Strings(w)
		if len(g) == 0 && len(w) == 0 {
			return true
		}
		return reflect.DeepEqual(g, w)
	}
	return reflect.DeepEqual(got, want)
}
