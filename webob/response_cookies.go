package webob

import (
	"github.com/webob-go/webob/cookies"
)

// SetCookie adds a Set-Cookie line for c. The cookie is checked first
// (cookies.SetCookie.Validate: a token name, cookie-octets in the value,
// no ";" or control byte in Path or Domain, the SameSite and prefix
// rules); an invalid cookie is refused with the error and never sent.
func (r *Response) SetCookie(c cookies.SetCookie) error {
	b, err := c.AppendFormat(nil)
	if err != nil {
		return err
	}
	r.Header()["Set-Cookie"] = append(r.Header()["Set-Cookie"], string(b))
	return nil
}

// SetCookieLines adds already formatted Set-Cookie lines, such as those of
// cookies.Profile.SetCookies. A line holding CR, LF or NUL is refused.
func (r *Response) SetCookieLines(lines ...string) error {
	for _, l := range lines {
		if err := checkField("Set-Cookie", l); err != nil {
			return err
		}
	}
	r.Header()["Set-Cookie"] = append(r.Header()["Set-Cookie"], lines...)
	return nil
}

// DeleteCookie adds a Set-Cookie line that makes the client delete the
// cookie name: an empty value, Max-Age=0 and an Expires in the past (WebOb's
// delete_cookie). path and domain must be those the cookie was set with;
// an empty path means "/", as in WebOb.
func (r *Response) DeleteCookie(name, path, domain string) error {
	if path == "" {
		path = "/"
	}
	return r.SetCookie(cookies.Deletion(name, path, domain))
}

// UnsetCookie removes the pending Set-Cookie lines for the cookie name
// from this response (WebOb's unset_cookie): nothing is sent for it. It
// reports whether there was one; the other Set-Cookie lines are kept in
// order.
func (r *Response) UnsetCookie(name string) bool {
	lines := r.values("Set-Cookie")
	if len(lines) == 0 {
		return false
	}
	kept := lines[:0:0]
	found := false
	for _, l := range lines {
		if c, err := cookies.ParseSetCookie(l); err == nil && c.Name == name {
			found = true
			continue
		}
		kept = append(kept, l)
	}
	if !found {
		return false
	}
	if len(kept) == 0 {
		r.del("Set-Cookie")
	} else {
		r.header["Set-Cookie"] = kept
	}
	return true
}

// Cookies returns the cookies this response sets, parsed from its
// Set-Cookie lines (lines that do not parse are skipped).
func (r *Response) Cookies() []cookies.SetCookie {
	var out []cookies.SetCookie
	for _, l := range r.values("Set-Cookie") {
		if c, err := cookies.ParseSetCookie(l); err == nil {
			out = append(out, c)
		}
	}
	return out
}

// MergeCookies copies the Set-Cookie lines of r onto dst, after dst's own
// (WebOb's merge_cookies): use it when a handler replaces a response that
// set cookies, such as a redirect after a login. It returns dst.
func (r *Response) MergeCookies(dst *Response) *Response {
	lines := r.values("Set-Cookie")
	if len(lines) == 0 || dst == nil || dst == r {
		return dst
	}
	h := dst.Header()
	h["Set-Cookie"] = append(h["Set-Cookie"][:len(h["Set-Cookie"]):len(h["Set-Cookie"])], lines...)
	return dst
}

// SetProfileCookie stores v in the cookie described by p (serialized by
// p.Serializer, signed or encrypted by p.Codec), adding its Set-Cookie
// lines (one per domain of the profile).
func (r *Response) SetProfileCookie(p *cookies.Profile, v any) error {
	lines, err := p.SetCookies(v)
	if err != nil {
		return err
	}
	return r.SetCookieLines(lines...)
}
