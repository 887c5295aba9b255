package server_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestWebCoordinatorStory drives the coordinators' pages in headless Chromium against
// the real server and the seeded graph: search in French, open Diversitours, read it
// in English, check its transfer to Valencia, open Bilbao, then the collaboration
// picture, where Bilbao and Valencia are linked by the 2021 inter-city grant.
// Screenshots are kept in PRACTICEGRAPH_ARTEFACTS (default .data/test-artefacts/).
func TestWebCoordinatorStory(t *testing.T) {
	chromium := chromiumPath(t) // first: a missing browser fails before Neo4j is seeded
	ts := startServer(t, nil)
	b := openBrowser(t, chromium, ts.URL)

	// Search in French through the box, as a coordinator would.
	b.do(chromedp.Navigate(ts.URL + "/"))
	b.waitJS(`document.querySelector('.hits, .results')`, "the search page to show results")
	b.do(chromedp.SendKeys(chromedp.CSS("#q"), "visites guidées quartiers"+kb.Enter))
	b.waitJS(`document.querySelector('li.hit[data-id="diversitours"] .snippet mark')`, "Diversitours among the results with a highlighted snippet")
	if got, want := b.path(), "/search?q=visites+guid%C3%A9es+quartiers"; got != want {
		t.Errorf("search URL = %q, want %q", got, want)
	}
	if got := b.text(`li.hit[data-id="diversitours"] .badge`); got != "Pratique" {
		t.Errorf("Diversitours hit kind = %q, want Pratique", got)
	}
	marks := b.text(`li.hit[data-id="diversitours"] .snippet mark`)
	if !strings.EqualFold(marks, "visite") && !strings.EqualFold(marks, "visites") {
		t.Errorf("first <mark> of the Diversitours snippet = %q, want Visite(s)", marks)
	}
	b.checkLang("fr")
	b.shot("01-search-fr")

	// Paging: the cursors live in the URL, so "previous" works from a shared link too.
	b.do(chromedp.Click(chromedp.CSS(`.pager a[rel="next"]`)))
	b.waitJS(`location.search.includes('after=') && document.querySelector('#results-heading')?.textContent.includes('page 2')`, "the second page of results")
	b.do(chromedp.Click(chromedp.CSS(`.pager a[rel="prev"]`)))
	b.waitJS(`!location.search.includes('after=') && document.querySelector('li.hit[data-id="diversitours"]')`, "the first page again")

	// A facet narrows to practices; the URL keeps the filter.
	b.do(chromedp.Click(chromedp.CSS("#facet-kind-PRACTICE")))
	b.waitJS(`location.search.includes('kind=PRACTICE') && !document.querySelector('#main[aria-busy]') && [...document.querySelectorAll('li.hit')].every(li => li.dataset.kind === 'PRACTICE')`,
		"only practices after ticking the Practice facet")

	// The download links hold the current query and filter; the CSV has every hit.
	csvHref := b.attr(`a[data-export="csv"]`, "href")
	if !strings.HasPrefix(csvHref, "/export/search.csv?") || !strings.Contains(csvHref, "kind=PRACTICE") || !strings.Contains(csvHref, "q=visites") {
		t.Errorf("the CSV link = %q, want the search export of this query and filter", csvHref)
	}
	if resp, body := ts.get(t, csvHref); resp.StatusCode != 200 || !strings.Contains(string(body), "Practice,diversitours,") {
		t.Errorf("GET %s = %d; want a CSV holding Diversitours:\n%s", csvHref, resp.StatusCode, body)
	}
	if got := b.attr(`a[data-export="json"]`, "href"); got != strings.Replace(csvHref, ".csv?", ".json?", 1) {
		t.Errorf("the JSON link = %q, want the CSV's with .json", got)
	}

	// Open the practice: the French description, the peer assessment, the grant.
	b.do(chromedp.Click(chromedp.CSS(`li.hit[data-id="diversitours"] h3 a`)))
	b.waitJS(`document.querySelector('article[data-practice-id="diversitours"]')`, "the Diversitours page")
	b.contains("h1", "Diversitours")
	b.contains(`section[aria-labelledby="description"]`, "Visite guidée par la communauté locale")
	b.contains(`section[aria-labelledby="funding"]`, "Subvention interurbaine du programme ICC de 2021")
	b.contains(`#assessment .kind-obstacle`, "petites villes") // the context of a statement
	b.shot("02-practice-fr")

	// Switch to English: the English description, said to be a translation.
	b.do(chromedp.Click(chromedp.CSS(`#site-header a[hreflang="en"]`)))
	b.waitJS(`document.documentElement.lang === 'en' && document.querySelector('article[data-practice-id="diversitours"]')`, "the practice in English")
	b.checkLang("en")
	if got, want := b.path(), "/practices/diversitours?lang=en"; got != want {
		t.Errorf("practice URL = %q, want %q", got, want)
	}
	b.contains(`section[aria-labelledby="description"]`, "Tour guided by the local community")
	b.contains(`section[aria-labelledby="description"] .translation-note`, "Translated from French")
	b.contains(`section[aria-labelledby="contacts"]`, "Ekain Larrinaga Muguruza")

	// Transfer to Valencia: same country as Bilbao, per the transfer ranking.
	b.do(chromedp.SetValue(chromedp.CSS("#transfer-city"), "valencia"), chromedp.Click(chromedp.CSS("#transfer-show")))
	b.waitJS(`document.querySelector('.transfer-card[data-city-id="valencia"] .reasons li[data-code="SAME_COUNTRY"]')`, "the transfer explanation for Valencia")
	b.contains(".transfer-card h3", "Diversitours in Valencia")
	b.shot("03-practice-en-transfer")

	// Open the city it runs in.
	b.do(chromedp.Click(chromedp.CSS(`.facts a[href^="/cities/bilbao"]`)))
	b.waitJS(`document.querySelector('article[data-city-id="bilbao"] #history')`, "the Bilbao page with its collaborations")
	b.contains("h1", "Bilbao")
	b.contains(".facts", "Spain")
	b.waitJS(`document.querySelector('#history li[data-kind="GRANT"][data-via-id="icc-inter-city-grant-2021-bilbao-valencia"][data-partner-ids~="valencia"]')`,
		"the 2021 grant shared with Valencia in Bilbao's history")
	b.contains(`#history .year-group[data-year="2021"]`, "Valencia")
	b.shot("04-city-bilbao-en")

	// The collaboration picture, from the header.
	b.do(chromedp.Click(chromedp.CSS(`#site-header a[href^="/collaborations"]`)))
	b.waitJS(`document.querySelector('.picture svg g.node[data-city-id="bilbao"]')`, "the collaboration picture")
	grant := `.picture svg path.link[data-kind="GRANT"][data-via-id="icc-inter-city-grant-2021-bilbao-valencia"]`
	b.waitJS(`document.querySelector('`+grant+`[data-source="bilbao"][data-target="valencia"], `+grant+`[data-source="valencia"][data-target="bilbao"]')`,
		"a grant link between Bilbao and Valencia")
	b.shot("05-collaborations-en")

	// Filter to 2021 grants with the controls: only Bilbao and Valencia are left.
	b.do(chromedp.SetValue(chromedp.CSS("#year"), "2021"))
	// Every kind but grants off, whichever kinds the schema offers.
	for _, id := range evaluate[[]string](b, `[...document.querySelectorAll('.kinds input:checked')].map(i => i.id).filter(id => id !== 'kind-GRANT')`) {
		b.do(chromedp.Click(chromedp.CSS("#" + id)))
	}
	if !evaluate[bool](b, `document.querySelector('#kind-GRANT').checked`) {
		b.do(chromedp.Click(chromedp.CSS("#kind-GRANT")))
	}
	b.do(chromedp.Click(chromedp.CSS("#collab-apply")))
	b.waitJS(`location.search.includes('year=2021') && document.querySelectorAll('.picture svg g.node').length === 2`, "the picture filtered to 2021 grants")
	if got, want := b.path(), "/collaborations?year=2021&kinds=GRANT&lang=en"; got != want {
		t.Errorf("collaborations URL = %q, want %q", got, want)
	}
	cities := evaluate[[]string](b, `[...document.querySelectorAll('.picture svg g.node')].map(n => n.dataset.cityId).sort()`)
	if got, want := strings.Join(cities, ","), "bilbao,valencia"; got != want {
		t.Errorf("cities drawn for 2021 grants = %s, want %s", got, want)
	}
	b.contains(`.picture svg g.node[data-city-id="valencia"]`, "Valencia")
	if got := b.attr(`.picture svg g.node[data-city-id="valencia"]`, "aria-label"); got != "Valencia, 1 link" {
		t.Errorf("Valencia node's accessible name = %q, want %q", got, "Valencia, 1 link")
	}
	b.waitJS(`document.querySelector('.links-table tr[data-kind="GRANT"]')`, "the links table under the picture")

	// Keyboard: Tab from the controls reaches the cities in name order; Enter opens one.
	b.do(chromedp.Focus(chromedp.CSS("#collab-apply")), chromedp.KeyEvent(kb.Tab))
	b.waitJS(`document.activeElement?.dataset.cityId === 'bilbao'`, "Tab to reach Bilbao's node")
	b.do(chromedp.KeyEvent(kb.Tab))
	b.waitJS(`document.activeElement?.dataset.cityId === 'valencia'`, "Tab to reach Valencia's node")
	b.shot("06-collaborations-2021-grants-valencia-focused")
	b.do(chromedp.KeyEvent(kb.Enter))
	b.waitJS(`location.pathname === '/cities/valencia' && document.querySelector('article[data-city-id="valencia"]')`, "Valencia's page after Enter on its node")
	b.noConsoleErrors()

	// An API error is shown as a readable message.
	b.do(chromedp.Navigate(ts.URL + "/practices/no-such-practice?lang=en"))
	b.waitJS(`document.querySelector('.error[role="alert"] li')`, "the API's error message")
	b.contains("h1", "Not found")
	b.contains(`.error[role="alert"]`, `Practice "no-such-practice" not found`)
	b.shot("07-practice-not-found")
	// The page's own HTTP status says so too, and the browser logs it.
	if !b.forgetErrors("status of 404") {
		t.Errorf("the browser did not see /practices/no-such-practice answer 404")
	}

	// GraphiQL runs from the embedded copy.
	b.do(chromedp.Navigate(ts.URL + "/graphiql"))
	b.waitJS(`document.querySelector('.graphiql-container .graphiql-query-editor')`, "GraphiQL's editor")
	b.do(chromedp.Click(chromedp.CSS(".graphiql-execute-button")))
	b.waitJS(`document.querySelector('.graphiql-response')?.textContent.includes('"diversitours"')`, "GraphiQL's answer to its example query")
	b.noConsoleErrors()
	b.shot("08-graphiql")

	// At phone width: readable, nothing wider than the screen.
	b.do(chromedp.EmulateViewport(375, 812))
	for _, page := range []struct{ name, path, ready string }{
		{"09-phone-search", "/search?q=visites+guid%C3%A9es+quartiers", `document.querySelector('li.hit mark')`},
		{"10-phone-practice", "/practices/diversitours?lang=en&to=valencia", `document.querySelector('.transfer-card')`},
		{"11-phone-collaborations", "/collaborations", `document.querySelector('.picture svg g.node')`},
	} {
		b.do(chromedp.Navigate(ts.URL + page.path))
		b.waitJS(page.ready, page.name)
		if w := evaluate[int](b, `document.documentElement.scrollWidth`); w > 375 {
			t.Errorf("%s: page is %dpx wide at a 375px viewport", page.name, w)
		}
		b.shot(page.name)
	}

	// The reader chose English above: that choice is remembered over the browser's French.
	b.do(chromedp.Navigate(ts.URL + "/nowhere"))
	b.waitJS(`document.querySelector('h1')?.textContent === 'Page not found'`, "the 404 page in the language chosen before")
	b.do(chromedp.Navigate(ts.URL + "/nowhere?lang=fr"))
	b.waitJS(`document.querySelector('h1')?.textContent === 'Page introuvable'`, "the 404 page")
	b.noForeignRequests()
}

// browserTest is one headless Chromium tab and what it saw.
type browserTest struct {
	t    *testing.T
	ctx  context.Context
	base string
	dir  string // screenshots

	mu      sync.Mutex
	errors  []string // console errors, exceptions, CSP violations
	foreign []string // requests to any host but the server's
}

// chromiumPath finds the system browser. Its absence fails the test: CI installs it
// (scripts/test.sh), so a missing one is a broken setup, not a reason to skip.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("PRACTICEGRAPH_CHROMIUM"), "/usr/bin/chromium"} {
		if p != "" {
			if _, err := os.Stat(p); err == nil {
				return p
			}
		}
	}
	if p, err := exec.LookPath("chromium"); err == nil {
		return p
	}
	t.Fatal("chromium is not installed: the web end-to-end test needs it (apt-get install -y chromium; scripts/test.sh does it)")
	return ""
}

// openBrowser starts Chromium with a fresh profile; base is the server's URL, the
// only place the pages may load anything from.
func openBrowser(t *testing.T, path, base string) *browserTest {
	t.Helper()
	dir := os.Getenv("PRACTICEGRAPH_ARTEFACTS")
	if dir == "" {
		dir = filepath.Join("..", ".data", "test-artefacts")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "failure.png")) // from an earlier run
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(path),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 4*time.Minute)
	b := &browserTest{t: t, ctx: ctx, base: base, dir: dir}
	t.Cleanup(func() {
		if t.Failed() {
			b.shot("failure")
		}
		cancelTimeout()
		cancelTab()
		cancelAlloc()
	})
	if err := chromedp.Listen(ctx, b.record); err != nil {
		t.Fatalf("start chromium (%s): %v", path, err)
	}
	b.do(chromedp.EmulateViewport(1280, 900))
	// The coordinators of these stories read French unless a test says otherwise.
	b.speak("fr-FR,fr;q=0.9")
	return b
}

// speak makes the tab ask for these languages, in its Accept-Language header and in
// navigator.languages. Emulating a viewport resets it.
func (b *browserTest) speak(acceptLang string) {
	b.t.Helper()
	ua := evaluate[string](b, `navigator.userAgent`)
	b.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: acceptLang})
		return err
	}))
}

// record runs in chromedp's reading loop: it only appends.
func (b *browserTest) record(ev any) {
	var msg, req string
	switch e := ev.(type) {
	case *runtime.EventExceptionThrown:
		msg = "exception: " + e.ExceptionDetails.Text
		if e.ExceptionDetails.Exception != nil {
			msg += " " + e.ExceptionDetails.Exception.Description
		}
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError {
			parts := make([]string, 0, len(e.Args))
			for _, a := range e.Args {
				parts = append(parts, string(a.Value)+a.Description)
			}
			msg = "console.error: " + strings.Join(parts, " ")
		}
	case *log.EventEntryAdded:
		if e.Entry.Level == log.EntryLevelError {
			msg = fmt.Sprintf("%s: %s %s", e.Entry.Source, e.Entry.Text, e.Entry.URL)
		}
	case *network.EventRequestWillBeSent:
		if u := e.Request.URL; !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, b.base+"/") {
			req = u
		}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if msg != "" {
		b.errors = append(b.errors, msg)
	}
	if req != "" {
		b.foreign = append(b.foreign, req)
	}
}

func (b *browserTest) do(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("browser at %s: %v", b.path(), err)
	}
}

// waitJS waits until the expression is truthy, failing with what was expected.
func (b *browserTest) waitJS(expr, what string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Poll[bool]("!!("+expr+")", chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		main, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('main')?.innerText.slice(0, 800) ?? ''`))
		b.t.Fatalf("waiting for %s at %s: %v\npage text:\n%s", what, b.path(), err, main)
	}
}

// evaluate runs a JavaScript expression in the page and decodes its value.
func evaluate[T any](b *browserTest, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// text returns the text of the first element sel matches ("" when none).
func (b *browserTest) text(sel string) string {
	b.t.Helper()
	return strings.TrimSpace(evaluate[string](b, fmt.Sprintf(`document.querySelector(%q)?.textContent ?? ''`, sel)))
}

func (b *browserTest) attr(sel, name string) string {
	b.t.Helper()
	return evaluate[string](b, fmt.Sprintf(`document.querySelector(%q)?.getAttribute(%q) ?? ''`, sel, name))
}

func (b *browserTest) contains(sel, want string) {
	b.t.Helper()
	if got := b.text(sel); !strings.Contains(got, want) {
		b.t.Errorf("%s at %s: text %q does not contain %q", sel, b.path(), got, want)
	}
}

// path returns the current path and query, or "?" when the tab does not answer.
func (b *browserTest) path() string {
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		return "?"
	}
	u, err := url.Parse(loc)
	if err != nil {
		return loc
	}
	return u.RequestURI()
}

// checkLang checks the page declares the language it shows.
func (b *browserTest) checkLang(want string) {
	b.t.Helper()
	if got := b.attr("html", "lang"); got != want {
		b.t.Errorf("<html lang> = %q, want %q", got, want)
	}
}

// shot saves a full-page PNG under the artefacts directory.
func (b *browserTest) shot(name string) {
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	file := filepath.Join(b.dir, name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.t.Errorf("save screenshot: %v", err)
	}
}

func (b *browserTest) noConsoleErrors() {
	b.t.Helper()
	at := b.path() // before the lock: record, which takes it, runs in the loop that answers
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.errors {
		b.t.Errorf("browser console at %s: %s", at, e)
	}
	b.errors = nil
}

// forgetErrors drops the console errors that contain text, an expected one such as a
// 404 page's status, and reports whether there was any.
func (b *browserTest) forgetErrors(text string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	kept := b.errors[:0]
	for _, e := range b.errors {
		if !strings.Contains(e, text) {
			kept = append(kept, e)
		}
	}
	found := len(kept) < len(b.errors)
	b.errors = kept
	return found
}

func (b *browserTest) noForeignRequests() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, u := range b.foreign {
		b.t.Errorf("the pages loaded %s from outside the server", u)
	}
}
