package multipart

import (
	"errors"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"
)

func TestCharsets(t *testing.T) {
	ctField := func(name, ct, value string) string {
		return `Content-Disposition: form-data; name="` + name + "\"\r\nContent-Type: " + ct + "\r\n\r\n" + value
	}
	tests := []struct {
		name string
		body string
		want []Field
		err  error
	}{
		{"part charset", mp(ctField("a", "text/plain; charset=ISO-8859-1", "caf\xe9")), []Field{{"a", "café"}}, nil},
		{"quoted charset", mp(ctField("a", `text/plain; charset="windows-1252"`, "\x80")), []Field{{"a", "€"}}, nil},
		{"_charset_ after", mp(field("a", "\xe4"), field("_charset_", "iso-8859-1")), []Field{{"a", "ä"}, {"_charset_", "iso-8859-1"}}, nil},
		{"_charset_ first, part wins", mp(field("_charset_", "iso-8859-1"), ctField("a", "text/plain; charset=utf-8", "\xc3\xa4"), field("b", "\xe4")),
			[]Field{{"_charset_", "iso-8859-1"}, {"a", "ä"}, {"b", "ä"}}, nil},
		{"shift_jis", mp(field("_charset_", "Shift_JIS"), field("a", "\x82\xa0")), []Field{{"_charset_", "Shift_JIS"}, {"a", "あ"}}, nil},
		{"utf-8 kept raw", mp(ctField("a", "text/plain; charset=utf-8", "\xff")), []Field{{"a", "\xff"}}, nil},
		{"no charset kept raw", mp(field("a", "\xe4")), []Field{{"a", "\xe4"}}, nil},
		{"bad content type ignored", mp(ctField("a", "text/plain; charset", "\xe4")), []Field{{"a", "\xe4"}}, nil},
		{"unknown", mp(ctField("a", "text/plain; charset=x-klingon", "x")), nil, ErrCharset},
		{"unknown _charset_", mp(field("_charset_", "nope"), field("a", "x")), nil, ErrCharset},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := readForm(t, tt.body, nil)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err != nil {
				if !errors.Is(err, ErrMalformed) {
					t.Errorf("%v not ErrMalformed", err)
				}
				return
			}
			if len(f.Fields) != len(tt.want) {
				t.Fatalf("fields %q", f.Fields)
			}
			for i := range tt.want {
				if f.Fields[i] != tt.want[i] {
					t.Errorf("field %d = %q, want %q", i, f.Fields[i], tt.want[i])
				}
			}
		})
	}
	// Files are never decoded.
	f, err := readForm(t, mp(field("_charset_", "iso-8859-1"), file("f", "\xe4.txt", "text/plain; charset=iso-8859-1", "\xe4")), nil)
	if err != nil || content(t, f.Files[0]) != "\xe4" || f.Files[0].Filename != "\xe4.txt" {
		t.Errorf("file decoded: %v", err)
	}
}

func TestDecodeCharset(t *testing.T) {
	tests := []struct{ in, cs, want string }{
		{"abc", "", "abc"},
		{"\xff", "UTF-8", "\xff"},
		{"\xe9", "latin1", "é"},
		{"abc", "iso-8859-15", "abc"},
		{"a\x00b\x00", "utf-16le", "ab"},
		{"\xa4\xa4", "big5", "中"},
	}
	for _, tt := range tests {
		got, err := DecodeCharset(tt.in, tt.cs)
		if err != nil || got != tt.want {
			t.Errorf("DecodeCharset(%q, %q) = %q, %v; want %q", tt.in, tt.cs, got, err, tt.want)
		}
	}
	if _, err := DecodeCharset("x", "bogus"); !errors.Is(err, ErrCharset) {
		t.Errorf("bogus: %v", err)
	}
}

func TestReadFormRemovesTempFilesOnError(t *testing.T) {
	dir := t.TempDir()
	body := strings.TrimSuffix(mp(file("a", "a", "t/p", strings.Repeat("x", 100)), file("b", "b", "t/p", strings.Repeat("y", 100))), "--\r\n")
	f, err := ReadForm(strings.NewReader(body), tb, &Limits{TempDir: dir, MemoryThreshold: 10})
	if f != nil || !errors.Is(err, ErrTruncated) {
		t.Fatalf("%v %v", f, err)
	}
	// A limit hit in the middle of a file on disk.
	_, err = ReadForm(strings.NewReader(mp(file("a", "a", "t/p", strings.Repeat("x", 100)), file("b", "b", "t/p", strings.Repeat("y", 1000)))), tb,
		&Limits{TempDir: dir, MemoryThreshold: 10, MaxDiskBytes: 500})
	wantLimit(t, err, "MaxDiskBytes", 500)
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("left %d temporary files", len(ents))
	}

	f, err = ReadForm(strings.NewReader(mp(file("a", "a", "t/p", strings.Repeat("x", 100)))), tb, &Limits{TempDir: dir, MemoryThreshold: 10})
	if err != nil {
		t.Fatal(err)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("%d temporary files, want 1", len(ents))
	}
	if err := f.RemoveAll(); err != nil {
		t.Fatal(err)
	}
	if err := f.RemoveAll(); err != nil {
		t.Fatalf("second RemoveAll: %v", err)
	}
	if _, err := f.Files[0].Open(); err == nil {
		t.Error("Open after RemoveAll succeeded")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("left %d temporary files", len(ents))
	}
	var nilForm *Form
	if err := nilForm.RemoveAll(); err != nil {
		t.Error(err)
	}
}

func TestFileOpenRandomAccess(t *testing.T) {
	for _, threshold := range []int64{1 << 20, 1} {
		f, err := readForm(t, mp(file("a", "a", "t/p", "0123456789")), &Limits{MemoryThreshold: threshold})
		if err != nil {
			t.Fatal(err)
		}
		rc, err := f.Files[0].Open()
		if err != nil {
			t.Fatal(err)
		}
		b := make([]byte, 3)
		if _, err := rc.ReadAt(b, 4); err != nil || string(b) != "456" {
			t.Errorf("ReadAt %q %v", b, err)
		}
		if _, err := rc.Seek(8, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		rest, _ := io.ReadAll(rc)
		if string(rest) != "89" {
			t.Errorf("after seek %q", rest)
		}
		rc.Close()
	}
}

// genReader produces prefix, then n bytes of a pattern, then suffix,
// calling hook after every MiB of pattern.
type genReader struct {
	prefix, suffix string
	n, off         int64
	hook           func()
	next           int64
}

func patternByte(i int64) byte { return byte(i*7 + i>>12) }

func (g *genReader) Read(p []byte) (int, error) {
	total := int64(len(g.prefix)) + g.n + int64(len(g.suffix))
	if g.off >= total {
		return 0, io.EOF
	}
	i := 0
	for i < len(p) && g.off < total {
		switch o := g.off; {
		case o < int64(len(g.prefix)):
			k := copy(p[i:], g.prefix[o:])
			i += k
			g.off += int64(k)
		case o < int64(len(g.prefix))+g.n:
			j := o - int64(len(g.prefix))
			end := min(g.n, j+int64(len(p)-i))
			for ; j < end; j++ {
				p[i] = patternByte(j)
				i++
			}
			g.off = int64(len(g.prefix)) + j
			if g.hook != nil && j >= g.next {
				g.next += 1 << 20
				g.hook()
			}
		default:
			k := copy(p[i:], g.suffix[o-int64(len(g.prefix))-g.n:])
			i += k
			g.off += int64(k)
		}
	}
	return i, nil
}

// TestHeapBounded100MB reads a 100 MB upload generated on the fly and
// checks, after every MiB, that the live heap never grows past the
// in-memory threshold plus 1 MiB, and that reading allocates little in
// all.
func TestHeapBounded100MB(t *testing.T) {
	const size = 100 << 20
	const threshold = DefaultMemoryThreshold
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base, baseTotal := ms.HeapAlloc, ms.TotalAlloc
	var peak uint64
	src := &genReader{
		prefix: "--" + tb + "\r\n" + `Content-Disposition: form-data; name="upload"; filename="big.bin"` + "\r\nContent-Type: application/octet-stream\r\n\r\n",
		suffix: "\r\n" + "--" + tb + "\r\n" + field("after", "ok") + "\r\n--" + tb + "--\r\n",
		n:      size,
		hook: func() {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > base {
				peak = max(peak, ms.HeapAlloc-base)
			}
		},
	}
	lim := &Limits{MaxBodyBytes: -1, MaxFileBytes: -1, MaxDiskBytes: -1, TempDir: t.TempDir()}
	f, err := ReadForm(src, tb, lim)
	if err != nil {
		t.Fatal(err)
	}
	defer f.RemoveAll()
	runtime.ReadMemStats(&ms)
	t.Logf("peak live heap growth %d KiB, allocated in all %d KiB", peak>>10, (ms.TotalAlloc-baseTotal)>>10)
	if peak > threshold+1<<20 {
		t.Errorf("live heap grew by %d bytes, more than threshold + 1 MiB", peak)
	}
	if total := ms.TotalAlloc - baseTotal; total > 8<<20 {
		t.Errorf("allocated %d bytes reading 100 MB", total)
	}
	fh := f.FileFor("upload")
	if fh == nil || fh.Size != size || !fh.OnDisk() || f.Value("after") != "ok" {
		t.Fatalf("form %+v", f)
	}
	rc, err := fh.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b := make([]byte, 4096)
	for _, off := range []int64{0, threshold - 10, size/2 + 12345, size - 4096} {
		if _, err := rc.ReadAt(b, off); err != nil {
			t.Fatal(err)
		}
		for i := range b {
			if b[i] != patternByte(off+int64(i)) {
				t.Fatalf("byte %d differs", off+int64(i))
			}
		}
	}
}

// TestTextDecodedOnceFromPartAndFormCharset is the regression test for
// "multipart text decoded twice": a windows-1252 part holding 0xE9 in a
// form whose default charset (the request's Content-Type, or _charset_)
// is also windows-1252 reads "é", not "Ã©". Values without a part charset
// are decoded from the default, once.
func TestTextDecodedOnceFromPartAndFormCharset(t *testing.T) {
	part := "Content-Disposition: form-data; name=\"a\"\r\nContent-Type: text/plain; charset=windows-1252\r\n\r\n\xe9"
	for _, tt := range []struct {
		name, body, def string
	}{
		{"Content-Type charset", mp(part, field("b", "\xe9")), "windows-1252"},
		{"_charset_", mp(field("_charset_", "windows-1252"), part, field("b", "\xe9")), ""},
		{"both", mp(field("_charset_", "windows-1252"), part, field("b", "\xe9")), "windows-1252"},
		{"_charset_ over Content-Type", mp(field("_charset_", "windows-1252"), part, field("b", "\xe9")), "utf-8"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := ReadFormCharset(strings.NewReader(tt.body), tb, tt.def, &Limits{TempDir: t.TempDir()})
			if err != nil {
				t.Fatal(err)
			}
			if a, b := f.Value("a"), f.Value("b"); a != "é" || b != "é" {
				t.Errorf("a = %q, b = %q; want \"é\" each", a, b)
			}
		})
	}
	// The part's charset wins over the default; a UTF-8 part is not
	// decoded from the default.
	body := mp("Content-Disposition: form-data; name=\"a\"\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\xc3\xa9", field("b", "\xe9"))
	f, err := ReadFormCharset(strings.NewReader(body), tb, "windows-1252", &Limits{TempDir: t.TempDir()})
	if err != nil || f.Value("a") != "é" || f.Value("b") != "é" {
		t.Errorf("utf-8 part: %q %q %v", f.Value("a"), f.Value("b"), err)
	}
	if _, err := ReadFormCharset(strings.NewReader(body), tb, "x-klingon", nil); !errors.Is(err, ErrCharset) {
		t.Errorf("unknown default charset: %v", err)
	}
}

// TestDuplicateCharsetInPartContentTypeIsMalformed: a text part whose
// Content-Type names charset twice is ErrBadHeader (400), not decoded
// with one copy or the other.
func TestDuplicateCharsetInPartContentTypeIsMalformed(t *testing.T) {
	part := "Content-Disposition: form-data; name=\"a\"\r\nContent-Type: text/plain; charset=utf-8; charset=windows-1252\r\n\r\n\xe9"
	_, err := readForm(t, mp(part), nil)
	if !errors.Is(err, ErrBadHeader) || !errors.Is(err, ErrMalformed) {
		t.Fatalf("err = %v, want ErrBadHeader", err)
	}
	if strings.ContainsAny(err.Error(), "\r\n") {
		t.Errorf("message not one line: %q", err)
	}
}
