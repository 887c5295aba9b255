package server_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/practicegraph/practicegraph/cli"
	"github.com/practicegraph/practicegraph/server"
)

// TestWebEditorsPage drives the editors' page in headless Chromium, at desktop and
// phone widths: a token that is no editor's is refused, Ana signs in, saves a practice
// as a draft (public search does not find it), publishes it (public search finds it),
// Ben changes it meanwhile through the API, Ana's save of the version she opened is
// refused with the conflict message, and after reloading her change goes through; the
// history names both.
func TestWebEditorsPage(t *testing.T) {
	chromium := chromiumPath(t) // first: a missing browser fails before Neo4j is seeded
	ts := startServer(t, func(c *cli.Config) {
		c.Editors = []server.EditorCredential{{Name: "Ana", Token: anaToken}, {Name: "Ben", Token: benToken}}
	})
	b := openBrowser(t, chromium, ts.URL)
	provenance := map[string]any{"source": "icc-coordinators-meeting-2023", "section": "test"}

	for _, round := range []struct {
		width, height int
		id, name      string
	}{
		{1280, 900, "lublin-street-libraries", "Street libraries"},
		{375, 812, "lublin-tandem-cooking", "Tandem cooking"},
	} {
		b.do(chromedp.EmulateViewport(int64(round.width), int64(round.height)))
		b.do(chromedp.Navigate(ts.URL + "/edit?lang=en"))
		evaluate[bool](b, `(sessionStorage.clear(), true)`)
		b.do(chromedp.Navigate(ts.URL + "/edit?lang=en"))
		b.waitJS(`document.querySelector('#edit-token')`, "the sign-in form")

		b.do(chromedp.SetValue(chromedp.CSS("#edit-token"), "no-editor-has-this-token"), chromedp.Click(chromedp.CSS("#sign-in")))
		b.waitJS(`document.querySelector('.sign-in .error')?.textContent.includes('no editor’s')`, "the refusal of a token that is no editor's")

		b.do(chromedp.SetValue(chromedp.CSS("#edit-token"), anaToken), chromedp.Click(chromedp.CSS("#sign-in")))
		b.waitJS(`document.querySelector('#editor-name')?.textContent === 'Signed in as Ana'`, "Ana signed in")
		b.waitJS(`document.querySelector('#edit-results li[data-id="diversitours"]')`, "the practices to edit")

		b.do(chromedp.Click(chromedp.CSS("#edit-new")))
		b.waitJS(`document.querySelector('#practice-form #f-id')`, "the new practice form")
		for sel, v := range map[string]string{
			"#f-id": round.id, "#f-name-en": round.name, "#f-name-fr": round.name + " (fr)", "#f-name-orig": "en",
			"#f-summary-en": round.name + " bring neighbours together.", "#f-summary-fr": round.name + " rapprochent les voisins.", "#f-summary-orig": "en",
			"#f-startYear": "2024", "#f-cities": "lublin", "#f-themes": "interaction, participation",
			"#f-source": "icc-coordinators-meeting-2023", "#f-section": "test",
		} {
			b.do(chromedp.SetValue(chromedp.CSS(sel), v))
		}
		// A draft first: editors see it, readers do not.
		b.do(chromedp.Click(chromedp.CSS("#f-draft")), chromedp.Click(chromedp.CSS("#edit-save")))
		b.waitJS(`document.querySelector('#edit-title[data-kind="draft"][data-id="`+round.id+`"]') && document.querySelector('#edit-drafts li[data-id="`+round.id+`"]')`,
			"the saved draft, listed among the drafts")
		b.shot("editors-" + round.id + "-draft")
		b.do(chromedp.Navigate(ts.URL + "/search?lang=en&q=" + strings.ReplaceAll(round.name, " ", "+")))
		b.waitJS(`document.querySelector('#results-heading') && !document.querySelector('#main[aria-busy]')`, "the public search's answer")
		if evaluate[bool](b, `!!document.querySelector('li.hit[data-id="`+round.id+`"]')`) {
			t.Errorf("the draft %s is among the public search's hits", round.id)
		}
		b.do(chromedp.Navigate(ts.URL + "/edit?lang=en"))
		b.waitJS(`document.querySelector('#edit-drafts li[data-id="`+round.id+`"] button')`, "the draft in the editors' list")
		b.do(chromedp.Click(chromedp.CSS(`#edit-drafts li[data-id="` + round.id + `"] button`)))
		b.waitJS(`document.querySelector('#edit-title[data-kind="draft"]') && document.querySelector('#edit-publish') && document.querySelector('#f-name-en')?.value === '`+round.name+`'`,
			"the draft opened in the form")
		b.do(chromedp.Click(chromedp.CSS("#edit-publish")))
		b.waitJS(`document.querySelector('#edit-title[data-kind="practice"][data-id="`+round.id+`"]') && document.querySelector('.history li[data-editor="Ana"][data-action="create"]')`,
			"the published practice with Ana's creation in its history")
		b.waitJS(`!document.querySelector('#edit-drafts li[data-id="`+round.id+`"]')`, "the draft gone from the drafts")
		b.shot("editors-" + round.id + "-published")
		b.do(chromedp.SetValue(chromedp.CSS("#edit-q"), round.name), chromedp.Click(chromedp.CSS("#edit-find")))
		b.waitJS(`document.querySelector('#edit-results li[data-id="`+round.id+`"]')`, "the new practice found with the editors' search")

		// Ben changes it while Ana has it open.
		var moved struct{ UpdatePractice struct{ Version int } }
		ts.query(t, `mutation($id: ID!, $input: PracticeInput!) { updatePractice(id: $id, input: $input) { version } }`,
			map[string]any{"id": round.id, "input": map[string]any{"startYear": 2030, "provenance": provenance}},
			"Authorization", "Bearer "+benToken).decode(t, &moved)

		b.do(chromedp.SetValue(chromedp.CSS("#f-startYear"), "2031"), chromedp.Click(chromedp.CSS("#edit-save")))
		b.waitJS(`document.querySelector('.conflict')?.textContent.includes('Someone changed this practice since you opened it')`, "the conflict message")
		b.shot("editors-" + round.id + "-conflict")
		b.do(chromedp.Click(chromedp.CSS("#edit-reload")))
		b.waitJS(`document.querySelector('#f-startYear')?.value === '2030' && document.querySelector('.history li[data-editor="Ben"]')`, "the practice reloaded with Ben's change")
		b.do(chromedp.SetValue(chromedp.CSS("#f-startYear"), "2031"), chromedp.Click(chromedp.CSS("#edit-save")))
		b.waitJS(`document.querySelector('.history li')?.dataset.editor === 'Ana' && document.querySelector('#f-startYear')?.value === '2031'`, "Ana's change saved on top of Ben's")
		if got := evaluate[[]string](b, `[...document.querySelectorAll('.history li')].map(li => li.dataset.editor + ':' + li.dataset.action)`); strings.Join(got, ",") != "Ana:update,Ben:update,Ana:create" {
			t.Errorf("history shown = %v, want Ana's update, Ben's update, Ana's creation", got)
		}
		if w := evaluate[int](b, `document.documentElement.scrollWidth`); w > round.width {
			t.Errorf("editors' page is %dpx wide at a %dpx viewport", w, round.width)
		}

		// Readers find it in the public search.
		b.do(chromedp.Navigate(ts.URL + "/search?lang=en&q=" + strings.ReplaceAll(round.name, " ", "+")))
		b.waitJS(`document.querySelector('li.hit[data-id="`+round.id+`"]')`, "the new practice in the public search")

		// Its page shows its history and the practices of other cities on its themes.
		b.do(chromedp.Navigate(ts.URL + "/practices/" + round.id + "?lang=en"))
		b.waitJS(`document.querySelectorAll('section[aria-labelledby="history-of-edits"] li').length === 3`, "the history on the practice's page")
		b.contains(`section[aria-labelledby="history-of-edits"] li`, "Ana")
		b.waitJS(`document.querySelector('section[aria-labelledby="related"] .theme-neighbours a[href^="/practices/diversitours"]')`,
			"Diversitours (Bilbao, sharing themes) among the related practices")
		if w := evaluate[int](b, `document.documentElement.scrollWidth`); w > round.width {
			t.Errorf("practice page is %dpx wide at a %dpx viewport", w, round.width)
		}
	}

	// A catalogue upload: the dry run's preview writes nothing; the import writes it.
	b.do(chromedp.EmulateViewport(1280, 900), chromedp.Navigate(ts.URL+"/edit?lang=en"))
	b.waitJS(`document.querySelector('#editor-name')?.textContent === 'Signed in as Ana' && document.querySelector('#csv-file')`, "the upload form, signed in")
	fixture, err := filepath.Abs(catalogueFixture)
	if err != nil {
		t.Fatal(err)
	}
	v0 := graphVersion(t, ts)
	b.do(chromedp.SetUploadFiles(chromedp.CSS("#csv-file"), []string{fixture}), chromedp.Click(chromedp.CSS("#import-preview")))
	b.waitJS(`document.querySelector('#import-report .preview') && !document.querySelector('#import-commit').hidden`, "the dry run's preview")
	b.shot("editors-catalogue-preview")
	if v := graphVersion(t, ts); v != v0 {
		t.Errorf("the dry run moved the graph from version %d to %d", v0, v)
	}
	b.do(chromedp.Click(chromedp.CSS("#import-commit")))
	b.waitJS(`document.querySelector('#import-report .saved')`, "the import's report")
	b.shot("editors-catalogue-imported")
	var found struct{ Practice *struct{ ID string } }
	ts.query(t, `{ practice(id: "stories-of-bradford-bradford") { id } }`, nil).decode(t, &found)
	if found.Practice == nil {
		t.Errorf("after the upload, the catalogue's Stories of Bradford is not in the graph")
	}
	b.noConsoleErrors()
	b.noForeignRequests()
}
