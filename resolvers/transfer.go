package resolvers

import (
	"context"

	"github.com/practicegraph/practicegraph/app"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers/model"
)

// transferablePractices asks the application layer for the ranking and maps it to the
// API's types.
func (r *Resolver) transferablePractices(ctx context.Context, cityID *string, city *model.CityDescriptionInput, query *string, lang string, first *int) (*model.TransferRanking, error) {
	q := app.TransferQuery{Lang: lang, Limit: 10}
	if cityID != nil {
		q.CityID = *cityID
		if q.CityID == "" {
			return nil, graph.Errorf(graph.EINVALID, "toCityId: give a city's id, or toCity to describe one")
		}
	}
	if city != nil {
		d := &app.CityDescription{Name: city.Name, Networks: city.Networks}
		if city.Country != nil {
			d.Country = *city.Country
		}
		if city.SizeBand != nil {
			d.SizeBand = *city.SizeBand
		}
		if city.Population != nil {
			if *city.Population < 1 {
				return nil, graph.Errorf(graph.EINVALID, "toCity.population: must be at least 1, got %d", *city.Population)
			}
			d.Population = *city.Population
		}
		q.City = d
	}
	if query != nil {
		q.Text = *query
	}
	if first != nil {
		q.Limit = *first
	}
	ranking, err := r.App.TransferablePractices(ctx, q)
	if err != nil {
		return nil, err
	}
	out := &model.TransferRanking{CityName: ranking.Target.Name, Candidates: []model.TransferCandidate{}}
	if ranking.City.ID != "" {
		out.City = model.NewCity(ranking.City)
	}
	if out.CityName == "" {
		out.CityName = ranking.Target.CityID
	}
	if ranking.Country.ID != "" {
		out.Country = model.NewCountry(ranking.Country)
	}
	if ranking.Target.SizeBand != "" {
		out.SizeBand = &ranking.Target.SizeBand
	}
	wrap := func(list []graph.Node) []model.Assessment {
		res := []model.Assessment{}
		for _, n := range list {
			res = append(res, *model.NewAssessment(n))
		}
		return res
	}
	for _, c := range ranking.Candidates {
		tc := model.TransferCandidate{
			Practice: model.NewPractice(c.Practice), Score: c.Ranked.Score, ScorePercent: c.Ranked.Percent(), Band: c.Ranked.Band(),
			Reasons:   []model.TransferReason{},
			Obstacles: wrap(c.Obstacles), MayApply: wrap(c.MayApply), Adaptations: wrap(c.Adaptations),
		}
		for _, reason := range c.Ranked.Reasons {
			tc.Reasons = append(tc.Reasons, model.TransferReason{Code: reason.Code, Weight: reason.Weight, Reason: reason})
		}
		out.Candidates = append(out.Candidates, tc)
	}
	return out, nil
}
