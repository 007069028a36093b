//go:build !(linux || darwin || freebsd)

package fileio

import "os"

// mapFile reads f whole where memory mapping is not available, so that
// file_source_mmap behaves the same everywhere.
func mapFile(f *os.File) ([]byte, func() error, error) {
	return readWhole(f)
}
