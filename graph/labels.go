package graph

// Label is the name of an enumerated value in English and French, the two languages
// every text of the graph has, and in Spanish, Italian and Portuguese, the interface's
// next languages; a label without one of those three falls back to English.
type Label struct {
	EN string
	FR string
	ES string
	IT string
	PT string
}

// In returns the label in lang ("fr", "es", "it", "pt"), English for any other language
// or where the label has none in lang.
func (l Label) In(lang string) string {
	var v string
	switch lang {
	case "fr":
		v = l.FR
	case "es":
		v = l.ES
	case "it":
		v = l.IT
	case "pt":
		v = l.PT
	}
	if v == "" {
		return l.EN
	}
	return v
}

// Enumerations labelled here besides the enum fields of the kinds table, whose labels
// are found under the field's name.
const (
	// EnumCollaborationKind names a CollaborationKind: "grant", "subvention".
	EnumCollaborationKind = "collaborationKind"
	// EnumCollaborationVerb says what two cities did together through a CollaborationKind:
	// "shared the grant", "ont partagé la subvention".
	EnumCollaborationVerb = "collaborationVerb"
	// EnumConnectionPhrase holds the path finder's sentences, with %s for names and %d
	// for counts: "connected", "none", a path's "step" with its "year" or "since", and
	// the suggestions "network", "meeting", "theme".
	EnumConnectionPhrase = "connectionPhrase"
	// EnumSizeBandCity is a city of a size band with its article: "a small city", "une petite ville".
	EnumSizeBandCity = "sizeBandCity"
	// EnumSizeBandCities is the cities of a size band: "small cities", "petites villes".
	EnumSizeBandCities = "sizeBandCities"
	// EnumEntityKind names a Kind, by the Kind's own name: "Practice" is "practice",
	// "pratique". The pages name search hits and page badges with it.
	EnumEntityKind = "entityKind"
	// EnumStatementKinds names the statements of one assessment kind together, as the
	// headings of a practice's peer assessment: "strengths", "forces".
	EnumStatementKinds = "statementKinds"
)

// EnumLabel returns the label of value in the enumeration named enum: an enum field's
// name (sizeBand, type, status, kind, scope, capacity…) or one of the Enum constants.
// Where one field name is used by several kinds, the values share one label.
func EnumLabel(enum, value string) (Label, bool) {
	if enum == "appliesToSizeBand" {
		enum = "sizeBand"
	}
	l, ok := enumLabels[enum][value]
	return l, ok
}

// LabelOf returns the label of value in enum in lang, the value itself when the table
// has none.
func LabelOf(enum, value, lang string) string {
	if l, ok := EnumLabel(enum, value); ok {
		return l.In(lang)
	}
	return value
}

// EnumLabels returns a copy of the whole table, by enumeration then value, for the
// generator that hands it to the pages.
func EnumLabels() map[string]map[string]Label {
	out := make(map[string]map[string]Label, len(enumLabels))
	for enum, values := range enumLabels {
		out[enum] = make(map[string]Label, len(values))
		for v, l := range values {
			out[enum][v] = l
		}
	}
	return out
}

// enumLabels are the labels by enumeration, then value. Labels of statuses and types
// shared by feminine and masculine nouns in French take the masculine, as titles do.
var enumLabels = map[string]map[string]Label{
	"sizeBand": {
		"small":  {"small", "petite", "pequeña", "piccola", "pequena"},
		"medium": {"medium-sized", "moyenne", "mediana", "media", "média"},
		"large":  {"large", "grande", "grande", "grande", "grande"},
	},
	EnumSizeBandCity: {
		"small":  {"a small city", "une petite ville", "una ciudad pequeña", "una città piccola", "uma cidade pequena"},
		"medium": {"a medium-sized city", "une ville moyenne", "una ciudad mediana", "una città media", "uma cidade média"},
		"large":  {"a large city", "une grande ville", "una ciudad grande", "una grande città", "uma cidade grande"},
	},
	EnumSizeBandCities: {
		"small":  {"small cities", "petites villes", "ciudades pequeñas", "città piccole", "cidades pequenas"},
		"medium": {"medium-sized cities", "villes moyennes", "ciudades medianas", "città medie", "cidades médias"},
		"large":  {"large cities", "grandes villes", "ciudades grandes", "grandi città", "cidades grandes"},
	},
	"scope": {
		"international": {"international", "international", "internacional", "internazionale", "internacional"},
		"national":      {"national", "national", "nacional", "nazionale", "nacional"},
	},
	"kind": { // an assessment's statement kind
		"strength":    {"strength", "point fort", "punto fuerte", "punto di forza", "ponto forte"},
		"weakness":    {"weakness", "point faible", "punto débil", "punto debole", "ponto fraco"},
		"improvement": {"possible improvement", "amélioration possible", "mejora posible", "miglioramento possibile", "melhoria possível"},
		"feasibility": {"feasibility", "faisabilité", "viabilidad", "fattibilità", "viabilidade"},
		"obstacle":    {"obstacle", "obstacle", "obstáculo", "ostacolo", "obstáculo"},
		"adaptation":  {"adaptation", "adaptation", "adaptación", "adattamento", "adaptação"},
	},
	"type": {
		// Organisations.
		"intergovernmental":      {"intergovernmental organisation", "organisation intergouvernementale", "organización intergubernamental", "organizzazione intergovernativa", "organização intergovernamental"},
		"intergovernmental-unit": {"intergovernmental unit", "unité intergouvernementale", "unidad intergubernamental", "unità intergovernativa", "unidade intergovernamental"},
		"committee":              {"committee", "comité", "comité", "comitato", "comité"},
		"government":             {"government", "gouvernement", "gobierno", "governo", "governo"},
		"municipal":              {"municipality", "municipalité", "municipio", "comune", "município"},
		"municipal-body":         {"municipal body", "organisme municipal", "organismo municipal", "ente comunale", "organismo municipal"},
		"ngo":                    {"NGO", "ONG", "ONG", "ONG", "ONG"},
		"university":             {"university", "université", "universidad", "università", "universidade"},
		"research":               {"research body", "organisme de recherche", "organismo de investigación", "ente di ricerca", "organismo de investigação"},
		"association":            {"association", "association", "asociación", "associazione", "associação"},
		"foundation":             {"foundation", "fondation", "fundación", "fondazione", "fundação"},
		"other":                  {"other", "autre", "otro", "altro", "outro"},
		// Events.
		"meeting":                {"meeting", "réunion", "reunión", "riunione", "reunião"},
		"session":                {"session", "séance", "sesión", "sessione", "sessão"},
		"visit":                  {"visit", "visite", "visita", "visita", "visita"},
		"advisory-group-meeting": {"advisory group meeting", "réunion du groupe consultatif", "reunión del grupo consultivo", "riunione del gruppo consultivo", "reunião do grupo consultivo"},
		"training":               {"training", "formation", "formación", "formazione", "formação"},
		"webinar":                {"webinar", "webinaire", "seminario web", "webinar", "webinar"},
		"workshop":               {"workshop", "atelier", "taller", "laboratorio", "oficina"},
		"study-visit":            {"study visit", "visite d'étude", "visita de estudio", "visita di studio", "visita de estudo"},
		"forum":                  {"forum", "forum", "foro", "forum", "fórum"},
		"survey":                 {"survey", "enquête", "encuesta", "indagine", "inquérito"},
		// Publications.
		"policy-brief":   {"policy brief", "note d'orientation", "nota de orientación", "nota di orientamento", "nota de orientação"},
		"manual":         {"manual", "manuel", "manual", "manuale", "manual"},
		"handbook":       {"handbook", "guide pratique", "guía práctica", "guida pratica", "guia prático"},
		"guide":          {"guide", "guide", "guía", "guida", "guia"},
		"report":         {"report", "rapport", "informe", "rapporto", "relatório"},
		"evaluation":     {"evaluation", "évaluation", "evaluación", "valutazione", "avaliação"},
		"action-plan":    {"action plan", "plan d'action", "plan de acción", "piano d'azione", "plano de ação"},
		"recommendation": {"recommendation", "recommandation", "recomendación", "raccomandazione", "recomendação"},
		"framework":      {"framework", "cadre", "marco", "quadro", "quadro"},
		"compendium":     {"compendium", "recueil", "compendio", "compendio", "compêndio"},
		"index":          {"index", "indice", "índice", "indice", "índice"},
		"guidance":       {"guidance", "orientations", "orientaciones", "orientamenti", "orientações"},
		"commitment":     {"commitment", "engagement", "compromiso", "impegno", "compromisso"},
		"newsletter":     {"newsletter", "lettre d'information", "boletín", "newsletter", "boletim informativo"},
		// Index reports.
		"index-report":          {"ICC Index report", "rapport de l'indice ICC", "informe del Índice ICC", "rapporto dell'Indice ICC", "relatório do Índice ICC"},
		"intercultural-profile": {"intercultural profile", "profil interculturel", "perfil intercultural", "profilo interculturale", "perfil intercultural"},
		// Themes.
		"principle":   {"principle", "principe", "principio", "principio", "princípio"},
		"policy-area": {"policy area", "domaine d'action", "ámbito de actuación", "ambito d'intervento", "área de intervenção"},
	},
	"status": {
		"planned":            {"planned", "prévu", "previsto", "previsto", "previsto"},
		"active":             {"active", "en cours", "en curso", "in corso", "em curso"},
		"ended":              {"ended", "terminé", "terminado", "concluso", "terminado"},
		"published":          {"published", "publié", "publicado", "pubblicato", "publicado"},
		"adopted":            {"adopted", "adopté", "adoptado", "adottato", "adotado"},
		"in-preparation":     {"in preparation", "en préparation", "en preparación", "in preparazione", "em preparação"},
		"layout-in-progress": {"layout in progress", "mise en page en cours", "maquetación en curso", "impaginazione in corso", "paginação em curso"},
		"data-submitted":     {"data submitted", "données transmises", "datos enviados", "dati trasmessi", "dados enviados"},
	},
	"capacity": { // of a person at an event
		"participant": {"participant", "participant", "participante", "partecipante", "participante"},
		"speaker":     {"speaker", "intervenant", "ponente", "relatore", "orador"},
		"moderator":   {"moderator", "modérateur", "moderador", "moderatore", "moderador"},
		"host":        {"host", "hôte", "anfitrión", "ospitante", "anfitrião"},
		"expert":      {"expert", "expert", "experto", "esperto", "especialista"},
		"organiser":   {"organiser", "organisateur", "organizador", "organizzatore", "organizador"},
		"support":     {"support", "soutien", "apoyo", "supporto", "apoio"},
	},
	EnumEntityKind: {
		string(KindPractice):     {"practice", "pratique", "práctica", "pratica", "prática"},
		string(KindCity):         {"city", "ville", "ciudad", "città", "cidade"},
		string(KindPerson):       {"person", "personne", "persona", "persona", "pessoa"},
		string(KindOrganisation): {"organisation", "organisation", "organización", "organizzazione", "organização"},
		string(KindEvent):        {"event", "événement", "evento", "evento", "evento"},
		string(KindPublication):  {"publication", "publication", "publicación", "pubblicazione", "publicação"},
		string(KindGrant):        {"grant", "subvention", "subvención", "sovvenzione", "subvenção"},
		string(KindProject):      {"project", "projet", "proyecto", "progetto", "projeto"},
		string(KindIndexReport):  {"index report", "rapport de l’indice", "informe del índice", "rapporto dell’indice", "relatório do índice"},
		string(KindTheme):        {"theme", "thème", "tema", "tema", "tema"},
		string(KindAssessment):   {"assessment", "évaluation", "evaluación", "valutazione", "avaliação"},
		string(KindNetwork):      {"network", "réseau", "red", "rete", "rede"},
		string(KindCountry):      {"country", "pays", "país", "paese", "país"},
		string(KindSource):       {"source", "source", "fuente", "fonte", "fonte"},
	},
	EnumStatementKinds: {
		"strength":    {"strengths", "forces", "puntos fuertes", "punti di forza", "pontos fortes"},
		"weakness":    {"weaknesses", "faiblesses", "puntos débiles", "punti deboli", "pontos fracos"},
		"improvement": {"possible improvements", "améliorations possibles", "mejoras posibles", "miglioramenti possibili", "melhorias possíveis"},
		"feasibility": {"feasibility", "faisabilité", "viabilidad", "fattibilità", "viabilidade"},
		"obstacle":    {"obstacles", "obstacles", "obstáculos", "ostacoli", "obstáculos"},
		"adaptation":  {"adaptations", "adaptations", "adaptaciones", "adattamenti", "adaptações"},
	},
	EnumCollaborationKind: {
		string(CollaborationGrant):      {"grant", "subvention", "subvención", "sovvenzione", "subvenção"},
		string(CollaborationProject):    {"project", "projet", "proyecto", "progetto", "projeto"},
		string(CollaborationStudyVisit): {"study visit", "visite d'étude", "visita de estudio", "visita di studio", "visita de estudo"},
		string(CollaborationEvent):      {"co-hosted event", "événement coorganisé", "evento coorganizado", "evento organizzato insieme", "evento coorganizado"},
		string(CollaborationMeeting):    {"meeting attended together", "réunion en commun", "reunión compartida", "riunione in comune", "reunião em comum"},
		string(CollaborationNetwork):    {"network", "réseau", "red", "rete", "rede"},
	},
	EnumConnectionPhrase: {
		"connected": {"%s and %s are connected in %d step(s).", "%s et %s sont reliées en %d étape(s).", "%s y %s están conectadas en %d etapa(s).", "%s e %s sono collegate in %d tappa/e.", "%s e %s estão ligadas em %d etapa(s)."},
		"none":      {"No known connection between %s and %s.", "Aucun lien connu entre %s et %s.", "Ningún vínculo conocido entre %s y %s.", "Nessun legame noto tra %s e %s.", "Nenhuma ligação conhecida entre %s e %s."},
		"network":   {"Both are members of the network “%s”.", "Les deux sont membres du réseau « %s ».", "Ambas son miembros de la red «%s».", "Entrambe sono membri della rete «%s».", "Ambas são membros da rede «%s»."},
		"meeting":   {"Both took part in the meeting “%s”.", "Les deux ont participé à la réunion « %s ».", "Ambas participaron en la reunión «%s».", "Entrambe hanno partecipato alla riunione «%s».", "Ambas participaram na reunião «%s»."},
		// A step of a path: the two cities, the verb (EnumCollaborationVerb), what they
		// shared, and "year" or "since" or nothing.
		"step":  {"%s and %s %s “%s”%s", "%s et %s %s « %s »%s", "%s y %s %s «%s»%s", "%s e %s %s «%s»%s", "%s e %s %s «%s»%s"},
		"year":  {" (%d)", " (%d)", " (%d)", " (%d)", " (%d)"},
		"since": {" (since %d)", " (depuis %d)", " (desde %d)", " (dal %d)", " (desde %d)"},
		"theme": {"Both run practices on the theme “%s”.", "Les deux mènent des pratiques sur le thème « %s ».", "Ambas aplican prácticas sobre el tema «%s».", "Entrambe applicano pratiche sul tema «%s».", "Ambas aplicam práticas sobre o tema «%s»."},
	},
	// The resolvers frame these verbs in the "step" sentence above ("A and B …").
	EnumCollaborationVerb: {
		string(CollaborationGrant):      {"shared the grant", "ont partagé la subvention", "compartieron la subvención", "hanno condiviso la sovvenzione", "partilharam a subvenção"},
		string(CollaborationProject):    {"took part in the project", "ont participé au projet", "participaron en el proyecto", "hanno partecipato al progetto", "participaram no projeto"},
		string(CollaborationStudyVisit): {"were linked by the study visit", "ont été reliées par la visite d'étude", "estuvieron vinculadas por la visita de estudio", "sono state collegate dalla visita di studio", "foram ligadas pela visita de estudo"},
		string(CollaborationEvent):      {"hosted or organised together the event", "ont accueilli ou organisé ensemble l'événement", "acogieron u organizaron juntas el evento", "hanno ospitato o organizzato insieme l'evento", "acolheram ou organizaram juntas o evento"},
		string(CollaborationMeeting):    {"took part in the meeting", "ont participé à la réunion", "participaron en la reunión", "hanno partecipato alla riunione", "participaram na reunião"},
		string(CollaborationNetwork):    {"are members of the network", "sont membres du réseau", "son miembros de la red", "sono membri della rete", "são membros da rede"},
	},
}
