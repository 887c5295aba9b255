package server_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/practicegraph/practicegraph/cli"
	"github.com/practicegraph/practicegraph/resolvers"
)

// TestAnswersTakeTurns: with every turn taken, an answer kept from an earlier request
// and a mutation are answered at once, while a query whose answer must be built (by the
// compiled reader or by the executor) waits for a turn, and is answered once one is
// given back.
func TestAnswersTakeTurns(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.AnswerTurns = 1; c.EditorToken = editorToken })
	const page = `{ cities(first: 3, orderBy: {field: NAME, direction: ASC}) { edges { node { id practices { practice { id } } } } } }`
	first := ts.query(t, page, nil)
	if len(first.Errors) > 0 {
		t.Fatalf("first read: %+v", first.Errors)
	}
	turns := ts.Turns()
	if turns.Cap() != 1 || turns.Taken() != 0 {
		t.Fatalf("turns: %d taken of %d, want 0 of 1", turns.Taken(), turns.Cap())
	}
	done, err := resolvers.TakeTurn(resolvers.WithTurns(context.Background(), turns))
	if err != nil {
		t.Fatal(err)
	}
	given := false
	giveBack := func() {
		if !given {
			given = true
			done()
		}
	}
	defer giveBack()

	kept := ts.query(t, page, nil)
	if _, isKept, _ := keptOf(t, kept); len(kept.Errors) > 0 || !isKept || string(kept.Data) != string(first.Data) {
		t.Errorf("kept answer with no turn free: kept %v, errors %+v; want the first answer at once", isKept, kept.Errors)
	}
	res := ts.query(t, `mutation { updateCity(id: "bilbao", input: {population: 345000, provenance: {source: "icc-coordinators-meeting-2023", section: "test"}}) { id } }`, nil, asEditor...)
	if len(res.Errors) > 0 {
		t.Errorf("mutation with no turn free: %+v, want it answered at once", res.Errors)
	}

	// The mutation moved the graph's state: the page's answer kept no longer serves.
	waiting := []struct{ name, query string }{
		{"compiled", page},
		{"executor", `{ search(query: "bilbao", first: 3) { totalCount edges { node { __typename } } } }`},
	}
	type answer struct {
		r   gqlResponse
		err error
	}
	answers := make(chan answer, len(waiting))
	for _, w := range waiting {
		go func() {
			r, err := ts.post(w.query, nil)
			answers <- answer{r, err}
		}()
	}
	deadline := time.Now().Add(time.Minute)
	for turns.Waiting() < len(waiting) {
		select {
		case a := <-answers:
			t.Fatalf("answered with no turn free: %s %+v %v", a.r.Data, a.r.Errors, a.err)
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d requests wait for a turn after a minute, want %d", turns.Waiting(), len(waiting))
		}
	}
	_, body := ts.get(t, "/metrics")
	for _, m := range []string{"practicegraph_answer_turns 1", "practicegraph_answer_turns_taken 1", "practicegraph_answer_turns_waiting 2"} {
		if !bytes.Contains(body, []byte("\n"+m+"\n")) {
			t.Errorf("/metrics: no line %q", m)
		}
	}
	giveBack()
	for range waiting {
		if a := <-answers; a.err != nil || len(a.r.Errors) > 0 || len(a.r.Data) == 0 {
			t.Errorf("answer once the turn is given back: %s %+v %v", a.r.Data, a.r.Errors, a.err)
		}
	}
	if turns.Taken() != 0 || turns.Waiting() != 0 {
		t.Errorf("at the end: %d turns taken, %d waiting; want none", turns.Taken(), turns.Waiting())
	}
}
