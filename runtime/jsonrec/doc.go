// Package jsonrec reads and writes JSON Lines records for generated veloc
// programs.
//
// encoding/json decodes through reflection into a struct or into
// map[string]any, which allocates for every record and decodes every
// value, even those a query never reads. A veloc query knows at compile
// time which members it reads, so the generated decoder walks an object's
// top-level members with Object and converts only those values, skipping
// the rest without decoding them (but still validating them, so a line that
// is not JSON is an error record). Nothing is allocated once the Object's
// buffers have grown.
//
// The writers append JSON strings and numbers to a caller-owned batch
// buffer.
package jsonrec
