package middleware

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webob-go/webob/webob"

	"github.com/webob-go/webob/internal/race"
)

var fixedTime = time.Date(2000, time.October, 10, 13, 55, 36, 0, time.FixedZone("", -7*3600))

// clfHandler wraps h in AccessLog writing to buf at fixedTime.
func clfHandler(buf io.Writer, opts AccessLogOptions, h http.Handler) http.Handler {
	opts.Writer = buf
	ah := AccessLog(nil, &opts)(h).(*accessHandler)
	ah.now = func() time.Time { return fixedTime }
	return ah
}

func hello(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	io.WriteString(w, "hello world")
}

func TestAccessLogWritesCombinedLogFormat(t *testing.T) {
	var buf bytes.Buffer
	h := clfHandler(&buf, AccessLogOptions{}, http.HandlerFunc(hello))
	req := httptest.NewRequest("GET", "/apache_pb.gif?x=1", nil)
	req.RemoteAddr = "127.0.0.1:4321"
	req.URL.User = url.User("frank")
	req.Header.Set("Referer", "http://www.example.com/start.html")
	req.Header.Set("User-Agent", "Mozilla/4.08 [en] (Win98; I ;Nav)")
	h.ServeHTTP(httptest.NewRecorder(), req)
	want := `127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif?x=1 HTTP/1.1" 200 11 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"` + "\n"
	if buf.String() != want {
		t.Fatalf("got  %q\nwant %q", buf.String(), want)
	}
}

func TestAccessLogWritesCommonLogFormat(t *testing.T) {
	var buf bytes.Buffer
	h := clfHandler(&buf, AccessLogOptions{Format: CommonLogFormat}, http.HandlerFunc(hello))
	req := httptest.NewRequest("POST", "/form", nil)
	req.RemoteAddr = "[2001:db8::1]:443"
	req.Header.Set("User-Agent", "ua")
	h.ServeHTTP(httptest.NewRecorder(), req)
	want := `2001:db8::1 - - [10/Oct/2000:13:55:36 -0700] "POST /form HTTP/1.1" 200 11` + "\n"
	if buf.String() != want {
		t.Fatalf("got  %q\nwant %q", buf.String(), want)
	}
}

func TestAccessLogWritesDashForNoBytesAndPositiveZone(t *testing.T) {
	var buf bytes.Buffer
	opts := AccessLogOptions{Format: CommonLogFormat, Writer: &buf}
	ah := AccessLog(nil, &opts)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})).(*accessHandler)
	ah.now = func() time.Time { return time.Date(2024, 2, 9, 1, 2, 3, 0, time.FixedZone("", 5*3600+30*60)) }
	ah.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("DELETE", "/x", nil))
	want := `192.0.2.1 - - [09/Feb/2024:01:02:03 +0530] "DELETE /x HTTP/1.1" 204 -` + "\n"
	if buf.String() != want {
		t.Fatalf("got  %q\nwant %q", buf.String(), want)
	}
}

func TestAccessLogWritesDashForMissingRefererAndUserAgent(t *testing.T) {
	var buf bytes.Buffer
	h := clfHandler(&buf, AccessLogOptions{}, http.HandlerFunc(hello))
	req := httptest.NewRequest("GET", "/", nil)
	h.ServeHTTP(httptest.NewRecorder(), req)
	req.Header["Referer"] = []string{""} // present but empty: ""
	h.ServeHTTP(httptest.NewRecorder(), req)
	lines := strings.Split(buf.String(), "\n")
	if !strings.HasSuffix(lines[0], `200 11 "-" "-"`) || !strings.HasSuffix(lines[1], `200 11 "" "-"`) {
		t.Fatalf("lines %q", lines)
	}
}

func TestAccessLogEscapesQuotesAndControlBytes(t *testing.T) {
	var buf bytes.Buffer
	h := clfHandler(&buf, AccessLogOptions{}, http.HandlerFunc(hello))
	req := httptest.NewRequest("GET", "/", nil)
	req.RequestURI = "/a\"b\\c\x01\x7f\xc3\xa9"
	req.URL.User = url.User("ev\"il\n")
	req.Header.Set("User-Agent", "x\" 200 1 \"y\r\n\t\b\v")
	req.Header.Set("Referer", "\x00")
	h.ServeHTTP(httptest.NewRecorder(), req)
	want := `192.0.2.1 - ev\"il\n [10/Oct/2000:13:55:36 -0700] "GET /a\"b\\c\x01\x7f\xc3\xa9 HTTP/1.1" 200 11 "\x00" "x\" 200 1 \"y\r\n\t\b\v"` + "\n"
	if buf.String() != want {
		t.Fatalf("got  %s\nwant %s", buf.String(), want)
	}
	if strings.Count(buf.String(), "\n") != 1 {
		t.Fatal("a field broke the line")
	}
}

func TestAccessLogPathAsReceivedBeforePrefixStrip(t *testing.T) {
	var buf bytes.Buffer
	var seen string
	inner := http.StripPrefix("/api", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = r.URL.Path
	}))
	h := clfHandler(&buf, AccessLogOptions{Format: CommonLogFormat}, inner)
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/api/items?q=%20", nil))
	if seen != "/items" || !strings.Contains(buf.String(), `"GET /api/items?q=%20 HTTP/1.1"`) {
		t.Fatalf("handler saw %q; line %q", seen, buf.String())
	}
}

func TestAccessLogUsesRequestURIWhenUnset(t *testing.T) {
	var buf bytes.Buffer
	h := clfHandler(&buf, AccessLogOptions{Format: CommonLogFormat}, http.HandlerFunc(hello))
	req, _ := http.NewRequest("GET", "http://example.com/p?a=b", nil)
	req.RemoteAddr = "192.0.2.9:1"
	h.ServeHTTP(httptest.NewRecorder(), req)
	if !strings.Contains(buf.String(), `"GET /p?a=b HTTP/1.1"`) {
		t.Fatalf("line %q", buf.String())
	}
}

func TestAccessLogClientThroughTrustedProxies(t *testing.T) {
	opts := &webob.Options{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}
	cases := []struct{ name, peer, xff, want string }{
		{"trusted peer, client from XFF", "10.0.0.1:80", "203.0.113.7, 10.0.0.2", "203.0.113.7"},
		{"rightmost untrusted wins", "10.0.0.1:80", "198.51.100.1, 203.0.113.7", "203.0.113.7"},
		{"untrusted peer: XFF ignored", "192.0.2.5:80", "203.0.113.7", "192.0.2.5"},
		{"no header", "10.0.0.1:80", "", "10.0.0.1"},
	}
	for _, c := range cases {
		var buf bytes.Buffer
		h := clfHandler(&buf, AccessLogOptions{Format: CommonLogFormat, Request: opts}, http.HandlerFunc(hello))
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = c.peer
		if c.xff != "" {
			req.Header.Set("X-Forwarded-For", c.xff)
		}
		h.ServeHTTP(httptest.NewRecorder(), req)
		if got, _, _ := strings.Cut(buf.String(), " "); got != c.want {
			t.Errorf("%s: client %q, want %q", c.name, got, c.want)
		}
	}
	// Without trusted proxies the forwarding header is never believed.
	var buf bytes.Buffer
	h := clfHandler(&buf, AccessLogOptions{Format: CommonLogFormat}, http.HandlerFunc(hello))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.7")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if !strings.HasPrefix(buf.String(), "192.0.2.1 ") {
		t.Errorf("untrusted XFF believed: %q", buf.String())
	}
}

func TestAccessLogRecordsUserSetByAuthMiddleware(t *testing.T) {
	var buf bytes.Buffer
	auth := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !setLogUser(w, "alice") {
				t.Error("AccessLog not found through Unwrap")
			}
			next.ServeHTTP(w, r)
		})
	}
	h := clfHandler(&buf, AccessLogOptions{Format: CommonLogFormat}, RequestID(nil)(auth(http.HandlerFunc(hello))))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	if !strings.Contains(buf.String(), " - alice [") {
		t.Fatalf("line %q", buf.String())
	}
	if setLogUser(httptest.NewRecorder(), "x") {
		t.Fatal("found an AccessLog where there is none")
	}
}

// slogLines runs the handler under AccessLog with a JSON slog handler and
// returns the decoded records.
func slogRecords(t *testing.T, opts *AccessLogOptions, h http.Handler, reqs ...*http.Request) []map[string]any {
	t.Helper()
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	lh := AccessLog(logger, opts)(h)
	for _, r := range reqs {
		lh.ServeHTTP(httptest.NewRecorder(), r)
	}
	var out []map[string]any
	dec := json.NewDecoder(&buf)
	for dec.More() {
		m := map[string]any{}
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

func TestAccessLogSlogRecordFields(t *testing.T) {
	req := httptest.NewRequest("GET", "/items/1?sort=asc", nil)
	req.Header.Set("User-Agent", "curl/8")
	req.Header.Set("Referer", "https://example.com/")
	recs := slogRecords(t, nil, RequestID(nil)(http.HandlerFunc(hello)), req)
	if len(recs) != 1 {
		t.Fatalf("%d records", len(recs))
	}
	r := recs[0]
	want := map[string]any{
		"msg": "http request", "level": "INFO", "method": "GET", "path": "/items/1", "query": "sort=asc",
		"proto": "HTTP/1.1", "host": "example.com", "status": 200.0, "bytes": 11.0, "client": "192.0.2.1",
		"user_agent": "curl/8", "referer": "https://example.com/",
	}
	for k, v := range want {
		if r[k] != v {
			t.Errorf("%s = %v, want %v", k, r[k], v)
		}
	}
	if id, _ := r["request_id"].(string); !ValidRequestID(id) {
		t.Errorf("request_id %v (RequestID inside AccessLog)", r["request_id"])
	}
	if _, ok := r["duration"]; !ok {
		t.Error("no duration")
	}
}

func TestAccessLogRequestIDFromOuterRequestID(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	h := Chain(RequestID(&RequestIDOptions{Header: "X-Trace"}), AccessLog(logger, nil))(http.HandlerFunc(hello))
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("X-Trace", "trace-42")
	h.ServeHTTP(httptest.NewRecorder(), req)
	if !strings.Contains(buf.String(), `"request_id":"trace-42"`) {
		t.Fatalf("log %s", buf.String())
	}
}

func TestAccessLogLevelByStatus(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/500":
			w.WriteHeader(500)
		case "/404":
			w.WriteHeader(404)
		case "/302":
			w.WriteHeader(302)
		}
	})
	reqs := []*http.Request{
		httptest.NewRequest("GET", "/500", nil), httptest.NewRequest("GET", "/404", nil),
		httptest.NewRequest("GET", "/302", nil), httptest.NewRequest("GET", "/", nil),
	}
	var levels []string
	for _, r := range slogRecords(t, nil, h, reqs...) {
		levels = append(levels, r["level"].(string))
	}
	if got := strings.Join(levels, " "); got != "ERROR WARN INFO INFO" {
		t.Errorf("default levels %s", got)
	}
	opts := &AccessLogOptions{Level: func(status int) slog.Level {
		if status == 404 {
			return slog.LevelDebug
		}
		return slog.LevelInfo
	}}
	reqs = []*http.Request{httptest.NewRequest("GET", "/404", nil)}
	if r := slogRecords(t, opts, h, reqs...); len(r) != 1 || r[0]["level"] != "DEBUG" {
		t.Errorf("custom level: %v", r)
	}
}

func TestAccessLogSkipsHealthChecks(t *testing.T) {
	opts := &AccessLogOptions{
		SkipPaths: []string{"/healthz"},
		Skip:      func(r *http.Request) bool { return r.Header.Get("X-Probe") != "" },
	}
	probe := httptest.NewRequest("GET", "/ready", nil)
	probe.Header.Set("X-Probe", "1")
	recs := slogRecords(t, opts, http.HandlerFunc(hello),
		httptest.NewRequest("GET", "/healthz", nil), probe, httptest.NewRequest("GET", "/healthz/x", nil))
	if len(recs) != 1 || recs[0]["path"] != "/healthz/x" {
		t.Fatalf("records %v", recs)
	}
}

func TestAccessLogRedactsCredentialHeaders(t *testing.T) {
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Cookie", "session=s3cret")
	req.Header.Set("Authorization", "Bearer tok3n")
	req.Header.Set("Proxy-Authorization", "rawsecret")
	req.Header.Set("Accept", "text/html")
	opts := &AccessLogOptions{Headers: []string{"cookie", "Authorization", "proxy-authorization", "Accept", "X-Missing"}}
	recs := slogRecords(t, opts, http.HandlerFunc(hello), req)
	hs, _ := recs[0]["headers"].(map[string]any)
	want := map[string]any{
		"Cookie": "[REDACTED]", "Authorization": "Bearer [REDACTED]",
		"Proxy-Authorization": "[REDACTED]", "Accept": "text/html",
	}
	if len(hs) != len(want) {
		t.Fatalf("headers %v", hs)
	}
	for k, v := range want {
		if hs[k] != v {
			t.Errorf("%s = %v, want %v", k, hs[k], v)
		}
	}
}

func TestAccessLogLogsPanicAndLetsItGoOn(t *testing.T) {
	var buf bytes.Buffer
	h := clfHandler(&buf, AccessLogOptions{Format: CommonLogFormat}, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("boom")
	}))
	func() {
		defer func() {
			if v := recover(); v != "boom" {
				t.Errorf("recovered %v, want the original panic", v)
			}
		}()
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/p", nil))
	}()
	if !strings.Contains(buf.String(), `"GET /p HTTP/1.1" 500 -`) {
		t.Fatalf("line %q", buf.String())
	}
}

func TestAccessLogLogsHijackedStatusAsDash(t *testing.T) {
	var buf syncBuffer
	h := clfHandler(&buf, AccessLogOptions{Format: CommonLogFormat}, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		c.Close()
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	if res, err := http.Get(srv.URL + "/ws"); err == nil {
		res.Body.Close()
	}
	if line := buf.waitString(); !strings.Contains(line, `"GET /ws HTTP/1.1" - -`) {
		t.Fatalf("line %q", line)
	}
}

// lockedWriterCheck fails under -race if two lines are written at once.
type lockedWriterCheck struct {
	mu    sync.Mutex
	lines int
	buf   bytes.Buffer
}

func (l *lockedWriterCheck) Write(p []byte) (int, error) {
	if !l.mu.TryLock() {
		panic("concurrent Write")
	}
	defer l.mu.Unlock()
	l.lines++
	return l.buf.Write(p)
}

func TestAccessLogSerialisesWrites(t *testing.T) {
	w := &lockedWriterCheck{}
	h := AccessLog(nil, &AccessLogOptions{Writer: w})(http.HandlerFunc(hello))
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
			}
		}()
	}
	wg.Wait()
	if w.lines != 400 || strings.Count(w.buf.String(), "\n") != 400 {
		t.Fatalf("%d writes, %d lines", w.lines, strings.Count(w.buf.String(), "\n"))
	}
}

func TestAccessLogLineAllocatesNothing(t *testing.T) {
	if race.Enabled {
		t.Skip("allocations differ under -race")
	}
	body := []byte("hello world")
	h := AccessLog(nil, &AccessLogOptions{Writer: io.Discard})(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write(body)
	}))
	req := httptest.NewRequest("GET", "/path?q=1", nil)
	req.Header.Set("User-Agent", "Go-http-client/1.1")
	req.Header.Set("Referer", "https://example.com/")
	w := &plainWriter{h: http.Header{}}
	h.ServeHTTP(w, req)
	if n := testing.AllocsPerRun(100, func() { h.ServeHTTP(w, req) }); n != 0 {
		t.Fatalf("%v allocations per request", n)
	}
}

func TestAccessLogAroundWebobHandler(t *testing.T) {
	var buf bytes.Buffer
	h := clfHandler(&buf, AccessLogOptions{Format: CommonLogFormat}, webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		if req.Path() == "/missing" {
			return nil, webob.NotFound("no such thing")
		}
		return webob.Text(201, "made"), nil
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/things", nil))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/missing", nil))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 || !strings.HasSuffix(lines[0], `"POST /things HTTP/1.1" 201 4`) ||
		!strings.Contains(lines[1], `"GET /missing HTTP/1.1" 404 `) {
		t.Fatalf("lines %q", lines)
	}
}

func TestAccessLogKeepsConnectionFeatures(t *testing.T) {
	checkKeepsConnFeatures(t, AccessLog(nil, &AccessLogOptions{Writer: io.Discard}))
}

func TestHostOnly(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.1:80": "192.0.2.1", "[::1]:80": "::1", "::1": "::1", "192.0.2.1": "192.0.2.1",
		"": "", "[::1": "[::1", "pipe": "pipe",
	} {
		if got := hostOnly(in); got != want {
			t.Errorf("hostOnly(%q) = %q, want %q", in, got, want)
		}
	}
}
