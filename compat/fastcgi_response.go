package compat

import (
	"bytes"
	"net/http"
	"net/textproto"

	"github.com/webob-go/webob/headers"
)

// errBadResponseHeader marks a CGI response header block the handler
// cannot pass on; it answers 502 for it.
var errBadResponseHeader = &fcgiError{msg: "compat: fastcgi: malformed response header"}

func badHeader(detail string) error {
	return &fcgiError{msg: "compat: fastcgi: malformed response header: " + detail, is: errBadResponseHeader}
}

// headerEnd finds the blank line that ends a CGI header block (RFC 3875
// section 6.2; lines end in LF or CRLF). It returns the length of the
// block without its final line break and the offset of the body, or ok
// false when the blank line has not arrived yet. The search starts at
// from: a caller that got ok false passes max(0, len(b)-3) next time,
// so a header arriving in many small records is scanned once.
func headerEnd(b []byte, from int) (block, body int, ok bool) {
	// A block without any header line: the body starts at once.
	if from == 0 && len(b) > 0 && b[0] == '\n' {
		return 0, 1, true
	}
	if from == 0 && len(b) > 1 && b[0] == '\r' && b[1] == '\n' {
		return 0, 2, true
	}
	for i := from; ; {
		j := bytes.IndexByte(b[i:], '\n')
		if j < 0 {
			return 0, 0, false
		}
		nl := i + j
		rest := b[nl+1:]
		switch {
		case len(rest) > 0 && rest[0] == '\n':
			return nl, nl + 2, true
		case len(rest) > 1 && rest[0] == '\r' && rest[1] == '\n':
			return nl, nl + 3, true
		}
		i = nl + 1
	}
}

// fcgiHopByHop are the response fields that describe the connection to the
// upstream, not the message, and are never passed on (RFC 9110 section
// 7.6.1).
var fcgiHopByHop = map[string]bool{
	"Connection":        true,
	"Keep-Alive":        true,
	"Proxy-Connection":  true,
	"Te":                true,
	"Trailer":           true,
	"Transfer-Encoding": true,
	"Upgrade":           true,
}

// parseCGIHeader parses a CGI response header block (without the blank
// line) into a status and the fields to send. The "Status" field gives
// the status; "Location" without "Status" means 302 Found (a client
// redirect, RFC 3875 section 6.2.4); otherwise 200. Fields whose name is
// not a token, values with control bytes, obsolete line folding, a
// duplicated or malformed Status and a malformed Content-Length are
// errors.
func parseCGIHeader(block []byte, h http.Header) (status int, err error) {
	sawStatus := false
	for len(block) > 0 {
		var line []byte
		if i := bytes.IndexByte(block, '\n'); i >= 0 {
			line, block = block[:i], block[i+1:]
		} else {
			line, block = block, nil
		}
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		if len(line) == 0 {
			return 0, badHeader("empty line inside the header block")
		}
		if line[0] == ' ' || line[0] == '\t' {
			return 0, badHeader("obsolete line folding")
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 {
			return 0, badHeader("line without a field name and colon")
		}
		name := string(line[:colon])
		if !headers.ValidFieldName(name) {
			return 0, badHeader("invalid field name")
		}
		value := trimOWS(line[colon+1:])
		for _, c := range value {
			if !headers.ValidFieldValueByte(c) {
				return 0, badHeader("control byte in the value of a field")
			}
		}
		key := textproto.CanonicalMIMEHeaderKey(name)
		switch key {
		case "Status":
			if sawStatus {
				return 0, badHeader("Status given twice")
			}
			sawStatus = true
			status, err = parseCGIStatus(value)
			if err != nil {
				return 0, err
			}
			continue
		case "Content-Length":
			if len(value) == 0 || len(value) > 18 {
				return 0, badHeader("invalid Content-Length")
			}
			for _, c := range value {
				if c < '0' || c > '9' {
					return 0, badHeader("invalid Content-Length")
				}
			}
			if h.Get(key) != "" && h.Get(key) != string(value) {
				return 0, badHeader("conflicting Content-Length values")
			}
			h[key] = []string{string(value)}
			continue
		}
		if fcgiHopByHop[key] {
			continue
		}
		h[key] = append(h[key], string(value))
	}
	if !sawStatus {
		status = http.StatusOK
		if h.Get("Location") != "" {
			status = http.StatusFound
		}
	}
	return status, nil
}

// parseCGIStatus parses "Status: 404 Not Found" (the reason is optional).
// Statuses outside 200-599 are refused, as CGIApp refuses them: a CGI
// response is final, and no other class is defined (RFC 9110 section 15).
func parseCGIStatus(v []byte) (int, error) {
	if len(v) < 3 || (len(v) > 3 && v[3] != ' ') {
		return 0, badHeader("invalid Status")
	}
	code := 0
	for _, c := range v[:3] {
		if c < '0' || c > '9' {
			return 0, badHeader("invalid Status")
		}
		code = code*10 + int(c-'0')
	}
	if code < 200 || code > 599 {
		return 0, badHeader("Status outside 200-599")
	}
	return code, nil
}

func trimOWS(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}
