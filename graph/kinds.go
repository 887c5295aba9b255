package graph

// The tables below (kinds and rels) are the one definition of the graph's entities and
// relationships. `go generate ./...` turns them into typed constants (kinds_gen.go: kinds,
// relationship types, field names) and the resolvers' typed model
// (resolvers/model/entities_gen.go), and hands graph/labels.go's bilingual labels to the
// pages (web/static/js/labels.gen.js), and the relationship types to the pages
// (web/static/js/rels.gen.js) and to the benchmark's peer
// (bench/peer/node/kinds.gen.mjs). The generator reads the tables by importing this
// package, so the generated files stay committed: a table edit never breaks the build
// before the files are regenerated, and the compiler then points at every use.
//go:generate go run ./internal/kindsgen -graph kinds_gen.go -model ../resolvers/model/entities_gen.go -labels ../web/static/js/labels.gen.js -rels ../web/static/js/rels.gen.js -peer ../bench/peer/node/kinds.gen.mjs

// Kind names an entity family of the graph. It is also the Neo4j label of its nodes.
type Kind string

// FieldType says how a property is written in seed files and stored in Neo4j.
type FieldType int

// The field types a kind may declare.
const (
	// FieldText is a translatable text: one value per language, one of them the original.
	// It is stored as properties name_fr, name_en, … plus name_orig.
	FieldText FieldType = iota + 1
	// FieldString is a plain, untranslated string (a person's name, an ISO code, a URL).
	FieldString
	// FieldInt is a whole number (a year, a count).
	FieldInt
	// FieldDate is an ISO 8601 calendar date, YYYY-MM-DD, or a month YYYY-MM, or a year YYYY.
	FieldDate
	// FieldBool is true or false.
	FieldBool
	// FieldStrings is a list of plain strings.
	FieldStrings
	// FieldEnum is a plain string restricted to the field's Values.
	FieldEnum
)

// String returns the name used in seed files and error messages.
func (t FieldType) String() string {
	switch t {
	case FieldText:
		return "text"
	case FieldString:
		return "string"
	case FieldInt:
		return "int"
	case FieldDate:
		return "date"
	case FieldBool:
		return "bool"
	case FieldStrings:
		return "list of strings"
	case FieldEnum:
		return "enum"
	}
	return "unknown"
}

// FieldSpec declares one property of a kind or a relationship.
type FieldSpec struct {
	Name     string
	Type     FieldType
	Required bool
	Values   []string // allowed values of an Enum
	Doc      string
}

// KindSpec declares an entity family: its properties and what it is.
type KindSpec struct {
	Kind   Kind
	Doc    string
	Fields []FieldSpec
	// Searchable kinds are indexed for full-text search.
	Searchable bool
}

// Field returns the spec of the named property.
func (k KindSpec) Field(name string) (FieldSpec, bool) {
	for _, f := range k.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return FieldSpec{}, false
}

// RelSpec declares a relationship type between two kinds. A relationship is written
// on the record of its From side in seed files.
type RelSpec struct {
	Type   string
	From   Kind
	To     Kind
	Doc    string
	Fields []FieldSpec
	// Symmetric relationships have no direction (A similar to B is B similar to A): the
	// graph holds one relationship for the pair, whichever side an edit names.
	Symmetric bool
}

// Field returns the spec of the named relationship property.
func (r RelSpec) Field(name string) (FieldSpec, bool) {
	for _, f := range r.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return FieldSpec{}, false
}

// Languages lists the languages a Text may carry, by ISO 639-1 code.
var Languages = []string{"fr", "en", "es", "it", "pl", "de", "pt", "uk", "ja", "fi", "sv", "no", "lt", "lv", "ca", "eu"}

// SearchLanguages are the languages search analyses with their own analyzer.
var SearchLanguages = []string{"fr", "en", "es", "it", "pl", "de", "pt"}

// IsLanguage reports whether code is a language a Text may carry.
func IsLanguage(code string) bool {
	for _, l := range Languages {
		if l == code {
			return true
		}
	}
	return false
}

var (
	sizeBands      = []string{"small", "medium", "large"}
	statementKinds = []string{"strength", "weakness", "improvement", "feasibility", "obstacle", "adaptation"}
)

// SizeBands are the city size bands, smallest first.
func SizeBands() []string { return append([]string(nil), sizeBands...) }

// AssessmentKinds are the kinds of statement a peer assessment of a practice can make.
func AssessmentKinds() []string { return append([]string(nil), statementKinds...) }

var kinds = []KindSpec{
	{Kind: "Source", Doc: "A document facts come from: a meeting report, a user's import file.", Searchable: false, Fields: []FieldSpec{
		{Name: "title", Type: FieldText, Required: true},
		{Name: "publishedOn", Type: FieldDate},
		{Name: "language", Type: FieldString, Doc: "language of the original document"},
		{Name: "file", Type: FieldString, Doc: "path of the document's text in the repository"},
		{Name: "url", Type: FieldString},
		{Name: "licence", Type: FieldString, Doc: "the licence the document's content is published under, as the source states it; empty where it says none"},
		{Name: "licenceUrl", Type: FieldString, Doc: "where the licence's text can be read, when the source names one"},
	}},
	{Kind: "Country", Doc: "A country.", Fields: []FieldSpec{
		{Name: "name", Type: FieldText, Required: true},
		{Name: "iso2", Type: FieldString, Required: true, Doc: "ISO 3166-1 alpha-2 code, upper case"},
	}},
	{Kind: "City", Doc: "A city or municipality, member of the network or not.", Searchable: true, Fields: []FieldSpec{
		{Name: "name", Type: FieldText, Required: true},
		{Name: "aliases", Type: FieldStrings, Doc: "other spellings of the name in the sources"},
		{Name: "description", Type: FieldText},
		{Name: "population", Type: FieldInt, Doc: "inhabitants, only where a source gives it"},
		{Name: "sizeBand", Type: FieldEnum, Values: sizeBands, Doc: "small, medium or large, only where a source gives it"},
	}},
	{Kind: "Network", Doc: "A network of intercultural cities: the international ICC network or a national one.", Searchable: true, Fields: []FieldSpec{
		{Name: "name", Type: FieldText, Required: true},
		{Name: "acronym", Type: FieldString},
		{Name: "scope", Type: FieldEnum, Required: true, Values: []string{"international", "national"}},
		{Name: "description", Type: FieldText},
		{Name: "memberCount", Type: FieldInt},
		{Name: "memberCountOn", Type: FieldDate, Doc: "date the member count refers to"},
	}},
	{Kind: "Organisation", Doc: "An institution, body, committee, NGO, university or observatory.", Searchable: true, Fields: []FieldSpec{
		{Name: "name", Type: FieldText, Required: true},
		{Name: "acronym", Type: FieldString},
		{Name: "aliases", Type: FieldStrings, Doc: "other spellings of the name in the sources"},
		{Name: "type", Type: FieldEnum, Required: true, Values: []string{"intergovernmental", "intergovernmental-unit", "committee", "government", "municipal", "municipal-body", "ngo", "university", "research", "association", "foundation", "other"}},
		{Name: "description", Type: FieldText},
		{Name: "founded", Type: FieldInt},
	}},
	{Kind: "Person", Doc: "A person the sources name.", Searchable: true, Fields: []FieldSpec{
		{Name: "name", Type: FieldString, Required: true},
		{Name: "aliases", Type: FieldStrings, Doc: "other spellings of the name in the sources"},
		{Name: "role", Type: FieldText, Doc: "position as the source gives it"},
	}},
	{Kind: "Practice", Doc: "A practice a city or body runs that others may transpose.", Searchable: true, Fields: []FieldSpec{
		{Name: "name", Type: FieldText, Required: true},
		// Optional: catalogue cards have no summary, and none is invented for them.
		{Name: "summary", Type: FieldText, Doc: "one or two sentences"},
		{Name: "description", Type: FieldText},
		{Name: "objectives", Type: FieldText},
		{Name: "purpose", Type: FieldText, Doc: "what the practice is for, as a catalogue card's Purpose says"},
		{Name: "rationale", Type: FieldText, Doc: "why it was started, as a catalogue card's Stimulus/Rationale says"},
		{Name: "process", Type: FieldText, Doc: "how it is run, as a catalogue card's Process says"},
		{Name: "outcomes", Type: FieldText, Doc: "what it achieved, as a catalogue card's Outcomes says"},
		{Name: "contact", Type: FieldString, Doc: "who to contact, as the source writes it (a name, an address)"},
		{Name: "startYear", Type: FieldInt},
		{Name: "endYear", Type: FieldInt, Doc: "year it ended, where a source says"},
		{Name: "period", Type: FieldText, Doc: "when it runs, as the source says"},
		{Name: "status", Type: FieldEnum, Values: []string{"planned", "active", "ended"}},
	}},
	{Kind: "Assessment", Doc: "One statement of a peer assessment of a practice: a strength, weakness, improvement, feasibility remark, obstacle or adaptation.", Searchable: true, Fields: []FieldSpec{
		{Name: "kind", Type: FieldEnum, Required: true, Values: statementKinds},
		{Name: "statement", Type: FieldText, Required: true},
		{Name: "context", Type: FieldText, Doc: "the setting the statement applies to, as the source says (e.g. small cities)"},
		{Name: "appliesToSizeBand", Type: FieldEnum, Values: sizeBands, Doc: "the city size band the statement is about, where the source says"},
		{Name: "position", Type: FieldInt, Doc: "order within its kind in the source"},
	}},
	{Kind: "Grant", Doc: "A grant, such as an ICC inter-city grant.", Searchable: true, Fields: []FieldSpec{
		{Name: "name", Type: FieldText, Required: true},
		{Name: "programme", Type: FieldText, Required: true},
		{Name: "year", Type: FieldInt, Required: true},
		{Name: "purpose", Type: FieldText},
		{Name: "amountEUR", Type: FieldInt},
	}},
	{Kind: "Project", Doc: "A joint project, programme or academy.", Searchable: true, Fields: []FieldSpec{
		{Name: "name", Type: FieldText, Required: true},
		{Name: "description", Type: FieldText},
		{Name: "startYear", Type: FieldInt},
		{Name: "endYear", Type: FieldInt},
		{Name: "funding", Type: FieldText},
	}},
	{Kind: "Event", Doc: "A meeting, session, training, webinar, workshop, study visit or forum.", Searchable: true, Fields: []FieldSpec{
		{Name: "name", Type: FieldText, Required: true},
		{Name: "type", Type: FieldEnum, Required: true, Values: []string{"meeting", "session", "visit", "advisory-group-meeting", "training", "webinar", "workshop", "study-visit", "forum", "survey", "other"}},
		{Name: "description", Type: FieldText},
		{Name: "startDate", Type: FieldDate},
		{Name: "endDate", Type: FieldDate},
		{Name: "startTime", Type: FieldString, Doc: "HH:MM local time"},
		{Name: "endTime", Type: FieldString, Doc: "HH:MM local time"},
		{Name: "venue", Type: FieldText},
		{Name: "attendance", Type: FieldText, Doc: "how many attended, as the source says"},
		{Name: "attendeeCount", Type: FieldInt},
		{Name: "languages", Type: FieldStrings},
	}},
	{Kind: "Publication", Doc: "A publication: policy brief, manual, handbook, report, recommendation, translation.", Searchable: true, Fields: []FieldSpec{
		{Name: "title", Type: FieldText, Required: true},
		{Name: "type", Type: FieldEnum, Required: true, Values: []string{"policy-brief", "manual", "handbook", "guide", "report", "evaluation", "action-plan", "recommendation", "framework", "compendium", "index", "guidance", "commitment", "newsletter", "other"}},
		{Name: "languages", Type: FieldStrings, Doc: "ISO 639-1 codes of the languages it is published in, where a source says"},
		{Name: "year", Type: FieldInt},
		{Name: "status", Type: FieldEnum, Values: []string{"published", "adopted", "in-preparation", "layout-in-progress"}},
		{Name: "note", Type: FieldText},
	}},
	{Kind: "IndexReport", Doc: "An ICC Index report or intercultural profile of a city.", Searchable: true, Fields: []FieldSpec{
		{Name: "title", Type: FieldText, Required: true},
		{Name: "type", Type: FieldEnum, Required: true, Values: []string{"index-report", "intercultural-profile"}},
		{Name: "year", Type: FieldInt},
		{Name: "status", Type: FieldEnum, Required: true, Values: []string{"published", "in-preparation", "data-submitted"}},
		{Name: "note", Type: FieldText},
	}},
	{Kind: "Theme", Doc: "An intercultural principle or a policy area practices belong to.", Searchable: true, Fields: []FieldSpec{
		{Name: "name", Type: FieldText, Required: true},
		{Name: "type", Type: FieldEnum, Required: true, Values: []string{"principle", "policy-area"}},
		{Name: "description", Type: FieldText},
	}},
}

var (
	role   = FieldSpec{Name: "role", Type: FieldText, Doc: "the part played, as the source says"}
	since  = FieldSpec{Name: "since", Type: FieldInt, Doc: "year it began"}
	noteF  = FieldSpec{Name: "note", Type: FieldText}
	dateF  = FieldSpec{Name: "date", Type: FieldDate}
	untilF = FieldSpec{Name: "until", Type: FieldInt, Doc: "year it ended"}
)

var rels = []RelSpec{
	{Type: "IN_COUNTRY", From: "City", To: "Country", Doc: "the city is in the country"},
	{Type: "MEMBER_OF", From: "City", To: "Network", Doc: "the city is a member of the network", Fields: []FieldSpec{since, {Name: "joinedOn", Type: FieldDate}, noteF}},
	{Type: "IN_COUNTRY", From: "Network", To: "Country", Doc: "a national network's country"},
	{Type: "COORDINATED_BY", From: "Network", To: "Organisation", Doc: "the body that runs the network"},
	{Type: "BASED_IN", From: "Organisation", To: "City", Doc: "where the organisation sits"},
	{Type: "IN_COUNTRY", From: "Organisation", To: "Country"},
	{Type: "PART_OF", From: "Organisation", To: "Organisation", Doc: "a unit, committee or body of a larger organisation", Fields: []FieldSpec{noteF}},
	{Type: "REPORTS_TO", From: "Organisation", To: "Organisation", Doc: "a committee reporting to a steering committee"},
	{Type: "PARTNER_OF", From: "Organisation", To: "Organisation", Doc: "a cooperation between two bodies", Fields: []FieldSpec{since, noteF}},
	{Type: "WORKS_FOR", From: "Person", To: "Organisation", Fields: []FieldSpec{role}},
	{Type: "WORKS_FOR_CITY", From: "Person", To: "City", Doc: "works for the city's administration or represents it", Fields: []FieldSpec{role}},
	{Type: "COORDINATES", From: "Person", To: "Network", Fields: []FieldSpec{role}},
	{Type: "MEMBER_OF", From: "Person", To: "Organisation", Fields: []FieldSpec{role}},
	{Type: "PARTICIPATED_IN", From: "Person", To: "Event", Doc: "took part in the event", Fields: []FieldSpec{role, {Name: "capacity", Type: FieldEnum, Values: []string{"participant", "speaker", "moderator", "host", "expert", "organiser", "support"}}}},
	{Type: "PARTICIPATED_IN", From: "City", To: "Event", Doc: "the city took part in the event", Fields: []FieldSpec{role}},
	{Type: "PARTICIPATED_IN", From: "Network", To: "Event", Doc: "the network was represented at the event", Fields: []FieldSpec{role}},
	{Type: "PARTICIPATED_IN", From: "Organisation", To: "Event", Fields: []FieldSpec{role}},
	{Type: "HOSTED", From: "City", To: "Event", Doc: "the city hosted the event"},
	{Type: "ORGANISED", From: "Organisation", To: "Event", Fields: []FieldSpec{role}},
	{Type: "ORGANISED_BY_CITY", From: "Event", To: "City", Doc: "a city organised the event", Fields: []FieldSpec{role}},
	{Type: "HELD_IN", From: "Event", To: "City", Doc: "where the event took place"},
	{Type: "HELD_IN_COUNTRY", From: "Event", To: "Country"},
	{Type: "PART_OF", From: "Event", To: "Event", Doc: "a session of a larger event"},
	{Type: "PART_OF_PROJECT", From: "Event", To: "Project", Doc: "an event held within a project"},
	{Type: "FEATURED", From: "Event", To: "Practice", Doc: "the event presented or visited the practice", Fields: []FieldSpec{noteF}},
	{Type: "DISCUSSED", From: "Event", To: "Publication", Doc: "the event presented or discussed the publication"},
	{Type: "RUN_BY", From: "Practice", To: "City", Doc: "the city that runs the practice", Fields: []FieldSpec{role, since}},
	{Type: "INVOLVES", From: "Practice", To: "Organisation", Doc: "an organisation behind the practice", Fields: []FieldSpec{role}},
	{Type: "CONTACT", From: "Practice", To: "Person", Doc: "a person to contact about the practice", Fields: []FieldSpec{role}},
	{Type: "FUNDED_BY", From: "Practice", To: "Grant", Doc: "a grant that funded the practice", Fields: []FieldSpec{noteF}},
	{Type: "HAS_THEME", From: "Practice", To: "Theme", Doc: "a principle or policy area of the practice"},
	{Type: "DOCUMENTED_IN", From: "Practice", To: "Publication"},
	{Type: "RELATED_TO", From: "Practice", To: "Practice", Fields: []FieldSpec{noteF}},
	{Type: "ADOPTED_BY", From: "Practice", To: "City", Doc: "a city that took up the practice", Fields: []FieldSpec{since, noteF}},
	{Type: "ADAPTED_FROM", From: "Practice", To: "Practice", Doc: "the practice this one was adapted from, in another city or source", Fields: []FieldSpec{noteF}},
	{Type: "SIMILAR_TO", From: "Practice", To: "Practice", Doc: "a practice of another city or source that does much the same", Fields: []FieldSpec{noteF}, Symmetric: true},
	{Type: "ASSESSES", From: "Assessment", To: "Practice", Doc: "the practice the statement is about"},
	{Type: "MADE_AT", From: "Assessment", To: "Event", Doc: "where the assessment was made"},
	{Type: "AWARDED_TO", From: "Grant", To: "City", Doc: "a city that received or shared the grant", Fields: []FieldSpec{role}},
	{Type: "AWARDED_BY", From: "Grant", To: "Organisation"},
	{Type: "PART_OF_NETWORK", From: "Grant", To: "Network", Doc: "the network whose programme gave the grant"},
	{Type: "FUNDED_BY", From: "Project", To: "Organisation", Fields: []FieldSpec{role}},
	{Type: "PARTNER", From: "Project", To: "Organisation", Doc: "a partner organisation of the project", Fields: []FieldSpec{role}},
	{Type: "INVOLVES_CITY", From: "Project", To: "City", Doc: "a city taking part in the project", Fields: []FieldSpec{role}},
	{Type: "IN_COUNTRY", From: "Project", To: "Country"},
	{Type: "HAS_THEME", From: "Project", To: "Theme"},
	{Type: "PUBLISHED_BY", From: "Publication", To: "Organisation", Fields: []FieldSpec{role}},
	{Type: "ADOPTED_BY_ORG", From: "Publication", To: "Organisation", Doc: "the body that adopted the document", Fields: []FieldSpec{dateF}},
	{Type: "TRANSLATION_OF", From: "Publication", To: "Publication", Doc: "the publication is a translation of the other"},
	{Type: "FROM_PROJECT", From: "Publication", To: "Project"},
	{Type: "SUPPORTS", From: "Publication", To: "Publication", Doc: "a tool produced to support the other document's implementation"},
	{Type: "ABOUT_PRACTICE", From: "Publication", To: "Practice"},
	{Type: "HAS_THEME", From: "Publication", To: "Theme"},
	{Type: "ABOUT", From: "IndexReport", To: "City", Doc: "the city the report or profile is about"},
	{Type: "PART_OF_PROJECT", From: "IndexReport", To: "Project"},
	{Type: "FOLLOWS", From: "IndexReport", To: "Event", Doc: "the expert visit the profile came from"},
	{Type: "HOSTED_BY", From: "Network", To: "Organisation", Doc: "the organisation whose programme the network is"},
	{Type: "HELD_BY", From: "Event", To: "Organisation", Doc: "the body whose meeting it was"},
	{Type: "MEMBER_OF_NETWORK", From: "Organisation", To: "Network", Fields: []FieldSpec{since, untilF, role}},
	{Type: "PRODUCED", From: "Event", To: "Publication", Doc: "a document the event or its work produced"},
}

// Kinds returns the entity families in a stable order.
func Kinds() []KindSpec { return append([]KindSpec(nil), kinds...) }

// KindOf returns the spec of the named kind.
func KindOf(k Kind) (KindSpec, bool) {
	for _, s := range kinds {
		if s.Kind == k {
			return s, true
		}
	}
	return KindSpec{}, false
}

// Rels returns the relationship types in a stable order.
func Rels() []RelSpec { return append([]RelSpec(nil), rels...) }

// RelOf returns the spec of the relationship type leaving kind from.
func RelOf(from Kind, typ string) (RelSpec, bool) {
	for _, r := range rels {
		if r.From == from && r.Type == typ {
			return r, true
		}
	}
	return RelSpec{}, false
}
