package compat

import (
	"io"
	"net/http/httptest"
	"testing"
)

// BenchmarkFastCGI measures one request through the handler to php-fpm
// and back (a tiny script), with and without kept connections.
func BenchmarkFastCGI(b *testing.B) {
	addr := phpFPMAddr(b)
	for _, bc := range []struct {
		name string
		idle int
	}{{"keepalive", 2}, {"dial", 0}} {
		b.Run(bc.name+"/webob", func(b *testing.B) {
			h := FastCGI(&FastCGIOptions{Address: addr, Root: phpRoot(b), SplitPath: []string{".php"}, MaxIdleConns: bc.idle})
			defer h.(io.Closer).Close()
			b.ReportAllocs()
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", "/pid.php?x=1", nil))
				if rec.Code != 200 {
					b.Fatal(rec.Code)
				}
			}
		})
	}
}
