// Package fileio opens the file sources and sinks of generated veloc
// programs (io.md: file_source, file_source_mmap, file_sink, stdout_sink).
//
// A Source resolves a path or glob to files and reads them one after the
// other, transparently decompressing .gz files, either as a byte stream
// (for csvrec.Reader) or as lines (for JSON Lines); memory-mapped sources
// hand out views of the mapping itself. A Sink takes whole encoded batches
// and buffers them in large blocks, so a job costs one write system call per
// block, and concurrent jobs writing to standard output never interleave
// inside a batch.
//
// Errors name the file (and, for lines, the line) so that the one-line
// messages runtime.md asks for can be printed as they are.
package fileio
