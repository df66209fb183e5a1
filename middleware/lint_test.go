package middleware

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/negotiate"
	"github.com/webob-go/webob/webob"
)

// lintChecks runs h under Lint for req and returns the checks reported.
func lintChecks(t *testing.T, h http.Handler, req *http.Request) []string {
	t.Helper()
	var got []string
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	l := Lint(&LintOptions{
		Now:       func() time.Time { return now },
		OnProblem: func(_ *http.Request, p LintProblem) { got = append(got, p.Check) },
	})(h)
	func() {
		defer func() { _ = recover() }() // net/http's own panics (invalid status)
		l.ServeHTTP(httptest.NewRecorder(), req)
	}()
	return got
}

func TestLintReportsEachProblem(t *testing.T) {
	text := func(w http.ResponseWriter) { w.Header().Set("Content-Type", "text/plain") }
	cases := []struct {
		name   string
		method string
		h      http.HandlerFunc
		want   []string
	}{
		{"clean", "GET", func(w http.ResponseWriter, r *http.Request) { text(w); io.WriteString(w, "ok") }, nil},
		{"clean empty", "GET", func(w http.ResponseWriter, r *http.Request) {}, nil},
		{"clean head", "HEAD", func(w http.ResponseWriter, r *http.Request) {
			text(w)
			w.Header().Set("Content-Length", "10")
		}, nil},
		{"invalid status", "GET", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(42) }, []string{LintStatus}},
		{"write header twice", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(200)
			w.WriteHeader(500)
		}, []string{LintWriteHeaderTwice}},
		{"write header after write", "GET", func(w http.ResponseWriter, r *http.Request) {
			text(w)
			io.WriteString(w, "x")
			w.WriteHeader(500)
		}, []string{LintWriteHeaderLate}},
		{"1xx then final is fine", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusEarlyHints)
			w.WriteHeader(204)
		}, nil},
		{"body on 204", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(204)
			io.WriteString(w, "x")
		}, []string{LintBodyNotAllowed}},
		{"body on 304", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(304)
			w.Write([]byte("x"))
		}, []string{LintBodyNotAllowed}},
		{"body on HEAD", "HEAD", func(w http.ResponseWriter, r *http.Request) { text(w); io.WriteString(w, "x") }, []string{LintBodyNotAllowed}},
		{"body through ReadFrom on 204", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(204)
			w.(io.ReaderFrom).ReadFrom(strings.NewReader("xyz"))
		}, []string{LintBodyNotAllowed}},
		{"content-length short", "GET", func(w http.ResponseWriter, r *http.Request) {
			text(w)
			w.Header().Set("Content-Length", "5")
			io.WriteString(w, "abc")
		}, []string{LintContentLength}},
		{"content-length invalid", "GET", func(w http.ResponseWriter, r *http.Request) {
			text(w)
			w.Header().Set("Content-Length", "x")
		}, []string{LintContentLength}},
		{"no content-type", "GET", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "x") }, []string{LintContentType}},
		{"set-cookie invalid value", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("Set-Cookie", "a=b c")
		}, []string{LintSetCookie}},
		{"set-cookie samesite none without secure", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("Set-Cookie", "a=b; SameSite=None")
		}, []string{LintSetCookie}},
		{"set-cookie bad expires", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("Set-Cookie", "a=b; Expires=tomorrow")
		}, []string{LintSetCookie}},
		{"set-cookie bad max-age", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("Set-Cookie", "a=b; Max-Age=1h")
		}, []string{LintSetCookie}},
		{"set-cookie unknown attribute", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("Set-Cookie", "a=b; Secure; Colour=blue")
		}, []string{LintSetCookie}},
		{"set-cookie bad samesite", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("Set-Cookie", "a=b; SameSite=Sometimes")
		}, []string{LintSetCookie}},
		{"set-cookie host prefix", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("Set-Cookie", "__Host-a=b; Secure; Path=/x")
		}, []string{LintSetCookie}},
		{"set-cookie no equals", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("Set-Cookie", "junk")
		}, []string{LintSetCookie}},
		{"set-cookie good", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Add("Set-Cookie", "a=b; Path=/; Domain=example.com; Expires=Thu, 03 Dec 2026 12:00:00 GMT; Max-Age=60; Secure; HttpOnly; SameSite=Lax")
		}, nil},
		{"redirect without location", "GET", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(302) }, []string{LintLocation}},
		{"304 needs no location", "GET", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(304) }, nil},
		{"405 without allow", "GET", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(405) }, []string{LintAllow}},
		{"401 without challenge", "GET", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(401) }, []string{LintWWWAuthenticate}},
		{"206 without content-range", "GET", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(206) }, []string{LintContentRange}},
		{"206 multipart", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "multipart/byteranges; boundary=x")
			w.WriteHeader(206)
		}, nil},
		{"bad etag", "GET", func(w http.ResponseWriter, r *http.Request) { w.Header().Set("ETag", "abc") }, []string{LintETag}},
		{"good etag", "GET", func(w http.ResponseWriter, r *http.Request) { w.Header().Set("ETag", `W/"abc"`) }, nil},
		{"last-modified in the future", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Last-Modified", "Fri, 04 Dec 2026 12:00:00 GMT")
		}, []string{LintLastModified}},
		{"last-modified unparsable", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Last-Modified", "yesterday")
		}, []string{LintLastModified}},
		{"last-modified now", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Last-Modified", "Thu, 03 Dec 2026 12:00:00 GMT")
		}, nil},
		{"header with CRLF", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header()["X-Evil"] = []string{"a\r\nb"}
		}, []string{LintHeaderField}},
		{"header name not a token", "GET", func(w http.ResponseWriter, r *http.Request) {
			w.Header()["X Evil"] = []string{"a"}
		}, []string{LintHeaderField}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := lintChecks(t, c.h, httptest.NewRequest(c.method, "/", nil))
			if !slices.Equal(got, c.want) {
				t.Fatalf("problems %v, want %v", got, c.want)
			}
		})
	}
}

func TestLintVaryCheckUsesWhatWebobRecorded(t *testing.T) {
	offers, _ := negotiate.NewOffers("text/plain", "application/json")
	h := webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		ct, _ := req.AcceptOffer(offers)
		return webob.Text(200, ct), nil
	})
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept", "application/json")
	if got := lintChecks(t, h, req); got != nil {
		t.Fatalf("a webob handler that negotiated got %v (the adapter adds Vary)", got)
	}
	if miss := varyMissing([]string{"Origin"}, []string{"Accept", "Accept-Language"}); miss != "Accept" {
		t.Fatalf("varyMissing = %q, want Accept", miss)
	}
	if miss := varyMissing([]string{"origin, accept", "Accept-Language"}, []string{"Accept", "Accept-Language"}); miss != "" {
		t.Fatalf("varyMissing = %q, want none", miss)
	}
	if miss := varyMissing([]string{"*"}, []string{"Accept"}); miss != "" {
		t.Fatalf("Vary * misses %q", miss)
	}
}

func TestLintVaryCheckReportsAConsultedHeaderMissingFromVary(t *testing.T) {
	// What Lint does after learning from a webob.HandlerFunc that Accept
	// was consulted, for a response whose Vary does not list it.
	var got []string
	o := LintOptions{OnProblem: func(_ *http.Request, p LintProblem) { got = append(got, p.Check) }, Now: time.Now}
	lw := &lintWriter{opts: &o, r: httptest.NewRequest("GET", "/", nil), consulted: []string{"Accept"}, knowConsulted: true}
	rec := httptest.NewRecorder()
	lw.o.reset(rec)
	lw.o.onHeader = lw.checkHeader
	rec.Header().Set("Vary", "Origin")
	lw.WriteHeader(204)
	if !slices.Equal(got, []string{LintVary}) {
		t.Fatalf("problems %v, want [vary]", got)
	}
}

func TestLintPlainHandlerSkipsVaryCheck(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, r.Header.Get("Accept"))
	})
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept", "text/plain")
	if got := lintChecks(t, h, req); got != nil {
		t.Fatalf("problems %v", got)
	}
}

func TestLintLogsWithoutCallback(t *testing.T) {
	var buf bytes.Buffer
	h := Lint(&LintOptions{Logger: slog.New(slog.NewTextHandler(&buf, nil))})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(405)
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("DELETE", "/x", nil))
	if s := buf.String(); !strings.Contains(s, "lint: allow") || !strings.Contains(s, "method=DELETE") || !strings.Contains(s, "path=/x") {
		t.Fatalf("log %q", s)
	}
}

func TestLintChangesNothingSent(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-A", "1")
		w.WriteHeader(418)
		io.WriteString(w, "teapot")
	})
	a, b := httptest.NewRecorder(), httptest.NewRecorder()
	h.ServeHTTP(a, httptest.NewRequest("GET", "/", nil))
	Lint(&LintOptions{OnProblem: func(*http.Request, LintProblem) {}})(h).ServeHTTP(b, httptest.NewRequest("GET", "/", nil))
	if a.Code != b.Code || a.Body.String() != b.Body.String() || a.Header().Get("X-A") != b.Header().Get("X-A") {
		t.Fatalf("linted response differs: %d %q vs %d %q", a.Code, a.Body, b.Code, b.Body)
	}
}

func TestLintAroundWebobHandler(t *testing.T) {
	h := webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		if req.HTTP().URL.Path == "/missing" {
			return nil, webob.NotFound("no such thing")
		}
		return webob.JSON(200, map[string]int{"a": 1}), nil
	})
	for _, path := range []string{"/", "/missing"} {
		for _, m := range []string{"GET", "HEAD"} {
			if got := lintChecks(t, h, httptest.NewRequest(m, path, nil)); got != nil {
				t.Errorf("%s %s: problems %v", m, path, got)
			}
		}
	}
}

func TestLintKeepsConnectionFeatures(t *testing.T) {
	acConnectionFeatures(t, Lint(nil), func(*http.Request) {})
}

func TestLintIgnoreDropsNamedChecks(t *testing.T) {
	var got []string
	h := Lint(&LintOptions{
		Ignore:    []string{LintBodyNotAllowed},
		OnProblem: func(_ *http.Request, p LintProblem) { got = append(got, p.Check) },
	})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "nope", http.StatusNotFound) // writes a body for HEAD too
		w.WriteHeader(500)
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("HEAD", "/", nil))
	if !slices.Equal(got, []string{LintWriteHeaderLate}) {
		t.Fatalf("problems %v", got)
	}
}
