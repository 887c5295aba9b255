package neo4jstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
)

// A page read with its hops holds, for each of its first HopsLimit nodes, the edges
// the tree query reads from them, and only the fields the projection names; the total
// is counted unless NoTotal.
func TestListReadsThePageAndItsTreeInOneQuery(t *testing.T) {
	st := openWithCities(t)
	ctx := context.Background()
	if _, err := st.Apply(ctx, graph.Changeset{Upserts: []graph.Node{practice("q")}, LinkSets: []graph.LinkSet{runBy("aa", "bb")},
		Links: []graph.Link{{Type: graph.RelRunBy, From: graph.Ref{Kind: graph.KindPractice, ID: "q"}, To: graph.Ref{Kind: graph.KindCity, ID: "aa"}, Provenance: testProv}}}); err != nil {
		t.Fatal(err)
	}
	hop := graph.TreeHop{Hop: graph.Hop{Type: graph.RelRunBy, Direction: graph.In, Kind: graph.KindPractice}, Select: &graph.Projection{Fields: []string{"name"}}}
	for _, tt := range []struct {
		name      string
		q         graph.ListQuery
		wantNodes string
		wantEdges string
		wantTotal int
	}{
		{"every node followed", graph.ListQuery{Limit: 3}, "[aa bb cc]", "aa:[p q] bb:[p] cc:[]", 3},
		{"the look-ahead node not followed", graph.ListQuery{Limit: 3, HopsLimit: 2}, "[aa bb cc]", "aa:[p q] bb:[p]", 3},
		{"from the end, without the total", graph.ListQuery{Limit: 2, HopsLimit: 1, FromEnd: true, NoTotal: true}, "[bb cc]", "cc:[]", 0},
		{"after a position", graph.ListQuery{Limit: 5, After: &graph.ListKey{Value: "aa", ID: "aa"}}, "[bb cc]", "bb:[p] cc:[]", 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.q
			q.Kind, q.Order, q.Select = graph.KindCity, "NAME", &graph.Projection{}
			q.Hops = []graph.TreeHop{hop}
			page, err := st.List(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, n := range page.Nodes {
				ids = append(ids, n.ID)
				if len(n.Texts) > 0 {
					t.Errorf("city %s has texts %v, but the projection names none", n.ID, n.Texts)
				}
			}
			if got := fmt.Sprint(ids); got != tt.wantNodes || page.Total != tt.wantTotal {
				t.Errorf("page %s of %d, want %s of %d", got, page.Total, tt.wantNodes, tt.wantTotal)
			}
			edges := page.Edges[&q.Hops[0]]
			got := ""
			for _, n := range page.Nodes {
				es, ok := edges[n.Ref()]
				if !ok {
					continue
				}
				var to []string
				for _, e := range es {
					to = append(to, e.Node.ID)
					if e.Node.Texts["name"].Values["en"] != e.Node.ID || e.Node.Texts["summary"].Orig != "" {
						t.Errorf("practice %s read as %+v, want its name only", e.Node.ID, e.Node.Texts)
					}
				}
				if got != "" {
					got += " "
				}
				got += n.ID + ":" + fmt.Sprint(to)
			}
			if got != tt.wantEdges {
				t.Errorf("edges %s, want %s", got, tt.wantEdges)
			}
		})
	}
	// A hop graph/kinds.go does not declare is refused whole.
	_, err := st.List(ctx, graph.ListQuery{Kind: graph.KindCity, Order: "NAME", Limit: 3,
		Hops: []graph.TreeHop{{Hop: graph.Hop{Type: graph.RelFundedBy, Direction: graph.Out, Kind: graph.KindGrant}}}})
	if graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("a list following an undeclared hop: err = %v, want %s", err, graph.EINVALID)
	}
}
