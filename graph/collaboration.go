package graph

import (
	"context"
	"sort"
	"strconv"
	"strings"
)

// CollaborationStore traces how cities collaborate, through grants, projects, events
// and networks, and computes the dashboards' breakdowns.
type CollaborationStore interface {
	// Collaborations returns a city's collaborations in time order, undated ones last.
	// Returns ENOTFOUND for an unknown city, EINVALID for a bad filter.
	Collaborations(ctx context.Context, cityID string, f CollaborationFilter) ([]Collaboration, error)
	// CollaborationsOf returns the collaborations of many cities at once, by city id;
	// unknown cities are absent from the map. Returns EINVALID for a bad filter.
	CollaborationsOf(ctx context.Context, cityIDs []string, f CollaborationFilter) (map[string][]Collaboration, error)
	// NetworkCollaborations returns the collaborations between two members of a network,
	// in time order. Returns ENOTFOUND for an unknown network, EINVALID for unknown kinds.
	NetworkCollaborations(ctx context.Context, networkID string, kinds []CollaborationKind) ([]Collaboration, error)
	// CollaborationPaths returns the shortest chains of collaborations from one city to
	// another, at most MaxCollaborationPaths of them, none longer than maxSteps. Returns
	// ENOTFOUND for an unknown city, EINVALID when from is to or maxSteps is out of range.
	CollaborationPaths(ctx context.Context, from, to string, kinds []CollaborationKind, maxSteps int) ([]CollaborationPath, error)
	// CollaborationGraph returns every collaboration once, optionally only those of one
	// year. Returns EINVALID for unknown kinds.
	CollaborationGraph(ctx context.Context, year *int, kinds []CollaborationKind) (CollaborationGraph, error)
	// SharedThemes returns the themes of practices both cities run, by id, for
	// suggesting what would connect two cities.
	SharedThemes(ctx context.Context, a, b string) ([]Node, error)
	// Stats returns the dashboards' counts and breakdowns; each breakdown of one entity
	// kind counts every entity once, under Unknown when the graph says nothing. only
	// names the breakdowns to compute by their GraphQL names (collaborationsPerKind,
	// practicesPerCountry…), every one when empty; the others stay nil. Returns EINVALID
	// for an unknown name.
	Stats(ctx context.Context, only ...string) (Stats, error)
}

// CollaborationKind says what links two collaborating cities.
type CollaborationKind string

// The kinds of collaboration, in the order the API lists them. Three of them come from
// events; ClassifyEvent says which.
const (
	CollaborationGrant      CollaborationKind = "GRANT"       // both received or shared the same grant
	CollaborationProject    CollaborationKind = "PROJECT"     // both take part in the same joint project
	CollaborationStudyVisit CollaborationKind = "STUDY_VISIT" // a study visit or exchange between the cities
	CollaborationEvent      CollaborationKind = "EVENT"       // both hosted, organised or were the place of the same event
	CollaborationMeeting    CollaborationKind = "MEETING"     // co-attendance: at least one only took part
	CollaborationNetwork    CollaborationKind = "NETWORK"     // both are members of the same network
)

// collaborationWeights is what one collaboration of each kind adds to a partner's
// strength: money and joint work weigh most, travelling to each other next, sitting in
// the same room or the same network least.
var collaborationWeights = map[CollaborationKind]float64{
	CollaborationGrant:      5,
	CollaborationProject:    4,
	CollaborationStudyVisit: 3,
	CollaborationEvent:      3,
	CollaborationMeeting:    1,
	CollaborationNetwork:    1,
}

// Weight returns what one collaboration of kind k adds to a partner's strength.
func (k CollaborationKind) Weight() float64 { return collaborationWeights[k] }

// IsDefault reports whether k is used when no kinds are asked for.
func (k CollaborationKind) IsDefault() bool { return containsKind(DefaultCollaborationKinds(), k) }

// visitTypes are the event types that make an event a study visit or exchange.
var visitTypes = []string{"study-visit", "visit"}

// VisitEventTypes returns the event types that make an event a study visit or exchange.
func VisitEventTypes() []string { return append([]string(nil), visitTypes...) }

// ClassifyEvent returns the kind of a collaboration through an event of type eventType
// (the top event's, for sessions) between two cities, given whether each hosted,
// organised or was the place of it: a visit links every city in it; two hosts co-host;
// anything else is co-attendance.
func ClassifyEvent(eventType string, aHosts, bHosts bool) CollaborationKind {
	for _, t := range visitTypes {
		if eventType == t {
			return CollaborationStudyVisit
		}
	}
	if aHosts && bHosts {
		return CollaborationEvent
	}
	return CollaborationMeeting
}

// IsHostTie reports whether a city tied to an event by a relationship of type rel
// hosted, organised or was the place of it.
func IsHostTie(rel string) bool {
	return rel == RelHosted || rel == RelOrganisedByCity || rel == RelHeldIn
}

// Path lengths and counts the collaboration queries accept and return.
const (
	MaxCollaborationPaths = 10
	MaxCollaborationSteps = 6
)

var collaborationKinds = []CollaborationKind{CollaborationGrant, CollaborationProject, CollaborationStudyVisit,
	CollaborationEvent, CollaborationMeeting, CollaborationNetwork}

// CollaborationKinds returns every kind of collaboration, in the API's order.
func CollaborationKinds() []CollaborationKind {
	return append([]CollaborationKind(nil), collaborationKinds...)
}

// DefaultCollaborationKinds are the real collaborations, used when no kinds are asked
// for. Meetings and networks are left out: they link every participant or member to
// every other.
func DefaultCollaborationKinds() []CollaborationKind {
	return []CollaborationKind{CollaborationGrant, CollaborationProject, CollaborationStudyVisit, CollaborationEvent}
}

// Via returns the kind of node cities collaborate through.
func (k CollaborationKind) Via() Kind {
	switch k {
	case CollaborationGrant:
		return KindGrant
	case CollaborationProject:
		return KindProject
	case CollaborationStudyVisit, CollaborationEvent, CollaborationMeeting:
		return KindEvent
	case CollaborationNetwork:
		return KindNetwork
	}
	return ""
}

// CollaborationKindOf returns the kind of collaboration through a node of kind k; for
// events it is EVENT, to be refined with ClassifyEvent.
func CollaborationKindOf(k Kind) (CollaborationKind, bool) {
	if k == KindEvent {
		return CollaborationEvent, true
	}
	for _, c := range collaborationKinds {
		if c.Via() == k {
			return c, true
		}
	}
	return "", false
}

// ViaKinds returns, without duplicates, the first collaboration kind of each kind of
// node the kinds go through: the store fetches events once for all three event kinds.
func ViaKinds(kinds []CollaborationKind) []CollaborationKind {
	var out []CollaborationKind
	seen := map[Kind]bool{}
	for _, k := range kinds {
		if !seen[k.Via()] {
			seen[k.Via()] = true
			c, _ := CollaborationKindOf(k.Via())
			out = append(out, c)
		}
	}
	return out
}

// NormaliseCollaborationKinds returns kinds without duplicates in the API's order, the
// default kinds when it is empty. Returns EINVALID for an unknown kind.
func NormaliseCollaborationKinds(kinds []CollaborationKind) ([]CollaborationKind, error) {
	if len(kinds) == 0 {
		return DefaultCollaborationKinds(), nil
	}
	want := map[CollaborationKind]bool{}
	for _, k := range kinds {
		if k.Via() == "" {
			return nil, Errorf(EINVALID, "unknown collaboration kind %q", k)
		}
		want[k] = true
	}
	var out []CollaborationKind
	for _, k := range collaborationKinds {
		if want[k] {
			out = append(out, k)
		}
	}
	return out, nil
}

// CollaborationFilter narrows a city's collaborations. Zero values mean no filter.
type CollaborationFilter struct {
	Kinds    []CollaborationKind // empty: DefaultCollaborationKinds
	FromYear *int                // only collaborations of this year or later
	ToYear   *int                // only collaborations of this year or earlier
}

// Validate returns EINVALID for a year range that ends before it starts.
func (f CollaborationFilter) Validate() error {
	if f.FromYear != nil && f.ToYear != nil && *f.FromYear > *f.ToYear {
		return Errorf(EINVALID, "fromYear %d is after toYear %d", *f.FromYear, *f.ToYear)
	}
	return nil
}

// Keep reports whether c passes the year range. An undated collaboration passes only
// when no year bound is set, since it cannot be placed in the range.
func (f CollaborationFilter) Keep(c Collaboration) bool {
	if f.FromYear == nil && f.ToYear == nil {
		return true
	}
	if c.Year == nil {
		return false
	}
	return (f.FromYear == nil || *c.Year >= *f.FromYear) && (f.ToYear == nil || *c.Year <= *f.ToYear)
}

// Collaboration is one collaboration between two cities, through one grant, project,
// event or network. Sessions of a larger event count as that event.
type Collaboration struct {
	Kind        CollaborationKind
	City        Node
	Partner     Node
	Via         Node   // the Grant, Project, Event or Network
	Year        *int   // the grant's year, the project's or event's start, joining the network
	Date        string // the event's start date when known to the month or day, else ""
	CityLink    Link   // how the city is tied to Via; its "role" text is the city's role
	PartnerLink Link   // how the partner is tied to Via
	CityHost    bool   // the city hosted, organised or was the place of the event
	PartnerHost bool   // the partner hosted, organised or was the place of the event
}

// Role returns the city's role as the sources say, nil when they say none.
func (c Collaboration) Role() *Text { return linkRole(c.CityLink) }

// PartnerRole returns the partner's role as the sources say, nil when they say none.
func (c Collaboration) PartnerRole() *Text { return linkRole(c.PartnerLink) }

func linkRole(l Link) *Text {
	if t, ok := l.Texts[LinkFieldRole]; ok && !t.IsZero() {
		return &t
	}
	return nil
}

// SortCollaborations puts collaborations in time order, undated ones last; ties are
// broken by kind, the node collaborated through, then the cities' ids.
func SortCollaborations(cs []Collaboration) {
	sort.SliceStable(cs, func(i, j int) bool { return collaborationLess(cs[i], cs[j]) })
}

func collaborationLess(a, b Collaboration) bool {
	if (a.Year == nil) != (b.Year == nil) {
		return a.Year != nil
	}
	if a.Year != nil && *a.Year != *b.Year {
		return *a.Year < *b.Year
	}
	if a.Date != b.Date {
		return a.Date < b.Date
	}
	if a.Kind != b.Kind {
		return kindIndex(a.Kind) < kindIndex(b.Kind)
	}
	if a.Via.ID != b.Via.ID {
		return a.Via.ID < b.Via.ID
	}
	if a.City.ID != b.City.ID {
		return a.City.ID < b.City.ID
	}
	return a.Partner.ID < b.Partner.ID
}

func kindIndex(k CollaborationKind) int {
	for i, c := range collaborationKinds {
		if c == k {
			return i
		}
	}
	return len(collaborationKinds)
}

// Partner is a city another collaborated with, and everything that links them.
type Partner struct {
	City           Node
	Collaborations []Collaboration // in time order
	Kinds          []CollaborationKind
	Strength       float64 // the sum of the collaborations' weights
	FirstYear      *int
	LastYear       *int
}

// Partners groups a city's collaborations by partner: the strongest first, then the
// most collaborations, then by name. The collaborations are expected in time order.
func Partners(cs []Collaboration) []Partner {
	index := map[string]int{}
	var out []Partner
	for _, c := range cs {
		i, ok := index[c.Partner.ID]
		if !ok {
			i = len(out)
			index[c.Partner.ID] = i
			out = append(out, Partner{City: c.Partner})
		}
		p := &out[i]
		p.Collaborations = append(p.Collaborations, c)
		p.Strength += c.Kind.Weight()
		if !containsKind(p.Kinds, c.Kind) {
			p.Kinds = append(p.Kinds, c.Kind)
		}
		if c.Year != nil {
			if p.FirstYear == nil || *c.Year < *p.FirstYear {
				y := *c.Year
				p.FirstYear = &y
			}
			if p.LastYear == nil || *c.Year > *p.LastYear {
				y := *c.Year
				p.LastYear = &y
			}
		}
	}
	for i := range out {
		sort.Slice(out[i].Kinds, func(a, b int) bool { return kindIndex(out[i].Kinds[a]) < kindIndex(out[i].Kinds[b]) })
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Strength != out[j].Strength {
			return out[i].Strength > out[j].Strength
		}
		if len(out[i].Collaborations) != len(out[j].Collaborations) {
			return len(out[i].Collaborations) > len(out[j].Collaborations)
		}
		ni, nj := sortName(out[i].City), sortName(out[j].City)
		if ni != nj {
			return ni < nj
		}
		return out[i].City.ID < out[j].City.ID
	})
	return out
}

func containsKind(ks []CollaborationKind, k CollaborationKind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// sortName is a node's original name folded to ASCII, so that "Hämeenlinna" sorts
// with the h's.
func sortName(n Node) string {
	return Fold(n.Label(n.Text("name").Orig))
}

// CollaborationStep is one step of a path between two cities.
type CollaborationStep struct {
	From     Node
	To       Node
	Kind     CollaborationKind
	Via      Node
	Year     *int
	FromLink Link // how From is tied to Via
	ToLink   Link // how To is tied to Via
	FromHost bool // From hosted, organised or was the place of the event
	ToHost   bool // To hosted, organised or was the place of the event
}

// CollaborationPath is a chain of collaborations from one city to another.
type CollaborationPath struct {
	Steps []CollaborationStep
}

// Cities returns the cities along the path, first to last.
func (p CollaborationPath) Cities() []Node {
	if len(p.Steps) == 0 {
		return nil
	}
	out := []Node{p.Steps[0].From}
	for _, s := range p.Steps {
		out = append(out, s.To)
	}
	return out
}

// Key identifies the path by its cities and the nodes between them.
func (p CollaborationPath) Key() string {
	var b strings.Builder
	for i, s := range p.Steps {
		if i == 0 {
			b.WriteString(s.From.ID)
		}
		b.WriteString(" " + string(s.Via.Kind) + ":" + s.Via.ID + " " + s.To.ID)
	}
	return b.String()
}

// CollaborationGraph is every collaboration once, for drawing the network of cities.
type CollaborationGraph struct {
	Cities []Node          // the cities of the links, by id
	Links  []Collaboration // each pair of cities once per node they share, City.ID < Partner.ID
	Years  []int           // the years of the links before any year filter, ascending
}

// YearOf returns the year a date (YYYY, YYYY-MM or YYYY-MM-DD) falls in, nil when it
// does not start with a year.
func YearOf(date string) *int {
	if len(date) < 4 {
		return nil
	}
	y := 0
	for _, r := range date[:4] {
		if r < '0' || r > '9' {
			return nil
		}
		y = y*10 + int(r-'0')
	}
	return &y
}

// Count is one bucket of a breakdown.
type Count struct {
	Key   string
	Count int
	Name  Text // the entity's name when Key is an entity id, else zero
}

// SortCounts orders counts by count, largest first, then by key.
func SortCounts(cs []Count) {
	sort.SliceStable(cs, func(i, j int) bool {
		if cs[i].Count != cs[j].Count {
			return cs[i].Count > cs[j].Count
		}
		return cs[i].Key < cs[j].Key
	})
}

// Stats holds the dashboards' counts and breakdowns. Each list is sorted by count,
// largest first, then by key.
type Stats struct {
	Totals                  []Count // key: kind, e.g. City
	CitiesPerCountry        []Count // key: country id
	CitiesPerJoinYear       []Count // key: year the city joined the international network
	PracticesPerTheme       []Count // key: theme id of a policy area
	PracticesPerPrinciple   []Count // key: theme id of a principle
	GrantsPerYear           []Count // key: year
	PublicationsPerLanguage []Count // key: ISO 639-1 code
	PublicationsPerType     []Count // key: type
	EventsPerYear           []Count // key: year of the start
	EventsPerType           []Count // key: type
	AssessmentsPerKind      []Count // key: kind of statement
	PracticesPerCountry     []Count // key: country id, or Unknown
	PracticesPerStatus      []Count // key: status, or Unknown
	PracticesPerArea        []Count // key: first policy area's theme id, or Unknown
	GrantsPerCountry        []Count // key: first country of its cities, or Unknown
	CollaborationsPerKind   []Count // key: kind, default kinds only
	CollaborationsPerYear   []Count // key: year, or Unknown; default kinds only
}

// Unknown is the key of a breakdown's bucket for entities the graph says nothing about,
// so that every breakdown adds up to its list's total.
const Unknown = "unknown"

// CollaborationCounts returns collaborations per kind and per year (Unknown when
// undated), both sorted with SortCounts.
func CollaborationCounts(cs []Collaboration) (perKind, perYear []Count) {
	kinds, years := map[string]int{}, map[string]int{}
	for _, c := range cs {
		kinds[string(c.Kind)]++
		y := Unknown
		if c.Year != nil {
			y = strconv.Itoa(*c.Year)
		}
		years[y]++
	}
	for k, n := range kinds {
		perKind = append(perKind, Count{Key: k, Count: n})
	}
	for y, n := range years {
		perYear = append(perYear, Count{Key: y, Count: n})
	}
	SortCounts(perKind)
	SortCounts(perYear)
	return perKind, perYear
}
