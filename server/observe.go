package server

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"time"
)

// requestIDHeader carries the request id: taken from the caller (a load balancer's)
// when well-formed, else made here, and always returned.
const requestIDHeader = "X-Request-Id"

var goodRequestID = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,128}$`)

func newRequestID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// statusRecorder remembers the status an answer was sent with.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(p []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(p)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// observe gives every request an id, then logs one line for it and, for GraphQL,
// records its metrics. The line holds no query text, variables or headers: they may
// carry personal data or the editor token.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get(requestIDHeader)
		if !goodRequestID.MatchString(id) {
			id = newRequestID()
		}
		w.Header().Set(requestIDHeader, id)
		// A WebSocket's duration is its connection's, not an operation's: kept out of
		// the request metrics (its operations are not counted either).
		info := &requestInfo{id: id, graphql: r.URL.Path == "/graphql" && !isUpgrade(r)}
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r.WithContext(withRequestInfo(r.Context(), info)))
		d := time.Since(start)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		info.mu.Lock()
		defer info.mu.Unlock()
		attrs := []slog.Attr{
			slog.String("request_id", id),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Float64("duration_ms", float64(d.Microseconds())/1000),
			slog.Int64("response_bytes", rec.bytes),
		}
		if info.graphql && r.Method != http.MethodOptions {
			if s.metrics != nil {
				s.metrics.observe(info, d)
			}
			op := info.operation
			switch {
			case op == "" && info.executed:
				op = "anonymous"
			case op == "":
				op = "(none)" // refused before an operation was identified
			}
			attrs = append(attrs, slog.String("operation", op), slog.String("error_codes", info.codesLabel()))
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "Request", attrs...)
	})
}
