package graph

import (
	"context"
	"sort"
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
	// Stats returns the dashboards' counts and breakdowns, in one round trip.
	Stats(ctx context.Context) (Stats, error)
}

// CollaborationKind says what links two collaborating cities.
type CollaborationKind string

// The kinds of collaboration, in the order the API lists them.
const (
	CollaborationGrant   CollaborationKind = "GRANT"   // both received or shared the same grant
	CollaborationProject CollaborationKind = "PROJECT" // both take part in the same joint project
	CollaborationEvent   CollaborationKind = "EVENT"   // both took part in, hosted or organised the same event
	CollaborationNetwork CollaborationKind = "NETWORK" // both are members of the same network
)

// Path lengths and counts the collaboration queries accept and return.
const (
	MaxCollaborationPaths = 10
	MaxCollaborationSteps = 6
)

var collaborationKinds = []CollaborationKind{CollaborationGrant, CollaborationProject, CollaborationEvent, CollaborationNetwork}

// CollaborationKinds returns every kind of collaboration, in the API's order.
func CollaborationKinds() []CollaborationKind {
	return append([]CollaborationKind(nil), collaborationKinds...)
}

// DefaultCollaborationKinds are the kinds used when none are asked for. Networks are
// left out: they link every member to every other.
func DefaultCollaborationKinds() []CollaborationKind {
	return []CollaborationKind{CollaborationGrant, CollaborationProject, CollaborationEvent}
}

// Via returns the kind of node cities collaborate through.
func (k CollaborationKind) Via() Kind {
	switch k {
	case CollaborationGrant:
		return KindGrant
	case CollaborationProject:
		return KindProject
	case CollaborationEvent:
		return KindEvent
	case CollaborationNetwork:
		return KindNetwork
	}
	return ""
}

// CollaborationKindOf returns the kind of collaboration through a node of kind k.
func CollaborationKindOf(k Kind) (CollaborationKind, bool) {
	for _, c := range collaborationKinds {
		if c.Via() == k {
			return c, true
		}
	}
	return "", false
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
	FirstYear      *int
	LastYear       *int
}

// Partners groups a city's collaborations by partner: the most collaborations first,
// then by name. The collaborations are expected in time order.
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
}
