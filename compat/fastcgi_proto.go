package compat

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"
	"strconv"
)

// The FastCGI 1.0 record layer, written from the specification
// (https://fastcgi-archives.github.io/FastCGI_Specification.html):
//
//	typedef struct {
//	    unsigned char version;          // FCGI_VERSION_1
//	    unsigned char type;
//	    unsigned char requestIdB1, requestIdB0;
//	    unsigned char contentLengthB1, contentLengthB0;
//	    unsigned char paddingLength;
//	    unsigned char reserved;
//	    unsigned char contentData[contentLength];
//	    unsigned char paddingData[paddingLength];
//	} FCGI_Record;
const (
	fcgiVersion1     = 1
	fcgiHeaderLen    = 8
	fcgiMaxContent   = 65535
	fcgiRequestID    = 1 // one request per connection at a time: no multiplexing
	fcgiRoleResponse = 1 // FCGI_RESPONDER
	fcgiKeepConn     = 1 // FCGI_KEEP_CONN, the only flag of FCGI_BeginRequestBody

	fcgiBeginRequest    = 1
	fcgiAbortRequest    = 2
	fcgiEndRequest      = 3
	fcgiParams          = 4
	fcgiStdin           = 5
	fcgiStdout          = 6
	fcgiStderr          = 7
	fcgiData            = 8
	fcgiGetValues       = 9
	fcgiGetValuesResult = 10
	fcgiUnknownType     = 11

	// protocolStatus values of FCGI_EndRequestBody.
	fcgiRequestComplete = 0
	fcgiCantMpxConn     = 1
	fcgiOverloaded      = 2
	fcgiUnknownRole     = 3
)

// errFastCGIProtocol marks every malformed or unexpected record from the
// upstream; the handler answers 502 for it.
var errFastCGIProtocol = errors.New("compat: fastcgi: protocol error")

// protocolError returns an errFastCGIProtocol with a detail.
func protocolError(detail string) error {
	return &fcgiError{msg: "compat: fastcgi: protocol error: " + detail, is: errFastCGIProtocol}
}

// fcgiError is a one-line error matching its sentinel.
type fcgiError struct {
	msg string
	is  error
}

func (e *fcgiError) Error() string { return e.msg }
func (e *fcgiError) Unwrap() error { return e.is }

// recordHeader is the decoded fixed part of a record.
type recordHeader struct {
	typ     uint8
	id      uint16
	length  uint16
	padding uint8
}

// recordReader reads records from the upstream.
type recordReader struct {
	br  *bufio.Reader
	buf [fcgiHeaderLen]byte
}

// next reads the header of the next record. The caller consumes exactly
// h.length bytes of content, then calls skipPadding. io.EOF means the
// stream ended at a record boundary.
func (rr *recordReader) next() (recordHeader, error) {
	if _, err := io.ReadFull(rr.br, rr.buf[:]); err != nil {
		if err == io.ErrUnexpectedEOF {
			return recordHeader{}, protocolError("connection closed inside a record header")
		}
		return recordHeader{}, err
	}
	b := rr.buf[:]
	if b[0] != fcgiVersion1 {
		return recordHeader{}, protocolError("record version " + strconv.Itoa(int(b[0])) + ", want 1")
	}
	return recordHeader{
		typ:     b[1],
		id:      binary.BigEndian.Uint16(b[2:4]),
		length:  binary.BigEndian.Uint16(b[4:6]),
		padding: b[6],
	}, nil
}

// readContent reads n bytes of content into dst (len(dst) >= n).
func (rr *recordReader) readContent(dst []byte) error {
	if _, err := io.ReadFull(rr.br, dst); err != nil {
		return truncated(err)
	}
	return nil
}

// skip discards n bytes of content or padding.
func (rr *recordReader) skip(n int) error {
	if n == 0 {
		return nil
	}
	if _, err := rr.br.Discard(n); err != nil {
		return truncated(err)
	}
	return nil
}

// truncated maps an end of stream inside a record to a protocol error and
// keeps other errors (timeouts, closed connections) as they are.
func truncated(err error) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return protocolError("connection closed inside a record")
	}
	return err
}

// recordWriter writes the records of one request into a buffered writer.
type recordWriter struct {
	bw  *bufio.Writer
	hdr [fcgiHeaderLen]byte
}

var zeroPadding [8]byte

// record writes one record whose content is p (len(p) <= fcgiMaxContent),
// padded to a multiple of eight bytes as the specification recommends.
func (w *recordWriter) record(typ uint8, p []byte) error {
	pad := -len(p) & 7
	h := w.hdr[:]
	h[0] = fcgiVersion1
	h[1] = typ
	binary.BigEndian.PutUint16(h[2:4], fcgiRequestID)
	binary.BigEndian.PutUint16(h[4:6], uint16(len(p)))
	h[6] = byte(pad)
	h[7] = 0
	w.bw.Write(h)
	w.bw.Write(p)
	_, err := w.bw.Write(zeroPadding[:pad])
	return err
}

// beginRequest writes FCGI_BEGIN_REQUEST for the responder role.
func (w *recordWriter) beginRequest(keepConn bool) error {
	var body [8]byte
	body[1] = fcgiRoleResponse
	if keepConn {
		body[2] = fcgiKeepConn
	}
	return w.record(fcgiBeginRequest, body[:])
}

// paramsWriter packs name-value pairs into FCGI_PARAMS records. A pair is
// never split across two records: php-fpm decodes each record on its own,
// so a pair that straddles a boundary would be lost.
type paramsWriter struct {
	w   *recordWriter
	buf []byte // the pairs of the record being built
	err error
}

// errParamTooLarge is returned for a single name-value pair that does not
// fit in one record (a request header of nearly 64 KiB).
var errParamTooLarge = &fcgiError{msg: "compat: fastcgi: parameter larger than one FastCGI record (65535 bytes)"}

// add appends the pair name=value.
func (p *paramsWriter) add(name, value string) {
	if p.err != nil {
		return
	}
	n := pairLen(len(name)) + pairLen(len(value)) + len(name) + len(value)
	if n > fcgiMaxContent {
		p.err = errParamTooLarge
		return
	}
	if len(p.buf)+n > fcgiMaxContent {
		p.err = p.w.record(fcgiParams, p.buf)
		p.buf = p.buf[:0]
	}
	p.buf = appendPairLen(p.buf, len(name))
	p.buf = appendPairLen(p.buf, len(value))
	p.buf = append(p.buf, name...)
	p.buf = append(p.buf, value...)
}

// close writes the pending pairs and the empty record that ends the
// FCGI_PARAMS stream.
func (p *paramsWriter) close() error {
	if p.err != nil {
		return p.err
	}
	if len(p.buf) > 0 {
		if err := p.w.record(fcgiParams, p.buf); err != nil {
			return err
		}
	}
	return p.w.record(fcgiParams, nil)
}

// pairLen is the size of the encoded length n: one byte below 128, else
// four with the high bit set.
func pairLen(n int) int {
	if n < 128 {
		return 1
	}
	return 4
}

func appendPairLen(b []byte, n int) []byte {
	if n < 128 {
		return append(b, byte(n))
	}
	return binary.BigEndian.AppendUint32(b, uint32(n)|1<<31)
}
