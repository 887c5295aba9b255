package seed_test

import (
	"bytes"
	"errors"
	"os"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
	"github.com/practicegraph/practicegraph/seed"
)

// FuzzParseCatalogue feeds arbitrary bytes to the catalogue reader: it never panics, and
// it either returns rows whose ids and texts are valid or names what is wrong.
func FuzzParseCatalogue(f *testing.F) {
	if b, err := os.ReadFile("testdata/catalogue.csv"); err == nil {
		f.Add(b)
	}
	for _, s := range []string{
		"", "\uFEFF", "title,country,language,source_url\n", "title,country,language,source_url\nA,UK,en,https://e.org\n",
		"title,country,language,source_url,period\n\"A\nB\",CH,fr,http://e.org/x,2013-\n", "title\n\"unterminated\n",
		"title,country,language,source_url,period\n--,,xx,ftp://x,9999-0000\n", "\xff\xfe", "a,a,a\n1,2\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cat, err := seed.ParseCatalogue(bytes.NewReader(data), 2026)
		var probs seed.CatalogueProblems
		switch {
		case err == nil && (cat == nil || len(cat.Rows) == 0):
			t.Fatal("no rows and no error")
		case err != nil && !errors.As(err, &probs):
			t.Fatalf("an error that names no row: %v", err)
		case err != nil && len(probs) == 0:
			t.Fatal("refused with no problem named")
		}
		if cat == nil {
			return
		}
		for _, r := range cat.Rows {
			if r.Title == "" || !graph.IsLanguage(r.Language) || r.Line < 2 {
				t.Errorf("row %+v accepted without its title, a known language or its line", r)
			}
			if id := seed.PracticeID(r.Title, r.City, r.Country); !graph.IsSlug(id) {
				t.Errorf("practice id %q of row %d is not a valid id", id, r.Line)
			}
		}
	})
}
