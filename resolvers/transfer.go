package resolvers

import (
	"context"
	"fmt"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers/model"
	"github.com/practicegraph/practicegraph/search"
	"github.com/practicegraph/practicegraph/transfer"
)

// maxTransferCandidates bounds how many practices a query-driven ranking considers.
const maxTransferCandidates = 100

// transferablePractices ranks practices for the target city. It reads everything the
// ranking needs in a fixed number of round trips, whatever the number of practices.
func (r *Resolver) transferablePractices(ctx context.Context, cityID string, query *string, lang string, first *int) (*model.TransferRanking, error) {
	limit := 10
	if first != nil {
		if *first < 1 || *first > 50 {
			return nil, graph.Errorf(graph.EINVALID, "first must be between 1 and 50, got %d", *first)
		}
		limit = *first
	}
	targetNode, err := r.Store.Node(ctx, graph.Ref{Kind: graph.KindCity, ID: cityID})
	if err != nil {
		return nil, err
	}

	// Candidates: the search's practices with their relevance, or every practice.
	var refs []graph.Ref
	relevance := map[string]float64{}
	withQuery := query != nil && *query != ""
	if withQuery {
		// Only the ranking is used: facets and snippets would be computed for nothing.
		res, err := r.Index.Search(ctx, search.Query{Text: *query, Lang: lang, Size: maxTransferCandidates,
			Filters: search.Filters{"kind": {string(graph.KindPractice)}}, NoFacets: true, NoSnippets: true})
		if err != nil {
			return nil, err
		}
		scores := make([]float64, len(res.Hits))
		for i, h := range res.Hits {
			scores[i] = h.Score
		}
		for i, s := range transfer.Normalise(scores) {
			refs = append(refs, res.Hits[i].Ref)
			relevance[res.Hits[i].Ref.ID] = s
		}
	} else if refs, err = r.Store.AllRefs(ctx, []graph.Kind{graph.KindPractice}); err != nil {
		return nil, err
	}
	ids := make([]string, len(refs))
	for i, ref := range refs {
		ids[i] = ref.ID
	}
	practices, err := r.Store.Nodes(ctx, graph.KindPractice, ids)
	if err != nil {
		return nil, err
	}
	// The practices' cities and assessments, then every city's country and networks:
	// five round trips whatever the number of practices.
	var origins, adopters, assessed, countries, networks map[graph.Ref][]graph.Edge
	for _, q := range []struct {
		into *map[graph.Ref][]graph.Edge
		hop  graph.Hop
	}{
		{&origins, graph.Outgoing("RUN_BY", graph.KindCity)},
		{&adopters, graph.Outgoing("ADOPTED_BY", graph.KindCity)},
		{&assessed, graph.Incoming("ASSESSES", graph.KindAssessment)},
	} {
		if *q.into, err = r.neighbours(ctx, refs, q.hop); err != nil {
			return nil, err
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
	if countries, err = r.neighbours(ctx, cityRefs, graph.Outgoing("IN_COUNTRY", graph.KindCountry)); err != nil {
		return nil, err
	}
	if networks, err = r.neighbours(ctx, cityRefs, graph.Outgoing("MEMBER_OF", graph.KindNetwork)); err != nil {
		return nil, err
	}
	city := func(n graph.Node) transfer.City {
		c := transfer.City{ID: n.ID, Name: n.Label(lang), SizeBand: n.String("sizeBand")}
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
			a := e.Node
			assessments[a.ID] = a
			statement, sl := a.Text("statement").In(lang)
			context, _ := a.Text("context").In(lang)
			c.Assessments = append(c.Assessments, transfer.Assessment{ID: a.ID, Kind: a.String("kind"), Statement: statement,
				Context: context, Lang: sl, AppliesToSizeBand: a.String("appliesToSizeBand")})
		}
		candidates = append(candidates, c)
	}
	ranked, err := transfer.Rank(target, candidates, transfer.Options{Query: withQuery})
	if err != nil {
		return nil, fmt.Errorf("transfer: %w", err)
	}
	out := &model.TransferRanking{City: model.NewCity(targetNode), SizeBand: targetNode.StringPtr("sizeBand"), Candidates: []model.TransferCandidate{}}
	wrap := func(list []transfer.Assessment) []model.Assessment {
		res := []model.Assessment{}
		for _, a := range list {
			res = append(res, *model.NewAssessment(assessments[a.ID]))
		}
		return res
	}
	for i, rk := range ranked {
		if i == limit {
			break
		}
		tcand := model.TransferCandidate{
			Practice: model.NewPractice(practices[rk.Candidate.Practice.ID]), Score: rk.Score, Reasons: []model.TransferReason{},
			Obstacles: wrap(rk.Obstacles), MayApply: wrap(rk.MayApply), Adaptations: wrap(rk.Adaptations),
		}
		for _, reason := range rk.Reasons {
			tcand.Reasons = append(tcand.Reasons, model.TransferReason{Code: reason.Code, Weight: reason.Weight, Reason: reason})
		}
		out.Candidates = append(out.Candidates, tcand)
	}
	return out, nil
}

// neighbours follows one hop from many nodes in one round trip.
func (r *Resolver) neighbours(ctx context.Context, from []graph.Ref, h graph.Hop) (map[graph.Ref][]graph.Edge, error) {
	return r.Store.Neighbours(ctx, graph.NeighbourQuery{From: from, Type: h.Type, Direction: h.Direction, Kind: h.Kind})
}
