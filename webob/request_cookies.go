package webob

import "github.com/webob-go/webob/cookies"

// Cookie returns the value of the first cookie named name, and whether
// there was one. It reads the Cookie header without parsing the other
// pairs and without allocating; malformed pairs are skipped.
func (r *Request) Cookie(name string) (string, bool) {
	return cookies.Get(r.lines("Cookie"), name)
}

// Cookies returns the request's cookies in order, malformed pairs skipped;
// nil when there are none or when there are more than cookies.MaxPairs
// (see ParseCookies).
func (r *Request) Cookies() []cookies.Cookie {
	cs, _ := r.ParseCookies()
	return cs
}

// ParseCookies returns the request's cookies in order and the error of
// strict reading: more than cookies.MaxPairs pairs is a *HeaderError
// wrapping cookies.ErrTooManyCookies, answered 431 (and no cookies: a
// limit never yields a silently shortened list). Malformed pairs are
// skipped, as browsers need.
func (r *Request) ParseCookies() ([]cookies.Cookie, error) {
	c := r.cache()
	if c.need(hcCookies) {
		c.cookies, c.cookiesErr = cookies.Parse(r.lines("Cookie"))
		if c.cookiesErr != nil {
			c.cookiesErr = headerErr("Cookie", c.cookiesErr)
			c.cookies = nil
		}
	}
	return c.cookies, c.cookiesErr
}
