package multipart

import (
	"errors"
	"testing"

	"github.com/webob-go/webob/internal/errtest"
)

// TestErrorsReadAsOneLine: every exported error, and the errors that add
// a client's bytes and a cause to a sentinel, print one line starting
// with "multipart: " and match each sentinel they are made of.
func TestErrorsReadAsOneLine(t *testing.T) {
	_, errBoundary := ParseBoundary("multipart/form-data; boundary=a; boundary=b")
	if !errors.Is(errBoundary, ErrBadBoundary) || !errors.Is(errBoundary, ErrMalformed) {
		t.Errorf("ParseBoundary: %v", errBoundary)
	}
	_, errCharset := DecodeCharset("x", "klingon\r\n")
	if !errors.Is(errCharset, ErrCharset) || !errors.Is(errCharset, ErrMalformed) {
		t.Errorf("DecodeCharset: %v", errCharset)
	}
	for _, err := range []error{ErrNoBoundary, ErrBadBoundary, ErrTruncated, ErrBadDelimiter,
		ErrMultipleContentTypes, ErrBadHeader, ErrDuplicateHeader, ErrBadDisposition, ErrNoName,
		ErrInvalidEscape, ErrBadContentLength, ErrCharset, &EscapeError{Key: "k"}} {
		if !errors.Is(err, ErrMalformed) {
			t.Errorf("%q does not match ErrMalformed", err)
		}
	}
	errtest.CheckExported(t, "multipart: ", map[string]error{
		"ErrBadBoundary":          ErrBadBoundary,
		"ErrBadContentLength":     ErrBadContentLength,
		"ErrBadDelimiter":         ErrBadDelimiter,
		"ErrBadDisposition":       ErrBadDisposition,
		"ErrBadHeader":            ErrBadHeader,
		"ErrBoundaryInContent":    ErrBoundaryInContent,
		"ErrCharset":              ErrCharset,
		"ErrDuplicateHeader":      ErrDuplicateHeader,
		"ErrInvalidEscape":        ErrInvalidEscape,
		"ErrInvalidFieldName":     ErrInvalidFieldName,
		"ErrInvalidFilename":      ErrInvalidFilename,
		"ErrInvalidHeader":        ErrInvalidHeader,
		"ErrInvalidSpan":          ErrInvalidSpan,
		"ErrLimit":                ErrLimit,
		"ErrMalformed":            ErrMalformed,
		"ErrMultipleContentTypes": ErrMultipleContentTypes,
		"ErrNoBoundary":           ErrNoBoundary,
		"ErrNoName":               ErrNoName,
		"ErrNotMultipart":         ErrNotMultipart,
		"ErrTruncated":            ErrTruncated,
		"ErrWriterClosed":         ErrWriterClosed,
		"LimitError":              &LimitError{Limit: "MaxParts", Max: 1, Name: "a\r\nb"},
		"EscapeError":             &EscapeError{Key: "a\r\nb"},
		"ParseBoundary":           errBoundary,
		"DecodeCharset":           errCharset,
	})
}
