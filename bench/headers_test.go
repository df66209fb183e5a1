package bench

import (
	"net/http"
	"slices"
	"testing"
	"time"

	gddoheader "github.com/golang/gddo/httputil/header"
	"github.com/pquerna/cachecontrol/cacheobject"
	"github.com/webob-go/webob/headers"
)

// cacheControlInput is the response Cache-Control value.
const cacheControlInput = `public, max-age=3600, s-maxage=600, must-revalidate, no-cache="Set-Cookie", stale-while-revalidate=30`

// imfDate is an IMF-fixdate, the form every modern sender uses.
const imfDate = "Sun, 06 Nov 1994 08:49:37 GMT"

func TestCacheControlAgreement(t *testing.T) {
	ours, err := headers.ParseCacheControl([]string{cacheControlInput})
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := cacheobject.ParseResponseCacheControl(cacheControlInput)
	if err != nil {
		t.Fatal(err)
	}
	if ours.Public != theirs.Public || ours.MustRevalidate != theirs.MustRevalidate ||
		ours.MaxAge.Seconds != int64(theirs.MaxAge) || ours.SMaxAge.Seconds != int64(theirs.SMaxAge) ||
		ours.StaleWhileRevalidate.Seconds != int64(theirs.StaleWhileRevalidate) ||
		ours.NoCache != theirs.NoCachePresent || !theirs.NoCache["Set-Cookie"] ||
		!slices.Equal(slices.Collect(ours.NoCacheFields()), []string{"Set-Cookie"}) {
		t.Errorf("disagree:\nours   %+v\ntheirs %+v", ours, theirs)
	}
	// Where pquerna is wrong: RFC 9111 §1.2.2 says a delta-seconds beyond
	// 2^31 is taken as 2^31; pquerna rejects the whole header.
	big := "max-age=99999999999"
	if cc, err := headers.ParseCacheControl([]string{big}); err != nil || cc.MaxAge.Seconds != headers.MaxDeltaSeconds {
		t.Errorf("ours on %q: %+v %v", big, cc, err)
	}
	if _, err := cacheobject.ParseResponseCacheControl(big); err == nil {
		t.Log("pquerna now accepts an overlong max-age")
	}
}

func BenchmarkCacheControl(b *testing.B) {
	b.Run("response/webob", func(b *testing.B) {
		lines := []string{cacheControlInput}
		b.ReportAllocs()
		for b.Loop() {
			cc, err := headers.ParseCacheControl(lines)
			if err != nil || !cc.Public {
				b.Fatal(err)
			}
		}
	})
	b.Run("response/pquerna", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			cc, err := cacheobject.ParseResponseCacheControl(cacheControlInput)
			if err != nil || !cc.Public {
				b.Fatal(err)
			}
		}
	})
}

func TestListAgreement(t *testing.T) {
	h := http.Header{"Cache-Control": {cacheControlInput}}
	ours := slices.Collect(headers.List(h["Cache-Control"]))
	theirs := gddoheader.ParseList(h, "Cache-Control")
	if !slices.Equal(ours, theirs) {
		t.Errorf("ours %q\ngddo %q", ours, theirs)
	}
}

func BenchmarkList(b *testing.B) {
	h := http.Header{"Cache-Control": {cacheControlInput}}
	b.Run("cache-control/webob", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			n := 0
			for range headers.List(h["Cache-Control"]) {
				n++
			}
			if n != 6 {
				b.Fatal(n)
			}
		}
	})
	b.Run("cache-control/gddo", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if n := len(gddoheader.ParseList(h, "Cache-Control")); n != 6 {
				b.Fatal(n)
			}
		}
	})
}

func TestDateAgreement(t *testing.T) {
	for _, s := range []string{imfDate, "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994"} {
		ours, err1 := headers.ParseHTTPDate(s)
		theirs, err2 := http.ParseTime(s)
		if err1 != nil || err2 != nil || !ours.Equal(theirs) {
			t.Errorf("%q: ours %v %v, net/http %v %v", s, ours, err1, theirs, err2)
		}
	}
	// Where net/http is lenient: it accepts an invalid day of month by
	// normalising it (31 Feb → 3 Mar); we reject the date.
	if _, err := headers.ParseHTTPDate("Sun, 31 Feb 1994 08:49:37 GMT"); err == nil {
		t.Error("ours accepted 31 Feb")
	}
	tm := time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)
	if headers.FormatHTTPDate(tm) != tm.Format(http.TimeFormat) {
		t.Error("formatting disagrees with http.TimeFormat")
	}
}

func BenchmarkDate(b *testing.B) {
	b.Run("imf/webob", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := headers.ParseHTTPDate(imfDate); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("imf/nethttp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := http.ParseTime(imfDate); err != nil {
				b.Fatal(err)
			}
		}
	})
}
