package multipart

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/webob-go/webob/internal/race"
)

// wantLimit fails unless err is a *LimitError for limit with Max max.
func wantLimit(t testing.TB, err error, limit string, max int64) {
	t.Helper()
	var le *LimitError
	if !errors.As(err, &le) || le.Limit != limit || (max != 0 && le.Max != max) {
		t.Fatalf("err = %v, want LimitError %s (%d)", err, limit, max)
	}
	if !errors.Is(err, ErrLimit) || !strings.Contains(err.Error(), limit) {
		t.Fatalf("%v: not ErrLimit or message does not name %s", err, limit)
	}
}

func nFields(n int) []string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = field("f"+strconv.Itoa(i), "v")
	}
	return ps
}

func nFiles(n int, size int) []string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = file("u"+strconv.Itoa(i), "f.bin", "application/octet-stream", strings.Repeat("x", size))
	}
	return ps
}

// TestLimitsAtAndPast checks every limit at its value (accepted) and one
// past it (a *LimitError naming it).
func TestLimitsAtAndPast(t *testing.T) {
	tests := []struct {
		L     int // the limit; 40 when 0
		limit string
		set   func(*Limits, int64)
		// body returns an input that needs exactly n of the resource.
		body func(n int) string
		url  bool // an urlencoded limit
	}{
		{200, "MaxBodyBytes", func(l *Limits, v int64) { l.MaxBodyBytes = v }, func(n int) string {
			b := mp(field("a", ""))
			return mp(field("a", strings.Repeat("x", n-len(b))))
		}, false},
		{0, "MaxParts", func(l *Limits, v int64) { l.MaxParts = v }, func(n int) string { return mp(nFields(n)...) }, false},
		{0, "MaxFiles", func(l *Limits, v int64) { l.MaxFiles = v }, func(n int) string {
			return mp(append(nFields(3), nFiles(n, 1)...)...)
		}, false},
		{100, "MaxHeaderBytes", func(l *Limits, v int64) { l.MaxHeaderBytes = v }, func(n int) string {
			h := "Content-Disposition: form-data; name=a\r\nX: "
			pad := n - len(h) - 4 // the line's CRLF and the empty line
			return "--" + tb + "\r\n" + h + strings.Repeat("p", pad) + "\r\n\r\nv\r\n--" + tb + "--"
		}, false},
		{0, "MaxHeaderLines", func(l *Limits, v int64) { l.MaxHeaderLines = v }, func(n int) string {
			return "--" + tb + "\r\n" + strings.Repeat("X: 1\r\n", n-1) + field("a", "v") + "\r\n--" + tb + "--"
		}, false},
		{0, "MaxValueBytes", func(l *Limits, v int64) { l.MaxValueBytes = v }, func(n int) string {
			return mp(field("a", strings.Repeat("x", n/2)), file("f", "f", "text/plain", strings.Repeat("y", 100)), field("b", strings.Repeat("x", n-n/2)))
		}, false},
		{0, "MaxFileBytes", func(l *Limits, v int64) { l.MaxFileBytes = v }, func(n int) string {
			return mp(field("a", strings.Repeat("x", 100)), file("f", "f", "text/plain", strings.Repeat("y", n)))
		}, false},
		{0, "MaxDiskBytes", func(l *Limits, v int64) { l.MaxDiskBytes, l.MemoryThreshold = v, 1 }, func(n int) string {
			return mp(file("f", "f", "text/plain", strings.Repeat("y", n/2)), file("g", "g", "text/plain", strings.Repeat("z", n-n/2)))
		}, false},
		{0, "MaxPreambleBytes", func(l *Limits, v int64) { l.MaxPreambleBytes = v }, func(n int) string {
			return strings.Repeat("p", n-2) + "\r\n" + mp(field("a", "1"))
		}, false},
		{0, "MaxEpilogueBytes", func(l *Limits, v int64) { l.MaxEpilogueBytes = v }, func(n int) string {
			return strings.TrimSuffix(mp(field("a", "1")), "\r\n") + "\r\n" + strings.Repeat("e", n-2)
		}, false},
		{0, "MaxParams", func(l *Limits, v int64) { l.MaxParams = v }, func(n int) string {
			return strings.Repeat("a=1&", n-1) + "b=2&&"
		}, true},
		{0, "MaxValueBytes", func(l *Limits, v int64) { l.MaxValueBytes = v }, func(n int) string {
			return "a=" + strings.Repeat("x", n-2)
		}, true},
	}
	for _, tt := range tests {
		name := tt.limit
		if tt.url {
			name += "/urlencoded"
		}
		L := tt.L
		if L == 0 {
			L = 40
		}
		t.Run(name, func(t *testing.T) {
			for _, n := range []int{L, L + 1} {
				lim := &Limits{TempDir: t.TempDir()}
				tt.set(lim, int64(L))
				body := tt.body(n)
				var err error
				if tt.url {
					_, err = ParseURLEncoded(body, lim)
					if err == nil {
						_, err = ReadURLEncoded(strings.NewReader(body), lim)
					}
				} else {
					var f *Form
					f, err = ReadForm(strings.NewReader(body), tb, lim)
					f.RemoveAll()
					// The streaming reader sees the same limits (bar disk).
					if tt.limit != "MaxDiskBytes" {
						if err2 := drain(body, lim); (err == nil) != (err2 == nil) {
							t.Errorf("n=%d: ReadForm %v, Reader %v", n, err, err2)
						}
					}
				}
				if n == L && err != nil {
					t.Fatalf("at the limit: %v", err)
				}
				if n == L+1 {
					wantLimit(t, err, tt.limit, int64(L))
				}
			}
		})
	}
}

// drain reads every part of body with the streaming Reader.
func drain(body string, lim *Limits) error {
	r := NewReader(strings.NewReader(body), tb, lim)
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := io.Copy(io.Discard, p); err != nil {
			return err
		}
	}
}

func TestMemoryThresholdAndBudget(t *testing.T) {
	lim := &Limits{TempDir: t.TempDir(), MemoryThreshold: 10}
	f, err := ReadForm(strings.NewReader(mp(file("a", "a", "t/p", strings.Repeat("x", 10)), file("b", "b", "t/p", strings.Repeat("y", 11)))), tb, lim)
	if err != nil {
		t.Fatal(err)
	}
	defer f.RemoveAll()
	if f.Files[0].OnDisk() || !f.Files[1].OnDisk() {
		t.Errorf("threshold: on disk %v %v", f.Files[0].OnDisk(), f.Files[1].OnDisk())
	}
	if content(t, f.Files[1]) != strings.Repeat("y", 11) {
		t.Error("disk content wrong")
	}

	lim = &Limits{TempDir: t.TempDir(), MemoryThreshold: 10, MemoryBudget: 15}
	f, err = ReadForm(strings.NewReader(mp(file("a", "a", "t/p", strings.Repeat("x", 8)), file("b", "b", "t/p", strings.Repeat("y", 7)), file("c", "c", "t/p", "z"))), tb, lim)
	if err != nil {
		t.Fatal(err)
	}
	defer f.RemoveAll()
	if f.Files[0].OnDisk() || f.Files[1].OnDisk() || !f.Files[2].OnDisk() {
		t.Errorf("budget: on disk %v %v %v", f.Files[0].OnDisk(), f.Files[1].OnDisk(), f.Files[2].OnDisk())
	}
	if content(t, f.Files[2]) != "z" {
		t.Error("disk content wrong")
	}

	lim = &Limits{TempDir: t.TempDir(), MemoryThreshold: -1, MemoryBudget: -1}
	f, err = ReadForm(strings.NewReader(mp(file("a", "a", "t/p", strings.Repeat("x", 3<<20)))), tb, lim)
	if err != nil || f.Files[0].OnDisk() || f.Files[0].Size != 3<<20 {
		t.Fatalf("no threshold: %v", err)
	}
}

func TestLimitsDefaults(t *testing.T) {
	d := (*Limits)(nil).WithDefaults()
	if d.MaxParts != 1000 || d.MaxFiles != 100 || d.MaxValueBytes != 10<<20 || d.MaxParams != 10000 ||
		d.MemoryThreshold != 1<<20 || d.TempDir != "" {
		t.Errorf("defaults %+v", d)
	}
	d = (&Limits{MaxParts: -1, MaxFiles: 5}).WithDefaults()
	if d.MaxParts != -1 || d.MaxFiles != 5 || d.MaxHeaderLines != DefaultMaxHeaderLines {
		t.Errorf("%+v", d)
	}
	// A negative limit is off.
	if _, err := readForm(t, mp(nFields(1500)...), &Limits{MaxParts: -1}); err != nil {
		t.Errorf("MaxParts off: %v", err)
	}
}

// Regression tests named in the issue.

func TestRegression1001Parts(t *testing.T) {
	if _, err := readForm(t, mp(nFields(1000)...), nil); err != nil {
		t.Fatalf("1000 parts: %v", err)
	}
	_, err := readForm(t, mp(nFields(1001)...), nil)
	wantLimit(t, err, "MaxParts", 1000)
}

func TestRegression500Fields501Files(t *testing.T) {
	parts := append(nFields(500), nFiles(501, 1)...)
	_, err := readForm(t, mp(parts...), nil)
	wantLimit(t, err, "MaxFiles", 100)
	// With files allowed up to 1000, fields and files still count
	// together against MaxParts.
	_, err = readForm(t, mp(parts...), &Limits{MaxFiles: 1000})
	wantLimit(t, err, "MaxParts", 1000)
}

func TestRegression10000HeaderLines(t *testing.T) {
	body := "--" + tb + "\r\n" + strings.Repeat("X: y\r\n", 10000) + field("a", "v") + "\r\n--" + tb + "--"
	_, err := readForm(t, body, nil)
	wantLimit(t, err, "MaxHeaderLines", DefaultMaxHeaderLines)
	// With the line limit off, the byte limit still holds.
	_, err = readForm(t, body, &Limits{MaxHeaderLines: -1})
	wantLimit(t, err, "MaxHeaderBytes", DefaultMaxHeaderBytes)
}

// endless is an io.Reader of prefix followed by fill repeated forever, or
// until n bytes in all when n > 0.
type endless struct {
	prefix string
	fill   string
	n, off int64
}

func (e *endless) Read(p []byte) (int, error) {
	if e.n > 0 && e.off >= e.n {
		return 0, io.EOF
	}
	if e.n > 0 && int64(len(p)) > e.n-e.off {
		p = p[:e.n-e.off]
	}
	if len(e.fill) < 4096 {
		e.fill = strings.Repeat(e.fill, 4096/len(e.fill)+1) // same pattern, fewer copies
	}
	i := 0
	if e.off < int64(len(e.prefix)) {
		i = copy(p, e.prefix[e.off:])
	}
	for i < len(p) {
		k := (e.off + int64(i) - int64(len(e.prefix))) % int64(len(e.fill))
		i += copy(p[i:], e.fill[k:])
	}
	e.off += int64(len(p))
	return len(p), nil
}

func TestRegressionEndlessHeaderLine(t *testing.T) {
	start := "--" + tb + "\r\n"
	for name, prefix := range map[string]string{
		"name":         start,
		"value":        start + "Content-Disposition: form-data; name=",
		"quoted":       start + `Content-Disposition: form-data; name="`,
		"continuation": start + "Content-Disposition: form-data;\r\n ",
	} {
		t.Run(name, func(t *testing.T) {
			r := NewReader(&endless{prefix: prefix, fill: "a"}, tb, nil)
			_, err := r.NextPart()
			wantLimit(t, err, "MaxHeaderBytes", DefaultMaxHeaderBytes)
			if r.BytesRead() > DefaultMaxHeaderBytes+bufSize {
				t.Errorf("read %d bytes", r.BytesRead())
			}
		})
	}
	// Endless continuation lines are bounded by the line limit too.
	r := NewReader(&endless{prefix: start + "Content-Disposition: form-data;\r\n", fill: " x\r\n"}, tb, &Limits{MaxHeaderBytes: -1})
	_, err := r.NextPart()
	wantLimit(t, err, "MaxHeaderLines", DefaultMaxHeaderLines)
}

func TestRegression10MBFieldName(t *testing.T) {
	name := strings.Repeat("n", 10_000_000)
	_, err := readForm(t, mp(field(name, "v")), nil)
	wantLimit(t, err, "MaxHeaderBytes", DefaultMaxHeaderBytes)
	_, err = ParseURLEncoded(strings.Repeat("n", 10<<20+1)+"=v", nil)
	wantLimit(t, err, "MaxValueBytes", DefaultMaxValueBytes)
}

// TestRegressionCRWithoutLF feeds a part that starts with CR followed by
// 50 MB without a line break, in the header and in the body. The limits
// stop it early; with them off it is read to the end in linear time.
func TestRegressionCRWithoutLF(t *testing.T) {
	const size = 50 << 20
	start := "--" + tb + "\r\n"
	value := start + "Content-Disposition: form-data; name=a\r\n\r\n\r"
	cases := []struct {
		name, prefix string
		lim          *Limits
		limit        string
	}{
		{"header", start + "\r", nil, "MaxHeaderBytes"},
		{"value", value, nil, "MaxValueBytes"},
		{"file", start + "Content-Disposition: form-data; name=a; filename=b\r\n\r\n\r", &Limits{MaxFileBytes: 1 << 20}, "MaxFileBytes"},
	}
	// Generous bounds: linear time is well under them even under the race
	// detector on a loaded machine; quadratic time on 50 MB is hours.
	bound := 2 * time.Second
	if race.Enabled {
		bound = 10 * time.Second
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			begin := time.Now()
			_, err := ReadForm(&endless{prefix: c.prefix, fill: "x", n: size}, tb, c.lim)
			if c.limit != "" {
				wantLimit(t, err, c.limit, 0)
			} else if !errors.Is(err, ErrTruncated) {
				t.Fatalf("err = %v, want ErrTruncated", err)
			}
			if d := time.Since(begin); d > bound {
				t.Errorf("took %v", d)
			}
		})
	}
	// With the limits off the streaming reader scans all 50 MB, in linear
	// time, to find the body truncated.
	begin := time.Now()
	r := NewReader(&endless{prefix: value, fill: "x", n: size}, tb, &Limits{MaxBodyBytes: -1, MaxValueBytes: -1})
	p, err := r.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, p)
	if !errors.Is(err, ErrTruncated) || n < size-int64(len(value)) {
		t.Fatalf("read %d, err = %v, want ErrTruncated", n, err)
	}
	if d := time.Since(begin); d > bound {
		t.Errorf("took %v", d)
	}
}

// TestRegressionSmallReadsPastValueLimit sends a value in one-byte reads:
// the limit counts bytes, not reads.
func TestRegressionSmallReadsPastValueLimit(t *testing.T) {
	const max = 1000
	body := mp(field("a", strings.Repeat("v", 600)), field("b", strings.Repeat("w", 600)))
	lim := &Limits{MaxValueBytes: max}
	_, err := ReadForm(iotest.OneByteReader(strings.NewReader(body)), tb, lim)
	wantLimit(t, err, "MaxValueBytes", max)

	// The streaming reader, read with a tiny buffer.
	src := &countReader{r: iotest.OneByteReader(strings.NewReader(body))}
	r := NewReader(src, tb, lim)
	buf := make([]byte, 3)
	for {
		p, err := r.NextPart()
		if err != nil {
			wantLimit(t, err, "MaxValueBytes", max)
			break
		}
		for err == nil {
			_, err = p.Read(buf)
		}
		if err != io.EOF {
			wantLimit(t, err, "MaxValueBytes", max)
			break
		}
	}
	if src.n >= int64(len(body)) {
		t.Errorf("read the whole body (%d bytes) past the limit", src.n)
	}
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func TestRegressionHugePreamble(t *testing.T) {
	src := &countReader{r: &endless{fill: "p", n: 50 << 20}}
	_, err := ReadForm(src, tb, nil)
	wantLimit(t, err, "MaxPreambleBytes", DefaultMaxPreambleBytes)
	if src.n > DefaultMaxPreambleBytes+bufSize {
		t.Errorf("read %d bytes", src.n)
	}
	// Preamble made of lookalike delimiter lines.
	src = &countReader{r: strings.NewReader(strings.Repeat("\r\n--"+tb+"x", 100000))}
	_, err = ReadForm(src, tb, nil)
	wantLimit(t, err, "MaxPreambleBytes", DefaultMaxPreambleBytes)
}

func TestRegressionFilenameStarSmuggling(t *testing.T) {
	// A filter that looks at filename sees "photo.jpg"; a reader that let
	// filename* win would store "shell.php".
	body := mp(
		`Content-Disposition: form-data; name="f"; filename="photo.jpg"; filename*=UTF-8''shell.php`+"\r\nContent-Type: image/jpeg\r\n\r\nx",
		`Content-Disposition: form-data; name="g"; filename*=UTF-8''shell.php`+"\r\n\r\ny",
		`Content-Disposition: form-data; name="h"; filename="a.jpg"; FILENAME*=utf-8''..%2F..%2Fshell.php`+"\r\n\r\nz",
	)
	f, err := readForm(t, body, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Files) != 2 || f.Files[0].Filename != "photo.jpg" || f.Files[1].Filename != "a.jpg" {
		t.Errorf("files %+v %+v", f.Files[0], f.Files[1])
	}
	// filename* alone does not make a file.
	if f.Value("g") != "y" {
		t.Errorf("g = %q", f.Value("g"))
	}
	// Two filename parameters are refused, not resolved.
	_, err = readForm(t, mp(`Content-Disposition: form-data; name="f"; filename="a.jpg"; filename="b.php"`+"\r\n\r\nx"), nil)
	if !errors.Is(err, ErrBadDisposition) {
		t.Errorf("duplicate filename: %v", err)
	}
}

func TestRegressionPathNames(t *testing.T) {
	body := mp(
		file("a", "../../x", "text/plain", "1"),
		file("b", `C:\\a\\b.doc`, "text/plain", "2"),                                  // escaped
		`Content-Disposition: form-data; name="c"; filename="C:\a\b.doc"`+"\r\n\r\n3", // IE: raw
		file("d", `\\server\share\e.txt`, "text/plain", "4"),
		file("e", "/etc/passwd", "text/plain", "5"),
		file("f", "dir/", "text/plain", "6"),
	)
	f, err := readForm(t, body, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"x", "b.doc", "b.doc", "e.txt", "passwd", ""}
	for i, w := range want {
		if f.Files[i].Filename != w {
			t.Errorf("file %d: %q, want %q", i, f.Files[i].Filename, w)
		}
	}
}

func TestBodyLimitReadsOneByteMore(t *testing.T) {
	src := &countReader{r: &endless{prefix: "--" + tb + "\r\n" + field("a", ""), fill: "x"}}
	_, err := ReadForm(src, tb, &Limits{MaxBodyBytes: 1000, MaxValueBytes: -1})
	wantLimit(t, err, "MaxBodyBytes", 1000)
	if src.n != 1001 {
		t.Errorf("read %d bytes, want 1001", src.n)
	}
}

// TestMaxBodyBytesCutsUnknownLengthBody: a body of unknown length (read a
// byte at a time, as a chunked request is) is accepted at exactly
// MaxBodyBytes and cut at one byte more with a *LimitError naming
// MaxBodyBytes, by ReadForm, the streaming Reader and ReadURLEncoded.
func TestMaxBodyBytesCutsUnknownLengthBody(t *testing.T) {
	const L = 300
	empty := len(mp(field("a", "")))
	body := func(n int) string { return mp(field("a", strings.Repeat("x", n-empty))) }
	for _, n := range []int{L, L + 1} {
		lim := &Limits{MaxBodyBytes: L, TempDir: t.TempDir()}
		src := &countReader{r: iotest.OneByteReader(strings.NewReader(body(n)))}
		f, err := ReadForm(src, tb, lim)
		if n == L {
			if err != nil || len(f.Value("a")) != L-empty {
				t.Errorf("at the limit: %v", err)
			}
		} else {
			wantLimit(t, err, "MaxBodyBytes", L)
			if src.n != L+1 {
				t.Errorf("read %d bytes past a limit of %d", src.n, L)
			}
		}
		r := NewReader(iotest.OneByteReader(strings.NewReader(body(n))), tb, lim)
		var rerr error
		for rerr == nil {
			var p *Part
			if p, rerr = r.NextPart(); rerr == nil {
				_, rerr = io.Copy(io.Discard, p)
			}
		}
		if n == L && rerr != io.EOF {
			t.Errorf("Reader at the limit: %v", rerr)
		} else if n > L {
			wantLimit(t, rerr, "MaxBodyBytes", L)
		}
		u := "a=" + strings.Repeat("x", n-2)
		_, uerr := ReadURLEncoded(iotest.OneByteReader(strings.NewReader(u)), lim)
		if n == L && uerr != nil {
			t.Errorf("urlencoded at the limit: %v", uerr)
		} else if n > L {
			wantLimit(t, uerr, "MaxBodyBytes", L)
		}
	}
}
