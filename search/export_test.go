package search

// ForgetResults moves the index to a new generation without writing, so that the next
// searches are computed: benchmarks measure the engine, not the results kept.
func (x *Index) ForgetResults() { x.changed() }

// ScoreWithBleve makes ranked searches score with bleve's own disjunction rather than
// accumulating clause by clause, until restore is called.
func ScoreWithBleve() (restore func()) {
	bleveDisjunction.Store(true)
	return func() { bleveDisjunction.Store(false) }
}

// RankedRuns returns how many searches accumSearcher has scored, and how many of them it
// collected itself.
func RankedRuns() (scored, collectedItself int64) { return accumulated.Load(), collected.Load() }
