package multipart

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"testing/iotest"
)

// fuzzBoundary takes the boundary from the first line of data when it
// starts with "--", so the fuzzer can vary it; otherwise it is the seeds'
// boundary.
func fuzzBoundary(data []byte) string {
	if !bytes.HasPrefix(data, []byte("--")) {
		return seedBoundary
	}
	line := data[2:]
	if i := bytes.IndexAny(line, " \t\r\n"); i >= 0 {
		line = line[:i]
	}
	if len(line) > 70 {
		line = line[:70]
	}
	return string(line)
}

type formSummary struct {
	fields []Field
	files  []fileSummary
}

type fileSummary struct {
	field, name, ct, content string
}

func summarize(t *testing.T, f *Form) formSummary {
	var s formSummary
	s.fields = f.Fields
	for _, fh := range f.Files {
		s.files = append(s.files, fileSummary{fh.FieldName, fh.Filename, fh.ContentType, content(t, fh)})
	}
	return s
}

func equalSummary(a, b formSummary, octet bool) bool {
	if !equalFields(a.fields, b.fields) || len(a.files) != len(b.files) {
		return false
	}
	for i := range a.files {
		x, y := a.files[i], b.files[i]
		if octet && x.ct == "" {
			x.ct = "application/octet-stream"
		}
		if x != y {
			return false
		}
	}
	return true
}

// FuzzReader reads arbitrary bodies: never a panic, only typed errors, the
// same result whatever the read sizes, and a round trip through the
// FormWriter for every body that parses.
func FuzzReader(f *testing.F) {
	ents, _ := os.ReadDir("testdata/seeds")
	for _, e := range ents {
		if e.Name() != "LICENSE" {
			b, _ := os.ReadFile(filepath.Join("testdata/seeds", e.Name()))
			f.Add(b)
		}
	}
	f.Add([]byte(mp(field("a", "1"), file("f", `C:\x\y.txt`, "text/plain", "z"))))
	b, _ := os.ReadFile("testdata/browser/webkit3-2png1txt/request.http")
	f.Add(b)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		boundary := fuzzBoundary(data)
		lim := &Limits{TempDir: dir, MemoryThreshold: 32, MaxParts: 50, MaxHeaderBytes: 512}
		form, err := ReadForm(bytes.NewReader(data), boundary, lim)
		checkTyped(t, err)
		form2, err2 := ReadForm(iotest.OneByteReader(bytes.NewReader(data)), boundary, lim)
		if (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) {
			t.Fatalf("whole: %v; one byte at a time: %v", err, err2)
		}
		if err != nil {
			return
		}
		defer form.RemoveAll()
		defer form2.RemoveAll()
		s1 := summarize(t, form)
		if !equalSummary(s1, summarize(t, form2), false) {
			t.Fatalf("forms differ with read sizes")
		}
		// The streaming reader sees the same parts, and the same bytes in
		// each file as its section of the form's temporary file.
		r := NewReader(bytes.NewReader(data), boundary, lim)
		n, nf := 0, 0
		for {
			p, err := r.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("streaming: %v", err)
			}
			n++
			if !p.IsFile {
				io.Copy(io.Discard, p)
				continue
			}
			b, _ := io.ReadAll(p)
			if nf >= len(s1.files) || string(b) != s1.files[nf].content {
				t.Fatalf("file %d differs from its streamed part", nf)
			}
			nf++
		}
		if n != len(form.Fields)+len(form.Files) {
			t.Fatalf("streaming saw %d parts", n)
		}
		if form.Value("_charset_") != "" {
			return // values were decoded; writing them back would decode twice
		}
		var buf bytes.Buffer
		w := NewFormWriter(&buf)
		// Form keeps fields and files apart, so write the fields first and
		// the files after them; reading back gives the same two lists.
		for _, fv := range form.Fields {
			if err := w.WriteField(fv.Name, fv.Value); err != nil {
				t.Fatalf("writing field %q: %v", fv.Name, err)
			}
		}
		for _, x := range s1.files {
			if err := w.WriteFile(x.field, x.name, x.ct, bytes.NewReader([]byte(x.content))); err != nil {
				t.Fatalf("writing file %q: %v", x.name, err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		back, err := ReadForm(&buf, w.Boundary(), &Limits{TempDir: dir, MemoryThreshold: 32})
		if err != nil {
			t.Fatalf("reading back: %v\n%q", err, buf.String())
		}
		defer back.RemoveAll()
		if !equalSummary(s1, summarize(t, back), true) {
			t.Fatalf("round trip differs:\n%+v\n%+v", s1, summarize(t, back))
		}
	})
}

// FuzzURLEncoded parses arbitrary strings strictly and leniently: never a
// panic, only typed errors, strict success agreeing with lenient, and a
// round trip through AppendURLEncoded.
func FuzzURLEncoded(f *testing.F) {
	for _, s := range []string{"", "a=1&b=2", "a=1;b=2", "x+y=%41%zz", "&&=&", "a=%", "%E4=%e4", "k"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lim := &Limits{MaxParams: 100}
		strict, err := ParseURLEncoded(s, lim)
		var le *LimitError
		var ee *EscapeError
		if err != nil && !errors.As(err, &le) && !errors.As(err, &ee) {
			t.Fatalf("untyped %v", err)
		}
		lenient, lerr := ParseURLEncodedLenient(s, lim)
		if lerr != nil && !errors.As(lerr, &le) {
			t.Fatalf("lenient: %v", lerr)
		}
		if err == nil && (lerr != nil || !equalFields(strict, lenient)) {
			t.Fatalf("strict %q, lenient %q %v", strict, lenient, lerr)
		}
		if lerr != nil {
			return
		}
		enc := string(AppendURLEncoded(nil, lenient))
		back, err := ParseURLEncoded(enc, nil)
		if err != nil || !equalFields(back, lenient) {
			t.Fatalf("round trip of %q via %q: %q %v", lenient, enc, back, err)
		}
	})
}
