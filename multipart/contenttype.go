package multipart

import (
	"strings"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
)

// ParseBoundary returns the boundary parameter of a multipart/form-data
// Content-Type value such as
// `multipart/form-data; boundary=----WebKitFormBoundaryjdSFhcARk8fyGNy6`.
// Another media type is ErrNotMultipart (415); a missing boundary is
// ErrNoBoundary, and a boundary that is invalid or parameters that do not
// parse are ErrBadBoundary (both 400).
func ParseBoundary(contentType string) (string, error) {
	mt, err := headers.ParseMediaType(contentType)
	if err != nil {
		essence, _, _ := strings.Cut(contentType, ";")
		if headers.EqualFold(headers.TrimOWS(essence), "multipart/form-data") {
			return "", oneline.Detail(ErrBadBoundary, oneline.Quote(contentType), err)
		}
		return "", ErrNotMultipart
	}
	if mt.Type != "multipart" || mt.Subtype != "form-data" {
		return "", ErrNotMultipart
	}
	b, ok := mt.Params.Get("boundary")
	if !ok {
		return "", ErrNoBoundary
	}
	if !validBoundary(b) {
		return "", oneline.Detail(ErrBadBoundary, oneline.Quote(b))
	}
	return b, nil
}

// ParseBoundaryValues is ParseBoundary for every Content-Type field line
// of a request, as in http.Header.Values("Content-Type"). No line is
// ErrNotMultipart; more than one line is ErrMultipleContentTypes (400),
// even when they are equal, since readers that pick different lines would
// read the body differently.
func ParseBoundaryValues(values []string) (string, error) {
	switch len(values) {
	case 0:
		return "", ErrNotMultipart
	case 1:
		return ParseBoundary(values[0])
	}
	return "", ErrMultipleContentTypes
}
