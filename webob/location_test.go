package webob

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// locationAttacks are Location values that a browser reads as another
// host although a URL parser following RFC 3986 sees a path: WebOb's
// CVE-2024-42353 ("//"), GHSA-fh3h-vg37-cc95 (tab, CR, LF) and issue
// #495 (space, VT, FF), plus backslashes and other control bytes.
var locationAttacks = []string{
	"//evil.example/path",
	"///evil.example/path",
	"////evil.example",
	"/\\evil.example/path",
	"\\\\evil.example/path",
	"\\/evil.example",
	"/\t/evil.example/path",
	"\t//evil.example/path",
	"/\r\n/evil.example",
	"\r\n//evil.example",
	" //evil.example/path",
	"  //evil.example",
	"\x0b//evil.example/path",
	"\x0c//evil.example/path",
	"\x00//evil.example",
	"\x1f//evil.example",
	"\x7f//evil.example",
	"/\x0b/evil.example",
	"//evil.example\\@good.example",
	"/\\\\evil.example",
	"//evil.example:443/",
	"//user@evil.example/",
	"\u3000//evil.example",
	"//%65vil.example",
}

// browserHost resolves loc against base the way a browser does (WHATWG
// URL: strip leading and trailing C0 controls and spaces, remove tab and
// newlines, read "\" as "/") and returns the resulting host.
func browserHost(base, loc string) string {
	loc = strings.TrimFunc(loc, func(r rune) bool { return r <= 0x20 })
	loc = strings.NewReplacer("\t", "", "\r", "", "\n", "", "\\", "/").Replace(loc)
	// For http(s), any number of slashes starts an authority.
	if n := len(loc) - len(strings.TrimLeft(loc, "/")); n >= 2 {
		loc = "//" + loc[n:]
	}
	b, _ := url.Parse(base)
	ref, err := url.Parse(loc)
	if err != nil {
		return "unparseable"
	}
	return b.ResolveReference(ref).Host
}

func TestSafeLocationAttacks(t *testing.T) {
	const base = "http://good.example/app/page"
	for _, a := range locationAttacks {
		if h := browserHost(base, a); h == "good.example" && !strings.Contains(a, "\u3000") {
			// Sanity: the attack does change the host in a browser.
			t.Errorf("attack %q does not leave the host even unprotected", a)
		}
		safe := SafeLocation(a)
		if h := browserHost(base, safe); h != "good.example" {
			t.Errorf("SafeLocation(%q) = %q goes to %q", a, safe, h)
		}
		for i := 0; i < len(safe); i++ {
			if c := safe[i]; c <= 0x20 || c == 0x7f || c == '\\' || c >= 0x80 {
				t.Errorf("SafeLocation(%q) = %q keeps byte %#x", a, safe, c)
			}
		}
		abs := ResolveLocation(base, a)
		u, err := url.Parse(abs)
		if err != nil || u.Host != "good.example" || u.Scheme != "http" {
			t.Errorf("ResolveLocation(%q) = %q", a, abs)
		}
		if h := browserHost(base, abs); h != "good.example" {
			t.Errorf("ResolveLocation(%q) = %q goes to %q in a browser", a, abs, h)
		}
	}
}

func TestSafeLocationKeepsGoodValues(t *testing.T) {
	for _, c := range []struct{ in, safe, abs string }{
		{"", "", ""},
		{"/test.html", "/test.html", "http://localhost/test.html"},
		{"next", "next", "http://localhost/app/next"},
		{"../up?x=1#f", "../up?x=1#f", "http://localhost/up?x=1#f"},
		{"?q=1", "?q=1", "http://localhost/app/page?q=1"},
		{"https://other.example/x", "https://other.example/x", "https://other.example/x"},
		{"http:", "http:", "http:"},
		{"mailto:a@b", "mailto:a@b", "mailto:a@b"},
		{"/a b", "/a%20b", "http://localhost/a%20b"},
		{"/é", "/%C3%A9", "http://localhost/%C3%A9"},
		{"//evil", "/%2Fevil", "http://localhost/%2Fevil"},
		{"/%zz", "/%zz", "/%zz"},
	} {
		if got := SafeLocation(c.in); got != c.safe {
			t.Errorf("SafeLocation(%q) = %q, want %q", c.in, got, c.safe)
		}
		if got := ResolveLocation("http://localhost/app/page", c.in); got != c.abs {
			t.Errorf("ResolveLocation(%q) = %q, want %q", c.in, got, c.abs)
		}
	}
}

func TestLocationWhenServed(t *testing.T) {
	// Sent as set, made safe.
	for _, a := range locationAttacks {
		if strings.ContainsAny(a, "\r\n\x00") {
			continue // refused by the setter
		}
		r := NewResponse(302)
		if err := r.SetLocation(a); err != nil {
			continue // other control bytes may be refused too
		}
		rec := serveReq(t, r, get("/app/page"))
		if h := browserHost("http://example.com/app/page", rec.Header().Get("Location")); h != "example.com" {
			t.Errorf("served %q as %q", a, rec.Header().Get("Location"))
		}
	}
	// WebOb test_location: made absolute against the request when asked.
	h := (&Config{AbsoluteLocation: true}).Handler(func(*Request) (*Response, error) {
		r := NewResponse(302)
		r.SetLocation("/test.html")
		return r, nil
	})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "http://localhost/", nil))
	if got := rec.Header().Get("Location"); got != "http://localhost/test.html" {
		t.Errorf("absolute Location %q", got)
	}
	// The HTML body of a redirect shows the safe value.
	rec = httptest.NewRecorder()
	HandlerFunc(func(*Request) (*Response, error) { return nil, Found(" //evil.example/x") }).
		ServeHTTP(rec, get("/", "Accept", "text/html"))
	if strings.Contains(rec.Body.String(), `" //evil`) || strings.Contains(rec.Body.String(), `"//evil`) {
		t.Errorf("unsafe href in body: %q", rec.Body)
	}
}

func FuzzSafeLocation(f *testing.F) {
	for _, a := range locationAttacks {
		f.Add(a)
	}
	f.Add("/ok")
	f.Add("https://x.example/")
	f.Fuzz(func(t *testing.T, loc string) {
		const base = "http://good.example/app/page"
		safe := SafeLocation(loc)
		if !hasScheme(safe) {
			if h := browserHost(base, safe); h != "good.example" && h != "unparseable" {
				t.Fatalf("SafeLocation(%q) = %q goes to %q", loc, safe, h)
			}
			abs := ResolveLocation(base, loc)
			if u, err := url.Parse(abs); err == nil && u.Host != "" && u.Host != "good.example" {
				t.Fatalf("ResolveLocation(%q) = %q", loc, abs)
			}
		}
		if SafeLocation(safe) != safe {
			t.Fatalf("not idempotent: %q -> %q -> %q", loc, safe, SafeLocation(safe))
		}
	})
}
