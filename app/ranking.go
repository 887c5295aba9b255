package app

import (
	"context"
	"fmt"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/search"
	"github.com/practicegraph/practicegraph/transfer"
)

// maxTransferCandidates bounds how many practices a query-driven ranking considers.
const maxTransferCandidates = 100

// TransferQuery asks which practices a city could transpose.
type TransferQuery struct {
	CityID string
	Text   string // what the city looks for; "" ranks every practice
	Lang   string // language of Text and of the names and statements used
	Limit  int    // how many candidates to return, 1 to 50
}

// TransferRanking is the ranked practices for one city.
type TransferRanking struct {
	City       graph.Node
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
// of practices. Returns ENOTFOUND for an unknown city, EINVALID for a bad limit.
func (a *App) TransferablePractices(ctx context.Context, q TransferQuery) (TransferRanking, error) {
	if q.Limit < 1 || q.Limit > 50 {
		return TransferRanking{}, graph.Errorf(graph.EINVALID, "first must be between 1 and 50, got %d", q.Limit)
	}
	lang := q.Lang
	targetNode, err := a.Store.Node(ctx, graph.Ref{Kind: graph.KindCity, ID: q.CityID})
	if err != nil {
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
	cityRefs := []graph.Ref{targetNode.Ref()}
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
	tc := city(targetNode)
	target := transfer.Target{CityID: tc.ID, Name: tc.Name, CountryID: tc.CountryID, SizeBand: tc.SizeBand, Networks: tc.Networks}

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
	out := TransferRanking{City: targetNode}
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
