package compat

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"
)

// exchange is one request and response over one connection.
type exchange struct {
	h      *fastcgiHandler
	c      *fcgiConn
	w      http.ResponseWriter
	r      *http.Request
	params []EnvVar
	body   io.Reader
	length int64
	script string

	reusable    bool // the connection may serve another request
	records     int  // records read
	bodyTouched bool // the body has been read from
	committed   bool // the response header was written to w
	bodyErr     error
}

// errShortBody is the error of a request body that ends before its
// Content-Length.
var errShortBody = &fcgiError{msg: "compat: fastcgi: request body shorter than its Content-Length"}

// run sends the request and copies the response to w. A nil error means
// the response was complete.
func (ex *exchange) run() error {
	c := ex.c
	keep := ex.h.pool.keepAlive()
	stop := context.AfterFunc(ex.r.Context(), func() { c.Close() })
	defer func() {
		if !stop() {
			ex.reusable = false // closed because the client left
		}
	}()

	rw := &recordWriter{bw: c.bw}
	ex.setWriteDeadline()
	rw.beginRequest(keep)
	pw := paramsWriter{w: rw}
	for _, v := range ex.params {
		pw.add(v.Name, v.Value)
	}
	if err := pw.close(); err != nil {
		if err == errParamTooLarge {
			return &gatewayError{http.StatusRequestHeaderFieldsTooLarge, "a request header is too large for FastCGI", err}
		}
		return err
	}
	var wrote chan error
	if ex.length == 0 {
		rw.record(fcgiStdin, nil)
	}
	if err := c.bw.Flush(); err != nil {
		return &upstreamWriteError{err}
	}
	if ex.length > 0 {
		// The body is written while the response is read, so that a
		// script answering before it has read its input cannot deadlock
		// with us.
		wrote = make(chan error, 1)
		ex.bodyTouched = true
		go func() {
			err := ex.writeStdin(rw)
			var be *bodyReadError
			if errors.As(err, &be) || isTimeout(err) {
				// The client's body failed (cut, or over a limit set
				// in front of this handler), or the upstream stopped
				// reading it for WriteTimeout: the upstream would wait
				// for the rest of its stdin, and the response for
				// ReadTimeout. Closing ends both now. (Other write
				// errors leave the connection be: an upstream that
				// answered and closed early may have its response
				// waiting to be read.)
				c.Close()
			}
			wrote <- err
		}()
	}

	resp := fcgiResponse{
		w:         ex.w,
		maxHeader: ex.h.maxHeader,
		stderr:    fcgiStderrLog{log: ex.h.log, max: ex.h.maxStderr, script: ex.script, uri: ex.r.RequestURI, ctx: ex.r.Context()},
	}
	if rc := http.NewResponseController(ex.w); rc != nil {
		resp.flush = rc.Flush
	}
	rr := &recordReader{br: c.br}
	err := resp.read(rr, ex.setReadDeadline)
	ex.records = resp.records
	ex.committed = resp.committed
	resp.stderr.finish()
	if wrote != nil {
		switch {
		case err != nil:
			// Unblock a writer the failed exchange leaves behind.
			select {
			case ex.bodyErr = <-wrote:
			default:
				c.Close()
				ex.bodyErr = <-wrote
				keep = false
			}
		case resp.ended:
			// The script may answer once it has read CONTENT_LENGTH bytes,
			// before the writer has sent the empty FCGI_STDIN record that
			// ends the stream: give the writer a moment to finish, so the
			// connection stays reusable, and unblock a writer the script
			// did not wait for by closing it.
			select {
			case ex.bodyErr = <-wrote:
			default:
				t := time.NewTimer(stdinGrace)
				select {
				case ex.bodyErr = <-wrote:
				case <-t.C:
					c.Close()
					ex.bodyErr = <-wrote
					keep = false
				}
				t.Stop()
			}
		default:
			ex.bodyErr = <-wrote
		}
	}
	if err != nil {
		return err
	}
	// Bytes already received after FCGI_END_REQUEST belong to no
	// request: such a connection is not used again.
	ex.reusable = keep && ex.bodyErr == nil && c.br.Buffered() == 0
	return nil
}

// stdinGrace is how long an exchange whose response has ended waits for
// its request body writer to finish before it closes the connection.
const stdinGrace = 100 * time.Millisecond

func (ex *exchange) setReadDeadline() {
	if d := ex.h.readTimeout; d > 0 {
		ex.c.SetReadDeadline(time.Now().Add(d))
	}
}

func (ex *exchange) setWriteDeadline() {
	if d := ex.h.writeTimeout; d > 0 {
		ex.c.SetWriteDeadline(time.Now().Add(d))
	}
}

// bodyReadError wraps an error reading the client's request body.
type bodyReadError struct{ err error }

func (e *bodyReadError) Error() string {
	return "compat: fastcgi: reading the request body: " + e.err.Error()
}
func (e *bodyReadError) Unwrap() error { return e.err }

// upstreamWriteError wraps an error writing the request to the upstream.
type upstreamWriteError struct{ err error }

func (e *upstreamWriteError) Error() string {
	return "compat: fastcgi: writing the request: " + e.err.Error()
}
func (e *upstreamWriteError) Unwrap() error { return e.err }

// writeStdin writes ex.length bytes of body as FCGI_STDIN records and the
// empty record that ends the stream.
func (ex *exchange) writeStdin(rw *recordWriter) error {
	bp := bodyBufPool.Get().(*[]byte)
	defer bodyBufPool.Put(bp)
	buf := *bp
	remaining := ex.length
	for remaining > 0 {
		n, err := ex.body.Read(buf[:min(int64(len(buf)), remaining)])
		if n > 0 {
			ex.setWriteDeadline()
			if werr := rw.record(fcgiStdin, buf[:n]); werr != nil {
				return &upstreamWriteError{werr}
			}
			remaining -= int64(n)
			// The upstream is still reading: ReadTimeout counts from
			// the end of the request, not from its start.
			ex.setReadDeadline()
		}
		if err == io.EOF {
			if remaining > 0 {
				return &bodyReadError{errShortBody}
			}
			break
		}
		if err != nil {
			return &bodyReadError{err}
		}
	}
	ex.setWriteDeadline()
	rw.record(fcgiStdin, nil)
	if err := rw.bw.Flush(); err != nil {
		return &upstreamWriteError{err}
	}
	return nil
}

// classify maps an error of run to an answer.
func (ex *exchange) classify(err error) *gatewayError {
	var ge *gatewayError
	if errors.As(err, &ge) {
		return ge
	}
	var be *bodyReadError
	var we *upstreamWriteError
	if ex.bodyErr != nil && (errors.As(ex.bodyErr, &be) || errors.As(ex.bodyErr, &we) && isTimeout(ex.bodyErr)) {
		err = ex.bodyErr
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return &gatewayError{http.StatusRequestEntityTooLarge, "request body too large", err}
	case errors.As(err, &be):
		return &gatewayError{http.StatusBadRequest, "request body could not be read", err}
	case ex.r.Context().Err() != nil || errors.Is(err, errClientGone):
		return &gatewayError{499, "client gone", err}
	case errors.Is(err, errOverloaded):
		return &gatewayError{http.StatusServiceUnavailable, "FastCGI upstream overloaded", err}
	case errors.Is(err, errHeaderTooLarge):
		return &gatewayError{http.StatusBadGateway, "FastCGI response header exceeds MaxHeaderBytes (" + strconv.Itoa(ex.h.maxHeader) + ")", err}
	case errors.Is(err, errBadResponseHeader):
		return &gatewayError{http.StatusBadGateway, "malformed FastCGI response header", err}
	case isTimeout(err) && errors.As(err, &we):
		return &gatewayError{http.StatusGatewayTimeout, "FastCGI upstream did not read the request in WriteTimeout", err}
	case isTimeout(err):
		return &gatewayError{http.StatusGatewayTimeout, "FastCGI upstream did not answer in ReadTimeout", err}
	}
	return &gatewayError{http.StatusBadGateway, "FastCGI upstream failed", err}
}

var (
	errHeaderTooLarge = &fcgiError{msg: "compat: fastcgi: response header exceeds MaxHeaderBytes"}
	errOverloaded     = &fcgiError{msg: "compat: fastcgi: upstream overloaded (FCGI_OVERLOADED)"}
	errNoEnd          = protocolError("connection closed before FCGI_END_REQUEST")
)

// fcgiResponse reads the records of one response and writes the response
// to w.
type fcgiResponse struct {
	w         http.ResponseWriter
	flush     func() error
	maxHeader int
	stderr    fcgiStderrLog

	hbuf      []byte // the header block while it arrives
	committed bool
	unflushed bool
	ended     bool // FCGI_END_REQUEST seen
	discard   bool // the status allows no body: drop it
	records   int
	appStatus uint32
}

// read reads records until FCGI_END_REQUEST; beforeRead is called before
// each record header is read (to set a deadline).
func (fr *fcgiResponse) read(rr *recordReader, beforeRead func()) error {
	var scratch [8]byte
	for {
		if fr.unflushed && rr.br.Buffered() == 0 {
			// About to wait for the upstream: send what we have.
			if fr.flush != nil {
				fr.flush()
			}
			fr.unflushed = false
		}
		if beforeRead != nil {
			beforeRead()
		}
		h, err := rr.next()
		if err != nil {
			if err == io.EOF {
				return errNoEnd
			}
			return err
		}
		fr.records++
		if h.id != fcgiRequestID {
			if h.id == 0 && (h.typ == fcgiGetValuesResult || h.typ == fcgiUnknownType) {
				// A management record we did not ask for: skip it.
				if err := rr.skip(int(h.length) + int(h.padding)); err != nil {
					return err
				}
				continue
			}
			return protocolError("record for request " + strconv.Itoa(int(h.id)))
		}
		switch h.typ {
		case fcgiStdout:
			if err := fr.stdout(rr, int(h.length)); err != nil {
				return err
			}
		case fcgiStderr:
			if err := fr.stderr.read(rr, int(h.length)); err != nil {
				return err
			}
		case fcgiEndRequest:
			if h.length < 8 {
				return protocolError("short FCGI_END_REQUEST")
			}
			if err := rr.readContent(scratch[:]); err != nil {
				return err
			}
			if err := rr.skip(int(h.length) - 8 + int(h.padding)); err != nil {
				return err
			}
			fr.ended = true
			fr.appStatus = binary.BigEndian.Uint32(scratch[:4])
			switch scratch[4] {
			case fcgiRequestComplete:
			case fcgiOverloaded:
				return errOverloaded
			case fcgiCantMpxConn:
				return protocolError("FCGI_CANT_MPX_CONN")
			case fcgiUnknownRole:
				return protocolError("FCGI_UNKNOWN_ROLE")
			default:
				return protocolError("unknown protocolStatus " + strconv.Itoa(int(scratch[4])))
			}
			if !fr.committed {
				if len(fr.hbuf) == 0 {
					return badHeader("empty response")
				}
				return badHeader("header block not ended by a blank line")
			}
			if fr.unflushed && fr.flush != nil {
				fr.flush()
			}
			return nil
		default:
			return protocolError("unexpected record type " + strconv.Itoa(int(h.typ)))
		}
		if err := rr.skip(int(h.padding)); err != nil {
			return err
		}
	}
}

// stdout handles n bytes of FCGI_STDOUT content.
func (fr *fcgiResponse) stdout(rr *recordReader, n int) error {
	if n == 0 {
		return nil // the end of the stream; FCGI_END_REQUEST follows
	}
	if fr.committed {
		return fr.copyBody(rr, n)
	}
	start := len(fr.hbuf)
	fr.hbuf = append(fr.hbuf, make([]byte, n)...)
	if err := rr.readContent(fr.hbuf[start:]); err != nil {
		return err
	}
	// The blank line may straddle two records: search the whole block.
	block, body, ok := headerEnd(fr.hbuf, max(0, start-3))
	if !ok {
		if len(fr.hbuf) > fr.maxHeader+len("\r\n\r\n") {
			return errHeaderTooLarge
		}
		return nil
	}
	// The limit counts the header lines without the final line break.
	size := block
	if size > 0 && fr.hbuf[size-1] == '\r' {
		size--
	}
	if size > fr.maxHeader {
		return errHeaderTooLarge
	}
	hdr := make(http.Header)
	status, err := parseCGIHeader(fr.hbuf[:block], hdr)
	if err != nil {
		return err
	}
	dst := fr.w.Header()
	for k, v := range hdr {
		dst[k] = v
	}
	fr.w.WriteHeader(status)
	fr.committed = true
	fr.unflushed = true
	rest := fr.hbuf[body:]
	fr.hbuf = nil
	if len(rest) > 0 {
		return fr.write(rest)
	}
	return nil
}

// errBodyOverContentLength is the error of an upstream that sends more
// body than its Content-Length said.
var errBodyOverContentLength = protocolError("response body longer than its Content-Length")

// write writes body bytes to the client. A body the status forbids (a
// 204 or 304 with content) is dropped; a body longer than the upstream's
// Content-Length is a protocol error; any other failure means the client
// is gone.
func (fr *fcgiResponse) write(p []byte) error {
	if fr.discard {
		return nil
	}
	_, err := fr.w.Write(p)
	switch {
	case err == nil:
		return nil
	case errors.Is(err, http.ErrBodyNotAllowed):
		fr.discard = true
		return nil
	case errors.Is(err, http.ErrContentLength):
		return errBodyOverContentLength
	}
	return errClientGone
}

// copyBody copies n bytes of body from the record to the client.
func (fr *fcgiResponse) copyBody(rr *recordReader, n int) error {
	for n > 0 {
		p, err := rr.br.Peek(min(n, rr.br.Size()))
		if len(p) == 0 && err != nil {
			return truncated(err)
		}
		if werr := fr.write(p); werr != nil {
			return werr
		}
		rr.br.Discard(len(p))
		n -= len(p)
		fr.unflushed = true
	}
	return nil
}

// fcgiStderrLog turns a request's FCGI_STDERR stream into log records, one per
// line, up to max bytes.
type fcgiStderrLog struct {
	log     *slog.Logger
	ctx     context.Context
	max     int
	script  string
	uri     string
	line    []byte
	logged  int
	dropped int
}

const maxStderrLine = 4 << 10

// read consumes n bytes of FCGI_STDERR content.
func (s *fcgiStderrLog) read(rr *recordReader, n int) error {
	for n > 0 {
		p, err := rr.br.Peek(min(n, rr.br.Size()))
		if len(p) == 0 && err != nil {
			return truncated(err)
		}
		s.write(p)
		rr.br.Discard(len(p))
		n -= len(p)
	}
	return nil
}

func (s *fcgiStderrLog) write(p []byte) {
	if s.max < 0 {
		return
	}
	for len(p) > 0 {
		if s.logged >= s.max {
			s.dropped += len(p)
			return
		}
		i := bytes.IndexByte(p, '\n')
		chunk := p
		if i >= 0 {
			chunk = p[:i]
		}
		room := min(s.max-s.logged, maxStderrLine-len(s.line))
		if len(chunk) > room {
			chunk = chunk[:room]
			s.line = append(s.line, chunk...)
			s.logged += len(chunk)
			p = p[len(chunk):]
			s.emit()
			continue
		}
		s.line = append(s.line, chunk...)
		s.logged += len(chunk)
		if i < 0 {
			return
		}
		p = p[i+1:]
		s.logged++ // the line break
		s.emit()
	}
}

func (s *fcgiStderrLog) emit() {
	line := bytes.TrimRight(s.line, "\r")
	if len(line) > 0 && s.log != nil {
		s.log.Log(s.ctx, slog.LevelWarn, "fastcgi stderr", "script", s.script, "uri", s.uri, "line", string(line))
	}
	s.line = s.line[:0]
}

// finish logs the last partial line and how much was dropped.
func (s *fcgiStderrLog) finish() {
	if len(s.line) > 0 {
		s.emit()
	}
	if s.dropped > 0 && s.log != nil {
		s.log.Log(s.ctx, slog.LevelWarn, "fastcgi stderr truncated at MaxStderrBytes",
			"script", s.script, "uri", s.uri, "limit", s.max, "dropped_bytes", s.dropped)
		s.dropped = 0
	}
}

// requestBody returns the body to send and its length. A body of unknown
// length is read ahead (memory, then a temporary file) up to the limit by
// spool, which CGIApp shares.
func (h *fastcgiHandler) requestBody(r *http.Request) (io.Reader, int64, func(), *gatewayError) {
	if r.Body == nil || r.Body == http.NoBody || r.ContentLength == 0 {
		return nil, 0, nil, nil
	}
	max := h.maxBody // negative: no limit
	if r.ContentLength > 0 {
		if max >= 0 && r.ContentLength > max {
			return nil, 0, nil, h.bodyFailure(limitDetail(ErrRequestBodyTooLarge, max))
		}
		return r.Body, r.ContentLength, nil, nil
	}
	body, n, cleanup, err := spool(r.Body, max)
	if err != nil {
		return nil, 0, cleanup, h.bodyFailure(err)
	}
	return body, n, cleanup, nil
}

// bodyFailure maps an error of reading or spooling the request body.
func (h *fastcgiHandler) bodyFailure(err error) *gatewayError {
	var mbe *http.MaxBytesError
	switch {
	case errors.Is(err, ErrRequestBodyTooLarge):
		return &gatewayError{http.StatusRequestEntityTooLarge,
			"request body exceeds MaxRequestBodyBytes (" + strconv.FormatInt(h.maxBody, 10) + ")", err}
	case errors.As(err, &mbe):
		return &gatewayError{http.StatusRequestEntityTooLarge, "request body too large", err}
	case errors.Is(err, errReadBody):
		return &gatewayError{http.StatusBadRequest, "request body could not be read", &bodyReadError{err}}
	}
	return &gatewayError{http.StatusInternalServerError, "cannot spool the request body", err}
}
