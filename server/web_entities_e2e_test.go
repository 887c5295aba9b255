package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// entityPageCases are one seeded entity of every kind that has no story of its own,
// with what its page must show: the heading, and links onward to other kinds' pages.
var entityPageCases = []struct {
	kind, path, heading string
	links               []string // hrefs the page must link to
}{
	{"PRACTICE", "/practices/diversitours", "Diversitours", []string{"/cities/bilbao", "/themes/", "/grants/"}},
	{"CITY", "/cities/bilbao", "Bilbao", []string{"/practices/diversitours", "/countries/spain", "/people/"}},
	{"GRANT", "/grants/icc-inter-city-grant-2021-bilbao-valencia", "2021 ICC programme inter-city grant", []string{"/cities/valencia", "/practices/diversitours"}},
	{"COUNTRY", "/countries/spain", "Spain", []string{"/cities/bilbao", "/practices/diversitours"}},
	{"PROJECT", "/projects/cyprus-intercultural-integration", "Intercultural integration in Cyprus", []string{"/countries/"}},
	{"PERSON", "/people/kontxi-claver-zurro", "Kontxi Claver Zurro", []string{"/cities/"}},
	{"ORGANISATION", "/organisations/council-of-europe", "Council of Europe", []string{"/organisations/", "/grants/"}},
	{"EVENT", "/events/icc-annual-meeting-2023", "2023 annual meeting", []string{"/people/", "/cities/bilbao", "/events/"}},
	{"PUBLICATION", "/publications/policy-brief-appreciative-inquiry", "Building meaningful public participation", []string{"/organisations/"}},
	{"NETWORK", "/networks/icc-network", "International Intercultural Cities (ICC) network", []string{"/cities/"}},
	{"INDEX_REPORT", "/index-reports/index-report-valencia", "ICC Index report – Valencia", []string{"/cities/valencia"}},
	{"THEME", "/themes/interaction", "Interaction", []string{"/practices/diversitours"}},
	{"SOURCE", "/sources/icc-coordinators-meeting-2023", "Annual meeting of the Intercultural Cities (ICC) coordinators", nil},
}

// TestWebEveryKindHasAPage walks the pages of every kind a reader meets besides
// practices, cities and grants: a search hit of any kind opens its page, each page
// names its entity and links to the entities it mentions, a mention opens the
// mentioned entity's page, and every page reads on a phone. Screenshots of each page
// at 1280 and 375 px are kept in PRACTICEGRAPH_ARTEFACTS.
func TestWebEveryKindHasAPage(t *testing.T) {
	chromium := chromiumPath(t)
	ts := startServer(t, nil)
	b := openBrowser(t, chromium, ts.URL)
	b.speak("en-GB,en;q=0.9")

	// Typing suggests names, each a link to its page.
	b.do(chromedp.Navigate(ts.URL + "/search?lang=en"))
	b.waitJS(`document.querySelector('#q')`, "the search box")
	b.do(chromedp.SendKeys(chromedp.CSS("#q"), "divers"))
	b.waitJS(`document.querySelector('#suggestions li[data-id="diversitours"] a[href^="/practices/diversitours"]')`, "Diversitours suggested while typing")
	b.shot("search-suggestions")

	// A misspelt query proposes the spelling the graph knows; following it finds the practice.
	b.do(chromedp.Navigate(ts.URL + "/search?q=Diversitous&lang=en"))
	b.waitJS(`document.querySelector('.did-you-mean a')`, "a did-you-mean link for Diversitous")
	b.contains(".did-you-mean", "Did you mean diversitours?")
	b.do(chromedp.Click(chromedp.CSS(".did-you-mean a")))
	b.waitJS(`location.search.includes('q=diversitours') && document.querySelector('li.hit[data-id="diversitours"]')`, "Diversitours found through the proposed spelling")

	// A person found by search opens their page.
	b.do(chromedp.Navigate(ts.URL + "/search?q=Kontxi&lang=en"))
	b.waitJS(`document.querySelector('li.hit[data-kind="PERSON"][data-id="kontxi-claver-zurro"] h3 a')`, "Kontxi Claver Zurro's hit, with a link")
	b.do(chromedp.Click(chromedp.CSS(`li.hit[data-kind="PERSON"][data-id="kontxi-claver-zurro"] h3 a`)))
	b.waitJS(`document.querySelector('article[data-person-id="kontxi-claver-zurro"]')`, "the person's page from the search hit")

	// A hit of every searchable kind opens a page that names its entity (assessment
	// statements open their practice's; countries and sources are not search hits, and
	// their pages are reached from the pages that name them).
	for _, kind := range []string{"PRACTICE", "CITY", "GRANT", "PROJECT", "PERSON", "ORGANISATION", "EVENT",
		"PUBLICATION", "NETWORK", "INDEX_REPORT", "THEME", "ASSESSMENT"} {
		b.do(chromedp.Navigate(ts.URL + "/search?lang=en&kind=" + kind))
		b.waitJS(`document.querySelector('li.hit[data-kind="`+kind+`"] h3 a') && !document.querySelector('#main[aria-busy]')`, "a "+kind+" hit with a link")
		if n := evaluate[int](b, `document.querySelectorAll('li.hit:not(:has(h3 a))').length`); n != 0 {
			t.Errorf("%d %s hits have no link to a page", n, kind)
		}
		b.do(chromedp.Click(chromedp.CSS(`li.hit[data-kind="` + kind + `"] h3 a`)))
		b.waitJS(`!location.pathname.startsWith('/search') && document.querySelector('#main h1') && !document.querySelector('#main[aria-busy]')`, "the page of a "+kind+" hit")
		if h1 := b.text("#main h1"); h1 == "" || strings.Contains(h1, "not found") || strings.Contains(h1, "Not found") {
			t.Errorf("the first %s hit opened %s, headed %q", kind, b.path(), h1)
		}
	}

	for _, width := range []int64{1280, 375} {
		b.do(chromedp.EmulateViewport(width, 900))
		for _, c := range entityPageCases {
			b.do(chromedp.Navigate(ts.URL + c.path + "?lang=en"))
			sel := `article[data-` + strings.ToLower(strings.ReplaceAll(c.kind, "_", "-")) + `-id]`
			b.waitJS(`document.querySelector('`+sel+` h1') && !document.querySelector('#main[aria-busy]')`, c.path+" drawn")
			b.contains(sel+" h1", c.heading)
			for _, l := range c.links {
				if !evaluate[bool](b, `!!document.querySelector('`+sel+` a[href^="`+l+`"]')`) {
					t.Errorf("%s (%dpx) links to no %s page", c.path, width, l)
				}
			}
			// No raw enumeration values or ids where words belong.
			for _, raw := range []string{"icc-network", "planned", "undefined", "null", "[object Object]"} {
				if txt := b.text(sel + " .facts"); txt != "" && strings.Contains(txt, raw) {
					t.Errorf("%s (%dpx): the facts show %q: %s", c.path, width, raw, txt)
				}
			}
			if width == 375 {
				if w := evaluate[int](b, `document.documentElement.scrollWidth`); w > 375 {
					t.Errorf("%s is %dpx wide at a 375px viewport", c.path, w)
				}
			}
			b.shot(strings.ToLower(c.kind) + "-" + map[int64]string{1280: "desktop", 375: "phone"}[width])
		}
	}
	b.do(chromedp.EmulateViewport(1280, 900))

	// Dates are written as the reader's language writes them.
	b.do(chromedp.Navigate(ts.URL + "/events/icc-annual-meeting-2023?lang=fr"))
	b.waitJS(`document.querySelector('article[data-event-id] .facts time')`, "the meeting's dates")
	b.contains("article[data-event-id] .facts", "14 novembre 2023")

	// Mentions lead on: the meeting's programme names a participant; their page opens.
	b.do(chromedp.Navigate(ts.URL + "/events/icc-annual-meeting-2023?lang=en"))
	b.waitJS(`document.documentElement.lang === 'en' && document.querySelector('article[data-event-id] .facts time')`, "the meeting in English")
	b.contains("article[data-event-id] .facts", "14 November 2023")
	b.waitJS(`document.querySelector('article[data-event-id] a[href^="/people/"]')`, "a participant linked from the meeting")
	b.do(chromedp.Click(chromedp.CSS(`article[data-event-id] a[href^="/people/"]`)))
	b.waitJS(`location.pathname.startsWith('/people/') && document.querySelector('article[data-person-id] h1')`, "a participant's page from the meeting")

	// Translations say so and show their original: the description's note, and each
	// translated peer assessment statement's mark.
	b.do(chromedp.Navigate(ts.URL + "/practices/diversitours?lang=en"))
	b.waitJS(`document.querySelector('#assessment .statement .translated-mark summary')`, "a translated statement's mark")
	if n := evaluate[int](b, `document.querySelectorAll('#assessment .statement:not(:has(.translated-mark))').length`); n != 0 {
		t.Errorf("%d of Diversitours' English statements (all translated from French) carry no translation mark", n)
	}
	b.do(chromedp.Click(chromedp.CSS(`#assessment .statement .translated-mark summary`)))
	b.waitJS(`document.querySelector('#assessment .translated-mark[open] q[lang="fr"]')?.textContent.length > 0`, "the French original of a statement")
	b.do(chromedp.Click(chromedp.CSS(`section[aria-labelledby="description"] .translation-note summary`)))
	b.contains(`section[aria-labelledby="description"] .translation-note[open] p[lang="fr"]`, "Visite guidée par la communauté locale")
	b.shot("practice-translations-open")

	// A Spanish reader gets the English translation where there is no Spanish, and is told.
	b.do(chromedp.Navigate(ts.URL + "/practices/diversitours?lang=es"))
	b.waitJS(`document.documentElement.lang === 'es' && document.querySelector('section[aria-labelledby="description"] .translation-note')`, "Diversitours in Spanish")
	b.contains(`section[aria-labelledby="description"] .translation-note summary`, "No disponible en español: se muestra en inglés")
	b.contains(`section[aria-labelledby="description"]`, "Tour guided by the local community")

	// A coordinator of a small Spanish town the graph does not hold describes it: the
	// score comes in words and percent, with the reasons.
	b.do(chromedp.Navigate(ts.URL + "/practices/diversitours?lang=en"))
	b.waitJS(`document.querySelector('.transfer-describe summary')`, "the describe-my-city form")
	b.do(chromedp.Click(chromedp.CSS(".transfer-describe summary")),
		chromedp.SendKeys(chromedp.CSS("#mycity"), "Villaverde del Río"),
		chromedp.SetValue(chromedp.CSS("#mycountry"), "spain"),
		chromedp.SetValue(chromedp.CSS("#mysize"), "small"),
		chromedp.Click(chromedp.CSS("#transfer-describe-show")))
	b.waitJS(`document.querySelector('.transfer-card .reasons li[data-code="SAME_COUNTRY"]')`, "the ranking for the described town")
	b.contains(".transfer-card h3", "Diversitours in Villaverde del Río")
	b.contains(".transfer-card .score", "%")
	// For a small town, the obstacle peers raised about small cities comes first.
	b.contains(".transfer-card ul.obstacles-apply li:first-child .context", "small cities")
	if band := b.attr(".transfer-card", "data-band"); band != "strong" && band != "good" && band != "possible" {
		t.Errorf("the transfer card's band = %q, want strong, good or possible", band)
	}
	if got := b.path(); !strings.Contains(got, "mycity=Villaverde") || !strings.Contains(got, "country=spain") {
		t.Errorf("the described town is not in the URL: %s", got)
	}
	b.shot("practice-transfer-described-city")

	// A practice's theme opens the theme's page, which lists the practice.
	b.waitJS(`document.querySelector('.facts a[href^="/themes/"]')`, "Diversitours' themes as links")
	b.do(chromedp.Click(chromedp.CSS(`.facts a[href^="/themes/"]`)))
	b.waitJS(`document.querySelector('article[data-theme-id] a[href^="/practices/diversitours"]')`, "a theme page listing Diversitours")

	// The source a page cites opens the source's page.
	b.do(chromedp.Navigate(ts.URL + "/cities/bilbao?lang=en"))
	b.waitJS(`document.querySelector('.sources a[href^="/sources/"]')`, "Bilbao's source as a link")
	b.do(chromedp.Click(chromedp.CSS(`.sources a[href^="/sources/"]`)))
	b.waitJS(`document.querySelector('article[data-source-id="icc-coordinators-meeting-2023"]')`, "the meeting report's page")

	// Keyboard: Enter on a focused link opens the page.
	b.do(chromedp.Navigate(ts.URL + "/countries/spain?lang=en"))
	b.waitJS(`document.querySelector('article[data-country-id] a[href^="/cities/bilbao"]')`, "Spain's cities")
	b.do(chromedp.Focus(chromedp.CSS(`article[data-country-id] a[href^="/cities/bilbao"]`)), chromedp.KeyEvent(kb.Enter))
	b.waitJS(`document.querySelector('article[data-city-id="bilbao"]')`, "Bilbao's page from Spain's")

	// No page shows a raw id where a name belongs, in French or English.
	ids := hyphenatedIDs(t, ts)
	paths := []string{"/", "/search?q=bilbao", "/practices/diversitours", "/practices/local-immigration-council-bilbao",
		"/cities/bilbao", "/grants", "/grants/icc-inter-city-grant-2021-bilbao-valencia"}
	for _, c := range entityPageCases {
		paths = append(paths, c.path)
	}
	for _, lang := range []string{"fr", "en"} {
		for _, p := range paths {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			b.do(chromedp.Navigate(ts.URL + p + sep + "lang=" + lang))
			b.waitJS(`document.documentElement.lang === '`+lang+`' && document.querySelector('#main h1') && !document.querySelector('#main[aria-busy]') && !document.querySelector('#main .loading')`, p+" in "+lang)
			text := evaluate[string](b, `document.querySelector('#main').innerText`)
			for _, id := range ids {
				if strings.Contains(text, id) {
					t.Errorf("%s (%s) shows the raw id %q", p, lang, id)
				}
			}
		}
	}

	b.noConsoleErrors()
	b.noForeignRequests()
}

// hyphenatedIDs lists the ids of the graph that read as ids, not as words (they hold a
// hyphen and are not the entity's own name): seen on a page, they are a name missing.
func hyphenatedIDs(t *testing.T, ts *testServer) []string {
	t.Helper()
	var ids []string
	after := ""
	for {
		var page struct {
			Search struct {
				PageInfo struct {
					HasNextPage bool
					EndCursor   string
				}
				Edges []struct{ Node struct{ ID, FR, EN string } }
			}
		}
		vars := map[string]any{"after": nil}
		if after != "" {
			vars["after"] = after
		}
		ts.query(t, `query($after: String) { search(query: "", first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id fr: title(lang: FR) en: title(lang: EN) } } } }`, vars).decode(t, &page)
		for _, e := range page.Search.Edges {
			// An id that is its own name ("anti-discrimination") is a word, not a missing name.
			n := e.Node
			if strings.Contains(n.ID, "-") && !strings.EqualFold(n.ID, n.FR) && !strings.EqualFold(n.ID, n.EN) {
				ids = append(ids, n.ID)
			}
		}
		if !page.Search.PageInfo.HasNextPage {
			break
		}
		after = page.Search.PageInfo.EndCursor
	}
	if len(ids) < 100 {
		t.Fatalf("found %d hyphenated ids in the graph, want the seed's hundreds", len(ids))
	}
	return ids
}
