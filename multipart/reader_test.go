package multipart

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/webob-go/webob/internal/race"
)

const tb = "xYzZY" // test boundary

// mp joins raw parts (each "headers\r\n\r\nbody") into a CRLF body with the
// test boundary.
func mp(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString("--" + tb + "\r\n" + p + "\r\n")
	}
	b.WriteString("--" + tb + "--\r\n")
	return b.String()
}

func field(name, value string) string {
	return `Content-Disposition: form-data; name="` + name + "\"\r\n\r\n" + value
}

func file(name, filename, ct, content string) string {
	return `Content-Disposition: form-data; name="` + name + `"; filename="` + filename +
		"\"\r\nContent-Type: " + ct + "\r\n\r\n" + content
}

func readForm(t testing.TB, body string, lim *Limits) (*Form, error) {
	t.Helper()
	if lim == nil {
		lim = &Limits{}
	}
	if lim.TempDir == "" {
		lim.TempDir = t.TempDir()
	}
	f, err := ReadForm(strings.NewReader(body), tb, lim)
	if f != nil {
		t.Cleanup(func() { f.RemoveAll() })
	}
	return f, err
}

func content(t testing.TB, f *File) string {
	t.Helper()
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// checkTyped fails unless err is nil, a *LimitError or wraps ErrMalformed.
func checkTyped(t testing.TB, err error) {
	t.Helper()
	var le *LimitError
	if err != nil && !errors.Is(err, ErrMalformed) && !errors.As(err, &le) {
		t.Fatalf("untyped error %T: %v", err, err)
	}
}

func TestReadFormBasic(t *testing.T) {
	body := "preamble\r\n" + mp(
		field("a", "1"),
		field("b", "two\r\nlines"),
		file("f", "x.txt", "text/plain", "hello"),
		field("a", ""),
	) + "epilogue"
	f, err := readForm(t, body, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Field{{"a", "1"}, {"b", "two\r\nlines"}, {"a", ""}}
	if len(f.Fields) != len(want) {
		t.Fatalf("fields %q", f.Fields)
	}
	for i := range want {
		if f.Fields[i] != want[i] {
			t.Errorf("field %d = %q, want %q", i, f.Fields[i], want[i])
		}
	}
	if f.Value("a") != "1" || f.Value("zz") != "" || len(f.Values("a")) != 2 {
		t.Errorf("Value/Values wrong")
	}
	fh := f.FileFor("f")
	if fh == nil || fh.Filename != "x.txt" || fh.ContentType != "text/plain" || fh.Size != 5 || fh.OnDisk() {
		t.Fatalf("file %+v", fh)
	}
	if got := content(t, fh); got != "hello" {
		t.Errorf("content %q", got)
	}
	if fh.Header.Get("Content-Type") != "text/plain" {
		t.Errorf("header %v", fh.Header)
	}
	if f.FileFor("a") != nil || len(f.FilesFor("f")) != 1 {
		t.Error("FileFor/FilesFor wrong")
	}
}

func TestStreamingReader(t *testing.T) {
	body := mp(field("a", "1"), file("f", `C:\a\b.doc`, "application/msword", strings.Repeat("z", 100000)), field("c", "3"))
	r := NewReader(strings.NewReader(body), tb, nil)
	p, err := r.NextPart()
	if err != nil || p.Name != "a" || p.IsFile {
		t.Fatalf("%+v %v", p, err)
	}
	b, _ := io.ReadAll(p)
	if string(b) != "1" {
		t.Errorf("a = %q", b)
	}
	p, err = r.NextPart()
	if err != nil || p.Name != "f" || !p.IsFile || p.Filename != "b.doc" || p.ContentType != "application/msword" {
		t.Fatalf("%+v %v", p, err)
	}
	var buf bytes.Buffer
	n, err := io.Copy(&buf, p)
	if err != nil || n != 100000 || buf.String() != strings.Repeat("z", 100000) {
		t.Fatalf("copy %d %v", n, err)
	}
	// c is skipped unread by NextPart.
	old := p
	p, err = r.NextPart()
	if err != nil || p.Name != "c" {
		t.Fatal(p, err)
	}
	if n, err := old.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		t.Errorf("stale part read %d %v", n, err)
	}
	if _, err := r.NextPart(); err != io.EOF {
		t.Fatalf("want EOF, got %v", err)
	}
	if _, err := r.NextPart(); err != io.EOF {
		t.Fatalf("want EOF again, got %v", err)
	}
	if r.BytesRead() != int64(len(body)) {
		t.Errorf("BytesRead %d, want %d", r.BytesRead(), len(body))
	}
}

func TestReaderSmallReads(t *testing.T) {
	body := mp(field("a", "value one"), file("f", "x", "text/plain", "\r\n--"+tb+"X not a delimiter \r\n-"), field("b", "\r\r\n\n-"))
	for name, src := range map[string]func() io.Reader{
		"onebyte": func() io.Reader { return iotest.OneByteReader(strings.NewReader(body)) },
		"half":    func() io.Reader { return iotest.HalfReader(strings.NewReader(body)) },
		"dataerr": func() io.Reader { return iotest.DataErrReader(strings.NewReader(body)) },
	} {
		f, err := ReadForm(src(), tb, &Limits{TempDir: t.TempDir()})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if f.Value("a") != "value one" || f.Value("b") != "\r\r\n\n-" {
			t.Errorf("%s: fields %q", name, f.Fields)
		}
		if got := content(t, f.Files[0]); got != "\r\n--"+tb+"X not a delimiter \r\n-" {
			t.Errorf("%s: file %q", name, got)
		}
	}
}

func TestDelimiterForms(t *testing.T) {
	tests := []struct {
		name, body string
		fields     []Field
		err        error
	}{
		{"padding", "--" + tb + " \t\r\n" + field("a", "1") + "\r\n--" + tb + "  \r\n" + field("b", "2") + "\r\n--" + tb + "--  \r\n", []Field{{"a", "1"}, {"b", "2"}}, nil},
		{"no final CRLF", "--" + tb + "\r\n" + field("a", "1") + "\r\n--" + tb + "--", []Field{{"a", "1"}}, nil},
		{"LF only", "--" + tb + "\n" + "Content-Disposition: form-data; name=a\n\n1\n--" + tb + "\nContent-Disposition: form-data; name=b\n\n2\r\n--" + tb + "--\n", []Field{{"a", "1"}, {"b", "2\r"}}, nil},
		{"empty form", "--" + tb + "--\r\n", nil, nil},
		{"empty body", "", nil, ErrTruncated},
		{"preamble lookalike", "--" + tb + "X\r\n--" + tb + "\r\n" + field("a", "1") + "\r\n--" + tb + "--", []Field{{"a", "1"}}, nil},
		{"body lookalike", mp(field("a", "x\r\n--"+tb+"-y\r\n--"+tb+"Z")), []Field{{"a", "x\r\n--" + tb + "-y\r\n--" + tb + "Z"}}, nil},
		{"no close", "--" + tb + "\r\n" + field("a", "1") + "\r\n", nil, ErrTruncated},
		{"ends in delimiter", "--" + tb + "\r\n" + field("a", "1") + "\r\n--" + tb, nil, ErrTruncated},
		{"ends in delimiter CR", "--" + tb + "\r\n" + field("a", "1") + "\r\n--" + tb + "\r", nil, ErrTruncated},
		{"ends in header", "--" + tb + "\r\nContent-Disposition: form-data; name=a\r\n", nil, ErrTruncated},
		{"garbage after delimiter", "--" + tb + " x\r\n" + field("a", "1") + "\r\n--" + tb + "--", nil, ErrBadDelimiter},
		{"no boundary in body", "hello world", nil, ErrTruncated},
		{"close then epilogue", mp(field("a", "1")) + "--" + tb + "\r\n" + field("b", "2"), []Field{{"a", "1"}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := readForm(t, tt.body, nil)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err != nil {
				if f != nil {
					t.Error("form returned with error")
				}
				return
			}
			if len(f.Fields) != len(tt.fields) {
				t.Fatalf("fields %q, want %q", f.Fields, tt.fields)
			}
			for i := range tt.fields {
				if f.Fields[i] != tt.fields[i] {
					t.Errorf("field %d = %q, want %q", i, f.Fields[i], tt.fields[i])
				}
			}
		})
	}
}

func TestPartHeaders(t *testing.T) {
	tests := []struct {
		name, header string
		err          error
		check        func(*Part) bool
	}{
		{"plain", `Content-Disposition: form-data; name="a"`, nil, func(p *Part) bool { return p.Name == "a" && !p.IsFile }},
		{"token name", `Content-Disposition: form-data; name=a`, nil, func(p *Part) bool { return p.Name == "a" }},
		{"case", `content-disposition: FORM-DATA; NAME="a"`, nil, func(p *Part) bool { return p.Name == "a" }},
		{"quoted-pair", `Content-Disposition: form-data; name="a\"b"; filename="x\\y"`, nil, func(p *Part) bool { return p.Name == `a"b` && p.Filename == "y" }},
		{"utf8 filename", "Content-Disposition: form-data; name=f; filename=\"\xc3\xa4.txt\"", nil, func(p *Part) bool { return p.Filename == "ä.txt" }},
		{"empty filename", `Content-Disposition: form-data; name=f; filename=""`, nil, func(p *Part) bool { return p.IsFile && p.Filename == "" }},
		{"folded", "Content-Disposition: form-data;\r\n name=\"a\"", nil, func(p *Part) bool { return p.Name == "a" }},
		{"other headers repeat", "X-A: 1\r\nContent-Disposition: form-data; name=a\r\nX-A: 2", nil, func(p *Part) bool { return len(p.Header["X-A"]) == 2 && p.Header.Get("X-A") == "1" }},
		{"LF lines", "X-A: 1\nContent-Disposition: form-data; name=a", nil, func(p *Part) bool { return p.Name == "a" }},
		{"traversal", `Content-Disposition: form-data; name=f; filename="../../x"`, nil, func(p *Part) bool { return p.Filename == "x" }},
		{"windows", `Content-Disposition: form-data; name=f; filename="C:\\a\\b.doc"`, nil, func(p *Part) bool { return p.Filename == "b.doc" }},
		{"dotdot", `Content-Disposition: form-data; name=f; filename=".."`, nil, func(p *Part) bool { return p.IsFile && p.Filename == "" }},
		{"filename* ignored", `Content-Disposition: form-data; name=f; filename="safe.txt"; filename*=UTF-8''evil.php`, nil, func(p *Part) bool { return p.Filename == "safe.txt" }},
		{"filename* alone", `Content-Disposition: form-data; name=f; filename*=UTF-8''evil.php`, nil, func(p *Part) bool { return !p.IsFile && p.Filename == "" }},
		{"white space around =", `Content-Disposition: form-data; name = "a"; filename= "b.txt"`, nil, func(p *Part) bool { return p.Name == "a" && p.IsFile && p.Filename == "b.txt" }},
		{"charset", "Content-Disposition: form-data; name=a\r\nContent-Type: text/plain; charset=ISO-8859-1", nil, func(p *Part) bool { return p.Charset() == "iso-8859-1" }},

		{"no disposition", "Content-Type: text/plain", ErrNoName, nil},
		{"no headers", "", ErrNoName, nil},
		{"no name", `Content-Disposition: form-data; filename="x"`, ErrNoName, nil},
		{"empty name", `Content-Disposition: form-data; name=""`, ErrNoName, nil},
		{"attachment", `Content-Disposition: attachment; name="a"`, ErrBadDisposition, nil},
		{"bad disposition", `Content-Disposition: form-data; name="a`, ErrBadDisposition, nil},
		{"duplicate param", `Content-Disposition: form-data; name="a"; filename="x"; filename="y.php"`, ErrBadDisposition, nil},
		{"duplicate disposition", "Content-Disposition: form-data; name=a\r\nContent-Disposition: form-data; name=b", ErrDuplicateHeader, nil},
		{"duplicate type", "Content-Disposition: form-data; name=a\r\nContent-Type: text/plain\r\ncontent-type: image/png", ErrDuplicateHeader, nil},
		{"no colon", "Content-Disposition form-data", ErrBadHeader, nil},
		{"space before colon", "Content-Disposition : form-data; name=a", ErrBadHeader, nil},
		{"continuation first", " Content-Disposition: form-data; name=a", ErrBadHeader, nil},
		{"NUL", "Content-Disposition: form-data; name=a\x00", ErrBadHeader, nil},
		{"bare CR", "Content-Disposition: form-data;\r name=a", ErrBadHeader, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := "--" + tb + "\r\n" + tt.header + "\r\n\r\nv\r\n--" + tb + "--\r\n"
			if tt.header == "" {
				body = "--" + tb + "\r\n\r\nv\r\n--" + tb + "--\r\n"
			}
			r := NewReader(strings.NewReader(body), tb, nil)
			p, err := r.NextPart()
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err != nil {
				if !errors.Is(err, ErrMalformed) {
					t.Errorf("%v does not wrap ErrMalformed", err)
				}
				if _, err2 := r.NextPart(); err2 != err {
					t.Errorf("error not sticky: %v", err2)
				}
				return
			}
			if !tt.check(p) {
				t.Errorf("part %+v", p)
			}
		})
	}
}

func TestBadBoundary(t *testing.T) {
	for _, b := range []string{"", strings.Repeat("a", 71), "a ", "a\r\nb", "\x00", "é"} {
		_, err := ReadForm(strings.NewReader("--"+b+"\r\n"), b, nil)
		if !errors.Is(err, ErrBadBoundary) && !errors.Is(err, ErrNoBoundary) {
			t.Errorf("%q: %v", b, err)
		}
	}
	if _, err := ReadForm(strings.NewReader(""), "", nil); !errors.Is(err, ErrNoBoundary) {
		t.Errorf("empty boundary: %v", err)
	}
	b := strings.Repeat("a", 70)
	body := "--" + b + "\r\n" + field("a", "1") + "\r\n--" + b + "--"
	if f, err := ReadForm(strings.NewReader(body), b, nil); err != nil || f.Value("a") != "1" {
		t.Errorf("70-byte boundary: %v", err)
	}
}

func TestParseBoundary(t *testing.T) {
	tests := []struct {
		ct, want string
		err      error
	}{
		{"multipart/form-data; boundary=abc", "abc", nil},
		{`Multipart/Form-Data; charset=utf-8; BOUNDARY="a b:c"`, "a b:c", nil},
		{"multipart/form-data; boundary=----WebKitFormBoundaryjdSFhcARk8fyGNy6", "----WebKitFormBoundaryjdSFhcARk8fyGNy6", nil},
		{"multipart/form-data", "", ErrNoBoundary},
		{"multipart/form-data; boundary=", "", ErrBadBoundary},
		{`multipart/form-data; boundary="abc`, "", ErrBadBoundary},
		{`multipart/form-data; boundary=a; boundary=b`, "", ErrBadBoundary},
		{`multipart/form-data; boundary="` + strings.Repeat("x", 71) + `"`, "", ErrBadBoundary},
		{"multipart/mixed; boundary=abc", "", ErrNotMultipart},
		{"application/x-www-form-urlencoded", "", ErrNotMultipart},
		{"", "", ErrNotMultipart},
	}
	for _, tt := range tests {
		got, err := ParseBoundary(tt.ct)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("ParseBoundary(%q) = %q, %v; want %q, %v", tt.ct, got, err, tt.want, tt.err)
		}
	}
}

func TestCheckContentLength(t *testing.T) {
	lim := &Limits{MaxBodyBytes: 100}
	tests := []struct {
		v    string
		want int64
		err  error
	}{
		{"", -1, nil},
		{"0", 0, nil},
		{"100", 100, nil},
		{"100, 100", 100, nil},
		{"101", 0, ErrLimit},
		{"99999999999999999999999", 0, ErrBadContentLength},
		{"-1", 0, ErrBadContentLength},
		{"-0", 0, ErrBadContentLength},
		{"+5", 0, ErrBadContentLength},
		{"5x", 0, ErrBadContentLength},
		{"0x10", 0, ErrBadContentLength},
		{"1 2", 0, ErrBadContentLength},
		{"1, 2", 0, ErrBadContentLength},
	}
	for _, tt := range tests {
		got, err := CheckContentLength(tt.v, lim)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("CheckContentLength(%q) = %d, %v; want %d, %v", tt.v, got, err, tt.want, tt.err)
		}
		if err != nil && !errors.Is(err, ErrMalformed) && !errors.Is(err, ErrLimit) {
			t.Errorf("%q: untyped %v", tt.v, err)
		}
	}
	var le *LimitError
	if _, err := CheckContentLength("101", lim); !errors.As(err, &le) || le.Limit != "MaxBodyBytes" || le.Max != 100 {
		t.Errorf("limit error %v", err)
	}
}

type manifestFile struct {
	Field       string  `json:"field"`
	Filename    string  `json:"filename"`
	ContentType *string `json:"content_type"`
	Content     *string `json:"content"`
}

type manifestCase struct {
	Dir      string            `json:"dir"`
	File     string            `json:"file"`
	Boundary string            `json:"boundary"`
	Files    []manifestFile    `json:"files"`
	Fields   map[string]string `json:"fields"`
}

// TestBrowserCorpus reads real browser uploads and checks every case of
// manifest.json exactly.
func TestBrowserCorpus(t *testing.T) {
	raw, err := os.ReadFile("testdata/browser/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var m struct{ Cases []manifestCase }
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Cases) != 6 {
		t.Fatalf("%d cases", len(m.Cases))
	}
	for _, c := range m.Cases {
		name := c.Dir + c.File
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("testdata/browser", c.Dir, "request.http")
			if c.File != "" {
				path = filepath.Join("testdata/browser", c.File)
			}
			body, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			for _, small := range []bool{false, true} {
				var src io.Reader = bytes.NewReader(body)
				if small {
					src = iotest.OneByteReader(src)
				}
				// A low threshold sends the larger files to disk.
				f, err := ReadForm(src, c.Boundary, &Limits{TempDir: t.TempDir(), MemoryThreshold: 600})
				if err != nil {
					t.Fatal(err)
				}
				defer f.RemoveAll()
				if c.Fields != nil {
					if len(f.Fields) != len(c.Fields) {
						t.Errorf("fields %q, want %q", f.Fields, c.Fields)
					}
					for k, v := range c.Fields {
						if got := f.Value(k); got != v {
							t.Errorf("field %s = %q, want %q", k, got, v)
						}
					}
				}
				if len(f.Files) != len(c.Files) {
					t.Fatalf("%d files, want %d", len(f.Files), len(c.Files))
				}
				for i, want := range c.Files {
					got := f.Files[i]
					if got.FieldName != want.Field || got.Filename != want.Filename {
						t.Errorf("file %d: %q %q, want %q %q", i, got.FieldName, got.Filename, want.Field, want.Filename)
					}
					if want.ContentType != nil && got.ContentType != *want.ContentType {
						t.Errorf("file %d content type %q, want %q", i, got.ContentType, *want.ContentType)
					}
					if want.Content != nil {
						exp, err := os.ReadFile(filepath.Join("testdata/browser", c.Dir, *want.Content))
						if err != nil {
							t.Fatal(err)
						}
						if g := content(t, got); g != string(exp) || got.Size != int64(len(exp)) {
							t.Errorf("file %d: %d bytes differ from %s (%d bytes)", i, len(g), *want.Content, len(exp))
						}
					}
				}
			}
		})
	}
}

// TestIE7FullPath checks the IE 7 body, sent with bare LF line breaks,
// field by field.
func TestIE7FullPath(t *testing.T) {
	body, err := os.ReadFile("testdata/browser/ie7_full_path_request.http")
	if err != nil {
		t.Fatal(err)
	}
	f, err := ReadForm(bytes.NewReader(body), "---------------------------7da36d1b4a0164", &Limits{TempDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	want := []Field{{"file-form-submit-flag", "submitted"}, {"categoryId", "2"}, {"title", "2010"},
		{"description", "Minutes from the 2010 Town council"}, {"submit", "Submit"}}
	if len(f.Fields) != len(want) {
		t.Fatalf("fields %q", f.Fields)
	}
	for i := range want {
		if f.Fields[i] != want[i] {
			t.Errorf("field %d = %q, want %q", i, f.Fields[i], want[i])
		}
	}
	if fh := f.Files[0]; fh.ContentType != "application/msword" || !strings.HasPrefix(content(t, fh), "\xd0\xcf\x11\xe0") {
		t.Errorf("file %+v", fh)
	}
}

// TestSeeds requires every copied go-fuzz seed to parse or fail with a
// typed error, whole and in one-byte reads, with the same outcome.
func TestSeeds(t *testing.T) {
	seeds := loadSeeds(t)
	if len(seeds) != 100 {
		t.Fatalf("%d seeds", len(seeds))
	}
	ok := 0
	for name, data := range seeds {
		lim := &Limits{TempDir: t.TempDir(), MemoryThreshold: 16}
		f1, err1 := ReadForm(bytes.NewReader(data), seedBoundary, lim)
		checkTyped(t, err1)
		f2, err2 := ReadForm(iotest.OneByteReader(bytes.NewReader(data)), seedBoundary, lim)
		if (err1 == nil) != (err2 == nil) || (err1 != nil && err1.Error() != err2.Error()) {
			t.Errorf("%s: whole %v, one-byte %v", name, err1, err2)
		}
		if err1 == nil {
			ok++
			if len(f1.Fields) != len(f2.Fields) || len(f1.Files) != len(f2.Files) {
				t.Errorf("%s: forms differ", name)
			}
			f1.RemoveAll()
			f2.RemoveAll()
		}
	}
	t.Logf("%d of %d seeds parse", ok, len(seeds))
}

const seedBoundary = "dfhjksd23f43242f43fv4b4g2g2g23vf2"

func loadSeeds(t testing.TB) map[string][]byte {
	ents, err := os.ReadDir("testdata/seeds")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, e := range ents {
		if e.Name() == "LICENSE" {
			continue
		}
		b, err := os.ReadFile(filepath.Join("testdata/seeds", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		m[e.Name()] = b
	}
	return m
}

// TestReaderLinear reads ~1 MB pathological bodies with the limits off:
// each must finish well within a generous bound.
func TestReaderLinear(t *testing.T) {
	const mb = 1 << 20
	off := &Limits{MaxHeaderBytes: -1, MaxHeaderLines: -1, MaxValueBytes: -1, MaxPreambleBytes: -1, MaxParts: -1}
	open := "--" + tb + "\r\n"
	hdr := open + field("a", "")
	var params strings.Builder
	for i := 0; params.Len() < mb; i++ {
		params.WriteString("; p" + strconv.Itoa(i) + "=1")
	}
	cases := map[string]string{
		"false delimiters":   hdr + strings.Repeat("\r\n--"+tb+"X", mb/10) + "\r\n--" + tb + "--",
		"CR LF dash":         hdr + strings.Repeat("\r\n-", mb/3) + "\r\n--" + tb + "--",
		"CRs":                hdr + strings.Repeat("\r", mb) + "\r\n--" + tb + "--",
		"partial delimiters": hdr + strings.Repeat("\r\n--"+tb[:len(tb)-1], mb/8) + "\r\n--" + tb + "--",
		"preamble lookalike": strings.Repeat("\n--"+tb[:len(tb)-1], mb/8) + "\r\n" + mp(field("a", "1")),
		"continuations":      open + "X-Long: a" + strings.Repeat("\r\n x", mb/4) + "\r\n" + field("a", "v") + "\r\n--" + tb + "--",
		"many params":        open + "Content-Disposition: form-data; name=a" + params.String() + "\r\n\r\nv\r\n--" + tb + "--",
		"many headers":       open + strings.Repeat("X-A: b\r\n", mb/8) + field("a", "v") + "\r\n--" + tb + "--",
		"many parts":         mp(nFields(mb / 50)...),
		"padding":            open + field("a", "1") + "\r\n--" + tb + strings.Repeat(" ", mb) + "\r\n" + field("b", "2") + "\r\n--" + tb + "--",
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			begin := time.Now()
			f, err := ReadForm(strings.NewReader(body), tb, off)
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Fields) == 0 {
				t.Error("no fields")
			}
			if d := time.Since(begin); d > race.TimeBound {
				t.Errorf("took %v", d)
			}
		})
	}
}

// TestReadFormAllocs pins the allocations of reading text fields: the
// header block, the Content-Disposition parameters and the value, per
// field.
func TestReadFormAllocs(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts are off under the race detector")
	}
	body := mp(nFields(100)...)
	n := testing.AllocsPerRun(20, func() {
		if _, err := ReadForm(strings.NewReader(body), tb, nil); err != nil {
			t.Fatal(err)
		}
	})
	t.Logf("%v allocations for 100 fields", n)
	if n > 3*100+20 {
		t.Errorf("%v allocations for 100 fields", n)
	}
}

// TestPartTinyReads reads a 1 MiB part one byte per call: the scan result
// is remembered, so this stays linear.
func TestPartTinyReads(t *testing.T) {
	const size = 1 << 20
	body := mp(file("f", "f", "t/p", strings.Repeat("a\r\n-", size/4)))
	r := NewReader(strings.NewReader(body), tb, nil)
	p, err := r.NextPart()
	if err != nil {
		t.Fatal(err)
	}
	begin := time.Now()
	b, err := io.ReadAll(iotest.OneByteReader(p))
	if err != nil || len(b) != size {
		t.Fatalf("%d bytes, %v", len(b), err)
	}
	if d := time.Since(begin); d > race.TimeBound {
		t.Errorf("took %v", d)
	}
	if _, err := r.NextPart(); err != io.EOF {
		t.Errorf("end: %v", err)
	}
}
