package server_test

import (
	"slices"
	"testing"

	"github.com/practicegraph/practicegraph/graph"
)

// TestEventsAndPlaces asserts, over HTTP against the seeded graph, the report's facts
// about where events took place: every city reaches the events held in it, and an
// event held in two cities keeps both.
func TestEventsAndPlaces(t *testing.T) {
	ts := startServer(t, nil)

	t.Run("a city reaches the events held in it", func(t *testing.T) {
		for _, c := range []struct{ city, event string }{
			// « un atelier sur l'intégration et l'inclusion à Tallinn »
			{"tallinn", "tallinn-integration-workshop-2023"},
			// « visite d'étude … de maires chypriotes à Barcelone et Santa Coloma de Gramenet »
			{"santa-coloma-de-gramenet", "cypriot-mayors-study-visit-2023"},
			{"barcelona", "cypriot-mayors-study-visit-2023"},
			{"bilbao", "icc-annual-meeting-2023"},
		} {
			var got struct {
				City struct {
					Events []struct {
						Event    idOnly
						Relation struct{ Type string }
					}
					EventsCount int
				}
			}
			ts.query(t, `query($id: ID!) { city(id: $id) { events { event { id } relation { type } } eventsCount } }`,
				map[string]any{"id": c.city}).decode(t, &got)
			found := false
			for _, e := range got.City.Events {
				if e.Event.ID == c.event && e.Relation.Type == graph.RelHeldIn {
					found = true
				}
			}
			if !found {
				t.Errorf("%s's events %+v lack %s held in it", c.city, got.City.Events, c.event)
			}
			if got.City.EventsCount != len(got.City.Events) {
				t.Errorf("%s: eventsCount %d, %d events listed", c.city, got.City.EventsCount, len(got.City.Events))
			}
		}
	})

	t.Run("an event keeps every city it was held in", func(t *testing.T) {
		var got struct {
			Event struct {
				City   idOnly
				Cities []struct {
					City     idOnly
					Relation struct{ Type string }
				}
			}
		}
		ts.query(t, `{ event(id: "cypriot-mayors-study-visit-2023") { city { id } cities { city { id } relation { type } } } }`, nil).decode(t, &got)
		var held []string
		for _, c := range got.Event.Cities {
			if c.Relation.Type == graph.RelHeldIn {
				held = append(held, c.City.ID)
			}
		}
		slices.Sort(held)
		if want := []string{"barcelona", "santa-coloma-de-gramenet"}; !slices.Equal(held, want) {
			t.Errorf("study visit held in %v, want %v", held, want)
		}
		// The deprecated single city still answers, with one of them.
		if !slices.Contains(held, got.Event.City.ID) {
			t.Errorf("deprecated Event.city = %q, want one of %v", got.Event.City.ID, held)
		}
	})

	t.Run("the cities list filtered by an event includes where it was held", func(t *testing.T) {
		var got struct {
			Cities struct{ Edges []struct{ Node idOnly } }
		}
		ts.query(t, `{ cities(filter: {event: "tallinn-integration-workshop-2023"}) { edges { node { id } } } }`, nil).decode(t, &got)
		if len(got.Cities.Edges) != 1 || got.Cities.Edges[0].Node.ID != "tallinn" {
			t.Errorf("cities of Tallinn's workshop = %+v, want tallinn", got.Cities.Edges)
		}
	})

	t.Run("Barcelona and Santa Coloma collaborated through the study visit", func(t *testing.T) {
		var got struct {
			Collaborations struct {
				Partners []struct {
					City  idOnly
					Kinds []string
				}
			}
		}
		ts.query(t, `{ collaborations(cityId: "santa-coloma-de-gramenet") { partners { city { id } kinds } } }`, nil).decode(t, &got)
		found := false
		for _, p := range got.Collaborations.Partners {
			found = found || p.City.ID == "barcelona" && slices.Contains(p.Kinds, "STUDY_VISIT")
		}
		if !found {
			t.Errorf("Santa Coloma de Gramenet's partners %+v lack Barcelona through an event", got.Collaborations.Partners)
		}
	})
}

// TestRelationshipListsPage asserts that long relationship lists page with first and
// after and count the whole list: the annual meeting's participants.
func TestRelationshipListsPage(t *testing.T) {
	ts := startServer(t, nil)
	type people struct {
		Event struct {
			Participants      []struct{ Person idOnly }
			ParticipantsCount int
		}
	}
	var all people
	ts.query(t, `{ event(id: "icc-annual-meeting-2023") { participants { person { id } } participantsCount } }`, nil).decode(t, &all)
	n := all.Event.ParticipantsCount
	if n < 4 || len(all.Event.Participants) != n {
		t.Fatalf("%d participants listed, count %d: want the whole list (at least 4) on the default page", len(all.Event.Participants), n)
	}
	var walked []string
	var after any
	for range n {
		var page people
		ts.query(t, `query($after: ID) { event(id: "icc-annual-meeting-2023") { participants(first: 3, after: $after) { person { id } } participantsCount } }`,
			map[string]any{"after": after}).decode(t, &page)
		if len(page.Event.Participants) > 3 || page.Event.ParticipantsCount != n {
			t.Fatalf("page of %d with count %d, want at most 3 and %d", len(page.Event.Participants), page.Event.ParticipantsCount, n)
		}
		if len(page.Event.Participants) == 0 {
			break
		}
		for _, p := range page.Event.Participants {
			walked = append(walked, p.Person.ID)
		}
		after = walked[len(walked)-1]
	}
	var want []string
	for _, p := range all.Event.Participants {
		want = append(want, p.Person.ID)
	}
	if !slices.Equal(walked, want) {
		t.Errorf("pages of 3 give %v, the whole list %v", walked, want)
	}
	resp := ts.query(t, `{ event(id: "icc-annual-meeting-2023") { participants(first: 101) { person { id } } } }`, nil)
	if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
		t.Errorf("first: 101 gave %+v, want BAD_USER_INPUT", resp.Errors)
	}
	resp = ts.query(t, `{ event(id: "icc-annual-meeting-2023") { participants(after: "nobody") { person { id } } } }`, nil)
	if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
		t.Errorf("after an unknown id gave %+v, want BAD_USER_INPUT", resp.Errors)
	}
}
