package cookies

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/internal/race"
)

func TestCookieDate(t *testing.T) {
	want := time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)
	// The forms servers send, all read by RFC 6265 §5.1.1.
	for _, s := range []string{
		"Sun, 06 Nov 1994 08:49:37 GMT",   // IMF-fixdate
		"Sunday, 06-Nov-94 08:49:37 GMT",  // RFC 850
		"Sun Nov  6 08:49:37 1994",        // asctime
		"Sun, 06-Nov-1994 08:49:37 GMT",   // Netscape's
		"Sun, 06 Nov 94 08:49:37 GMT",     // two-digit year
		"06 Nov 1994 08:49:37",            // no weekday, no zone
		"nov 6 1994 8:49:37",              // lower case, one-digit fields
		"Sun, 6 November 94 08:49:37 UTC", // long month
		"1994 Nov 06 08:49:37",            // year first
		"Sun,06-Nov-1994,08:49:37,GMT",    // commas as delimiters
		"08:49:37 06 Nov 1994",            // time first
		"Sun, 06 Nov 1994 08:49:37 +0100", // offsets are ignored (all is UTC)
		"Sun, 06 Nov 1994 08:49:37 GMTxx", // trailing junk in a token
		"06th Nov 1994 08:49:37",          // day followed by non-digits
		"Sun, 06 Nov 1994 08:49:37 GMT; x",
	} {
		got, ok := parseCookieDate(s)
		if !ok || !got.Equal(want) {
			t.Errorf("%q: %v %v", s, got, ok)
		}
	}
	years := map[string]int{
		"Thu, 01 Jan 2070 00:00:00 GMT": 2070,
		"01 Jan 69 00:00:00":            2069,
		"01 Jan 70 00:00:00":            1970,
		"01 Jan 00 00:00:00":            2000,
		"01 Jan 99 00:00:00":            1999,
		"01 Jan 1601 00:00:00":          1601,
		"31 Dec 9999 23:59:59":          9999,
		"29 Feb 2024 00:00:00":          2024,
	}
	for s, y := range years {
		if got, ok := parseCookieDate(s); !ok || got.Year() != y {
			t.Errorf("%q: %v %v, want year %d", s, got, ok, y)
		}
	}
	for _, s := range []string{
		"", "garbage", "Sun, 06 Nov 1994",
		"Sun, 32 Nov 1994 08:49:37", "Sun, 00 Nov 1994 08:49:37",
		"Sun, 06 Nov 1600 08:49:37", "Sun, 06 Nov 1994 24:00:00",
		"Sun, 06 Nov 1994 08:60:00", "Sun, 06 Nov 1994 08:49:60",
		"31 Feb 2020 00:00:00", "29 Feb 2023 00:00:00",
		"06 Nov 1994 08:49", "06 Nov 1994 008:49:37",
		"06 Xyz 1994 08:49:37", "06 Nov 19945 08:49:37",
		"06 Nov 1 08:49:37", "123 Nov 1994 08:49:37",
	} {
		if got, ok := parseCookieDate(s); ok {
			t.Errorf("%q accepted as %v", s, got)
		}
	}
	start := time.Now()
	parseCookieDate(strings.Repeat("1:1:1 ", 1<<18))
	parseCookieDate(strings.Repeat("x", 1<<20))
	if el := time.Since(start); el > race.TimeBound {
		t.Errorf("long date: %v", el)
	}
}

// The IMF-fixdate fast path agrees with the general algorithm.
func FuzzCookieDate(f *testing.F) {
	for _, s := range []string{"Sun, 06 Nov 1994 08:49:37 GMT", "Mon, 31 Feb 2020 00:00:00 GMT", "Sat, 01 Jan 1600 00:00:00 GMT",
		"Wed, 21 Oct 0015 07:28:00 GMT", "Tue, 01 Nov 1994 24:00:00 GMT", "Sun, 06 nOV 1994 08:49:37 GMT"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fast, ok, done := parseFixdate(s)
		if !done {
			return
		}
		slow, ok2 := parseDateTokens(s)
		if ok != ok2 || !fast.Equal(slow) {
			t.Fatalf("%q: fast %v %v, general %v %v", s, fast, ok, slow, ok2)
		}
	})
}

func TestFixdateAgrees(t *testing.T) {
	for ts := int64(-11644473600); ts < 253402300800; ts += 7777777 {
		s := time.Unix(ts, 0).UTC().Format(http.TimeFormat)
		fast, ok, done := parseFixdate(s)
		slow, ok2 := parseDateTokens(s)
		if !done || !ok || ok != ok2 || !fast.Equal(slow) || fast.Unix() != ts {
			t.Fatalf("%q: fast %v %v %v, general %v %v", s, fast, ok, done, slow, ok2)
		}
	}
}
