package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/practicegraph/practicegraph/graph"
)

// DocumentHash is the key of a trusted document: the SHA-256 of its text, in hex, as
// Apollo's persisted queries and the GraphQL trusted-documents convention name it.
func DocumentHash(doc string) string {
	sum := sha256.Sum256([]byte(doc))
	return hex.EncodeToString(sum[:])
}

// requestDocument is what trusted mode reads of a request: the document's text and the
// hash a persisted-query request names instead of (or besides) it.
type requestDocument struct {
	Query      string `json:"query"`
	Extensions struct {
		PersistedQuery struct {
			SHA256 string `json:"sha256Hash"`
		} `json:"persistedQuery"`
	} `json:"extensions"`
}

// allowTrusted lets a request through when its document is trusted: given by its text,
// or by its hash alone (the server then fills the text in, so clients need not send
// it). Anything else is refused with FORBIDDEN. It reports whether the request may go
// on. checkHTTP has already read and checked a POST's body.
func (s *Server) allowTrusted(w http.ResponseWriter, r *http.Request) bool {
	if s.cfg.TrustedDocuments == nil || r.Method == http.MethodOptions {
		return true
	}
	var doc requestDocument
	var body map[string]json.RawMessage
	switch r.Method {
	case http.MethodGet:
		q := r.URL.Query()
		doc.Query = q.Get("query")
		_ = json.Unmarshal([]byte(q.Get("extensions")), &doc.Extensions)
	case http.MethodPost:
		raw, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(raw, &doc)
		_ = json.Unmarshal(raw, &body)
		r.Body = io.NopCloser(bytes.NewReader(raw))
	}
	hash := doc.Extensions.PersistedQuery.SHA256
	if doc.Query != "" {
		hash = DocumentHash(doc.Query)
	}
	text, ok := s.cfg.TrustedDocuments[strings.ToLower(hash)]
	if !ok || hash == "" {
		writeGraphQLError(w, http.StatusForbidden, graph.EFORBIDDEN, "UNTRUSTED_DOCUMENT",
			"this server runs only its trusted documents (PRACTICEGRAPH_TRUSTED_DOCUMENTS), and this request's document is not one of them")
		return false
	}
	if doc.Query == "" { // by hash alone: the text comes from the allow-list
		switch r.Method {
		case http.MethodGet:
			q := r.URL.Query()
			q.Set("query", text)
			r.URL.RawQuery = q.Encode()
		case http.MethodPost:
			body["query"], _ = json.Marshal(text)
			raw, _ := json.Marshal(body)
			r.Body = io.NopCloser(bytes.NewReader(raw))
			r.ContentLength = int64(len(raw))
		}
	}
	return true
}
