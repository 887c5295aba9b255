package server

import (
	"github.com/practicegraph/practicegraph/resolvers/generated"
	"github.com/practicegraph/practicegraph/resolvers/model"
)

// defaultPage is what a list returns when `first` is not given.
const defaultPage = 20

// pageCost multiplies a list's child complexity by the page size it asks for, so the
// complexity limit bounds what a query can make the server load.
func pageCost(child int, first *int) int {
	n := defaultPage
	if first != nil && *first > 0 {
		n = *first
	}
	return 1 + child*n
}

// complexity returns the cost functions of the paged root fields.
func complexity() generated.ComplexityRoot {
	var c generated.ComplexityRoot
	q := &c.Query
	q.Cities = func(child int, _ *model.CityFilter, _ *model.CityOrder, first *int, _ *string) int {
		return pageCost(child, first)
	}
	q.Practices = func(child int, _ *model.PracticeFilter, _ *model.PracticeOrder, first *int, _ *string) int {
		return pageCost(child, first)
	}
	q.Grants = func(child int, _ *model.GrantFilter, _ *model.GrantOrder, first *int, _ *string) int {
		return pageCost(child, first)
	}
	q.People = func(child int, _ *model.PersonFilter, first *int, _ *string) int { return pageCost(child, first) }
	q.Organisations = func(child int, _ *model.OrganisationFilter, first *int, _ *string) int { return pageCost(child, first) }
	q.Projects = func(child int, _ *model.ProjectFilter, first *int, _ *string) int { return pageCost(child, first) }
	q.Networks = func(child int, _ *model.NetworkFilter, first *int, _ *string) int { return pageCost(child, first) }
	q.Publications = func(child int, _ *model.PublicationFilter, _ *model.PublicationOrder, first *int, _ *string) int {
		return pageCost(child, first)
	}
	q.Events = func(child int, _ *model.EventFilter, _ *model.EventOrder, first *int, _ *string) int {
		return pageCost(child, first)
	}
	q.Search = func(child int, _ string, _ *model.Lang, _ *bool, _ *model.SearchFilter, first *int, _ *string) int {
		return pageCost(child, first)
	}
	q.TransferablePractices = func(child int, _ string, _ *string, _ *model.Lang, first *int) int {
		n := 10
		if first != nil && *first > 0 {
			n = *first
		}
		return 1 + child*n
	}
	return c
}
