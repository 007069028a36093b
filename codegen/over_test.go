package codegen_test

import (
	"strings"
	"testing"
)

// TestOverRank runs the RANK family and NTH_VALUE over row windows, with
// ties, a bounded frame and a row whose ORDER BY value goes backwards
// (late: counted, not ranked).
func TestOverRank(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	dir := t.TempDir()
	writeTestFile(t, dir, "src.csv", "p,ts,v\na,1,10\na,1,11\nb,5,50\na,2,12\na,2,13\na,0,99\na,3,14\nb,5,51\n")
	sql := `CREATE STREAM src (p STRING, ts INTEGER, v INTEGER) WITH ('src.type' = 'file_source', 'src.path' = 'src.csv');
CREATE STREAM out AS SELECT p, v,
  RANK() OVER (PARTITION BY p ORDER BY ts) AS r,
  DENSE_RANK() OVER (PARTITION BY p ORDER BY ts) AS d,
  PERCENT_RANK() OVER (PARTITION BY p ORDER BY ts) AS pr,
  CUME_DIST() OVER (PARTITION BY p ORDER BY ts) AS cd,
  NTILE(2) OVER (PARTITION BY p ORDER BY ts) AS nt,
  NTH_VALUE(v, 2) OVER (PARTITION BY p ORDER BY ts) AS second,
  RANK() OVER (ROWS WINDOW BUFFER 3 ROWS PARTITION BY p ORDER BY ts) AS r3,
  DENSE_RANK() OVER (ROWS WINDOW BUFFER 3 ROWS PARTITION BY p ORDER BY ts) AS d3,
  NTH_VALUE(v, 2) OVER (ROWS WINDOW BUFFER 3 ROWS PARTITION BY p ORDER BY ts) AS second3
FROM src WITH ('out.type' = 'stdout_sink', 'out.format' = 'csv');
`
	stdout, stderr := runSQL(t, sql, dir)
	want := `p,v,r,d,pr,cd,nt,second,r3,d3,second3
a,10,1,1,0,1,1,,1,1,
a,11,1,1,0,1,2,11,1,1,11
b,50,1,1,0,1,1,,1,1,
a,12,3,2,1,1,2,11,3,2,11
a,13,3,2,0.6666666666666666,1,2,11,2,2,12
a,14,5,3,1,1,2,11,3,2,13
b,51,1,1,0,1,2,51,1,1,51
`
	if stdout != want {
		t.Errorf("got:\n%s\nwant:\n%s", stdout, want)
	}
	if !strings.Contains(stderr, "late=1") {
		t.Errorf("the row whose ts goes backwards should be counted late:\n%s", stderr)
	}
}

// TestOverSlidingSums runs exact sliding COUNT, SUM and AVG over a
// bounded frame: DECIMAL stays exact, NULLs are skipped, and an INTEGER
// sum that does not fit is an error record, not a wrapped value.
func TestOverSlidingSums(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	dir := t.TempDir()
	writeTestFile(t, dir, "src.csv", "p,price,qty\na,0.10,1\na,0.20,\na,,3\na,0.40,9223372036854775807\na,0.50,5\nb,1.25,2\n")
	sql := `CREATE STREAM src (p STRING, price DECIMAL(10,2), qty INTEGER) WITH ('src.type' = 'file_source', 'src.path' = 'src.csv');
CREATE STREAM out AS SELECT p, price,
  SUM(price) OVER (PARTITION BY p ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS s3,
  AVG(price) OVER (PARTITION BY p ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS a3,
  COUNT(price) OVER (PARTITION BY p ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS c3,
  COUNT(*) OVER (PARTITION BY p ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS rows3,
  SUM(qty) OVER (PARTITION BY p ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS q2,
  AVG(qty) OVER (PARTITION BY p ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS qa2
FROM src WITH ('out.type' = 'stdout_sink', 'out.format' = 'csv');
`
	stdout, stderr := runSQL(t, sql, dir)
	// SUM(qty) fails on the row with qty = MaxInt64 (3 + MaxInt64) and
	// on the next (MaxInt64 + 5): both are error records; their values
	// stay in the frame, which counts rows, not outputs.
	want := `p,price,s3,a3,c3,rows3,q2,qa2
a,0.10,0.10,0.100000,1,1,1,1
a,0.20,0.30,0.150000,2,2,1,1
a,,0.30,0.150000,2,3,3,3
b,1.25,1.25,1.250000,1,1,2,2
`
	if stdout != want {
		t.Errorf("got:\n%s\nwant:\n%s", stdout, want)
	}
	if !strings.Contains(stderr, "integer overflow in SUM(qty#2) over its frame") || !strings.Contains(stderr, "failed=2") {
		t.Errorf("want two overflow error records:\n%s", stderr)
	}
}

// TestOverFollowing runs frames that end after the current row: each row
// waits for the rows its frames reach, and the end of the input cuts the
// frames of the rows still waiting at their partition's last row.
func TestOverFollowing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	dir := t.TempDir()
	writeTestFile(t, dir, "src.csv", "p,v\na,1\na,2\nb,10\na,3\na,4\nb,20\na,5\nc,7\nc,\n")
	sql := `CREATE STREAM src (p STRING, v INTEGER) WITH ('src.type' = 'file_source', 'src.path' = 'src.csv');
CREATE STREAM out AS SELECT p, v,
  SUM(v) OVER (PARTITION BY p ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s,
  AVG(v) OVER (PARTITION BY p ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS av,
  MAX(v) OVER (PARTITION BY p ROWS BETWEEN CURRENT ROW AND 2 FOLLOWING) AS mx,
  LAST_VALUE(v) OVER (PARTITION BY p ROWS BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING) AS lv,
  SUM(v) OVER (PARTITION BY p ROWS BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING) AS rs,
  COUNT(*) OVER (PARTITION BY p ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING) AS c,
  FIRST_VALUE(v) OVER (PARTITION BY p ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS fv,
  SUM(v) OVER (PARTITION BY p ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING) AS ahead
FROM src WITH ('out.type' = 'stdout_sink', 'out.format' = 'csv');
`
	stdout, _ := runSQL(t, sql, dir)
	// c's last row: its frame cut to itself holds only its NULL.
	want := `p,v,s,av,mx,lv,rs,c,fv,ahead
a,1,3,1.5,3,2,3,2,1,3
a,2,6,2,4,3,6,3,1,5
a,3,9,3,5,4,10,4,2,7
a,4,12,4,5,5,15,4,3,9
a,5,9,4.5,5,5,15,3,4,5
b,10,30,15,20,20,30,2,10,30
b,20,30,15,20,20,30,2,10,20
c,7,7,7,7,,7,2,7,7
c,,7,7,,,7,2,7,
`
	if stdout != want {
		t.Errorf("got:\n%s\nwant:\n%s", stdout, want)
	}
}

// TestOverOnStream runs OVER on the rows of an earlier job of the file,
// read in process, with LEAD rows waiting until the producer's end.
func TestOverOnStream(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program; skipped with -short")
	}
	dir := t.TempDir()
	writeTestFile(t, dir, "src.csv", "p,v\na,1\nb,5\na,2\na,3\nb,6\n")
	sql := `CREATE STREAM src (p STRING, v INTEGER) WITH ('src.type' = 'file_source', 'src.path' = 'src.csv');
CREATE STREAM doubled AS SELECT UPPER(p) AS p, v * 2 AS v FROM src WHERE v > 1 WITH ('doubled.type' = 'file_sink', 'doubled.path' = 'doubled.csv');
CREATE STREAM out AS SELECT p, v, LEAD(v) OVER (PARTITION BY p) AS next, SUM(v) OVER (PARTITION BY p) AS total
FROM doubled WITH ('out.type' = 'stdout_sink', 'out.format' = 'csv');
`
	stdout, _ := runSQL(t, sql, dir)
	// B appears first (a's 1 is filtered out): its last row is written
	// first at the end.
	want := `p,v,next,total
A,4,6,4
B,10,12,10
B,12,,22
A,6,,10
`
	if stdout != want {
		t.Errorf("got:\n%s\nwant:\n%s", stdout, want)
	}
}
