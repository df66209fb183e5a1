package bench

// The gddo drop-ins (compat/gddo/httputil and its header package) against
// github.com/golang/gddo itself: the same calls on the same inputs.

import (
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	gddo "github.com/golang/gddo/httputil"
	gddoheader "github.com/golang/gddo/httputil/header"
	"github.com/webob-go/webob/compat/gddo/httputil"
	"github.com/webob-go/webob/compat/gddo/httputil/header"
)

// A browser's Accept with the offers of a page that also has a JSON API,
// and a browser's Accept-Encoding with a server's codings.
var (
	gddoBenchAccept   = http.Header{"Accept": {"text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8"}}
	gddoBenchOffers   = []string{"application/json", "text/html"}
	gddoBenchEncoding = http.Header{"Accept-Encoding": {"gzip, deflate, br, zstd"}}
	gddoBenchCodings  = []string{"br", "gzip", "identity"}
)

func TestGddoDropInAgreement(t *testing.T) {
	r := &http.Request{Header: gddoBenchAccept}
	if ours, theirs := httputil.NegotiateContentType(r, gddoBenchOffers, ""), gddo.NegotiateContentType(r, gddoBenchOffers, ""); ours != theirs || ours != "text/html" {
		t.Errorf("accept: ours %q gddo %q", ours, theirs)
	}
	r = &http.Request{Header: gddoBenchEncoding}
	if ours, theirs := httputil.NegotiateContentEncoding(r, gddoBenchCodings), gddo.NegotiateContentEncoding(r, gddoBenchCodings); ours != theirs || ours != "br" {
		t.Errorf("encoding: ours %q gddo %q", ours, theirs)
	}
	ours, theirs := header.ParseAccept(gddoBenchAccept, "Accept"), gddoheader.ParseAccept(gddoBenchAccept, "Accept")
	if len(ours) != len(theirs) {
		t.Fatalf("ParseAccept: ours %v gddo %v", ours, theirs)
	}
	for i := range ours {
		if ours[i].Value != theirs[i].Value || ours[i].Q != theirs[i].Q {
			t.Errorf("ParseAccept[%d]: ours %v gddo %v", i, ours[i], theirs[i])
		}
	}
}

// TestGddoDifferencesTable pins the rows of docs/differences-from-gddo.md:
// what gddo answers (a fact about v0.0.0-20190904175337-72a348e765d2) and
// what the drop-in answers.
func TestGddoDifferencesTable(t *testing.T) {
	types := []struct {
		accept       []string // nil: no Accept
		offers       []string
		def          string
		gddo, dropIn string
	}{
		{[]string{"text/html;q=0.1, */*"}, []string{"text/html", "image/png"}, "", "text/html", "image/png"},
		{[]string{"text/html;q=0, */*"}, []string{"text/html", "application/json"}, "", "text/html", "application/json"},
		{[]string{"image/*;q=0, */*;q=0.5"}, []string{"image/png"}, "none", "image/png", "none"},
		{[]string{"text/html;level=1, application/json"}, []string{"application/json"}, "", "", "application/json"},
		{[]string{"text/html;q=1.5, application/json;q=0.9"}, []string{"text/html", "application/json"}, "", "text/html", "application/json"},
		{[]string{"text/html;q=.5, application/json;q=0.9"}, []string{"text/html", "application/json"}, "", "", "application/json"},
		{[]string{"TEXT/HTML"}, []string{"text/html"}, "", "", "text/html"},
		{[]string{"text/html;Q=0.5, application/json;q=0.4"}, []string{"application/json", "text/html"}, "", "", "text/html"},
		{nil, []string{"application/json", "text/html"}, "", "", "application/json"},
		{[]string{"text/html;level=1;q=0.5, application/json;q=0.4"}, []string{"application/json", "text/html;level=1"}, "", "", "text/html;level=1"},
		{[]string{"text/html"}, []string{"text/html;level=1"}, "", "", "text/html;level=1"},
		{[]string{"text/html;q=0.3, image/png;q=0.5, text/html"}, []string{"text/html", "image/png"}, "", "text/html", "image/png"},
	}
	for _, tt := range types {
		r := &http.Request{Header: http.Header{}}
		if tt.accept != nil {
			r.Header["Accept"] = tt.accept
		}
		if got := gddo.NegotiateContentType(r, tt.offers, tt.def); got != tt.gddo {
			t.Errorf("gddo NegotiateContentType(%q, %q, %q) = %q, table says %q", tt.accept, tt.offers, tt.def, got, tt.gddo)
		}
		if got := httputil.NegotiateContentType(r, tt.offers, tt.def); got != tt.dropIn {
			t.Errorf("drop-in NegotiateContentType(%q, %q, %q) = %q, table says %q", tt.accept, tt.offers, tt.def, got, tt.dropIn)
		}
	}
	encodings := []struct {
		accept       string
		offers       []string
		gddo, dropIn string
	}{
		{"gzip;q=0", []string{"gzip"}, "", "identity"},
		{"identity;q=0", []string{"gzip"}, "identity", ""},
		{"gzip;q=0, *", []string{"gzip"}, "gzip", "identity"},
		{"GZIP", []string{"gzip"}, "identity", "gzip"},
		{"br;q=2, gzip", []string{"br", "gzip"}, "identity", "gzip"},
		{"gzip;q=0.2, gzip;q=0.9, br;q=0.5", []string{"gzip", "br"}, "gzip", "br"},
		{"*;q=0, identity;q=0.5", []string{"gzip", "identity"}, "identity", "identity"},
		{"gzip;q=0.3, *", []string{"gzip", "br"}, "gzip", "br"},
		{"gzip;level=1, br", []string{"br"}, "identity", "br"},
	}
	for _, tt := range encodings {
		r := &http.Request{Header: http.Header{"Accept-Encoding": {tt.accept}}}
		if got := gddo.NegotiateContentEncoding(r, tt.offers); got != tt.gddo {
			t.Errorf("gddo NegotiateContentEncoding(%q, %q) = %q, table says %q", tt.accept, tt.offers, got, tt.gddo)
		}
		if got := httputil.NegotiateContentEncoding(r, tt.offers); got != tt.dropIn {
			t.Errorf("drop-in NegotiateContentEncoding(%q, %q) = %q, table says %q", tt.accept, tt.offers, got, tt.dropIn)
		}
	}
	accepts := []struct {
		accept       string
		gddo, dropIn []string // "value q" pairs
	}{
		{"value1; q=0.1.2", []string{"value1 0.1"}, nil},
		{"text/html;level=1, application/json", nil, []string{"text/html;level=1 1", "application/json 1"}},
		{"text/html;q=1.5, a/b", []string{"text/html 1.5", "a/b 1"}, []string{"a/b 1"}},
		{"a;q=.5, b", nil, []string{"b 1"}},
		{"a;q=0.0001, b", []string{"a 0.0001", "b 1"}, []string{"b 1"}},
		{`a;q="0.5", b`, nil, []string{"b 1"}},
		{"a;Q=0.5, b", nil, []string{"a 0.5", "b 1"}},
		{"a;q=0.5;ext=1, b", []string{"a 0.5"}, []string{"a 0.5", "b 1"}},
		{"a, @@, b", []string{"a 1"}, []string{"a 1", "b 1"}},
		{" , a ,, b,", nil, []string{"a 1", "b 1"}},
		{" a, b", nil, []string{"a 1", "b 1"}},
		{"a;q=0.1.2, b;q=0.3", []string{"a 0.1"}, []string{"b 0.3"}},
	}
	str := func(specs []float64, values []string) []string {
		var out []string
		for i := range values {
			out = append(out, values[i]+" "+trimFloat(specs[i]))
		}
		return out
	}
	for _, tt := range accepts {
		h := http.Header{"Accept": {tt.accept}}
		var qs []float64
		var vs []string
		for _, s := range gddoheader.ParseAccept(h, "Accept") {
			qs, vs = append(qs, s.Q), append(vs, s.Value)
		}
		if got := str(qs, vs); !slices.Equal(got, tt.gddo) {
			t.Errorf("gddo ParseAccept(%q) = %q, table says %q", tt.accept, got, tt.gddo)
		}
		qs, vs = nil, nil
		for _, s := range header.ParseAccept(h, "Accept") {
			qs, vs = append(qs, s.Q), append(vs, s.Value)
		}
		if got := str(qs, vs); !slices.Equal(got, tt.dropIn) {
			t.Errorf("drop-in ParseAccept(%q) = %q, table says %q", tt.accept, got, tt.dropIn)
		}
	}
}

// TestGddoHeaderFunctionDifferences pins the differences listed under
// "The other header functions" in docs/differences-from-gddo.md that the
// ported gddo tests do not show.
func TestGddoHeaderFunctionDifferences(t *testing.T) {
	h := http.Header{"X": {"a;;x=1"}}
	if v, p := gddoheader.ParseValueAndParams(h, "X"); v != "a" || len(p) != 0 {
		t.Errorf("gddo ParseValueAndParams(a;;x=1) = %q %v", v, p)
	}
	if v, p := header.ParseValueAndParams(h, "X"); v != "a" || len(p) != 1 || p["x"] != "1" {
		t.Errorf("drop-in ParseValueAndParams(a;;x=1) = %q %v", v, p)
	}
	h = http.Header{"X": {"a, \"b c \t"}}
	if got := gddoheader.ParseList(h, "X"); !slices.Equal(got, []string{"a", "\"b c \t"}) {
		t.Errorf("gddo ParseList = %q", got)
	}
	if got := header.ParseList(h, "X"); !slices.Equal(got, []string{"a", "\"b c"}) {
		t.Errorf("drop-in ParseList = %q", got)
	}
}

func trimFloat(f float64) string {
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func BenchmarkGddo(b *testing.B) {
	r := &http.Request{Header: gddoBenchAccept}
	b.Run("accept/webob", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if httputil.NegotiateContentType(r, gddoBenchOffers, "") != "text/html" {
				b.Fatal("wrong answer")
			}
		}
	})
	b.Run("accept/gddo", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if gddo.NegotiateContentType(r, gddoBenchOffers, "") != "text/html" {
				b.Fatal("wrong answer")
			}
		}
	})
	// Distinct lines in turn, more than the drop-in's answer cache holds:
	// every call of the drop-in scans the header and publishes an entry.
	misses := make([]*http.Request, 256)
	for i := range misses {
		line := gddoBenchAccept["Accept"][0] + ",x/y" + strconv.Itoa(i)
		misses[i] = &http.Request{Header: http.Header{"Accept": {line}}}
	}
	b.Run("accept-miss/webob", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			if httputil.NegotiateContentType(misses[i%len(misses)], gddoBenchOffers, "") != "text/html" {
				b.Fatal("wrong answer")
			}
		}
	})
	b.Run("accept-miss/gddo", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			if gddo.NegotiateContentType(misses[i%len(misses)], gddoBenchOffers, "") != "text/html" {
				b.Fatal("wrong answer")
			}
		}
	})
	e := &http.Request{Header: gddoBenchEncoding}
	b.Run("encoding/webob", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if httputil.NegotiateContentEncoding(e, gddoBenchCodings) != "br" {
				b.Fatal("wrong answer")
			}
		}
	})
	b.Run("encoding/gddo", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if gddo.NegotiateContentEncoding(e, gddoBenchCodings) != "br" {
				b.Fatal("wrong answer")
			}
		}
	})
	// As accept-miss, for Accept-Encoding: every call of the drop-in
	// scans the header.
	encMisses := make([]*http.Request, 256)
	for i := range encMisses {
		line := gddoBenchEncoding["Accept-Encoding"][0] + ", x" + strconv.Itoa(i)
		encMisses[i] = &http.Request{Header: http.Header{"Accept-Encoding": {line}}}
	}
	b.Run("encoding-miss/webob", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			if httputil.NegotiateContentEncoding(encMisses[i%len(encMisses)], gddoBenchCodings) != "br" {
				b.Fatal("wrong answer")
			}
		}
	})
	b.Run("encoding-miss/gddo", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			i++
			if gddo.NegotiateContentEncoding(encMisses[i%len(encMisses)], gddoBenchCodings) != "br" {
				b.Fatal("wrong answer")
			}
		}
	})
}

// The drop-ins have gddo's signatures: these compile only if every
// function, method and field has the same type in both.
var (
	_ = []func(*http.Request, []string, string) string{gddo.NegotiateContentType, httputil.NegotiateContentType}
	_ = []func(*http.Request, []string) string{gddo.NegotiateContentEncoding, httputil.NegotiateContentEncoding}
	_ = []func(string) string{gddo.StripPort, httputil.StripPort}
	_ = gddo.Error(httputil.Error(nil))
	_ = []gddoResponseBuffer{&gddo.ResponseBuffer{}, &httputil.ResponseBuffer{}}
	_ = []gddoStaticServer{&gddo.StaticServer{}, &httputil.StaticServer{}}
	_ = []gddoCacheBusters{&gddo.CacheBusters{}, &httputil.CacheBusters{}}
	_ = httputil.StaticServer{Dir: gddo.StaticServer{}.Dir, MaxAge: gddo.StaticServer{}.MaxAge, MIMETypes: gddo.StaticServer{}.MIMETypes, Error: httputil.Error(gddo.StaticServer{}.Error)}
	_ = httputil.CacheBusters{Handler: gddo.CacheBusters{}.Handler}

	_ = []func(http.Header) http.Header{gddoheader.Copy, header.Copy}
	_ = []func(http.Header, string) []string{gddoheader.ParseList, header.ParseList}
	_ = []func(http.Header, string) time.Time{gddoheader.ParseTime, header.ParseTime}
	_ = []func(http.Header, string) (string, map[string]string){gddoheader.ParseValueAndParams, header.ParseValueAndParams}
	_ = func(h http.Header, k string) []header.AcceptSpec { return header.ParseAccept(h, k) }
	_ = header.AcceptSpec(gddoheader.AcceptSpec{Value: "", Q: 0})
)

type gddoResponseBuffer interface {
	Header() http.Header
	Write([]byte) (int, error)
	WriteHeader(int)
	WriteTo(http.ResponseWriter) error
}

type gddoStaticServer interface {
	FileHandler(string) http.Handler
	DirectoryHandler(string, string) http.Handler
	FilesHandler(...string) http.Handler
}

type gddoCacheBusters interface {
	Get(string) string
	AppendQueryParam(string, string) string
}
