//go:build !linux

package search

// readAtRandom gives no advice where the system's page cache is not Linux's.
func readAtRandom(data []byte, path string) error { return nil }
