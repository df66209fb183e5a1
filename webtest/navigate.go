package webtest

import (
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// origin serialises the origin of u ("https://h:8443").
func origin(u *url.URL) string {
	return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host)
}

func sameOrigin(a, b *url.URL) bool { return origin(a) == origin(b) }

// referer is the Referer a browser sends when navigating from from to to
// under the default policy, strict-origin-when-cross-origin: the whole URL
// (no fragment, no user info) within an origin, the origin alone across
// origins, nothing from https to http.
func referer(from, to *url.URL) string {
	if isSecure(from) && !isSecure(to) {
		return ""
	}
	if !sameOrigin(from, to) {
		return origin(from) + "/"
	}
	u := *from
	u.User, u.Fragment, u.RawFragment = nil, "", ""
	return u.String()
}

// fetchSite is the Sec-Fetch-Site value of a navigation from from to to.
func fetchSite(from, to *url.URL) string {
	if sameOrigin(from, to) {
		return "same-origin"
	}
	if strings.EqualFold(from.Scheme, to.Scheme) {
		a, err1 := publicsuffix.EffectiveTLDPlusOne(canonicalHost(from))
		b, err2 := publicsuffix.EffectiveTLDPlusOne(canonicalHost(to))
		if err1 == nil && err2 == nil && a == b {
			return "same-site"
		}
	}
	return "cross-site"
}

// navigation adds the headers a browser sends when a page navigates (a
// clicked link, a submitted form): Referer, Sec-Fetch-Site,
// Sec-Fetch-Mode and Sec-Fetch-Dest, and Origin for a POST.
func (rc *reqConfig) navigation(from, to *url.URL, method string) {
	h := rc.hdr()
	if ref := referer(from, to); ref != "" && h.Get("Referer") == "" {
		h.Set("Referer", ref)
	}
	if h.Get("Sec-Fetch-Site") == "" {
		h.Set("Sec-Fetch-Site", fetchSite(from, to))
		h.Set("Sec-Fetch-Mode", "navigate")
		h.Set("Sec-Fetch-Dest", "document")
	}
	if method == "POST" && h.Get("Origin") == "" {
		o := origin(from)
		if isSecure(from) && !isSecure(to) {
			o = "null"
		}
		h.Set("Origin", o)
	}
}
