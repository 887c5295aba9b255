package server_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/practicegraph/practicegraph/cli"
	"github.com/practicegraph/practicegraph/web"
)

// The 2021 ICC inter-city grant Bilbao shared with Valencia, per the seed report.
const bilbaoValenciaGrant = "icc-inter-city-grant-2021-bilbao-valencia"

// meetingLinks selects picture links or history lines through the 2023 annual
// meeting or one of its sessions: co-attendance, which is not collaboration.
func meetingLinks(sel string) string {
	return sel + `[data-via-id="icc-annual-meeting-2023"], ` + sel + `[data-via-id^="meeting-2023-"]`
}

// TestWebCollaborationStory drives the grant officer's side in headless Chromium
// against the seeded server: the default picture and Bilbao's partners show the
// grant partner Valencia and none of the meeting's co-attendees; the picture pans
// and zooms with the keyboard, the buttons and a two-finger pinch; the path finder
// links Bilbao to Valencia through the grant in words; the grants list filters by
// city through the URL; the grant page names both cities. Screenshots at 1280 and
// 375 px are kept in PRACTICEGRAPH_ARTEFACTS.
func TestWebCollaborationStory(t *testing.T) {
	chromium := chromiumPath(t)
	// Locked down to the pages' own documents: a page sending any other fails here.
	ts := startServer(t, func(c *cli.Config) { c.TrustedDocuments = web.TrustedDocuments() })
	b := openBrowser(t, chromium, ts.URL)

	// The default picture: real collaboration only.
	b.do(chromedp.Navigate(ts.URL + "/collaborations?lang=en"))
	b.waitJS(`document.querySelector('.picture svg g.node[data-city-id="bilbao"]')`, "the default collaboration picture")
	grant := `.picture svg path.link[data-kind="GRANT"][data-via-id="` + bilbaoValenciaGrant + `"]`
	b.waitJS(`document.querySelector('`+grant+`[data-source="bilbao"][data-target="valencia"], `+grant+`[data-source="valencia"][data-target="bilbao"]')`,
		"the grant link between Bilbao and Valencia in the default picture")
	if n := evaluate[int](b, `document.querySelectorAll('`+meetingLinks(".picture svg path.link")+`').length`); n != 0 {
		t.Errorf("default picture draws %d links through the 2023 annual meeting, want none (co-attendance is opt-in)", n)
	}
	partners := strings.Fields(b.attr(`.picture svg g.node[data-city-id="bilbao"]`, "data-partners"))
	if !contains(partners, "valencia") {
		t.Errorf("Bilbao's partners in the default picture = %v, want Valencia among them", partners)
	}
	b.shot("20-collaborations-default-1280")

	// Pan and zoom with the keyboard on a focused city, then the buttons.
	b.do(chromedp.Focus(chromedp.CSS(`.picture svg g.node[data-city-id="bilbao"]`)))
	b.do(chromedp.KeyEvent("+"), chromedp.KeyEvent("+"))
	b.waitJS(`Number(document.querySelector('.picture svg').dataset.zoom) > 1.5`, "the picture zoomed in by + on a focused city")
	before := b.attr(".picture svg", "viewBox")
	b.do(chromedp.KeyEvent(kb.ArrowRight))
	if after := b.attr(".picture svg", "viewBox"); after == before {
		t.Errorf("ArrowRight on the zoomed picture left the viewBox at %q", after)
	}
	b.do(chromedp.KeyEvent("0"))
	b.waitJS(`document.querySelector('.picture svg').dataset.zoom === '1'`, "the whole picture again after 0")
	b.do(chromedp.Click(chromedp.CSS("#zoom-in")))
	b.waitJS(`Number(document.querySelector('.picture svg').dataset.zoom) > 1`, "the picture zoomed in by its button")
	b.do(chromedp.Click(chromedp.CSS("#zoom-reset")))
	b.waitJS(`document.querySelector('.picture svg').dataset.zoom === '1'`, "the whole picture after the reset button")
	if got := b.attr("#zoom-in", "aria-label"); got != "Zoom in" {
		t.Errorf("zoom-in button's accessible name = %q, want %q", got, "Zoom in")
	}

	// The path finder: type two cities into the comboboxes, as a reader would.
	b.do(chromedp.SendKeys(chromedp.CSS("#path-from"), "Bilbao"), chromedp.SendKeys(chromedp.CSS("#path-to"), "valencia"))
	if got := b.attr("#path-from", "list"); got != "city-options" {
		t.Errorf("#path-from suggests from %q, want the city list", got)
	}
	b.do(chromedp.Click(chromedp.CSS("#path-find")))
	b.waitJS(`document.querySelector('.path-result[data-found="true"] .steps li[data-kind="GRANT"][data-via-id="`+bilbaoValenciaGrant+`"]')`,
		"the path from Bilbao to Valencia through the 2021 grant")
	if got := b.path(); !strings.Contains(got, "from=bilbao") || !strings.Contains(got, "to=valencia") {
		t.Errorf("path finder URL = %q, want from=bilbao and to=valencia in it", got)
	}
	b.contains(".path-summary", "connected in 1 step")
	b.contains(".path .steps li", "Valencia")
	b.contains(".path .path-cities", "Bilbao → Valencia")
	if !evaluate[bool](b, `document.querySelector('.picture svg g.node[data-city-id="valencia"]').classList.contains('on-path')`) {
		t.Error("Valencia is not marked on the picture as on the path found")
	}
	b.shot("21-collaborations-path-1280")

	// Torremolinos joined in 2023 and has done nothing with Bilbao yet: no known
	// connection, and the network they share as what would connect them.
	b.do(chromedp.SetValue(chromedp.CSS("#path-to"), "Torremolinos"), chromedp.Click(chromedp.CSS("#path-find")))
	b.waitJS(`location.search.includes('to=torremolinos') && document.querySelector('.path-result[data-found="false"] .no-connection')`,
		"no known connection between Bilbao and Torremolinos")
	b.contains(".no-connection", "No known connection between Bilbao and Torremolinos")
	b.contains(".suggestions", "network")
	b.shot("21b-collaborations-no-connection-1280")

	// A name that is no city is said so, next to the box, without leaving the page.
	b.do(chromedp.SetValue(chromedp.CSS("#path-to"), "Atlantis"), chromedp.Click(chromedp.CSS("#path-find")))
	b.waitJS(`document.querySelector('#path-problem')?.textContent.includes('Atlantis')`, "the unknown-city message")
	b.contains("#path-problem", "is not a known city")

	// Bilbao's page: Valencia among its partners, no meeting in its default history,
	// the history grouped by kind.
	b.do(chromedp.Navigate(ts.URL + "/cities/bilbao?lang=en"))
	b.waitJS(`document.querySelector('article[data-city-id="bilbao"] #history')`, "Bilbao's page")
	b.contains(`section[aria-labelledby="partners"]`, "Valencia")
	b.waitJS(`document.querySelector('#history .kind-group[data-kind="GRANT"] .year-group[data-year="2021"] li[data-via-id="`+bilbaoValenciaGrant+`"][data-partner-ids~="valencia"]')`,
		"the grant under the Grant heading of Bilbao's history")
	if n := evaluate[int](b, `document.querySelectorAll('`+meetingLinks("#history li")+`').length`); n != 0 {
		t.Errorf("Bilbao's default history lists %d meeting co-attendances, want none", n)
	}
	b.shot("22-city-bilbao-history-1280")

	// Grants: the list, filtered by city through the form and the URL.
	b.do(chromedp.Navigate(ts.URL + "/grants?lang=en"))
	b.waitJS(`document.querySelector('li.grant-row[data-grant-id="`+bilbaoValenciaGrant+`"]')`, "the grants list")
	b.contains("h1", "Grants")
	b.do(chromedp.SetValue(chromedp.CSS("#grant-city"), "valencia"), chromedp.Click(chromedp.CSS("#grants-apply")))
	b.waitJS(`location.search.includes('city=valencia') && !document.querySelector('#main[aria-busy]') && document.querySelector('li.grant-row[data-grant-id="`+bilbaoValenciaGrant+`"]')`,
		"the grants of Valencia")
	b.do(chromedp.SetValue(chromedp.CSS("#grant-country"), "spain"), chromedp.Click(chromedp.CSS("#grants-apply")))
	b.waitJS(`location.search.includes('country=spain') && location.search.includes('city=valencia') && !document.querySelector('#main[aria-busy]') && document.querySelector('li.grant-row[data-grant-id="`+bilbaoValenciaGrant+`"]')`,
		"the grants of Valencia in Spain")
	// The download holds the list as filtered: every grant of Valencia in Spain.
	if got := b.attr(`a[data-export="csv"]`, "href"); got != "/export/grants.csv?city=valencia&country=spain&lang=en" {
		t.Errorf("the grants' CSV link = %q, want the export of the filtered list", got)
	} else if resp, body := ts.get(t, got); resp.StatusCode != 200 || !strings.Contains(string(body), "\n"+bilbaoValenciaGrant+",") {
		t.Errorf("GET %s = %d, want a CSV holding %s:\n%s", got, resp.StatusCode, bilbaoValenciaGrant, body)
	}
	b.do(chromedp.Navigate(ts.URL + "/grants?year=2019&city=valencia&lang=en"))
	b.waitJS(`document.querySelector('#grants-count') && !document.querySelector('li.grant-row')`, "no grant for Valencia in 2019")
	if got := evaluate[string](b, `document.querySelector('#grant-year').value`); got != "2019" {
		t.Errorf("year filter shows %q for a URL asking for 2019", got)
	}
	b.contains("#grants-count", "No grants")
	b.shot("23-grants-1280")

	// The grant page: both cities with their roles, what it funded, the practice it started.
	b.do(chromedp.Navigate(ts.URL + "/grants?lang=en"))
	b.waitJS(`document.querySelector('li.grant-row[data-grant-id="`+bilbaoValenciaGrant+`"] a')`, "the grants list again")
	b.do(chromedp.Click(chromedp.CSS(`li.grant-row[data-grant-id="` + bilbaoValenciaGrant + `"] a`)))
	b.waitJS(`document.querySelector('article[data-grant-id="`+bilbaoValenciaGrant+`"]')`, "the grant page")
	b.contains("h1", "2021 ICC programme inter-city grant")
	b.waitJS(`document.querySelector('section[aria-labelledby="grant-cities"] [data-city-id="bilbao"]') && document.querySelector('section[aria-labelledby="grant-cities"] [data-city-id="valencia"]')`,
		"Bilbao and Valencia on the grant page")
	b.contains(`section[aria-labelledby="grant-cities"]`, "shared the grant with the city of Valencia")
	b.contains(`section[aria-labelledby="purpose"]`, "Initial funding of the Diversitours project")
	b.contains(`section[aria-labelledby="practices"]`, "Diversitours")
	b.waitJS(`document.querySelector('section[aria-labelledby="followed"] [data-event-id="meeting-2023-diversitours-visit"]')`,
		"the 2023 Diversitours visit among what followed the grant")
	b.waitJS(`document.querySelector('section[aria-labelledby="sources"] cite')`, "the grant's source")
	b.shot("24-grant-1280")
	b.noConsoleErrors()

	// At phone width: nothing wider than the screen, and two fingers zoom the picture.
	b.do(chromedp.EmulateViewport(375, 812, chromedp.EmulateMobile))
	for _, page := range []struct{ name, path, ready string }{
		{"25-phone-grants", "/grants?lang=en", `document.querySelector('li.grant-row')`},
		{"26-phone-grant", "/grants/" + bilbaoValenciaGrant + "?lang=en", `document.querySelector('article[data-grant-id]')`},
		{"27-phone-city-history", "/cities/bilbao?lang=en", `document.querySelector('#history .kind-group')`},
		{"28-phone-collaborations-path", "/collaborations?lang=en&from=bilbao&to=valencia", `document.querySelector('.path-result[data-found="true"]')`},
	} {
		b.do(chromedp.Navigate(ts.URL + page.path))
		b.waitJS(page.ready, page.name)
		if w := evaluate[int](b, `document.documentElement.scrollWidth`); w > 375 {
			t.Errorf("%s: page is %dpx wide at a 375px viewport", page.name, w)
		}
		b.shot(page.name)
	}
	pinch(b, ".picture svg")
	b.waitJS(`Number(document.querySelector('.picture svg').dataset.zoom) > 1.2`, "the picture zoomed in by a pinch")
	b.shot("29-phone-collaborations-pinched")
	b.noConsoleErrors()
	b.noForeignRequests()
}

// pinch spreads two fingers apart from the middle of the element sel.
func pinch(b *browserTest, sel string) {
	b.t.Helper()
	box := evaluate[map[string]float64](b, `(() => { const r = document.querySelector('`+sel+`').getBoundingClientRect(); return {x: r.left + r.width / 2, y: r.top + r.height / 2}; })()`)
	x, y := box["x"], box["y"]
	touch := func(typ input.DispatchTouchEventType, spread float64) chromedp.Action[chromedp.Void] {
		one, two := 1.0, 2.0
		points := []*input.TouchPoint{{X: x - spread, Y: y, ID: &one}, {X: x + spread, Y: y, ID: &two}}
		if typ == input.DispatchTouchEventTypeTouchEnd {
			points = []*input.TouchPoint{} // TouchEnd carries no points
		}
		return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: points})
			return err
		})
	}
	b.do(touch(input.DispatchTouchEventTypeTouchStart, 20))
	for spread := 30.0; spread <= 80; spread += 10 {
		b.do(touch(input.DispatchTouchEventTypeTouchMove, spread))
	}
	b.do(touch(input.DispatchTouchEventTypeTouchEnd, 0))
}
