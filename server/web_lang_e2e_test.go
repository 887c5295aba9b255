package server_test

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestWebFollowsTheBrowsersLanguage opens the pages in headless Chromium as readers
// whose browsers speak Portuguese, French and German: the Portuguese reader is not
// served French, the French one is, the German one gets the first language of theirs
// the pages speak (English), and ?lang= overrides them all.
func TestWebFollowsTheBrowsersLanguage(t *testing.T) {
	chromium := chromiumPath(t)
	ts := startServer(t, nil)
	for _, tt := range []struct {
		name, acceptLang, path, wantLang, wantNav string
	}{
		{"pt-PT", "pt-PT,pt;q=0.9", "/", "pt", "Pesquisa"},
		{"fr-FR", "fr-FR,fr;q=0.9", "/", "fr", "Recherche"},
		{"de-DE", "de-DE,de;q=0.9,en;q=0.8,fr;q=0.5", "/", "en", "Search"},
		{"pt-PT-asks-it", "pt-PT,pt;q=0.9", "/?lang=it", "it", "Ricerca"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			b := openBrowser(t, chromium, ts.URL) // a fresh profile: nothing remembered
			b.speak(tt.acceptLang)
			b.do(chromedp.Navigate(ts.URL + tt.path))
			b.waitJS(`document.querySelector('#site-header nav a[aria-current="page"]')`, "the page header")
			b.checkLang(tt.wantLang)
			b.contains(`#site-header nav a[aria-current="page"]`, tt.wantNav)
			// Spanish, Italian and Portuguese are partly English yet, and say so.
			partial := b.text(`#site-footer .partial-interface`)
			if (tt.wantLang == "pt" || tt.wantLang == "it") != (partial != "") {
				t.Errorf("footer note on untranslated strings = %q for %s", partial, tt.wantLang)
			}
			b.shot("lang-" + tt.name)
			b.noConsoleErrors()
		})
	}
}
