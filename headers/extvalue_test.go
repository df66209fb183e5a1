package headers

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// slowAttrChar is RFC 8187's attr-char, written out for clarity.
func slowAttrChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}

func TestAttrCharTableMatchesDefinition(t *testing.T) {
	for c := range 256 {
		if attrChar[c] != slowAttrChar(byte(c)) {
			t.Errorf("attrChar[%#x] = %v", c, attrChar[c])
		}
	}
}

func TestDecodeExtValueCases(t *testing.T) {
	tests := []struct {
		in, val, lang string
		ok            bool
	}{
		// The charset is case-insensitive.
		{"utf-8''a", "a", "", true},
		{"Utf-8''a", "a", "", true},
		{"iso-8859-1''%E9t%E9", "été", "", true},
		{"ISO-8859-1''%FF", "ÿ", "", true},
		{"UTF-8'en-US'x", "x", "en-US", true},
		{"UTF-8''", "", "", true},
		// Lower- and upper-case hex both decode.
		{"UTF-8''%c3%A9", "é", "", true},
		// Every attr-char stands for itself.
		{"UTF-8''!#$&+-.^_`|~aZ09", "!#$&+-.^_`|~aZ09", "", true},
		{"UTF-8''%", "", "", false},
		{"UTF-8''%4g", "", "", false},
		{"UTF-8''a'b", "", "", false},
		{"UTF-8''a*b", "", "", false},
		{"UTF-8''é", "", "", false}, // raw non-ASCII must be pct-encoded
		{"UTF-8''\"a\"", "", "", false},
		{"UTF-8'e n'a", "", "", false},
		{"UTF-8'en;x'a", "", "", false},
		{"US-ASCII''a", "", "", false}, // only the two charsets RFC 8187 requires
		{"UTF-16''%00a", "", "", false},
		{"UTF-8''%ed%a0%80", "", "", false}, // a surrogate is not UTF-8
		{"", "", "", false},
	}
	for _, tt := range tests {
		v, lang, err := DecodeExtValue(tt.in)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrInvalidExtValue)) {
			t.Errorf("%q: err = %v", tt.in, err)
			continue
		}
		if tt.ok && (v != tt.val || lang != tt.lang) {
			t.Errorf("%q: got %q %q, want %q %q", tt.in, v, lang, tt.val, tt.lang)
		}
		if err != nil && (v != "" || lang != "") {
			t.Errorf("%q: partial result %q %q on error", tt.in, v, lang)
		}
	}
}

func TestAppendExtValueCases(t *testing.T) {
	tests := []struct{ value, lang, want string }{
		{"", "", "UTF-8''"},
		{"a.txt", "", "UTF-8''a.txt"},
		{"a b'c*d%e\"f;g,h", "", "UTF-8''a%20b%27c%2Ad%25e%22f%3Bg%2Ch"},
		{"\r\n\x00\x7f", "", "UTF-8''%0D%0A%00%7F"},
		{"€", "de-CH", "UTF-8'de-CH'%E2%82%AC"},
		{"x", "en'; x=y", "UTF-8'enxy'x"}, // stray bytes in lang are dropped
	}
	for _, tt := range tests {
		got := string(AppendExtValue([]byte("p="), tt.value, tt.lang))
		if got != "p="+tt.want {
			t.Errorf("AppendExtValue(%q, %q) = %q, want %q", tt.value, tt.lang, got, tt.want)
			continue
		}
		if !ValidToken(tt.want) || !wellFormedExtValue(tt.want) {
			t.Errorf("%q is not a bare-writable ext-value", tt.want)
		}
		if v, _, err := DecodeExtValue(tt.want); err != nil || v != tt.value {
			t.Errorf("%q decodes to %q, %v", tt.want, v, err)
		}
	}
}

func TestWellFormedExtValue(t *testing.T) {
	for s, want := range map[string]bool{
		"UTF-8''a":          true,
		"KOI8-R''%C1":       true, // well formed, though not decodable here
		"UTF-8''%ff":        true,
		"UTF-8'en'":         true,
		"''a":               false,
		"UTF-8'a":           false,
		"UTF-8''a b":        false,
		"UTF-8''%f":         false,
		"UTF-8''%fg":        false,
		"UTF*8''a":          false,
		"UTF-8'e n'a":       false,
		"UTF-8''a\r\nb":     false,
		"UTF-8''\"quoted\"": false,
	} {
		if got := wellFormedExtValue(s); got != want {
			t.Errorf("wellFormedExtValue(%q) = %v", s, got)
		}
	}
}

func TestExtValueLinearTime(t *testing.T) {
	pct := "UTF-8''" + strings.Repeat("%E2%82%AC", mb/9)
	within(t, 2*time.Second, func() {
		v, _, err := DecodeExtValue(pct)
		if err != nil || len(v) != mb/9*3 {
			t.Errorf("1 MB: %d, %v", len(v), err)
		}
		if !wellFormedExtValue(pct) {
			t.Error("not well formed")
		}
	})
	quotes := strings.Repeat("'", mb)
	within(t, 2*time.Second, func() {
		if _, _, err := DecodeExtValue(quotes); err == nil {
			t.Error("quotes accepted")
		}
		_ = AppendExtValue(nil, quotes, quotes)
	})
}

func BenchmarkAppendExtValue(b *testing.B) {
	b.ReportAllocs()
	buf := make([]byte, 0, 128)
	for b.Loop() {
		buf = AppendExtValue(buf[:0], "£ and € rates.pdf", "")
	}
}

func TestExtValue(t *testing.T) {
	tests := []struct {
		in, val, lang string
		ok            bool
	}{
		// RFC 8187 §3.2.2 examples.
		{"iso-8859-1'en'%A3%20rates", "£ rates", "en", true},
		{"UTF-8''%c2%a3%20and%20%e2%82%ac%20rates", "£ and € rates", "", true},
		{"utf-8'de'Gr%C3%BC%C3%9Fe", "Grüße", "de", true},
		{"UTF-8''plain.txt", "plain.txt", "", true},
		{"UTF-8''%ff", "", "", false}, // not UTF-8
		{"UTF-8''%4", "", "", false},
		{"UTF-8''%zz", "", "", false},
		{"UTF-8''a b", "", "", false},
		{"KOI8-R''abc", "", "", false},
		{"''abc", "", "", false},
		{"UTF-8'abc", "", "", false},
		{"noquotes", "", "", false},
	}
	for _, tt := range tests {
		v, lang, err := DecodeExtValue(tt.in)
		if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrInvalidExtValue)) {
			t.Errorf("%q: err = %v", tt.in, err)
			continue
		}
		if tt.ok && (v != tt.val || lang != tt.lang) {
			t.Errorf("%q: got %q %q", tt.in, v, lang)
		}
	}
	enc := string(AppendExtValue(nil, "€ rates/ü", "en"))
	if enc != "UTF-8'en'%E2%82%AC%20rates%2F%C3%BC" {
		t.Errorf("AppendExtValue = %q", enc)
	}
}

func FuzzExtValue(f *testing.F) {
	f.Add("€ rates", "en")
	f.Fuzz(func(t *testing.T, v, lang string) {
		enc := AppendExtValue(nil, v, lang)
		got, _, err := DecodeExtValue(string(enc))
		if err != nil && strings.ToValidUTF8(v, "") == v {
			t.Fatalf("decode %q: %v", enc, err)
		}
		if err == nil && got != v {
			t.Fatalf("round trip %q -> %q", v, got)
		}
		_, _, _ = DecodeExtValue(v)
	})
}

func BenchmarkDecodeExtValue(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _, _ = DecodeExtValue("UTF-8''%c2%a3%20and%20%e2%82%ac%20rates")
	}
}
