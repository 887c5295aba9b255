package server_test

import (
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/practicegraph/practicegraph/cli"
)

// TestWebMarksATextOnlyInItsOriginal: a French reader of an English-only practice reads
// its English texts, each marked "Seulement en anglais", and no invented French.
func TestWebMarksATextOnlyInItsOriginal(t *testing.T) {
	chromium := chromiumPath(t)
	ts := startServer(t, func(c *cli.Config) { c.EditorToken = editorToken })
	ts.query(t, `mutation { createPractice(input: {id: "lublin-harbour-walks", name: {orig: EN, en: "Harbour walks"},
		purpose: {orig: EN, en: "Newcomers discover the harbour with dockers."}, contact: "walks@lublin.example", endYear: 2022,
		cities: ["lublin"], provenance: {source: "icc-coordinators-meeting-2023", section: "test"}}) { id } }`, nil, asEditor...).decode(t, &struct{}{})
	b := openBrowser(t, chromium, ts.URL)
	b.do(chromedp.Navigate(ts.URL + "/practices/lublin-harbour-walks?lang=fr"))
	b.waitJS(`document.querySelector('article[data-practice-id="lublin-harbour-walks"]')`, "the practice page in French")
	b.contains("h1", "Harbour walks")
	b.contains(`section[aria-labelledby="purpose"] .only-original`, "Seulement en anglais")
	b.contains(`section[aria-labelledby="purpose"] p[lang="en"]`, "Newcomers discover the harbour with dockers.")
	b.contains(`section[aria-labelledby="contact"]`, "walks@lublin.example")
	b.shot("monolingual-practice-fr")

	// In English, its own language, there is nothing to say.
	b.do(chromedp.Navigate(ts.URL + "/practices/lublin-harbour-walks?lang=en"))
	b.waitJS(`document.documentElement.lang === 'en' && document.querySelector('article[data-practice-id="lublin-harbour-walks"] section[aria-labelledby="purpose"]')`, "the practice page in English")
	b.waitJS(`!document.querySelector('.only-original')`, "no 'only in' mark for an English reader")
}
