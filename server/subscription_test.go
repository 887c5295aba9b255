package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/coder/websocket/wsjson"

	"github.com/practicegraph/practicegraph/cli"
)

// wsMessage is a message of the graphql-transport-ws protocol.
type wsMessage struct {
	ID      string          `json:"id,omitempty"`
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload,omitempty"`
}

// dialGraphQL opens a graphql-transport-ws connection and completes its handshake.
func dialGraphQL(t *testing.T, ctx context.Context, base, origin string) *websocket.Conn {
	t.Helper()
	conn, resp, err := websocket.Dial(ctx, strings.Replace(base, "http", "ws", 1)+"/graphql", &websocket.DialOptions{
		Subprotocols: []string{"graphql-transport-ws"},
		HTTPHeader:   http.Header{"Origin": {origin}},
	})
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("dial (HTTP %d): %v", status, err)
	}
	t.Cleanup(func() { conn.CloseNow() })
	if err := wsjson.Write(ctx, conn, wsMessage{Type: "connection_init"}); err != nil {
		t.Fatal(err)
	}
	if m := readMessage(t, ctx, conn); m.Type != "connection_ack" {
		t.Fatalf("got %s, want connection_ack", m.Type)
	}
	return conn
}

// readMessage reads the next message but pings, which keep-alive may send any time.
func readMessage(t *testing.T, ctx context.Context, conn *websocket.Conn) wsMessage {
	t.Helper()
	for {
		var m wsMessage
		if err := wsjson.Read(ctx, conn, &m); err != nil {
			t.Fatalf("read: %v", err)
		}
		if m.Type != "ping" && m.Type != "pong" && m.Type != "ka" {
			return m
		}
	}
}

// A dashboard subscribed to graphChanged hears of an editor's write, once the search
// index has it; queries run over the socket too; pages elsewhere may not connect.
func TestSubscriptionGraphChanged(t *testing.T) {
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	conn := dialGraphQL(t, ctx, ts.URL, "https://coordinators.example")

	sub, _ := json.Marshal(map[string]any{"query": `subscription { graphChanged { fromVersion toVersion updated deleted at } }`})
	if err := wsjson.Write(ctx, conn, wsMessage{ID: "changes", Type: "subscribe", Payload: sub}); err != nil {
		t.Fatal(err)
	}
	q, _ := json.Marshal(map[string]any{"query": `{ practice(id: "diversitours") { id } }`})
	if err := wsjson.Write(ctx, conn, wsMessage{ID: "query", Type: "subscribe", Payload: q}); err != nil {
		t.Fatal(err)
	}
	if m := readMessage(t, ctx, conn); m.ID != "query" || m.Type != "next" || !strings.Contains(string(m.Payload), `"diversitours"`) {
		t.Fatalf("the query over the socket answered %s %s: %s", m.ID, m.Type, m.Payload)
	}
	if m := readMessage(t, ctx, conn); m.ID != "query" || m.Type != "complete" {
		t.Fatalf("after the query's answer: %s %s, want its complete", m.ID, m.Type)
	}

	before := graphVersion(t, ts)
	var created struct{ CreatePractice struct{ ID string } }
	ts.query(t, createPractice, map[string]any{"input": welcomeWalks()}, asEditor...).decode(t, &created)

	m := readMessage(t, ctx, conn)
	if m.ID != "changes" || m.Type != "next" {
		t.Fatalf("after a write: %s %s: %s, want the change", m.ID, m.Type, m.Payload)
	}
	var got struct {
		Data struct {
			GraphChanged struct {
				FromVersion, ToVersion, Updated, Deleted int
				At                                       string
			}
		}
	}
	if err := json.Unmarshal(m.Payload, &got); err != nil {
		t.Fatal(err)
	}
	c := got.Data.GraphChanged
	if int64(c.FromVersion) != before || int64(c.ToVersion) != graphVersion(t, ts) || c.Updated < 1 {
		t.Errorf("change %+v, want from version %d to the graph's %d with the practice updated", c, before, graphVersion(t, ts))
	}
	if _, err := time.Parse(time.RFC3339, c.At); err != nil {
		t.Errorf("at = %q: %v", c.At, err)
	}

	// A page from an origin the API does not allow cannot open a socket.
	if evil, resp, err := websocket.Dial(ctx, strings.Replace(ts.URL, "http", "ws", 1)+"/graphql", &websocket.DialOptions{
		Subprotocols: []string{"graphql-transport-ws"},
		HTTPHeader:   http.Header{"Origin": {"https://elsewhere.example"}},
	}); err == nil {
		evil.CloseNow()
		t.Error("a socket from an origin outside PRACTICEGRAPH_CORS_ORIGINS was accepted")
	} else if resp == nil || resp.StatusCode != http.StatusForbidden {
		t.Errorf("a socket from another origin: %v, want HTTP 403", err)
	}
}
