package sessions

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

	"github.com/webob-go/webob/webob"
)

// serverEnv runs the Manager around h on a real server.
func serverEnv(t *testing.T, h http.Handler) (*env, *httptest.Server) {
	t.Helper()
	e := newEnv(t, &Options{Insecure: true})
	srv := httptest.NewServer(e.m.Middleware(h))
	t.Cleanup(srv.Close)
	return e, srv
}

func get(t *testing.T, url string) *http.Response {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}

func sessionCookie(res *http.Response) string {
	for _, c := range res.Cookies() {
		if c.Name == "session" {
			return c.Value
		}
	}
	return ""
}

func TestFlushCommitsFirstAndStillFlushes(t *testing.T) {
	flushed := make(chan struct{})
	e, srv := serverEnv(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Get(r).Set("a", 1)
		if _, ok := w.(http.Flusher); !ok {
			t.Error("not a Flusher")
		}
		io.WriteString(w, "first\n")
		w.(http.Flusher).Flush()
		<-flushed // the client read the first line before the handler returned
		io.WriteString(w, "second\n")
	}))
	res := get(t, srv.URL)
	ck := sessionCookie(res)
	if ck == "" {
		t.Fatal("no cookie on a flushed response")
	}
	br := bufio.NewReader(res.Body)
	line, err := br.ReadString('\n')
	if err != nil || line != "first\n" {
		t.Fatalf("%q %v", line, err)
	}
	close(flushed)
	rest, _ := io.ReadAll(br)
	if string(rest) != "second\n" {
		t.Errorf("%q", rest)
	}
	if e.readNow("a", ck) != 1 {
		t.Error("not saved")
	}
}

func TestResponseControllerReachesTheConnection(t *testing.T) {
	_, srv := serverEnv(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Get(r).Set("a", 1)
		rc := http.NewResponseController(w)
		if err := rc.SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
			t.Errorf("SetWriteDeadline through the middleware: %v", err)
		}
		if err := rc.Flush(); err != nil {
			t.Errorf("Flush: %v", err)
		}
		io.WriteString(w, "ok")
	}))
	if res := get(t, srv.URL); sessionCookie(res) == "" {
		t.Error("no cookie")
	}
}

func TestHijackCommitsAndHandsTheConnectionOver(t *testing.T) {
	e, srv := serverEnv(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Get(r).Set("a", 1)
		conn, bw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("Hijack: %v", err)
			return
		}
		defer conn.Close()
		bw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nhijacked")
		bw.Flush()
	}))
	res := get(t, srv.URL)
	body, _ := io.ReadAll(res.Body)
	if string(body) != "hijacked" {
		t.Errorf("%q", body)
	}
	if e.mem.Len() != 1 {
		t.Errorf("the hijacking request's session was not saved: %d records", e.mem.Len())
	}
}

func TestReadFromKeepsSendfile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.txt")
	os.WriteFile(path, []byte(strings.Repeat("z", 10000)), 0o600)
	_, srv := serverEnv(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Get(r).Set("a", 1)
		if _, ok := w.(io.ReaderFrom); !ok {
			t.Error("not a ReaderFrom")
		}
		f, _ := os.Open(path)
		defer f.Close()
		if n, err := io.Copy(w, f); n != 10000 || err != nil {
			t.Errorf("%d %v", n, err)
		}
	}))
	res := get(t, srv.URL)
	body, _ := io.ReadAll(res.Body)
	if len(body) != 10000 || sessionCookie(res) == "" {
		t.Errorf("%d bytes, cookie %q", len(body), sessionCookie(res))
	}
}

// ReadFrom on a writer without ReadFrom copies through Write.
func TestReadFromWithoutUnderlyingReaderFrom(t *testing.T) {
	e := newEnv(t, nil)
	w := &nopWriter{h: http.Header{}}
	e.m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Get(r).Set("a", 1)
		if n, err := w.(io.ReaderFrom).ReadFrom(strings.NewReader("abc")); n != 3 || err != nil {
			t.Errorf("%d %v", n, err)
		}
	})).ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	if len(w.h["Set-Cookie"]) != 1 {
		t.Errorf("%v", w.h)
	}
}

func TestWebobHandlerBehindTheMiddleware(t *testing.T) {
	e, srv := serverEnv(t, webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		s := FromRequest(req)
		n, _, err := GetAs[int](s, "n")
		if err != nil {
			return nil, err
		}
		if err := s.Set("n", n+1); err != nil {
			return nil, err
		}
		r := webob.JSON(http.StatusOK, map[string]int{"n": n + 1})
		r.Header().Set("Vary", "Accept")
		return r, nil
	}))
	res := get(t, srv.URL)
	ck := sessionCookie(res)
	if ck == "" || !hasLine(res.Header["Vary"], "Accept") || !hasLine(res.Header["Vary"], "Cookie") {
		t.Fatalf("cookie %q Vary %q", ck, res.Header["Vary"])
	}
	req, _ := http.NewRequest("GET", srv.URL, nil)
	req.AddCookie(&http.Cookie{Name: "session", Value: ck})
	res2, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res2.Body)
	res2.Body.Close()
	if strings.TrimSpace(string(body)) != `{"n":2}` {
		t.Errorf("%q", body)
	}
	if e.readNow("n", ck) != 2 {
		t.Error("not saved")
	}
}

func TestInformationalResponseDoesNotCommit(t *testing.T) {
	e := newEnv(t, nil)
	rec := httptest.NewRecorder()
	var afterHints error
	e.m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Get(r).Set("a", 1)
		w.Header().Set("Link", "</style.css>; rel=preload")
		w.WriteHeader(http.StatusEarlyHints)
		afterHints = Get(r).Set("b", 2)
		w.WriteHeader(200)
	})).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if afterHints != nil {
		t.Errorf("Set after 103: %v", afterHints)
	}
	if e.readNow("b", e.value(rec)) != 2 {
		t.Error("change after 103 lost")
	}
}

func TestPanickingHandlerCommitsNothing(t *testing.T) {
	e := newEnv(t, nil)
	func() {
		defer func() { recover() }()
		e.serve(func(w http.ResponseWriter, r *http.Request) {
			Get(r).Set("a", 1)
			panic("boom")
		}, "")
	}()
	if e.mem.Len() != 0 {
		t.Errorf("%d records after a panic", e.mem.Len())
	}
}

type readFromWriter struct {
	nopWriter
	called bool
}

func (w *readFromWriter) ReadFrom(r io.Reader) (int64, error) {
	w.called = true
	return io.Copy(io.Discard, r)
}

// TestReadFromUsesTheUnderlyingReadFrom: net/http's ReadFrom is the one
// that uses sendfile; the middleware must hand ReadFrom to it.
func TestReadFromUsesTheUnderlyingReadFrom(t *testing.T) {
	e := newEnv(t, nil)
	w := &readFromWriter{nopWriter: nopWriter{h: http.Header{}}}
	e.m.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		Get(r).Set("a", 1)
		io.Copy(w, struct{ io.Reader }{strings.NewReader("abc")}) // no WriterTo
	})).ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	if !w.called || len(w.h["Set-Cookie"]) != 1 {
		t.Errorf("underlying ReadFrom called %v; header %v", w.called, w.h)
	}
}
