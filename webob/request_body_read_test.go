package webob

import (
	"bufio"
	"bytes"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a log destination safe for the server's goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// bodyServer serves handlers that read the body in different ways and
// return the error, logging to the returned buffer.
func bodyServer(t *testing.T, readTimeout time.Duration) (*httptest.Server, *lockedBuffer) {
	t.Helper()
	logs := &lockedBuffer{}
	cfg := &Config{Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))}
	mux := http.NewServeMux()
	mux.Handle("/body", cfg.Handler(func(req *Request) (*Response, error) {
		_, err := req.Body()
		return nil, err
	}))
	mux.Handle("/form", cfg.Handler(func(req *Request) (*Response, error) {
		_, err := req.ParseForm()
		return nil, err
	}))
	mux.Handle("/json", cfg.Handler(func(req *Request) (*Response, error) {
		var v any
		return nil, req.JSON(&v)
	}))
	mux.Handle("/stream", cfg.Handler(func(req *Request) (*Response, error) {
		_, err := io.Copy(io.Discard, req.BodyReader())
		return nil, err
	}))
	srv := httptest.NewUnstartedServer(mux)
	srv.Config.ReadTimeout = readTimeout
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, logs
}

// rawExchange sends head and body on a new connection, half-closes it
// when halfClose is set (the client stops sending), and reads the
// response.
func rawExchange(t *testing.T, srv *httptest.Server, msg string, halfClose bool) *http.Response {
	t.Helper()
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, msg); err != nil {
		t.Fatal(err)
	}
	if halfClose {
		conn.(*net.TCPConn).CloseWrite()
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func TestTruncatedOrMalformedBodyIs400NotAnErrorLog(t *testing.T) {
	srv, logs := bodyServer(t, 0)
	const mpType = "multipart/form-data; boundary=XyZ"
	for _, path := range []string{"/body", "/form", "/json", "/stream"} {
		for _, c := range []struct{ name, ctype, framing, body string }{
			{"truncated", "application/x-www-form-urlencoded", "Content-Length: 100", "a=12345&"},
			{"truncated multipart", mpType, "Content-Length: 100", "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n123"},
			{"bad chunk size", "application/x-www-form-urlencoded", "Transfer-Encoding: chunked", "zz\r\na=1\r\n0\r\n\r\n"},
			{"bad chunk size multipart", mpType, "Transfer-Encoding: chunked", "zz\r\n--XyZ\r\n0\r\n\r\n"},
			{"chunked cut short", "application/x-www-form-urlencoded", "Transfer-Encoding: chunked", "5\r\n[1,2,"},
		} {
			t.Run(path+"/"+c.name, func(t *testing.T) {
				msg := "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + c.ctype + "\r\n" + c.framing + "\r\n\r\n" + c.body
				resp := rawExchange(t, srv, msg, true)
				if resp.StatusCode != http.StatusBadRequest {
					t.Errorf("status %d, want 400", resp.StatusCode)
				}
			})
		}
	}
	if l := logs.String(); strings.Contains(l, "level=ERROR") || !strings.Contains(l, "level=INFO") {
		t.Errorf("log:\n%s", l)
	}
}

func TestBodyReadTimeoutIs408(t *testing.T) {
	srv, logs := bodyServer(t, 300*time.Millisecond)
	// The client sends 8 of 100 bytes and then nothing, without closing.
	msg := "POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n12345678"
	resp := rawExchange(t, srv, msg, false)
	if resp.StatusCode != http.StatusRequestTimeout {
		t.Errorf("status %d, want 408", resp.StatusCode)
	}
	if l := logs.String(); strings.Contains(l, "level=ERROR") {
		t.Errorf("log:\n%s", l)
	}
}
