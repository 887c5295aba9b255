package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/practicegraph/practicegraph/graph"
)

// writeGraphQLError answers a request that never reached GraphQL execution with a
// GraphQL-shaped error carrying a code. The message is ours: it never echoes the body.
func writeGraphQLError(w http.ResponseWriter, status int, code, reason, msg string) {
	writeJSON(w, status, map[string]any{"errors": []map[string]any{{
		"message":    msg,
		"extensions": map[string]any{"code": code, "reason": reason},
	}}})
}

// checkHTTP refuses what the GraphQL transports would answer without a code, or by
// echoing the body and Go type names: a method other than GET, POST or OPTIONS, a POST
// that is not application/json, a body too large, not JSON, a batch (a JSON array) or
// of the wrong shape. A POST's body is read here, whole, and handed on. It reports
// whether the request may go on.
func checkHTTP(w http.ResponseWriter, r *http.Request, maxBody int64) bool {
	switch r.Method {
	case http.MethodOptions:
		return true
	case http.MethodGet:
		q := r.URL.Query()
		var ext map[string]any
		_ = json.Unmarshal([]byte(q.Get("extensions")), &ext) // undecodable: the transport says so
		if q.Get("query") == "" && !persisted(ext) {
			writeGraphQLError(w, http.StatusBadRequest, graph.EINVALID, "NO_QUERY",
				"the request has no query: send it in the query parameter")
			return false
		}
		return true
	case http.MethodPost:
	default:
		w.Header().Set("Allow", "GET, POST, OPTIONS")
		writeGraphQLError(w, http.StatusMethodNotAllowed, graph.EINVALID, "METHOD_NOT_ALLOWED",
			fmt.Sprintf("method %s is not allowed: send queries with GET or POST, mutations with POST", strconv.Quote(r.Method)))
		return false
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		writeGraphQLError(w, http.StatusUnsupportedMediaType, graph.EINVALID, "UNSUPPORTED_MEDIA_TYPE",
			"the request body must be a JSON object (Content-Type application/json) with query, and optionally operationName and variables")
		return false
	}
	if r.ContentLength > maxBody {
		writeBodyTooLarge(w, maxBody)
		return false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		writeBodyTooLarge(w, maxBody)
		return false
	case err != nil:
		writeGraphQLError(w, http.StatusBadRequest, graph.EINVALID, "BAD_REQUEST_BODY", "the request body could not be read")
		return false
	}
	if msg := checkBody(body); msg != "" {
		writeGraphQLError(w, http.StatusBadRequest, graph.EINVALID, "BAD_REQUEST_BODY", msg)
		return false
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	return true
}

// checkBody describes what is wrong with a POST body, "" when it is a GraphQL request.
func checkBody(body []byte) string {
	trimmed := bytes.TrimSpace(body)
	switch {
	case len(trimmed) == 0:
		return "the request body is empty: send a JSON object with query"
	case !json.Valid(trimmed):
		return "the request body is not valid JSON"
	case trimmed[0] == '[':
		return "batched requests (a JSON array) are not supported: send one operation per request"
	case trimmed[0] != '{':
		return "the request body must be a JSON object with query, and optionally operationName and variables"
	}
	var params struct {
		Query         *string        `json:"query"`
		OperationName *string        `json:"operationName"`
		Variables     map[string]any `json:"variables"`
		Extensions    map[string]any `json:"extensions"`
	}
	if err := json.Unmarshal(trimmed, &params); err != nil {
		return "the request body must be a JSON object whose query and operationName are strings and whose variables and extensions are objects"
	}
	if (params.Query == nil || *params.Query == "") && !persisted(params.Extensions) {
		return "the request has no query: send a JSON object with query"
	}
	return ""
}

// persisted reports whether a request's extensions name a persisted query, which
// stands for the query text.
func persisted(ext map[string]any) bool {
	_, ok := ext["persistedQuery"]
	return ok
}

func writeBodyTooLarge(w http.ResponseWriter, maxBody int64) {
	writeGraphQLError(w, http.StatusRequestEntityTooLarge, graph.EINVALID, "BODY_TOO_LARGE",
		fmt.Sprintf("request body is larger than %d bytes", maxBody))
}

// codedErrors makes sure every error answer of the GraphQL handler has a code and a
// message of ours: the few the transports write themselves (a mutation over GET,
// undecodable GET variables) have neither a code nor, always, a safe message.
type codedErrors struct {
	http.ResponseWriter
	status int
	buf    *bytes.Buffer // the body of an error answer, rewritten at the end
	sent   bool          // the status has gone out
	null   bool          // the answer was gqlgen's bare null, kept back for finish
}

// WriteHeader starts buffering an error answer; a success's status waits for its
// first write, which may still turn out to be no answer at all.
func (c *codedErrors) WriteHeader(status int) {
	if c.status != 0 {
		return
	}
	c.status = status
	if status >= 400 {
		c.buf = &bytes.Buffer{}
	}
}

// Write passes a successful answer on and keeps an error answer for finish. A bare
// `null` is what gqlgen writes when the request's context ended before it began the
// answer (its response handler then returns nil): finish answers it instead.
func (c *codedErrors) Write(p []byte) (int, error) {
	if c.status == 0 {
		c.WriteHeader(http.StatusOK)
	}
	if c.buf != nil {
		return c.buf.Write(p)
	}
	if !c.sent && !c.null && string(bytes.TrimSpace(p)) == "null" {
		c.null = true
		return len(p), nil
	}
	c.send()
	return c.ResponseWriter.Write(p)
}

// send writes the held status, once; a held bare null goes before anything else.
func (c *codedErrors) send() {
	if c.sent {
		return
	}
	c.sent = true
	c.ResponseWriter.WriteHeader(c.status)
	if c.null {
		c.null = false
		_, _ = c.ResponseWriter.Write([]byte("null"))
	}
}

// safeTransportMessages are the transports' own messages that echo nothing.
var safeTransportMessages = map[string]bool{
	"GET requests only allow query operations": true,
	"variables could not be decoded":           true,
	"extensions could not be decoded":          true,
}

// finish writes a buffered error answer, with a code on every error, and returns the
// codes it added (errors gqlgen's presenter never saw).
func (c *codedErrors) finish(ctx context.Context) (added []string) {
	if c.null {
		// The context ended (the deadline, or the client went away) before any answer
		// was built: say so, coded, rather than answer null.
		err := pastDeadline(ctx)
		if err == nil {
			err = context.Canceled
		}
		c.null = false
		c.send()
		e := errOutOfTime(err)
		_ = json.NewEncoder(c.ResponseWriter).Encode(map[string]any{"errors": []map[string]any{{
			"message": graph.ErrorMessage(e), "extensions": map[string]any{"code": graph.ErrorCode(e)}}}})
		return []string{graph.ErrorCode(e)}
	}
	if c.buf == nil {
		if c.status != 0 {
			c.send()
		}
		return nil
	}
	var resp struct {
		Data   json.RawMessage  `json:"data,omitempty"`
		Errors []map[string]any `json:"errors"`
	}
	if err := json.Unmarshal(c.buf.Bytes(), &resp); err != nil || len(resp.Errors) == 0 {
		c.Header().Del("Content-Length")
		writeGraphQLError(c.ResponseWriter, c.status, graph.EINVALID, "BAD_REQUEST", "the request is not a valid GraphQL request")
		return []string{graph.EINVALID}
	}
	for _, e := range resp.Errors {
		ext, _ := e["extensions"].(map[string]any)
		if ext == nil {
			ext = map[string]any{}
			e["extensions"] = ext
		}
		if _, ok := ext["code"]; ok {
			continue
		}
		ext["code"] = graph.EINVALID
		if c.status >= 500 {
			ext["code"] = graph.EINTERNAL
		}
		added = append(added, ext["code"].(string))
		if msg, _ := e["message"].(string); !safeTransportMessages[msg] {
			e["message"] = "the request is not a valid GraphQL request"
		}
	}
	// An error before execution has no data entry (GraphQL spec, "Response"); gqlgen
	// writes "data": null.
	if string(bytes.TrimSpace(resp.Data)) == "null" {
		resp.Data = nil
	}
	status := c.status
	mt, _, _ := mime.ParseMediaType(c.Header().Get("Content-Type"))
	if mt != graphQLResponseType {
		mt = "application/json"
	}
	if status == http.StatusUnprocessableEntity {
		// gqlgen answers 422 to a well-formed request whose document does not parse or
		// validate, whose variables do not coerce, or which a limit refuses. The
		// GraphQL-over-HTTP spec asks 200 for application/json (older clients read the
		// errors only from a 200) and 400 for application/graphql-response+json.
		status = http.StatusOK
		if mt == graphQLResponseType {
			status = http.StatusBadRequest
		}
	}
	c.Header().Del("Content-Length")
	c.Header().Set("Content-Type", mt+"; charset=utf-8")
	c.ResponseWriter.WriteHeader(status)
	_ = json.NewEncoder(c.ResponseWriter).Encode(resp)
	return added
}

// graphQLResponseType is the media type of the GraphQL-over-HTTP spec's answers.
const graphQLResponseType = "application/graphql-response+json"
