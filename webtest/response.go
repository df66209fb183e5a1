package webtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// A Response is the answer to one request of an App, with assertions that
// fail the test (tb.Errorf) and navigation (Follow, Click, forms) that
// sends the next request through the same App.
type Response struct {
	app         *App
	res         *http.Response
	body        []byte
	url         *url.URL
	method      string
	reqBody     []byte
	contentType string

	doc    *html.Node
	base   *url.URL
	parsed bool
	forms  []*Form
}

// Code returns the status code.
func (r *Response) Code() int { return r.res.StatusCode }

// Header returns the response header.
func (r *Response) Header() http.Header { return r.res.Header }

// Text returns the body as a string.
func (r *Response) Text() string { return string(r.body) }

// Bytes returns the body.
func (r *Response) Bytes() []byte { return r.body }

// URL returns the absolute URL the request was sent to.
func (r *Response) URL() *url.URL { return r.url }

// Request returns the request as sent (its body already read).
func (r *Response) Request() *http.Request { return r.res.Request }

// Result returns the response as an *http.Response; its Body is already
// read: use Bytes.
func (r *Response) Result() *http.Response { return r.res }

// JSON decodes the body into v and fails the test when it is not JSON
// or does not fit v.
func (r *Response) JSON(v any) {
	r.app.tb.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		r.app.tb.Errorf("webtest: %s %s: decoding JSON body: %v; body: %s", r.method, r.url, err, bodyStart(r.body))
	}
}

// MustContain fails the test for each string the body does not contain.
func (r *Response) MustContain(s ...string) *Response {
	r.app.tb.Helper()
	for _, x := range s {
		if !bytes.Contains(r.body, []byte(x)) {
			r.app.tb.Errorf("webtest: %s %s: body does not contain %q; body: %s", r.method, r.url, x, bodyStart(r.body))
		}
	}
	return r
}

// MustNotContain fails the test for each string the body contains.
func (r *Response) MustNotContain(s ...string) *Response {
	r.app.tb.Helper()
	for _, x := range s {
		if bytes.Contains(r.body, []byte(x)) {
			r.app.tb.Errorf("webtest: %s %s: body contains %q", r.method, r.url, x)
		}
	}
	return r
}

// isRedirect reports whether the response is a 3xx with a Location.
func (r *Response) isRedirect() bool {
	c := r.res.StatusCode
	return c >= 300 && c < 400 && r.res.Header.Get("Location") != ""
}

// Follow sends the request the redirect asks for: a 307 or 308 repeats
// the method and body, any other 3xx becomes a GET (a HEAD stays HEAD), as
// browsers do (RFC 9110 §15.4). Not being a redirect fails the test and
// returns r.
func (r *Response) Follow(opts ...RequestOption) *Response {
	r.app.tb.Helper()
	if !r.isRedirect() {
		r.app.tb.Errorf("webtest: %s %s: Follow: status %d with Location %q is not a redirect", r.method, r.url,
			r.res.StatusCode, r.res.Header.Get("Location"))
		return r
	}
	loc, err := url.Parse(r.res.Header.Get("Location"))
	if err != nil {
		r.app.tb.Errorf("webtest: %s %s: Follow: Location: %v", r.method, r.url, err)
		return r
	}
	u := r.url.ResolveReference(loc)
	u.Fragment, u.RawFragment = "", ""
	rc := &reqConfig{}
	for _, o := range opts {
		o(rc)
	}
	// A redirect keeps the Referer of the request it answers.
	if ref := r.res.Request.Header.Get("Referer"); ref != "" && rc.hdr().Get("Referer") == "" {
		rc.hdr().Set("Referer", ref)
	}
	switch c := r.res.StatusCode; {
	case c == http.StatusTemporaryRedirect || c == http.StatusPermanentRedirect:
		return r.app.do(r.method, u, r.contentType, r.reqBody, rc)
	case r.method == http.MethodHead:
		return r.app.do(http.MethodHead, u, "", nil, rc)
	}
	return r.app.do(http.MethodGet, u, "", nil, rc)
}

// MaybeFollow follows redirects until the answer is not one, at most
// WithMaxRedirects times (default 10; more fails the test).
func (r *Response) MaybeFollow(opts ...RequestOption) *Response {
	r.app.tb.Helper()
	for n := 0; r.isRedirect(); n++ {
		if n == r.app.redirects {
			r.app.tb.Errorf("webtest: %s %s: MaybeFollow: more than %d redirects", r.method, r.url, r.app.redirects)
			return r
		}
		r = r.Follow(opts...)
	}
	return r
}

// html returns the parsed document (nil when the body does not parse).
func (r *Response) html() *html.Node {
	if !r.parsed {
		r.parsed = true
		r.base = r.url
		doc, err := html.Parse(bytes.NewReader(r.body))
		if err == nil {
			r.doc = doc
			// The first <base href> sets the document base URL.
			for n := range doc.Descendants() {
				if n.Type == html.ElementNode && n.DataAtom == atom.Base {
					if h, ok := attr(n, "href"); ok {
						if b, err := url.Parse(strings.TrimSpace(h)); err == nil {
							r.base = r.url.ResolveReference(b)
						}
						break
					}
				}
			}
		}
	}
	return r.doc
}

// resolveRef resolves an href of the document.
func (r *Response) resolveRef(href string) (*url.URL, error) {
	r.html()
	u, err := url.Parse(strings.TrimSpace(href))
	if err != nil {
		return nil, err
	}
	u = r.base.ResolveReference(u)
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

func attr(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

// textContent returns the text of n with white space collapsed.
func textContent(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

type link struct{ text, href string }

func (r *Response) links() []link {
	doc := r.html()
	if doc == nil {
		return nil
	}
	var out []link
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && (n.DataAtom == atom.A || n.DataAtom == atom.Area) {
			if h, ok := attr(n, "href"); ok {
				t := textContent(n)
				if n.DataAtom == atom.Area {
					t, _ = attr(n, "alt")
				}
				out = append(out, link{t, h})
			}
		}
	}
	return out
}

// Click follows (GET) the link whose text is linkText (white space
// collapsed) or, if none is, the link whose text contains it. No link, or
// several with different targets, fails the test and returns r. The
// request carries the Referer (strict-origin-when-cross-origin) and
// Sec-Fetch-Site, -Mode and -Dest headers a browser's navigation does.
func (r *Response) Click(linkText string, opts ...RequestOption) *Response {
	r.app.tb.Helper()
	var exact, partial []link
	for _, l := range r.links() {
		switch {
		case l.text == linkText:
			exact = append(exact, l)
		case strings.Contains(l.text, linkText):
			partial = append(partial, l)
		}
	}
	if len(exact) == 0 {
		exact = partial
	}
	return r.clickOne("text "+linkText, exact, opts)
}

// ClickHref follows (GET) the link whose href matches the regular
// expression pattern; none or several different ones fail the test.
func (r *Response) ClickHref(pattern string, opts ...RequestOption) *Response {
	r.app.tb.Helper()
	re, err := regexp.Compile(pattern)
	if err != nil {
		r.app.tb.Errorf("webtest: ClickHref: %v", err)
		return r
	}
	var found []link
	for _, l := range r.links() {
		if re.MatchString(l.href) {
			found = append(found, l)
		}
	}
	return r.clickOne("href "+pattern, found, opts)
}

func (r *Response) clickOne(what string, found []link, opts []RequestOption) *Response {
	r.app.tb.Helper()
	if len(found) == 0 {
		r.app.tb.Errorf("webtest: %s %s: no link with %q", r.method, r.url, what)
		return r
	}
	for _, l := range found[1:] {
		if l.href != found[0].href {
			r.app.tb.Errorf("webtest: %s %s: several links with %q: %q and %q", r.method, r.url, what, found[0].href, l.href)
			return r
		}
	}
	u, err := r.resolveRef(found[0].href)
	if err != nil {
		r.app.tb.Errorf("webtest: %s %s: link %q: %v", r.method, r.url, found[0].href, err)
		return r
	}
	rc := &reqConfig{}
	for _, o := range opts {
		o(rc)
	}
	rc.navigation(r.url, u, http.MethodGet)
	return r.app.do(http.MethodGet, u, "", nil, rc)
}
