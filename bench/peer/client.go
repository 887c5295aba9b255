package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"
)

// httpClient keeps enough idle connections for every worker, so the load tool measures
// the servers rather than TCP handshakes; every request is bounded.
var httpClient = &http.Client{
	Timeout: 30 * time.Second,
	Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256,
		IdleConnTimeout: 90 * time.Second, DisableCompression: true},
}

// post sends one GraphQL body and returns the raw response; a non-200 status or a
// GraphQL error is an error.
func post(ctx context.Context, url string, body []byte, header map[string]string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return b, fmt.Errorf("HTTP %d: %.300s", resp.StatusCode, b)
	}
	// Cheap test first: the load tool calls this for every request.
	if bytes.Contains(b, []byte(`"errors"`)) {
		var r struct {
			Errors json.RawMessage `json:"errors"`
		}
		if json.Unmarshal(b, &r) == nil && len(r.Errors) > 0 && string(r.Errors) != "null" {
			e := &graphQLError{raw: r.Errors}
			var errs []struct {
				Message    string `json:"message"`
				Extensions struct {
					Code string `json:"code"`
				} `json:"extensions"`
			}
			if json.Unmarshal(r.Errors, &errs) == nil && len(errs) > 0 {
				e.code, e.message = errs[0].Extensions.Code, errs[0].Message
			}
			return b, e
		}
	}
	return b, nil
}

// graphQLError is an answer with errors; code and message are the first error's.
type graphQLError struct {
	raw           json.RawMessage
	code, message string
}

func (e *graphQLError) Error() string { return fmt.Sprintf("GraphQL errors: %.300s", e.raw) }

// refusal says why a server refused a query as asked (a limit, an argument it does not
// take), as opposed to failing to answer it; "" when it did not refuse.
func refusal(err error) string {
	var e *graphQLError
	if !errors.As(err, &e) {
		return ""
	}
	switch e.code {
	case "", "UNAVAILABLE", "INTERNAL", "INTERNAL_SERVER_ERROR":
		return ""
	}
	return fmt.Sprintf("refused (%s): %s", e.code, e.message)
}

// postGraphQL sends one GraphQL body and returns its data.
func postGraphQL(ctx context.Context, url string, body []byte, header ...map[string]string) (map[string]any, error) {
	var h map[string]string
	if len(header) > 0 {
		h = header[0]
	}
	b, err := post(ctx, url, body, h)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", url, err)
	}
	var r struct {
		Data map[string]any `json:"data"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", url, err)
	}
	return r.Data, nil
}

// neo4jFlags are the connection flags of the commands that talk to Neo4j directly.
type neo4jFlags struct{ uri, user, password string }

func (n *neo4jFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&n.uri, "neo4j-uri", envOr("NEO4J_URI", "bolt://127.0.0.1:7701"), "Neo4j Bolt URI")
	fs.StringVar(&n.user, "neo4j-user", envOr("NEO4J_USER", "neo4j"), "Neo4j user")
	fs.StringVar(&n.password, "neo4j-password", envOr("NEO4J_PASSWORD", "practicegraph-bench"), "Neo4j password")
}

// open returns a driver with the pool size practicegraph and the peer use.
func (n *neo4jFlags) open(ctx context.Context) (neo4j.DriverWithContext, error) {
	d, err := neo4j.NewDriverWithContext(n.uri, neo4j.BasicAuth(n.user, n.password, ""), func(c *config.Config) {
		c.MaxConnectionPoolSize = 50
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j %s: %w", n.uri, err)
	}
	if err := d.VerifyConnectivity(ctx); err != nil {
		d.Close(ctx)
		return nil, fmt.Errorf("neo4j %s: %w", n.uri, err)
	}
	return d, nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// cypherParams turns parameters read from JSON back into what Cypher expects: whole
// numbers as integers (JSON gives float64, and list slicing rejects floats).
func cypherParams(p map[string]any) map[string]any {
	if p == nil {
		return nil
	}
	out := make(map[string]any, len(p))
	for k, v := range p {
		if f, ok := v.(float64); ok && f == math.Trunc(f) {
			v = int64(f)
		}
		out[k] = v
	}
	return out
}

func cmdFulltext(args []string) error {
	fs := flag.NewFlagSet("fulltext", flag.ExitOnError)
	var nf neo4jFlags
	nf.register(fs)
	fs.Parse(args)
	ctx := context.Background()
	d, err := nf.open(ctx)
	if err != nil {
		return fmt.Errorf("fulltext: %w", err)
	}
	defer d.Close(ctx)
	start := time.Now()
	for _, q := range peerFulltextIndex {
		if _, err := neo4j.ExecuteQuery(ctx, d, q, nil, neo4j.EagerResultTransformer); err != nil {
			return fmt.Errorf("fulltext: %w", err)
		}
	}
	fmt.Printf("peer fulltext index practice_fulltext online after %.1f s\n", time.Since(start).Seconds())
	return nil
}
