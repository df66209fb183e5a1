package webob

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/cookies"
	"github.com/webob-go/webob/headers"
)

func TestTypedHeaders(t *testing.T) {
	date := "Sun, 06 Nov 1994 08:49:37 GMT"
	want := time.Date(1994, 11, 6, 8, 49, 37, 0, time.UTC)
	r := newReq("GET", "/", "",
		"If-Modified-Since", date, "If-Unmodified-Since", "garbage", "Date", date,
		"If-None-Match", `W/"a", "b"`, "If-Match", "*",
		"Cache-Control", "max-age=5, no-cache",
		"Range", "bytes=0-99,-5", "If-Range", `"xyz"`,
		"Max-Forwards", "3", "Referer", "http://ref/", "User-Agent", "ua/1", "Origin", "https://o",
		"X-Requested-With", "XMLHttpRequest",
		"Content-Type", `application/xml+foobar;charset="utf8"`,
		"Authorization", "Basic "+"QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
		"Cookie", "a=1; bad; b=\"two\"; a=3",
	)
	if !r.IfModifiedSince().Equal(want) || !r.Date().Equal(want) {
		t.Errorf("dates %v %v", r.IfModifiedSince(), r.Date())
	}
	if !r.IfUnmodifiedSince().IsZero() {
		t.Error("invalid date not zero")
	}
	if _, err := r.ParseIfUnmodifiedSince(); !errors.Is(err, headers.ErrInvalidDate) {
		t.Errorf("date err %v", err)
	}
	if inm := r.IfNoneMatch(); !inm.Present() || inm.Len() != 2 || !inm.MatchesWeak(headers.ETag{Tag: "a"}) {
		t.Errorf("If-None-Match %v", inm)
	}
	if im := r.IfMatch(); !im.Any() {
		t.Error("If-Match *")
	}
	if cc := r.CacheControl(); cc.MaxAge != headers.Seconds(5) || !cc.NoCache {
		t.Errorf("cache control %+v", cc)
	}
	if rg := r.Range(); len(rg.Ranges) != 2 || rg.Ranges[1] != (headers.ByteRange{Start: -1, End: 5}) {
		t.Errorf("range %+v", rg)
	}
	if ir := r.IfRange(); !ir.HasETag || ir.ETag.Tag != "xyz" {
		t.Errorf("if-range %+v", ir)
	}
	if r.MaxForwards() != 3 || r.Referer() != "http://ref/" || r.UserAgent() != "ua/1" || r.Origin() != "https://o" || !r.IsXHR() {
		t.Error("simple headers")
	}
	// WebOb: content_type drops parameters.
	if r.ContentType() != "application/xml+foobar" || r.Charset() != "utf8" {
		t.Errorf("content type %q charset %q", r.ContentType(), r.Charset())
	}
	if u, p, ok := r.BasicAuth(); !ok || u != "Aladdin" || p != "open sesame" {
		t.Errorf("basic %q %q %v", u, p, ok)
	}
	if v, ok := r.Cookie("a"); !ok || v != "1" {
		t.Errorf("cookie a %q", v)
	}
	if cs := r.Cookies(); len(cs) != 3 || cs[1] != (cookies.Cookie{Name: "b", Value: "two"}) {
		t.Errorf("cookies %v", cs)
	}

	// Missing headers: zero values, no errors.
	r = newReq("GET", "/", "")
	if !r.IfModifiedSince().IsZero() || r.IfNoneMatch().Present() || r.MaxForwards() != -1 || r.ContentType() != "" ||
		r.Charset() != "UTF-8" || len(r.Range().Ranges) != 0 || r.IsXHR() || r.Forwarded() != nil || r.ContentLength() != 0 {
		t.Error("missing headers")
	}
	for name, f := range map[string]func() error{
		"cc":   func() error { _, err := r.ParseCacheControl(); return err },
		"inm":  func() error { _, err := r.ParseIfNoneMatch(); return err },
		"ims":  func() error { _, err := r.ParseIfModifiedSince(); return err },
		"rng":  func() error { _, err := r.ParseRange(); return err },
		"ir":   func() error { _, err := r.ParseIfRange(); return err },
		"ct":   func() error { _, err := r.ParseMediaType(); return err },
		"auth": func() error { _, err := r.ParseAuthorization(); return err },
		"mf":   func() error { _, err := r.ParseMaxForwards(); return err },
		"ck":   func() error { _, err := r.ParseCookies(); return err },
	} {
		if err := f(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}

	// Invalid values: zero value and an error.
	r = newReq("GET", "/", "", "Range", "bytes=-", "Max-Forwards", "-1", "Content-Type", "text/", "Authorization", "Basic", "X-Requested-With", "notAnXMLHTTPRequest")
	if _, err := r.ParseRange(); !errors.Is(err, headers.ErrInvalidRange) || len(r.Range().Ranges) != 0 {
		t.Errorf("range err %v", err)
	}
	if r.MaxForwards() != -1 || r.ContentType() != "" || r.IsXHR() {
		t.Error("invalid values")
	}
	if _, _, ok := r.BasicAuth(); ok {
		t.Error("basic with no token")
	}
	// Several differing Range lines.
	r = newReq("GET", "/", "", "Range", "bytes=0-1", "Range", "bytes=2-3")
	if _, err := r.ParseRange(); !errors.Is(err, ErrSeveralValues) {
		t.Errorf("several ranges: %v", err)
	}
	// Content-Length.
	r = newReq("POST", "/", "", "Content-Length", "1234")
	if r.ContentLength() != 1234 {
		t.Errorf("content length %d", r.ContentLength())
	}
	r = newReq("POST", "/", "", "Content-Length", "12, 13")
	if _, err := r.ParseContentLength(); err == nil || r.ContentLength() != -1 {
		t.Error("differing content lengths")
	}
	// Too many cookies: none, and the error.
	r = newReq("GET", "/", "", "Cookie", strings.Repeat("a=b; ", cookies.MaxPairs+1))
	if cs, err := r.ParseCookies(); cs != nil || !errors.Is(err, cookies.ErrTooManyCookies) {
		t.Errorf("too many cookies: %d %v", len(cs), err)
	}
}
