package resolvers

import (
	"context"

	"github.com/practicegraph/practicegraph/app"
	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers/model"
)

// transferablePractices asks the application layer for the ranking and maps it to the
// API's types.
func (r *Resolver) transferablePractices(ctx context.Context, cityID string, query *string, lang string, first *int) (*model.TransferRanking, error) {
	q := app.TransferQuery{CityID: cityID, Lang: lang, Limit: 10}
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
	out := &model.TransferRanking{City: model.NewCity(ranking.City), SizeBand: ranking.City.StringPtr(graph.FieldCitySizeBand), Candidates: []model.TransferCandidate{}}
	wrap := func(list []graph.Node) []model.Assessment {
		res := []model.Assessment{}
		for _, n := range list {
			res = append(res, *model.NewAssessment(n))
		}
		return res
	}
	for _, c := range ranking.Candidates {
		tc := model.TransferCandidate{
			Practice: model.NewPractice(c.Practice), Score: c.Ranked.Score, Reasons: []model.TransferReason{},
			Obstacles: wrap(c.Obstacles), MayApply: wrap(c.MayApply), Adaptations: wrap(c.Adaptations),
		}
		for _, reason := range c.Ranked.Reasons {
			tc.Reasons = append(tc.Reasons, model.TransferReason{Code: reason.Code, Weight: reason.Weight, Reason: reason})
		}
		out.Candidates = append(out.Candidates, tc)
	}
	return out, nil
}
