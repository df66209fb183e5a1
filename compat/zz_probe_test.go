package compat

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http/httptest"
	"os"
	"runtime"
	"testing"
	"time"
)

func fds() int { e, _ := os.ReadDir("/proc/self/fd"); return len(e) }

func TestProbeLeaks(t *testing.T) {
	addr := phpFPMAddr(t)
	root := phpRoot(t)
	log := slog.New(&logCapture{})
	app := &CGIApp{Path: cgiScript(t, "read x; printf 'Content-Type: text/plain\\n\\nok'\n"), Logger: log}
	h := FastCGI(&FastCGIOptions{Address: addr, Root: root, MaxIdleConns: 2, ReadTimeout: 200 * time.Millisecond, Logger: log})
	h2 := FastCGI(&FastCGIOptions{Address: addr, Root: root, Logger: log})
	fake := fakeUpstream(t, func(c net.Conn, _ *fakeRequest) bool { c.Write([]byte("garbage")); return false })
	h3 := FastCGI(&FastCGIOptions{Address: fake, Root: fakeRoot(t), Logger: log})
	run := func() {
		for range 20 {
			serveOnce(app, "/")
			serveOnce(h, "/info.php")
			serveOnce(h2, "/info.php")
			serveOnce(h3, "/x.php")
			ctx, cancel := context.WithCancel(context.Background())
			go func() { time.Sleep(20 * time.Millisecond); cancel() }()
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("GET", "/slow.php", nil).WithContext(ctx))
		}
	}
	run()
	time.Sleep(300 * time.Millisecond)
	f0, g0 := fds(), runtime.NumGoroutine()
	run()
	time.Sleep(300 * time.Millisecond)
	f1, g1 := fds(), runtime.NumGoroutine()
	h.(io.Closer).Close()
	t.Logf("fds %d -> %d, goroutines %d -> %d; after close fds %d goroutines %d", f0, f1, g0, g1, fds(), runtime.NumGoroutine())
}
