//go:build reliability

// Package reliability holds the outage and kill scenarios that `make reliability`
// runs against the real server binary and a local Neo4j it may stop and start. They
// are slow and stop the test Neo4j, so they sit behind the "reliability" build tag,
// outside `make test`.
package reliability

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/practicegraph/practicegraph/graph/neo4jstore/neo4jtest"
)

const editorToken = "reliability-editor-token"

// rounds is how many times each scenario runs, from RELIABILITY_ROUNDS (default 3).
func rounds() int {
	if n, err := strconv.Atoi(os.Getenv("RELIABILITY_ROUNDS")); err == nil && n > 0 {
		return n
	}
	return 3
}

// binary builds the server once per test run.
func binary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "practicegraph")
	cmd := exec.Command("go", "build", "-o", bin, "../cmd/practicegraph")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build the server: %v\n%s", err, out)
	}
	return bin
}

// process is a running server binary.
type process struct {
	cmd *exec.Cmd
	url string
	log *bytes.Buffer
}

// start runs the server on a free port with the data folder dir and waits until
// /readyz says ready.
func start(t *testing.T, bin, dir string) *process {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cfg := neo4jtest.Config(t)
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(os.Environ(),
		"NEO4J_URI="+cfg.URI, "NEO4J_USER="+cfg.User, "NEO4J_PASSWORD="+cfg.Password, "NEO4J_DATABASE="+cfg.Database,
		"PRACTICEGRAPH_ADDR="+addr, "PRACTICEGRAPH_DATA_DIR="+dir, "PRACTICEGRAPH_SEED_DIR=../seed/data",
		"PRACTICEGRAPH_EDITOR_TOKEN="+editorToken, "PRACTICEGRAPH_REQUEST_TIMEOUT=30s")
	p := &process{cmd: cmd, url: "http://" + addr, log: &bytes.Buffer{}}
	cmd.Stdout, cmd.Stderr = p.log, p.log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
		if t.Failed() {
			t.Logf("server log:\n%s", p.log)
		}
	})
	for i := 0; i < 180; i++ { // bounded: three minutes
		if p.ready() {
			return p
		}
		time.Sleep(time.Second)
	}
	t.Fatalf("server not ready after 3 minutes; log:\n%s", p.log)
	return nil
}

// ready says whether /readyz answers 200 with the search index in step: a server is
// ready while it rebuilds its index, but the scenarios compare the index with the graph.
func (p *process) ready() bool {
	resp, err := http.Get(p.url + "/readyz")
	if err != nil {
		return false
	}
	defer resp.Body.Close()
	var body struct {
		Checks map[string]string `json:"checks"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode == http.StatusOK && body.Checks["search_index"] == "ok"
}

// kill9 kills the server without letting it clean up.
func (p *process) kill9(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Kill(); err != nil { // SIGKILL
		t.Fatal(err)
	}
	_ = p.cmd.Wait()
}

// answer is a GraphQL answer.
type answer struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

func (a answer) code() string {
	if len(a.Errors) == 0 {
		return ""
	}
	c, _ := a.Errors[0].Extensions["code"].(string)
	return c
}

// query posts a GraphQL request; a transport error is returned as such.
func (p *process) query(q string, vars map[string]any) (answer, error) {
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, p.url+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+editorToken)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, err
	}
	var a answer
	if err := json.Unmarshal(raw, &a); err != nil {
		return answer{}, fmt.Errorf("HTTP %d, not JSON: %s", resp.StatusCode, raw)
	}
	return a, nil
}

// neo4jLocal runs scripts/neo4j-local.sh on the test Neo4j (start or stop).
func neo4jLocal(t *testing.T, action string) {
	t.Helper()
	if os.Getenv("NEO4J_LOCAL_HOME") == "" || os.Getenv("NEO4J_LOCAL_PORT") == "" {
		t.Fatal("the outage scenario stops and starts the test Neo4j: run it with `make reliability`, which starts a local one and sets NEO4J_LOCAL_HOME and NEO4J_LOCAL_PORT")
	}
	out, err := exec.Command("../scripts/neo4j-local.sh", action).CombinedOutput()
	if err != nil {
		t.Fatalf("neo4j-local.sh %s: %v\n%s", action, err, out)
	}
}

// When Neo4j stops while the server is serving, requests answer UNAVAILABLE (and
// /readyz 503) instead of hanging; when it is back, the server serves again by itself.
func TestNeo4jOutage(t *testing.T) {
	cfg := neo4jtest.Config(t)
	neo4jtest.Lock(t, cfg)
	neo4jtest.Wipe(t, cfg)
	bin := binary(t)
	p := start(t, bin, t.TempDir())
	const q = `{ practice(id: "diversitours") { id cities { city { id } } } }`
	for round := 1; round <= rounds(); round++ {
		if a, err := p.query(q, nil); err != nil || len(a.Errors) > 0 {
			t.Fatalf("round %d: before the outage: %v %+v", round, err, a.Errors)
		}
		neo4jLocal(t, "stop")
		stopped := time.Now()
		var code string
		for i := 0; i < 60 && code != "UNAVAILABLE"; i++ { // bounded: a minute
			a, err := p.query(q, nil)
			if err != nil {
				t.Fatalf("round %d: during the outage the server dropped the request: %v", round, err)
			}
			code = a.code()
			if code != "UNAVAILABLE" {
				time.Sleep(time.Second)
			}
		}
		if code != "UNAVAILABLE" {
			t.Fatalf("round %d: with Neo4j stopped the answer's code is %q, want UNAVAILABLE", round, code)
		}
		unavailableAfter := time.Since(stopped)
		if p.ready() {
			t.Errorf("round %d: /readyz says ready with Neo4j stopped", round)
		}
		neo4jLocal(t, "start")
		back := time.Now()
		recovered := false
		for i := 0; i < 120 && !recovered; i++ { // bounded: two minutes
			a, err := p.query(q, nil)
			recovered = err == nil && len(a.Errors) == 0
			if !recovered {
				time.Sleep(250 * time.Millisecond)
			}
		}
		if !recovered {
			t.Fatalf("round %d: the server did not serve again after Neo4j came back", round)
		}
		t.Logf("round %d: UNAVAILABLE %.1f s after Neo4j stopped; serving again %.2f s after it was back",
			round, unavailableAfter.Seconds(), time.Since(back).Seconds())
		if !p.ready() {
			t.Errorf("round %d: /readyz not ready after recovery", round)
		}
	}
}

// A server killed with SIGKILL in the middle of writes loses no acknowledged write,
// and after a restart on the same data folder its search index and the graph agree.
func TestKillDuringWrites(t *testing.T) {
	cfg := neo4jtest.Config(t)
	neo4jtest.Lock(t, cfg)
	neo4jtest.Wipe(t, cfg)
	bin := binary(t)
	dir := t.TempDir()
	rnd := rand.New(rand.NewPCG(14, 9)) // fixed: every run kills at the same moments
	const create = `mutation($input: PracticeInput!) { createPractice(input: $input) { id } }`
	var acknowledged []string
	for round := 1; round <= rounds(); round++ {
		p := start(t, bin, dir)
		// Kill once a few creates went through, a moment into the next one: the
		// writer sends it as soon as the previous one is answered.
		wantAcks, pause := 1+rnd.IntN(3), time.Duration(rnd.IntN(200))*time.Millisecond
		acks := make(chan string, 200)
		done := make(chan []string)
		go func() {
			var ok []string
			for i := 0; i < 200; i++ { // bounded; the kill ends it much sooner
				id := fmt.Sprintf("reliability-r%d-%d", round, i)
				a, err := p.query(create, map[string]any{"input": practiceInput(id)})
				if err != nil {
					break // the server is gone
				}
				if len(a.Errors) == 0 {
					ok = append(ok, id)
					acks <- id
				}
			}
			done <- ok
		}()
		for i := 0; i < wantAcks; i++ {
			select {
			case <-acks:
			case <-time.After(2 * time.Minute):
				t.Fatalf("round %d: no create acknowledged in two minutes", round)
			}
		}
		time.Sleep(pause)
		p.kill9(t)
		ok := <-done
		acknowledged = append(acknowledged, ok...)

		p = start(t, bin, dir)
		graphIDs := p.allIDs(t, `query($after: String) { practices(first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, "practices")
		indexIDs := p.allIDs(t, `query($after: String) { search(query: "", filter: {kinds: [PRACTICE]}, first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`, "search")
		if strings.Join(graphIDs, ",") != strings.Join(indexIDs, ",") {
			t.Fatalf("round %d: after the restart the index holds %d practices, the graph %d:\nindex %v\ngraph %v", round, len(indexIDs), len(graphIDs), indexIDs, graphIDs)
		}
		have := map[string]bool{}
		for _, id := range graphIDs {
			have[id] = true
		}
		for _, id := range acknowledged {
			if !have[id] {
				t.Fatalf("round %d: the acknowledged create of %s is lost", round, id)
			}
		}
		t.Logf("round %d: killed %v after acknowledged create #%d, during the next (%d acknowledged); after the restart graph and index agree on %d practices",
			round, pause, wantAcks, len(ok), len(graphIDs))
		p.kill9(t)
	}
}

// allIDs pages through a connection and returns its node ids, sorted.
func (p *process) allIDs(t *testing.T, q, field string) []string {
	t.Helper()
	var ids []string
	var after any
	for page := 0; page < 100; page++ {
		a, err := p.query(q, map[string]any{"after": after})
		if err != nil || len(a.Errors) > 0 {
			t.Fatalf("%s: %v %+v", field, err, a.Errors)
		}
		var got map[string]struct {
			Edges []struct {
				Node struct{ ID string } `json:"node"`
			} `json:"edges"`
			PageInfo struct {
				HasNextPage bool   `json:"hasNextPage"`
				EndCursor   string `json:"endCursor"`
			} `json:"pageInfo"`
		}
		if err := json.Unmarshal(a.Data, &got); err != nil {
			t.Fatal(err)
		}
		c := got[field]
		for _, e := range c.Edges {
			ids = append(ids, e.Node.ID)
		}
		if !c.PageInfo.HasNextPage {
			break
		}
		after = c.PageInfo.EndCursor
	}
	sort.Strings(ids)
	return ids
}

func practiceInput(id string) map[string]any {
	return map[string]any{
		"id":         id,
		"name":       map[string]any{"orig": "EN", "en": "Welcome walks " + id, "fr": "Promenades de bienvenue " + id},
		"summary":    map[string]any{"orig": "EN", "en": "Newcomers walk the old town with residents.", "fr": "Les nouveaux arrivants parcourent la vieille ville avec des habitants."},
		"cities":     []string{"lublin"},
		"provenance": map[string]any{"source": "icc-coordinators-meeting-2023", "section": "reliability"},
	}
}
