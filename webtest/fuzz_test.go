package webtest

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// FuzzJar stores arbitrary Set-Cookie lines from arbitrary URLs and checks
// that the jar never panics and never sends a cookie §5.4 forbids.
func FuzzJar(f *testing.F) {
	f.Add("http://h.test/a/b", "a=1; Path=/; Domain=h.test; Max-Age=5", "https://w.h.test/a")
	f.Add("https://H.test:8/", `__Host-x="q"; Secure; Path=/`, "http://h.test/")
	f.Add("http://10.0.0.1/", "a=1; Domain=10.0.0.1; Expires=Thu, 01 Jan 1970 00:00:00 GMT", "http://10.0.0.1/")
	f.Add("http://bücher.example/", "a=1; Domain=example", "http://xn--bcher-kva.example/")
	f.Fuzz(func(t *testing.T, from, line, to string) {
		fu, err1 := url.Parse(from)
		tu, err2 := url.Parse(to)
		if err1 != nil || err2 != nil {
			return
		}
		now := t0
		j := NewJar(&JarOptions{Now: func() time.Time { return now }, MaxPerDomain: 3, MaxTotal: 5})
		for _, l := range strings.Split(line, "\n") {
			j.SetCookieLines(fu, l)
			now = now.Add(time.Second)
		}
		hdr := j.CookieHeader(tu)
		if strings.ContainsAny(hdr, "\r\n\x00") {
			t.Fatalf("Cookie header %q has a control byte", hdr)
		}
		j.mu.Lock()
		sent := j.matching(tu, false)
		j.mu.Unlock()
		host := canonicalHost(tu)
		for _, c := range sent {
			if c.Secure && !isSecure(tu) {
				t.Fatalf("Secure cookie %q sent over %s", c.Name, tu.Scheme)
			}
			if c.HostOnly && c.Domain != host || !c.HostOnly && !domainMatch(host, c.Domain) {
				t.Fatalf("cookie %q for %q sent to %q", c.Name, c.Domain, host)
			}
		}
		if n := len(j.All()); n > 5 {
			t.Fatalf("%d cookies over the total cap", n)
		}
	})
}
