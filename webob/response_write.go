package webob

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
	"github.com/webob-go/webob/multipart"
)

// Serve writes r to w as the answer to req, the way the adapters do with
// the zero Config:
//
//   - the negotiation headers req consulted are added to Vary;
//   - on a 2xx response carrying an ETag or Last-Modified, the request's
//     preconditions are evaluated (RFC 9110 §13.2.2) unless
//     DisableConditional is set: the answer may become 304 Not Modified
//     (keeping only the header fields of RFC 9110 §15.4.5) or 412
//     Precondition Failed;
//   - on a 200 response with "Accept-Ranges: bytes" whose length is known,
//     a GET's Range is honoured unless DisableRanges is set: 206 with
//     Content-Range for one range, multipart/byteranges for several, 416
//     with "Content-Range: bytes */length" when none is satisfiable;
//   - header fields go out under their canonical names (spellings that
//     differ only in case are merged), and every Location value is made
//     safe (SafeLocation);
//   - 1xx, 204, 205 and 304 responses carry no body, and a HEAD request
//     gets the header fields only.
//
// Nothing is written when a header or trailer field holds CR, LF, NUL or
// another control byte, when Location is given more than once under any
// spelling (ErrDuplicateLocation), or when r carries a construction error
// (Err): Serve returns the error and the caller answers 500. Trailers a
// body function adds are checked after the body and not sent when unsafe.
// A stream body is closed after it is sent (or not sent). Errors writing
// to w are returned.
func (r *Response) Serve(w http.ResponseWriter, req *Request) error {
	return serve(w, req, r, &zeroConfig, &serveState{w: w, cfg: &zeroConfig})
}

// ServeHTTP makes a Response an http.Handler, like WebOb's Response is a
// WSGI application: it wraps hr with NewRequest and calls Serve, answering
// 500 when Serve refuses the response before writing. A byte or string
// body can be served any number of times; a stream only once.
func (r *Response) ServeHTTP(w http.ResponseWriter, hr *http.Request) {
	if err := r.Serve(w, NewRequest(hr, nil)); err != nil && !errors.Is(err, errWritten) {
		http.Error(w, "500 Internal Server Error", http.StatusInternalServerError)
	}
}

// errWritten marks errors that happened after the status line was sent;
// they can only be logged.
var errWritten = errors.New("webob: response already started")

type writtenError struct{ err error }

func (e *writtenError) Error() string   { return "webob: writing response: " + e.err.Error() }
func (e *writtenError) Unwrap() []error { return []error{errWritten, e.err} }

func written(err error) error {
	if err == nil {
		return nil
	}
	return &writtenError{err}
}

// ErrNotRendered reports a Response that was not sent because it carried
// a construction error or a field that cannot be written.
var ErrNotRendered = errors.New("webob: response not sent")

// serve is Serve with a configuration.
func serve(w http.ResponseWriter, req *Request, r *Response, cfg *Config, st *serveState) error {
	if err := r.err(); err != nil {
		r.Close()
		return oneline.Join(ErrNotRendered, err)
	}
	status := r.code()
	var plan *rangePlan
	if status >= 200 && status < 300 {
		var v Validators
		if r.hasValidator() {
			v = r.Validators()
			if !r.DisableConditional && !cfg.DisableConditional {
				switch evalPreconditions(req, v) {
				case condNotModified:
					r.Close()
					r = r.notModified()
					status = http.StatusNotModified
				case condFailed:
					r.Close()
					e := cfg.render(req, PreconditionFailed())
					e.DisableConditional = true
					return serve(w, req, e, cfg, st)
				}
			}
		}
		if status == http.StatusOK && !r.DisableRanges && !cfg.DisableRanges && r.acceptsRanges() {
			plan = r.evalRange(req, v)
		}
	}
	if plan != nil && plan.unsat {
		e := cfg.render(req, RangeNotSatisfiable(plan.total))
		for _, k := range [...]string{"Accept-Ranges", "Etag", "Last-Modified"} {
			if v := r.values(k); len(v) > 0 {
				e.Header()[k] = v
			}
		}
		r.Close()
		e.DisableConditional, e.DisableRanges = true, true
		return serve(w, req, e, cfg, st)
	}

	if r.header != nil {
		if err := checkHeader(r.header); err != nil {
			r.Close()
			return oneline.Join(ErrNotRendered, err)
		}
	} else if r.ctype != "" && r.ctype != ctTextPlain && r.ctype != ctTextHTML && r.ctype != ctJSON {
		if err := checkField("Content-Type", r.ctype); err != nil {
			r.Close()
			return oneline.Join(ErrNotRendered, err)
		}
	}
	if err := checkHeader(r.trl()); err != nil {
		r.Close()
		return oneline.Join(ErrNotRendered, err)
	}
	if r.kind == bodyJSON && bodyAllowed(status) {
		// Encode into a pooled buffer before anything is written, so an
		// encoding error can still become a 500.
		jb, err := encodeJSON(r.v)
		if err != nil {
			return oneline.Join(ErrNotRendered, err)
		}
		defer putJSONBuf(jb)
		return r.writeTo(w, req, status, plan, st, cfg, jb.buf.Bytes())
	}
	return r.writeTo(w, req, status, plan, st, cfg, nil)
}

// Shared Content-Type values for the constructors' media types, as
// net/http and gin do for theirs: header maps take them by reference and
// nothing in this package writes into them.
var (
	ctTextPlainLine = []string{ctTextPlain}
	ctTextHTMLLine  = []string{ctTextHTML}
	ctJSONLine      = []string{ctJSON}
)

func ctLine(ct string) []string {
	switch ct {
	case ctTextPlain:
		return ctTextPlainLine
	case ctTextHTML:
		return ctTextHTMLLine
	case ctJSON:
		return ctJSONLine
	}
	return []string{ct}
}

// finishHeader adds the negotiated Vary names and makes Location safe, in
// the writer's header map h (the Response is left as it is, so a byte
// body can be served again, even concurrently).
func finishHeader(h http.Header, req *Request, cfg *Config) {
	if names := req.NegotiatedHeaders(); len(names) > 0 {
		if lines := h["Vary"]; len(lines) == 0 {
			h["Vary"] = names[:len(names):len(names)]
		} else {
			var add []string
			for _, n := range names {
				if !varyHas(lines, n) {
					add = append(add, n)
				}
			}
			if len(add) > 0 {
				h["Vary"] = append(lines[:len(lines):len(lines)], strings.Join(add, ", "))
			}
		}
	}
	safeLocations(h, req, cfg.AbsoluteLocation)
}

// safeLocations makes the Location of h safe (SafeLocation), or absolute
// against req's path URL with abs: every value, under every spelling of
// the name, which ends up canonical. A Location set through Header() as
// "location", or added twice, is treated too.
func safeLocations(h http.Header, req *Request, abs bool) {
	var odd []string
	for k := range h {
		if len(k) == len("Location") && k != "Location" && headers.EqualFold(k, "Location") {
			odd = append(odd, k)
		}
	}
	loc := h["Location"]
	if len(odd) > 0 {
		slices.Sort(odd)
		loc = loc[:len(loc):len(loc)]
		for _, k := range odd {
			loc = append(loc, h[k]...)
			delete(h, k)
		}
	}
	if len(loc) == 0 {
		return
	}
	var out []string // allocated on the first change: loc may be the Response's
	for i, l := range loc {
		var safe string
		if abs {
			safe = ResolveLocation(req.PathURL(), l)
		} else {
			safe = SafeLocation(l)
		}
		if out == nil && safe != l {
			out = make([]string, len(loc))
			copy(out, loc[:i])
		}
		if out != nil {
			out[i] = safe
		}
	}
	if out != nil {
		loc = out
	}
	h["Location"] = loc
}

// copyHeader copies the response's fields src into the writer's map h,
// each under its canonical name, replacing what h held for that name.
// Spellings of one name that differ in case ("location", "Location") are
// merged, so a field set through Header() with a non-canonical key gets
// the same checks and treatment (Location, Content-Length, ...) as the
// canonical one.
func copyHeader(h, src http.Header) {
	var odd []string
	for k, v := range src {
		if http.CanonicalHeaderKey(k) != k {
			odd = append(odd, k)
			continue
		}
		h[k] = v
	}
	if odd == nil {
		return
	}
	slices.Sort(odd)
	fresh := make(map[string]bool, len(odd))
	for _, k := range odd {
		ck := http.CanonicalHeaderKey(k)
		v := src[k]
		if _, ok := src[ck]; !ok && !fresh[ck] {
			fresh[ck] = true
			h[ck] = v[:len(v):len(v)]
			continue
		}
		h[ck] = append(h[ck][:len(h[ck]):len(h[ck])], v...)
	}
}

// ErrDuplicateLocation reports a response with more than one Location
// value, counting every spelling of the name: which one a client follows
// is anybody's guess, so such a response is never sent. It wraps
// ErrInvalidHeader.
var ErrDuplicateLocation = oneline.Detail(ErrInvalidHeader, "Location given more than once")

// checkHeader refuses a field name that is not a token, a value holding
// CR, LF, NUL or another control byte (under any spelling of the name),
// and more than one Location value (ErrDuplicateLocation).
func checkHeader(h http.Header) error {
	if len(h) == 0 {
		return nil
	}
	nloc := 0
	for k, vs := range h {
		if !headers.ValidToken(k) {
			return checkField(k, "")
		}
		if len(k) == len("Location") && headers.EqualFold(k, "Location") {
			if nloc += len(vs); nloc > 1 {
				return ErrDuplicateLocation
			}
		}
		for _, v := range vs {
			if !headers.SafeFieldValue(v) {
				return checkField(k, v)
			}
		}
	}
	return nil
}

// chunkThreshold is the body size up to which net/http computes
// Content-Length by itself (its buffer before chunking); larger byte
// bodies get an explicit one.
const chunkThreshold = 2048

// writeTo writes the checked response.
//
// A JSON body arrives encoded in jsonBody.
func (r *Response) writeTo(w http.ResponseWriter, req *Request, status int, plan *rangePlan, st *serveState, cfg *Config, jsonBody []byte) error {
	h := w.Header()
	pre := len(h) // fields set on w before the response was written
	if r.header == nil {
		if r.ctype != "" {
			h["Content-Type"] = ctLine(r.ctype)
		}
	} else {
		copyHeader(h, r.header)
	}
	if r.header == nil && pre == 0 {
		// The common case: no Vary to merge with and no Location, so the
		// negotiated names go straight in.
		if names := req.NegotiatedHeaders(); len(names) > 0 {
			h["Vary"] = names[:len(names):len(names)]
		}
	} else {
		finishHeader(h, req, cfg)
	}
	head := req.Method() == http.MethodHead
	if !bodyAllowed(status) {
		r.Close()
		if status != http.StatusNotModified {
			delete(h, "Content-Length")
		}
		delete(h, "Transfer-Encoding")
		st.started = true
		w.WriteHeader(status)
		return nil
	}
	if plan != nil {
		st.started = true
		return r.writeRanges(w, h, head, plan)
	}

	if len(r.trl()) > 0 {
		delete(h, "Content-Length")
		keys := make([]string, 0, len(r.trl()))
		for k := range r.trl() {
			keys = append(keys, k)
		}
		h["Trailer"] = []string{strings.Join(keys, ", ")}
	} else {
		n := int64(len(jsonBody))
		if r.kind != bodyJSON {
			n = r.rangeLength()
		}
		switch {
		case r.kind == bodyJSON || r.kind == bodyBytes || r.kind == bodyString || r.kind == bodyNone:
			if head || n > chunkThreshold {
				h["Content-Length"] = []string{strconv.FormatInt(n, 10)}
			} else if r.header != nil || pre > 0 {
				// A Content-Length set by hand or by an outer handler
				// would be wrong; net/http computes it.
				delete(h, "Content-Length")
			}
		case n >= 0:
			h["Content-Length"] = []string{strconv.FormatInt(n, 10)}
		}
	}
	st.started = true
	w.WriteHeader(status)
	if head {
		r.Close()
		return nil
	}
	var err error
	switch r.kind {
	case bodyJSON:
		_, err = w.Write(jsonBody)
	case bodyBytes:
		if b := r.bb(); len(b) > 0 {
			_, err = w.Write(b)
		}
	case bodyString:
		if r.s != "" {
			_, err = io.WriteString(w, r.s)
		}
	case bodyReader:
		err = r.copyStream(w)
	case bodyFunc:
		err = r.x.fn(&bodyWriter{w: w})
	}
	if t := r.trl(); len(t) > 0 {
		// A body function or a wrapped handler may have added trailers
		// after the check before the header: check again, and send none
		// rather than an unsafe one.
		if terr := checkHeader(t); terr != nil {
			if err == nil {
				err = terr
			}
			return written(err)
		}
		for k, vs := range t {
			h[http.TrailerPrefix+k] = vs
		}
	}
	return written(err)
}

// copyStream copies a stream body to w and closes it.
func (r *Response) copyStream(w http.ResponseWriter) error {
	rd := r.x.rd
	r.x.rd, r.kind = nil, bodyNone
	_, err := io.Copy(w, rd)
	if c, ok := rd.(io.Closer); ok {
		if cerr := c.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// readerAt returns the body as an io.ReaderAt for cutting ranges, and a
// closer to call afterwards.
func (r *Response) readerAt() io.ReaderAt {
	r.materialize()
	switch r.kind {
	case bodyBytes:
		return bytes.NewReader(r.bb())
	case bodyString:
		return strings.NewReader(r.s)
	case bodyReader:
		switch rd := r.x.rd.(type) {
		case io.ReaderAt:
			return rd
		case io.ReadSeeker:
			return &seekReaderAt{rs: rd}
		default:
			return &forwardReaderAt{r: rd}
		}
	}
	return strings.NewReader("")
}

// rangeReader returns the bytes [start, start+n) of the body. A file body
// is sought and limited rather than read through an io.SectionReader, so
// that io.Copy hands the writer an *io.LimitedReader over the *os.File,
// which net/http sends with sendfile.
func rangeReader(r *Response, src io.ReaderAt, start, n int64) io.Reader {
	if r.kind == bodyReader {
		if f, ok := r.x.rd.(*os.File); ok {
			if _, err := f.Seek(start, io.SeekStart); err == nil {
				return io.LimitReader(f, n)
			}
		}
	}
	return io.NewSectionReader(src, start, n)
}

// writeRanges answers 206 with one range or multipart/byteranges.
func (r *Response) writeRanges(w http.ResponseWriter, h http.Header, head bool, plan *rangePlan) error {
	defer r.Close()
	src := r.readerAt()
	delete(h, "Trailer")
	if len(plan.spans) == 1 {
		sp := plan.spans[0]
		h["Content-Range"] = []string{sp.ContentRange(plan.total).String()}
		h["Content-Length"] = []string{strconv.FormatInt(sp.Length(), 10)}
		w.WriteHeader(http.StatusPartialContent)
		if head {
			return nil
		}
		n, err := io.Copy(w, rangeReader(r, src, sp.Start, sp.Length()))
		if err == nil && n < sp.Length() {
			err = io.ErrUnexpectedEOF
		}
		return written(err)
	}
	ct := ""
	if v := h["Content-Type"]; len(v) > 0 {
		ct = v[0]
	}
	bw := multipart.NewByteRangesWriter(w)
	h["Content-Type"] = []string{bw.ContentType()}
	if n := multipart.ByteRangesLength(bw.Boundary(), plan.spans, ct, plan.total); n >= 0 {
		h["Content-Length"] = []string{strconv.FormatInt(n, 10)}
	} else {
		delete(h, "Content-Length")
	}
	w.WriteHeader(http.StatusPartialContent)
	if head {
		return nil
	}
	for _, sp := range plan.spans {
		if err := bw.WritePart(src, sp, ct, plan.total); err != nil {
			return written(err)
		}
	}
	return written(bw.Close())
}

// seekReaderAt reads at offsets from an io.ReadSeeker by seeking. Reads
// are not concurrent.
type seekReaderAt struct{ rs io.ReadSeeker }

func (s *seekReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if _, err := s.rs.Seek(off, io.SeekStart); err != nil {
		return 0, err
	}
	return io.ReadFull(s.rs, p)
}

// forwardReaderAt reads at increasing offsets from a plain io.Reader,
// discarding the bytes between ranges (ranges are served in ascending
// order, so nothing needs buffering).
type forwardReaderAt struct {
	r   io.Reader
	pos int64
}

// errBackwards reports a read before the current position of a stream.
var errBackwards = errors.New("webob: stream cannot go back")

func (f *forwardReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off < f.pos {
		return 0, errBackwards
	}
	if off > f.pos {
		n, err := io.CopyN(io.Discard, f.r, off-f.pos)
		f.pos += n
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return 0, err
		}
	}
	n, err := io.ReadFull(f.r, p)
	f.pos += int64(n)
	if err == io.ErrUnexpectedEOF {
		err = io.EOF
	}
	return n, err
}

// bodyWriter is the io.Writer a body function writes to. It passes Flush
// on to the response writer and unwraps to it, so a body function can use
// http.Flusher or http.NewResponseController.
type bodyWriter struct{ w http.ResponseWriter }

func (b *bodyWriter) Write(p []byte) (int, error)       { return b.w.Write(p) }
func (b *bodyWriter) WriteString(s string) (int, error) { return io.WriteString(b.w, s) }

// Flush sends what was written so far to the client.
func (b *bodyWriter) Flush() { _ = http.NewResponseController(b.w).Flush() }

// Unwrap returns the http.ResponseWriter, for http.ResponseController.
func (b *bodyWriter) Unwrap() http.ResponseWriter { return b.w }
