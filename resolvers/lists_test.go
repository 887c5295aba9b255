package resolvers

import (
	"maps"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/resolvers/model"
)

func TestCursors(t *testing.T) {
	const hash = "0123456789ab"
	name := graph.ListKey{Value: "bilbao", ID: "bilbao"}
	year := graph.ListKey{Value: int64(2021), ID: "icc-inter-city-grant-2021-bilbao-valencia"}
	missing := graph.ListKey{Value: nil, ID: "zagarolo"}
	for _, tt := range []struct {
		name   string
		cursor string
		want   graph.ListKey
		ok     bool
	}{
		{"a name's position", encodeCursor(hash, name), name, true},
		{"a year's position, read back as an integer", encodeCursor(hash, year), year, true},
		{"the position of a node without a sort key", encodeCursor(hash, missing), missing, true},
		{"another list's cursor", encodeCursor("ba9876543210", name), graph.ListKey{}, false},
		{"not base64", "%%%", graph.ListKey{}, false},
		{"cut short", encodeCursor(hash, name)[:8], graph.ListKey{}, false},
		{"no id", encodeCursor(hash, graph.ListKey{Value: "x"}), graph.ListKey{}, false},
		{"empty", "", graph.ListKey{}, false},
	} {
		got, err := decodeCursor(tt.cursor, hash, "after")
		if (err == nil) != tt.ok || (tt.ok && *got != tt.want) {
			t.Errorf("%s: decodeCursor = %+v, %v; want %+v, ok %t", tt.name, got, err, tt.want, tt.ok)
		}
		if err != nil && graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("%s: error code %s, want %s", tt.name, graph.ErrorCode(err), graph.EINVALID)
		}
	}
}

func TestListQuery(t *testing.T) {
	spain, y, top := "spain", 2023, true
	for _, tt := range []struct {
		name        string
		filter      any
		order       any
		wantFilters map[string]any
		wantOrder   string
		wantDesc    bool
	}{
		{"no filter, no order", (*model.CityFilter)(nil), (*model.CityOrder)(nil), map[string]any{}, "NAME", false},
		{"an id and a year", &model.CityFilter{Country: &spain, JoinedYear: &y}, nil, map[string]any{"country": "spain", "joinedYear": int64(2023)}, "NAME", false},
		{"a flag", &model.EventFilter{TopLevel: &top}, &model.EventOrder{Field: model.EventOrderFieldName, Direction: model.SortDirectionDesc},
			map[string]any{"topLevel": true}, "NAME", true},
	} {
		q := listQuery(graph.KindCity, tt.filter, tt.order, "NAME", false)
		if !maps.Equal(q.Filters, tt.wantFilters) || q.Order != tt.wantOrder || q.Desc != tt.wantDesc {
			t.Errorf("%s: filters %v, order %s desc %t; want %v, %s, %t", tt.name, q.Filters, q.Order, q.Desc, tt.wantFilters, tt.wantOrder, tt.wantDesc)
		}
	}
}

func TestListHash(t *testing.T) {
	base := graph.ListQuery{Kind: graph.KindCity, Filters: map[string]any{"country": "spain", "joinedYear": int64(2023)}, Order: "NAME"}
	same := base
	same.Filters = map[string]any{"joinedYear": int64(2023), "country": "spain"}
	same.Skip, same.Limit = 40, 20
	if listHash(base) != listHash(same) {
		t.Errorf("the same list, filter and order hash differently")
	}
	for name, edit := range map[string]func(*graph.ListQuery){
		"another kind":   func(q *graph.ListQuery) { q.Kind = graph.KindPractice },
		"another filter": func(q *graph.ListQuery) { q.Filters = map[string]any{"country": "italy"} },
		"another order":  func(q *graph.ListQuery) { q.Order = "JOINED_YEAR" },
		"descending":     func(q *graph.ListQuery) { q.Desc = true },
	} {
		q := base
		edit(&q)
		if listHash(q) == listHash(base) {
			t.Errorf("%s: same hash as the base list", name)
		}
	}
}

func TestPageSize(t *testing.T) {
	for _, tt := range []struct {
		first *int
		want  int
		ok    bool
	}{{nil, 20, true}, {ptr(0), 0, true}, {ptr(100), 100, true}, {ptr(101), 0, false}, {ptr(-1), 0, false}} {
		got, err := pageSize(tt.first)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("pageSize(%v) = %d, %v; want %d, ok %t", tt.first, got, err, tt.want, tt.ok)
		}
	}
}

func ptr[T any](v T) *T { return &v }
