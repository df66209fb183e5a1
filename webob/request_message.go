package webob

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httputil"
	"slices"
	"strconv"
	"strings"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
	"github.com/webob-go/webob/multipart"
)

// Errors of reading and writing request messages.
var (
	// ErrMalformedMessage reports bytes that are not an HTTP/1.x request
	// message (a bad request line, a header line such as "Foo : bar"
	// with white space before the colon, a bad chunk, a body shorter than
	// its Content-Length). The parser's error is wrapped with it.
	// ErrorStatus answers it with 400, so a handler that parses a
	// client's message and returns the error answers 400, not 500.
	ErrMalformedMessage = clientError("webob: malformed HTTP request message")
	// ErrTrailingData reports bytes after the end of the message given to
	// ParseRequest. ErrorStatus answers it with 400.
	ErrTrailingData = clientError("webob: data after the end of the request message")
	// ErrUnwritable reports a request that cannot be written as a
	// message safely: a method that is not a token, a request target or
	// Host with white space or control bytes (CR and LF could inject
	// header lines, CVE-2023-29406), or a header name or value that is
	// not valid.
	ErrUnwritable = errors.New("webob: request cannot be written safely")
)

// ReadRequest reads one HTTP/1.x request message from br, body included
// (Content-Length or chunked, trailers kept), as WebOb's
// Request.from_file. The body is read into memory under
// opts.MaxBodyBytes (a larger body is a *multipart.LimitError), so br is
// left at the start of the next message; its buffer grows as the body
// arrives, never sized by Content-Length alone. The request line with the
// header section, and separately the trailer section, are capped at
// MaxHeaderBytes (1 MiB): past it the error is a *multipart.LimitError
// for "MaxHeaderBytes" (413), however long a line runs. Malformed input
// is an error wrapping ErrMalformedMessage; white space between a header
// name and its colon is refused (CVE-2019-16276), as is a folded trailer
// line. opts may be nil.
func ReadRequest(br *bufio.Reader, opts *Options) (*Request, error) {
	block, hosts, err := readRequestHead(br)
	if err != nil {
		return nil, err
	}
	hr, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(block)))
	if err != nil {
		return nil, detail(ErrMalformedMessage, "", err)
	}
	if hosts > 1 {
		return nil, detail(ErrMalformedMessage, "several Host fields", nil)
	}
	if hosts == 0 && hr.ProtoAtLeast(1, 1) {
		return nil, detail(ErrMalformedMessage, "missing Host", nil)
	}
	if err := checkRead(hr); err != nil {
		return nil, err
	}
	if hr.RequestURI == "" {
		// "GET  HTTP/1.1": request-target = 1*VCHAR-ish (RFC 9112 §3.2).
		return nil, detail(ErrMalformedMessage, "empty request target", nil)
	}
	r := NewRequest(hr, opts)
	body, err := r.readMessageBody(br)
	if err != nil {
		return nil, err
	}
	r.body, r.bodyErr = body, nil
	r.done |= doneBody
	if body == nil {
		hr.Body, hr.ContentLength = http.NoBody, 0
	} else {
		r.installBody(body)
	}
	return r, nil
}

// maxRequestHeadBytes caps the request line and header section read by
// ReadRequest, as net/http's server does by default.
const maxRequestHeadBytes = http.DefaultMaxHeaderBytes

// requestTrailerErrors are the errors of a request's trailer section,
// which ReadRequest caps at MaxHeaderBytes as it caps the head.
var requestTrailerErrors = fieldErrors{
	malformed: ErrMalformedMessage,
	tooLarge:  detail(&multipart.LimitError{Limit: "MaxHeaderBytes", Max: MaxHeaderBytes}, "trailer section", nil),
}

// readRequestHead reads the request line and header section up to and
// including the empty line, and counts the Host field lines.
func readRequestHead(br *bufio.Reader) (block []byte, hosts int, err error) {
	lineStart := 0
	for {
		chunk, err := br.ReadSlice('\n')
		block = append(block, chunk...)
		if len(block) > maxRequestHeadBytes {
			return nil, 0, &multipart.LimitError{Limit: "MaxHeaderBytes", Max: maxRequestHeadBytes}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			if err == io.EOF && len(block) == 0 {
				return nil, 0, io.EOF
			}
			return nil, 0, detail(ErrMalformedMessage, "message ends in its header section", nil)
		}
		line := strings.TrimRight(string(block[lineStart:]), "\r\n")
		first := lineStart == 0
		lineStart = len(block)
		if first {
			continue
		}
		if line == "" {
			return block, hosts, nil
		}
		if len(line) >= 5 && headers.EqualFold(line[:5], "host:") {
			hosts++
		}
	}
}

// readMessageBody reads the body framed by Content-Length or chunked
// transfer coding from br, under the body limit, with chunked trailers.
func (r *Request) readMessageBody(br *bufio.Reader) ([]byte, error) {
	hr := r.h()
	max := r.o().maxBodySize()
	if len(hr.TransferEncoding) > 0 {
		if len(hr.TransferEncoding) != 1 || hr.TransferEncoding[0] != "chunked" {
			return nil, detail(ErrMalformedMessage, "unsupported transfer coding", nil)
		}
		src := io.Reader(httputil.NewChunkedReader(br))
		if max >= 0 {
			src = io.LimitReader(src, max+1)
		}
		b, err := readGrowing(src, -1, max)
		if errors.Is(err, multipart.ErrLimit) {
			return nil, err
		}
		if err != nil {
			return nil, detail(ErrMalformedMessage, "chunked body", err)
		}
		budget := MaxHeaderBytes
		tr, err := readFields(br, &budget, &requestTrailerErrors)
		if err != nil {
			return nil, err
		}
		hr.Trailer = tr
		if len(b) == 0 {
			return []byte{}, nil
		}
		return b, nil
	}
	n := hr.ContentLength
	if n <= 0 {
		return nil, nil
	}
	if max >= 0 && n > max {
		return nil, bodyLimitError(max)
	}
	// The buffer grows as the body arrives: a message that announces
	// more than it holds costs what it holds.
	b, err := readGrowing(io.LimitReader(br, n), n, -1)
	if err != nil || int64(len(b)) != n {
		return nil, detail(ErrMalformedMessage, "body shorter than Content-Length", nil)
	}
	return b, nil
}

// checkRead applies the checks net/http's server makes after
// http.ReadRequest, which http.ReadRequest alone does not: every field
// name is a token (so "Foo : bar" is refused, CVE-2019-16276), no value
// holds a control byte other than HTAB, and an HTTP/1.1 request has
// exactly one valid Host.
func checkRead(hr *http.Request) error {
	if err := checkReadFields(hr.Header); err != nil {
		return err
	}
	if hr.Host != "" && cleanHost(hr.Host) == "" {
		return detail(ErrMalformedMessage, "invalid Host "+oneline.Quote(hr.Host), nil)
	}
	return nil
}

// checkReadFields refuses field names that are not tokens and values with a
// control byte other than HTAB.
func checkReadFields(h http.Header) error {
	for k, vs := range h {
		if !headers.ValidFieldName(k) {
			return detail(ErrMalformedMessage, "invalid field name "+oneline.Quote(k), nil)
		}
		for _, v := range vs {
			for i := 0; i < len(v); i++ {
				if c := v[i]; (c < ' ' && c != '\t') || c == 0x7F {
					return detail(ErrMalformedMessage, "control byte in the value of "+k, nil)
				}
			}
		}
	}
	return nil
}

// ParseRequest parses data as exactly one HTTP/1.x request message (see
// ReadRequest). Bytes after the message are an error wrapping
// ErrTrailingData, as in WebOb's Request.from_bytes.
func ParseRequest(data []byte, opts *Options) (*Request, error) {
	rd := bytes.NewReader(data)
	br := bufio.NewReader(rd)
	r, err := ReadRequest(br, opts)
	if err == io.EOF {
		return nil, detail(ErrMalformedMessage, "empty input", nil)
	}
	if err != nil {
		return nil, err
	}
	if rd.Len()+br.Buffered() != 0 {
		return nil, ErrTrailingData
	}
	return r, nil
}

// AsBytes returns the request as an HTTP/1.1 message (HTTP/1.0 when the
// request says so): the request line, Host, the other header fields in
// sorted order (values of one name in order), and the body with its
// Content-Length, or chunked with its trailers when it has any. Reading
// the result with ParseRequest gives the same request back. The body is read
// into memory first (Body's limit applies).
//
// Writing is strict: a method that is not a token, a request target or
// Host holding white space or a control byte, or a header field name or
// value that is not valid (CR, LF, NUL) is an error wrapping
// ErrUnwritable, and nothing is written.
func (r *Request) AsBytes() ([]byte, error) {
	body, err := r.Body()
	if err != nil {
		return nil, err
	}
	return r.appendMessage(nil, body)
}

// WriteTo writes AsBytes's message to w.
func (r *Request) WriteTo(w io.Writer) (int64, error) {
	b, err := r.AsBytes()
	if err != nil {
		return 0, err
	}
	n, err := w.Write(b)
	return int64(n), err
}

func unwritable(what string) error { return detail(ErrUnwritable, what, nil) }

// validTarget reports whether a request target can be written: visible
// ASCII only (no space, no control byte) and not empty.
func validTarget(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7F {
			return false
		}
	}
	return true
}

// bodyMethods are the methods whose requests carry a Content-Length even
// when the body is empty.
func bodyMethod(m string) bool {
	return m == "POST" || m == "PUT" || m == "PATCH"
}

func (r *Request) appendMessage(dst []byte, body []byte) ([]byte, error) {
	hr := r.h()
	method := r.Method()
	if !headers.ValidToken(method) {
		return nil, unwritable("method " + strconv.Quote(method))
	}
	target := hr.RequestURI
	if target == "" {
		target = hr.URL.RequestURI()
	}
	if !validTarget(target) {
		return nil, unwritable("request target " + strconv.Quote(target))
	}
	host := hr.Host
	if host == "" {
		host = hr.URL.Host
	}
	if host != "" && cleanHost(host) == "" {
		return nil, unwritable("Host " + strconv.Quote(host))
	}
	proto := "HTTP/1.1"
	if hr.ProtoMajor == 1 && hr.ProtoMinor == 0 {
		proto = "HTTP/1.0"
	}
	trailer := hr.Trailer
	hasTrailer := false
	for _, vs := range trailer {
		if len(vs) > 0 {
			hasTrailer = true
			break
		}
	}
	if hasTrailer {
		proto = "HTTP/1.1" // chunked needs HTTP/1.1
	}

	keys := make([]string, 0, len(hr.Header))
	for k := range hr.Header {
		switch http.CanonicalHeaderKey(k) {
		case "Host", "Content-Length", "Transfer-Encoding", "Trailer":
			continue
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range hr.Header[k] {
			if err := headers.CheckField(k, v); err != nil {
				return nil, detail(ErrUnwritable, "", err)
			}
		}
	}
	var tkeys []string
	if hasTrailer {
		for k, vs := range trailer {
			for _, v := range vs {
				if err := headers.CheckField(k, v); err != nil {
					return nil, detail(ErrUnwritable, "trailer", err)
				}
			}
			if len(vs) > 0 {
				tkeys = append(tkeys, k)
			}
		}
		slices.Sort(tkeys)
	}

	dst = append(dst, method...)
	dst = append(dst, ' ')
	dst = append(dst, target...)
	dst = append(dst, ' ')
	dst = append(dst, proto...)
	dst = append(dst, "\r\n"...)
	if host != "" || proto == "HTTP/1.1" {
		dst = append(dst, "Host: "...)
		dst = append(dst, host...)
		dst = append(dst, "\r\n"...)
	}
	for _, k := range keys {
		for _, v := range hr.Header[k] {
			dst = append(dst, k...)
			dst = append(dst, ": "...)
			dst = append(dst, headers.TrimOWS(v)...)
			dst = append(dst, "\r\n"...)
		}
	}
	switch {
	case hasTrailer:
		dst = append(dst, "Transfer-Encoding: chunked\r\nTrailer: "...)
		dst = append(dst, strings.Join(tkeys, ", ")...)
		dst = append(dst, "\r\n\r\n"...)
		if len(body) > 0 {
			dst = strconv.AppendInt(dst, int64(len(body)), 16)
			dst = append(dst, "\r\n"...)
			dst = append(dst, body...)
			dst = append(dst, "\r\n"...)
		}
		dst = append(dst, "0\r\n"...)
		for _, k := range tkeys {
			for _, v := range trailer[k] {
				dst = append(dst, k...)
				dst = append(dst, ": "...)
				dst = append(dst, headers.TrimOWS(v)...)
				dst = append(dst, "\r\n"...)
			}
		}
		dst = append(dst, "\r\n"...)
	case len(body) > 0 || bodyMethod(method) || len(hr.Header["Content-Length"]) > 0:
		dst = append(dst, "Content-Length: "...)
		dst = strconv.AppendInt(dst, int64(len(body)), 10)
		dst = append(dst, "\r\n\r\n"...)
		dst = append(dst, body...)
	default:
		dst = append(dst, "\r\n"...)
	}
	return dst, nil
}
