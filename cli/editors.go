package cli

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/practicegraph/practicegraph/server"
)

// minEditorToken is the shortest token accepted: a guessable token is an open door.
const minEditorToken = 16

// parseEditors reads PRACTICEGRAPH_EDITORS: entries `name:token` (or `name<TAB>token`),
// one a line or separated by commas; blank lines and lines starting with # are skipped.
// Errors name the entry and the editor, never a token.
func parseEditors(v string) ([]server.EditorCredential, error) {
	var out []server.EditorCredential
	names := map[string]bool{}
	tokens := map[string]string{}
	n := 0
	for _, line := range strings.Split(v, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for _, entry := range strings.Split(line, ",") {
			entry = strings.TrimSpace(entry)
			if entry == "" {
				continue
			}
			n++
			i := strings.IndexAny(entry, ":\t")
			if i < 0 {
				return nil, fmt.Errorf("editor #%d: want name:token", n)
			}
			name, token := strings.TrimSpace(entry[:i]), strings.TrimSpace(entry[i+1:])
			switch {
			case name == "":
				return nil, fmt.Errorf("editor #%d: the name is empty", n)
			case utf8.RuneCountInString(name) > 64 || strings.IndexFunc(name, unicode.IsControl) >= 0:
				return nil, fmt.Errorf("editor #%d: the name must be at most 64 printable characters", n)
			case len(token) < minEditorToken:
				return nil, fmt.Errorf("editor #%d (%s): the token must be at least %d characters", n, name, minEditorToken)
			case strings.IndexFunc(token, unicode.IsSpace) >= 0:
				return nil, fmt.Errorf("editor #%d (%s): the token must not contain spaces", n, name)
			case names[name]:
				return nil, fmt.Errorf("editor #%d: the name %q is given twice", n, name)
			case tokens[token] != "":
				return nil, fmt.Errorf("editor #%d (%s): the same token as %s; give every editor a token of their own", n, name, tokens[token])
			}
			names[name], tokens[token] = true, name
			out = append(out, server.EditorCredential{Name: name, Token: token})
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("no editor given: want name:token entries")
	}
	return out, nil
}
