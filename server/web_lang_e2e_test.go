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
			b.waitJS(`document.querySelector('#site-header nav a[aria-current="page"]') && document.querySelector('.hits, .results') && !document.querySelector('#main[aria-busy]')`, "the search page with results")
			b.checkLang(tt.wantLang)
			b.contains(`#site-header nav a[aria-current="page"]`, tt.wantNav)
			b.shot("lang-" + tt.name)
			if tt.name == "pt-PT" {
				// The Portuguese reader opens a practice: no Portuguese text in the
				// sources, so the content is the English one, and the page at phone width.
				b.do(chromedp.Navigate(ts.URL + "/practices/diversitours"))
				b.waitJS(`document.querySelector('article[data-practice-id="diversitours"]')`, "the Diversitours page")
				b.checkLang("pt")
				// The interface is whole in Portuguese, beyond the frame and search.
				b.contains(`#transfer-h`, "Transpor para a minha cidade")
				b.shot("lang-pt-PT-practice")
				b.do(chromedp.EmulateViewport(375, 812))
				b.speak(tt.acceptLang)
				b.do(chromedp.Navigate(ts.URL + "/practices/diversitours"))
				b.waitJS(`document.querySelector('article[data-practice-id="diversitours"]')`, "the Diversitours page at phone width")
				b.checkLang("pt")
				if w := evaluate[int](b, `document.documentElement.scrollWidth`); w > 375 {
					t.Errorf("Portuguese practice page is %dpx wide at a 375px viewport", w)
				}
				b.shot("lang-pt-PT-phone-practice")
			}
			b.noConsoleErrors()
		})
	}
}
