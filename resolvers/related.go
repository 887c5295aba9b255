package resolvers

import "github.com/practicegraph/practicegraph/resolvers/model"

// onePerPractice keeps the first link to each practice: two practices an editor marked
// similar from both sides are listed once.
func onePerPractice(links []model.PracticeLink) []model.PracticeLink {
	seen := map[string]bool{}
	out := links[:0]
	for _, l := range links {
		if !seen[l.Practice.ID] {
			seen[l.Practice.ID] = true
			out = append(out, l)
		}
	}
	return out
}
