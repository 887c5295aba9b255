package graph

import (
	"fmt"
	"sort"
)

// Route is one chain of hops from a node; the empty route is the node itself.
type Route []Hop

// Path is a named way from nodes of one kind to related nodes of another: the nodes
// reached along any of its routes. Paths say once what the model means by "the events
// of a city" or "the country of an organisation"; the store turns them into Cypher and
// the resolvers follow them through their loaders, so the two never disagree.
type Path struct {
	Name   string
	From   Kind
	To     Kind
	Routes []Route
}

// Reverse returns the path from its ends back to its starts.
func (p Path) Reverse(name string) Path {
	out := Path{Name: name, From: p.To, To: p.From}
	for _, r := range p.Routes {
		kinds := make([]Kind, len(r)+1) // kinds[i] is the kind before hop i
		kinds[0] = p.From
		for i, h := range r {
			kinds[i+1] = h.Kind
		}
		rev := make(Route, len(r))
		for i, h := range r {
			d := Out
			if h.Direction == Out {
				d = In
			}
			rev[len(r)-1-i] = Hop{Type: h.Type, Direction: d, Kind: kinds[i]}
		}
		out.Routes = append(out.Routes, rev)
	}
	return out
}

// Then returns the path extended by one more hop on every route.
func (p Path) Then(name string, h Hop) Path {
	out := Path{Name: name, From: p.From, To: h.Kind}
	for _, r := range p.Routes {
		out.Routes = append(out.Routes, append(append(Route(nil), r...), h))
	}
	return out
}

// Or returns the path with the routes of q added after its own. Both must join the
// same kinds.
func (p Path) Or(name string, q Path) Path {
	if q.From != p.From || q.To != p.To {
		panic(fmt.Sprintf("graph: path %q joins %s to %s, %q joins %s to %s", p.Name, p.From, p.To, q.Name, q.From, q.To))
	}
	out := Path{Name: name, From: p.From, To: p.To}
	out.Routes = append(append(out.Routes, p.Routes...), q.Routes...)
	return out
}

// IsZero reports whether the path has no route at all: it reaches nothing.
func (p Path) IsZero() bool { return len(p.Routes) == 0 }

// Hops returns the path's one-hop routes as hops, for a caller that follows one hop at a
// time. ok is false when some route is longer or empty.
func (p Path) Hops() (hops []Hop, ok bool) {
	for _, r := range p.Routes {
		if len(r) != 1 {
			return nil, false
		}
		hops = append(hops, r[0])
	}
	return hops, true
}

// Check returns an error naming the first hop graph/kinds.go does not declare.
func (p Path) Check() error {
	for _, r := range p.Routes {
		cur := p.From
		for _, h := range r {
			if !h.Declared(cur) {
				return fmt.Errorf("graph: path %q follows %s from %s to %s, which graph/kinds.go does not declare", p.Name, h.Type, cur, h.Kind)
			}
			cur = h.Kind
		}
		if cur != p.To {
			return fmt.Errorf("graph: a route of path %q ends at %s, not %s", p.Name, cur, p.To)
		}
	}
	return nil
}

// NewPath declares a path and checks it against the kinds table; it panics on a hop the
// table does not declare, so a wrong path fails every test rather than a user's query.
func NewPath(name string, from, to Kind, routes ...Route) Path {
	p := Path{Name: name, From: from, To: to, Routes: routes}
	if err := p.Check(); err != nil {
		panic(err)
	}
	return p
}

// Via is a route of the given hops.
func Via(hops ...Hop) Route { return Route(hops) }

// The named paths of the model. Everything that means "the events of a city" or "the
// country of X" follows one of these.
var (
	// EventsOfCity are the events held in a city, and those it took part in, hosted or
	// organised.
	EventsOfCity = NewPath("events of a city", KindCity, KindEvent,
		Via(Incoming(RelHeldIn, KindEvent)),
		Via(Outgoing(RelParticipatedIn, KindEvent)),
		Via(Outgoing(RelHosted, KindEvent)),
		Via(Incoming(RelOrganisedByCity, KindEvent)))
	// CitiesOfEvent are the cities an event was held in, then those that took part in,
	// hosted or organised it: EventsOfCity read backwards, places first.
	CitiesOfEvent = EventsOfCity.Reverse("cities of an event")
	// PlacesOfEvent are the cities an event was held in; the source may name several.
	PlacesOfEvent = NewPath("places of an event", KindEvent, KindCity, Via(Outgoing(RelHeldIn, KindCity)))

	// GrantsOfCity are the grants a city received or shared.
	GrantsOfCity = NewPath("grants of a city", KindCity, KindGrant, Via(Incoming(RelAwardedTo, KindGrant)))
	// ProjectsOfCity are the joint projects a city takes part in.
	ProjectsOfCity = NewPath("projects of a city", KindCity, KindProject, Via(Incoming(RelInvolvesCity, KindProject)))
	// NetworksOfCity are the networks a city is a member of.
	NetworksOfCity = NewPath("networks of a city", KindCity, KindNetwork, Via(Outgoing(RelMemberOf, KindNetwork)))
	// SessionsOfEvent are the sessions of a larger event, one level down.
	SessionsOfEvent = NewPath("sessions of an event", KindEvent, KindEvent, Via(Incoming(RelPartOf, KindEvent)))
	// ParentOfEvent is the larger event a session belongs to, one level up.
	ParentOfEvent = SessionsOfEvent.Reverse("parent of an event")

	// PeopleOfOrganisation are the people who work for an organisation or are members of it.
	PeopleOfOrganisation = NewPath("people of an organisation", KindOrganisation, KindPerson,
		Via(Incoming(RelWorksFor, KindPerson)),
		Via(Incoming(RelMemberOf, KindPerson)))
	// OrganisationsOfEvent are the organisations that took part in, organised or held an event.
	OrganisationsOfEvent = NewPath("organisations of an event", KindEvent, KindOrganisation,
		Via(Incoming(RelParticipatedIn, KindOrganisation)),
		Via(Incoming(RelOrganised, KindOrganisation)),
		Via(Outgoing(RelHeldBy, KindOrganisation)))
	// PublicationsOfEvent are the publications an event discussed or produced.
	PublicationsOfEvent = NewPath("publications of an event", KindEvent, KindPublication,
		Via(Outgoing(RelDiscussed, KindPublication)),
		Via(Outgoing(RelProduced, KindPublication)))
	// PartnersOfProject are the organisations that are a project's partners or fund it.
	PartnersOfProject = NewPath("partners of a project", KindProject, KindOrganisation,
		Via(Outgoing(RelPartner, KindOrganisation)),
		Via(Outgoing(RelFundedBy, KindOrganisation)))
)

// citiesOf says, per kind, which cities a node is about: where a practice runs, an
// organisation sits, an event took place… They give search its city facet and, followed
// by IN_COUNTRY, the node's country.
var citiesOf = map[Kind]Path{
	KindCity:         NewPath("cities of a city", KindCity, KindCity, Via()),
	KindPractice:     NewPath("cities of a practice", KindPractice, KindCity, Via(Outgoing(RelRunBy, KindCity))),
	KindAssessment:   NewPath("cities of an assessment", KindAssessment, KindCity, Via(Outgoing(RelAssesses, KindPractice), Outgoing(RelRunBy, KindCity))),
	KindPerson:       NewPath("cities of a person", KindPerson, KindCity, Via(Outgoing(RelWorksForCity, KindCity))),
	KindOrganisation: NewPath("cities of an organisation", KindOrganisation, KindCity, Via(Outgoing(RelBasedIn, KindCity))),
	KindEvent:        PlacesOfEvent,
	KindGrant:        NewPath("cities of a grant", KindGrant, KindCity, Via(Outgoing(RelAwardedTo, KindCity))),
	KindProject:      NewPath("cities of a project", KindProject, KindCity, Via(Outgoing(RelInvolvesCity, KindCity))),
	KindIndexReport:  NewPath("cities of an index report", KindIndexReport, KindCity, Via(Outgoing(RelAbout, KindCity))),
}

// themesOf says, per kind, which principles and policy areas a node belongs to.
var themesOf = map[Kind]Path{
	KindPractice:    NewPath("themes of a practice", KindPractice, KindTheme, Via(Outgoing(RelHasTheme, KindTheme))),
	KindAssessment:  NewPath("themes of an assessment", KindAssessment, KindTheme, Via(Outgoing(RelAssesses, KindPractice), Outgoing(RelHasTheme, KindTheme))),
	KindProject:     NewPath("themes of a project", KindProject, KindTheme, Via(Outgoing(RelHasTheme, KindTheme))),
	KindPublication: NewPath("themes of a publication", KindPublication, KindTheme, Via(Outgoing(RelHasTheme, KindTheme))),
}

// ownCountry says, per kind, which relationship names a node's country directly.
var ownCountry = map[Kind]string{
	KindCity:         RelInCountry,
	KindNetwork:      RelInCountry,
	KindOrganisation: RelInCountry,
	KindProject:      RelInCountry,
	KindEvent:        RelHeldInCountry,
}

// CitiesOf returns the path to the cities a node of kind k is about; the zero path when
// its kind is about no city.
func CitiesOf(k Kind) Path {
	if p, ok := citiesOf[k]; ok {
		return p
	}
	return Path{Name: "cities of " + string(k), From: k, To: KindCity}
}

// ThemesOf returns the path to the themes of a node of kind k; the zero path when its
// kind has none.
func ThemesOf(k Kind) Path {
	if p, ok := themesOf[k]; ok {
		return p
	}
	return Path{Name: "themes of " + string(k), From: k, To: KindTheme}
}

// CountryOf returns the path to a node's country: the country it names directly (first)
// or the country of the cities it is about. For a city both are the same.
func CountryOf(k Kind) Path {
	p := Path{Name: "country of " + string(k), From: k, To: KindCountry}
	if rel, ok := ownCountry[k]; ok {
		p.Routes = append(p.Routes, Via(Outgoing(rel, KindCountry)))
	}
	if k == KindCity {
		return p
	}
	return p.Or(p.Name, CitiesOf(k).Then(p.Name, Outgoing(RelInCountry, KindCountry)))
}

// YearsOf returns the years a node is about, from its year-like fields: a grant's or a
// publication's year, a practice's or project's start, an event's start date. The
// fields are named alike across kinds; the constants of one kind stand for all.
func YearsOf(n Node) []int {
	var out []int
	for _, f := range []string{FieldGrantYear, FieldPracticeStartYear} {
		if y := n.Int(f); y != nil {
			out = append(out, *y)
		}
	}
	if y := YearOf(n.String(FieldEventStartDate)); y != nil {
		out = append(out, *y)
	}
	return out
}

// Walk returns the nodes p reaches from the node from, each once, in the order of its
// routes; next gives the nodes one hop leads to from a node. It is the in-memory reading
// of a path, the one a store's Cypher must agree with.
func (p Path) Walk(from Node, next func(from Ref, h Hop) []Node) []Node {
	var out []Node
	seen := map[Ref]bool{}
	for _, r := range p.Routes {
		cur := []Node{from}
		for _, h := range r {
			var nxt []Node
			for _, n := range cur {
				nxt = append(nxt, next(n.Ref(), h)...)
			}
			cur = nxt
		}
		for _, n := range cur {
			if !seen[n.Ref()] {
				seen[n.Ref()] = true
				out = append(out, n)
			}
		}
	}
	return out
}

// IndexablesOf returns the searchable nodes of a dataset with their search context,
// found in memory along the same paths a Store's Indexables follows, ordered by
// reference. Links to nodes outside the dataset are ignored.
func IndexablesOf(ds Dataset) []Indexable {
	nodes := map[Ref]Node{}
	for _, n := range ds.Nodes {
		nodes[n.Ref()] = n
	}
	type key struct {
		at  Ref
		hop Hop
	}
	adj := map[key][]Node{}
	for _, l := range ds.Links {
		from, okF := nodes[l.From]
		to, okT := nodes[l.To]
		if !okF || !okT {
			continue
		}
		out := key{from.Ref(), Hop{Type: l.Type, Direction: Out, Kind: to.Kind}}
		in := key{to.Ref(), Hop{Type: l.Type, Direction: In, Kind: from.Kind}}
		adj[out] = append(adj[out], to)
		adj[in] = append(adj[in], from)
	}
	next := func(at Ref, h Hop) []Node { return adj[key{at, h}] }
	var out []Indexable
	for _, n := range ds.Nodes {
		if spec, _ := KindOf(n.Kind); !spec.Searchable {
			continue
		}
		out = append(out, Indexable{
			Node:      n,
			Cities:    byID(CitiesOf(n.Kind).Walk(n, next)),
			Countries: byID(CountryOf(n.Kind).Walk(n, next)),
			Themes:    byID(ThemesOf(n.Kind).Walk(n, next)),
			Years:     YearsOf(n),
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Node.Ref().String() < out[j].Node.Ref().String() })
	return out
}

// byID sorts nodes by id, the order a Store's Indexables gives its context in.
func byID(ns []Node) []Node {
	sort.Slice(ns, func(i, j int) bool { return ns[i].ID < ns[j].ID })
	return ns
}

func init() {
	for _, p := range []Path{CitiesOfEvent, ParentOfEvent} {
		if err := p.Check(); err != nil {
			panic(err)
		}
	}
	for _, k := range kinds {
		if err := CountryOf(k.Kind).Check(); err != nil {
			panic(err)
		}
	}
}
