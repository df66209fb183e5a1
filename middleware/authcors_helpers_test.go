package middleware

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// acLint wraps h with Lint and fails the test on any problem, so every
// response the tests of BasicAuth, BearerAuth and CORS look at is also
// checked for protocol errors.
func acLint(t testing.TB, h http.Handler) http.Handler {
	t.Helper()
	return Lint(&LintOptions{OnProblem: func(r *http.Request, p LintProblem) {
		t.Errorf("lint: %s %s: %s", r.Method, r.URL.Path, p)
	}})(h)
}

// acServe runs req through h (linted) and returns the recorded response.
func acServe(t testing.TB, h http.Handler, req *http.Request) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	acLint(t, h).ServeHTTP(rec, req)
	return rec
}

// acOK is a plain handler that answers "ok".
var acOK = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	io.WriteString(w, "ok")
})

// acConnectionFeatures checks, through a real server, that a handler
// wrapped by mw can still flush before it returns, set deadlines with
// http.ResponseController, use io.ReaderFrom (sendfile) and hijack the
// connection. prepare makes the requests pass mw.
func acConnectionFeatures(t *testing.T, mw func(http.Handler) http.Handler, prepare func(*http.Request)) {
	t.Helper()
	release := make(chan struct{})
	dir := t.TempDir()
	file := filepath.Join(dir, "f.txt")
	if err := os.WriteFile(file, []byte("from a file"), 0o600); err != nil {
		t.Fatal(err)
	}
	inner := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/flush":
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, "first\n")
			if err := http.NewResponseController(w).Flush(); err != nil {
				t.Errorf("Flush: %v", err)
			}
			<-release
			io.WriteString(w, "second\n")
		case "/deadline":
			if err := http.NewResponseController(w).SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
				t.Errorf("SetWriteDeadline: %v", err)
			}
			w.Header().Set("Content-Type", "text/plain")
			io.WriteString(w, "deadline")
		case "/readfrom":
			rf, ok := w.(io.ReaderFrom)
			if !ok {
				t.Errorf("the writer lost io.ReaderFrom")
				return
			}
			f, err := os.Open(file)
			if err != nil {
				t.Error(err)
				return
			}
			defer f.Close()
			w.Header().Set("Content-Type", "text/plain")
			w.Header().Set("Content-Length", "11")
			if _, err := rf.ReadFrom(f); err != nil {
				t.Errorf("ReadFrom: %v", err)
			}
		case "/hijack":
			c, rw, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Errorf("Hijack: %v", err)
				return
			}
			defer c.Close()
			rw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nhijacked")
			rw.Flush()
		}
	})
	srv := httptest.NewServer(acLint(t, mw(inner)))
	defer srv.Close()
	get := func(path string) *http.Response {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		prepare(req)
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		return resp
	}

	resp := get("/flush")
	br := bufio.NewReader(resp.Body)
	line, err := br.ReadString('\n')
	if err != nil || line != "first\n" {
		t.Fatalf("flushed line = %q, %v", line, err)
	}
	close(release)
	rest, _ := io.ReadAll(br)
	resp.Body.Close()
	if string(rest) != "second\n" {
		t.Fatalf("after the flush: %q", rest)
	}
	for path, want := range map[string]string{"/deadline": "deadline", "/readfrom": "from a file", "/hijack": "hijacked"} {
		resp := get(path)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != want {
			t.Errorf("%s: body %q, want %q", path, b, want)
		}
	}
}

// acHeader returns the lines of name joined by ", ".
func acHeader(h http.Header, name string) string { return strings.Join(h.Values(name), ", ") }
