package headers

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestRFC850Year(t *testing.T) {
	// RFC 9110 §5.6.7: more than 50 years ahead means the past century.
	tests := []struct{ yy, now, want int }{
		{94, 2026, 1994},
		{76, 2026, 2076}, // exactly 50 years ahead: not "more than"
		{77, 2026, 1977},
		{26, 2026, 2026},
		{0, 2026, 2000},
		{99, 2000, 1999},
		{50, 2000, 2050},
		{51, 2000, 1951},
		{5, 2070, 2105}, // 35 years ahead beats 65 years back
		{20, 2070, 2120},
		{21, 2070, 2021},
		{0, 2099, 2100},
		{49, 2099, 2149},
		{50, 2099, 2050},
	}
	for _, tt := range tests {
		if got := rfc850Year(tt.yy, tt.now); got != tt.want {
			t.Errorf("rfc850Year(%02d, %d) = %d, want %d", tt.yy, tt.now, got, tt.want)
		}
		if got := rfc850Year(tt.yy, tt.now); got > tt.now+50 || got <= tt.now-50 || got%100 != tt.yy {
			t.Errorf("rfc850Year(%02d, %d) = %d is outside the window", tt.yy, tt.now, got)
		}
	}
}

func TestParseHTTPDateForms(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"Sun, 06 Nov 1994 08:49:37 GMT", time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)},
		{"Sunday, 06-Nov-94 08:49:37 GMT", time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)},
		{"Sun Nov  6 08:49:37 1994", time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)},
		{"Sun Nov 06 08:49:37 1994", time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)}, // date3 allows 2DIGIT
		{"Wed Nov 16 08:49:37 1994", time.Date(1994, 11, 16, 8, 49, 37, 0, time.UTC)},
		// RFC 9110 §5.6.7's date1 example.
		{"Wed, 02 Jun 1982 00:00:00 GMT", time.Date(1982, 6, 2, 0, 0, 0, 0, time.UTC)},
		{"Wednesday, 02-Jun-82 23:59:59 GMT", time.Date(1982, 6, 2, 23, 59, 59, 0, time.UTC)},
		// WebOb's test_serialize_date value, as a received date.
		{"Mon, 20 Nov 1995 19:12:08 GMT", time.Date(1995, 11, 20, 19, 12, 8, 0, time.UTC)},
		{"Thu, 29 Feb 1996 12:00:00 GMT", time.Date(1996, 2, 29, 12, 0, 0, 0, time.UTC)},
		{"Thu, 01 Jan 1970 00:00:00 GMT", time.Unix(0, 0).UTC()},
		// A leap second (time-of-day allows second 60) folds into :59.
		{"Sat, 31 Dec 2016 23:59:60 GMT", time.Date(2016, 12, 31, 23, 59, 59, 0, time.UTC)},
		// The day name is not checked against the date (§5.6.7 leaves it
		// to the sender); a misspelt one is refused below.
		{"Mon, 06 Nov 1994 08:49:37 GMT", time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)},
		{"Sat, 01 Jan 0000 00:00:00 GMT", time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"Fri, 31 Dec 9999 23:59:59 GMT", time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)},
	}
	for _, tt := range tests {
		got, err := ParseHTTPDate(tt.in)
		if err != nil || !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("%q: got %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	bad := []string{
		// WebOb test_parse_date: these give None there.
		"Hi There", "á", "1",
		"Fri, 29 Feb 1995 12:00:00 GMT",   // not a leap year
		"Sun, 06 nov 1994 08:49:37 GMT",   // month names are case-sensitive (%s)
		"sun, 06 Nov 1994 08:49:37 GMT",   // so are day names
		"Sun, 06 Nov 1994 08:49:37 gmt",   // and GMT
		"Sun,  6 Nov 1994 08:49:37 GMT",   // IMF day is 2DIGIT
		"Sun, 06 Nov 1994 08:49:37  GMT",  // extra space
		"Sun, 06 Nov 1994 8:49:37 GMT",    // hour is 2DIGIT
		"Sun, 06 Nov 1994 08:49:37.5 GMT", // no fractions
		"Sun, 06 Nov 19x4 08:49:37 GMT",
		"Sun, 06 Nov 1994 08:49:61 GMT",
		"Sun, 00 Nov 1994 08:49:37 GMT",
		"Sun, 31 Nov 1994 08:49:37 GMT",
		"Sun, -6 Nov 1994 08:49:37 GMT",
		"Sun, +6 Nov 1994 08:49:37 GMT",
		"Sunday, 06-Nov-94 08:49:37 UTC",
		"Sun, 06-Nov-94 08:49:37 GMT",      // short day name with date2
		"Sunday, 06 Nov 1994 08:49:37 GMT", // long day name with date1
		"Sunday,06-Nov-94 08:49:37 GMT",
		"Sun Nov  6 08:49:37 1994 ", // trailing space
		"Sun Nov 6 08:49:37 1994",
		"Sun Nov  6 08:49:37 94",
		"Sun Nov  6 08:49:37 GMT 1994",
		"Sun\tNov  6 08:49:37 1994",
		"Sun, 06 Nov 1994 08:49:37 GMT\x00",
		strings.Repeat("Sun, ", 10),
	}
	for _, s := range bad {
		tm, err := ParseHTTPDate(s)
		if !errors.Is(err, ErrInvalidDate) || !tm.IsZero() {
			t.Errorf("%q: got %v, %v; want ErrInvalidDate and the zero time", s, tm, err)
		}
	}
}

func TestAppendHTTPDate(t *testing.T) {
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC), "Sun, 06 Nov 1994 08:49:37 GMT"},
		// WebOb test_serialize_date.
		{time.Date(1995, 11, 20, 19, 12, 8, 0, time.UTC), "Mon, 20 Nov 1995 19:12:08 GMT"},
		// Sub-second parts are dropped, zones converted to UTC.
		{time.Date(2024, 2, 29, 23, 30, 0, 999_999_999, time.FixedZone("-0500", -5*3600)), "Fri, 01 Mar 2024 04:30:00 GMT"},
		{time.Unix(0, 0), "Thu, 01 Jan 1970 00:00:00 GMT"},
		{time.Date(9, 1, 1, 0, 0, 0, 0, time.UTC), "Thu, 01 Jan 0009 00:00:00 GMT"},
	}
	for _, tt := range tests {
		b := AppendHTTPDate([]byte("Date: "), tt.t)
		if string(b) != "Date: "+tt.want {
			t.Errorf("AppendHTTPDate(%v) = %q, want %q", tt.t, b, tt.want)
		}
		if s := FormatHTTPDate(tt.t); s != tt.want {
			t.Errorf("FormatHTTPDate(%v) = %q", tt.t, s)
		}
		back, err := ParseHTTPDate(tt.want)
		if err != nil || !back.Equal(tt.t.Truncate(time.Second)) {
			t.Errorf("%q parses back as %v, %v", tt.want, back, err)
		}
	}
	// Years outside 0000-9999 are clamped, never written with more or
	// fewer than four digits or a sign.
	for _, tm := range []time.Time{time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(12345, 1, 1, 0, 0, 0, 0, time.UTC)} {
		s := FormatHTTPDate(tm)
		if len(s) != 29 || strings.ContainsAny(s, "-+") {
			t.Errorf("FormatHTTPDate(%v) = %q", tm, s)
		}
	}
}

func TestParseHTTPDateLinearTime(t *testing.T) {
	junk := strings.Repeat("Sunday, 06-Nov-94 ", mb/18)
	within(t, 2*time.Second, func() {
		for range 100 {
			if _, err := ParseHTTPDate(junk); !errors.Is(err, ErrInvalidDate) {
				t.Fatal(err)
			}
		}
	})
}

func BenchmarkParseHTTPDateForms(b *testing.B) {
	for _, c := range []struct{ name, in string }{
		{"imf", "Sun, 06 Nov 1994 08:49:37 GMT"},
		{"rfc850", "Sunday, 06-Nov-94 08:49:37 GMT"},
		{"asctime", "Sun Nov  6 08:49:37 1994"},
		{"invalid", "Sun, 06 Nov 1994 08:49:37 UTC"},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = ParseHTTPDate(c.in)
			}
		})
	}
}

func TestParseHTTPDate(t *testing.T) {
	want := time.Date(1994, time.November, 6, 8, 49, 37, 0, time.UTC)
	// RFC 9110 §5.6.7 examples.
	for _, s := range []string{
		"Sun, 06 Nov 1994 08:49:37 GMT",
		"Sunday, 06-Nov-94 08:49:37 GMT",
		"Sun Nov  6 08:49:37 1994",
		"  Sun, 06 Nov 1994 08:49:37 GMT", // surrounding OWS is stripped by callers, not here
	} {
		got, err := ParseHTTPDate(s)
		if strings.HasPrefix(s, " ") {
			if err == nil {
				t.Errorf("%q accepted", s)
			}
			continue
		}
		if err != nil || !got.Equal(want) {
			t.Errorf("%q: %v, %v", s, got, err)
		}
	}
	bad := []string{
		"", "garbage", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 06 Nov 1994 08:49:37 +0000",
		"Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT",
		"Sun, 06 Nov 1994 24:49:37 GMT", "Sun, 06 Nov 1994 08:61:37 GMT", "Sun, 6 Nov 1994 08:49:37 GMT",
		"Sun, 06 Nov 94 08:49:37 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT", "Funday, 06-Nov-94 08:49:37 GMT",
		"Sun Nov 06 08:49:37 94", "Sun, 0a Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 GMT ",
		// WebOb's parse_date (email.utils.parsedate_tz) accepts numeric
		// zones and missing zones; RFC 9110 §5.6.7 dates are always GMT,
		// so we reject them (docs/differences-from-webob.md).
		"Mon, 20 Nov 1995 19:12:08 -0500", "Thu, 1 Jan 1970 00:00:00",
	}
	for _, s := range bad {
		if tm, err := ParseHTTPDate(s); !errors.Is(err, ErrInvalidDate) || !tm.IsZero() {
			t.Errorf("%q: got %v, %v", s, tm, err)
		}
	}
	// RFC 850 two-digit years: within 50 years ahead, else the past century.
	now := time.Now().UTC().Year()
	yy := (now + 10) % 100
	got, err := ParseHTTPDate(shortDayFor(now+10) + " 01-Jan-" + pad2(yy) + " 00:00:00 GMT")
	if err != nil || got.Year() != now+10 {
		t.Errorf("two-digit year: %d", got.Year())
	}
	// WebOb's serialize_date of a datetime: IMF-fixdate.
	if s := FormatHTTPDate(time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)); s != "Sun, 01 Jan 2012 00:00:00 GMT" {
		t.Errorf("FormatHTTPDate = %q", s)
	}
	loc := time.FixedZone("X", 3600)
	if s := FormatHTTPDate(time.Date(1994, 11, 6, 9, 49, 37, 0, loc)); s != "Sun, 06 Nov 1994 08:49:37 GMT" {
		t.Errorf("non-UTC FormatHTTPDate = %q", s)
	}
}

func shortDayFor(year int) string {
	return longDays[time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Weekday()] + ","
}

func pad2(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

func FuzzParseHTTPDate(f *testing.F) {
	for _, s := range []string{"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tm, err := ParseHTTPDate(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidDate) || !tm.IsZero() {
				t.Fatalf("bad failure %v %v", tm, err)
			}
			return
		}
		again, err := ParseHTTPDate(FormatHTTPDate(tm))
		if err != nil || !again.Equal(tm) {
			t.Fatalf("round trip %q: %v %v", s, again, err)
		}
	})
}

func BenchmarkParseHTTPDate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, _ = ParseHTTPDate("Sun, 06 Nov 1994 08:49:37 GMT")
	}
}

func BenchmarkAppendHTTPDate(b *testing.B) {
	b.ReportAllocs()
	buf := make([]byte, 0, 32)
	tm := time.Now()
	for b.Loop() {
		buf = AppendHTTPDate(buf[:0], tm)
	}
}
