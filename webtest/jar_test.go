package webtest

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// jarStep is one action on a Jar: store a Set-Cookie line received from
// url, move the clock, or check the Cookie header for url.
type jarStep struct {
	url     string
	set     string
	advance time.Duration
	want    string
	check   bool
}

func set(u, line string) jarStep              { return jarStep{url: u, set: line} }
func send(u, want string) jarStep             { return jarStep{url: u, want: want, check: true} }
func advance(d time.Duration) jarStep         { return jarStep{advance: d} }
func mustURL(t *testing.T, s string) *url.URL { u, err := url.Parse(s); must(t, err); return u }

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

type jarCase struct {
	name  string
	opts  JarOptions
	steps []jarStep
}

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func runJarCases(t *testing.T, cases []jarCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			now := t0
			o := tc.opts
			o.Now = func() time.Time { return now }
			j := NewJar(&o)
			for i, s := range tc.steps {
				switch {
				case s.advance != 0:
					now = now.Add(s.advance)
				case s.check:
					if got := j.CookieHeader(mustURL(t, s.url)); got != s.want {
						t.Errorf("step %d: Cookie for %s = %q, want %q", i, s.url, got, s.want)
					}
				default:
					j.SetCookieLines(mustURL(t, s.url), s.set)
				}
				now = now.Add(time.Millisecond) // distinct creation times
			}
		})
	}
}

func TestJarRFC6265Section5_1_3DomainMatch(t *testing.T) {
	for _, c := range []struct {
		host, domain string
		want         bool
	}{
		{"example.com", "example.com", true},
		{"www.example.com", "example.com", true},
		{"a.b.example.com", "example.com", true},
		{"wwwexample.com", "example.com", false}, // no "." before the suffix
		{"example.com", "www.example.com", false},
		{"192.168.0.1", "192.168.0.1", true},
		{"::1", "::1", true},
		{"1.2.3.4", "2.3.4", false}, // an IP address matches only itself
	} {
		if got := domainMatch(c.host, c.domain); got != c.want {
			t.Errorf("domainMatch(%q, %q) = %v", c.host, c.domain, got)
		}
	}
}

func TestJarRFC6265Section5_1_4Paths(t *testing.T) {
	for _, c := range []struct{ path, want string }{
		{"", "/"}, {"x", "/"}, {"/", "/"}, {"/a", "/"}, {"/a/", "/a"}, {"/a/b", "/a"}, {"/a/b/c", "/a/b"},
	} {
		if got := defaultPath(c.path); got != c.want {
			t.Errorf("defaultPath(%q) = %q, want %q", c.path, got, c.want)
		}
	}
	for _, c := range []struct {
		req, cookie string
		want        bool
	}{
		{"/", "/", true},
		{"/a", "/a", true},
		{"/a/b", "/a", true},  // next char of the request path is "/"
		{"/a/b", "/a/", true}, // cookie path ends with "/"
		{"/ab", "/a", false},
		{"/a", "/a/", false},
		{"/", "/a", false},
		{"/A", "/a", false}, // case-sensitive
	} {
		if got := pathMatch(c.req, c.cookie); got != c.want {
			t.Errorf("pathMatch(%q, %q) = %v", c.req, c.cookie, got)
		}
	}
}

func TestJarRFC6265Section5_2Parsing(t *testing.T) {
	runJarCases(t, []jarCase{
		{"quoted value kept with its quotes", JarOptions{}, []jarStep{
			set("http://h.test/", `a="x y"`), send("http://h.test/", `a="x y"`)}},
		{"white space around name and value trimmed", JarOptions{}, []jarStep{
			set("http://h.test/", " a = 1 ; Path=/"), send("http://h.test/", "a=1")}},
		{"attribute names case-insensitive", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1; SECURE"), send("http://h.test/", ""), send("https://h.test/", "a=1")}},
		{"last of a repeated attribute wins", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1; Path=/x; Path=/y"), send("http://h.test/x", ""), send("http://h.test/y", "a=1")}},
		{"line without = ignored", JarOptions{}, []jarStep{
			set("http://h.test/", "justaname"), send("http://h.test/", "")}},
		{"empty name ignored", JarOptions{}, []jarStep{
			set("http://h.test/", "=v"), send("http://h.test/", "")}},
		{"control byte refuses the line", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1\x00"), send("http://h.test/", "")}},
		{"unparsable Expires ignored (session cookie)", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1; Expires=never"), send("http://h.test/", "a=1")}},
		{"Max-Age not digits ignored", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1; Max-Age=1x"), advance(time.Hour), send("http://h.test/", "a=1")}},
		{"Path not starting with / means default-path", JarOptions{}, []jarStep{
			set("http://h.test/d/p", "a=1; Path=rel"), send("http://h.test/d/x", "a=1"), send("http://h.test/x", "")}},
		{"leading dot of Domain ignored", JarOptions{}, []jarStep{
			set("http://www.h.test/", "a=1; Domain=.h.test"), send("http://other.h.test/", "a=1")}},
		{"cookie-date forms of §5.1.1 accepted", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1; Expires=Thursday, 01-Jan-70 00:00:00 GMT"), send("http://h.test/", "")}},
	})
}

func TestJarRFC6265Section5_3Storage(t *testing.T) {
	runJarCases(t, []jarCase{
		// Step 3.
		{"step 3: Max-Age beats Expires (future Max-Age, past Expires)", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1; Expires=Wed, 01 Jan 2020 00:00:00 GMT; Max-Age=60"), send("http://h.test/", "a=1")}},
		{"step 3: Max-Age beats Expires (Max-Age=0, future Expires)", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1"), set("http://h.test/", "a=1; Max-Age=0; Expires=Fri, 01 Jan 2100 00:00:00 GMT"),
			send("http://h.test/", "")}},
		{"step 3: Max-Age expires after delta-seconds", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1; Max-Age=10"), advance(9 * time.Second), send("http://h.test/", "a=1"),
			advance(time.Second), send("http://h.test/", "")}},
		{"step 3: negative Max-Age deletes", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1"), set("http://h.test/", "a=; Max-Age=-1"), send("http://h.test/", "")}},
		{"step 3: past Expires deletes", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1"), set("http://h.test/", "a=; Expires=Thu, 01 Jan 1970 00:00:00 GMT"),
			send("http://h.test/", "")}},
		{"step 3: future Expires kept until then", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1; Expires="+t0.Add(time.Hour).Format(http.TimeFormat)), send("http://h.test/", "a=1"),
			advance(time.Hour), send("http://h.test/", "")}},
		{"step 3: session cookie never expires on its own", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1"), advance(24 * 365 * time.Hour), send("http://h.test/", "a=1")}},
		{"step 3: huge Max-Age does not overflow", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1; Max-Age=99999999999999999999"), send("http://h.test/", "a=1")}},
		// Step 5: public suffixes.
		{"step 5: Domain a public suffix refused (com)", JarOptions{}, []jarStep{
			set("http://example.com/", "a=1; Domain=com"), send("http://example.com/", ""), send("http://other.com/", "")}},
		{"step 5: Domain a public suffix refused (co.uk)", JarOptions{}, []jarStep{
			set("http://bbc.co.uk/", "a=1; Domain=co.uk"), send("http://bbc.co.uk/", "")}},
		{"step 5: Domain a private public suffix refused (github.io)", JarOptions{}, []jarStep{
			set("http://me.github.io/", "a=1; Domain=github.io"), send("http://you.github.io/", ""), send("http://me.github.io/", "")}},
		{"step 5: Domain equal to the host and a public suffix makes host-only", JarOptions{}, []jarStep{
			set("http://localhost/", "a=1; Domain=localhost"), send("http://localhost/", "a=1"), send("http://x.localhost/", "")}},
		{"step 5: Domain one label above a public suffix accepted", JarOptions{}, []jarStep{
			set("http://www.bbc.co.uk/", "a=1; Domain=bbc.co.uk"), send("http://news.bbc.co.uk/", "a=1")}},
		// Step 6.
		{"step 6: Domain not domain-matching the host refused", JarOptions{}, []jarStep{
			set("http://www.h.test/", "a=1; Domain=other.test"), send("http://other.test/", ""), send("http://www.h.test/", "")}},
		{"step 6: Domain that is no host name refuses the cookie", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1; Domain=-"), set("http://h.test/", "b=1; Domain=h.test."), send("http://h.test/", "")}},
		{"step 6: the last Domain counts even when the parser drops it", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1; Domain=h.test; Domain=a..b"), send("http://h.test/", "")}},
		{"step 6: an empty Domain is ignored, not the cookie", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1; Domain=h.test; Domain="), send("http://w.h.test/", "a=1")}},
		{"step 6: IPv6 host with its own Domain", JarOptions{}, []jarStep{
			set("http://[::1]/", "a=1; Domain=::1"), send("http://[::1]/", "a=1")}},
		{"step 6: Domain of a subdomain refused", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1; Domain=www.h.test"), send("http://www.h.test/", "")}},
		{"step 6: Domain makes a domain cookie sent to subdomains", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1; Domain=h.test"), send("http://h.test/", "a=1"), send("http://a.b.h.test/", "a=1")}},
		{"step 6: no Domain makes a host-only cookie", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1"), send("http://h.test/", "a=1"), send("http://www.h.test/", "")}},
		{"step 6: host canonicalised: case and port ignored", JarOptions{}, []jarStep{
			set("http://H.Test:8080/", "a=1"), send("http://h.test/", "a=1")}},
		{"step 6: IP host with its own Domain", JarOptions{}, []jarStep{
			set("http://10.0.0.1/", "a=1; Domain=10.0.0.1"), send("http://10.0.0.1/", "a=1")}},
		{"step 6: IP host refuses another IP as Domain", JarOptions{}, []jarStep{
			set("http://10.0.0.1/", "a=1; Domain=10.0.0.2"), send("http://10.0.0.1/", ""), send("http://10.0.0.2/", "")}},
		// Step 7.
		{"step 7: no Path means default-path", JarOptions{}, []jarStep{
			set("http://h.test/a/b", "a=1"), send("http://h.test/a", "a=1"), send("http://h.test/a/c", "a=1"), send("http://h.test/", "")}},
		{"step 7: Path attribute used", JarOptions{}, []jarStep{
			set("http://h.test/a/b", "a=1; Path=/"), send("http://h.test/", "a=1")}},
		// Step 11.
		{"step 11: same name, domain and path replaced keeping creation time", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1; Path=/"), set("http://h.test/", "b=1; Path=/"), set("http://h.test/", "a=2; Path=/"),
			send("http://h.test/", "a=2; b=1")}},
		{"step 11: same name, other path kept apart", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1; Path=/"), set("http://h.test/", "a=2; Path=/x"), send("http://h.test/x", "a=2; a=1")}},
		{"step 11: host-only flag not part of the identity: a domain cookie replaces it", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1"), set("http://h.test/", "a=2; Domain=h.test"), send("http://h.test/", "a=2"),
			send("http://w.h.test/", "a=2")}},
		// Eviction.
		{"eviction (§5.3 end): per-domain cap evicts the least recently used", JarOptions{MaxPerDomain: 2}, []jarStep{
			set("http://h.test/", "a=1; Path=/a"), set("http://h.test/", "b=1; Path=/b"), send("http://h.test/a", "a=1"),
			set("http://h.test/", "c=1; Path=/"), send("http://h.test/a", "a=1; c=1"), send("http://h.test/b", "c=1"),
			send("http://other.test/", "")}},
		{"eviction (§5.3 end): per-domain cap leaves other domains alone", JarOptions{MaxPerDomain: 1}, []jarStep{
			set("http://o.test/", "o=1"), set("http://h.test/", "a=1"), set("http://h.test/", "b=1"),
			send("http://o.test/", "o=1"), send("http://h.test/", "b=1")}},
		{"eviction (§5.3 end): total cap evicts the least recently used anywhere", JarOptions{MaxTotal: 2}, []jarStep{
			set("http://a.test/", "a=1"), set("http://b.test/", "b=1"), send("http://a.test/", "a=1"),
			set("http://c.test/", "c=1"), send("http://a.test/", "a=1"), send("http://b.test/", ""), send("http://c.test/", "c=1")}},
		// Prefixes (RFC 6265bis §4.1.3).
		{"RFC 6265bis §4.1.3: __Secure- without Secure refused", JarOptions{}, []jarStep{
			set("https://h.test/", "__Secure-a=1"), send("https://h.test/", "")}},
		{"RFC 6265bis §4.1.3: __Secure- from an insecure origin refused", JarOptions{}, []jarStep{
			set("http://h.test/", "__Secure-a=1; Secure"), send("https://h.test/", "")}},
		{"RFC 6265bis §4.1.3: __Secure- with Secure over https stored", JarOptions{}, []jarStep{
			set("https://h.test/", "__Secure-a=1; Secure; Domain=h.test"), send("https://w.h.test/", "__Secure-a=1")}},
		{"RFC 6265bis §4.1.3: __Host- with Domain refused", JarOptions{}, []jarStep{
			set("https://h.test/", "__Host-a=1; Secure; Path=/; Domain=h.test"), send("https://h.test/", "")}},
		{"RFC 6265bis §4.1.3: __Host- with another Path refused", JarOptions{}, []jarStep{
			set("https://h.test/", "__Host-a=1; Secure; Path=/x"), send("https://h.test/x", "")}},
		{"RFC 6265bis §4.1.3: __Host- without Path refused", JarOptions{}, []jarStep{
			set("https://h.test/", "__Host-a=1; Secure"), send("https://h.test/", "")}},
		{"RFC 6265bis §4.1.3: __Host- without Secure refused", JarOptions{}, []jarStep{
			set("https://h.test/", "__Host-a=1; Path=/"), send("https://h.test/", "")}},
		{"RFC 6265bis §4.1.3: __Host- done right stored", JarOptions{}, []jarStep{
			set("https://h.test/", "__Host-a=1; Secure; Path=/"), send("https://h.test/", "__Host-a=1")}},
		{"RFC 6265bis §4.1.3: prefixes match case-insensitively", JarOptions{}, []jarStep{
			set("https://h.test/", "__secure-a=1"), set("https://h.test/", "__HOST-b=1; Secure"), send("https://h.test/", "")}},
	})
}

func TestJarRFC6265Section5_4CookieHeader(t *testing.T) {
	runJarCases(t, []jarCase{
		{"Secure sent only over https", JarOptions{}, []jarStep{
			set("https://h.test/", "a=1; Secure"), send("http://h.test/", ""), send("https://h.test/", "a=1")}},
		{"Secure sent over wss", JarOptions{}, []jarStep{
			set("https://h.test/", "a=1; Secure"), send("wss://h.test/", "a=1")}},
		{"HttpOnly kept and sent to the HTTP API", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1; HttpOnly"), send("http://h.test/", "a=1")}},
		{"path-match decides", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1; Path=/docs"), send("http://h.test/docs", "a=1"), send("http://h.test/docs/x", "a=1"),
			send("http://h.test/docsx", ""), send("http://h.test/", "")}},
		{"longer path first", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1; Path=/"), set("http://h.test/", "b=1; Path=/x/y"), set("http://h.test/", "c=1; Path=/x"),
			send("http://h.test/x/y/z", "b=1; c=1; a=1")}},
		{"equal paths: earlier creation first", JarOptions{}, []jarStep{
			set("http://h.test/", "z=1; Path=/"), set("http://h.test/", "y=1; Path=/"), set("http://h.test/", "x=1; Path=/"),
			send("http://h.test/", "z=1; y=1; x=1")}},
		{"expired cookies not sent", JarOptions{}, []jarStep{
			set("http://h.test/", "a=1; Max-Age=1"), advance(2 * time.Second), send("http://h.test/", "")}},
	})
}

func TestJarLastAccessUpdatedBySending(t *testing.T) {
	now := t0
	j := NewJar(&JarOptions{Now: func() time.Time { return now }})
	j.SetCookieLines(mustURL(t, "http://h.test/"), "a=1")
	now = now.Add(time.Minute)
	j.CookieHeader(mustURL(t, "http://h.test/"))
	c := j.All()[0]
	if !c.LastAccess.Equal(now) || !c.Created.Equal(t0) {
		t.Fatalf("%+v", c)
	}
}

func TestJarIsHTTPCookieJar(t *testing.T) {
	var cj http.CookieJar = NewJar(nil)
	u := mustURL(t, "https://h.test/p/q")
	cj.SetCookies(u, []*http.Cookie{{Name: "a", Value: "1", Path: "/", Secure: true}, {Name: "b", Value: "2"}})
	got := cj.Cookies(u)
	if len(got) != 2 || got[0].Name != "b" || got[1].Name != "a" { // /p before /
		t.Fatalf("%v", got)
	}
}

func TestJarSetAndAll(t *testing.T) {
	j := NewJar(nil)
	if j.Set(Cookie{Name: "a"}) {
		t.Fatal("Set without a domain accepted")
	}
	j.Set(Cookie{Name: "a", Value: "1", Domain: ".H.test"})
	j.Set(Cookie{Name: "b", Value: "2", Domain: "h.test", HostOnly: true})
	if got := j.CookieHeader(mustURL(t, "http://w.h.test/")); got != "a=1" {
		t.Fatal(got)
	}
	if all := j.All(); len(all) != 2 || all[0].Name != "a" || all[1].Path != "/" {
		t.Fatalf("%+v", all)
	}
	j.Clear()
	if len(j.All()) != 0 {
		t.Fatal("Clear")
	}
}

func TestJarSkippedLinesSayWhy(t *testing.T) {
	j := NewJar(nil)
	why := j.SetCookieLines(mustURL(t, "http://example.com/"), "a=1; Domain=com", "novalue", "ok=1")
	if len(why) != 2 || !strings.Contains(why[0], "public suffix") {
		t.Fatalf("%q", why)
	}
}
