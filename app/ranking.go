package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/search"
	"github.com/practicegraph/practicegraph/transfer"
)

// maxTransferCandidates bounds how many practices a query-driven ranking considers.
const maxTransferCandidates = 100

// TransferQuery asks which practices a city could transpose: a city of the graph
// (CityID) or one the reader describes (City), exactly one of the two.
type TransferQuery struct {
	CityID string
	City   *CityDescription
	Text   string // what the city looks for; "" ranks every practice
	Lang   string // language of Text and of the names and statements used
	Limit  int    // how many candidates to return, 1 to 50
}

// CityDescription is a city the reader describes, which need not be in the graph.
type CityDescription struct {
	Name       string
	Country    string // a country's id or its name in any language, folded; "" when not given
	SizeBand   string // "" when not given
	Population int    // 0 when not given; turned into a size band (transfer.SizeBandFor)
	Networks   []string
}

// TransferRanking is the ranked practices for one city.
type TransferRanking struct {
	City       graph.Node // zero (no ID) for a described city
	Target     transfer.Target
	Country    graph.Node // the target's country; zero when unknown
	Candidates []TransferCandidate
}

// TransferCandidate is one ranked practice with the peer assessment statements that
// explain its score.
type TransferCandidate struct {
	Practice    graph.Node
	Ranked      transfer.Ranked
	Obstacles   []graph.Node // assessments, in the ranking's order
	MayApply    []graph.Node
	Adaptations []graph.Node
}

// TransferablePractices ranks practices for the target city (transfer.Rank). It reads
// everything the ranking needs in a fixed number of round trips, whatever the number
// of practices. Returns ENOTFOUND for an unknown city id, EINVALID for a bad limit,
// both or neither of CityID and City, or a description naming an unknown country or
// network or a bad size.
func (a *App) TransferablePractices(ctx context.Context, q TransferQuery) (TransferRanking, error) {
	if q.Limit < 1 || q.Limit > 50 {
		return TransferRanking{}, graph.Errorf(graph.EINVALID, "first must be between 1 and 50, got %d", q.Limit)
	}
	if (q.CityID == "") == (q.City == nil) {
		return TransferRanking{}, graph.Errorf(graph.EINVALID, "give exactly one of toCityId and toCity")
	}
	lang := q.Lang
	var (
		targetNode graph.Node
		described  transfer.Target
		err        error
	)
	if q.City != nil {
		if described, err = a.describedTarget(ctx, *q.City); err != nil {
			return TransferRanking{}, err
		}
	} else if targetNode, err = a.Store.Node(ctx, graph.Ref{Kind: graph.KindCity, ID: q.CityID}); err != nil {
		return TransferRanking{}, err
	}

	// Candidates: the search's practices with their relevance, or every practice.
	var refs []graph.Ref
	relevance := map[string]float64{}
	withQuery := q.Text != ""
	if withQuery {
		// Only the ranking is used: facets and snippets would be computed for nothing.
		res, err := a.Index.Search(ctx, search.Query{Text: q.Text, Lang: lang, Size: maxTransferCandidates,
			Filters: search.Filters{"kind": {string(graph.KindPractice)}}, NoFacets: true, NoSnippets: true})
		if err != nil {
			return TransferRanking{}, err
		}
		scores := make([]float64, len(res.Hits))
		for i, h := range res.Hits {
			scores[i] = h.Score
		}
		for i, s := range transfer.Normalise(scores) {
			refs = append(refs, res.Hits[i].Ref)
			relevance[res.Hits[i].Ref.ID] = s
		}
	} else if refs, err = a.Store.AllRefs(ctx, []graph.Kind{graph.KindPractice}); err != nil {
		return TransferRanking{}, err
	}
	ids := make([]string, len(refs))
	for i, ref := range refs {
		ids[i] = ref.ID
	}
	practices, err := a.Store.Nodes(ctx, graph.KindPractice, ids)
	if err != nil {
		return TransferRanking{}, err
	}
	// The practices' cities and assessments, then every city's country and networks:
	// five round trips whatever the number of practices.
	var origins, adopters, assessed, countries, networks map[graph.Ref][]graph.Edge
	for _, step := range []struct {
		into *map[graph.Ref][]graph.Edge
		hop  graph.Hop
	}{
		{&origins, graph.Outgoing(graph.RelRunBy, graph.KindCity)},
		{&adopters, graph.Outgoing(graph.RelAdoptedBy, graph.KindCity)},
		{&assessed, graph.Incoming(graph.RelAssesses, graph.KindAssessment)},
	} {
		if *step.into, err = a.neighbours(ctx, refs, step.hop); err != nil {
			return TransferRanking{}, err
		}
	}
	var cityRefs []graph.Ref
	if targetNode.ID != "" {
		cityRefs = append(cityRefs, targetNode.Ref())
	}
	for _, m := range []map[graph.Ref][]graph.Edge{origins, adopters} {
		for _, edges := range m {
			for _, e := range edges {
				cityRefs = append(cityRefs, e.Node.Ref())
			}
		}
	}
	if countries, err = a.neighbours(ctx, cityRefs, graph.Outgoing(graph.RelInCountry, graph.KindCountry)); err != nil {
		return TransferRanking{}, err
	}
	if networks, err = a.neighbours(ctx, cityRefs, graph.Outgoing(graph.RelMemberOf, graph.KindNetwork)); err != nil {
		return TransferRanking{}, err
	}
	city := func(n graph.Node) transfer.City {
		c := transfer.City{ID: n.ID, Name: n.Label(lang), SizeBand: n.String(graph.FieldCitySizeBand)}
		if cs := countries[n.Ref()]; len(cs) > 0 {
			c.CountryID = cs[0].Node.ID
		}
		for _, e := range networks[n.Ref()] {
			c.Networks = append(c.Networks, e.Node.ID)
		}
		return c
	}
	target := described
	if targetNode.ID != "" {
		tc := city(targetNode)
		target = transfer.Target{CityID: tc.ID, Name: tc.Name, CountryID: tc.CountryID, SizeBand: tc.SizeBand, Networks: tc.Networks}
	}

	assessments := map[string]graph.Node{}
	var candidates []transfer.Candidate
	for _, ref := range refs {
		p, ok := practices[ref.ID]
		if !ok {
			continue
		}
		c := transfer.Candidate{Practice: ref, Name: p.Label(lang), Relevance: relevance[ref.ID]}
		for _, e := range origins[ref] {
			c.Origins = append(c.Origins, city(e.Node))
		}
		for _, e := range adopters[ref] {
			c.Adopters = append(c.Adopters, city(e.Node))
		}
		for _, e := range assessed[ref] {
			an := e.Node
			assessments[an.ID] = an
			statement, sl := an.Text(graph.FieldAssessmentStatement).In(lang)
			context, _ := an.Text(graph.FieldAssessmentContext).In(lang)
			c.Assessments = append(c.Assessments, transfer.Assessment{ID: an.ID, Kind: an.String(graph.FieldAssessmentKind), Statement: statement,
				Context: context, Lang: sl, AppliesToSizeBand: an.String(graph.FieldAssessmentAppliesToSizeBand)})
		}
		candidates = append(candidates, c)
	}
	ranked, err := transfer.Rank(target, candidates, transfer.Options{Query: withQuery})
	if err != nil {
		return TransferRanking{}, fmt.Errorf("transfer: %w", err)
	}
	nodes := func(list []transfer.Assessment) []graph.Node {
		out := make([]graph.Node, 0, len(list))
		for _, x := range list {
			out = append(out, assessments[x.ID])
		}
		return out
	}
	out := TransferRanking{City: targetNode, Target: target}
	if target.CountryID != "" {
		// The country is named in the answer; one more round trip, for one node.
		if out.Country, err = a.Store.Node(ctx, graph.Ref{Kind: graph.KindCountry, ID: target.CountryID}); err != nil {
			return TransferRanking{}, err
		}
	}
	for i, rk := range ranked {
		if i == q.Limit {
			break
		}
		out.Candidates = append(out.Candidates, TransferCandidate{
			Practice: practices[rk.Candidate.Practice.ID], Ranked: rk,
			Obstacles: nodes(rk.Obstacles), MayApply: nodes(rk.MayApply), Adaptations: nodes(rk.Adaptations),
		})
	}
	return out, nil
}

// neighbours follows one hop from many nodes in one round trip.
func (a *App) neighbours(ctx context.Context, from []graph.Ref, h graph.Hop) (map[graph.Ref][]graph.Edge, error) {
	return a.Store.Neighbours(ctx, graph.NeighbourQuery{From: from, Type: h.Type, Direction: h.Direction, Kind: h.Kind})
}

// describedTarget turns a reader's description of a city into a ranking target: the
// country matched by id or by name (accents and case folded), the population turned
// into a size band, the networks checked. Returns EINVALID naming the field at fault.
func (a *App) describedTarget(ctx context.Context, d CityDescription) (transfer.Target, error) {
	t := transfer.Target{Name: strings.TrimSpace(d.Name), SizeBand: d.SizeBand}
	if t.Name == "" {
		return t, graph.Errorf(graph.EINVALID, "toCity.name: give the city's name")
	}
	switch {
	case d.SizeBand != "" && d.Population != 0:
		return t, graph.Errorf(graph.EINVALID, "toCity: give sizeBand or population, not both")
	case d.Population != 0:
		band, err := transfer.SizeBandFor(d.Population)
		if err != nil {
			return t, graph.Errorf(graph.EINVALID, "toCity.population: must be at least 1, got %d", d.Population)
		}
		t.SizeBand = band
	case d.SizeBand != "" && !slices.Contains(graph.SizeBands(), d.SizeBand):
		return t, graph.Errorf(graph.EINVALID, "toCity.sizeBand: unknown size band %q (want %s)", d.SizeBand, strings.Join(graph.SizeBands(), ", "))
	}
	if c := strings.TrimSpace(d.Country); c != "" {
		id, err := a.countryNamed(ctx, c)
		if err != nil {
			return t, err
		}
		t.CountryID = id
	}
	if len(d.Networks) > 0 {
		refs := make([]graph.Ref, len(d.Networks))
		for i, id := range d.Networks {
			refs[i] = graph.Ref{Kind: graph.KindNetwork, ID: id}
		}
		found, err := a.Store.Existing(ctx, refs)
		if err != nil {
			return t, fmt.Errorf("transfer: networks: %w", err)
		}
		for _, r := range refs {
			if !found[r] {
				return t, graph.Errorf(graph.EINVALID, "toCity.networks: no network has the id %q", r.ID)
			}
		}
		t.Networks = slices.Clone(d.Networks)
	}
	return t, nil
}

// countryNamed finds the country a reader names by its id, its ISO code or its name
// in any language, accents and case folded. Countries are few, so all are read.
func (a *App) countryNamed(ctx context.Context, name string) (string, error) {
	refs, err := a.Store.AllRefs(ctx, []graph.Kind{graph.KindCountry})
	if err != nil {
		return "", fmt.Errorf("transfer: countries: %w", err)
	}
	ids := make([]string, len(refs))
	for i, r := range refs {
		ids[i] = r.ID
	}
	countries, err := a.Store.Nodes(ctx, graph.KindCountry, ids)
	if err != nil {
		return "", fmt.Errorf("transfer: countries: %w", err)
	}
	want := graph.Fold(name)
	var matches []string
	for id, n := range countries {
		names := []string{id, n.String(graph.FieldCountryIso2)}
		for _, v := range n.Text(graph.FieldCountryName).Values {
			names = append(names, v)
		}
		for _, v := range names {
			if v != "" && graph.Fold(v) == want {
				matches = append(matches, id)
				break
			}
		}
	}
	slices.Sort(matches)
	switch len(matches) {
	case 0:
		return "", graph.Errorf(graph.EINVALID, "toCity.country: no country of the graph is named %q", name)
	case 1:
		return matches[0], nil
	}
	return "", graph.Errorf(graph.EINVALID, "toCity.country: %q names several countries: %s", name, strings.Join(matches, ", "))
}
