package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/practicegraph/practicegraph/server"
	"github.com/practicegraph/practicegraph/web"
)

// loadTrustedDocuments reads the allow-list of PRACTICEGRAPH_TRUSTED_DOCUMENTS: a
// comma-separated list of sources, each `pages` (the pages' own documents, embedded)
// or the path of a JSON object mapping each document's SHA-256 (hex) to its text, the
// manifest format of GraphQL persisted and trusted documents. A hash that is not its
// document's refuses the whole list, naming the entry.
func loadTrustedDocuments(sources string) (map[string]string, error) {
	out := map[string]string{}
	for _, src := range splitList(sources) {
		docs := map[string]string{}
		if src == "pages" {
			docs = web.TrustedDocuments()
		} else {
			raw, err := os.ReadFile(src)
			if err != nil {
				return nil, fmt.Errorf("trusted documents: %w", err)
			}
			if err := json.Unmarshal(raw, &docs); err != nil {
				return nil, fmt.Errorf("trusted documents: %s is not a JSON object of SHA-256 hashes to documents: %w", src, err)
			}
		}
		for hash, doc := range docs {
			h := strings.ToLower(strings.TrimPrefix(hash, "sha256:"))
			if h != server.DocumentHash(doc) {
				return nil, fmt.Errorf("trusted documents: %s: the entry %q is not the SHA-256 of its document (that is %s)", src, hash, server.DocumentHash(doc))
			}
			out[h] = doc
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("trusted documents: %q names no documents: give pages and/or manifest files", sources)
	}
	return out, nil
}
