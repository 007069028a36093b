package fileio

import (
	"io"
	"os"
)

// readWhole reads all of f, for file_source_mmap on something that cannot
// be mapped (a pipe, or a platform without mmap).
func readWhole(f *os.File) ([]byte, func() error, error) {
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, nil, err
	}
	return data, func() error { return nil }, nil
}
