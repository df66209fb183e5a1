package multipart

import (
	"strings"

	"github.com/webob-go/webob/headers"
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
			return "", withDetail(ErrBadBoundary, "", err)
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
		return "", withDetail(ErrBadBoundary, quoteForError(b), nil)
	}
	return b, nil
}
