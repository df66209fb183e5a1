package headers

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/webob-go/webob/internal/race"
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
		// A quoted filename* is not RFC 8187: it is left out, so it is
		// neither used nor written back bare (which would make it valid).
		{in: `attachment; filename*="UTF-8''a%20b.txt"`, typ: "attachment", filename: ""},
		{in: `attachment; filename*="UTF-8''a%20b.txt"; filename=b.txt`, typ: "attachment",
			params: Params{{"filename", "b.txt"}}, filename: "b.txt"},
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
	if race.Enabled {
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

// TestContentDispositionAllowsWhiteSpaceAroundEquals: RFC 6266 §4.1 is
// written with RFC 2616's implied linear white space, so white space on
// either side of a parameter's "=" is allowed (greenbytes tc2231
// attwithasciifilenamews1, attwithfn2231ws2, attwithfn2231ws3).
func TestContentDispositionAllowsWhiteSpaceAroundEquals(t *testing.T) {
	tests := []struct{ in, filename string }{
		{`attachment; filename ="foo.html"`, "foo.html"},
		{`attachment; filename= "foo.html"`, "foo.html"},
		{"attachment; filename \t=\t \"foo.html\" ; x=1", "foo.html"},
		{`attachment; filename = foo.html`, "foo.html"},
		{"attachment; filename*= UTF-8''foo-%c3%a4.html", "foo-ä.html"},
		{"attachment; filename* =UTF-8''foo-%c3%a4.html", "foo-ä.html"},
		{"attachment; filename* = UTF-8''foo-%c3%a4.html", "foo-ä.html"},
	}
	for _, tt := range tests {
		cd, err := ParseContentDisposition(tt.in)
		if err != nil || cd.Type != "attachment" || cd.Filename() != tt.filename {
			t.Errorf("%q: got %+v filename %q, %v; want %q", tt.in, cd, cd.Filename(), err, tt.filename)
		}
	}
	// The white space is not a way around the rest of the grammar.
	for _, in := range []string{
		`attachment; filename *=UTF-8''foo-%c3%a4.html`, // "filename *" is not a name
		`attachment; filename = `,
		`attachment; filename = ; x=1`,
		`attachment; filename = a b`,
		`attachment; filename ="a"; FILENAME = "b"`,
	} {
		if cd, err := ParseContentDisposition(in); !errors.Is(err, ErrInvalidContentDisposition) {
			t.Errorf("%q: got %+v, %v; want ErrInvalidContentDisposition", in, cd, err)
		}
	}
}

// TestContentDispositionIgnoresQuotedExtValue: RFC 8187 §3.2.1 gives an
// ext-value no quoted form, so a quoted filename* is invalid and ignored
// (greenbytes tc2231 attwithfn2231quot, attwithfn2231quot2); it must never
// be written back bare, which would turn it into a valid one.
func TestContentDispositionIgnoresQuotedExtValue(t *testing.T) {
	for _, in := range []string{
		`attachment; filename*="UTF-8''foo-%c3%a4.html"`,
		`attachment; filename*="foo%20bar.html"`,
		`attachment; filename*= "UTF-8''foo-%c3%a4.html"`,
		`attachment; x*="UTF-8''a"`,
	} {
		cd, err := ParseContentDisposition(in)
		if err != nil || cd.Type != "attachment" || cd.Filename() != "" || len(cd.Params) != 0 {
			t.Errorf("%q: got %+v filename %q, %v; want it ignored", in, cd, cd.Filename(), err)
			continue
		}
		if s := cd.String(); s != "attachment" {
			t.Errorf("%q: written back as %q", in, s)
		}
	}
	cd, err := ParseContentDisposition(`attachment; filename*="UTF-8''foo-%c3%a4.html"; filename="fallback.html"`)
	if err != nil || cd.Filename() != "fallback.html" || cd.String() != `attachment; filename=fallback.html` {
		t.Errorf("with fallback: %+v %q, %v", cd, cd.String(), err)
	}
	// Ignored, but still a duplicate.
	if _, err := ParseContentDisposition(`attachment; filename*="x"; filename*=UTF-8''a`); !errors.Is(err, ErrDuplicateParam) {
		t.Errorf("duplicate after an ignored filename*: %v", err)
	}
}

// TestContentDispositionIgnoresMalformedExtValue: a bare ext-parameter
// that is not a well-formed ext-value is ignored too, so one bad parameter
// no longer makes the whole parsed value impossible to write back.
func TestContentDispositionIgnoresMalformedExtValue(t *testing.T) {
	for _, in := range []string{
		`attachment; filename*=''foo-%c3%a4.html; filename=a.html`,     // no charset
		`attachment; filename*=UTF-8'foo-%c3%a4.html; filename=a.html`, // one quote
		`attachment; filename*=UTF-8''foo%; filename=a.html`,
		`attachment; filename*=UTF-8''f%oo.html; filename=a.html`,
	} {
		cd, err := ParseContentDisposition(in)
		if err != nil || cd.Filename() != "a.html" || cd.Params.Has("filename*") || cd.String() != "attachment; filename=a.html" {
			t.Errorf("%q: got %+v %q, %v", in, cd, cd.String(), err)
		}
	}
}

// TestContentDispositionGreenbytes runs the cases of
// https://test.greenbytes.de/tech/tc2231/ that this parser can express:
// want is the file name, "-" when the value must be refused.
func TestContentDispositionGreenbytes(t *testing.T) {
	tests := []struct{ id, in, typ, want string }{
		{"inlonly", `inline`, "inline", ""},
		{"inlonlyquoted", `"inline"`, "", "-"},
		{"inlwithasciifilename", `inline; filename="foo.html"`, "inline", "foo.html"},
		{"attonly", `attachment`, "attachment", ""},
		{"attonlyquoted", `"attachment"`, "", "-"},
		{"attonlyucase", `ATTACHMENT`, "attachment", ""},
		{"attwithasciifilename", `attachment; filename="foo.html"`, "attachment", "foo.html"},
		{"attwithasciifnescapedquote", `attachment; filename="\"quoting\" tested.html"`, "attachment", `"quoting" tested.html`},
		{"attwithquotedsemicolon", `attachment; filename="Here's a semicolon;.html"`, "attachment", "Here's a semicolon;.html"},
		{"attwithfilenameandextparam", `attachment; foo="bar"; filename="foo.html"`, "attachment", "foo.html"},
		{"attwithfilenameandextparamescaped", `attachment; foo="\"\\";filename="foo.html"`, "attachment", "foo.html"},
		{"attwithasciifilenameucase", `attachment; FILENAME="foo.html"`, "attachment", "foo.html"},
		{"attwithasciifilenamenq", `attachment; filename=foo.html`, "attachment", "foo.html"},
		{"attwithtokfncommanq", `attachment; filename=foo,bar.html`, "", "-"},
		{"attwithasciifilenamenqws", `attachment; filename=foo bar.html`, "", "-"},
		{"attwithfntokensq", `attachment; filename='foo.bar'`, "attachment", "'foo.bar'"},
		{"attwithfnrawpctenca", `attachment; filename="foo-%41.html"`, "attachment", "foo-%41.html"},
		{"attwithfnusingpct", `attachment; filename="50%.html"`, "attachment", "50%.html"},
		{"attwithnamepct", `attachment; name="foo-%41.html"`, "attachment", ""},
		{"attwithasciifilenamews1", `attachment; filename ="foo.html"`, "attachment", "foo.html"},
		{"attwith2filenames", `attachment; filename="foo.html"; filename="bar.html"`, "", "-"},
		{"attfnbrokentoken", `attachment; filename=foo[1](2).html`, "", "-"},
		{"attmissingdisposition", `filename=foo.html`, "", "-"},
		{"attmissingdisposition2", `x=y; filename=foo.html`, "", "-"},
		{"attmissingdisposition3", `"foo; filename=bar;baz"; filename=qux`, "", "-"},
		{"attmissingdisposition4", `filename=foo.html, filename=bar.html`, "", "-"},
		{"emptydisposition", `; filename=foo.html`, "", "-"},
		{"doublecolon", `: inline; attachment; filename=foo.html`, "", "-"},
		{"attandinline", `inline; attachment; filename=foo.html`, "", "-"},
		{"attandinline2", `attachment; inline; filename=foo.html`, "", "-"},
		{"attbrokenquotedfn", `attachment; filename="foo.html".txt`, "", "-"},
		{"attbrokenquotedfn2", `attachment; filename="bar`, "", "-"},
		{"attbrokenquotedfn3", `attachment; filename=foo"bar;baz"qux`, "", "-"},
		{"attmultinstances", `attachment; filename=foo.html, attachment; filename=bar.html`, "", "-"},
		{"attmissingdelim", `attachment; foo=foo filename=bar`, "", "-"},
		{"attmissingdelim2", `attachment; filename=bar foo=foo`, "", "-"},
		{"attmissingdelim3", `attachment filename=bar`, "", "-"},
		{"attreversed", `filename=foo.html; attachment`, "", "-"},
		{"attconfusedparam", `attachment; xfilename=foo.html`, "attachment", ""},
		{"attabspath", `attachment; filename="/foo.html"`, "attachment", "/foo.html"},
		{"attcdate", `attachment; creation-date="Wed, 12 Feb 1997 16:29:51 -0500"`, "attachment", ""},
		{"dispext", `foobar`, "foobar", ""},
		{"dispextbadfn", `attachment; example="filename=example.txt"`, "attachment", ""},
		{"attwithisofn2231iso", `attachment; filename*=iso-8859-1''foo-%E4.html`, "attachment", "foo-ä.html"},
		{"attwithfn2231utf8", `attachment; filename*=UTF-8''foo-%c3%a4-%e2%82%ac.html`, "attachment", "foo-ä-€.html"},
		{"attwithfn2231noc", `attachment; filename*=''foo-%c3%a4-%e2%82%ac.html`, "attachment", ""},
		{"attwithfn2231utf8comp", `attachment; filename*=UTF-8''foo-a%cc%88.html`, "attachment", "foo-a\u0308.html"},
		{"attwithfn2231iso-bad", `attachment; filename*=utf-8''foo-%E4.html`, "attachment", ""},
		{"attwithfn2231ws1", `attachment; filename *=UTF-8''foo-%c3%a4.html`, "", "-"}, // tc2231 ignores the parameter; refusing the value is stricter
		{"attwithfn2231ws2", `attachment; filename*= UTF-8''foo-%c3%a4.html`, "attachment", "foo-ä.html"},
		{"attwithfn2231ws3", `attachment; filename* =UTF-8''foo-%c3%a4.html`, "attachment", "foo-ä.html"},
		{"attwithfn2231quot", `attachment; filename*="UTF-8''foo-%c3%a4.html"`, "attachment", ""},
		{"attwithfn2231quot2", `attachment; filename*="foo%20bar.html"`, "attachment", ""},
		{"attwithfn2231singleqmissing", `attachment; filename*=UTF-8'foo-%c3%a4.html`, "attachment", ""},
		{"attwithfn2231nbadpct1", `attachment; filename*=UTF-8''foo%`, "attachment", ""},
		{"attwithfn2231nbadpct2", `attachment; filename*=UTF-8''f%oo.html`, "attachment", ""},
		{"attwithfn2231dpct", `attachment; filename*=UTF-8''A-%2541.html`, "attachment", "A-%41.html"},
		{"attwithfn2231abspathdisguised", `attachment; filename*=UTF-8''%5cfoo.html`, "attachment", `\foo.html`},
		{"attfnboth", `attachment; filename="foo-ae.html"; filename*=UTF-8''foo-%c3%a4.html`, "attachment", "foo-ä.html"},
		{"attfnboth2", `attachment; filename*=UTF-8''foo-%c3%a4.html; filename="foo-ae.html"`, "attachment", "foo-ä.html"},
		{"attnewandfn", `attachment; foobar=x; filename="foo.html"`, "attachment", "foo.html"},
		{"attrfc2047token", `attachment; filename==?ISO-8859-1?Q?foo-=E4.html?=`, "", "-"},
		{"attrfc2047quoted", `attachment; filename="=?ISO-8859-1?Q?foo-=E4.html?="`, "attachment", "=?ISO-8859-1?Q?foo-=E4.html?="},
	}
	for _, tt := range tests {
		cd, err := ParseContentDisposition(tt.in)
		if tt.want == "-" {
			if !errors.Is(err, ErrInvalidContentDisposition) {
				t.Errorf("%s %q: got %+v, %v; want ErrInvalidContentDisposition", tt.id, tt.in, cd, err)
			}
			continue
		}
		if err != nil || cd.Type != tt.typ || cd.Filename() != tt.want {
			t.Errorf("%s %q: got type %q filename %q, %v; want %q %q", tt.id, tt.in, cd.Type, cd.Filename(), err, tt.typ, tt.want)
			continue
		}
		// Parse, format, parse again: equal.
		again, err := ParseContentDisposition(cd.String())
		if err != nil || again.Type != cd.Type || !equalParams(again.Params, cd.Params) {
			t.Errorf("%s: round trip via %q: %+v, %v", tt.id, cd.String(), again, err)
		}
	}
}

func TestContentDisposition(t *testing.T) {
	tests := []struct {
		in       string
		typ      string
		filename string
		name     string
		err      bool
	}{
		// RFC 6266 §5 examples.
		{in: "Attachment; filename=example.html", typ: "attachment", filename: "example.html"},
		{in: `INLINE; FILENAME= "an example.html"`, typ: "inline", filename: "an example.html"}, // implied LWS
		{in: `INLINE; FILENAME="an example.html"`, typ: "inline", filename: "an example.html"},
		{in: "attachment; filename*= UTF-8''%e2%82%ac%20rates", typ: "attachment", filename: "€ rates"},
		{in: "attachment; filename*=UTF-8''%e2%82%ac%20rates", typ: "attachment", filename: "€ rates"},
		{in: `attachment; filename="EURO rates"; filename*=utf-8''%e2%82%ac%20rates`, typ: "attachment", filename: "€ rates"},
		{in: `form-data; name="field1"; filename="a.txt"`, typ: "form-data", filename: "a.txt", name: "field1"},
		{in: `attachment; filename*=BAD''x; filename="fallback.txt"`, typ: "attachment", filename: "fallback.txt"},
		{in: `attachment; filename="a"; filename="b"`, err: true},
		{in: ``, err: true},
		{in: `; filename=x`, err: true},
		{in: `attachment; filename="unterminated`, err: true},
	}
	for _, tt := range tests {
		cd, err := ParseContentDisposition(tt.in)
		if tt.err {
			if err == nil {
				t.Errorf("%q: no error", tt.in)
			} else if !errors.Is(err, ErrInvalidContentDisposition) {
				t.Errorf("%q: untyped error %v", tt.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.in, err)
			continue
		}
		if cd.Type != tt.typ || cd.Filename() != tt.filename || cd.Name() != tt.name {
			t.Errorf("%q: got type %q filename %q name %q", tt.in, cd.Type, cd.Filename(), cd.Name())
		}
	}
}

func TestFormatContentDispositionNeverSmuggles(t *testing.T) {
	names := []string{
		"report.pdf",
		`setup.bat";x=.txt`,
		`a\b.txt`,
		`quote"in"name.txt`,
		"semi;colon.txt",
		"crlf\r\nSet-Cookie: x=1.txt",
		"nul\x00byte.txt",
		"naïve café.txt",
		"日本語.txt",
		`both";filename*=UTF-8''evil.exe`,
		"tab\there.txt",
		" leading and trailing ",
	}
	for _, name := range names {
		v, err := FormatContentDisposition("attachment", name)
		if err != nil {
			t.Errorf("%q: %v", name, err)
			continue
		}
		if !ValidFieldValue(v) {
			t.Errorf("%q: formatted value %q is not a valid field value", name, v)
		}
		cd, err := ParseContentDisposition(v)
		if err != nil {
			t.Errorf("%q: re-parse of %q: %v", name, v, err)
			continue
		}
		for _, p := range cd.Params {
			if p.Name != "filename" && p.Name != "filename*" {
				t.Errorf("%q: smuggled parameter %q in %q", name, p.Name, v)
			}
		}
		if cd.Filename() != name {
			t.Errorf("%q: round trip gave %q via %q", name, cd.Filename(), v)
		}
	}
	if v, _ := FormatContentDisposition("inline", ""); v != "inline" {
		t.Errorf("empty filename: %q", v)
	}
	if _, err := FormatContentDisposition("bad type", "x"); err == nil {
		t.Error("invalid disposition type accepted")
	}
}

func FuzzContentDisposition(f *testing.F) {
	for _, s := range []string{`attachment; filename="a.txt"`, "inline", "x\"y;z", "é\r\n",
		`attachment; filename = "a\b.txt"`, "attachment; filename*= UTF-8''%c3%a4", `attachment; filename*="UTF-8''a"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// Parse, format, parse again: equal. Whatever parses can be
		// written (ignored ext-parameters are not kept to fail it).
		if cd, err := ParseContentDisposition(s); err == nil {
			out, err := cd.AppendFormat(nil)
			if err != nil {
				t.Fatalf("cannot format %q parsed as %+v: %v", s, cd, err)
			}
			again, err := ParseContentDisposition(string(out))
			if err != nil || again.Type != cd.Type || !slices.Equal(again.Params, cd.Params) {
				t.Fatalf("round trip %q -> %q -> %+v, %v", s, out, again, err)
			}
		} else if !errors.Is(err, ErrInvalidContentDisposition) {
			t.Fatalf("untyped error %v", err)
		}
		// Any string as a file name round-trips and smuggles nothing.
		v, err := FormatContentDisposition("attachment", s)
		if !utf8.ValidString(s) {
			if !errors.Is(err, ErrInvalidContentDisposition) {
				t.Fatalf("invalid UTF-8 name %q formatted: %q, %v", s, v, err)
			}
			return
		}
		if err != nil || !ValidFieldValue(v) {
			t.Fatalf("format %q: %q, %v", s, v, err)
		}
		cd, err := ParseContentDisposition(v)
		if err != nil || cd.Filename() != s && s != "" {
			t.Fatalf("round trip %q via %q: %q, %v", s, v, cd.Filename(), err)
		}
		if len(cd.Params) > 2 {
			t.Fatalf("smuggled params in %q", v)
		}
	})
}

func BenchmarkParseContentDisposition(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseContentDisposition(`form-data; name="file"; filename="photo.png"`)
	}
}

func BenchmarkFormatContentDisposition(b *testing.B) {
	b.ReportAllocs()
	buf := make([]byte, 0, 128)
	for b.Loop() {
		buf, _ = AppendContentDisposition(buf[:0], "attachment", "naïve café.txt")
	}
}
