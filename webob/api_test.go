package webob

import (
	"bytes"
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
