package multipart

import (
	"bytes"
	"errors"
	"io"
	"net/textproto"
	"sync"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
)

// The body grammar (RFC 2046 §5.1.1, as used by RFC 7578):
//
//	multipart-body := [preamble CRLF]
//	                  dash-boundary transport-padding CRLF
//	                  body-part *encapsulation
//	                  close-delimiter transport-padding
//	                  [CRLF epilogue]
//	dash-boundary  := "--" boundary
//	encapsulation  := delimiter transport-padding CRLF body-part
//	delimiter      := CRLF dash-boundary
//	close-delimiter := delimiter "--"
//	transport-padding := *LWSP-char
//
// Two leniencies are deliberate and deterministic: when the first
// delimiter line ends in a bare LF, the whole body is read with LF line
// breaks (delimiter = LF dash-boundary), as old IE and some tools send; and
// "--boundary" followed by anything other than "--", white space or a line
// break is content, not a delimiter, as in Go's mime/multipart.

// bufSize is the size of the scan buffer. Large chunks let bytes.Index and
// the writers of ReadForm work on 64 KiB at a time.
const bufSize = 64 << 10

var bufPool = sync.Pool{New: func() any {
	b := make([]byte, bufSize)
	return &b
}}

// Reader states.
const (
	stStart = iota // nothing read yet
	stBody         // inside the body of r.part
	stEnd          // closing delimiter and epilogue read
)

// A Reader reads the parts of a multipart/form-data body one at a time, as
// they arrive, under the Limits it was made with. Use it to stream an
// upload somewhere without touching disk; use ReadForm to collect a whole
// form.
//
// The first error — malformed body, limit, or read error from the source —
// is sticky: every later call returns it.
type Reader struct {
	src    io.Reader
	lim    limits
	bufp   *[]byte
	buf    []byte
	r, w   int   // unread bytes are buf[r:w]
	safe   int   // when safe > r, buf[r:safe] is known to be part body
	srcErr error // first error from src, io.EOF included
	read   int64 // bytes read from src

	boundary string
	delim    []byte // "\r\n--boundary", or "\n--boundary" in LF mode
	state    uint8
	err      error

	parts, files, values int64
	part                 *Part
	hdr                  []byte        // header block scratch
	kvs                  []headerField // parsed header scratch
	formPart             Part          // reused by ReadForm
}

// NewReader returns a Reader of the multipart/form-data body r delimited
// by boundary (the boundary parameter of its Content-Type, see
// ParseBoundary), enforcing lim (nil means the defaults). An invalid
// boundary is reported by the first NextPart as ErrBadBoundary.
func NewReader(r io.Reader, boundary string, lim *Limits) *Reader {
	d := make([]byte, 0, 4+len(boundary))
	d = append(d, "\r\n--"...)
	d = append(d, boundary...)
	return &Reader{src: r, lim: resolve(lim), boundary: boundary, delim: d}
}

// BytesRead returns the number of bytes read from the source so far.
func (r *Reader) BytesRead() int64 { return r.read }

// NextPart returns the next part of the body, after discarding what the
// caller left unread of the previous one (those bytes still count against
// the limits). It returns io.EOF after the closing delimiter, once the
// epilogue has been read. A part must have a form-data Content-Disposition
// with a non-empty name; see Part for how the header is interpreted.
func (r *Reader) NextPart() (*Part, error) { return r.nextPart(true) }

func (r *Reader) nextPart(wantHeader bool) (*Part, error) {
	if r.err != nil {
		return nil, r.err
	}
	var err error
	skip := len(r.delim)
	first := false
	switch r.state {
	case stEnd:
		return nil, io.EOF
	case stStart:
		if err = r.start(); err != nil {
			return nil, r.fail(err)
		}
		skip, first = len(r.delim)-2, true
	case stBody:
		if err = r.discard(r.part); err != nil {
			return nil, r.fail(err)
		}
	}
	r.part = nil
	closed, pad, err := r.delimiterLine(skip, first)
	if err != nil {
		return nil, r.fail(err)
	}
	if closed {
		if err := r.epilogue(); err != nil {
			return nil, r.fail(err)
		}
		r.state = stEnd
		r.release()
		return nil, io.EOF
	}
	r.parts++
	if r.parts > r.lim.parts {
		return nil, r.fail(limitErr("MaxParts", r.lim.parts, ""))
	}
	if err := r.readHeaderBlock(pad); err != nil {
		return nil, r.fail(err)
	}
	var p *Part
	if wantHeader {
		p = &Part{}
	} else {
		p = &r.formPart
		*p = Part{}
	}
	p.r = r
	if err := r.parseHeader(p, wantHeader); err != nil {
		return nil, r.fail(err)
	}
	if p.IsFile {
		r.files++
		if r.files > r.lim.files {
			return nil, r.fail(limitErr("MaxFiles", r.lim.files, p.Name))
		}
	}
	r.part = p
	r.state = stBody
	return p, nil
}

// fail records err as the Reader's sticky error and returns it.
func (r *Reader) fail(err error) error {
	if r.err == nil {
		r.err = err
	}
	r.release()
	return r.err
}

// release gives the scan buffer back to the pool.
func (r *Reader) release() {
	if r.bufp != nil {
		bufPool.Put(r.bufp)
		r.bufp, r.buf = nil, nil
		r.r, r.w, r.safe = 0, 0, 0
	}
}

// start validates the boundary and skips the preamble, leaving r.r at the
// first dash-boundary.
func (r *Reader) start() error {
	if !validBoundary(r.boundary) {
		if r.boundary == "" {
			return ErrNoBoundary
		}
		return oneline.Detail(ErrBadBoundary, oneline.Quote(r.boundary))
	}
	r.bufp = bufPool.Get().(*[]byte)
	r.buf = *r.bufp
	return r.skipPreamble()
}

// validBoundary reports whether b can delimit a body: 1 to 70 bytes of
// printable ASCII, not ending in a space (RFC 2046 §5.1.1, read leniently:
// any printable byte is accepted, not only bchars).
func validBoundary(b string) bool {
	if len(b) == 0 || len(b) > 70 || b[len(b)-1] == ' ' {
		return false
	}
	for i := 0; i < len(b); i++ {
		if c := b[i]; c < 0x20 || c > 0x7E {
			return false
		}
	}
	return true
}

// fill reads more of the source into the buffer. It returns an error only
// for the body limit; read errors (io.EOF included) are kept in r.srcErr
// for the caller to act on once the buffered bytes run out.
func (r *Reader) fill() error {
	if r.srcErr != nil {
		return nil
	}
	if r.r == r.w {
		r.r, r.w, r.safe = 0, 0, 0
	} else if r.r > 0 && len(r.buf)-r.w < len(r.buf)/2 {
		r.w = copy(r.buf, r.buf[r.r:r.w])
		r.r, r.safe = 0, 0
	}
	room := len(r.buf) - r.w
	if left := r.lim.body - r.read; left < int64(room) {
		room = int(left) + 1 // one byte more shows the limit was passed
	}
	for range 100 {
		n, err := r.src.Read(r.buf[r.w : r.w+room])
		if n < 0 || n > room {
			r.srcErr = errors.New("multipart: source returned an invalid count")
			return nil
		}
		r.w += n
		r.read += int64(n)
		if r.read > r.lim.body {
			return limitErr("MaxBodyBytes", r.lim.body, "")
		}
		if err != nil {
			r.srcErr = err
			return nil
		}
		if n > 0 {
			return nil
		}
	}
	r.srcErr = io.ErrNoProgress
	return nil
}

// need fills until n bytes are buffered or the source has ended.
func (r *Reader) need(n int) error {
	for r.w-r.r < n && r.srcErr == nil {
		if err := r.fill(); err != nil {
			return err
		}
	}
	return nil
}

// srcEnd returns the error for a source that ran out: ErrTruncated for a
// clean end of input, the source's own error otherwise.
func (r *Reader) srcEnd() error {
	if r.srcErr == io.EOF {
		return ErrTruncated
	}
	return r.srcErr
}

// delimEnd reports whether after, the bytes that follow a dash-boundary
// match, make it a delimiter: "--", white space or a line break, or the
// end of input. more reports that a decision needs more bytes.
func delimEnd(after []byte, eof bool) (ok, more bool) {
	if len(after) == 0 {
		return eof, !eof
	}
	switch after[0] {
	case ' ', '\t', '\r', '\n':
		return true, false
	case '-':
		if len(after) < 2 {
			return eof, !eof
		}
		return after[1] == '-', false
	}
	return false, false
}

// partialTail returns the length of the longest suffix of data that is a
// proper prefix of delim: bytes that may start a delimiter once more input
// arrives. Only the last len(delim)-1 bytes are examined.
func partialTail(data, delim []byte) int {
	i := max(len(data)-len(delim)+1, 0)
	for i < len(data) {
		j := bytes.IndexByte(data[i:], delim[0])
		if j < 0 {
			return 0
		}
		i += j
		if bytes.HasPrefix(delim, data[i:]) {
			return len(data) - i
		}
		i++
	}
	return 0
}

// skipPreamble consumes the bytes before the first dash-boundary.
func (r *Reader) skipPreamble() error {
	dash := r.delim[2:]   // "--boundary"
	lfDash := r.delim[1:] // "\n--boundary"
	if err := r.need(len(dash) + 2); err != nil {
		return err
	}
	if data := r.buf[r.r:r.w]; bytes.HasPrefix(data, dash) {
		if ok, _ := delimEnd(data[len(dash):], r.srcErr != nil); ok {
			return nil
		}
	}
	var skipped int64
	skip := func(n int) error {
		r.r += n
		skipped += int64(n)
		if skipped > r.lim.preamble {
			return limitErr("MaxPreambleBytes", r.lim.preamble, "")
		}
		return nil
	}
	for {
		data := r.buf[r.r:r.w]
		if i := bytes.Index(data, lfDash); i >= 0 {
			ok, more := delimEnd(data[i+len(lfDash):], r.srcErr != nil)
			if more {
				if err := skip(i); err != nil {
					return err
				}
				if err := r.need(len(lfDash) + 2); err != nil {
					return err
				}
				continue
			}
			if err := skip(i + 1); err != nil {
				return err
			}
			if ok {
				return nil
			}
			continue
		}
		if r.srcErr != nil {
			return r.srcEnd()
		}
		if err := skip(len(data) - partialTail(data, lfDash)); err != nil {
			return err
		}
		if err := r.fill(); err != nil {
			return err
		}
	}
}

// delimiterLine consumes a delimiter of skip bytes at r.r and the rest of
// its line. It reports whether it was the close delimiter, and the bytes
// of transport padding, which count against the next part's header.
// After the first delimiter line it fixes the line-break mode.
func (r *Reader) delimiterLine(skip int, first bool) (closed bool, pad int64, err error) {
	r.r += skip
	if err := r.need(2); err != nil {
		return false, 0, err
	}
	if data := r.buf[r.r:r.w]; len(data) >= 2 && data[0] == '-' && data[1] == '-' {
		r.r += 2
		return true, 0, nil
	}
	for {
		data := r.buf[r.r:r.w]
		i := 0
		for i < len(data) && (data[i] == ' ' || data[i] == '\t') {
			i++
		}
		r.r += i
		pad += int64(i)
		if pad > r.lim.hdrBytes {
			return false, 0, limitErr("MaxHeaderBytes", r.lim.hdrBytes, "")
		}
		if i < len(data) {
			break
		}
		if r.srcErr != nil {
			return false, 0, r.srcEnd()
		}
		if err := r.fill(); err != nil {
			return false, 0, err
		}
	}
	if err := r.need(2); err != nil {
		return false, 0, err
	}
	data := r.buf[r.r:r.w]
	lf := false
	switch {
	case len(data) >= 2 && data[0] == '\r' && data[1] == '\n':
		r.r += 2
	case len(data) >= 1 && data[0] == '\n':
		r.r++
		lf = true
	case len(data) == 1 && data[0] == '\r':
		return false, 0, r.srcEnd()
	default:
		return false, 0, ErrBadDelimiter
	}
	if first && lf {
		r.delim = r.delim[1:]
	}
	return false, pad, nil
}

// epilogue reads and discards what follows the close delimiter.
func (r *Reader) epilogue() error {
	var n int64
	for {
		n += int64(r.w - r.r)
		r.r = r.w
		if n > r.lim.epilogue {
			return limitErr("MaxEpilogueBytes", r.lim.epilogue, "")
		}
		if r.srcErr != nil {
			if r.srcErr == io.EOF {
				return nil
			}
			return r.srcErr
		}
		if err := r.fill(); err != nil {
			return err
		}
	}
}

// readHeaderBlock copies a part's header lines, up to and not including
// the empty line that ends them, into r.hdr.
func (r *Reader) readHeaderBlock(pad int64) error {
	r.hdr = r.hdr[:0]
	max := r.lim.hdrBytes - pad
	var lines int64
	for {
		start := len(r.hdr)
		for {
			data := r.buf[r.r:r.w]
			i := bytes.IndexByte(data, '\n')
			n := len(data)
			if i >= 0 {
				n = i + 1
			}
			if int64(len(r.hdr))+int64(n) > max {
				return limitErr("MaxHeaderBytes", r.lim.hdrBytes, "")
			}
			r.hdr = append(r.hdr, data[:n]...)
			r.r += n
			if i >= 0 {
				break
			}
			if r.srcErr != nil {
				return r.srcEnd()
			}
			if err := r.fill(); err != nil {
				return err
			}
		}
		if line := r.hdr[start:]; len(line) == 1 || (len(line) == 2 && line[0] == '\r') {
			r.hdr = r.hdr[:start]
			return nil
		}
		lines++
		if lines > r.lim.hdrLines {
			return limitErr("MaxHeaderLines", r.lim.hdrLines, "")
		}
	}
}

// bodyChunk returns the next run of the current part's body that is in
// the buffer, without consuming it. At the end of the part it returns
// io.EOF, with r.r at the delimiter.
//
// The end of the chunk is remembered, so a caller reading with a small
// buffer does not make the same bytes be scanned again.
func (r *Reader) bodyChunk() ([]byte, error) {
	if r.safe > r.r {
		return r.buf[r.r:r.safe], nil
	}
	for {
		data := r.buf[r.r:r.w]
		if i := bytes.Index(data, r.delim); i >= 0 {
			if i > 0 {
				r.safe = r.r + i
				return data[:i], nil
			}
			ok, more := delimEnd(data[len(r.delim):], r.srcErr != nil)
			if more {
				if err := r.need(len(r.delim) + 2); err != nil {
					return nil, err
				}
				continue
			}
			if ok {
				return nil, io.EOF
			}
			// "--boundary" followed by other bytes is content. No
			// delimiter can start inside it, as a boundary holds no
			// line breaks.
			r.safe = r.r + len(r.delim)
			return data[:len(r.delim)], nil
		}
		if r.srcErr != nil {
			return nil, r.srcEnd()
		}
		if safe := len(data) - partialTail(data, r.delim); safe > 0 {
			r.safe = r.r + safe
			return data[:safe], nil
		}
		if err := r.fill(); err != nil {
			return nil, err
		}
	}
}

// check reports the limit that n more body bytes of p would pass.
func (r *Reader) check(p *Part, n int) error {
	if p.IsFile {
		if p.n+int64(n) > r.lim.file {
			return limitErr("MaxFileBytes", r.lim.file, p.Name)
		}
	} else if r.values+int64(n) > r.lim.value {
		return limitErr("MaxValueBytes", r.lim.value, p.Name)
	}
	return nil
}

// advance consumes n body bytes of p.
func (r *Reader) advance(p *Part, n int) {
	r.r += n
	p.n += int64(n)
	if !p.IsFile {
		r.values += int64(n)
	}
}

// discard consumes the rest of p's body.
func (r *Reader) discard(p *Part) error {
	if p == nil || p.done {
		return nil
	}
	for {
		chunk, err := r.bodyChunk()
		if err == io.EOF {
			p.done = true
			return nil
		}
		if err != nil {
			return err
		}
		if err := r.check(p, len(chunk)); err != nil {
			return err
		}
		r.advance(p, len(chunk))
	}
}

// A Part is one part of a multipart/form-data body. It reads the part's
// body, which ends at the next delimiter.
//
// The header is read under RFC 7578: Content-Disposition must be present
// once, of type form-data, with a non-empty name; Content-Type may be
// present at most once. Other header fields may repeat; Header keeps all
// their values in order, so Header.Get gives the first. The name and
// filename parameters are unquoted as browsers quote them: only \" and \\
// are escapes, any other backslash is kept (IE sends "C:\a\b.doc"
// unescaped). Content-Transfer-Encoding, which RFC 7578 §4.7 deprecates,
// is ignored: the body is delivered as sent.
type Part struct {
	// Name is the form field name (the name parameter).
	Name string
	// Filename is the base name of the filename parameter: everything
	// after its last "/" or "\", so a browser's full Windows path gives
	// just the file name, and "." or ".." give "". filename* is ignored,
	// as RFC 7578 §4.2 requires.
	Filename string
	// IsFile reports whether Content-Disposition has a filename parameter
	// (even an empty one, as browsers send for an empty file input).
	IsFile bool
	// ContentType is the Content-Type field value as sent (trimmed), or
	// "" when absent.
	ContentType string
	// Header holds every header field of the part. ReadForm fills it only
	// for files.
	Header textproto.MIMEHeader
	// Disposition is the parsed Content-Disposition, every parameter as
	// sent.
	Disposition headers.ContentDisposition

	r    *Reader
	n    int64
	done bool
}

// Read reads the part's body. It returns io.EOF at the end of the part,
// and after NextPart has moved past it. A limit or malformed-body error is
// also the Reader's.
func (p *Part) Read(b []byte) (int, error) {
	r := p.r
	if r.part != p || p.done {
		return 0, io.EOF
	}
	if r.err != nil {
		return 0, r.err
	}
	if len(b) == 0 {
		return 0, nil
	}
	chunk, err := r.bodyChunk()
	if err == io.EOF {
		p.done = true
		return 0, io.EOF
	}
	if err != nil {
		return 0, r.fail(err)
	}
	n := min(len(chunk), len(b))
	if err := r.check(p, n); err != nil {
		return 0, r.fail(err)
	}
	copy(b, chunk[:n])
	r.advance(p, n)
	return n, nil
}

// WriteTo writes the rest of the part's body to w straight from the
// Reader's buffer, in chunks of up to 64 KiB. io.Copy uses it.
func (p *Part) WriteTo(w io.Writer) (int64, error) {
	r := p.r
	var total int64
	for {
		if r.part != p || p.done {
			return total, nil
		}
		if r.err != nil {
			return total, r.err
		}
		chunk, err := r.bodyChunk()
		if err == io.EOF {
			p.done = true
			return total, nil
		}
		if err != nil {
			return total, r.fail(err)
		}
		if err := r.check(p, len(chunk)); err != nil {
			return total, r.fail(err)
		}
		n, werr := w.Write(chunk)
		if n < 0 || n > len(chunk) {
			n = 0
			if werr == nil {
				werr = errors.New("multipart: writer returned an invalid count")
			}
		}
		r.advance(p, n)
		total += int64(n)
		if werr != nil {
			return total, werr
		}
		if n < len(chunk) {
			return total, io.ErrShortWrite
		}
	}
}

// Close discards the rest of the part's body. It returns the Reader's
// error if reading the rest failed.
func (p *Part) Close() error {
	r := p.r
	if r.part != p || p.done {
		return nil
	}
	if r.err != nil {
		return r.err
	}
	if err := r.discard(p); err != nil {
		return r.fail(err)
	}
	return nil
}

// Charset returns the charset parameter of the part's Content-Type,
// lower-cased, or "" when there is none or the field does not parse.
func (p *Part) Charset() string {
	if p.ContentType == "" {
		return ""
	}
	mt, err := headers.ParseMediaType(p.ContentType)
	if err != nil {
		return ""
	}
	return mt.Charset()
}
