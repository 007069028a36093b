//go:build !race

package sqlfn

const raceEnabled = false
