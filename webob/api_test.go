package webob

import (
	"bytes"
	"errors"
	"testing"
)

// Tests of the v0 API shape (issue 13): one name per idea, shared by
// Request and Response.

func TestResponseWriteToReturnsBytesWritten(t *testing.T) {
	r := Text(200, "hello")
	var buf bytes.Buffer
	n, err := r.WriteTo(&buf)
	if err != nil || n != int64(buf.Len()) || n == 0 {
		t.Fatalf("WriteTo = %d, %v; wrote %d bytes", n, err, buf.Len())
	}
	b, err := r.AsBytes()
	if err != nil || !bytes.Equal(b, buf.Bytes()) {
		t.Fatalf("AsBytes = %q, %v; WriteTo wrote %q", b, err, buf.Bytes())
	}
}

func TestMethodNotAllowedKeepsDetailOutOfAllow(t *testing.T) {
	e := MethodNotAllowed([]string{"GET", "HEAD"}, "Only reads here")
	if got := e.Header.Get("Allow"); got != "GET, HEAD" {
		t.Errorf("Allow = %q", got)
	}
	if e.Detail != "Only reads here" || e.Code != 405 || e.Err != nil {
		t.Errorf("405 = %+v", e)
	}
	// No method allowed at all: Allow is sent, empty (RFC 9110 §10.2.1).
	if vs, ok := MethodNotAllowed(nil).Header["Allow"]; !ok || len(vs) != 1 || vs[0] != "" {
		t.Errorf("empty Allow = %q, %v", vs, ok)
	}
}

func TestMethodNotAllowedRefusesANonTokenMethod(t *testing.T) {
	e := MethodNotAllowed([]string{"Only POST allowed"})
	if _, ok := e.Header["Allow"]; ok {
		t.Errorf("Allow sent: %q", e.Header.Get("Allow"))
	}
	if !errors.Is(e.Err, ErrInvalidHeader) || e.Code != 405 {
		t.Errorf("Err = %v, code %d", e.Err, e.Code)
	}
}
