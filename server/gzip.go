package server

import (
	"compress/gzip"
	"net/http"
	"strings"
	"sync"
)

// gzipMinBytes is the answer size from which gzip pays: below it, the header and the
// CPU cost more than the bytes saved.
const gzipMinBytes = 1024

var gzipWriters = sync.Pool{New: func() any {
	w, _ := gzip.NewWriterLevel(nil, gzip.DefaultCompression)
	return w
}}

// gzipAnswers compresses answers of gzipMinBytes or more for clients that accept gzip.
// It holds back the first bytes until it knows which side of the threshold the answer
// falls, so small answers go out as they are.
func gzipAnswers(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		if !acceptsGzip(r.Header.Get("Accept-Encoding")) || r.Method == http.MethodHead || isUpgrade(r) {
			next.ServeHTTP(w, r)
			return
		}
		gw := &gzipWriter{ResponseWriter: w}
		defer gw.finish()
		next.ServeHTTP(gw, r)
	})
}

// acceptsGzip reads Accept-Encoding, honouring an explicit q=0 refusal.
func acceptsGzip(h string) bool {
	for _, part := range strings.Split(h, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// gzipWriter buffers up to gzipMinBytes, then either compresses the whole answer or
// writes it plainly at the end.
type gzipWriter struct {
	http.ResponseWriter
	status  int
	buf     []byte
	zw      *gzip.Writer
	decided bool // true once the answer goes out, compressed (zw != nil) or not
}

func (g *gzipWriter) WriteHeader(code int) {
	if g.status == 0 {
		g.status = code
	}
}

func (g *gzipWriter) Write(p []byte) (int, error) {
	if g.status == 0 {
		g.status = http.StatusOK
	}
	if g.decided {
		if g.zw != nil {
			return g.zw.Write(p)
		}
		return g.ResponseWriter.Write(p)
	}
	g.buf = append(g.buf, p...)
	if len(g.buf) >= gzipMinBytes {
		if err := g.decide(true); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// decide sends the header and the buffered bytes, compressed when compress and the
// answer may be: not already encoded, and a status that has a body.
func (g *gzipWriter) decide(compress bool) error {
	g.decided = true
	h := g.Header()
	if h.Get("Content-Encoding") != "" || g.status < 200 || g.status == http.StatusNoContent || g.status == http.StatusPartialContent || g.status == http.StatusNotModified {
		compress = false
	}
	if compress {
		h.Set("Content-Encoding", "gzip")
		h.Del("Content-Length")
		g.zw = gzipWriters.Get().(*gzip.Writer)
		g.zw.Reset(g.ResponseWriter)
	}
	g.ResponseWriter.WriteHeader(g.status)
	buf := g.buf
	g.buf = nil
	if len(buf) == 0 {
		return nil
	}
	var err error
	if g.zw != nil {
		_, err = g.zw.Write(buf)
	} else {
		_, err = g.ResponseWriter.Write(buf)
	}
	return err
}

// Unwrap lets http.ResponseController reach the connection's writer (a long export
// extends its write deadline).
func (g *gzipWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }

// Flush sends what is buffered, deciding on compression first if still open.
func (g *gzipWriter) Flush() {
	if !g.decided {
		if g.status == 0 {
			g.status = http.StatusOK
		}
		_ = g.decide(len(g.buf) >= gzipMinBytes)
	}
	if g.zw != nil {
		_ = g.zw.Flush()
	}
	if f, ok := g.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// finish sends a small answer plainly, or ends the gzip stream.
func (g *gzipWriter) finish() {
	if !g.decided {
		if g.status == 0 {
			return // nothing written: net/http sends its own 200
		}
		_ = g.decide(false)
	}
	if g.zw != nil {
		_ = g.zw.Close()
		g.zw.Reset(nil)
		gzipWriters.Put(g.zw)
		g.zw = nil
	}
}
