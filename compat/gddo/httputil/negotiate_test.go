package httputil_test

import (
	"net/http"
	"testing"

	"github.com/webob-go/webob/compat/gddo/httputil"
	"github.com/webob-go/webob/internal/race"
)

// Cases where gddo's answer contradicts RFC 9110; each is a row of the
// table in docs/differences-from-gddo.md.
var rfcNegotiateContentTypeTests = []struct {
	name         string
	accept       []string // nil: no Accept field
	offers       []string
	defaultOffer string
	want         string
	gddo         string
}{
	// RFC 9110 §12.5.1: the most specific range gives the weight.
	{"MostSpecificRangeGivesTheWeight", []string{"text/html;q=0.1, */*"}, []string{"text/html", "image/png"}, "", "image/png", "text/html"},
	// RFC 9110 §12.4.2, §12.5.1: q=0 means "not acceptable".
	{"QZeroExcludesDespiteWildcard", []string{"text/html;q=0, */*"}, []string{"text/html", "application/json"}, "", "application/json", "text/html"},
	{"QZeroTypeWildcardExcludes", []string{"image/*;q=0, */*;q=0.5"}, []string{"image/png"}, "none", "none", "image/png"},
	// RFC 9110 §12.5.1: media ranges may carry parameters.
	{"ParameterDoesNotAbortHeader", []string{"text/html;level=1, application/json"}, []string{"application/json"}, "", "application/json", ""},
	{"RangeWithParametersMatchesSameParameters", []string{"text/html;level=1;q=0.5, application/json;q=0.4"}, []string{"application/json", "text/html;level=1"}, "", "text/html;level=1", ""},
	// RFC 9110 §12.4.2: 1.5 is not a qvalue.
	{"InvalidWeightSkipsOnlyItsElement", []string{"text/html;q=1.5, application/json;q=0.9"}, []string{"text/html", "application/json"}, "", "application/json", "text/html"},
	{"LeadingDotWeightSkipsOnlyItsElement", []string{"text/html;q=.5, application/json;q=0.9"}, []string{"text/html", "application/json"}, "", "application/json", ""},
	// RFC 9110 §8.3.1: type and subtype are case-insensitive.
	{"CaseInsensitive", []string{"TEXT/HTML"}, []string{"text/html"}, "", "text/html", ""},
	{"UppercaseQ", []string{"text/html;Q=0.5, application/json;q=0.4"}, []string{"application/json", "text/html"}, "", "text/html", ""},
	// RFC 9110 §5.3: several field lines are one list.
	{"SeveralFieldLines", []string{"text/html;q=0.1", "application/json"}, []string{"text/html", "application/json"}, "", "application/json", "application/json"},
	// RFC 9110 §12.5.1: no Accept means any media type.
	{"MissingAcceptWithEmptyDefaultGivesFirstOffer", nil, []string{"application/json", "text/html"}, "", "application/json", ""},
	{"MissingAcceptGivesDefault", nil, []string{"application/json", "text/html"}, "text/html", "text/html", "text/html"},
	{"EmptyAcceptAcceptsNothing", []string{""}, []string{"application/json"}, "", "", ""},
}

func TestNegotiateContentTypeFollowsRFC9110(t *testing.T) {
	for _, tt := range rfcNegotiateContentTypeTests {
		t.Run(tt.name, func(t *testing.T) {
			r := &http.Request{Header: http.Header{}}
			if tt.accept != nil {
				r.Header["Accept"] = tt.accept
			}
			if got := httputil.NegotiateContentType(r, tt.offers, tt.defaultOffer); got != tt.want {
				t.Errorf("NegotiateContentType(%q, %q, %q) = %q, want %q", tt.accept, tt.offers, tt.defaultOffer, got, tt.want)
			}
		})
	}
}

var rfcNegotiateContentEncodingTests = []struct {
	name   string
	accept []string
	offers []string
	want   string
	gddo   string
}{
	// RFC 9110 §12.5.3: gzip;q=0 refuses gzip, not identity.
	{"QZeroCodingLeavesIdentity", []string{"gzip;q=0"}, []string{"gzip"}, "identity", ""},
	// RFC 9110 §12.5.3: identity;q=0 refuses an unencoded answer.
	{"IdentityQZeroRefusesIdentity", []string{"identity;q=0"}, []string{"gzip"}, "", "identity"},
	// RFC 9110 §12.4.2: an explicit q=0 is not overridden by "*".
	{"QZeroNotOverriddenByStar", []string{"gzip;q=0, *"}, []string{"gzip"}, "identity", "gzip"},
	{"StarQZeroWithIdentityEntry", []string{"*;q=0, identity;q=0.5"}, []string{"gzip", "identity"}, "identity", "identity"},
	// RFC 9110 §8.4.1: content codings are case-insensitive.
	{"CaseInsensitive", []string{"GZIP"}, []string{"gzip"}, "gzip", "identity"},
	// RFC 9110 §12.4.2: an invalid weight skips its element only.
	{"InvalidWeightSkipsOnlyItsElement", []string{"br;q=2, gzip"}, []string{"br", "gzip"}, "gzip", "identity"},
	{"NamedCodingBeatsImplicitIdentity", []string{"gzip;q=0.1"}, []string{"identity", "gzip"}, "gzip", "gzip"},
	{"ExplicitIdentityWeight", []string{"identity;q=0.5, gzip;q=0.4"}, []string{"gzip", "identity"}, "identity", "identity"},
	{"Missing", nil, []string{"gzip"}, "identity", "identity"},
	{"FirstEntryDecides", []string{"gzip;q=0.2, gzip;q=0.9, br;q=0.5"}, []string{"gzip", "br"}, "br", "gzip"},
}

func TestNegotiateContentEncodingFollowsRFC9110(t *testing.T) {
	for _, tt := range rfcNegotiateContentEncodingTests {
		t.Run(tt.name, func(t *testing.T) {
			r := &http.Request{Header: http.Header{}}
			if tt.accept != nil {
				r.Header["Accept-Encoding"] = tt.accept
			}
			if got := httputil.NegotiateContentEncoding(r, tt.offers); got != tt.want {
				t.Errorf("NegotiateContentEncoding(%q, %q) = %q, want %q", tt.accept, tt.offers, got, tt.want)
			}
		})
	}
}

func TestNegotiateManyOffersBeyondTheStackBuffer(t *testing.T) {
	offers := make([]string, 40)
	for i := range offers {
		offers[i] = "a/x" + string(rune('a'+i%26)) + string(rune('a'+i/26))
	}
	r := &http.Request{Header: http.Header{"Accept": {"a/*;q=0.5, " + offers[33]}, "Accept-Encoding": {offers[35][2:]}}}
	if got := httputil.NegotiateContentType(r, offers, ""); got != offers[33] {
		t.Errorf("NegotiateContentType = %q, want %q", got, offers[33])
	}
	codings := make([]string, len(offers))
	for i, o := range offers {
		codings[i] = o[2:]
	}
	if got := httputil.NegotiateContentEncoding(r, codings); got != codings[35] {
		t.Errorf("NegotiateContentEncoding = %q, want %q", got, codings[35])
	}
}

const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"

func TestNegotiateDoesNotAllocate(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector allocates")
	}
	r := &http.Request{Header: http.Header{
		"Accept":          {browserAccept},
		"Accept-Encoding": {"gzip, deflate, br, zstd"},
	}}
	offers := []string{"application/json", "text/html"}
	codings := []string{"zstd", "br", "gzip"}
	if n := testing.AllocsPerRun(100, func() { httputil.NegotiateContentType(r, offers, "") }); n != 0 {
		t.Errorf("NegotiateContentType: %v allocations", n)
	}
	if n := testing.AllocsPerRun(100, func() { httputil.NegotiateContentEncoding(r, codings) }); n != 0 {
		t.Errorf("NegotiateContentEncoding: %v allocations", n)
	}
}

func BenchmarkNegotiateContentType(b *testing.B) {
	r := &http.Request{Header: http.Header{"Accept": {browserAccept}}}
	offers := []string{"application/json", "text/html"}
	b.ReportAllocs()
	for b.Loop() {
		httputil.NegotiateContentType(r, offers, "")
	}
}

func BenchmarkNegotiateContentEncoding(b *testing.B) {
	r := &http.Request{Header: http.Header{"Accept-Encoding": {"gzip, deflate, br, zstd"}}}
	offers := []string{"zstd", "br", "gzip"}
	b.ReportAllocs()
	for b.Loop() {
		httputil.NegotiateContentEncoding(r, offers)
	}
}
