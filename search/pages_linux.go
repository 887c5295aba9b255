package search

import (
	"os"

	"golang.org/x/sys/unix"
)

// readAtRandom advises the system that data, the read-only mapping of the file at path,
// is read at random, unmaps what was read of it so far (opening the segment reads its
// footer and fields, each page mapped with the large block cached around it), and drops
// the file's cached pages that no process has mapped. What is read next is read again
// from the file, page by page.
func readAtRandom(data []byte, path string) error {
	if len(data) == 0 {
		return nil
	}
	if err := unix.Madvise(data, unix.MADV_RANDOM); err != nil {
		return err
	}
	if err := unix.Madvise(data, unix.MADV_DONTNEED); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return unix.Fadvise(int(f.Fd()), 0, 0, unix.FADV_DONTNEED)
}
