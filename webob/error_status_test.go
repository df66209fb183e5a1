package webob

import (
	"errors"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/cookies"
	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/errtest"
	"github.com/webob-go/webob/multipart"
	"github.com/webob-go/webob/negotiate"
)

// errorRenderings are the Accept values that select each rendering of an
// error body, with how a detail d appears in it.
var errorRenderings = []struct {
	accept string
	want   func(d string) string
}{
	{"text/html", html.EscapeString},
	{"application/json", func(d string) string { q := appendJSONString(nil, d); return string(q[1 : len(q)-1]) }},
	{"application/problem+json", func(d string) string { return `"detail":` + string(appendJSONString(nil, d)) }},
	{"text/plain", func(d string) string { return d }},
}

// serveErr serves a handler through the adapter and returns the recorder
// and what was logged.
func serveErr(t *testing.T, cfg Config, hr *http.Request, h func(*Request) (*Response, error)) (*httptest.ResponseRecorder, string) {
	t.Helper()
	log, buf := testLogger()
	cfg.Logger = log
	rec := httptest.NewRecorder()
	cfg.Handler(h).ServeHTTP(rec, hr)
	return rec, buf.String()
}

func TestHeaderParseErrorsAnswer4xxNamingTheHeader(t *testing.T) {
	manyRanges := "bytes=" + strings.TrimSuffix(strings.Repeat("0-0,", headers.DefaultMaxRanges+1), ",")
	manyCookies := strings.TrimSuffix(strings.Repeat("a=1; ", cookies.MaxPairs+1), "; ")
	trusted := &Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("192.0.2.0/24")}}
	for _, c := range []struct {
		name   string
		hdr    []string // name, value pairs, added in order
		opts   *Options
		call   func(*Request) error
		code   int
		is     error
		detail string
	}{
		{"Range", []string{"Range", "bytes=zz"}, nil,
			func(r *Request) error { _, err := r.ParseRange(); return err },
			400, headers.ErrInvalidRange, "invalid Range header"},
		{"Range too many", []string{"Range", manyRanges}, nil,
			func(r *Request) error { _, err := r.ParseRange(); return err },
			416, headers.ErrTooManyRanges, "too many ranges in Range header (more than 100)"},
		{"Range several", []string{"Range", "bytes=0-1", "Range", "bytes=2-3"}, nil,
			func(r *Request) error { _, err := r.ParseRange(); return err },
			400, ErrSeveralValues, "invalid Range header: sent several times with different values"},
		{"If-Range", []string{"If-Range", `"unterminated`}, nil,
			func(r *Request) error { _, err := r.ParseIfRange(); return err },
			400, headers.ErrInvalidIfRange, "invalid If-Range header"},
		{"If-Match", []string{"If-Match", `"unterminated`}, nil,
			func(r *Request) error { _, err := r.ParseIfMatch(); return err },
			400, headers.ErrInvalidETag, "invalid If-Match header"},
		{"If-None-Match", []string{"If-None-Match", `"unterminated`}, nil,
			func(r *Request) error { _, err := r.ParseIfNoneMatch(); return err },
			400, headers.ErrInvalidETag, "invalid If-None-Match header"},
		{"If-Modified-Since", []string{"If-Modified-Since", "yesterday"}, nil,
			func(r *Request) error { _, err := r.ParseIfModifiedSince(); return err },
			400, headers.ErrInvalidDate, "invalid If-Modified-Since header"},
		{"If-Unmodified-Since", []string{"If-Unmodified-Since", "yesterday"}, nil,
			func(r *Request) error { _, err := r.ParseIfUnmodifiedSince(); return err },
			400, headers.ErrInvalidDate, "invalid If-Unmodified-Since header"},
		{"Date", []string{"Date", "yesterday"}, nil,
			func(r *Request) error { _, err := r.ParseDate(); return err },
			400, headers.ErrInvalidDate, "invalid Date header"},
		{"Date several", []string{"Date", "yesterday", "Date", "today"}, nil,
			func(r *Request) error { _, err := r.ParseDate(); return err },
			400, ErrSeveralValues, "invalid Date header: sent several times with different values"},
		{"Cache-Control", []string{"Cache-Control", "max-age=-1"}, nil,
			func(r *Request) error { _, err := r.ParseCacheControl(); return err },
			400, headers.ErrInvalidCacheControl, "invalid Cache-Control header"},
		{"Max-Forwards", []string{"Max-Forwards", "many"}, nil,
			func(r *Request) error { _, err := r.ParseMaxForwards(); return err },
			400, nil, "invalid Max-Forwards header"},
		{"Content-Type", []string{"Content-Type", "text/"}, nil,
			func(r *Request) error { _, err := r.ParseMediaType(); return err },
			400, headers.ErrInvalidMediaType, "invalid Content-Type header"},
		{"Content-Length", []string{"Content-Length", "ten"}, nil,
			func(r *Request) error { _, err := r.ParseContentLength(); return err },
			400, headers.ErrInvalidContentLength, "invalid Content-Length header"},
		{"Forwarded", []string{"Forwarded", "for="}, nil,
			func(r *Request) error { _, err := r.ParseForwarded(); return err },
			400, headers.ErrInvalidForwarded, "invalid Forwarded header"},
		{"Forwarded by a trusted proxy", []string{"Forwarded", "for="}, trusted,
			func(r *Request) error { _, err := r.ParseClientAddr(); return err },
			400, headers.ErrInvalidForwarded, "invalid Forwarded header"},
		{"X-Forwarded-For by a trusted proxy", []string{"X-Forwarded-For", "not-an-ip"}, trusted,
			func(r *Request) error { _, err := r.ParseClientAddr(); return err },
			400, nil, "invalid X-Forwarded-For header"},
		{"Content-Type bad parameter", []string{"Content-Type", "text/plain; charset"}, nil,
			func(r *Request) error { _, err := r.ParseMediaType(); return err },
			400, headers.ErrInvalidMediaType, "invalid Content-Type header"},
		{"Authorization duplicate parameter", []string{"Authorization", "Digest a=1, a=2"}, nil,
			func(r *Request) error { _, err := r.ParseAuthorization(); return err },
			400, headers.ErrDuplicateParam, "invalid Authorization header"},
		{"Authorization", []string{"Authorization", "Basic a b"}, nil,
			func(r *Request) error { _, err := r.ParseAuthorization(); return err },
			400, headers.ErrInvalidAuth, "invalid Authorization header"},
		{"Cookie too many", []string{"Cookie", manyCookies}, nil,
			func(r *Request) error { _, err := r.ParseCookies(); return err },
			431, cookies.ErrTooManyCookies, "too many cookies in Cookie header (more than 3000)"},
		{"Accept", []string{"Accept", "text/html;q=2"}, nil,
			func(r *Request) error { _, err := r.ParseAccept(); return err },
			400, negotiate.ErrInvalidHeader, "invalid Accept header"},
		{"Accept-Charset", []string{"Accept-Charset", "@"}, nil,
			func(r *Request) error { _, err := r.ParseAcceptCharset(); return err },
			400, negotiate.ErrInvalidHeader, "invalid Accept-Charset header"},
		{"Accept-Encoding", []string{"Accept-Encoding", "@"}, nil,
			func(r *Request) error { _, err := r.ParseAcceptEncoding(); return err },
			400, negotiate.ErrInvalidHeader, "invalid Accept-Encoding header"},
		{"Accept-Language", []string{"Accept-Language", "@"}, nil,
			func(r *Request) error { _, err := r.ParseAcceptLanguage(); return err },
			400, negotiate.ErrInvalidHeader, "invalid Accept-Language header"},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, rd := range errorRenderings {
				if c.hdr[0] == "Accept" && rd.accept != "text/html" {
					continue // the invalid Accept negotiates as missing: HTML
				}
				hr := get("/", c.hdr...)
				if c.hdr[0] != "Accept" {
					hr.Header.Set("Accept", rd.accept)
				}
				var got error
				rec, log := serveErr(t, Config{Request: c.opts}, hr, func(r *Request) (*Response, error) {
					got = c.call(r)
					return nil, got
				})
				var he *HeaderError
				if !errors.As(got, &he) || he.Field != c.hdr[0] {
					t.Fatalf("error %v (%T), want a *HeaderError for %s", got, got, c.hdr[0])
				}
				if c.is != nil && !errors.Is(got, c.is) {
					t.Errorf("errors.Is(%v, %v) is false", got, c.is)
				}
				if msg := got.Error(); strings.ContainsAny(msg, "\r\n") ||
					!strings.HasPrefix(msg, "webob: invalid header: "+c.hdr[0]+": ") {
					t.Errorf("Error() = %q", msg)
				}
				if rec.Code != c.code || ErrorStatus(got) != c.code {
					t.Errorf("status %d (ErrorStatus %d), want %d", rec.Code, ErrorStatus(got), c.code)
				}
				if strings.Contains(log, "level=ERROR") {
					t.Errorf("logged an ERROR: %s", log)
				}
				if want := rd.want(c.detail); !strings.Contains(rec.Body.String(), want) {
					t.Errorf("%s body lacks %q:\n%s", rd.accept, want, rec.Body)
				}
			}
		})
	}
}

func TestBodyWithInvalidContentLengthIs400(t *testing.T) {
	hr := httptest.NewRequest("POST", "/", strings.NewReader("0123456789"))
	hr.Header.Set("Content-Length", "ten")
	hr.Header.Set("Accept", "application/problem+json")
	rec, log := serveErr(t, Config{}, hr, func(r *Request) (*Response, error) {
		_, err := r.Body()
		return nil, err
	})
	if rec.Code != 400 || strings.Contains(log, "level=ERROR") ||
		!strings.Contains(rec.Body.String(), `"detail":"invalid Content-Length header"`) {
		t.Errorf("%d %s\n%s", rec.Code, rec.Body, log)
	}
}

func TestHeaderErrorDoesNotEchoTheValue(t *testing.T) {
	hr := get("/", "Range", "bytes=<script>alert(1)</script>", "Accept", "text/html")
	rec, _ := serveErr(t, Config{}, hr, func(r *Request) (*Response, error) {
		_, err := r.ParseRange()
		return nil, err
	})
	if rec.Code != 400 || strings.Contains(rec.Body.String(), "script") {
		t.Errorf("%d %q", rec.Code, rec.Body)
	}
}

func TestParamErrorsNameTheParameter(t *testing.T) {
	for _, c := range []struct {
		name, url string
		call      func(*Request) error
		detail    string
	}{
		{"missing", "/", func(r *Request) error { _, err := r.Params().GetOne("mtime"); return err },
			`missing parameter "mtime"`},
		{"several", "/?mtime=1&mtime=2", func(r *Request) error { _, err := r.Params().GetOne("mtime"); return err },
			`several values for parameter "mtime"`},
		{"invalid", "/?page=%3Cscript%3E", func(r *Request) error { _, err := r.Query().Int("page", 1); return err },
			`invalid value for parameter "page"`},
		{"markup in the name", "/", func(r *Request) error { _, err := r.Query().GetOne(`<b>"x"&`); return err },
			`missing parameter "<b>\"x\"&"`},
		{"control bytes in the name", "/", func(r *Request) error { _, err := r.Query().GetOne("a\r\nb\x00"); return err },
			`missing parameter "a\r\nb\x00"`},
		{"long name cut", "/", func(r *Request) error { _, err := r.Query().GetOne(strings.Repeat("n", 1000)); return err },
			`missing parameter "` + strings.Repeat("n", maxNameInDetail) + `"...`},
		{"bad escape", "/?k%zz=1", func(r *Request) error { _, err := r.ParseQuery(); return err },
			`invalid percent-escape in parameter "k%zz"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, rd := range errorRenderings {
				rec, log := serveErr(t, Config{}, get(c.url, "Accept", rd.accept), func(r *Request) (*Response, error) {
					return nil, c.call(r)
				})
				if rec.Code != 400 {
					t.Errorf("status %d", rec.Code)
				}
				if strings.Contains(log, "level=ERROR") {
					t.Errorf("logged an ERROR: %s", log)
				}
				body := rec.Body.String()
				if want := rd.want(c.detail); !strings.Contains(body, want) {
					t.Errorf("%s body lacks %q:\n%s", rd.accept, want, body)
				}
				if strings.Contains(body, "script") || strings.ContainsAny(body, "\r\x00") || len(body) > 2000 ||
					(rd.accept != "text/plain" && strings.Contains(body, "<b>")) {
					t.Errorf("%s body echoes raw input:\n%q", rd.accept, body)
				}
			}
		})
	}
}

func TestTypedGettersTreatEmptyAsAbsent(t *testing.T) {
	// "mtime=" is what a browser sends for an empty field.
	for _, q := range []string{"?mtime=&n=&f=&b=&t=", "?mtime=+&n=%20&f=%09&b=+&t=+"} {
		d := NewRequest(httptest.NewRequest("GET", "/"+q, nil), nil).Query()
		if v, err := d.Int64("mtime", 7); v != 7 || err != nil {
			t.Errorf("%s Int64: %v, %v", q, v, err)
		}
		if v, err := d.Int("n", 7); v != 7 || err != nil {
			t.Errorf("%s Int: %v, %v", q, v, err)
		}
		if v, err := d.Float("f", 1.5); v != 1.5 || err != nil {
			t.Errorf("%s Float: %v, %v", q, v, err)
		}
		if v, err := d.Bool("b", true); !v || err != nil {
			t.Errorf("%s Bool: %v, %v", q, v, err)
		}
		def := time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)
		if v, err := d.Time("t", time.DateOnly, def); !v.Equal(def) || err != nil {
			t.Errorf("%s Time: %v, %v", q, v, err)
		}
	}
	// A present value still parses, and a bad one is still an error.
	d := NewRequest(httptest.NewRequest("GET", "/?mtime=+12+&bad=x", nil), nil).Query()
	if v, err := d.Int64("mtime", 7); v != 12 || err != nil {
		t.Errorf("Int64 with spaces: %v, %v", v, err)
	}
	if _, err := d.Int64("bad", 7); !errors.Is(err, ErrInvalidParam) {
		t.Errorf("Int64 bad: %v", err)
	}
}

// TestRangeCountCappedInResponse checks the cap on the number of ranges
// in the response path itself: 101 one-byte ranges with gaps between them
// add up to far less than the length, so the sum check does not catch
// them; only the count cap makes the adapter send the whole body.
func TestRangeCountCappedInResponse(t *testing.T) {
	body := strings.Repeat("x", 1000)
	ranges := func(n int) string {
		var b strings.Builder
		b.WriteString("bytes=")
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(2*i) + "-" + strconv.Itoa(2*i))
		}
		return b.String()
	}
	rec := serveMethod(t, ranged(body), "GET", "Range", ranges(headers.DefaultMaxRanges))
	if rec.Code != http.StatusPartialContent ||
		strings.Count(rec.Body.String(), "Content-Range: bytes ") != headers.DefaultMaxRanges {
		t.Fatalf("at the cap: status %d, %d parts", rec.Code, strings.Count(rec.Body.String(), "Content-Range: bytes "))
	}
	rec = serveMethod(t, ranged(body), "GET", "Range", ranges(headers.DefaultMaxRanges+1))
	if rec.Code != http.StatusOK || rec.Body.String() != body {
		t.Errorf("past the cap: status %d, %d bytes, want the whole body", rec.Code, rec.Body.Len())
	}
}

func TestBodyErrorsNameTheProblem(t *testing.T) {
	for _, c := range []struct {
		name, ct, body string
		opts           *Options
		call           func(*Request) error
		code           int
		detail         string
	}{
		{"json", "application/json", `{"a":`, nil,
			func(r *Request) error { var v any; return r.JSON(&v) }, 400, "invalid JSON body"},
		{"multipart truncated", "multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1", nil,
			func(r *Request) error { _, err := r.ParseForm(); return err }, 400,
			"malformed multipart body: it ends before the closing boundary"},
		{"form bad escape", "application/x-www-form-urlencoded", "a%zz=1&b=2", nil,
			func(r *Request) error { _, err := r.ParseForm(); return err }, 400,
			`invalid percent-escape in parameter "a%zz"`},
		{"body limit", "text/plain", "0123456789", &Options{MaxBodyBytes: 4},
			func(r *Request) error { _, err := r.Body(); return err }, 413,
			"request exceeds the limit MaxBodyBytes (4)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			hr := httptest.NewRequest("POST", "/", strings.NewReader(c.body))
			hr.Header.Set("Content-Type", c.ct)
			hr.Header.Set("Accept", "application/problem+json")
			rec, log := serveErr(t, Config{Request: c.opts}, hr, func(r *Request) (*Response, error) {
				return nil, c.call(r)
			})
			if rec.Code != c.code || strings.Contains(log, "level=ERROR") {
				t.Errorf("status %d, want %d; log %s", rec.Code, c.code, log)
			}
			if want := `"detail":` + string(appendJSONString(nil, c.detail)); !strings.Contains(rec.Body.String(), want) {
				t.Errorf("body lacks %s:\n%s", want, rec.Body)
			}
		})
	}
}

// FuzzHeaderErrorsAre4xx: whatever a request header holds, every
// Request.ParseX error is a *HeaderError naming the field, answered 4xx,
// whose Error is one line and whose client detail repeats nothing sent.
func FuzzHeaderErrorsAre4xx(f *testing.F) {
	f.Add("bytes=zz", `"unterminated`)
	f.Add("bytes=0-1,,2-", "text/html;q=2")
	f.Add("Digest a=1, a=2", "text/plain; charset")
	f.Add("", "yesterday")
	trusted := &Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("0.0.0.0/0")}}
	calls := []struct {
		field string
		call  func(*Request) error
	}{
		{"Range", func(r *Request) error { _, err := r.ParseRange(); return err }},
		{"If-Range", func(r *Request) error { _, err := r.ParseIfRange(); return err }},
		{"If-Match", func(r *Request) error { _, err := r.ParseIfMatch(); return err }},
		{"If-None-Match", func(r *Request) error { _, err := r.ParseIfNoneMatch(); return err }},
		{"If-Modified-Since", func(r *Request) error { _, err := r.ParseIfModifiedSince(); return err }},
		{"If-Unmodified-Since", func(r *Request) error { _, err := r.ParseIfUnmodifiedSince(); return err }},
		{"Date", func(r *Request) error { _, err := r.ParseDate(); return err }},
		{"Cache-Control", func(r *Request) error { _, err := r.ParseCacheControl(); return err }},
		{"Max-Forwards", func(r *Request) error { _, err := r.ParseMaxForwards(); return err }},
		{"Content-Type", func(r *Request) error { _, err := r.ParseMediaType(); return err }},
		{"Content-Length", func(r *Request) error { _, err := r.ParseContentLength(); return err }},
		{"Forwarded", func(r *Request) error { _, err := r.ParseForwarded(); return err }},
		{"Authorization", func(r *Request) error { _, err := r.ParseAuthorization(); return err }},
		{"Cookie", func(r *Request) error { _, err := r.ParseCookies(); return err }},
		{"Accept", func(r *Request) error { _, err := r.ParseAccept(); return err }},
		{"Accept-Charset", func(r *Request) error { _, err := r.ParseAcceptCharset(); return err }},
		{"Accept-Encoding", func(r *Request) error { _, err := r.ParseAcceptEncoding(); return err }},
		{"Accept-Language", func(r *Request) error { _, err := r.ParseAcceptLanguage(); return err }},
		{"X-Forwarded-For", func(r *Request) error { _, err := r.ParseClientAddr(); return err }},
	}
	f.Fuzz(func(t *testing.T, v1, v2 string) {
		for _, c := range calls {
			hr := &http.Request{Method: "GET", URL: &url.URL{Path: "/"}, RemoteAddr: "10.0.0.1:1",
				Header: http.Header{c.field: {v1, v2}}}
			err := c.call(NewRequest(hr, trusted))
			if err == nil {
				continue
			}
			var he *HeaderError
			if !errors.As(err, &he) || he.Field != c.field {
				t.Fatalf("%s: %v (%T) is not a *HeaderError for the field", c.field, err, err)
			}
			if code := ErrorStatus(err); code < 400 || code > 499 {
				t.Fatalf("%s: %v answers %d", c.field, err, code)
			}
			if strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("%s: Error() is several lines: %q", c.field, err.Error())
			}
			d := he.clientDetail()
			if !strings.Contains(d, c.field+" header") || strings.ContainsAny(d, "\"<>&\r\n\x00") {
				t.Fatalf("%s: detail %q", c.field, d)
			}
		}
	})
}

func TestCookieProfileErrorsAre400(t *testing.T) {
	signer, err := cookies.NewSigner([]byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	p := &cookies.Profile{Name: "session", Codec: signer}
	lines, err := p.SetCookies(map[string]string{"user": "a"})
	if err != nil {
		t.Fatal(err)
	}
	good, _, _ := strings.Cut(lines[0], ";")
	for _, c := range []struct {
		name, cookie, detail string
	}{
		{"missing", "", "missing cookie"},
		{"tampered", good + "x", "invalid cookie"},
		{"malformed", "session=abc", "invalid cookie"},
	} {
		t.Run(c.name, func(t *testing.T) {
			hr := get("/", "Accept", "application/problem+json")
			if c.cookie != "" {
				hr.Header.Set("Cookie", c.cookie)
			}
			rec, log := serveErr(t, Config{}, hr, func(r *Request) (*Response, error) {
				var v map[string]string
				return nil, p.Get(r.HTTP().Header["Cookie"], &v)
			})
			if rec.Code != 400 || strings.Contains(log, "level=ERROR") ||
				!strings.Contains(rec.Body.String(), `"detail":"`+c.detail+`"`) {
				t.Errorf("%d %s\n%s", rec.Code, rec.Body, log)
			}
		})
	}
	// The good cookie reads.
	hr := get("/", "Cookie", good)
	var v map[string]string
	if err := p.Get(hr.Header["Cookie"], &v); err != nil || v["user"] != "a" {
		t.Errorf("good cookie: %v %v", v, err)
	}
}

func TestFormWithUnparsableFormContentTypeIsAnError(t *testing.T) {
	for _, c := range []struct {
		ct   []string
		fail bool
	}{
		{[]string{"multipart/form-data; boundary"}, true},
		{[]string{"application/x-www-form-urlencoded; charset"}, true},
		{[]string{"Application/X-WWW-Form-Urlencoded ;="}, true},
		{[]string{"application/x-www-form-urlencoded", "text/plain"}, true},
		{[]string{"text/; a=b"}, false}, // not a form: an empty form, as before
		{[]string{"application/x-www-form-urlencoded; charset=utf-8"}, false},
	} {
		hr := httptest.NewRequest("POST", "/", strings.NewReader("a=1"))
		for _, v := range c.ct {
			hr.Header.Add("Content-Type", v)
		}
		hr.Header.Set("Accept", "application/problem+json")
		var form *MultiDict
		rec, log := serveErr(t, Config{}, hr, func(r *Request) (*Response, error) {
			f, err := r.ParseForm()
			form = f
			return nil, err
		})
		switch {
		case c.fail && (rec.Code != 400 || !strings.Contains(rec.Body.String(), `"detail":"invalid Content-Type header`) ||
			strings.Contains(log, "level=ERROR")):
			t.Errorf("%q: %d %s\n%s", c.ct, rec.Code, rec.Body, log)
		case c.fail && form.Len() != 0:
			t.Errorf("%q: form %v", c.ct, form)
		case !c.fail && rec.Code != http.StatusNoContent:
			t.Errorf("%q: %d %s", c.ct, rec.Code, rec.Body)
		}
	}
}

func TestBindErrorsNameTheParameter(t *testing.T) {
	type dst struct {
		Page int      `url:"page"`
		Tags []string `url:"tags"`
	}
	for _, c := range []struct {
		url    string
		opts   *Options
		detail string
	}{
		{"/?page=x", nil, `invalid value for parameter "page"`},
		{"/?page=x&page2=1", &Options{DisallowUnknownKeys: true}, `invalid value for parameter "page" (and 1 more)`},
		{"/?zzz=1", &Options{DisallowUnknownKeys: true}, `unknown parameter "zzz"`},
	} {
		rec, log := serveErr(t, Config{Request: c.opts}, get(c.url, "Accept", "application/problem+json"),
			func(r *Request) (*Response, error) { var d dst; return nil, r.Bind(&d) })
		if rec.Code != 400 || strings.Contains(log, "level=ERROR") ||
			!strings.Contains(rec.Body.String(), `"detail":`+string(appendJSONString(nil, c.detail))) {
			t.Errorf("%s: %d %s\n%s", c.url, rec.Code, rec.Body, log)
		}
	}
}

// TestErrorsReadAsOneLine: every exported error of the package, and a
// sample of each exported error type, print one line starting with
// "webob: ".
func TestErrorsReadAsOneLine(t *testing.T) {
	fe := &FieldError{Key: "a\r\nb", Field: "A", Err: ErrInvalidParam}
	_, errMsg := ParseRequest([]byte("GET / HTTP/1.1\r\nHost: a\r\nBad Name: x\r\n\r\n"), nil)
	r := NewResponse(http.StatusOK)
	errSet := r.SetHeader("X-A", "a\r\nb")
	errtest.CheckExported(t, "webob: ", map[string]error{
		"ErrAmbiguousForwarding": ErrAmbiguousForwarding,
		"ErrBindTarget":          ErrBindTarget,
		"ErrBlank":               ErrBlank,
		"ErrBodyConsumed":        ErrBodyConsumed,
		"ErrBodyRead":            ErrBodyRead,
		"ErrDuplicateLocation":   ErrDuplicateLocation,
		"ErrHandlerPanic":        ErrHandlerPanic,
		"ErrInvalidHeader":       ErrInvalidHeader,
		"ErrInvalidJSON":         ErrInvalidJSON,
		"ErrInvalidParam":        ErrInvalidParam,
		"ErrInvalidText":         ErrInvalidText,
		"ErrMalformedMessage":    ErrMalformedMessage,
		"ErrMalformedResponse":   ErrMalformedResponse,
		"ErrMissingParam":        ErrMissingParam,
		"ErrMultipleValues":      ErrMultipleValues,
		"ErrNoContentType":       ErrNoContentType,
		"ErrNotRendered":         ErrNotRendered,
		"ErrSeveralValues":       ErrSeveralValues,
		"ErrSliceIndex":          ErrSliceIndex,
		"ErrTrailingData":        ErrTrailingData,
		"ErrUnknownCharset":      ErrUnknownCharset,
		"ErrUnknownEncoding":     ErrUnknownEncoding,
		"ErrUnknownKey":          ErrUnknownKey,
		"ErrUnwritable":          ErrUnwritable,
		"HTTPError":              &HTTPError{Code: http.StatusNotFound, Detail: "no such item", Err: ErrMissingParam},
		"ParamError":             &ParamError{Key: "a\r\nb", Err: ErrMissingParam},
		"FieldError":             fe,
		"BindError":              &BindError{Errors: []*FieldError{fe, fe}},
		"BodyReadError":          &BodyReadError{Err: io.ErrUnexpectedEOF},
		"HeaderError":            &HeaderError{Field: "Range", Err: headers.ErrInvalidRange},
		"FromBytes":              errMsg,
		"SetHeader":              errSet,
	})
}

// TestClientInputErrorsAre400WithoutMultipart: the package's own errors
// for malformed client input are answered 400 by ErrorStatus through a
// marker of this package, not by wrapping multipart.ErrMalformed.
func TestClientInputErrorsAre400WithoutMultipart(t *testing.T) {
	_, errMsg := ParseRequest([]byte("GET / HTTP/1.1\r\nHost: a\r\n\r\nextra"), nil)
	var v any
	errJSON := newReq("POST", "/", `{"a":`, "Content-Type", "application/json").JSON(&v)
	for name, err := range map[string]error{
		"ErrInvalidJSON":      ErrInvalidJSON,
		"ErrInvalidText":      ErrInvalidText,
		"ErrUnknownCharset":   ErrUnknownCharset,
		"ErrMalformedMessage": ErrMalformedMessage,
		"ErrTrailingData":     ErrTrailingData,
		"FromBytes":           errMsg,
		"JSON":                errJSON,
	} {
		if got := ErrorStatus(err); got != http.StatusBadRequest {
			t.Errorf("%s: ErrorStatus = %d", name, got)
		}
		if errors.Is(err, multipart.ErrMalformed) {
			t.Errorf("%s: wraps multipart.ErrMalformed", name)
		}
	}
	if !errors.Is(errMsg, ErrTrailingData) || !errors.Is(errJSON, ErrInvalidJSON) {
		t.Errorf("sentinels lost: %v; %v", errMsg, errJSON)
	}
}
