package multipart

import (
	"errors"
	"io"
	"net/url"
	"strings"
	"testing"
	"testing/iotest"
	"time"
	"unsafe"

	"github.com/webob-go/webob/internal/race"
)

func TestParseURLEncoded(t *testing.T) {
	tests := []struct {
		in      string
		want    []Field
		errKey  string // strict: an *EscapeError naming this key
		lenient []Field
	}{
		{"", nil, "", nil},
		{"a=1", []Field{{"a", "1"}}, "", nil},
		{"a=1&b=2&a=3", []Field{{"a", "1"}, {"b", "2"}, {"a", "3"}}, "", nil},
		{"a=1;b=2", []Field{{"a", "1;b=2"}}, "", nil},
		{"&&a=1&&", []Field{{"a", "1"}}, "", nil},
		{"a", []Field{{"a", ""}}, "", nil},
		{"a=", []Field{{"a", ""}}, "", nil},
		{"=v", []Field{{"", "v"}}, "", nil},
		{"=", []Field{{"", ""}}, "", nil},
		{"a=b=c", []Field{{"a", "b=c"}}, "", nil},
		{"x+y=a+b%20c", []Field{{"x y", "a b c"}}, "", nil},
		{"%41%62=%e2%82%AC", []Field{{"Ab", "€"}}, "", nil},
		{"a=%2B%26%3D", []Field{{"a", "+&="}}, "", nil},
		{"a=%zz&b=2", nil, "a", []Field{{"b", "2"}}},
		{"a=1&b%=2&c=3", nil, "b%", []Field{{"a", "1"}, {"c", "3"}}},
		{"a=1&b=%4", nil, "b", []Field{{"a", "1"}}},
		{"a=%", nil, "a", nil},
		{"k%g1=1", nil, "k%g1", nil},
		{"a=%00", []Field{{"a", "\x00"}}, "", nil},
		{"a=\xff", []Field{{"a", "\xff"}}, "", nil},
	}
	for _, tt := range tests {
		got, err := ParseURLEncoded(tt.in, nil)
		if tt.errKey != "" {
			var ee *EscapeError
			if !errors.As(err, &ee) || ee.Key != tt.errKey || !errors.Is(err, ErrInvalidEscape) || !errors.Is(err, ErrMalformed) ||
				!strings.Contains(err.Error(), tt.errKey) || got != nil {
				t.Errorf("ParseURLEncoded(%q) = %q, %v; want EscapeError for %q", tt.in, got, err, tt.errKey)
			}
			lg, err := ParseURLEncodedLenient(tt.in, nil)
			if err != nil || !equalFields(lg, tt.lenient) {
				t.Errorf("lenient(%q) = %q, %v; want %q", tt.in, lg, err, tt.lenient)
			}
			continue
		}
		if err != nil || !equalFields(got, tt.want) {
			t.Errorf("ParseURLEncoded(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if lg, err := ParseURLEncodedLenient(tt.in, nil); err != nil || !equalFields(lg, tt.want) {
			t.Errorf("lenient(%q) = %q, %v", tt.in, lg, err)
		}
		// Agreement with net/url where it has no quarrel with the input.
		if !strings.Contains(tt.in, ";") {
			if q, err := url.ParseQuery(tt.in); err == nil {
				n := 0
				for _, vs := range q {
					n += len(vs)
				}
				if n != len(got) {
					t.Errorf("%q: net/url has %d values, we have %d", tt.in, n, len(got))
				}
				for _, f := range got {
					if !q.Has(f.Name) {
						t.Errorf("%q: net/url lacks %q", tt.in, f.Name)
					}
				}
			}
		}
	}
}

func equalFields(a, b []Field) bool {
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

// TestParseURLEncodedZeroCopy pins that names and values without escapes
// are slices of the input and that only the result slice is allocated.
func TestParseURLEncodedZeroCopy(t *testing.T) {
	s := "alpha=1&beta=two&gamma=three"
	fs, err := ParseURLEncoded(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	base := uintptr(unsafe.Pointer(unsafe.StringData(s)))
	for _, f := range fs {
		p := uintptr(unsafe.Pointer(unsafe.StringData(f.Value)))
		if p < base || p >= base+uintptr(len(s)) {
			t.Errorf("%q was copied", f.Value)
		}
	}
	if race.Enabled {
		t.Skip("allocation counts are off under the race detector")
	}
	if n := testing.AllocsPerRun(100, func() { ParseURLEncoded(s, nil) }); n != 1 {
		t.Errorf("%v allocations, want 1", n)
	}
	if n := testing.AllocsPerRun(100, func() { ParseURLEncoded("", nil) }); n != 0 {
		t.Errorf("empty: %v allocations", n)
	}
}

func TestURLEncodedQueryLimit(t *testing.T) {
	q := strings.Repeat("p=1&", 10000)
	if fs, err := ParseURLEncoded(q, nil); err != nil || len(fs) != 10000 {
		t.Fatalf("10,000 params: %d %v", len(fs), err)
	}
	_, err := ParseURLEncoded(q+"p=1", nil)
	wantLimit(t, err, "MaxParams", 10000)
	_, err = ParseURLEncodedLenient(q+"p=%zz", nil)
	wantLimit(t, err, "MaxParams", 10000)
}

func TestReadURLEncoded(t *testing.T) {
	fs, err := ReadURLEncoded(iotest.OneByteReader(strings.NewReader("a=1&b=%C3%A4")), nil)
	if err != nil || !equalFields(fs, []Field{{"a", "1"}, {"b", "ä"}}) {
		t.Errorf("%q %v", fs, err)
	}
	fs, err = ReadURLEncoded(strings.NewReader("%E4=%E4&_charset_=iso-8859-1"), nil)
	if err != nil || !equalFields(fs, []Field{{"ä", "ä"}, {"_charset_", "iso-8859-1"}}) {
		t.Errorf("_charset_: %q %v", fs, err)
	}
	if _, err := ReadURLEncoded(strings.NewReader("a=%zz"), nil); !errors.Is(err, ErrInvalidEscape) {
		t.Errorf("bad escape: %v", err)
	}
	if _, err := ReadURLEncoded(strings.NewReader("a=1&_charset_=nope"), nil); !errors.Is(err, ErrCharset) {
		t.Errorf("bad charset: %v", err)
	}
	// The body limit names the smaller of the two byte limits.
	src := &countReader{r: &endless{fill: "a"}}
	_, err = ReadURLEncoded(src, &Limits{MaxBodyBytes: 100})
	wantLimit(t, err, "MaxBodyBytes", 100)
	if src.n != 101 {
		t.Errorf("read %d bytes", src.n)
	}
	_, err = ReadURLEncoded(&endless{fill: "a"}, &Limits{MaxValueBytes: 100})
	wantLimit(t, err, "MaxValueBytes", 100)
	if fs, err := ReadURLEncoded(strings.NewReader(strings.Repeat("a", 99)+"="), &Limits{MaxBodyBytes: 100}); err != nil || len(fs) != 1 {
		t.Errorf("at the limit: %v", err)
	}
	errRead := errors.New("boom")
	if _, err := ReadURLEncoded(iotest.ErrReader(errRead), nil); err != errRead {
		t.Errorf("read error: %v", err)
	}
}

func TestAppendURLEncoded(t *testing.T) {
	fs := []Field{{"a b", "c&d=e"}, {"", ""}, {"ü", "%+;"}, {"x", "AZaz09-._~"}}
	s := string(AppendURLEncoded(nil, fs))
	if s != "a+b=c%26d%3De&=&%C3%BC=%25%2B%3B&x=AZaz09-._~" {
		t.Errorf("got %q", s)
	}
	back, err := ParseURLEncoded(s, nil)
	if err != nil || !equalFields(back, fs) {
		t.Errorf("round trip %q %v", back, err)
	}
	q, err := url.ParseQuery(s)
	if err != nil || q.Get("a b") != "c&d=e" || q.Get("ü") != "%+;" {
		t.Errorf("net/url reads %v %v", q, err)
	}
}

// TestURLEncodedLinear parses 1 MB pathological inputs.
func TestURLEncodedLinear(t *testing.T) {
	for name, s := range map[string]string{
		"ampersands": strings.Repeat("&", 1<<20),
		"escapes":    "a=" + strings.Repeat("%41", 1<<20/3),
		"pluses":     strings.Repeat("+", 1<<20),
		"equals":     "a" + strings.Repeat("=", 1<<20),
		"pairs":      strings.Repeat("a&", 5000) + strings.Repeat("%", 1<<20),
	} {
		begin := time.Now()
		ParseURLEncoded(s, nil)
		ParseURLEncodedLenient(s, nil)
		if d := time.Since(begin); d > race.TimeBound {
			t.Errorf("%s: %v", name, d)
		}
	}
}

type zeroReader struct{}

func (zeroReader) Read([]byte) (int, error) { return 0, nil }

func TestReadersNoProgress(t *testing.T) {
	if _, err := ReadURLEncoded(zeroReader{}, nil); err != io.ErrNoProgress {
		t.Errorf("ReadURLEncoded: %v", err)
	}
	if _, err := ReadForm(zeroReader{}, tb, nil); err != io.ErrNoProgress {
		t.Errorf("ReadForm: %v", err)
	}
}
