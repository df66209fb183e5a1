package middleware

import (
	"bufio"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// connHandler flushes on /flush (with a write deadline set through
// http.ResponseController) and hijacks on /hijack.
func connHandler(t *testing.T, flushed chan struct{}) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/flush":
			rc := http.NewResponseController(w)
			if err := rc.SetWriteDeadline(time.Now().Add(time.Minute)); err != nil {
				t.Errorf("SetWriteDeadline: %v", err)
			}
			if _, ok := w.(io.ReaderFrom); !ok {
				t.Error("io.ReaderFrom lost")
			}
			_, _ = w.Write([]byte("first\n"))
			if err := rc.Flush(); err != nil {
				t.Errorf("Flush: %v", err)
			}
			<-flushed
		case "/hijack":
			c, rw, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Errorf("Hijack: %v", err)
				return
			}
			defer c.Close()
			_, _ = rw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi")
			_ = rw.Flush()
		}
	})
}

func TestProxyHeadersAndURLMapKeepConnectionFeatures(t *testing.T) {
	for name, wrap := range map[string]func(http.Handler) http.Handler{
		"ProxyHeaders": ProxyHeaders(nil),
		"URLMap": func(h http.Handler) http.Handler {
			m := NewURLMap(nil)
			_ = m.Mount("/app", h)
			return m
		},
	} {
		flushed := make(chan struct{})
		srv := httptest.NewServer(wrap(connHandler(t, flushed)))
		base := srv.URL
		if name == "URLMap" {
			base += "/app"
		}
		resp, err := http.Get(base + "/flush")
		if err != nil {
			t.Fatal(err)
		}
		line, err := bufio.NewReader(resp.Body).ReadString('\n')
		close(flushed)
		resp.Body.Close()
		if err != nil || line != "first\n" {
			t.Errorf("%s: flushed line %q, %v", name, line, err)
		}
		resp, err = http.Get(base + "/hijack")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(b) != "hi" {
			t.Errorf("%s: hijacked body %q", name, b)
		}
		srv.Close()
	}
}
