package multipart

import (
	"io"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
)

// A multipart/byteranges body (RFC 9110 §14.6) answers a Range request for
// several ranges with 206 Partial Content:
//
//	--THIS_STRING_SEPARATES
//	Content-Type: application/pdf
//	Content-Range: bytes 500-999/8000
//
//	...the first range...
//	--THIS_STRING_SEPARATES
//	Content-Type: application/pdf
//	Content-Range: bytes 7000-7999/8000
//
//	...the second range
//	--THIS_STRING_SEPARATES--
//
// Lines end in CRLF, and a CRLF precedes every delimiter after the first.

// A ByteRangesWriter writes a multipart/byteranges body, streaming each
// range from an io.ReaderAt through a 32 KiB buffer, so the body is never
// held in memory. Send ContentType as the response's Content-Type and,
// when the ranges are known up front, ByteRangesLength as its
// Content-Length.
//
// The first error is sticky. The zero value is not usable; call
// NewByteRangesWriter.
type ByteRangesWriter struct {
	w        io.Writer
	boundary string
	parts    int
	closed   bool
	err      error
	buf      []byte // header scratch
	copyBuf  []byte
}

// NewByteRangesWriter returns a ByteRangesWriter writing to w with a
// random boundary.
func NewByteRangesWriter(w io.Writer) *ByteRangesWriter {
	return &ByteRangesWriter{w: w, boundary: randomBoundary()}
}

// Boundary returns the boundary.
func (bw *ByteRangesWriter) Boundary() string { return bw.boundary }

// SetBoundary replaces the random boundary; see FormWriter.SetBoundary.
func (bw *ByteRangesWriter) SetBoundary(b string) error {
	if bw.parts > 0 || bw.closed {
		return oneline.Detail(ErrInvalidHeader, "SetBoundary after the first part")
	}
	if err := checkWriteBoundary(b); err != nil {
		return err
	}
	bw.boundary = b
	return nil
}

// ContentType returns "multipart/byteranges; boundary=...".
func (bw *ByteRangesWriter) ContentType() string {
	b := []byte("multipart/byteranges; boundary=")
	b, _ = headers.AppendTokenOrQuoted(b, bw.boundary)
	return string(b)
}

// WritePart writes the bytes span.Start to span.End of src, a
// representation of size bytes with media type contentType ("" omits the
// Content-Type line). A span outside [0, size) is ErrInvalidSpan; a
// contentType with control bytes is ErrInvalidHeader; src ending early is
// io.ErrUnexpectedEOF.
func (bw *ByteRangesWriter) WritePart(src io.ReaderAt, span headers.Span, contentType string, size int64) error {
	if bw.err != nil {
		return bw.err
	}
	if bw.closed {
		return ErrWriterClosed
	}
	if err := checkPart(span, contentType, size); err != nil {
		return err
	}
	bw.buf = appendRangeHeader(bw.buf[:0], bw.boundary, bw.parts > 0, span, contentType, size)
	bw.parts++
	if _, err := bw.w.Write(bw.buf); err != nil {
		bw.err = err
		return err
	}
	if bw.copyBuf == nil {
		bw.copyBuf = make([]byte, 32<<10)
	}
	n, err := io.CopyBuffer(bw.w, io.NewSectionReader(src, span.Start, span.Length()), bw.copyBuf)
	if err == nil && n < span.Length() {
		err = io.ErrUnexpectedEOF
	}
	if err != nil {
		bw.err = err
	}
	return err
}

// Close writes the closing delimiter and returns the first error, if any.
func (bw *ByteRangesWriter) Close() error {
	if bw.err != nil {
		return bw.err
	}
	if bw.closed {
		return nil
	}
	bw.closed = true
	bw.buf = appendClose(bw.buf[:0], bw.boundary, bw.parts > 0)
	_, bw.err = bw.w.Write(bw.buf)
	return bw.err
}

func checkPart(span headers.Span, contentType string, size int64) error {
	if span.Start < 0 || span.End < span.Start || span.End >= size {
		return ErrInvalidSpan
	}
	if !headers.SafeFieldValue(contentType) {
		return oneline.Detail(ErrInvalidHeader, "content type "+oneline.Quote(contentType))
	}
	return nil
}

func appendRangeHeader(b []byte, boundary string, crlf bool, span headers.Span, contentType string, size int64) []byte {
	if crlf {
		b = append(b, "\r\n"...)
	}
	b = append(b, "--"...)
	b = append(b, boundary...)
	b = append(b, "\r\n"...)
	if contentType != "" {
		b = append(b, "Content-Type: "...)
		b = append(b, headers.TrimOWS(contentType)...)
		b = append(b, "\r\n"...)
	}
	b = append(b, "Content-Range: "...)
	b = span.ContentRange(size).AppendFormat(b)
	return append(b, "\r\n\r\n"...)
}

func appendClose(b []byte, boundary string, crlf bool) []byte {
	if crlf {
		b = append(b, "\r\n"...)
	}
	b = append(b, "--"...)
	b = append(b, boundary...)
	return append(b, "--\r\n"...)
}

// ByteRangesLength returns the exact length of the body that
// WriteByteRanges writes for these arguments, for Content-Length. It
// returns -1 when WriteByteRanges would fail on them.
func ByteRangesLength(boundary string, spans []headers.Span, contentType string, size int64) int64 {
	if checkWriteBoundary(boundary) != nil {
		return -1
	}
	var n int64
	var b []byte
	for i, sp := range spans {
		if checkPart(sp, contentType, size) != nil {
			return -1
		}
		b = appendRangeHeader(b[:0], boundary, i > 0, sp, contentType, size)
		n += int64(len(b)) + sp.Length()
	}
	return n + int64(len(appendClose(b[:0], boundary, len(spans) > 0)))
}

// WriteByteRanges writes a whole multipart/byteranges body with the given
// boundary (from ByteRangesWriter.Boundary or any valid boundary; the
// Content-Type must name the same one): one part per span of src, a
// representation of size bytes of type contentType. It streams; nothing
// is buffered beyond 32 KiB.
func WriteByteRanges(w io.Writer, boundary string, src io.ReaderAt, spans []headers.Span, contentType string, size int64) error {
	bw := &ByteRangesWriter{w: w}
	if err := bw.SetBoundary(boundary); err != nil {
		return err
	}
	for _, sp := range spans {
		if err := bw.WritePart(src, sp, contentType, size); err != nil {
			return err
		}
	}
	return bw.Close()
}
