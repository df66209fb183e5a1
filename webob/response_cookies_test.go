package webob

import (
	"strings"
	"testing"

	"github.com/webob-go/webob/cookies"
)

func TestCookies(t *testing.T) {
	r := NewResponse(200)
	must(t, r.SetCookie(cookies.SetCookie{Name: "x", Value: "y", Path: "/"}))
	must(t, r.SetCookie(cookies.SetCookie{Name: "foo", Value: "foo", Path: "/", HttpOnly: true}))
	// WebOb facts: set_cookie('x','y') is "x=y; Path=/"; httponly adds
	// "; HttpOnly".
	if got := r.values("Set-Cookie"); len(got) != 2 || got[0] != "x=y; Path=/" || got[1] != "foo=foo; Path=/; HttpOnly" {
		t.Errorf("Set-Cookie %q", got)
	}
	must(t, r.DeleteCookie("a", "", ""))
	del := r.values("Set-Cookie")[2]
	for _, part := range []string{"a=", "Path=/", "Max-Age=0", "Expires=Thu, 01 Jan 1970 00:00:00 GMT"} {
		if !strings.Contains(del, part) {
			t.Errorf("delete cookie %q lacks %q", del, part)
		}
	}
	must(t, r.DeleteCookie("a", "/abc", "example.com"))
	if l := r.values("Set-Cookie")[3]; !strings.Contains(l, "Path=/abc") || !strings.Contains(l, "Domain=example.com") {
		t.Errorf("delete with path and domain: %q", l)
	}
	// WebOb: unset_cookie removes the pending lines of that name only.
	u := NewResponse(200)
	u.Header().Add("Set-Cookie", "a=2; Path=/")
	u.Header().Add("Set-Cookie", "b=3; Path=/")
	if !u.UnsetCookie("a") || strings.Join(u.values("Set-Cookie"), "|") != "b=3; Path=/" {
		t.Errorf("UnsetCookie a: %q", u.values("Set-Cookie"))
	}
	if u.UnsetCookie("zzz") {
		t.Error("UnsetCookie of an absent cookie reported true")
	}
	if !u.UnsetCookie("b") || u.has("Set-Cookie") {
		t.Error("UnsetCookie b")
	}
	// WebOb: merge_cookies appends this response's Set-Cookie lines.
	src := NewResponse(200)
	must(t, src.SetCookie(cookies.SetCookie{Name: "a", Value: "1", Path: "/"}))
	dst := Found("/home").Response(nil)
	must(t, dst.SetCookie(cookies.SetCookie{Name: "b", Value: "2"}))
	if got := src.MergeCookies(dst); got != dst || strings.Join(dst.values("Set-Cookie"), "|") != "b=2|a=1; Path=/" {
		t.Errorf("MergeCookies: %q", dst.values("Set-Cookie"))
	}
	if NewResponse(200).MergeCookies(dst) != dst {
		t.Error("MergeCookies without cookies")
	}
	if cs := dst.Cookies(); len(cs) != 2 || cs[1].Name != "a" || cs[1].Path != "/" {
		t.Errorf("Cookies %+v", cs)
	}
	// Signed cookies through a profile.
	s, _ := cookies.NewSigner([]byte("0123456789abcdef0123456789abcdef"))
	p := &cookies.Profile{Name: "session", Codec: s, HttpOnly: true}
	must(t, r.SetProfileCookie(p, map[string]int{"n": 1}))
	last := r.values("Set-Cookie")[len(r.values("Set-Cookie"))-1]
	if !strings.HasPrefix(last, "session=") || !strings.Contains(last, "HttpOnly") {
		t.Errorf("profile cookie %q", last)
	}
}
