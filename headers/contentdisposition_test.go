package headers

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestContentDispositionParams(t *testing.T) {
	tests := []struct {
		in                string
		typ               string
		params            Params
		filename, dispNam string
	}{
		// RFC 6266 §5: filename* is kept raw in Params and decoded by
		// Filename, which prefers it.
		{in: `attachment; filename="EURO rates"; filename*=utf-8''%e2%82%ac%20rates`, typ: "attachment",
			params: Params{{"filename", "EURO rates"}, {"filename*", "utf-8''%e2%82%ac%20rates"}}, filename: "€ rates"},
		// Order does not matter for the preference.
		{in: `attachment; filename*=UTF-8''%C3%A9.txt; filename="e.txt"`, typ: "attachment",
			params: Params{{"filename*", "UTF-8''%C3%A9.txt"}, {"filename", "e.txt"}}, filename: "é.txt"},
		// RFC 7578 form-data: multipart reads Params "filename" itself.
		{in: `form-data; name="files"; filename="file1.txt"`, typ: "form-data",
			params: Params{{"name", "files"}, {"filename", "file1.txt"}}, filename: "file1.txt", dispNam: "files"},
		{in: `Form-Data; NAME=field`, typ: "form-data", params: Params{{"name", "field"}}, dispNam: "field"},
		// An undecodable filename* falls back to filename but stays in Params.
		{in: `attachment; filename*=UTF-8''%ff; filename=x`, typ: "attachment",
			params: Params{{"filename*", "UTF-8''%ff"}, {"filename", "x"}}, filename: "x"},
		// A quoted filename* is not RFC 8187, but it is unquoted like any
		// parameter value and then decoded.
		{in: `attachment; filename*="UTF-8''a%20b.txt"`, typ: "attachment",
			params: Params{{"filename*", "UTF-8''a%20b.txt"}}, filename: "a b.txt"},
		{in: "inline", typ: "inline"},
		{in: "x-custom; foo=bar", typ: "x-custom", params: Params{{"foo", "bar"}}},
		// Escaped backslashes are quoted-pairs (RFC 9110 §5.6.4) ...
		{in: `form-data; name=f; filename="C:\\dir\\a.txt"`, typ: "form-data",
			params: Params{{"name", "f"}, {"filename", `C:\dir\a.txt`}}, filename: `C:\dir\a.txt`, dispNam: "f"},
		// ... and so, leniently, are unescaped ones before anything but
		// '"' and '\': old IE's full paths and browsers' form-data file
		// names keep their backslashes (net/http's mime does likewise).
		{in: `form-data; name=f; filename="C:\dir\a.txt"`, typ: "form-data",
			params: Params{{"name", "f"}, {"filename", `C:\dir\a.txt`}}, filename: `C:\dir\a.txt`, dispNam: "f"},
		{in: `attachment; filename="a\b\"c\\d.txt"`, typ: "attachment",
			params: Params{{"filename", `a\b"c\d.txt`}}, filename: `a\b"c\d.txt`},
		{in: `attachment; filename="\;x=1.txt"; name="\\"`, typ: "attachment",
			params: Params{{"filename", `\;x=1.txt`}, {"name", `\`}}, filename: `\;x=1.txt`, dispNam: `\`},
	}
	for _, tt := range tests {
		cd, err := ParseContentDisposition(tt.in)
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if cd.Type != tt.typ || !equalParams(cd.Params, tt.params) || cd.Filename() != tt.filename || cd.Name() != tt.dispNam {
			t.Errorf("%q: got %q %q filename %q name %q", tt.in, cd.Type, cd.Params, cd.Filename(), cd.Name())
		}
		// Format and parse again: the same value.
		s := cd.String()
		again, err := ParseContentDisposition(s)
		if err != nil || again.Type != cd.Type || !equalParams(again.Params, cd.Params) {
			t.Errorf("%q: round trip via %q: %+v, %v", tt.in, s, again, err)
		}
	}
	bad := []string{
		"", " ", "attachment; filename=a b", "attachment filename=a", "attachment;filename", `attachment; filename="a"x`,
		"attach ment", "attachment; filename=\"a\r\nb\"", `attachment; filename="a"; FILENAME="b"`, "attachment, inline",
		// A backslash still escapes the quote: these are unterminated,
		// exactly as under the strict rule.
		`attachment; filename="a\"`, `attachment; filename="C:\dir\"; x=1`, "attachment; filename=\"a\\\x01\"",
	}
	for _, s := range bad {
		cd, err := ParseContentDisposition(s)
		if !errors.Is(err, ErrInvalidContentDisposition) || cd.Type != "" || cd.Params != nil {
			t.Errorf("%q: got %+v, %v", s, cd, err)
		}
	}
	// A filename* that is not a valid ext-value cannot be written.
	cd := ContentDisposition{Type: "attachment", Params: Params{{"filename*", "a b"}}}
	if b, err := cd.AppendFormat([]byte("k")); !errors.Is(err, ErrInvalidContentDisposition) || string(b) != "k" || cd.String() != "" {
		t.Errorf("bad filename*: %q, %v", b, err)
	}
	if (ContentDisposition{}).String() != "" || (ContentDisposition{}).Filename() != "" {
		t.Error("zero ContentDisposition")
	}
}

func equalParams(a, b Params) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestFormatContentDispositionExact pins the stronger promise: a plain
// ASCII name gives back exactly one parameter, filename, equal to the
// name; anything else gives exactly filename (a safe ASCII fallback) and
// filename* (the exact name), nothing more.
func TestFormatContentDispositionExact(t *testing.T) {
	names := []string{
		`setup.bat";x=.txt`,
		`setup.bat"; filename*=UTF-8''evil.exe`,
		`a.txt"; name="other`,
		`\";x=1`,
		`trailing\`,
		`"`,
		`\`,
		`;`,
		`=`,
		`'`,
		`%22.txt`,
		`=?utf-8?q?x.txt?=`,
		"UTF-8''looks-encoded.txt",
		"tab\tinside.txt",
		"x\r\nContent-Type: text/html\r\n\r\n<script>",
		"nul\x00.txt",
		"del\x7f.txt",
		"\u202etxt.exe", // right-to-left override
		"ファイル.pdf",
		"emoji 😀.png",
		"",
		strings.Repeat(`";`, 1000),
	}
	for _, name := range names {
		v, err := FormatContentDisposition("attachment", name)
		if err != nil {
			t.Errorf("%q: %v", name, err)
			continue
		}
		if !ValidFieldValue(v) || strings.ContainsAny(v, "\r\n\x00\x7f") {
			t.Errorf("%q: unsafe field value %q", name, v)
		}
		cd, err := ParseContentDisposition(v)
		if err != nil {
			t.Errorf("%q: reparse %q: %v", name, v, err)
			continue
		}
		if cd.Type != "attachment" || cd.Filename() != name {
			t.Errorf("%q: got type %q filename %q via %q", name, cd.Type, cd.Filename(), v)
		}
		plain := true
		for i := 0; i < len(name); i++ {
			if name[i] < 0x20 || name[i] > 0x7e {
				plain = false
			}
		}
		switch {
		case name == "":
			if len(cd.Params) != 0 {
				t.Errorf("empty name gave %q", v)
			}
		case plain:
			if len(cd.Params) != 1 || cd.Params[0].Name != "filename" || cd.Params[0].Value != name {
				t.Errorf("%q: params %q via %q", name, cd.Params, v)
			}
		default:
			if len(cd.Params) != 2 || cd.Params[0].Name != "filename" || cd.Params[1].Name != "filename*" {
				t.Errorf("%q: params %q via %q", name, cd.Params, v)
				continue
			}
			fb := cd.Params[0].Value
			for i := 0; i < len(fb); i++ {
				if fb[i] < 0x20 || fb[i] > 0x7e {
					t.Errorf("%q: fallback %q is not printable ASCII", name, fb)
					break
				}
			}
		}
	}
	for _, c := range []struct{ typ, name string }{
		{"attachment", "bad\xffutf8"},
		{"", "a"},
		{"attachment;x=1", "a"},
		{"attachment\r\n", "a"},
	} {
		if v, err := FormatContentDisposition(c.typ, c.name); !errors.Is(err, ErrInvalidContentDisposition) || v != "" {
			t.Errorf("Format(%q, %q) = %q, %v", c.typ, c.name, v, err)
		}
	}
	// The fallback: controls dropped, each non-ASCII character one "_".
	v, _ := FormatContentDisposition("inline", "na\u00efve\r\n caf\u00e9.txt")
	if want := `inline; filename="na_ve caf_.txt"; filename*=UTF-8''na%C3%AFve%0D%0A%20caf%C3%A9.txt`; v != want {
		t.Errorf("got  %s\nwant %s", v, want)
	}
}

func TestContentDispositionLinearTime(t *testing.T) {
	// A 1 MB name becomes a 4.4 MB field value (fallback plus filename*),
	// which is formatted and parsed again: allow more time, most of all
	// under the race detector, which instruments every byte appended.
	limit := 3 * time.Second
	if raceEnabled {
		limit = 15 * time.Second
	}
	name := strings.Repeat(`\"é;`, mb/5)
	within(t, limit, func() {
		v, err := FormatContentDisposition("attachment", name)
		if err != nil {
			t.Fatal(err)
		}
		cd, err := ParseContentDisposition(v)
		if err != nil || cd.Filename() != name {
			t.Errorf("1 MB name: %v", err)
		}
	})
	quoted := `attachment; filename="` + strings.Repeat(`\\`, mb/2) + `"`
	within(t, 2*time.Second, func() {
		cd, err := ParseContentDisposition(quoted)
		if err != nil || len(cd.Filename()) != mb/2 {
			t.Errorf("backslashes: %v", err)
		}
	})
}

func FuzzFormatContentDispositionExact(f *testing.F) {
	for _, s := range []string{`setup.bat";x=.txt`, "a\r\nb", "ü", `\`, ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		v, err := FormatContentDisposition("attachment", name)
		if !utf8.ValidString(name) {
			if err == nil {
				t.Fatalf("invalid UTF-8 %q formatted as %q", name, v)
			}
			return
		}
		if err != nil || !ValidFieldValue(v) {
			t.Fatalf("%q: %q, %v", name, v, err)
		}
		cd, err := ParseContentDisposition(v)
		if err != nil || cd.Filename() != name {
			t.Fatalf("%q via %q: %q, %v", name, v, cd.Filename(), err)
		}
		for _, p := range cd.Params {
			if p.Name != "filename" && p.Name != "filename*" {
				t.Fatalf("%q smuggled %q via %q", name, p.Name, v)
			}
		}
	})
}

func BenchmarkParseContentDispositionExt(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		cd, _ := ParseContentDisposition(`attachment; filename="EURO rates"; filename*=utf-8''%e2%82%ac%20rates`)
		_ = cd.Filename()
	}
}
