package neo4jstore

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/practicegraph/practicegraph/graph"
)

var _ graph.ListStore = (*Store)(nil)

// listSpec is what one kind's list may be filtered and sorted by. Every clause reads
// its value from the parameter named like the filter; every relationship type and label
// in it comes from the kinds table, checked when the package loads.
type listSpec struct {
	filters map[string]string // WHERE clause by filter name
	orders  map[string]string // sort expression over n by order key
}

// hopOut and hopIn name the hops a node starts and ends, for a short table.
var hopOut, hopIn = graph.Outgoing, graph.Incoming

// linked returns a clause true when the one-hop path along steps leads from n to a node
// whose properties match last (e.g. "{id: $country}"). graph.NewPath panics on a hop the
// kinds table does not declare, so a wrong table fails every test rather than a user's query.
func linked(from graph.Kind, last string, steps ...graph.Hop) string {
	to := steps[len(steps)-1].Kind
	return existsPath("n", graph.NewPath("list filter", from, to, graph.Via(steps...)), last)
}

// along returns a clause true when a named path leads from n to a node matching last.
// When last names an id, the clause is also recorded in anchors, so that a list
// filtered by it can start from that one node instead of scanning its label.
func along(p graph.Path, last string) string {
	clause := existsPath("n", p, last)
	if strings.HasPrefix(last, "{id: $") && !p.IsZero() {
		anchors[clause] = anchor{path: p, last: last}
	}
	return clause
}

// anchor is a path a list's nodes reach the node of a filter's id by.
type anchor struct {
	path graph.Path
	last string
}

// anchors holds the anchor of each filter clause along() wrote; filled when the
// package loads, read-only after.
var anchors = map[string]anchor{}

// candidates is a subquery yielding, as n, each node of kind k the anchor's path leads
// from to the filter's node, once. The planner starts each route at that node, found
// through the uniqueness constraint on :<Kind>(id), instead of scanning k's label.
func (a anchor) candidates(k graph.Kind) string {
	last := ":" + string(a.path.To) + " " + a.last
	var parts []string
	for _, r := range a.path.Routes {
		if len(r) == 0 {
			parts = append(parts, fmt.Sprintf("MATCH (n:%s %s) RETURN DISTINCT n", k, a.last))
			continue
		}
		parts = append(parts, "MATCH "+routeCypher("n:"+string(k), r, last)+" RETURN DISTINCT n")
	}
	return "CALL () {\n    " + strings.Join(parts, "\n    UNION\n    ") + "\n  }"
}

// byID matches the node whose id is the named parameter.
func byID(param string) string { return "{id: $" + param + "}" }

// anyOf joins alternative clauses.
func anyOf(clauses ...string) string { return "(" + strings.Join(clauses, " OR ") + ")" }

// eq compares a property of n with the named parameter, checking the kind has it.
func eq(k graph.Kind, prop, param string) string {
	mustField(k, prop)
	return fmt.Sprintf("n.%s = $%s", prop, param)
}

func mustField(k graph.Kind, prop string) {
	if !hasField(k, prop) {
		panic(fmt.Sprintf("neo4jstore: list of %s uses field %s, which graph/kinds.go does not declare", k, prop))
	}
}

func hasField(k graph.Kind, name string) bool {
	spec, _ := graph.KindOf(k)
	_, ok := spec.Field(name)
	return ok
}

// nameContains matches a case-insensitive part of a Text field in any language, or of
// a plain field, or of an alias.
func nameContains(k graph.Kind, param string, textField string, plain ...string) string {
	p := "toLower($" + param + ")"
	var alts []string
	if textField != "" {
		mustField(k, textField)
		alts = append(alts, fmt.Sprintf("any(key IN keys(n) WHERE key STARTS WITH '%s_' AND key <> '%s_orig' AND toLower(n[key]) CONTAINS %s)", textField, textField, p))
	}
	for _, f := range plain {
		mustField(k, f)
		alts = append(alts, fmt.Sprintf("toLower(coalesce(n.%s, '')) CONTAINS %s", f, p))
	}
	if hasField(k, "aliases") {
		alts = append(alts, "any(a IN coalesce(n.aliases, []) WHERE toLower(a) CONTAINS "+p+")")
	}
	return anyOf(alts...)
}

// english sorts by a Text field's English value, else its original, ignoring case.
func english(k graph.Kind, field string) string {
	mustField(k, field)
	return fmt.Sprintf("toLower(coalesce(n.%[1]s_en, n['%[1]s_' + n.%[1]s_orig]))", field)
}

// prop sorts by a plain property.
func prop(k graph.Kind, field string) string {
	mustField(k, field)
	return "n." + field
}

const (
	city    = graph.KindCity
	country = graph.KindCountry
)

// lists declares the list of each kind the API pages through.
var lists = map[graph.Kind]listSpec{
	graph.KindCity: {
		filters: map[string]string{
			"country":      along(graph.CountryOf(city), byID("country")),
			"network":      along(graph.NetworksOfCity, byID("network")),
			"joinedYear":   "EXISTS { (n)" + hopCypher(hopOut(graph.RelMemberOf, graph.KindNetwork), "m", ":Network {id: $iccNetwork}") + " WHERE m." + graph.LinkFieldSince + " = $joinedYear }",
			"sizeBand":     eq(city, graph.FieldCitySizeBand, "sizeBand"),
			"event":        along(graph.EventsOfCity, byID("event")),
			"nameContains": nameContains(city, "nameContains", graph.FieldCityName),
		},
		orders: map[string]string{
			"NAME":        english(city, graph.FieldCityName),
			"JOINED_YEAR": "head([(n)" + hopCypher(hopOut(graph.RelMemberOf, graph.KindNetwork), "m", ":Network {id: $iccNetwork}") + " | m." + graph.LinkFieldSince + "])",
		},
	},
	graph.KindPractice: {
		filters: map[string]string{
			"city":         along(graph.CitiesOf(graph.KindPractice), byID("city")),
			"country":      along(graph.CountryOf(graph.KindPractice), byID("country")),
			"theme":        along(graph.ThemesOf(graph.KindPractice), byID("theme")),
			"principle":    along(graph.ThemesOf(graph.KindPractice), "{id: $principle, "+graph.FieldThemeType+": 'principle'}"),
			"year":         eq(graph.KindPractice, graph.FieldPracticeStartYear, "year"),
			"organisation": linked(graph.KindPractice, byID("organisation"), hopOut(graph.RelInvolves, graph.KindOrganisation)),
			"status":       eq(graph.KindPractice, graph.FieldPracticeStatus, "status"),
			"grant":        linked(graph.KindPractice, byID("grant"), hopOut(graph.RelFundedBy, graph.KindGrant)),
		},
		orders: map[string]string{
			"NAME":       english(graph.KindPractice, graph.FieldPracticeName),
			"START_YEAR": prop(graph.KindPractice, graph.FieldPracticeStartYear),
		},
	},
	graph.KindGrant: {
		filters: map[string]string{
			"year":      eq(graph.KindGrant, graph.FieldGrantYear, "year"),
			"city":      along(graph.GrantsOfCity.Reverse("cities of a grant"), byID("city")),
			"awardedBy": linked(graph.KindGrant, byID("awardedBy"), hopOut(graph.RelAwardedBy, graph.KindOrganisation)),
			"country":   linked(graph.KindGrant, byID("country"), hopOut(graph.RelAwardedTo, graph.KindCity), hopOut(graph.RelInCountry, graph.KindCountry)),
			"programme": nameContains(graph.KindGrant, "programme", graph.FieldGrantProgramme),
		},
		orders: map[string]string{
			"YEAR": prop(graph.KindGrant, graph.FieldGrantYear),
			"NAME": english(graph.KindGrant, graph.FieldGrantName),
		},
	},
	graph.KindPerson: {
		filters: map[string]string{
			"city":         along(graph.CitiesOf(graph.KindPerson), byID("city")),
			"organisation": along(graph.PeopleOfOrganisation.Reverse("organisations of a person"), byID("organisation")),
			"network":      linked(graph.KindPerson, byID("network"), hopOut(graph.RelCoordinates, graph.KindNetwork)),
			"event":        linked(graph.KindPerson, byID("event"), hopOut(graph.RelParticipatedIn, graph.KindEvent)),
			"nameContains": nameContains(graph.KindPerson, "nameContains", "", graph.FieldPersonName),
		},
		orders: map[string]string{"NAME": "toLower(" + prop(graph.KindPerson, graph.FieldPersonName) + ")"},
	},
	graph.KindOrganisation: {
		filters: map[string]string{
			"type":         eq(graph.KindOrganisation, graph.FieldOrganisationType, "type"),
			"city":         along(graph.CitiesOf(graph.KindOrganisation), byID("city")),
			"country":      along(graph.CountryOf(graph.KindOrganisation), byID("country")),
			"nameContains": nameContains(graph.KindOrganisation, "nameContains", graph.FieldOrganisationName, graph.FieldOrganisationAcronym),
		},
		orders: map[string]string{"NAME": english(graph.KindOrganisation, graph.FieldOrganisationName)},
	},
	graph.KindProject: {
		filters: map[string]string{
			"city":         along(graph.CitiesOf(graph.KindProject), byID("city")),
			"country":      along(graph.CountryOf(graph.KindProject), byID("country")),
			"organisation": along(graph.PartnersOfProject, byID("organisation")),
		},
		orders: map[string]string{"NAME": english(graph.KindProject, graph.FieldProjectName)},
	},
	graph.KindNetwork: {
		filters: map[string]string{
			"scope":   eq(graph.KindNetwork, graph.FieldNetworkScope, "scope"),
			"country": along(graph.CountryOf(graph.KindNetwork), byID("country")),
		},
		orders: map[string]string{"NAME": english(graph.KindNetwork, graph.FieldNetworkName)},
	},
	graph.KindPublication: {
		filters: map[string]string{
			"language":      "$language IN coalesce(n.languages, [])",
			"type":          eq(graph.KindPublication, graph.FieldPublicationType, "type"),
			"year":          eq(graph.KindPublication, graph.FieldPublicationYear, "year"),
			"organisation":  linked(graph.KindPublication, byID("organisation"), hopOut(graph.RelPublishedBy, graph.KindOrganisation)),
			"project":       linked(graph.KindPublication, byID("project"), hopOut(graph.RelFromProject, graph.KindProject)),
			"isTranslation": "(" + linked(graph.KindPublication, "", hopOut(graph.RelTranslationOf, graph.KindPublication)) + ") = $isTranslation",
		},
		orders: map[string]string{
			"TITLE": english(graph.KindPublication, graph.FieldPublicationTitle),
			"YEAR":  prop(graph.KindPublication, graph.FieldPublicationYear),
		},
	},
	graph.KindCountry: {
		orders: map[string]string{"NAME": english(country, graph.FieldCountryName)},
	},
	graph.KindTheme: {
		filters: map[string]string{"type": eq(graph.KindTheme, graph.FieldThemeType, "type")},
		orders:  map[string]string{"NAME": english(graph.KindTheme, graph.FieldThemeName)},
	},
	graph.KindEvent: {
		filters: map[string]string{
			// Dates are YYYY-MM-DD, YYYY-MM or YYYY: the year is always the first four characters.
			"year":        "substring(" + prop(graph.KindEvent, graph.FieldEventStartDate) + ", 0, 4) = toString($year)",
			"type":        eq(graph.KindEvent, graph.FieldEventType, "type"),
			"city":        along(graph.PlacesOfEvent, byID("city")),
			"country":     along(graph.CountryOf(graph.KindEvent), byID("country")),
			"parent":      along(graph.ParentOfEvent, byID("parent")),
			"topLevel":    "(" + along(graph.ParentOfEvent, "") + ") <> $topLevel",
			"participant": linked(graph.KindEvent, byID("participant"), hopIn(graph.RelParticipatedIn, graph.KindPerson)),
		},
		orders: map[string]string{
			// Sessions of one day sort by their start time, else their end time, as
			// Event.sessions does.
			"START_DATE": prop(graph.KindEvent, graph.FieldEventStartDate) + " + ' ' + coalesce(n." + graph.FieldEventStartTime + ", n." + graph.FieldEventEndTime + ", '')",
			"NAME":       english(graph.KindEvent, graph.FieldEventName),
		},
	},
}

// List returns one page of a kind's nodes and the total, in one round trip.
func (s *Store) List(ctx context.Context, q graph.ListQuery) (graph.ListPage, error) {
	cypher, params, err := listCypher(q)
	if err != nil {
		return graph.ListPage{}, err
	}
	recs, err := s.read(ctx, cypher, params)
	if err != nil {
		return graph.ListPage{}, fmt.Errorf("neo4j: list %s: %w", q.Kind, err)
	}
	page := graph.ListPage{Total: int(recs[0].Values[0].(int64))}
	if len(q.Hops) > 0 {
		page.Edges = map[*graph.TreeHop]map[graph.Ref][]graph.Edge{}
	}
	for _, row := range recs[0].Values[1].([]any) {
		item := row.([]any)
		n := decodeNode(q.Kind, item[0].(map[string]any))
		page.Nodes = append(page.Nodes, n)
		page.Keys = append(page.Keys, graph.ListKey{Value: item[1], ID: n.ID})
		if len(item) > 2 && item[2] != nil {
			decodeTreeHops(page.Edges, n.Ref(), q.Hops, item[2])
		}
	}
	if q.FromEnd {
		// Read from the end backwards; the page reads in the list's order.
		slices.Reverse(page.Nodes)
		slices.Reverse(page.Keys)
	}
	return page, nil
}

// keysetBounds returns the clauses keeping the nodes strictly after q.After and before
// q.Before in the order (k, then id; missing keys last), with their parameters. less is
// the comparison of keys in the list's direction ("<" ascending, ">" descending).
func keysetBounds(q graph.ListQuery, less string, params map[string]any) []string {
	more := map[string]string{"<": ">", ">": "<"}[less]
	var out []string
	if a := q.After; a != nil {
		params["afterId"] = a.ID
		if a.Value == nil {
			out = append(out, "k IS NULL AND n.id > $afterId")
		} else {
			params["afterK"] = a.Value
			out = append(out, fmt.Sprintf("(k IS NULL OR k %s $afterK OR (k = $afterK AND n.id > $afterId))", more))
		}
	}
	if b := q.Before; b != nil {
		params["beforeId"] = b.ID
		if b.Value == nil {
			out = append(out, "(k IS NOT NULL OR n.id < $beforeId)")
		} else {
			params["beforeK"] = b.Value
			out = append(out, fmt.Sprintf("(k IS NOT NULL AND (k %s $beforeK OR (k = $beforeK AND n.id < $beforeId)))", less))
		}
	}
	return out
}

// listCypher checks q against the kind's list and builds its query. Filters and the
// page bounds travel as parameters; only clauses and sort expressions of the fixed
// table above enter the query text.
func listCypher(q graph.ListQuery) (string, map[string]any, error) {
	spec, ok := lists[q.Kind]
	if !ok {
		return "", nil, graph.Errorf(graph.EINVALID, "there is no list of %s", q.Kind)
	}
	if q.Skip < 0 || q.Limit < 0 || q.HopsLimit < 0 {
		return "", nil, graph.Errorf(graph.EINVALID, "a page cannot start or end before the first item")
	}
	hops, err := treeHopsCypher("n", q.Kind, q.Hops)
	if err != nil {
		return "", nil, err
	}
	params := map[string]any{"skip": q.Skip, "limit": q.Limit, "iccNetwork": graph.ICCNetwork}
	var where []string
	// The list starts from the node of the first filter that names one; that filter
	// then holds by construction.
	start := fmt.Sprintf("MATCH (n:%s)", q.Kind)
	anchored := false
	for _, name := range slices.Sorted(maps.Keys(q.Filters)) {
		v := q.Filters[name]
		clause, ok := spec.filters[name]
		if !ok {
			return "", nil, graph.Errorf(graph.EINVALID, "%s lists have no filter %q; they filter by %s", q.Kind, name, strings.Join(slices.Sorted(maps.Keys(spec.filters)), ", "))
		}
		if err := checkFilterValue(q.Kind, name, v); err != nil {
			return "", nil, err
		}
		params[name] = v
		if a, ok := anchors[clause]; ok && !anchored {
			start, anchored = a.candidates(q.Kind), true
			continue
		}
		where = append(where, clause)
	}
	key, ok := spec.orders[q.Order]
	if !ok {
		return "", nil, graph.Errorf(graph.EINVALID, "%s lists cannot be sorted by %q; they sort by %s", q.Kind, q.Order, strings.Join(slices.Sorted(maps.Keys(spec.orders)), ", "))
	}
	dir, less := "ASC", "<"
	if q.Desc {
		dir, less = "DESC", ">"
	}
	filter := ""
	if len(where) > 0 {
		filter = "WITH n WHERE " + strings.Join(where, "\n  AND ")
	}
	bounds := ""
	if b := keysetBounds(q, less, params); len(b) > 0 {
		bounds = "WHERE " + strings.Join(b, "\n    AND ")
	}
	// From the end: the same order reversed, so the top-k sort stops at the page.
	order := fmt.Sprintf("k IS NULL, k %s, n.id", dir)
	if q.FromEnd {
		rev := map[string]string{"ASC": "DESC", "DESC": "ASC"}[dir]
		order = fmt.Sprintf("k IS NULL DESC, k %s, n.id DESC", rev)
	}
	// Starts from a filter's node when one names it (see anchor), else scans the
	// kind's label; each other filter is an EXISTS anchored on n that reaches its
	// target through the uniqueness constraint on :<Kind>(id). The total is a count of
	// its own, without sort keys; the page is a top-k sort that stops at skip + limit
	// rows and reads the properties of the page's nodes only. Missing sort keys go last
	// in both directions; the id breaks ties, so the order is total and a node's (key,
	// id) is a position that keyset bounds (After, Before) can resume from.
	//
	// The page's rows are [node, key], or [node, key, hops] with Hops: the tree below
	// each node, read by the pattern comprehensions the tree query uses (Tree), so a
	// page and the relationship fields selected below it cost one round trip. Past
	// HopsLimit rows the hops are null: CASE evaluates only the branch it takes.
	node := nodeProjection("n", q.Kind, q.Select)
	row := fmt.Sprintf("RETURN collect([%s, k]) AS page", node)
	if len(q.Hops) > 0 {
		row = fmt.Sprintf("RETURN collect([%s, k, %s]) AS page", node, hops)
		if q.HopsLimit > 0 && q.HopsLimit < q.Limit {
			// Numbers the page's rows, in order, to follow the hops from the first ones.
			params["hopsLimit"] = q.HopsLimit
			row = fmt.Sprintf(`WITH collect([n, k]) AS rows
  UNWIND range(0, size(rows) - 1) AS i
  WITH i, rows[i][0] AS n, rows[i][1] AS k
  RETURN collect([%s, k, CASE WHEN i < $hopsLimit THEN %s END]) AS page`, node, hops)
		}
	}
	count, total := fmt.Sprintf("CALL () {\n  %s\n  %s\n  RETURN count(n) AS total\n}\n", start, filter), "total"
	if q.NoTotal {
		count, total = "", "0"
	}
	cypher := fmt.Sprintf(`%[6]sCALL () {
  %[1]s
  %[2]s
  WITH n, %[3]s AS k
  %[4]s
  ORDER BY %[5]s
  SKIP $skip LIMIT $limit
  %[7]s
}
RETURN %[8]s AS total, page`, start, filter, key, bounds, order, count, row, total)
	return cypher, params, nil
}

// checkFilterValue refuses a value outside the allowed values of the field the filter
// is named after (type, status, scope, sizeBand), or an unknown language.
func checkFilterValue(k graph.Kind, name string, v any) error {
	if name == "language" {
		if s, _ := v.(string); !graph.IsLanguage(s) {
			return graph.Errorf(graph.EINVALID, "language %q is not one of %s", v, strings.Join(graph.Languages, ", "))
		}
		return nil
	}
	spec, _ := graph.KindOf(k)
	f, ok := spec.Field(name)
	if !ok || f.Type != graph.FieldEnum {
		return nil
	}
	s, _ := v.(string)
	for _, allowed := range f.Values {
		if s == allowed {
			return nil
		}
	}
	return graph.Errorf(graph.EINVALID, "%s %q is not one of %s", name, v, strings.Join(f.Values, ", "))
}
