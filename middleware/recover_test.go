package middleware

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/webob-go/webob/webob"
)

func panicky(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", "999")
	w.Header().Set("Set-Cookie", "half=done")
	w.Header().Set("X-Outer", "kept") // pretend a middleware further out set it
	panic("boom <b>")
}

func recoverWithLog(buf *bytes.Buffer, opts RecoverOptions) func(http.Handler) http.Handler {
	opts.Logger = slog.New(slog.NewJSONHandler(buf, nil))
	return Recover(&opts)
}

func TestRecoverAnswers500NegotiatedAsWebobErrors(t *testing.T) {
	cases := []struct{ accept, ct, has string }{
		{"", "text/html", "<h1>500 Internal Server Error</h1>"},
		{"text/html", "text/html", "<h1>500 Internal Server Error</h1>"},
		{"application/json", "application/json", `"code":"500 Internal Server Error"`},
		{"application/problem+json", "application/problem+json", `"status":500`},
		{"text/plain", "text/plain", "500 Internal Server Error\n"},
	}
	for _, c := range cases {
		var logs bytes.Buffer
		h := recoverWithLog(&logs, RecoverOptions{})(http.HandlerFunc(panicky))
		req := httptest.NewRequest("GET", "/", nil)
		if c.accept != "" {
			req.Header.Set("Accept", c.accept)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 500 || !strings.HasPrefix(rec.Header().Get("Content-Type"), c.ct) ||
			!strings.Contains(rec.Body.String(), c.has) {
			t.Errorf("Accept %q: %d %q %q", c.accept, rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
		}
		if strings.Contains(rec.Body.String(), "boom") {
			t.Errorf("Accept %q: the panic value reached the client", c.accept)
		}
	}
}

func TestRecoverDropsHeadersOfTheAbandonedResponse(t *testing.T) {
	var logs bytes.Buffer
	h := recoverWithLog(&logs, RecoverOptions{})(http.HandlerFunc(panicky))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Header().Get("Set-Cookie") != "" || rec.Header().Get("Content-Length") == "999" ||
		strings.HasPrefix(rec.Header().Get("Content-Type"), "application/octet-stream") {
		t.Fatalf("stale headers sent: %v", rec.Header())
	}
	if rec.Header().Get("X-Outer") != "kept" {
		t.Fatalf("unrelated header dropped: %v", rec.Header())
	}
}

func TestRecoverLogsOnceWithStack(t *testing.T) {
	var logs bytes.Buffer
	h := Chain(RequestID(nil), recoverWithLog(&logs, RecoverOptions{}))(http.HandlerFunc(panicky))
	req := httptest.NewRequest("GET", "/p", nil)
	req.Header.Set("X-Request-Id", "rid-9")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if n := strings.Count(logs.String(), "\n"); n != 1 {
		t.Fatalf("%d log records: %s", n, logs.String())
	}
	var m map[string]any
	if err := json.Unmarshal(logs.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	if m["level"] != "ERROR" || m["panic"] != "boom <b>" || m["request_id"] != "rid-9" || m["path"] != "/p" ||
		!strings.Contains(m["stack"].(string), "middleware.panicky") {
		t.Fatalf("record %v", m)
	}
	if !strings.Contains(rec.Body.String(), "rid-9") {
		t.Fatalf("request ID missing from the 500: %q", rec.Body.String())
	}
}

func TestRecoverRepanicsErrAbortHandler(t *testing.T) {
	var logs bytes.Buffer
	h := recoverWithLog(&logs, RecoverOptions{})(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic(http.ErrAbortHandler)
	}))
	defer func() {
		if v := recover(); v != http.ErrAbortHandler {
			t.Fatalf("recovered %v", v)
		}
		if logs.Len() != 0 {
			t.Fatalf("ErrAbortHandler logged: %s", logs.String())
		}
	}()
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
}

// TestRecoverAbortsConnectionAfterHeadersSent: the client must see a broken
// response, not a short one that looks complete.
func TestRecoverAbortsConnectionAfterHeadersSent(t *testing.T) {
	var logs syncBuffer
	h := Recover(&RecoverOptions{Logger: slog.New(slog.NewJSONHandler(&logs, nil))})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "partial")
		w.(http.Flusher).Flush()
		panic("late")
	}))
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = nil
	srv.Start()
	defer srv.Close()
	res, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err == nil || res.StatusCode != 200 || string(b) != "partial" {
		t.Fatalf("status %d, body %q, err %v: want 200, partial, then an error", res.StatusCode, b, err)
	}
	if log := logs.waitString(); !strings.Contains(log, `"aborted":true`) || strings.Count(log, "\n") != 1 {
		t.Fatalf("log %s", log)
	}
}

func TestRecoverAbortsAfterHijack(t *testing.T) {
	var logs bytes.Buffer
	h := recoverWithLog(&logs, RecoverOptions{})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			defer c.Close()
		}
		panic("after hijack")
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	if res, err := http.Get(srv.URL); err == nil {
		res.Body.Close()
		t.Fatal("a response after a hijack")
	}
}

func TestRecoverPassesNormalResponses(t *testing.T) {
	h := Recover(nil)(http.HandlerFunc(hello))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 200 || rec.Body.String() != "hello world" {
		t.Fatalf("%d %q", rec.Code, rec.Body.String())
	}
}

func TestRecoverAroundWebobHandler(t *testing.T) {
	var logs bytes.Buffer
	cfg := &webob.Config{NoRecover: true}
	h := recoverWithLog(&logs, RecoverOptions{})(cfg.Handler(func(req *webob.Request) (*webob.Response, error) {
		if req.Path() == "/panic" {
			panic(errors.New("webob handler failed"))
		}
		return webob.Text(200, "fine"), nil
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 200 || rec.Body.String() != "fine" {
		t.Fatalf("%d %q", rec.Code, rec.Body.String())
	}
	rec = httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/panic", nil)
	req.Header.Set("Accept", "application/json")
	h.ServeHTTP(rec, req)
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), `"title":"Internal Server Error"`) ||
		!strings.Contains(logs.String(), "webob handler failed") {
		t.Fatalf("%d %q; log %s", rec.Code, rec.Body.String(), logs.String())
	}
}

func TestRecoverKeepsConnectionFeatures(t *testing.T) {
	checkKeepsConnFeatures(t, Recover(nil))
}

func TestRecoverInsideAccessLogLogs500(t *testing.T) {
	var line, logs bytes.Buffer
	h := Chain(
		AccessLog(nil, &AccessLogOptions{Writer: &line, Format: CommonLogFormat}),
		recoverWithLog(&logs, RecoverOptions{}),
	)(http.HandlerFunc(panicky))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/x", nil))
	if !strings.Contains(line.String(), `"GET /x HTTP/1.1" 500 `) {
		t.Fatalf("line %q", line.String())
	}
}

func TestRecoverDevelopmentOnlyForLoopbackClients(t *testing.T) {
	cases := []struct {
		name, peer string
		hdr        map[string]string
		dev        bool
	}{
		{"loopback v4", "127.0.0.1:5000", nil, true},
		{"loopback v6", "[::1]:5000", nil, true},
		{"remote", "192.0.2.1:5000", nil, false},
		{"local proxy, remote client", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "203.0.113.9"}, false},
		{"local proxy, Forwarded", "127.0.0.1:5000", map[string]string{"Forwarded": "for=203.0.113.9"}, false},
		{"Forwarded unknown", "127.0.0.1:5000", map[string]string{"Forwarded": "for=unknown"}, false},
		{"X-Real-Ip remote", "127.0.0.1:5000", map[string]string{"X-Real-Ip": "203.0.113.9"}, false},
		{"malformed XFF", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "not-an-ip"}, false},
		{"local proxy, local client", "127.0.0.1:5000", map[string]string{"X-Forwarded-For": "127.0.0.1, ::1"}, true},
		{"not an address", "@", nil, false},
	}
	for _, c := range cases {
		var logs bytes.Buffer
		h := recoverWithLog(&logs, RecoverOptions{Development: true})(http.HandlerFunc(panicky))
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = c.peer
		for k, v := range c.hdr {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		dev := strings.Contains(rec.Body.String(), "Development mode")
		if rec.Code != 500 || dev != c.dev {
			t.Errorf("%s: status %d, development page %v, want %v", c.name, rec.Code, dev, c.dev)
		}
	}
}

func TestRecoverDevelopmentPageEscapesEverything(t *testing.T) {
	var logs bytes.Buffer
	h := recoverWithLog(&logs, RecoverOptions{Development: true})(http.HandlerFunc(panicky))
	req := httptest.NewRequest("GET", "/<script>?a=<i>", nil)
	req.RemoteAddr = "127.0.0.1:1"
	req.Header.Set("User-Agent", `"><img src=x onerror=alert(1)>`)
	req.Header.Set("Cookie", "session=s3cret")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	body := rec.Body.String()
	for _, bad := range []string{"<script>", "<i>", "<img", "<b>", "s3cret"} {
		if strings.Contains(body, bad) {
			t.Errorf("page contains %q", bad)
		}
	}
	for _, want := range []string{"boom &lt;b&gt;", "&lt;script&gt;", "[REDACTED]"} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if rec.Header().Get("Cache-Control") != "no-store" || !strings.HasPrefix(rec.Header().Get("Content-Security-Policy"), "default-src 'none'") {
		t.Errorf("headers %v", rec.Header())
	}
}

func TestRecoverDevelopmentPlainAndJSON(t *testing.T) {
	var logs bytes.Buffer
	h := recoverWithLog(&logs, RecoverOptions{Development: true})(http.HandlerFunc(panicky))
	for accept, want := range map[string]string{
		"text/plain":       "panic: boom <b>\n\n\t(",
		"application/json": `"panic":"boom \u003cb\u003e"`,
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = "127.0.0.1:1"
		req.Header.Set("Accept", accept)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if !strings.HasPrefix(rec.Header().Get("Content-Type"), accept) || !strings.Contains(rec.Body.String(), want) {
			t.Errorf("%s: %q %q", accept, rec.Header().Get("Content-Type"), rec.Body.String())
		}
	}
}

// TestRecoverHeadGetsNoBody: a HEAD request's 500 has no body.
func TestRecoverHeadGetsNoBody(t *testing.T) {
	var logs bytes.Buffer
	h := recoverWithLog(&logs, RecoverOptions{})(http.HandlerFunc(panicky))
	srv := httptest.NewServer(h)
	defer srv.Close()
	res, err := http.Head(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 500 {
		t.Fatalf("status %d", res.StatusCode)
	}
}
