package multipart

import (
	"bytes"
	"errors"
	"io"
	stdmultipart "mime/multipart"
	"net/textproto"
	"strings"
	"testing"

	"github.com/webob-go/webob/headers"
)

func TestFormWriterGolden(t *testing.T) {
	var buf bytes.Buffer
	w := NewFormWriter(&buf)
	if len(w.Boundary()) != 48 {
		t.Errorf("boundary %q", w.Boundary())
	}
	if err := w.SetBoundary("b0und"); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteField("name", "value"); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteField(`we"ird\;name`, ""); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteFile("f", "résumé \"1\".txt", "", strings.NewReader("data")); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	want := "--b0und\r\n" +
		"Content-Disposition: form-data; name=\"name\"\r\n\r\nvalue\r\n" +
		"--b0und\r\n" +
		"Content-Disposition: form-data; name=\"we\\\"ird\\\\;name\"\r\n\r\n\r\n" +
		"--b0und\r\n" +
		"Content-Disposition: form-data; name=\"f\"; filename=\"r\xc3\xa9sum\xc3\xa9 \\\"1\\\".txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%221%22.txt\r\n" +
		"Content-Type: application/octet-stream\r\n\r\ndata\r\n" +
		"--b0und--\r\n"
	if buf.String() != want {
		t.Errorf("got\n%q\nwant\n%q", buf.String(), want)
	}
	if ct := w.FormDataContentType(); ct != "multipart/form-data; boundary=b0und" {
		t.Errorf("content type %q", ct)
	}
	// Our reader and Go's read it back the same.
	f, err := readForm(t, strings.ReplaceAll(buf.String(), "b0und", tb), nil)
	if err != nil {
		t.Fatal(err)
	}
	if f.Value("name") != "value" || f.Value(`we"ird\;name`) != "" || f.Files[0].Filename != `résumé "1".txt` {
		t.Errorf("ours: %+v %+v", f.Fields, f.Files[0])
	}
	sf, err := stdmultipart.NewReader(&buf, "b0und").ReadForm(1 << 20)
	if err != nil {
		t.Fatal(err)
	}
	if sf.Value["name"][0] != "value" || sf.File["f"][0].Filename != `résumé "1".txt` {
		t.Errorf("mime/multipart: %v %+v", sf.Value, sf.File["f"][0])
	}
}

func TestFormWriterErrors(t *testing.T) {
	var buf bytes.Buffer
	w := NewFormWriter(&buf)
	for _, b := range []string{"", strings.Repeat("a", 71), "a ", "a\"b", "a\r\nb", "é"} {
		if err := w.SetBoundary(b); !errors.Is(err, ErrInvalidHeader) {
			t.Errorf("SetBoundary(%q) = %v", b, err)
		}
	}
	if err := w.SetBoundary("a b?=:"); err != nil {
		t.Fatal(err)
	}
	if ct := w.FormDataContentType(); ct != `multipart/form-data; boundary="a b?=:"` {
		t.Errorf("quoted boundary %q", ct)
	}
	for _, name := range []string{"", "a\r\nb", "a\x00", "a\nContent-Type: evil"} {
		if err := w.WriteField(name, "v"); !errors.Is(err, ErrInvalidFieldName) {
			t.Errorf("WriteField(%q) = %v", name, err)
		}
	}
	if _, err := w.CreateFormFile("f", "a\r\n.txt", ""); !errors.Is(err, ErrInvalidFilename) {
		t.Errorf("CR LF file name: %v", err)
	}
	if _, err := w.CreateFormFile("f", "a.txt", "text/plain\r\nX: y"); !errors.Is(err, ErrInvalidHeader) {
		t.Errorf("CR LF content type: %v", err)
	}
	if _, err := w.CreatePart(textproto.MIMEHeader{"Bad Name": {"x"}}); !errors.Is(err, ErrInvalidHeader) {
		t.Errorf("bad header name: %v", err)
	}
	if _, err := w.CreatePart(textproto.MIMEHeader{"X": {"a\nb"}}); !errors.Is(err, ErrInvalidHeader) {
		t.Errorf("bad header value: %v", err)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %q", buf.String())
	}
	pw, err := w.CreatePart(textproto.MIMEHeader{"Content-Disposition": {`form-data; name="x"`}, "X-B": {"2"}, "X-A": {"1"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.SetBoundary("late"); err == nil {
		t.Error("SetBoundary after a part")
	}
	pw.Write([]byte("1"))
	w.WriteField("y", "2")
	if _, err := pw.Write([]byte("late")); !errors.Is(err, ErrWriterClosed) {
		t.Errorf("write to an old part: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteField("z", "3"); !errors.Is(err, ErrWriterClosed) {
		t.Errorf("write after close: %v", err)
	}
	if !strings.Contains(buf.String(), "Content-Disposition: form-data; name=\"x\"\r\nX-A: 1\r\nX-B: 2\r\n\r\n1\r\n") {
		t.Errorf("sorted header: %q", buf.String())
	}
}

// TestFormWriterBoundaryInContent checks that content holding the
// delimiter is refused, whole, across writes, and at the part start.
func TestFormWriterBoundaryInContent(t *testing.T) {
	tests := []struct {
		name   string
		writes []string
		bad    bool
	}{
		{"clean", []string{"hello", "--bnd", "-bnd\r\n"}, false},
		{"whole", []string{"x\r\n--bnd\r\ny"}, true},
		{"LF only", []string{"x\n--bnd--"}, true},
		{"at start", []string{"--bnd"}, true},
		{"split", []string{"x\r", "\n-", "-b", "nd"}, true},
		{"split long", []string{strings.Repeat("y", 100) + "\n--b", "nd" + strings.Repeat("z", 100)}, true},
		{"at end", []string{"x\r\n--bnd"}, true},
		{"near miss", []string{"x\r\n--bn", "x\r\n-", "-bn"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewFormWriter(&buf)
			w.SetBoundary("bnd")
			pw, err := w.CreateFormField("a")
			if err != nil {
				t.Fatal(err)
			}
			var werr error
			for _, s := range tt.writes {
				if _, werr = pw.Write([]byte(s)); werr != nil {
					break
				}
			}
			if tt.bad != errors.Is(werr, ErrBoundaryInContent) {
				t.Fatalf("err = %v", werr)
			}
			if cerr := w.Close(); tt.bad != (cerr != nil) {
				t.Errorf("Close = %v", cerr)
			}
			if !tt.bad {
				f, err := ReadForm(&buf, "bnd", nil)
				if err != nil || f.Value("a") != strings.Join(tt.writes, "") {
					t.Errorf("read back %q %v", f.Fields, err)
				}
			}
		})
	}
}

func TestFormWriterEmpty(t *testing.T) {
	var buf bytes.Buffer
	w := NewFormWriter(&buf)
	w.SetBoundary("e")
	w.Close()
	if buf.String() != "--e--\r\n" {
		t.Errorf("%q", buf.String())
	}
	f, err := ReadForm(&buf, "e", nil)
	if err != nil || len(f.Fields)+len(f.Files) != 0 {
		t.Errorf("%v %v", f, err)
	}
}

func TestByteRanges(t *testing.T) {
	data := "0123456789abcdefghijklmnopqrstuvwxyz"
	spans := []headers.Span{{Start: 0, End: 4}, {Start: 10, End: 10}, {Start: 30, End: 35}}
	var buf bytes.Buffer
	bw := NewByteRangesWriter(&buf)
	if err := bw.SetBoundary("SEP"); err != nil {
		t.Fatal(err)
	}
	if bw.ContentType() != "multipart/byteranges; boundary=SEP" {
		t.Errorf("content type %q", bw.ContentType())
	}
	for _, sp := range spans {
		if err := bw.WritePart(strings.NewReader(data), sp, "text/plain", int64(len(data))); err != nil {
			t.Fatal(err)
		}
	}
	if err := bw.Close(); err != nil {
		t.Fatal(err)
	}
	want := "--SEP\r\nContent-Type: text/plain\r\nContent-Range: bytes 0-4/36\r\n\r\n01234" +
		"\r\n--SEP\r\nContent-Type: text/plain\r\nContent-Range: bytes 10-10/36\r\n\r\na" +
		"\r\n--SEP\r\nContent-Type: text/plain\r\nContent-Range: bytes 30-35/36\r\n\r\nuvwxyz" +
		"\r\n--SEP--\r\n"
	if buf.String() != want {
		t.Errorf("got\n%q\nwant\n%q", buf.String(), want)
	}
	if n := ByteRangesLength("SEP", spans, "text/plain", int64(len(data))); n != int64(len(want)) {
		t.Errorf("length %d, want %d", n, len(want))
	}
	// Go's reader agrees.
	mr := stdmultipart.NewReader(strings.NewReader(want), "SEP")
	for i, sp := range spans {
		p, err := mr.NextPart()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(p)
		if string(b) != data[sp.Start:sp.End+1] || p.Header.Get("Content-Range") != sp.ContentRange(36).String() {
			t.Errorf("part %d: %q %v", i, b, p.Header)
		}
	}
	if _, err := mr.NextPart(); err != io.EOF {
		t.Errorf("end: %v", err)
	}

	var b2 bytes.Buffer
	if err := WriteByteRanges(&b2, "SEP", strings.NewReader(data), spans, "", 36); err != nil {
		t.Fatal(err)
	}
	if n := ByteRangesLength("SEP", spans, "", 36); n != int64(b2.Len()) || strings.Contains(b2.String(), "Content-Type") {
		t.Errorf("no content type: %d vs %d, %q", n, b2.Len(), b2.String())
	}
}

func TestByteRangesErrors(t *testing.T) {
	src := strings.NewReader("0123456789")
	for _, sp := range []headers.Span{{Start: -1, End: 2}, {Start: 3, End: 2}, {Start: 5, End: 10}} {
		if err := WriteByteRanges(io.Discard, "b", src, []headers.Span{sp}, "", 10); !errors.Is(err, ErrInvalidSpan) {
			t.Errorf("%v: %v", sp, err)
		}
		if n := ByteRangesLength("b", []headers.Span{sp}, "", 10); n != -1 {
			t.Errorf("%v: length %d", sp, n)
		}
	}
	if err := WriteByteRanges(io.Discard, "b", src, []headers.Span{{Start: 0, End: 1}}, "a\r\nb", 10); !errors.Is(err, ErrInvalidHeader) {
		t.Errorf("bad content type: %v", err)
	}
	if err := WriteByteRanges(io.Discard, "b\n", src, nil, "", 10); !errors.Is(err, ErrInvalidHeader) {
		t.Errorf("bad boundary: %v", err)
	}
	// The source is shorter than it claims.
	if err := WriteByteRanges(io.Discard, "b", src, []headers.Span{{Start: 5, End: 14}}, "", 20); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("short source: %v", err)
	}
	// A failing writer makes the error sticky.
	werr := errors.New("write failed")
	bw := NewByteRangesWriter(errWriter{werr})
	if err := bw.WritePart(src, headers.Span{Start: 0, End: 1}, "", 10); err != werr {
		t.Errorf("%v", err)
	}
	if err := bw.Close(); err != werr {
		t.Errorf("Close %v", err)
	}
}

type errWriter struct{ err error }

func (e errWriter) Write([]byte) (int, error) { return 0, e.err }

// TestByteRangesStreams checks that a large range is not buffered whole.
func TestByteRangesStreams(t *testing.T) {
	const size = 8 << 20
	src := &genReaderAt{n: size}
	var largest int
	w := writerFunc(func(p []byte) (int, error) {
		largest = max(largest, len(p))
		return len(p), nil
	})
	if err := WriteByteRanges(w, "b", src, []headers.Span{{Start: 0, End: size/2 - 1}, {Start: size / 2, End: size - 1}}, "application/octet-stream", size); err != nil {
		t.Fatal(err)
	}
	if largest > 32<<10 {
		t.Errorf("wrote a %d-byte chunk", largest)
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

type genReaderAt struct{ n int64 }

func (g *genReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off >= g.n {
		return 0, io.EOF
	}
	n := min(int64(len(p)), g.n-off)
	for i := range n {
		p[i] = patternByte(off + i)
	}
	if n < int64(len(p)) {
		return int(n), io.EOF
	}
	return int(n), nil
}

// TestCreatePartTrimsWhiteSpaceAroundValues: the writer follows the
// module's one rule for header values (headers.CheckField): white space
// around a value is trimmed when written, CR, LF and NUL are refused.
func TestCreatePartTrimsWhiteSpaceAroundValues(t *testing.T) {
	var buf bytes.Buffer
	fw := NewFormWriter(&buf)
	if _, err := fw.CreatePart(textproto.MIMEHeader{"X-A": {" \tpadded\t "}}); err != nil {
		t.Fatal(err)
	}
	if _, err := fw.CreateFormFile("f", "a.txt", " text/plain "); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"\r\nX-A: padded\r\n", "\r\nContent-Type: text/plain\r\n"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("no %q in %q", want, buf.String())
		}
	}
	for _, v := range []string{"a\r\nb", "a\x00", "a\x7f"} {
		if _, err := fw.CreatePart(textproto.MIMEHeader{"X-A": {v}}); !errors.Is(err, ErrInvalidHeader) {
			t.Errorf("CreatePart(%q): %v", v, err)
		}
	}
}
