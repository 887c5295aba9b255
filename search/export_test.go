package search

// ForgetResults moves the index to a new generation without writing, so that the next
// searches are computed: benchmarks measure the engine, not the results kept.
func (x *Index) ForgetResults() { x.changed() }
