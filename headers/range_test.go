package headers

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseRange(t *testing.T) {
	tests := []struct {
		in   string
		want []ByteRange
		err  error
	}{
		// RFC 9110 §14.1.2 examples.
		{"bytes=0-499", []ByteRange{{0, 499}}, nil},
		{"bytes=500-999", []ByteRange{{500, 999}}, nil},
		{"bytes=-500", []ByteRange{{-1, 500}}, nil},
		{"bytes=9500-", []ByteRange{{9500, -1}}, nil},
		{"bytes=0-0,-1", []ByteRange{{0, 0}, {-1, 1}}, nil},
		{"bytes= 0-999, 4500-5499, -1000", []ByteRange{{0, 999}, {4500, 5499}, {-1, 1000}}, nil},
		{"bytes=500-600,601-999", []ByteRange{{500, 600}, {601, 999}}, nil},
		// WebOb test_byterange.py: case-insensitive unit.
		{"BYTES=0-99", []ByteRange{{0, 99}}, nil},
		// WebOb returns None for these too.
		{"bytes=10-5", nil, ErrInvalidRange},
		{"bytes 5-10", nil, ErrInvalidRange},
		{"words=10-5", nil, ErrInvalidRange},
		// WebOb accepts "bytes = 0-99" and "bytes=0 - 102"; RFC 9110's
		// grammar has no white space there, so we do not.
		{"bytes = 0-99", nil, ErrInvalidRange},
		{"bytes=0 - 102", nil, ErrInvalidRange},
		// WebOb crashes on "bytes=-"; here it is merely invalid.
		{"bytes=-", nil, ErrInvalidRange},
		{"bytes=", nil, ErrInvalidRange},
		{"bytes=,", nil, ErrInvalidRange},
		{"bytes=a-b", nil, ErrInvalidRange},
		{"bytes=1-2-3", nil, ErrInvalidRange},
		{"bytes=99999999999999999999-", nil, ErrInvalidRange},
		{"bytes=+1-2", nil, ErrInvalidRange},
	}
	for _, tt := range tests {
		r, err := ParseRange(tt.in)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("%q: err = %v", tt.in, err)
			}
			continue
		}
		if err != nil || !slices.Equal(r.Ranges, tt.want) {
			t.Errorf("%q: %v, %v", tt.in, r.Ranges, err)
			continue
		}
		again, err := ParseRange(r.String())
		if err != nil || !slices.Equal(again.Ranges, r.Ranges) {
			t.Errorf("%q: round trip %q", tt.in, r.String())
		}
	}
}

func TestRangeCap(t *testing.T) {
	at := "bytes=" + strings.TrimSuffix(strings.Repeat("0-0,", DefaultMaxRanges), ",")
	if r, err := ParseRange(at); err != nil || len(r.Ranges) != DefaultMaxRanges {
		t.Errorf("at the cap: %d, %v", len(r.Ranges), err)
	}
	if _, err := ParseRange(at + ",0-0"); !errors.Is(err, ErrTooManyRanges) {
		t.Errorf("cap+1: %v", err)
	}
	if _, err := ParseRangeMax("bytes=0-1,2-3,4-5", 2); !errors.Is(err, ErrTooManyRanges) {
		t.Errorf("custom cap: %v", err)
	}
	huge := "bytes=" + strings.Repeat("0-0,", 50_000)
	within(t, time.Second, func() {
		if _, err := ParseRange(huge); !errors.Is(err, ErrTooManyRanges) {
			t.Errorf("50,000 ranges: %v", err)
		}
	})
	// With the cap lifted, 50,000 × 0-0 ask for more bytes than exist.
	within(t, 2*time.Second, func() {
		r, err := ParseRangeMax(huge, 1<<30)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Resolve(10_000); !errors.Is(err, ErrRangeOverlap) {
			t.Errorf("overlap guard: %v", err)
		}
	})
	long := "bytes=" + strings.Repeat("0", mb) + "-1"
	within(t, time.Second, func() {
		if r, err := ParseRange(long); err != nil || r.Ranges[0] != (ByteRange{0, 1}) {
			t.Errorf("1 MB of leading zeros: %v %v", r, err)
		}
	})
}

func TestRangeResolve(t *testing.T) {
	tests := []struct {
		in     string
		length int64
		want   []Span
		err    error
	}{
		{"bytes=0-499", 10000, []Span{{0, 499}}, nil},
		{"bytes=-500", 10000, []Span{{9500, 9999}}, nil},
		{"bytes=9500-", 10000, []Span{{9500, 9999}}, nil},
		{"bytes=0-0,-1", 10000, []Span{{0, 0}, {9999, 9999}}, nil},
		// Last position past the end is cut to it.
		{"bytes=0-99999", 100, []Span{{0, 99}}, nil},
		// Overlapping and adjacent ranges coalesce, sorted.
		{"bytes=500-600,601-999", 10000, []Span{{500, 999}}, nil},
		{"bytes=20-29,0-9,5-14", 100, []Span{{0, 14}, {20, 29}}, nil},
		// A suffix longer than the representation is the whole of it
		// (RFC 9110 §14.1.2). WebOb's range_for_length returns None here.
		{"bytes=-100", 50, []Span{{0, 49}}, nil},
		// WebOb test_not_satisfiable: bytes=100- of 50.
		{"bytes=100-", 50, nil, ErrUnsatisfiableRange},
		{"bytes=-0", 50, nil, ErrUnsatisfiableRange},
		{"bytes=0-", 0, nil, ErrUnsatisfiableRange},
		{"bytes=0-10,100-200", 50, []Span{{0, 10}}, nil},
		// Asking for the same bytes again and again.
		{"bytes=0-9,0-9,0-9", 20, nil, ErrRangeOverlap},
	}
	for _, tt := range tests {
		r, err := ParseRange(tt.in)
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		got, err := r.Resolve(tt.length)
		if tt.err != nil {
			if !errors.Is(err, tt.err) {
				t.Errorf("%q of %d: err = %v", tt.in, tt.length, err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("%q of %d: %v, %v", tt.in, tt.length, got, err)
		}
	}
}

func TestContentRange(t *testing.T) {
	tests := []struct {
		in   string
		want ContentRange
		err  bool
	}{
		// RFC 9110 §14.4 examples.
		{in: "bytes 42-1233/1234", want: ContentRange{42, 1233, 1234}},
		{in: "bytes 42-1233/*", want: ContentRange{42, 1233, -1}},
		{in: "bytes */1234", want: ContentRange{-1, -1, 1234}},
		{in: "bytes 0-98/*", want: ContentRange{0, 98, -1}},
		{in: "bytes 0-99/100", want: ContentRange{0, 99, 100}},
		{in: "bytes 0-100/100", err: true},
		{in: "bytes 5-4/100", err: true},
		{in: "bytes */*", err: true},
		{in: "bytes 0-98/*asdfsa", err: true},
		{in: "bytes */-1", err: true},
		{in: "bytes 1-+2/3", err: true},
		{in: "words 0-1/2", err: true},
		{in: "bytes=0-1/2", err: true},
	}
	for _, tt := range tests {
		cr, err := ParseContentRange(tt.in)
		if tt.err {
			if !errors.Is(err, ErrInvalidContentRange) {
				t.Errorf("%q: err = %v", tt.in, err)
			}
			continue
		}
		if err != nil || cr != tt.want {
			t.Errorf("%q: %+v, %v", tt.in, cr, err)
			continue
		}
		if cr.String() != tt.in {
			t.Errorf("%q formats as %q", tt.in, cr.String())
		}
	}
	if s := Unsatisfied(500).String(); s != "bytes */500" {
		t.Errorf("Unsatisfied = %q", s)
	}
	if s := (Span{10, 19}).ContentRange(100).String(); s != "bytes 10-19/100" {
		t.Errorf("Span.ContentRange = %q", s)
	}
}

func TestIfRange(t *testing.T) {
	lm := time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)
	ir, err := ParseIfRange(`"xyzzy"`)
	if err != nil || !ir.HasETag || !ir.Matches(ETag{Tag: "xyzzy"}, time.Time{}) || ir.Matches(ETag{Tag: "xyzzy", Weak: true}, time.Time{}) {
		t.Errorf("etag If-Range: %+v %v", ir, err)
	}
	ir, err = ParseIfRange(`W/"xyzzy"`)
	if err != nil || ir.Matches(ETag{Tag: "xyzzy", Weak: true}, time.Time{}) {
		t.Error("a weak If-Range tag must never match")
	}
	ir, err = ParseIfRange("Sun, 06 Nov 1994 08:49:37 GMT")
	if err != nil || ir.HasETag || !ir.Matches(ETag{}, lm) || ir.Matches(ETag{}, lm.Add(time.Second)) {
		t.Errorf("date If-Range: %+v %v", ir, err)
	}
	if string(ir.AppendFormat(nil)) != "Sun, 06 Nov 1994 08:49:37 GMT" {
		t.Error("If-Range date format")
	}
	for _, bad := range []string{"", "xyzzy", `"unterminated`, "tomorrow"} {
		if _, err := ParseIfRange(bad); !errors.Is(err, ErrInvalidIfRange) {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func FuzzParseRange(f *testing.F) {
	f.Add("bytes=0-499,-500,9500-", int64(10000))
	f.Add("bytes=-", int64(0))
	f.Fuzz(func(t *testing.T, s string, length int64) {
		r, err := ParseRange(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidRange) && !errors.Is(err, ErrTooManyRanges) {
				t.Fatal(err)
			}
			return
		}
		again, err := ParseRange(r.String())
		if err != nil || !slices.Equal(again.Ranges, r.Ranges) {
			t.Fatalf("round trip %q -> %q", s, r.String())
		}
		spans, err := r.Resolve(length)
		if err != nil {
			return
		}
		var sum int64
		for i, sp := range spans {
			if sp.Start < 0 || sp.End >= length || sp.Start > sp.End || (i > 0 && sp.Start <= spans[i-1].End+1) {
				t.Fatalf("bad spans %v for length %d", spans, length)
			}
			sum += sp.Length()
		}
		if sum > length {
			t.Fatalf("spans exceed length")
		}
	})
}

func FuzzParseContentRange(f *testing.F) {
	f.Add("bytes 42-1233/1234")
	f.Add("bytes */1234")
	f.Fuzz(func(t *testing.T, s string) {
		cr, err := ParseContentRange(s)
		if err != nil {
			return
		}
		again, err := ParseContentRange(cr.String())
		if err != nil || again != cr {
			t.Fatalf("round trip %q -> %q", s, cr.String())
		}
	})
}

func BenchmarkParseRange(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		r, _ := ParseRange("bytes=0-499, 1000-1499, -500")
		_, _ = r.Resolve(10000)
	}
}

func BenchmarkParseContentRange(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseContentRange("bytes 42-1233/1234")
	}
}

func TestRangeExamples(t *testing.T) {
	tests := []struct {
		in     string
		length int64
		want   []Span
	}{
		// RFC 9110 §14.1.2: other valid (but not canonical) forms of the
		// second 500 bytes of 10000.
		{"bytes=500-600,601-999", 10000, []Span{{500, 999}}},
		{"bytes=500-700,601-999", 10000, []Span{{500, 999}}},
		// WebOb test_range_for_length_end_is_none: Range(0, None) of 100
		// is (0, 100) with an exclusive end, our 0-99.
		{"bytes=0-", 100, []Span{{0, 99}}},
		// WebOb ..._negative_start: Range(-5, None) of 100 is (95, 100).
		{"bytes=-5", 100, []Span{{95, 99}}},
		// WebOb serves only the first range of a multi-range request; we
		// resolve them all (multipart/byteranges).
		{"bytes=0-9,20-29", 100, []Span{{0, 9}, {20, 29}}},
		// Unsorted with a range past the end in the middle.
		{"bytes=90-,200-300,0-0", 100, []Span{{0, 0}, {90, 99}}},
		// Adjacent after sorting.
		{"bytes=10-19,0-9", 100, []Span{{0, 19}}},
		// A huge last-pos is cut to the end.
		{"bytes=5-9223372036854775807", 10, []Span{{5, 9}}},
	}
	for _, tt := range tests {
		r, err := ParseRange(tt.in)
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		got, err := r.Resolve(tt.length)
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("%q of %d: %v, %v", tt.in, tt.length, got, err)
		}
	}
	// WebOb test_range_str_*: Range(0, 100) is "bytes=0-99", Range(0, None)
	// "bytes=0-", Range(-5, None) "bytes=-5".
	for _, tt := range []struct {
		r    ByteRange
		want string
	}{{ByteRange{0, 99}, "bytes=0-99"}, {ByteRange{0, -1}, "bytes=0-"}, {ByteRange{-1, 5}, "bytes=-5"}} {
		if got := (Range{Ranges: []ByteRange{tt.r}}).String(); got != tt.want {
			t.Errorf("%+v formats as %q, want %q", tt.r, got, tt.want)
		}
	}
	if !(ByteRange{-1, 5}).IsSuffix() || (ByteRange{0, 5}).IsSuffix() {
		t.Error("IsSuffix")
	}

	// Invalid (ignore the header) and unsatisfiable (416) are different
	// errors, and neither is the other.
	_, errInvalid := ParseRange("bytes=5-1")
	r, _ := ParseRange("bytes=100-")
	_, errUnsat := r.Resolve(10)
	if !errors.Is(errInvalid, ErrInvalidRange) || errors.Is(errInvalid, ErrUnsatisfiableRange) ||
		!errors.Is(errUnsat, ErrUnsatisfiableRange) || errors.Is(errUnsat, ErrInvalidRange) {
		t.Errorf("invalid %v, unsatisfiable %v", errInvalid, errUnsat)
	}
	// More invalid forms: none crash.
	for _, bad := range []string{"bytes=-", "bytes=", "bytes", "", "=0-1", "bytes=--1", "bytes=0--1",
		"bytes=1-0", "bytes=0-1,", "bytes=0-1;x", "bytes=\"0-1\"", "bytes=0x1-2", "bytes=-9223372036854775808"} {
		_, err := ParseRange(bad)
		if bad == "bytes=0-1," {
			if err != nil {
				t.Errorf("%q: trailing empty element: %v", bad, err)
			}
			continue
		}
		if !errors.Is(err, ErrInvalidRange) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
	// The cap, configurable: at max and at max+1.
	if r, err := ParseRangeMax("bytes=0-1,2-3,4-5", 3); err != nil || len(r.Ranges) != 3 {
		t.Errorf("at a cap of 3: %v %v", r, err)
	}
	if _, err := ParseRangeMax("bytes=0-1,2-3,4-5,6-7", 3); !errors.Is(err, ErrTooManyRanges) {
		t.Errorf("over a cap of 3: %v", err)
	}
	// The overlap guard cannot be bypassed by overflowing the sum.
	r, _ = ParseRange("bytes=0-,0-")
	if _, err := r.Resolve(math.MaxInt64); !errors.Is(err, ErrRangeOverlap) {
		t.Errorf("overlap at MaxInt64: %v", err)
	}
	// A single range is never "overlapping", and asking for every byte
	// once in pieces is fine.
	r, _ = ParseRange("bytes=0-4,5-9")
	if got, err := r.Resolve(10); err != nil || !slices.Equal(got, []Span{{0, 9}}) {
		t.Errorf("pieces: %v %v", got, err)
	}
	if _, err := (Range{}).Resolve(10); !errors.Is(err, ErrUnsatisfiableRange) {
		t.Error("zero Range resolves")
	}
	if _, err := r.Resolve(-1); !errors.Is(err, ErrUnsatisfiableRange) {
		t.Error("negative length resolves")
	}
}

func TestContentRangeExamples(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want ContentRange
	}{
		// RFC 9110 §15.3.7 (206) and §15.5.17 (416).
		{"bytes 21010-47021/47022", ContentRange{21010, 47021, 47022}},
		{"bytes 500-999/8000", ContentRange{500, 999, 8000}},
		{"bytes 7000-7999/8000", ContentRange{7000, 7999, 8000}},
		{"bytes */47022", ContentRange{-1, -1, 47022}},
		{"bytes */0", ContentRange{-1, -1, 0}},
		// The unit is case-insensitive; it is written lower-case.
		{"Bytes 0-0/1", ContentRange{0, 0, 1}},
	} {
		cr, err := ParseContentRange(tt.in)
		if err != nil || cr != tt.want {
			t.Errorf("%q: %+v, %v", tt.in, cr, err)
		}
		if again, err := ParseContentRange(cr.String()); err != nil || again != cr {
			t.Errorf("%q: round trip %q", tt.in, cr.String())
		}
	}
	// WebOb test_contentrange_iter: these parse to None. WebOb keeps an
	// exclusive end (its "bytes 0-99/100" is ContentRange(0, 100, 100));
	// ours is the inclusive last-pos as sent.
	for _, bad := range []string{"0-99 100", "bytes 0-99 100", "bytes 0-99/xxx", "bytes 0 99/100",
		"bytes A-99/100", "bytes 0-B/100", "bytes 99-0/100", "bytes 0 99/*",
		// and more
		"", "bytes", "bytes ", "bytes /", "bytes 0-1/", "bytes -1/5", "bytes 1-/5", "bytes  0-1/5",
		"bytes 0-1 /5", "bytes 0-1/5 5", "bytes */", "bytes *-1/5"} {
		if _, err := ParseContentRange(bad); !errors.Is(err, ErrInvalidContentRange) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
	// WebOb _is_content_range_valid(0, 99, 90) holds (its end is
	// exclusive and only responses check it against the length); a
	// last-pos at or past the complete length is invalid here.
	if _, err := ParseContentRange("bytes 0-98/90"); !errors.Is(err, ErrInvalidContentRange) {
		t.Error("last-pos past the length accepted")
	}
}

func TestIfRangeMore(t *testing.T) {
	lm := time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)
	// Any of the three date forms (RFC 9110 §5.6.7).
	for _, s := range []string{"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"} {
		ir, err := ParseIfRange(s)
		if err != nil || ir.HasETag || !ir.Date.Equal(lm) {
			t.Errorf("%q: %+v %v", s, ir, err)
		}
		// A Last-Modified with sub-second precision still matches its
		// whole second; an absent one never matches.
		if !ir.Matches(ETag{}, lm.Add(300*time.Millisecond)) || ir.Matches(ETag{}, time.Time{}) {
			t.Errorf("%q: Matches", s)
		}
		if got := string(ir.AppendFormat(nil)); got != "Sun, 06 Nov 1994 08:49:37 GMT" {
			t.Errorf("%q formats as %q", s, got)
		}
	}
	ir, err := ParseIfRange(`  "abc"  `)
	if err != nil || ir.ETag != (ETag{Tag: "abc"}) || ir.Matches(ETag{Tag: "abd"}, lm) || ir.Matches(ETag{}, lm) {
		t.Errorf("etag: %+v %v", ir, err)
	}
	if got := string(ir.AppendFormat(nil)); got != `"abc"` {
		t.Errorf("etag formats as %q", got)
	}
	// An entity tag never matches by date, nor a date by entity tag.
	ir, _ = ParseIfRange("Sun, 06 Nov 1994 08:49:37 GMT")
	if ir.Matches(ETag{Tag: "abc"}, time.Time{}) {
		t.Error("date If-Range matched an entity tag")
	}
	for _, bad := range []string{"W/", `W/"x`, "W/abc", `"a"b`, "*", "Sun, 06 Nov 1994", "1994-11-06T08:49:37Z"} {
		if _, err := ParseIfRange(bad); !errors.Is(err, ErrInvalidIfRange) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
}

func FuzzParseIfRange(f *testing.F) {
	f.Add(`"xyzzy"`)
	f.Add(`W/"xyzzy"`)
	f.Add("Sun, 06 Nov 1994 08:49:37 GMT")
	f.Fuzz(func(t *testing.T, s string) {
		ir, err := ParseIfRange(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidIfRange) {
				t.Fatal(err)
			}
			return
		}
		out := ir.AppendFormat(nil)
		again, err := ParseIfRange(string(out))
		if err != nil || again.HasETag != ir.HasETag || again.ETag != ir.ETag || !again.Date.Equal(ir.Date) {
			t.Fatalf("round trip %q -> %q: %+v %v", s, out, again, err)
		}
	})
}

func BenchmarkParseIfRange(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseIfRange("Sun, 06 Nov 1994 08:49:37 GMT")
	}
}
