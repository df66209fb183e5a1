package webob

import (
	"bytes"
	"io"
	"strings"

	"github.com/webob-go/webob/headers"
)

// SetBody replaces the body with b (sent as is; b is not copied) and drops
// any Content-Length header, which is then computed from b.
func (r *Response) SetBody(b []byte) {
	r.closeStream()
	r.dropStream()
	r.setBytes(b)
	r.del("Content-Length")
}

// SetBodyString replaces the body with s, like SetBody.
func (r *Response) SetBodyString(s string) {
	r.closeStream()
	r.kind, r.s = bodyString, s
	if r.x != nil {
		r.x.b = nil
	}
	r.dropStream()
	r.del("Content-Length")
}

// SetBodyReader makes rd the body: it is read while the response is sent
// and closed afterwards when it is an io.Closer (also when the response is
// not sent but Close is called). size is its length in bytes, or -1 when
// unknown; a known size is sent as Content-Length. When rd is an
// io.ReaderAt or an io.ReadSeeker and its size is known, ranges are served
// by reading only the requested bytes.
func (r *Response) SetBodyReader(rd io.Reader, size int64) {
	r.closeStream()
	if size < 0 {
		size = -1
	}
	r.kind, r.s = bodyReader, ""
	x := r.ext()
	x.b = nil
	x.rd, x.fn, x.size, x.bodyErr = rd, nil, size, nil
	r.del("Content-Length")
}

// SetBodyFunc makes fn the body: it is called with the destination while
// the response is sent and writes the generated output; an error it
// returns ends the response early (and is reported to the adapter's
// logger). The length is unknown unless a Content-Length header is set.
func (r *Response) SetBodyFunc(fn func(w io.Writer) error) {
	r.closeStream()
	r.kind, r.s = bodyFunc, ""
	x := r.ext()
	x.b = nil
	x.rd, x.fn, x.bodyErr = nil, fn, nil
	r.del("Content-Length")
}

// HasBody reports whether the body is non-empty or a stream or function
// (whose content is not known without reading it).
func (r *Response) HasBody() bool {
	r.materialize()
	switch r.kind {
	case bodyBytes:
		return len(r.bb()) > 0
	case bodyString:
		return r.s != ""
	case bodyReader, bodyFunc:
		return true
	}
	return false
}

// IsStream reports whether the body is a stream or a function, read only
// when sent.
func (r *Response) IsStream() bool { return r.kind == bodyReader || r.kind == bodyFunc }

// Body returns the whole body. A stream or function body is read (or run)
// to the end, closed, and replaced by the bytes it produced, so Body can
// be called again and the response still sent. It returns the
// construction error, if any, or the error that ended the stream.
func (r *Response) Body() ([]byte, error) {
	r.materialize()
	if err := r.err(); err != nil {
		return nil, err
	}
	switch r.kind {
	case bodyBytes:
		return r.bb(), nil
	case bodyString:
		return []byte(r.s), nil
	case bodyReader:
		rd := r.x.rd
		if cb, ok := rd.(*captureBody); ok {
			// A captured body: one exact copy.
			r.x.rd = nil
			r.setBytes(append([]byte(nil), cb.b[cb.off:]...))
			r.del("Content-Length")
			return r.x.b, nil
		}
		var buf bytes.Buffer
		if r.x.size > 0 {
			buf.Grow(int(min(r.x.size, 1<<20)))
		}
		_, err := buf.ReadFrom(rd)
		if c, ok := rd.(io.Closer); ok {
			if cerr := c.Close(); err == nil {
				err = cerr
			}
		}
		r.x.rd = nil
		r.setBytes(buf.Bytes())
		r.del("Content-Length")
		return r.x.b, err
	case bodyFunc:
		var buf bytes.Buffer
		err := r.x.fn(&buf)
		r.x.fn = nil
		r.setBytes(buf.Bytes())
		r.del("Content-Length")
		return r.x.b, err
	}
	return nil, nil
}

// BodyReader returns a reader over the body without buffering it and
// leaves the response with no body: the caller takes over the stream (and
// must close it when it is an io.ReadCloser) and normally sets a new body
// built from it. A function body is run on its own goroutine, writing
// into a pipe. Byte and string bodies are returned as readers over them.
func (r *Response) BodyReader() io.Reader {
	r.materialize()
	var rd io.Reader
	switch r.kind {
	case bodyBytes:
		rd = bytes.NewReader(r.bb())
	case bodyString:
		rd = strings.NewReader(r.s)
	case bodyReader:
		rd = r.x.rd
	case bodyFunc:
		pr, pw := io.Pipe()
		fn := r.x.fn
		go func() { pw.CloseWithError(fn(pw)) }()
		rd = pr
	default:
		rd = strings.NewReader("")
	}
	if err := r.err(); err != nil {
		rd = errReader{err}
	}
	r.kind, r.s = bodyNone, ""
	r.dropStream()
	if r.x != nil {
		r.x.b = nil
	}
	r.del("Content-Length")
	return rd
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }

// Close closes a stream body that will not be sent (a no-op for other
// bodies and after sending). Adapters call it for responses they drop.
func (r *Response) Close() error {
	return r.closeStream()
}

func (r *Response) closeStream() error {
	if r.kind != bodyReader || r.x == nil || r.x.rd == nil {
		return nil
	}
	rd := r.x.rd
	r.x.rd = nil
	r.kind = bodyNone
	if c, ok := rd.(io.Closer); ok {
		return c.Close()
	}
	return nil
}

// ContentLength returns the length of the body in bytes, or -1 when it is
// not known without reading it: the length of a byte or string body, else
// the size given to SetBodyReader, else a valid Content-Length header.
func (r *Response) ContentLength() int64 {
	r.materialize()
	switch r.kind {
	case bodyBytes:
		return int64(len(r.bb()))
	case bodyString:
		return int64(len(r.s))
	case bodyNone:
		if r.err() == nil {
			return 0
		}
	case bodyReader:
		if r.x.size >= 0 {
			return r.x.size
		}
	}
	if v := r.values("Content-Length"); len(v) > 0 {
		if n, err := headers.ParseContentLength(v); err == nil {
			return n
		}
	}
	return -1
}

// SetTextBody replaces the body with s and the Content-Type with
// "text/plain; charset=utf-8", as the Text constructor makes them. Other
// header fields and the status are kept.
func (r *Response) SetTextBody(s string) {
	r.SetBodyString(s)
	r.setCT(ctTextPlain)
}

// SetHTMLBody replaces the body with the HTML document s and the
// Content-Type with "text/html; charset=utf-8", as the HTML constructor
// makes them. Other header fields and the status are kept. s is sent as
// given: escaping what it interpolates is the caller's job.
func (r *Response) SetHTMLBody(s string) {
	r.SetBodyString(s)
	r.setCT(ctTextHTML)
}

// SetJSONBody replaces the body with v encoded as JSON and the
// Content-Type with "application/json", as the JSON constructor makes
// them (WebOb's json_body setter). v is encoded when the response is sent
// or its body read; when it cannot be encoded the Response carries the
// error (Err) and the adapters answer 500. Other header fields and the
// status are kept.
func (r *Response) SetJSONBody(v any) {
	r.SetBodyString("")
	r.kind, r.v = bodyJSON, v
	r.setCT(ctJSON)
}
