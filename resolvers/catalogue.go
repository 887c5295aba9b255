package resolvers

import (
	"github.com/practicegraph/practicegraph/app"
	"github.com/practicegraph/practicegraph/resolvers/model"
	"github.com/practicegraph/practicegraph/seed"
)

// catalogueReport maps an import's report to the API's.
func catalogueReport(rep app.CatalogueReport) *model.CatalogueImportReport {
	c := rep.Counts
	out := &model.CatalogueImportReport{
		DryRun: rep.DryRun, Written: rep.Written, GraphVersion: int(rep.Version),
		Rows: make([]model.CatalogueRowReport, 0, len(rep.Rows)),
		Counts: &model.CatalogueImportCounts{
			Rows: c.Rows, PracticesCreated: c.PracticesCreated, PracticesChanged: c.PracticesChanged, PracticesUnchanged: c.PracticesUnchanged,
			CitiesCreated: c.CitiesCreated, CitiesMatched: c.CitiesMatched, CountriesCreated: c.CountriesCreated, CountriesMatched: c.CountriesMatched,
			OrganisationsCreated: c.OrganisationsCreated, OrganisationsMatched: c.OrganisationsMatched,
			ThemesCreated: c.ThemesCreated, ThemesMatched: c.ThemesMatched,
			SourcesCreated: c.SourcesCreated, SourcesChanged: c.SourcesChanged, SourcesUnchanged: c.SourcesUnchanged,
		},
		Problems: catalogueProblems(rep.Problems),
		Warnings: catalogueProblems(rep.Warnings),
	}
	for _, r := range rep.Rows {
		row := model.CatalogueRowReport{
			Row: r.Line, Practice: catalogueEntity(&r.Practice), Changed: append([]string{}, r.Changed...),
			City: catalogueEntity(r.City), Organisation: catalogueEntity(r.Organisation),
			Source: catalogueEntity(&r.Source), Themes: make([]model.CatalogueEntity, 0, len(r.Themes)),
			StartYear: nonZero(r.StartYear), EndYear: nonZero(r.EndYear),
		}
		if r.Country.ID != "" {
			row.Country = catalogueEntity(&r.Country)
		}
		if r.Status != "" {
			s := r.Status
			row.Status = &s
		}
		for i := range r.Themes {
			row.Themes = append(row.Themes, *catalogueEntity(&r.Themes[i]))
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

func catalogueEntity(e *app.CatalogueEntity) *model.CatalogueEntity {
	if e == nil {
		return nil
	}
	act := map[app.CatalogueAction]model.CatalogueAction{
		app.CatalogueCreate: model.CatalogueActionCreate, app.CatalogueChange: model.CatalogueActionChange,
		app.CatalogueUnchanged: model.CatalogueActionUnchanged, app.CatalogueMatch: model.CatalogueActionMatch,
	}[e.Action]
	return &model.CatalogueEntity{Kind: model.EntityKindOf(e.Kind), ID: e.ID, Name: e.Name, Action: act}
}

func catalogueProblems(ps []seed.CatalogueProblem) []model.CatalogueProblem {
	out := make([]model.CatalogueProblem, 0, len(ps))
	for _, p := range ps {
		mp := model.CatalogueProblem{Message: p.Msg, Row: nonZero(p.Line)}
		if p.Column != "" {
			col := p.Column
			mp.Column = &col
		}
		out = append(out, mp)
	}
	return out
}

func nonZero(i int) *int {
	if i == 0 {
		return nil
	}
	return &i
}
