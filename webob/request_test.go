package webob

import (
	"io"
	"net/http/httptest"
	"strings"
)

func newReq(method, target string, body string, hdr ...string) *Request {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	hr := httptest.NewRequest(method, target, rd)
	for i := 0; i+1 < len(hdr); i += 2 {
		hr.Header.Add(hdr[i], hdr[i+1])
	}
	return NewRequest(hr, nil)
}
