package middleware

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// checkKeepsConnFeatures runs acConnectionFeatures on mw (Flush before the
// handler returns, ResponseController deadlines, ReadFrom, Hijack, through
// a real server), then checks without a server that ReadFrom reaches the
// underlying writer's ReadFrom, so that sendfile stays possible.
func checkKeepsConnFeatures(t *testing.T, mw func(http.Handler) http.Handler) {
	t.Helper()
	acConnectionFeatures(t, mw, func(*http.Request) {})
	h := mw(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.(io.ReaderFrom).ReadFrom(strings.NewReader("data"))
	}))
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
