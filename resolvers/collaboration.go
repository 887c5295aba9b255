package resolvers

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers/model"
)

// collabKinds turns the API's kinds into the store's; empty stays empty (the default).
func collabKinds(kinds []model.CollaborationKind) []graph.CollaborationKind {
	out := make([]graph.CollaborationKind, 0, len(kinds))
	for _, k := range kinds {
		out = append(out, graph.CollaborationKind(k))
	}
	return out
}

// collaborative wraps the node cities collaborate through as its GraphQL type.
func collaborative(n graph.Node) model.Collaborative {
	switch n.Kind {
	case graph.KindGrant:
		return model.NewGrant(n)
	case graph.KindProject:
		return model.NewProject(n)
	case graph.KindEvent:
		return model.NewEvent(n)
	case graph.KindNetwork:
		return model.NewNetwork(n)
	}
	return nil
}

// collaborativeNode returns the node behind a Collaborative.
func collaborativeNode(c model.Collaborative) graph.Node {
	switch v := c.(type) {
	case *model.Grant:
		return v.Node
	case *model.Project:
		return v.Node
	case *model.Event:
		return v.Node
	case *model.Network:
		return v.Node
	}
	return graph.Node{}
}

func collaborationOut(c graph.Collaboration) model.Collaboration {
	out := model.Collaboration{
		Kind: model.CollaborationKind(c.Kind), City: model.NewCity(c.City), Partner: model.NewCity(c.Partner),
		Via: collaborative(c.Via), Year: c.Year, Role: c.Role(), PartnerRole: c.PartnerRole(),
		CityIsHost: c.CityHost, PartnerIsHost: c.PartnerHost, Weight: c.Kind.Weight(),
	}
	if c.Date != "" {
		d := c.Date
		out.Date = &d
	}
	return out
}

func collaborationsOut(cs []graph.Collaboration) []model.Collaboration {
	out := make([]model.Collaboration, 0, len(cs))
	for _, c := range cs {
		out = append(out, collaborationOut(c))
	}
	return out
}

func partnersOut(ps []graph.Partner) []model.Partner {
	out := make([]model.Partner, 0, len(ps))
	for _, p := range ps {
		kinds := make([]model.CollaborationKind, 0, len(p.Kinds))
		for _, k := range p.Kinds {
			kinds = append(kinds, model.CollaborationKind(k))
		}
		out = append(out, model.Partner{
			City: model.NewCity(p.City), Count: len(p.Collaborations), Strength: p.Strength, Kinds: kinds,
			FirstYear: p.FirstYear, LastYear: p.LastYear, Collaborations: collaborationsOut(p.Collaborations),
		})
	}
	return out
}

func pathOut(p graph.CollaborationPath) model.CollaborationPath {
	out := model.CollaborationPath{Length: len(p.Steps), Steps: []model.CollaborationStep{}, Cities: []model.City{}}
	for _, s := range p.Steps {
		out.Steps = append(out.Steps, model.CollaborationStep{
			From: model.NewCity(s.From), To: model.NewCity(s.To), Kind: model.CollaborationKind(s.Kind),
			Via: collaborative(s.Via), Year: s.Year,
		})
	}
	for _, c := range p.Cities() {
		out.Cities = append(out.Cities, *model.NewCity(c))
	}
	return out
}

// explanation says a step in words in lang (English for a language the sentences lack),
// with the names in that language where they have it.
func explanation(s *model.CollaborationStep, lang *model.Lang) string {
	code := langCode(lang)
	phrase := func(key string) string { return graph.LabelOf(graph.EnumConnectionPhrase, key, code) }
	from, to := s.From.Node.Label(code), s.To.Node.Label(code)
	via := collaborativeNode(s.Via).Label(code)
	year := ""
	if s.Year != nil {
		key := "year"
		if s.Kind == model.CollaborationKindNetwork {
			key = "since"
		}
		year = fmt.Sprintf(phrase(key), *s.Year)
	}
	what := graph.LabelOf(graph.EnumCollaborationVerb, string(s.Kind), code)
	return fmt.Sprintf(phrase("step"), from, to, what, via, year)
}

func countsOut(cs []graph.Count, name func(key string) *graph.Text) []model.Count {
	out := make([]model.Count, 0, len(cs))
	for _, c := range cs {
		mc := model.Count{Key: c.Key, Count: c.Count}
		if !c.Name.IsZero() {
			n := c.Name
			mc.Name = &n
		} else if name != nil {
			mc.Name = name(c.Key)
		}
		out = append(out, mc)
	}
	return out
}

func statsOut(s graph.Stats) *model.Stats {
	return &model.Stats{
		Totals:                  countsOut(s.Totals, nil),
		CitiesPerCountry:        countsOut(s.CitiesPerCountry, nil),
		CitiesPerJoinYear:       countsOut(s.CitiesPerJoinYear, nil),
		PracticesPerTheme:       countsOut(s.PracticesPerTheme, nil),
		PracticesPerPrinciple:   countsOut(s.PracticesPerPrinciple, nil),
		GrantsPerYear:           countsOut(s.GrantsPerYear, nil),
		PublicationsPerLanguage: countsOut(s.PublicationsPerLanguage, languageName),
		PublicationsPerType:     countsOut(s.PublicationsPerType, nil),
		EventsPerYear:           countsOut(s.EventsPerYear, nil),
		EventsPerType:           countsOut(s.EventsPerType, nil),
		AssessmentsPerKind:      countsOut(s.AssessmentsPerKind, nil),
		PracticesPerCountry:     countsOut(s.PracticesPerCountry, nil),
		PracticesPerStatus:      countsOut(s.PracticesPerStatus, nil),
		PracticesPerArea:        countsOut(s.PracticesPerArea, nil),
		GrantsPerCountry:        countsOut(s.GrantsPerCountry, nil),
		CollaborationsPerKind:   countsOut(s.CollaborationsPerKind, nil),
		CollaborationsPerYear:   countsOut(s.CollaborationsPerYear, nil),
	}
}

// languageNames names the languages of graph.Languages in the five languages of the
// labels (English, French, Spanish, Italian, Portuguese), then in the language itself.
var languageNames = map[string]struct {
	label graph.Label
	own   string
}{
	"fr": {graph.Label{EN: "French", FR: "français", ES: "francés", IT: "francese", PT: "francês"}, "français"},
	"en": {graph.Label{EN: "English", FR: "anglais", ES: "inglés", IT: "inglese", PT: "inglês"}, "English"},
	"es": {graph.Label{EN: "Spanish", FR: "espagnol", ES: "español", IT: "spagnolo", PT: "espanhol"}, "español"},
	"it": {graph.Label{EN: "Italian", FR: "italien", ES: "italiano", IT: "italiano", PT: "italiano"}, "italiano"},
	"pl": {graph.Label{EN: "Polish", FR: "polonais", ES: "polaco", IT: "polacco", PT: "polaco"}, "polski"},
	"de": {graph.Label{EN: "German", FR: "allemand", ES: "alemán", IT: "tedesco", PT: "alemão"}, "Deutsch"},
	"pt": {graph.Label{EN: "Portuguese", FR: "portugais", ES: "portugués", IT: "portoghese", PT: "português"}, "português"},
	"uk": {graph.Label{EN: "Ukrainian", FR: "ukrainien", ES: "ucraniano", IT: "ucraino", PT: "ucraniano"}, "українська"},
	"ja": {graph.Label{EN: "Japanese", FR: "japonais", ES: "japonés", IT: "giapponese", PT: "japonês"}, "日本語"},
	"fi": {graph.Label{EN: "Finnish", FR: "finnois", ES: "finés", IT: "finlandese", PT: "finlandês"}, "suomi"},
	"sv": {graph.Label{EN: "Swedish", FR: "suédois", ES: "sueco", IT: "svedese", PT: "sueco"}, "svenska"},
	"no": {graph.Label{EN: "Norwegian", FR: "norvégien", ES: "noruego", IT: "norvegese", PT: "norueguês"}, "norsk"},
	"lt": {graph.Label{EN: "Lithuanian", FR: "lituanien", ES: "lituano", IT: "lituano", PT: "lituano"}, "lietuvių"},
	"lv": {graph.Label{EN: "Latvian", FR: "letton", ES: "letón", IT: "lettone", PT: "letão"}, "latviešu"},
	"ca": {graph.Label{EN: "Catalan", FR: "catalan", ES: "catalán", IT: "catalano", PT: "catalão"}, "català"},
	"eu": {graph.Label{EN: "Basque", FR: "basque", ES: "vasco", IT: "basco", PT: "basco"}, "euskara"},
}

// languageName returns the name of a language code as a text, nil for an unknown code.
func languageName(code string) *graph.Text {
	n, ok := languageNames[code]
	if !ok {
		return nil
	}
	t := graph.Text{Orig: "en", Values: map[string]string{}}
	for _, lang := range []string{"en", "fr", "es", "it", "pt"} {
		t.Values[lang] = n.label.In(lang)
	}
	t.Values[code] = n.own
	return &t
}

// langCode returns the ISO 639-1 code of lang, "en" when none is given: labels fall
// back to English in a language they lack.
func langCode(lang *model.Lang) string {
	return model.CodeOr(lang, "en")
}

// connection builds the answer of collaborationConnection: the paths found, and what
// would connect the cities otherwise (networks and meetings both belong to, themes of
// practices both run), from the collaborations of kinds off by default.
func (r *Resolver) connection(ctx context.Context, from, to string, paths []graph.CollaborationPath) (*model.CollaborationConnection, error) {
	nodes, err := r.Store.Nodes(ctx, graph.KindCity, []string{from, to})
	if err != nil {
		return nil, fmt.Errorf("collaboration connection: %w", err)
	}
	out := &model.CollaborationConnection{From: model.NewCity(nodes[from]), To: model.NewCity(nodes[to]), Connected: len(paths) > 0,
		Paths: []model.CollaborationPath{}, SharedNetworks: []model.Network{}, CoAttendedMeetings: []model.Event{}, SharedThemes: []model.Theme{}}
	for _, p := range paths {
		out.Paths = append(out.Paths, pathOut(p))
	}
	cs, err := r.Collab.Collaborations(ctx, from, graph.CollaborationFilter{Kinds: []graph.CollaborationKind{graph.CollaborationMeeting, graph.CollaborationNetwork}})
	if err != nil {
		return nil, fmt.Errorf("collaboration connection: %w", err)
	}
	seen := map[string]bool{}
	for _, c := range cs {
		if c.Partner.ID != to || seen[c.Via.ID] {
			continue
		}
		seen[c.Via.ID] = true
		if c.Kind == graph.CollaborationNetwork {
			out.SharedNetworks = append(out.SharedNetworks, *model.NewNetwork(c.Via))
		} else {
			out.CoAttendedMeetings = append(out.CoAttendedMeetings, *model.NewEvent(c.Via))
		}
	}
	themes, err := r.Collab.SharedThemes(ctx, from, to)
	if err != nil {
		return nil, fmt.Errorf("collaboration connection: %w", err)
	}
	out.SharedThemes = mapNodes(themes, model.NewTheme)
	return out, nil
}

// suggestions says, one sentence each in lang, what would connect two cities that no
// real collaboration links; none when they are connected.
func suggestions(c *model.CollaborationConnection, code string) []string {
	out := []string{}
	if c.Connected {
		return out
	}
	say := func(key string, n graph.Node) {
		out = append(out, fmt.Sprintf(graph.LabelOf(graph.EnumConnectionPhrase, key, code), n.Label(code)))
	}
	for _, n := range c.SharedNetworks {
		say("network", n.Node)
	}
	for _, e := range c.CoAttendedMeetings {
		say("meeting", e.Node)
	}
	for _, t := range c.SharedThemes {
		say("theme", t.Node)
	}
	return out
}

// statsSelected returns the breakdowns of Stats the request selects, so that only
// those are computed; nil (every one) when it selects none by name.
func statsSelected(ctx context.Context) []string {
	var names []string
	for _, f := range graphql.CollectFieldsCtx(ctx, []string{"Stats"}) {
		if f.Name != "__typename" {
			names = append(names, f.Name)
		}
	}
	return names
}
