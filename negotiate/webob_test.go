package negotiate

// The cases WebOb pins in tests/test_acceptparse.py (Pylons/webob), as
// facts: each header value with the offers or tags it was asked about and
// the answer WebOb gives. WebOb's parsed tuples are written here as the
// canonical String of the header. Where this package answers differently
// on purpose, the case is listed in a "differs" table with the reason.

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestWebOBAcceptParseValid(t *testing.T) {
	tests := []struct{ header, canonical string }{
		// RFC 7231 §5.3.2 examples.
		{"audio/*; q=0.2, audio/basic", "audio/*;q=0.2, audio/basic"},
		{"text/plain; q=0.5, text/html, text/x-dvi; q=0.8, text/x-c", "text/plain;q=0.5, text/html, text/x-dvi;q=0.8, text/x-c"},
		{"text/*, text/plain, text/plain;format=flowed, */*", "text/*, text/plain, text/plain;format=flowed, */*"},
		{"text/*;q=0.3, text/html;q=0.7, text/html;level=1, text/html;level=2;q=0.4, */*;q=0.5",
			"text/*;q=0.3, text/html;q=0.7, text/html;level=1, text/html;level=2;q=0.4, */*;q=0.5"},
		{"", ""},
		{",", ""},
		{", ,", ""},
		{"*/*, text/*, text/html", "*/*, text/*, text/html"},
		{"text/html \t;\t param1=val1\t; param2=\"val2\" ; param3=\"\\\"\\\\\\\\\"",
			`text/html;param1=val1;param2=val2;param3="\"\\\\"`},
		{"text/html;param=!#$%&'*+-.^_`|~09AZaz", "text/html;param=!#$%&'*+-.^_`|~09AZaz"},
		{`text/html;param=""`, `text/html;param=""`},
		{"text/html;param=\"\t \x21\x23\x24\x5a\x5b\x5d\x5e\x7d\x7e\"", "text/html;param=\"\t \x21\x23\x24\x5a\x5b\x5d\x5e\x7d\x7e\""},
		{"text/html;param=\"\x80\x81\xfe\xff\\\x22\\\x5c\"", "text/html;param=\"\x80\x81\xfe\xff\\\x22\\\x5c\""},
		{"text/html;param=\"\\\t\\ \\\x21\\\x7e\\\x80\\\xff\"", "text/html;param=\"\t \x21\x7e\x80\xff\""},
		{"text/html;param='val'", "text/html;param='val'"},
		{"text/html;q=0.9", "text/html;q=0.9"},
		{"text/html;q=0", "text/html;q=0"},
		{"text/html;q=0.0", "text/html;q=0"},
		{"text/html;q=0.00", "text/html;q=0"},
		{"text/html;q=0.000", "text/html;q=0"},
		{"text/html;q=1", "text/html"},
		{"text/html;q=1.0", "text/html"},
		{"text/html;q=1.00", "text/html"},
		{"text/html;q=1.000", "text/html"},
		{"text/html;q=0.1", "text/html;q=0.1"},
		{"text/html;q=0.87", "text/html;q=0.87"},
		{"text/html;q=0.382", "text/html;q=0.382"},
		{"text/html;Q=0.382", "text/html;q=0.382"},
		{"text/html ;Q=0.382", "text/html;q=0.382"},
		{"text/html; Q=0.382", "text/html;q=0.382"},
		{"text/html  ;  Q=0.382", "text/html;q=0.382"},
		// The first q is the weight; what follows are extensions.
		{"text/html;q=0.9;q=0.8", "text/html;q=0.9"},
		{"text/html;q=1;q=1;q=1", "text/html"},
		{`text/html;q=0.9;extparam1;extparam2=val2;extparam3="val3"`, "text/html;q=0.9"},
		{"text/html;q=1;extparam=!#$%&'*+-.^_`|~09AZaz", "text/html"},
		{`text/html;q=1;extparam=""`, "text/html"},
		{"text/html;q=1;extparam=\"\t \x21\x23\x24\x5a\x5b\x5d\x5e\x7d\x7e\"", "text/html"},
		{"text/html;q=1;extparam=\"\x80\x81\xfe\xff\\\x22\\\x5c\"", "text/html"},
		{"text/html;q=1;extparam=\"\\\t\\ \\\x21\\\x7e\\\x80\\\xff\"", "text/html"},
		{"text/html;q=1;extparam='val'", "text/html"},
		{`text/html;param1="val1";param2=val2;q=0.9;extparam1="val1";extparam2;extparam3=val3`, "text/html;param1=val1;param2=val2;q=0.9"},
		{", ,, a/b \t;\t p1=1  ;\t\tp2=2  ;  q=0.6\t \t;\t\t e1\t; e2,  ,", "a/b;p1=1;p2=2;q=0.6"},
		{",\t , a/b;q=1;e1;e2=v2 \t,\t\t c/d, e/f;p1=v1;q=0;e1, g/h;p1=v1\t ;\t\tp2=v2;q=0.5 \t,",
			"a/b, c/d, e/f;p1=v1;q=0, g/h;p1=v1;p2=v2;q=0.5"},
		// WebOb's __str__ cases (without the extension parameters, which
		// String leaves out).
		{`,,text/html ; p1="\"\1\"" ; q=0.50; e1=1 ;e2  ,  text/plain ,`, `text/html;p1="\"1\"";q=0.5, text/plain`},
		{",\t, a/b ;  p1=1 ; p2=2 ;\t q=0.20 ;\te1=\"\\\"\\1\\\"\"\t; e2 ; e3=3, c/d ,,", "a/b;p1=1;p2=2;q=0.2, c/d"},
	}
	for _, tt := range tests {
		a, err := ParseAccept([]string{tt.header})
		if err != nil || a.State() != Valid {
			t.Errorf("%q: %v %v", tt.header, a.State(), err)
			continue
		}
		if got := a.String(); got != tt.canonical {
			t.Errorf("%q: String = %q, want %q", tt.header, got, tt.canonical)
		}
		again, err := ParseAccept([]string{a.String()})
		if err != nil || again.String() != tt.canonical {
			t.Errorf("%q: round trip %q: %v", tt.header, again.String(), err)
		}
	}
}

func TestWebOBAcceptParseInvalid(t *testing.T) {
	invalid := []string{
		"noslash", "/", "text/", "/html",
		"text/html;param", "text/html;param=",
		"text/html;param=\x19", "text/html;param=\x22", "text/html;param=\x5c", "text/html;param=\x7f",
		`text/html;param="\"`, `text/html;param="\\\"`, `text/html;param="\\""`,
		"text/html;param=\"\\\x19\"", "text/html;param=\"\\\x7f\"",
		"text/html;q", "text/html;q=", "text/html;q=-1", "text/html;q=2", "text/html;q=1.001",
		"text/html;q=0.0001", "text/html;q=00", "text/html;q=01", "text/html;q=00.1",
		"text/html,q=0.1", "text/html;q =1", "text/html;q= 1",
		"text/html;param;q=1",
		`text/html;q=1;extparam="`, `text/html;q=1;extparam="val`, `text/html;q=1;extparam=val"`,
		"text/html;q=1;extparam=\x19", "text/html;q=1;extparam=\x22", "text/html;q=1;extparam=\x5c", "text/html;q=1;extparam=\x7f",
		`text/html;q=1;extparam="\"`, `text/html;q=1;extparam="\\\"`, `text/html;q=1;extparam="\\""`,
		"text/html;q=1;extparam=\"\\\x19\"", "text/html;q=1;extparam=\"\\\x7f\"",
		"text/html;param=\x19;q=1;extparam", "text/html;param=val;q=1;extparam=\x19",
		"a/b;p1=1;p2=2;q=0.8;e1;e2=\"", "invalid",
	}
	for _, s := range invalid {
		a, err := ParseAccept([]string{s})
		if !errors.Is(err, ErrInvalidHeader) || a.State() != Invalid {
			t.Errorf("%q: state %v err %v", s, a.State(), err)
			continue
		}
		// An invalid header negotiates as missing.
		got := a.AcceptableOffers("a/b", "c/d", "e/f")
		if !slices.Equal(got, []Offer{{"a/b", 1}, {"c/d", 1}, {"e/f", 1}}) || !a.AcceptsHTML() || a.Quality("type/subtype") != 1 {
			t.Errorf("%q: invalid header negotiates %v", s, got)
		}
	}
}

// TestWebOBAcceptParseDiffers lists the header values on which this
// package and WebOb deliberately disagree about validity.
func TestWebOBAcceptParseDiffers(t *testing.T) {
	tests := []struct {
		header string
		webob  State
		why    string
	}{
		// RFC 9110 §5.6.6: parameters = *( OWS ";" OWS [ parameter ] ),
		// so empty parameters are allowed (RFC 7231 did not allow them).
		{"text/html;", Invalid, "RFC 9110 allows an empty parameter"},
		{"text/html ;param=val;", Invalid, "RFC 9110 allows an empty parameter"},
		{"text/html; param=val;", Invalid, "RFC 9110 allows an empty parameter"},
		{"text/html;param=val;", Invalid, "RFC 9110 allows an empty parameter"},
		{"text/html;q=1;", Invalid, "RFC 9110 allows an empty parameter"},
		{"text/html;q=1;extparam;", Invalid, "RFC 9110 allows an empty parameter"},
		{"text/html;q=1;extparam=val;", Invalid, "RFC 9110 allows an empty parameter"},
		{`text/html;q=1;extparam="val";`, Invalid, "RFC 9110 allows an empty parameter"},
		// Field values reach the parser with surrounding white space
		// removed (RFC 9110 §5.5); WebOb rejects it when it is there.
		{", ", Invalid, "surrounding white space is not part of the field value"},
		{", , ", Invalid, "surrounding white space is not part of the field value"},
	}
	for _, tt := range tests {
		a, err := ParseAccept([]string{tt.header})
		if err != nil || a.State() != Valid {
			t.Errorf("%q (%s): %v %v", tt.header, tt.why, a.State(), err)
		}
	}
	// "*/html": WebOb reads the "*" as a token and keeps a range that can
	// match no offer; here a "*" type with a concrete subtype is invalid
	// (RFC 9110 lists only */*, type/* and type/subtype as media ranges).
	if a, err := ParseAccept([]string{"*/html"}); err == nil || a.State() != Invalid {
		t.Errorf("*/html: %v %v", a.State(), err)
	}
}

func TestWebOBAcceptableOffers(t *testing.T) {
	tests := []struct {
		header string
		offers []string
		want   []Offer
	}{
		// RFC 7231 §5.3.2.
		{"audio/*; q=0.2, audio/basic", []string{"audio/mpeg", "audio/basic"}, []Offer{{"audio/basic", 1}, {"audio/mpeg", 0.2}}},
		{"text/plain; q=0.5, text/html, text/x-dvi; q=0.8, text/x-c", []string{"text/x-dvi", "text/x-c", "text/html", "text/plain"},
			[]Offer{{"text/x-c", 1}, {"text/html", 1}, {"text/x-dvi", 0.8}, {"text/plain", 0.5}}},
		{"text/*;q=0.3, text/html;q=0.7, text/html;level=1, text/html;level=2;q=0.4, */*;q=0.5",
			[]string{"text/html;level=1", "text/html", "text/plain", "image/jpeg", "text/html;level=2", "text/html;level=3"},
			[]Offer{{"text/html;level=1", 1}, {"text/html", 0.7}, {"text/html;level=3", 0.7}, {"image/jpeg", 0.5}, {"text/html;level=2", 0.4}, {"text/plain", 0.3}}},
		// WebOb's own.
		{"teXT/*;Q=0.5, TeXt/hTmL;LeVeL=1", []string{"tExT/HtMl;lEvEl=1", "TExt/PlAiN"}, []Offer{{"tExT/HtMl;lEvEl=1", 1}, {"TExt/PlAiN", 0.5}}},
		{"text/html, application/json", []string{"text/html", "application/json"}, []Offer{{"text/html", 1}, {"application/json", 1}}},
		{"text/html  ;\t level=1", []string{"text/html\t\t ; \tlevel=1"}, []Offer{{"text/html\t\t ; \tlevel=1", 1}}},
		{"", []string{"text/html"}, nil},
		{"text/html, image/jpeg", []string{"audio/basic", "text/plain"}, nil},
		{`text/html;p1=1;p2=2;p3="\""`, []string{`text/html;p1=1;p2="2";p3="\""`}, []Offer{{`text/html;p1=1;p2="2";p3="\""`, 1}}},
		{"text/html;p1=1", []string{"text/html;p1=2"}, nil},
		{"text/html", []string{"text/html;p1=1"}, []Offer{{"text/html;p1=1", 1}}},
		{"text/html;p1=1", []string{"text/html"}, nil},
		{"text/html", []string{"text/html"}, []Offer{{"text/html", 1}}},
		{"text/*", []string{"text/html;p=1"}, []Offer{{"text/html;p=1", 1}}},
		{"*/*", []string{"text/html;p=1"}, []Offer{{"text/html;p=1", 1}}},
		{"text/*", []string{"text/html"}, []Offer{{"text/html", 1}}},
		{"*/*", []string{"text/html"}, []Offer{{"text/html", 1}}},
		{"text/html;p1=1;q=0", []string{"text/html;p1=1"}, nil},
		{"text/html;q=0", []string{"text/html;p1=1", "text/html"}, nil},
		{"text/*;q=0", []string{"text/html;p1=1", "text/html", "text/plain"}, nil},
		{"*/*;q=0", []string{"text/html;p1=1", "text/html", "text/plain", "image/jpeg"}, nil},
		{"*/*;q=0, audio/mpeg", []string{"text/html;p1=1", "audio/mpeg", "text/html", "text/plain", "image/jpeg"}, []Offer{{"audio/mpeg", 1}}},
		{"text/html;p1=1, text/html;q=0", []string{"text/html;p1=1"}, []Offer{{"text/html;p1=1", 1}}},
		{"text/html, text/*;q=0", []string{"text/html"}, []Offer{{"text/html", 1}}},
		{"text/*, */*;q=0", []string{"text/html"}, []Offer{{"text/html", 1}}},
		{"text/html;q=0, text/html", []string{"text/html"}, nil},
		{"text/html", []string{"text/html;level=1", "text/html", "text/html;level=2"},
			[]Offer{{"text/html;level=1", 1}, {"text/html", 1}, {"text/html;level=2", 1}}},
		{"text/*;q=0.3, text/html;q=0, image/png, text/html;level=1, text/html;level=2;q=0.4, image/jpeg;q=0.5",
			[]string{"text/html;level=1", "text/html", "text/plain", "image/jpeg", "text/html;level=2", "text/html;level=3", "audio/basic"},
			[]Offer{{"text/html;level=1", 1}, {"image/jpeg", 0.5}, {"text/html;level=2", 0.4}, {"text/plain", 0.3}}},
	}
	for _, tt := range tests {
		a, err := ParseAccept([]string{tt.header})
		if err != nil {
			t.Fatalf("%q: %v", tt.header, err)
		}
		if got := a.AcceptableOffers(tt.offers...); !slices.Equal(got, tt.want) {
			t.Errorf("%q %q:\n got %v\nwant %v", tt.header, tt.offers, got, tt.want)
		}
		// The prepared set and the one-call path agree.
		o, _ := NewOffers(tt.offers...)
		if got := a.AcceptableOf(o); !slices.Equal(got, tt.want) {
			t.Errorf("%q: AcceptableOf %v", tt.header, got)
		}
		best, ok := o.Negotiate([]string{tt.header})
		if ok != (len(tt.want) > 0) || ok && best != tt.want[0].Value {
			t.Errorf("%q: Negotiate = %q %v", tt.header, best, ok)
		}
	}
	// WebOb raises ValueError for an offer with a q parameter; here such
	// offers are dropped (and NewOffers reports them).
	a, _ := ParseAccept([]string{"text/html"})
	for _, offers := range [][]string{{"text/html;p=1;q=0.5"}, {"text/html;q=0.5"}, {"text/html;q=0.5;e=1"}, {"text/html", "text/plain;p=1;q=0.5;e=1"}} {
		if _, err := NewOffers(offers...); !errors.Is(err, ErrInvalidOffer) {
			t.Errorf("NewOffers(%q): %v", offers, err)
		}
		got := a.AcceptableOffers(offers...)
		if len(offers) == 2 && !slices.Equal(got, []Offer{{"text/html", 1}}) || len(offers) == 1 && got != nil {
			t.Errorf("%q: %v", offers, got)
		}
	}
	// Missing header: every offer at 1, in order.
	if got := (Accept{}).AcceptableOffers("a/b", "c/d", "e/f"); !slices.Equal(got, []Offer{{"a/b", 1}, {"c/d", 1}, {"e/f", 1}}) {
		t.Errorf("missing: %v", got)
	}
}

func TestWebOBAcceptBestAndQuality(t *testing.T) {
	tests := []struct {
		header string
		offers []string
		want   string
	}{
		{"text/html, foo/bar", []string{"text/html", "foo/bar"}, "text/html"},
		{"text/html, foo/bar", []string{"foo/bar", "text/html"}, "foo/bar"},
		{"text/html, foo/bar;q=0.5", []string{"text/html", "foo/bar"}, "text/html"},
		{"text/html;q=0.5, foo/bar", []string{"text/html", "foo/bar"}, "foo/bar"},
		{"text/html, foo/bar;q=0.55, baz/gort;q=0.59", []string{"text/html", "foo/bar"}, "text/html"},
		{"text/html;q=0.5, foo/bar;q=0.586, baz/gort;q=0.596", []string{"text/html", "baz/gort"}, "baz/gort"},
		{"text/html, */*; q=0.2", []string{"application/json"}, "application/json"},
		{"image/jpg; q=0.2, Image/pNg; Q=0.4, image/*; q=0.05", []string{"Image/JpG"}, "Image/JpG"},
		{"image/jpg; q=0.2, Image/pNg; Q=0.4, image/*; q=0.05", []string{"image/Tiff"}, "image/Tiff"},
		{"image/jpg; q=0.2, Image/pNg; Q=0.4, image/*; q=0.05", []string{"image/Tiff", "image/PnG", "image/jpg"}, "image/PnG"},
		{"text/plain, */*;q=0", []string{"text/html"}, ""},
	}
	for _, tt := range tests {
		a, _ := ParseAccept([]string{tt.header})
		got, ok := a.Best(tt.offers...)
		if got != tt.want || ok != (tt.want != "") {
			t.Errorf("%q %q: Best = %q %v, want %q", tt.header, tt.offers, got, ok, tt.want)
		}
	}
	for _, tt := range []struct {
		header, offer string
		want          float64
	}{
		{"text/html", "text/html", 1},
		{"text/html;q=0.5", "text/html", 0.5},
		{"text/html", "foo/bar", 0}, // WebOb: None
		{"*/*;q=0", "audio/basic", 0},
	} {
		a, _ := ParseAccept([]string{tt.header})
		if got := a.Quality(tt.offer); got != tt.want {
			t.Errorf("%q Quality(%q) = %v, want %v", tt.header, tt.offer, got, tt.want)
		}
	}
	if (Accept{}).Quality("type/subtype") != 1 {
		t.Error("missing header: Quality != 1")
	}
}

func TestWebOBAcceptsHTML(t *testing.T) {
	for header, want := range map[string]bool{
		"tExt/HtMl":             true,
		"APPlication/XHTML+xml": true,
		"appliCATION/xMl":       true,
		"TeXt/XmL":              true,
		"image/jpg":             false,
		"TeXt/Plain":            false,
		"image/jpg, text/html":  true,
	} {
		a, _ := ParseAccept([]string{header})
		if got := a.AcceptsHTML(); got != want {
			t.Errorf("%q: AcceptsHTML = %v", header, got)
		}
	}
	if !(Accept{}).AcceptsHTML() {
		t.Error("missing header must accept HTML")
	}
}

func TestWebOBAcceptCharset(t *testing.T) {
	valid := []struct{ header, canonical string }{
		{"*", "*"},
		{"!#$%&'*+-.^_`|~;q=0.5", "!#$%&'*+-.^_`|~;q=0.5"},
		{"0123456789", "0123456789"},
		{",\t foo \t;\t q=0.345,, bar ; Q=0.456 \t,  ,\tcharlie \t,,  ,", "foo;q=0.345, bar;q=0.456, charlie"},
		{"iso-8859-5;q=0.372,unicode-1-1;q=0.977,UTF-8, *;q=0.000", "iso-8859-5;q=0.372, unicode-1-1;q=0.977, UTF-8, *;q=0"},
		{"foo,bar", "foo, bar"},
		{"foo, bar,", "foo, bar"},
		{"foo , ,bar,charlie", "foo, bar, charlie"},
		{",iso-8859-5 ; q=0.333 , ,utf-8,unicode-1-1 ;q=0.90,", "iso-8859-5;q=0.333, utf-8, unicode-1-1;q=0.9"},
		{",utf-7;q=0.200,UTF-8;q=0.300", "utf-7;q=0.2, UTF-8;q=0.3"},
		{", \t,iso-8859-5;q=0.000 \t, utf-8;q=1.000, UTF-7, unicode-1-1;q=0.210  ,", "iso-8859-5;q=0, utf-8, UTF-7, unicode-1-1;q=0.21"},
	}
	for _, tt := range valid {
		a, err := ParseAcceptCharset([]string{tt.header})
		if err != nil || a.State() != Valid || a.String() != tt.canonical {
			t.Errorf("%q: %v %v %q", tt.header, a.State(), err, a.String())
		}
	}
	for _, s := range []string{"", "\"", "(", ")", "/", ":", ";", "<", "=", ">", "?", "@", "[", "\\", "]", "{", "}",
		"foo, bar, baz;q= 0.001", ",", "UTF/8", "utf/8"} {
		a, err := ParseAcceptCharset([]string{s})
		if !errors.Is(err, ErrInvalidHeader) || a.State() != Invalid {
			t.Errorf("%q: %v %v", s, a.State(), err)
		}
		if got := a.AcceptableOffers("utf-8", "utf-7", "unicode-1-1"); len(got) != 3 {
			t.Errorf("%q: invalid must accept all: %v", s, got)
		}
	}
	offers := []struct {
		header string
		offers []string
		want   []Offer
	}{
		{"UTF-7, unicode-1-1", []string{"UTF-8", "iso-8859-5"}, nil},
		{"utf-8, unicode-1-1, iSo-8859-5", []string{"UTF-8", "iso-8859-5"}, []Offer{{"UTF-8", 1}, {"iso-8859-5", 1}}},
		{"utF-8;q=0.2, uniCode-1-1;q=0.9, iSo-8859-5;q=0.8", []string{"iso-8859-5", "unicode-1-1", "utf-8"},
			[]Offer{{"unicode-1-1", 0.9}, {"iso-8859-5", 0.8}, {"utf-8", 0.2}}},
		{"utf-8, unicode-1-1;q=0.9, iSo-8859-5;q=0.9", []string{"iso-8859-5", "utf-8", "unicode-1-1"},
			[]Offer{{"utf-8", 1}, {"iso-8859-5", 0.9}, {"unicode-1-1", 0.9}}},
		{"*", []string{"UTF-8", "iso-8859-5"}, []Offer{{"UTF-8", 1}, {"iso-8859-5", 1}}},
		{"*;q=0.8", []string{"UTF-8", "iso-8859-5"}, []Offer{{"UTF-8", 0.8}, {"iso-8859-5", 0.8}}},
		{"UTF-7, *", []string{"UTF-8", "UTF-7"}, []Offer{{"UTF-8", 1}, {"UTF-7", 1}}},
		{"UTF-7;q=0.5, *", []string{"UTF-7", "UTF-8"}, []Offer{{"UTF-8", 1}, {"UTF-7", 0.5}}},
		{"UTF-8, *;q=0", []string{"UTF-7"}, nil},
		{"UTF-8, *;q=0", []string{"UTF-8"}, []Offer{{"UTF-8", 1}}},
		{"UTF-8;q=0, *", []string{"UTF-8"}, nil},
		{"UTF-8;q=0, *;q=0", []string{"UTF-8", "UTF-7"}, nil},
		{"UTF-8, UTF-8;q=0", []string{"UTF-8"}, []Offer{{"UTF-8", 1}}},
		{"UTF-8, UTF-8;q=0, UTF-7", []string{"UTF-8", "UTF-7"}, []Offer{{"UTF-8", 1}, {"UTF-7", 1}}},
		{"UTF-8;q=0.5, UTF-8;q=0.7, UTF-8;q=0.6, UTF-7", []string{"UTF-8", "UTF-7"}, []Offer{{"UTF-7", 1}, {"UTF-8", 0.5}}},
		{"UTF-8;q=0.8, *;q=0.9, *;q=0", []string{"UTF-8", "UTF-7"}, []Offer{{"UTF-7", 0.9}, {"UTF-8", 0.8}}},
		{"UTF-8;q=0.8, *;q=0, *;q=0.9", []string{"UTF-8", "UTF-7"}, []Offer{{"UTF-8", 0.8}}},
	}
	for _, tt := range offers {
		a, err := ParseAcceptCharset([]string{tt.header})
		if err != nil {
			t.Fatalf("%q: %v", tt.header, err)
		}
		if got := a.AcceptableOffers(tt.offers...); !slices.Equal(got, tt.want) {
			t.Errorf("%q %q:\n got %v\nwant %v", tt.header, tt.offers, got, tt.want)
		}
	}
	best := []struct {
		header string
		offers []string
		want   string
	}{
		{"utf-8, iso-8859-5", []string{"utf-8", "iso-8859-5"}, "utf-8"},
		{"utf-8, iso-8859-5", []string{"iso-8859-5", "utf-8"}, "iso-8859-5"},
		{"utf-8, iso-8859-5;q=0.5", []string{"utf-8", "iso-8859-5"}, "utf-8"},
		{"utf-8;q=0.5, iso-8859-5", []string{"utf-8", "iso-8859-5"}, "iso-8859-5"},
		{"utf-8, iso-8859-5;q=0.55, utf-7;q=0.59", []string{"utf-8", "iso-8859-5"}, "utf-8"},
		{"utf-8;q=0.5, iso-8859-5;q=0.586, utf-7;q=0.596", []string{"utf-8", "utf-7"}, "utf-7"},
		{"uTf-8; q=0.2, UtF-7; Q=0.4, *; q=0.05", []string{"UtF-8"}, "UtF-8"},
		{"uTf-8; q=0.2, UtF-7; Q=0.4, *; q=0.05", []string{"IsO-8859-5"}, "IsO-8859-5"},
		{"uTf-8; q=0.2, UtF-7; Q=0.4, *; q=0.05", []string{"iSo-8859-5", "uTF-7", "UtF-8"}, "uTF-7"},
		{"utf-7, *;q=0", []string{"utf-8"}, ""},
		{"*;q=0", []string{"char-set"}, ""},
	}
	for _, tt := range best {
		a, _ := ParseAcceptCharset([]string{tt.header})
		if got, ok := a.Best(tt.offers...); got != tt.want || ok != (tt.want != "") {
			t.Errorf("%q %q: Best = %q %v", tt.header, tt.offers, got, ok)
		}
	}
	a, _ := ParseAcceptCharset([]string{"utf-8;q=0.5"})
	if a.Quality("utf-8") != 0.5 || a.Quality("iso-8859-5") != 0 {
		t.Error("Quality")
	}
	if got := (AcceptCharset{}).AcceptableOffers("utf-8", "utf-7", "unicode-1-1"); len(got) != 3 || (AcceptCharset{}).Quality("char-set") != 1 {
		t.Errorf("missing: %v", got)
	}
}

func TestWebOBAcceptEncoding(t *testing.T) {
	valid := []struct{ header, canonical string }{
		{",", ""},
		{", ,", ""},
		{"*", "*"},
		{"!#$%&'*+-.^_`|~;q=0.5", "!#$%&'*+-.^_`|~;q=0.5"},
		{"0123456789", "0123456789"},
		{",,\t foo \t;\t q=0.345,, bar ; Q=0.456 \t,  ,\tCHARLIE \t,,  ,", "foo;q=0.345, bar;q=0.456, CHARLIE"},
		{"compress, gzip", "compress, gzip"},
		{"", ""},
		{"compress;q=0.5, gzip;q=1.0", "compress;q=0.5, gzip"},
		{"gzip;q=1.0, identity; q=0.5, *;q=0", "gzip, identity;q=0.5, *;q=0"},
		{",,\t gzip;q=1.0, identity; q=0.5, *;q=0 \t ,", "gzip, identity;q=0.5, *;q=0"},
		{",\t, a ;\t q=0.20 , b ,',", "a;q=0.2, b, '"},
	}
	for _, tt := range valid {
		a, err := ParseAcceptEncoding([]string{tt.header})
		if err != nil || a.State() != Valid || a.String() != tt.canonical {
			t.Errorf("%q: %v %v %q", tt.header, a.State(), err, a.String())
		}
	}
	for _, s := range []string{"\"", "(", ")", "/", ":", ";", "<", "=", ">", "?", "@", "[", "\\", "]", "{", "}",
		"gzip;q=1.0, identity; q =0.5, *;q=0", "gzip;q= 1", "compress;q=1.001", "\x00"} {
		a, err := ParseAcceptEncoding([]string{s})
		if !errors.Is(err, ErrInvalidHeader) || a.State() != Invalid {
			t.Errorf("%q: %v %v", s, a.State(), err)
		}
		if got := a.AcceptableOffers("a", "b", "c"); !slices.Equal(got, []Offer{{"a", 1}, {"b", 1}, {"c", 1}}) {
			t.Errorf("%q: invalid must accept all: %v", s, got)
		}
	}
	offers := []struct {
		header string
		offers []string
		want   []Offer
	}{
		{"", nil, nil},
		{"gzip, compress", nil, nil},
		{"", []string{"gzip", "deflate"}, nil},
		{"", []string{"gzip", "identity"}, []Offer{{"identity", 1}}},
		{"compress, deflate, gzip", []string{"identity"}, []Offer{{"identity", 1}}},
		{"compress, identity;q=0, gzip", []string{"identity"}, nil},
		{"*;q=0", []string{"identity"}, nil},
		{"*;q=0, deflate, gzip", []string{"identity"}, nil},
		{"*;q=0, deflate, identity;q=0, gzip", []string{"identity"}, nil},
		{"*;q=0, deflate, identity;q=0.1, gzip", []string{"identity"}, []Offer{{"identity", 0.1}}},
		{"compress, deflate, gzip", []string{"identity", "gzip"}, []Offer{{"identity", 1}, {"gzip", 1}}},
		{"compress, deflate, gzip", []string{"gzip", "identity"}, []Offer{{"gzip", 1}, {"identity", 1}}},
		{"IDentity;q=0.5, deflATE;q=0, gZIP;q=0, COMPress", []string{"GZip", "DEFlate", "IDENTity", "comPRESS"},
			[]Offer{{"comPRESS", 1}, {"IDENTity", 0.5}}},
		{"compress;q=0, identity, *;q=0.5, identity;q=0, *;q=0, compress", []string{"compress", "identity", "deflate", "gzip"},
			[]Offer{{"identity", 1}, {"deflate", 0.5}, {"gzip", 0.5}}},
	}
	for _, tt := range offers {
		a, err := ParseAcceptEncoding([]string{tt.header})
		if err != nil {
			t.Fatalf("%q: %v", tt.header, err)
		}
		if got := a.AcceptableOffers(tt.offers...); !slices.Equal(got, tt.want) {
			t.Errorf("%q %q:\n got %v\nwant %v", tt.header, tt.offers, got, tt.want)
		}
	}
	best := []struct {
		header string
		offers []string
		want   string
	}{
		{"gzip, iso-8859-5", []string{"gzip", "iso-8859-5"}, "gzip"},
		{"gzip, iso-8859-5", []string{"iso-8859-5", "gzip"}, "iso-8859-5"},
		{"gzip, compress;q=0.5", []string{"gzip", "compress"}, "gzip"},
		{"gzip;q=0.5, compress", []string{"gzip", "compress"}, "compress"},
		{"gzip, compress;q=0.55, deflate;q=0.59", []string{"gzip", "compress"}, "gzip"},
		{"gzip;q=0.5, compress;q=0.586, deflate;q=0.596", []string{"gzip", "deflate"}, "deflate"},
		{"gZiP; q=0.2, COMPress; Q=0.4, *; q=0.05", []string{"gzIP"}, "gzIP"},
		{"gZiP; q=0.2, COMPress; Q=0.4, *; q=0.05", []string{"DeFlAte"}, "DeFlAte"},
		{"gZiP; q=0.2, COMPress; Q=0.4, *; q=0.05", []string{"deflaTe", "compRess", "UtF-8"}, "compRess"},
		{"deflate, *;q=0", []string{"gzip"}, ""},
		{"*;q=0", []string{"content-coding"}, ""},
	}
	for _, tt := range best {
		a, _ := ParseAcceptEncoding([]string{tt.header})
		if got, ok := a.Best(tt.offers...); got != tt.want || ok != (tt.want != "") {
			t.Errorf("%q %q: Best = %q %v", tt.header, tt.offers, got, ok)
		}
	}
	for _, tt := range []struct {
		header, offer string
		want          float64
	}{{"gzip", "gzip", 1}, {"gzip;q=0.5", "gzip", 0.5}, {"gzip", "compress", 0}} {
		a, _ := ParseAcceptEncoding([]string{tt.header})
		if got := a.Quality(tt.offer); got != tt.want {
			t.Errorf("%q Quality(%q) = %v", tt.header, tt.offer, got)
		}
	}
	if (AcceptEncoding{}).Quality("content-coding") != 1 {
		t.Error("missing")
	}
}

func TestWebOBAcceptLanguageParse(t *testing.T) {
	valid := []struct{ header, canonical string }{
		{"*", "*"},
		{"fR;q=0.5", "fR;q=0.5"},
		{"zh-Hant;q=0.500", "zh-Hant;q=0.5"},
		{"zh-Hans-CN;q=1", "zh-Hans-CN"},
		{"de-CH-x-phonebk;q=1.0", "de-CH-x-phonebk"},
		{"az-Arab-x-AZE-derbend;q=1.00", "az-Arab-x-AZE-derbend"},
		{"zh-CN-a-myExt-x-private;q=1.000", "zh-CN-a-myExt-x-private"},
		{"aaaaaaaa", "aaaaaaaa"},
		{"aaaaaaaa-a", "aaaaaaaa-a"},
		{"aaaaaaaa-aaaaaaaa", "aaaaaaaa-aaaaaaaa"},
		{"a-aaaaaaaa-aaaaaaaa", "a-aaaaaaaa-aaaaaaaa"},
		{"aaaaaaaa-a-aaaaaaaa", "aaaaaaaa-a-aaaaaaaa"},
		{"zh-Hant;q=0.372,zh-CN-a-myExt-x-private;q=0.977,de,*;q=0.000", "zh-Hant;q=0.372, zh-CN-a-myExt-x-private;q=0.977, de, *;q=0"},
		{",\t foo \t;\t q=0.345,, bar ; Q=0.456 \t,  ,\tcharlie \t,,  ,", "foo;q=0.345, bar;q=0.456, charlie"},
		{"foo,bar", "foo, bar"},
		{"foo, bar,", "foo, bar"},
		{"foo , ,bar,charlie", "foo, bar, charlie"},
		{",da;q=0.200,en-gb;q=0.300", "da;q=0.2, en-gb;q=0.3"},
		{", \t,de;q=0.000 \t, es;q=1.000, zh, jp;q=0.210  ,", "de;q=0, es, zh, jp;q=0.21"},
	}
	for _, tt := range valid {
		a, err := ParseAcceptLanguage([]string{tt.header})
		if err != nil || a.State() != Valid || a.String() != tt.canonical {
			t.Errorf("%q: %v %v %q", tt.header, a.State(), err, a.String())
		}
	}
	for _, s := range []string{"", "*s", "*-a", "a-*", strings.Repeat("a", 9), "a-" + strings.Repeat("a", 9), "a-a-" + strings.Repeat("a", 9),
		"-", "a-", "-a", "---", "--a", "1-a", "1-a-a", "en_gb", "en/gb", "foo, bar, baz;q= 0.001", ",", "en_GB"} {
		a, err := ParseAcceptLanguage([]string{s})
		if !errors.Is(err, ErrInvalidHeader) || a.State() != Invalid {
			t.Errorf("%q: %v %v", s, a.State(), err)
		}
		if a.Quality("any-tag") != 1 || a.Lookup(nil, "", "default-tag", "default") != "default-tag" {
			t.Errorf("%q: invalid must negotiate as missing", s)
		}
	}
}

func TestWebOBBasicFiltering(t *testing.T) {
	tests := []struct {
		header string
		tags   []string
		want   []Offer
	}{
		// RFC 4647 §3.4.
		{"de-de", []string{"de", "de-DE-1996", "de-Deva", "de-Latn-DE"}, []Offer{{"de-DE-1996", 1}}},
		{"a", nil, nil},
		{"a, b", []string{"c", "d"}, nil},
		{"a-b;q=0.9, c-d;q=0.5, e-f", []string{"a", "b", "c", "d", "e", "f"}, nil},
		{"foO, BaR", []string{"foo", "bar"}, []Offer{{"foo", 1}, {"bar", 1}}},
		// A tag matched by a non-* range with q=0 is filtered out.
		{"b;q=1, b;q=0, a, b-c, d;q=0", []string{"b-c", "a", "b-c-d", "d-e-f"}, []Offer{{"a", 1}}},
		{"d-e-f", []string{"a-b-c", "d-e-f"}, []Offer{{"d-e-f", 1}}},
		{"a-b-c-d, a-b-c-d-e, a-b-c-d-f-g-h", []string{"a-b-c-d-f-g"}, []Offer{{"a-b-c-d-f-g", 1}}},
		// A tag that only a *;q=0 range matches is filtered out, whatever
		// other * ranges say.
		{"a, b, *;q=0.5, *;q=0", []string{"a-a", "b-a", "c-a"}, []Offer{{"a-a", 1}, {"b-a", 1}}},
		{"*", []string{"a", "b"}, []Offer{{"a", 1}, {"b", 1}}},
		// * matches only tags no other range matches.
		{"*;q=0.2, a;q=0.5, b", []string{"a-a", "b-a", "c-a", "d-a"}, []Offer{{"b-a", 1}, {"a-a", 0.5}, {"c-a", 0.2}, {"d-a", 0.2}}},
		{"a;q=0.5, b, *", []string{"a-a", "b-a", "c-a", "d-a"}, []Offer{{"b-a", 1}, {"c-a", 1}, {"d-a", 1}, {"a-a", 0.5}}},
		{"a;q=0.5, *;q=0.9", []string{"a", "b"}, []Offer{{"b", 0.9}, {"a", 0.5}}},
		// Of several * ranges the highest q wins, the earliest among equals.
		{"a;q=0.5, *;q=0.6, b;q=0.7, *;q=0.9", []string{"a", "b", "c"}, []Offer{{"c", 0.9}, {"b", 0.7}, {"a", 0.5}}},
		{"a;q=0.5, *;q=0.9, b;q=0.9, *;q=0.9", []string{"a", "b", "c"}, []Offer{{"c", 0.9}, {"b", 0.9}, {"a", 0.5}}},
		// Of several ranges matching one tag the highest q wins, the
		// earliest among equals.
		{"a-b-c;q=0.7, a;q=0.9, a-b;q=0.8", []string{"a-b-c"}, []Offer{{"a-b-c", 0.9}}},
		{"a-b-c;q=0.7, a;q=0.9, b;q=0.9, a-b;q=0.9", []string{"a-b-c", "b"}, []Offer{{"a-b-c", 0.9}, {"b", 0.9}}},
		// Sorted by q, then by the position of the matched range in the
		// header, then by the order of tags.
		{"a;q=0.7, b;q=0.3, c, d;q=0.5", []string{"d", "c", "b", "a"}, []Offer{{"c", 1}, {"a", 0.7}, {"d", 0.5}, {"b", 0.3}}},
		{"a, c, b", []string{"b", "a", "c"}, []Offer{{"a", 1}, {"c", 1}, {"b", 1}}},
		{"a", []string{"a-b", "a", "a-b-c"}, []Offer{{"a-b", 1}, {"a", 1}, {"a-b-c", 1}}},
	}
	for _, tt := range tests {
		a, err := ParseAcceptLanguage([]string{tt.header})
		if err != nil {
			t.Fatalf("%q: %v", tt.header, err)
		}
		if got := a.BasicFiltering(tt.tags...); !slices.Equal(got, tt.want) {
			t.Errorf("%q %q:\n got %v\nwant %v", tt.header, tt.tags, got, tt.want)
		}
	}
}

// TestWebOBLanguageBest ports WebOb's best_match cases (without server
// qualities, which this API does not take): the highest quality wins and
// the order of tags breaks ties.
func TestWebOBLanguageBest(t *testing.T) {
	tests := []struct {
		header string
		tags   []string
		want   string
	}{
		{"bar, *;q=0", []string{"foo"}, ""},
		{"en-gb, sr-Cyrl", []string{"sr-Cyrl", "en-gb"}, "sr-Cyrl"},
		{"en-gb, sr-Cyrl", []string{"en-gb", "sr-Cyrl"}, "en-gb"},
		{"en-gb, sr-Cyrl;q=0.5", []string{"en-gb", "sr-Cyrl"}, "en-gb"},
		{"en-gb;q=0.5, sr-Cyrl", []string{"en-gb", "sr-Cyrl"}, "sr-Cyrl"},
		{"en-gb, sr-Cyrl;q=0.55, es;q=0.59", []string{"en-gb", "sr-Cyrl"}, "en-gb"},
		{"en-gb;q=0.5, sr-Cyrl;q=0.586, es-419;q=0.597", []string{"en-gb", "es-419"}, "es-419"},
	}
	for _, tt := range tests {
		a, _ := ParseAcceptLanguage([]string{tt.header})
		if got, ok := a.Best(tt.tags...); got != tt.want || ok != (tt.want != "") {
			t.Errorf("%q %q: Best = %q %v, want %q", tt.header, tt.tags, got, ok, tt.want)
		}
	}
	for _, tt := range []struct {
		header, tag string
		want        float64
	}{{"en-gb", "en-gb", 1}, {"en-gb;q=0.5", "en-gb", 0.5}, {"en-gb", "sr-Cyrl", 0}} {
		a, _ := ParseAcceptLanguage([]string{tt.header})
		if got := a.Quality(tt.tag); got != tt.want {
			t.Errorf("%q Quality(%q) = %v", tt.header, tt.tag, got)
		}
	}
	if (AcceptLanguage{}).Quality("any-tag") != 1 {
		t.Error("missing")
	}
}

func TestWebOBLookup(t *testing.T) {
	tests := []struct {
		header                string
		tags                  []string
		defRange, defTag, def string
		want                  string
	}{
		// Ranges are tried in descending order of q, header order among
		// equals.
		{"aA;q=0.3, Bb, cC;q=0.7", []string{"Aa", "bB", "Cc"}, "", "default-tag", "", "bB"},
		{"bB-Cc;q=0.8, aA;q=0.9, Bb;q=0.9", []string{"bb", "aa"}, "", "default-tag", "", "aa"},
		// RFC 4647 §3.4.
		{"de-ch", []string{"de-CH-1996", "de-CH", "de"}, "", "default-tag", "", "de-CH"},
		{"de-ch", []string{"de-CH-1996", "de"}, "", "default-tag", "", "de"},
		{"zh-Hant-CN-x-private1-private2", []string{"zh-Hant-CN-x-private1-private2", "zh-Hant-CN-x-private1", "zh-Hant-CN-x", "zh-Hant-CN", "zh-Hant", "zh"},
			"", "default-tag", "", "zh-Hant-CN-x-private1-private2"},
		{"zh-Hant-CN-x-private1-private2", []string{"zh-Hant-CN-x-private1", "zh-Hant-CN-x", "zh-Hant-CN", "zh-Hant", "zh"},
			"", "default-tag", "", "zh-Hant-CN-x-private1"},
		{"zh-Hant-CN-x-private1-private2", []string{"zh-Hant-CN-x", "zh-Hant-CN", "zh-Hant", "zh"}, "", "default-tag", "", "zh-Hant-CN"},
		{"zh-Hant-CN-x-private1-private2", []string{"zh-Hant-CN", "zh-Hant", "zh"}, "", "default-tag", "", "zh-Hant-CN"},
		{"zh-Hant-CN-x-private1-private2", []string{"zh-Hant", "zh"}, "", "default-tag", "", "zh-Hant"},
		{"zh-Hant-CN-x-private1-private2", []string{"zh"}, "", "default-tag", "", "zh"},
		{"zh-Hant-CN-x-private1-private2", []string{"some-other-tag-1", "some-other-tag-2"}, "", "default-tag", "", "default-tag"},
		// A single-character subtag goes with the subtag after it.
		{"AA-T-subtag", []string{"Aa-t", "aA"}, "", "default-tag", "", "aA"},
		{"AA-1-subtag", []string{"aa-1", "aA"}, "", "default-tag", "", "aA"},
		{"Aa-P-subtag-8-subtag", []string{"Aa-p-subtag-8", "Aa-p", "aA"}, "", "default-tag", "", "aA"},
		{"aA-3-subTag-C-subtag", []string{"aA-3-subtag-c", "aA-3", "aA"}, "", "default-tag", "", "aA"},
		{"T-subtag", []string{"t-SubTag", "another"}, "", "default-tag", "", "t-SubTag"},
		{"T-subtag", []string{"another"}, "", "default-tag", "", "default-tag"},
		// "*" is skipped.
		{"*, Aa-aA-AA", []string{"bb", "aA"}, "", "default-tag", "", "aA"},
		{"*", []string{"bb", "aa"}, "", "default-tag", "", "default-tag"},
		{"dd, cc, *", []string{"bb", "aa"}, "", "default-tag", "", "default-tag"},
		// q=0 makes a tag equal to the range unacceptable, not its prefixes.
		{"aa, bB-Cc-DD;q=0, bB-Cc, cc", []string{"bb", "bb-Cc-DD", "bb-cC-dd", "Bb-cc", "bb-cC-dd"}, "", "default-tag", "", "Bb-cc"},
		{"aa, bB-Cc-DD;q=0.9, cc, Bb-cC-dD;q=0", []string{"bb", "Bb-Cc", "Bb-cC-dD"}, "", "default-tag", "", "Bb-Cc"},
		// default_range is looked up the same way (RFC 4647 §3.4.1).
		{"fr-FR, zh-Hant", []string{"fr-FR", "fr", "zh-Hant", "zh", "ja-JP", "ja"}, "ja-JP", "default-tag", "", "fr-FR"},
		{"fr-FR, zh-Hant", []string{"fr", "zh-Hant", "zh", "ja-JP", "ja"}, "ja-JP", "default-tag", "", "fr"},
		{"fr-FR, zh-Hant", []string{"zh-Hant", "zh", "ja-JP", "ja"}, "ja-JP", "default-tag", "", "zh-Hant"},
		{"fr-FR, zh-Hant", []string{"zh", "ja-JP", "ja"}, "ja-JP", "default-tag", "", "zh"},
		{"fr-FR, zh-Hant", []string{"ja-JP", "ja"}, "ja-JP", "default-tag", "", "ja-JP"},
		{"fr-FR, zh-Hant", []string{"ja"}, "ja-JP", "default-tag", "", "ja"},
		{"fr-FR, zh-Hant", []string{"some-other-tag-1", "some-other-tag-2"}, "ja-JP", "default-tag", "", "default-tag"},
		// *;q=0 makes default_range (and its truncations) unacceptable.
		{"aa-bb, cc-dd, *;q=0", []string{"ee-ff", "ee"}, "ee-ff", "", "default", "default"},
		// A q=0 range equal to default_range rules out that tag only.
		{"aa-bb, cc-dd, eE-Ff;q=0", []string{"Ee-fF"}, "EE-FF", "default-tag", "", "default-tag"},
		{"aa-bb, cc-dd, eE-Ff-Gg;q=0", []string{"Ee", "Ee-fF-gG", "Ee-fF"}, "EE-FF-GG", "default-tag", "", "Ee-fF"},
		{"aa-bb, cc-dd, eE-Ff-Gg;q=0", []string{"Ee-fF-gG", "Ee"}, "EE-FF-GG", "default-tag", "", "Ee"},
		{"aa-bb, cc-dd, eE;q=0", []string{"Ee"}, "EE", "default-tag", "", "default-tag"},
		{"aa-bb, cc-dd, eE-Ff;q=0", []string{"Ee-fF", "Ee-fF-33", "ee"}, "EE-FF-33", "default-tag", "", "Ee-fF-33"},
		{"aa-bb, cc-dd, eE-Ff;q=0", []string{"Ee-fF", "eE"}, "EE-FF-33", "default-tag", "", "eE"},
		// default_tag unless a q=0 range rules it out.
		{"aa-bb, cc-dd", []string{"ee-ff", "ee"}, "", "default-tag", "", "default-tag"},
		{"aa-bb, cc-dd", []string{"ee-ff", "ee"}, "gg-hh", "default-tag", "", "default-tag"},
		{"aa-bb, cc-dd, *;q=0", []string{"ee-ff", "ee"}, "gg-hh", "ii-jj", "default", "default"},
		{"aa-bb, cc-dd, iI-jJ;q=0", []string{"ee-ff", "ee"}, "gg-hh", "Ii-Jj", "default", "default"},
		// Then default, even when a q=0 range matches it.
		{"aa-bb, cc-dd", []string{"ee-ff", "ee"}, "", "", "default", "default"},
		{"aa-bb, cc-dd", []string{"ee-ff", "ee"}, "gg-hh", "", "default", "default"},
		{"Aa, cC;q=0", []string{"bb"}, "aA-Cc", "Cc", "non-callable object", "non-callable object"},
		{"aa, *;q=0", []string{"bb"}, "", "", "cc", "cc"},
		{"aa, cc;q=0", []string{"bb"}, "", "", "cc", "cc"},
		{"aa, Bb;q=0", []string{"cc"}, "", "bB", "", ""},
		{"aa, *;q=0", []string{"cc"}, "", "bb", "", ""},
		// Empty arguments.
		{"range", nil, "", "default-tag", "", "default-tag"},
		{"range", []string{"tag"}, "", "default-tag", "", "default-tag"},
		{"range", nil, "", "", "", ""},
		{"range", []string{"tag"}, "default-range", "", "", ""},
	}
	for _, tt := range tests {
		a, err := ParseAcceptLanguage([]string{tt.header})
		if err != nil {
			t.Fatalf("%q: %v", tt.header, err)
		}
		if got := a.Lookup(tt.tags, tt.defRange, tt.defTag, tt.def); got != tt.want {
			t.Errorf("%q %q (%q, %q, %q): %q, want %q", tt.header, tt.tags, tt.defRange, tt.defTag, tt.def, got, tt.want)
		}
	}
	// Missing or invalid header: default_tag, else default.
	for _, a := range []AcceptLanguage{{}, mustInvalidLanguage(t)} {
		if got := a.Lookup([]string{"en"}, "en", "default-tag", "default"); got != "default-tag" {
			t.Errorf("%v: %q", a.State(), got)
		}
		if got := a.Lookup([]string{"en"}, "en", "", "default"); got != "default" {
			t.Errorf("%v: %q", a.State(), got)
		}
	}
}

func mustInvalidLanguage(t *testing.T) AcceptLanguage {
	t.Helper()
	a, err := ParseAcceptLanguage([]string{"en_gb"})
	if err == nil {
		t.Fatal("en_gb parsed")
	}
	return a
}
