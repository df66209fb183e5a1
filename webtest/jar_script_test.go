package webtest

import (
	"strings"
	"testing"
)

// RFC 6265 §5.3 step 10: a cookie with HttpOnly received from a non-HTTP
// API (a page script) is ignored entirely; without HttpOnly it is stored
// and sent like any other.
func TestJarScriptCannotSetHttpOnlyCookie(t *testing.T) {
	j := NewJar(nil)
	u := mustURL(t, "https://h.test/app/page")
	if why := j.SetFromScript(u, "sid=forged; Path=/; HttpOnly"); !strings.Contains(why, "HttpOnly") {
		t.Errorf("HttpOnly from a script: reason %q", why)
	}
	if why := j.SetFromScript(u, "theme=dark; Path=/"); why != "" {
		t.Errorf("plain cookie from a script refused: %q", why)
	}
	if got := j.CookieHeader(u); got != "theme=dark" {
		t.Errorf("Cookie header %q, want only theme=dark", got)
	}
	// The same line from an HTTP response is stored.
	j.SetCookieLines(u, "sid=real; Path=/; HttpOnly")
	if v, ok := j.Value(u, "sid"); !ok || v != "real" {
		t.Errorf("HttpOnly from HTTP: %q %v", v, ok)
	}
}

// RFC 6265 §5.3 step 11.2 (RFC 6265bis §5.7 keeps it): a cookie from a
// non-HTTP API that would replace an HttpOnly cookie of the same name,
// domain and path is ignored, so a script can neither overwrite nor
// expire it; HTTP still can. A different path is a different cookie.
func TestJarScriptCannotOverwriteHttpOnlyCookie(t *testing.T) {
	j := NewJar(nil)
	u := mustURL(t, "https://h.test/")
	j.SetCookieLines(u, "sid=real; Path=/; HttpOnly", "pref=1; Path=/")
	for _, line := range []string{"sid=forged; Path=/", "sid=; Path=/; Max-Age=0"} {
		if why := j.SetFromScript(u, line); !strings.Contains(why, "HttpOnly") {
			t.Errorf("%q from a script: reason %q", line, why)
		}
		if v, _ := j.Value(u, "sid"); v != "real" {
			t.Fatalf("%q from a script replaced the HttpOnly cookie: sid=%q", line, v)
		}
	}
	// A script may replace a cookie that is not HttpOnly.
	if why := j.SetFromScript(u, "pref=2; Path=/"); why != "" {
		t.Errorf("replacing a plain cookie: %q", why)
	}
	if v, _ := j.Value(u, "pref"); v != "2" {
		t.Errorf("pref = %q, want 2", v)
	}
	// Another path makes another cookie, which the script may set.
	if why := j.SetFromScript(u, "sid=other; Path=/x"); why != "" {
		t.Errorf("other path: %q", why)
	}
	// The server may still replace its own HttpOnly cookie.
	j.SetCookieLines(u, "sid=rotated; Path=/; HttpOnly")
	if v, _ := j.Value(u, "sid"); v != "rotated" {
		t.Errorf("HTTP replace: sid=%q", v)
	}
}

// RFC 6265 §5.4 step 1: a cookie-string generated for a non-HTTP API
// leaves out HttpOnly cookies; the rest (Secure ones on an https page
// included) is in the usual order.
func TestJarScriptCookiesExcludeHttpOnly(t *testing.T) {
	j := NewJar(nil)
	u := mustURL(t, "https://h.test/a/b")
	j.SetCookieLines(u, "sid=1; Path=/; HttpOnly", "a=2; Path=/", "b=3; Secure", "c=4; Path=/a; HttpOnly")
	if got := j.ScriptCookies(u); got != "b=3; a=2" {
		t.Errorf("ScriptCookies = %q, want \"b=3; a=2\"", got)
	}
	if got := j.CookieHeader(u); got != "b=3; c=4; sid=1; a=2" {
		t.Errorf("CookieHeader = %q", got)
	}
	if got := j.ScriptCookies(mustURL(t, "http://h.test/a/b")); got != "a=2" {
		t.Errorf("ScriptCookies over http = %q, want \"a=2\"", got)
	}
}
