package middleware

import (
	"crypto/rand"
	"encoding/base32"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkRequestID measures the middleware with an incoming ID and with
// a generated one, and the two ways of making IDs that were weighed: the
// per-process prefix and counter used, and 16 crypto/rand bytes per ID.
func BenchmarkRequestID(b *testing.B) {
	h := RequestID(nil)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	w := &plainWriter{h: http.Header{}}
	b.Run("incoming", func(b *testing.B) {
		req := httptest.NewRequest("GET", "/", nil)
		req.Header.Set("X-Request-Id", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6")
		b.ReportAllocs()
		for b.Loop() {
			h.ServeHTTP(w, req)
		}
	})
	b.Run("generated", func(b *testing.B) {
		req := httptest.NewRequest("GET", "/", nil)
		b.ReportAllocs()
		for b.Loop() {
			h.ServeHTTP(w, req)
		}
	})
	b.Run("new/prefix-counter", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = newRequestID()
		}
	})
	b.Run("new/rand16-base32", func(b *testing.B) {
		b.ReportAllocs()
		enc := base32.HexEncoding.WithPadding(base32.NoPadding)
		for b.Loop() {
			var raw [16]byte
			_, _ = rand.Read(raw[:])
			_ = enc.EncodeToString(raw[:])
		}
	})
}

// BenchmarkRecover measures the cost of Recover on a request that does not
// panic.
func BenchmarkRecover(b *testing.B) {
	h := Recover(nil)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	w := &plainWriter{h: http.Header{}}
	req := httptest.NewRequest("GET", "/", nil)
	b.ReportAllocs()
	for b.Loop() {
		h.ServeHTTP(w, req)
	}
}
