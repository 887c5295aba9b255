package web

import (
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var (
	// A rough JavaScript reader, enough for i18n.js: string and template literals and
	// line comments are blanked out first, so a colon inside a phrase is not a key.
	jsLiteral = regexp.MustCompile("'(?:[^'\\\\\\n]|\\\\.)*'|\"(?:[^\"\\\\\\n]|\\\\.)*\"|`[^`]*`")
	jsComment = regexp.MustCompile(`(?m)^\s*//.*$`)
	jsKey     = regexp.MustCompile(`(?:^|[{,\s])([A-Za-z_$][\w$]*):`)
	// One language's table in `const strings`: "  fr: {" to "  },", one or many keys a line.
	langBlock = regexp.MustCompile(`(?ms)^  ([a-z]{2}): \{\n(.*?)^  \},?$`)
	// A literal key the pages ask for: t('key') or t('key', …), not t('band_' + band).
	tCall = regexp.MustCompile(`\bt\('([\w$]+)'[,)]`)
)

// stringTables reads the per-language tables of a script, declared as decl ("const
// strings = {"): language → its keys, in order, with any repeats (a repeated key
// silently overrides the first in JavaScript).
func stringTables(t *testing.T, path, decl string) map[string][]string {
	t.Helper()
	src, err := files.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	start := strings.Index(s, decl)
	if start < 0 {
		t.Fatalf("%s has no %q", path, decl)
	}
	end := strings.Index(s[start:], "\n};")
	if end < 0 {
		t.Fatalf("%s: %q does not end", path, decl)
	}
	table := s[start : start+end+1]
	langs := map[string][]string{}
	for _, b := range langBlock.FindAllStringSubmatch(table, -1) {
		body := jsComment.ReplaceAllString(jsLiteral.ReplaceAllString(b[2], "''"), "")
		for _, k := range jsKey.FindAllStringSubmatch(body, -1) {
			langs[b[1]] = append(langs[b[1]], k[1])
		}
	}
	return langs
}

// TestInterfaceStringsAreComplete keeps every language of the interface whole, in
// i18n.js and in the tables of the practice page (related.js) and the editors' page
// (edit.js): each has every key English has, no key English lacks, and no key twice.
// A missing key would show in English; a repeated one would hide the first meaning (as
// when a grant's purpose overrode a practice's).
func TestInterfaceStringsAreComplete(t *testing.T) {
	for _, tt := range []struct {
		path, decl string
		minKeys    int
	}{
		{"static/js/i18n.js", "const strings = {", 200},
		{"static/js/pages/related.js", "const STRINGS = {", 7},
		{"static/js/pages/edit.js", "const STRINGS = {", 60},
	} {
		t.Run(tt.path, func(t *testing.T) {
			checkStringTables(t, stringTables(t, tt.path, tt.decl), tt.minKeys)
		})
	}
}

func checkStringTables(t *testing.T, langs map[string][]string, minKeys int) {
	t.Helper()
	en := map[string]bool{}
	for _, k := range langs["en"] {
		en[k] = true
	}
	if len(en) < minKeys {
		t.Fatalf("read %d English keys, want the whole table (%d or more): has its layout changed?", len(en), minKeys)
	}
	for _, l := range []string{"fr", "en", "es", "it", "pt"} {
		keys, ok := langs[l]
		if !ok {
			t.Errorf("no %s table", l)
			continue
		}
		have := map[string]int{}
		for _, k := range keys {
			have[k]++
		}
		var missing, extra, twice []string
		for k := range en {
			if have[k] == 0 {
				missing = append(missing, k)
			}
		}
		for k, n := range have {
			if !en[k] {
				extra = append(extra, k)
			}
			if n > 1 {
				twice = append(twice, k)
			}
		}
		sort.Strings(missing)
		sort.Strings(extra)
		sort.Strings(twice)
		if len(missing) > 0 {
			t.Errorf("%s lacks %d key(s) English has: %s", l, len(missing), strings.Join(missing, ", "))
		}
		if len(extra) > 0 {
			t.Errorf("%s has keys English lacks: %s", l, strings.Join(extra, ", "))
		}
		if len(twice) > 0 {
			t.Errorf("%s has keys twice: %s", l, strings.Join(twice, ", "))
		}
	}
}

// TestPagesAskForKnownStrings checks that every t('key') in the pages' scripts names a
// key of the English table, so a typo does not show the bare key.
func TestPagesAskForKnownStrings(t *testing.T) {
	en := map[string]bool{}
	for _, k := range stringTables(t, "static/js/i18n.js", "const strings = {")["en"] {
		en[k] = true
	}
	err := fs.WalkDir(files, "static/js", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".js") {
			return err
		}
		src, err := files.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range tCall.FindAllStringSubmatch(string(src), -1) {
			if !en[m[1]] {
				t.Errorf("%s asks for t('%s'), which i18n.js does not have", path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
