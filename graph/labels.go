package graph

// Label is the name of an enumerated value in English and French, the two languages
// every text of the graph has.
type Label struct {
	EN string
	FR string
}

// In returns the label in lang: French for "fr", English otherwise.
func (l Label) In(lang string) string {
	if lang == "fr" {
		return l.FR
	}
	return l.EN
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
	// for counts: "connected", "none", and the suggestions "network", "meeting", "theme".
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
		"small":  {"small", "petite"},
		"medium": {"medium-sized", "moyenne"},
		"large":  {"large", "grande"},
	},
	EnumSizeBandCity: {
		"small":  {"a small city", "une petite ville"},
		"medium": {"a medium-sized city", "une ville moyenne"},
		"large":  {"a large city", "une grande ville"},
	},
	EnumSizeBandCities: {
		"small":  {"small cities", "petites villes"},
		"medium": {"medium-sized cities", "villes moyennes"},
		"large":  {"large cities", "grandes villes"},
	},
	"scope": {
		"international": {"international", "international"},
		"national":      {"national", "national"},
	},
	"kind": { // an assessment's statement kind
		"strength":    {"strength", "point fort"},
		"weakness":    {"weakness", "point faible"},
		"improvement": {"possible improvement", "amélioration possible"},
		"feasibility": {"feasibility", "faisabilité"},
		"obstacle":    {"obstacle", "obstacle"},
		"adaptation":  {"adaptation", "adaptation"},
	},
	"type": {
		// Organisations.
		"intergovernmental":      {"intergovernmental organisation", "organisation intergouvernementale"},
		"intergovernmental-unit": {"intergovernmental unit", "unité intergouvernementale"},
		"committee":              {"committee", "comité"},
		"government":             {"government", "gouvernement"},
		"municipal":              {"municipality", "municipalité"},
		"municipal-body":         {"municipal body", "organisme municipal"},
		"ngo":                    {"NGO", "ONG"},
		"university":             {"university", "université"},
		"research":               {"research body", "organisme de recherche"},
		"association":            {"association", "association"},
		"foundation":             {"foundation", "fondation"},
		"other":                  {"other", "autre"},
		// Events.
		"meeting":                {"meeting", "réunion"},
		"session":                {"session", "séance"},
		"visit":                  {"visit", "visite"},
		"advisory-group-meeting": {"advisory group meeting", "réunion du groupe consultatif"},
		"training":               {"training", "formation"},
		"webinar":                {"webinar", "webinaire"},
		"workshop":               {"workshop", "atelier"},
		"study-visit":            {"study visit", "visite d'étude"},
		"forum":                  {"forum", "forum"},
		"survey":                 {"survey", "enquête"},
		// Publications.
		"policy-brief":   {"policy brief", "note d'orientation"},
		"manual":         {"manual", "manuel"},
		"handbook":       {"handbook", "guide pratique"},
		"guide":          {"guide", "guide"},
		"report":         {"report", "rapport"},
		"evaluation":     {"evaluation", "évaluation"},
		"action-plan":    {"action plan", "plan d'action"},
		"recommendation": {"recommendation", "recommandation"},
		"framework":      {"framework", "cadre"},
		"compendium":     {"compendium", "recueil"},
		"index":          {"index", "indice"},
		"guidance":       {"guidance", "orientations"},
		"commitment":     {"commitment", "engagement"},
		"newsletter":     {"newsletter", "lettre d'information"},
		// Index reports.
		"index-report":          {"ICC Index report", "rapport de l'indice ICC"},
		"intercultural-profile": {"intercultural profile", "profil interculturel"},
		// Themes.
		"principle":   {"principle", "principe"},
		"policy-area": {"policy area", "domaine d'action"},
	},
	"status": {
		"planned":            {"planned", "prévu"},
		"active":             {"active", "en cours"},
		"ended":              {"ended", "terminé"},
		"published":          {"published", "publié"},
		"adopted":            {"adopted", "adopté"},
		"in-preparation":     {"in preparation", "en préparation"},
		"layout-in-progress": {"layout in progress", "mise en page en cours"},
		"data-submitted":     {"data submitted", "données transmises"},
	},
	"capacity": { // of a person at an event
		"participant": {"participant", "participant"},
		"speaker":     {"speaker", "intervenant"},
		"moderator":   {"moderator", "modérateur"},
		"host":        {"host", "hôte"},
		"expert":      {"expert", "expert"},
		"organiser":   {"organiser", "organisateur"},
		"support":     {"support", "soutien"},
	},
	EnumEntityKind: {
		string(KindPractice):     {"practice", "pratique"},
		string(KindCity):         {"city", "ville"},
		string(KindPerson):       {"person", "personne"},
		string(KindOrganisation): {"organisation", "organisation"},
		string(KindEvent):        {"event", "événement"},
		string(KindPublication):  {"publication", "publication"},
		string(KindGrant):        {"grant", "subvention"},
		string(KindProject):      {"project", "projet"},
		string(KindIndexReport):  {"index report", "rapport de l’indice"},
		string(KindTheme):        {"theme", "thème"},
		string(KindAssessment):   {"assessment", "évaluation"},
		string(KindNetwork):      {"network", "réseau"},
		string(KindCountry):      {"country", "pays"},
		string(KindSource):       {"source", "source"},
	},
	EnumStatementKinds: {
		"strength":    {"strengths", "forces"},
		"weakness":    {"weaknesses", "faiblesses"},
		"improvement": {"possible improvements", "améliorations possibles"},
		"feasibility": {"feasibility", "faisabilité"},
		"obstacle":    {"obstacles", "obstacles"},
		"adaptation":  {"adaptations", "adaptations"},
	},
	EnumCollaborationKind: {
		string(CollaborationGrant):      {"grant", "subvention"},
		string(CollaborationProject):    {"project", "projet"},
		string(CollaborationStudyVisit): {"study visit", "visite d'étude"},
		string(CollaborationEvent):      {"co-hosted event", "événement coorganisé"},
		string(CollaborationMeeting):    {"meeting attended together", "réunion en commun"},
		string(CollaborationNetwork):    {"network", "réseau"},
	},
	EnumConnectionPhrase: {
		"connected": {"%s and %s are connected in %d step(s).", "%s et %s sont reliées en %d étape(s)."},
		"none":      {"No known connection between %s and %s.", "Aucun lien connu entre %s et %s."},
		"network":   {"Both are members of the network “%s”.", "Les deux sont membres du réseau « %s »."},
		"meeting":   {"Both took part in the meeting “%s”.", "Les deux ont participé à la réunion « %s »."},
		"theme":     {"Both run practices on the theme “%s”.", "Les deux mènent des pratiques sur le thème « %s »."},
	},
	EnumCollaborationVerb: {
		string(CollaborationGrant):      {"shared the grant", "ont partagé la subvention"},
		string(CollaborationProject):    {"took part in the project", "ont participé au projet"},
		string(CollaborationStudyVisit): {"were linked by the study visit", "ont été reliées par la visite d'étude"},
		string(CollaborationEvent):      {"hosted or organised together the event", "ont accueilli ou organisé ensemble l'événement"},
		string(CollaborationMeeting):    {"took part in the meeting", "ont participé à la réunion"},
		string(CollaborationNetwork):    {"are members of the network", "sont membres du réseau"},
	},
}
