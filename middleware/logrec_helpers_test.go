package middleware

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// checkKeepsConnFeatures runs mw around a handler on a real server and
// checks that Flush reaches the client before the handler returns,
// http.ResponseController sets a write deadline, Hijack takes the
// connection, and that ReadFrom reaches the underlying writer's ReadFrom.
func checkKeepsConnFeatures(t *testing.T, mw func(http.Handler) http.Handler) {
	t.Helper()
	release := make(chan struct{})
	h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/flush":
			io.WriteString(w, "first\n")
			w.(http.Flusher).Flush()
			<-release
			io.WriteString(w, "second\n")
		case "/deadline":
			if err := http.NewResponseController(w).SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			io.WriteString(w, "ok")
		case "/hijack":
			c, brw, err := w.(http.Hijacker).Hijack()
			if err != nil {
				http.Error(w, err.Error(), 500)
				return
			}
			defer c.Close()
			brw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 8\r\nConnection: close\r\n\r\nhijacked")
			brw.Flush()
		case "/readfrom":
			w.(io.ReaderFrom).ReadFrom(strings.NewReader("data"))
		}
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()

	res, err := http.Get(srv.URL + "/flush")
	if err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(res.Body).ReadString('\n')
	if err != nil || line != "first\n" {
		t.Fatalf("before release: %q, %v (flush did not reach the client)", line, err)
	}
	close(release)
	res.Body.Close()

	for path, want := range map[string]string{"/deadline": "ok", "/hijack": "hijacked", "/readfrom": "data"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if string(b) != want {
			t.Errorf("%s: %q, want %q", path, b, want)
		}
	}

	rf := &readerFromWriter{plainWriter: plainWriter{h: http.Header{}}}
	h.ServeHTTP(rf, httptest.NewRequest("GET", "/readfrom", nil))
	if !rf.used {
		t.Error("the underlying ReadFrom was not used (no sendfile)")
	}
}

// syncBuffer is a bytes.Buffer safe for a server goroutine to write while
// a test waits for it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

// waitString waits up to 5 s for something to be written, then returns
// what was.
func (s *syncBuffer) waitString() string {
	deadline := time.Now().Add(5 * time.Second)
	for {
		s.mu.Lock()
		str := s.buf.String()
		s.mu.Unlock()
		if str != "" || time.Now().After(deadline) {
			return str
		}
		time.Sleep(time.Millisecond)
	}
}
