package middleware

import (
	"bufio"
	"encoding/binary"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/gzip"
	"github.com/klauspost/compress/zstd"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/negotiate"
)

// CompressOptions configures Compress. The zero value (and a nil pointer)
// means the documented defaults.
type CompressOptions struct {
	// Encodings lists the content codings offered, most preferred first:
	// among the codings a client weights equally, the earlier one wins.
	// The known codings are "zstd", "br" and "gzip"; nil means
	// {"zstd", "br", "gzip"}. Compress panics on an unknown or repeated
	// name, as it is a programming error.
	Encodings []string

	// GzipLevel is the gzip level, 1 (fastest) to 9 (smallest); 0 means
	// gzip.DefaultCompression of github.com/klauspost/compress/gzip.
	GzipLevel int
	// ZstdLevel is a zstd level as the zstd command numbers them (1 to
	// 22, mapped onto the four speeds of github.com/klauspost/compress/zstd);
	// 0 means the default speed (zstd level 3).
	ZstdLevel int
	// BrotliLevel is the brotli quality, 1 to 11; 0 means 4, a level
	// suited to responses compressed on the fly.
	BrotliLevel int

	// MinSize is the body size from which a response is compressed: a
	// response that ends with fewer bytes is sent as is, since compressing
	// it saves little or nothing. 0 means 1024; a negative value
	// compresses every response. A Flush before MinSize bytes counts as
	// reaching it, so streamed responses (SSE) are compressed from the
	// start.
	MinSize int

	// Compressible reports whether a response with this Content-Type
	// value may be compressed; nil means DefaultCompressible. A missing
	// Content-Type is first sniffed from the body as net/http does, and
	// the result is both sent and passed here.
	Compressible func(contentType string) bool

	// RandomPadding, when positive, adds between 1 and RandomPadding
	// bytes of padding to each compressed response, chosen at random, as
	// a mitigation of BREACH-style attacks that guess secrets from the
	// compressed length. The padding goes into the gzip header's comment
	// field or into a zstd skippable frame, so decoders ignore it.
	// Brotli has no such place that a streaming encoder can fill, so
	// with padding on "br" is not offered. 0 (the default) costs nothing.
	RandomPadding int

	// SendIdentity, when true, sends a response unencoded when the
	// client refuses the identity coding ("identity;q=0" or "*;q=0")
	// and accepts none of Encodings, as most servers do. By default
	// such a request gets 406 Not Acceptable (RFC 9110 §12.5.3), without
	// calling the handler.
	SendIdentity bool
}

// DefaultCompressible is the default CompressOptions.Compressible: it
// refuses media that are compressed already — images (except SVG),
// audio, video, common archive and compressed formats (zip, gzip, bzip2,
// xz, 7z, rar, zstd, brotli) and the WOFF fonts — and accepts anything
// else, including an empty type. Wrap it to refuse or allow more.
func DefaultCompressible(contentType string) bool {
	mt := contentType
	if i := strings.IndexByte(mt, ';'); i >= 0 {
		mt = mt[:i]
	}
	mt = headers.TrimOWS(mt)
	typ, sub, ok := strings.Cut(mt, "/")
	if !ok {
		return true
	}
	switch {
	case headers.EqualFold(typ, "image"):
		return headers.EqualFold(sub, "svg+xml")
	case headers.EqualFold(typ, "audio"), headers.EqualFold(typ, "video"):
		return false
	case headers.EqualFold(typ, "font"):
		return !headers.EqualFold(sub, "woff") && !headers.EqualFold(sub, "woff2")
	case headers.EqualFold(typ, "application"):
		for _, s := range compressedApplication {
			if headers.EqualFold(sub, s) {
				return false
			}
		}
	}
	return true
}

// compressedApplication lists application/* subtypes that are compressed
// formats already.
var compressedApplication = [...]string{
	"zip", "gzip", "x-gzip", "x-bzip", "x-bzip2", "x-xz", "x-7z-compressed",
	"x-rar-compressed", "vnd.rar", "zstd", "x-brotli", "x-compress",
	"x-lzip", "x-lzma", "font-woff", "x-font-woff",
}

// encoder is what the three codings' writers have in common.
type encoder interface {
	io.Writer
	Flush() error
	Close() error
	Reset(w io.Writer)
}

// codec is one offered content coding with its pool of encoders.
type codec struct {
	name   string
	suffix string // "-" + name, the ETag suffix
	pool   *sync.Pool
}

// encoderPools holds one pool per coding and level, shared by every
// Compress of the process, so that wrapping many handlers does not
// multiply the idle encoders.
var encoderPools struct {
	sync.Mutex
	m map[poolKey]*sync.Pool
}

type poolKey struct {
	name  string
	level int
}

// encoderPool returns the pool of encoders for name at level, made with
// newEnc.
func encoderPool(name string, level int, newEnc func() any) *sync.Pool {
	encoderPools.Lock()
	defer encoderPools.Unlock()
	k := poolKey{name, level}
	if p := encoderPools.m[k]; p != nil {
		return p
	}
	if encoderPools.m == nil {
		encoderPools.m = make(map[poolKey]*sync.Pool)
	}
	p := &sync.Pool{New: newEnc}
	encoderPools.m[k] = p
	return p
}

// compressor is one configured Compress.
type compressor struct {
	codecs       []*codec
	minSize      int
	compressible func(string) bool
	padding      int
	pad          string // padding source, len == padding
	sendIdentity bool
}

// compressWriters pools the writers handlers see, for every Compress.
var compressWriters sync.Pool

// Compress returns middleware that compresses responses with zstd
// (RFC 8878, RFC 9659), brotli (RFC 7932) or gzip (RFC 1952), chosen
// from the request's Accept-Encoding (RFC 9110 §12.5.3) with q-values,
// "*", "gzip;q=0" and the identity rules applied; among equally weighted
// codings CompressOptions.Encodings decides (zstd, then br, then gzip by
// default); x-gzip counts as gzip. A missing or malformed Accept-Encoding
// gets an unencoded response, and so does a request that names identity
// with a weight above every coding's. When identity is refused and no
// coding is acceptable, the answer is 406 (see SendIdentity).
//
// Every final response carries Vary: Accept-Encoding (RFC 9110 §12.5.5),
// also a 304 and one sent unencoded, unless the response forbids
// transformation. It never compresses a HEAD request, a 1xx, 204 or 304
// response, one that has a Content-Encoding already, a 206 or any
// response with Content-Range, or one where the request or the response
// has Cache-Control: no-transform (RFC 9111 §5.2), nor an empty body.
// When it compresses it drops Content-Length and Accept-Ranges and
// appends "-" and the coding to a strong ETag inside the quotes (`"abc"`
// becomes `"abc-gzip"`), and removes that suffix from the request's
// If-None-Match and If-Match before the handler sees them, so conditional
// requests still match — a 304 then carries the suffixed tag again.
// (gzhttp suffixes ETags but does not strip the suffix, so its
// conditional requests never match.)
//
// A response shorter than MinSize bytes is sent unencoded unless the
// handler flushes it first; media that are compressed already are sent
// unencoded (see DefaultCompressible), after sniffing a missing
// Content-Type as net/http does. Flush, Hijack, io.ReaderFrom and
// http.ResponseController keep working: a flush pushes out what the
// encoder holds, and ReadFrom of an unencoded response reaches the
// underlying writer's ReadFrom, so net/http still uses sendfile.
//
// Encoders are pooled per coding and level, across every Compress of
// the process, and so are the writers handlers see: as net/http requires,
// a handler must not use its ResponseWriter after it returns. Compress
// panics when opts names an unknown coding or an invalid level.
func Compress(opts *CompressOptions) func(http.Handler) http.Handler {
	c := newCompressor(opts)
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c.serve(next, w, r)
		})
	}
}

var defaultEncodings = []string{"zstd", "br", "gzip"}

func newCompressor(opts *CompressOptions) *compressor {
	var o CompressOptions
	if opts != nil {
		o = *opts
	}
	c := &compressor{
		minSize:      o.MinSize,
		compressible: o.Compressible,
		padding:      o.RandomPadding,
		sendIdentity: o.SendIdentity,
	}
	if c.minSize == 0 {
		c.minSize = 1024
	} else if c.minSize < 0 {
		c.minSize = 0
	}
	if c.compressible == nil {
		c.compressible = DefaultCompressible
	}
	if c.padding > 0 {
		c.pad = strings.Repeat("*", c.padding)
	} else {
		c.padding = 0
	}
	encs := o.Encodings
	if encs == nil {
		encs = defaultEncodings
	}
	for i, name := range encs {
		for _, prev := range encs[:i] {
			if prev == name {
				panic("middleware: Compress: coding listed twice: " + strconv.Quote(name))
			}
		}
		cd := &codec{name: name, suffix: "-" + name}
		switch name {
		case "gzip":
			level := o.GzipLevel
			if level == 0 {
				level = gzip.DefaultCompression
			}
			if _, err := gzip.NewWriterLevel(nil, level); err != nil {
				panic("middleware: Compress: invalid gzip level: " + strconv.Itoa(level))
			}
			cd.pool = encoderPool(name, level, func() any {
				zw, _ := gzip.NewWriterLevel(nil, level)
				return zw
			})
		case "zstd":
			level := zstd.SpeedDefault
			if o.ZstdLevel != 0 {
				level = zstd.EncoderLevelFromZstd(o.ZstdLevel)
			}
			cd.pool = encoderPool(name, int(level), func() any {
				// RFC 9659 §3: a window of at most 8 MiB, which decoders
				// in browsers insist on.
				zw, _ := zstd.NewWriter(nil, zstd.WithEncoderLevel(level),
					zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(1<<22),
					zstd.WithZeroFrames(true), zstd.WithLowerEncoderMem(true))
				return zw
			})
		case "br":
			level := o.BrotliLevel
			if level == 0 {
				level = 4
			}
			if level < brotli.BestSpeed || level > brotli.BestCompression {
				panic("middleware: Compress: invalid brotli level: " + strconv.Itoa(level))
			}
			if c.padding > 0 {
				continue // no room for padding in a brotli stream
			}
			if level < 2 {
				// Qualities 0 and 1 compress each Write on its own, so
				// small writes would barely shrink: gather them first.
				cd.pool = encoderPool(name, level, func() any { return newBufferedEncoder(brotli.NewWriterLevel(nil, level)) })
				break
			}
			cd.pool = encoderPool(name, level, func() any { return brotli.NewWriterLevel(nil, level) })
		default:
			panic("middleware: Compress: unknown coding: " + strconv.Quote(name))
		}
		c.codecs = append(c.codecs, cd)
	}
	return c
}

// bufferedEncoder gathers small writes before they reach its encoder.
type bufferedEncoder struct {
	bw  *bufio.Writer
	enc encoder
}

func newBufferedEncoder(enc encoder) *bufferedEncoder {
	return &bufferedEncoder{bw: bufio.NewWriterSize(enc, 64<<10), enc: enc}
}

func (b *bufferedEncoder) Write(p []byte) (int, error) { return b.bw.Write(p) }

func (b *bufferedEncoder) Flush() error {
	if err := b.bw.Flush(); err != nil {
		return err
	}
	return b.enc.Flush()
}

func (b *bufferedEncoder) Close() error {
	if err := b.bw.Flush(); err != nil {
		return err
	}
	return b.enc.Close()
}

func (b *bufferedEncoder) Reset(w io.Writer) {
	b.enc.Reset(w)
	b.bw.Reset(b.enc)
}

// choose returns the coding to use, or nil, and whether the identity
// coding is acceptable. A missing or invalid header accepts identity only.
func (c *compressor) choose(ae negotiate.AcceptEncoding, lines []string) (*codec, bool) {
	if ae.State() != negotiate.Valid {
		return nil, true
	}
	var best *codec
	bq := 0.0
	for _, cd := range c.codecs {
		q := ae.Quality(cd.name)
		if cd.name == "gzip" && q < 1 && namesToken(lines, "x-gzip") && !namesToken(lines, "gzip") {
			// RFC 9110 §8.4.1.3: x-gzip is gzip.
			q = ae.Quality("x-gzip")
		}
		if q > bq {
			best, bq = cd, q
		}
	}
	qi := ae.Quality("identity")
	if best != nil && qi > bq && namesToken(lines, "identity") {
		return nil, true // the client prefers no coding
	}
	return best, qi > 0
}

// namesToken reports whether the Accept-Encoding lines name coding tok
// (not through "*"). Only a named identity weighted above the best coding
// means the client prefers an unencoded response: an unnamed one is
// merely acceptable.
func namesToken(lines []string, tok string) bool {
	for el := range headers.List(lines) {
		t, _ := headers.ConsumeToken(el)
		if headers.EqualFold(t, tok) {
			return true
		}
	}
	return false
}

const notAcceptableBody = "406 Not Acceptable: middleware: Compress: Accept-Encoding refuses identity and accepts no coding offered\n"

func (c *compressor) serve(next http.Handler, w http.ResponseWriter, r *http.Request) {
	lines := r.Header["Accept-Encoding"]
	ae, _ := negotiate.ParseAcceptEncoding(lines)
	cd, identity := c.choose(ae, lines)
	if cd == nil && !identity && !c.sendIdentity {
		h := w.Header()
		addVaryAcceptEncoding(h)
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("X-Content-Type-Options", "nosniff")
		w.WriteHeader(http.StatusNotAcceptable)
		_, _ = io.WriteString(w, notAcceptableBody)
		return
	}
	if cd != nil && (r.Method == http.MethodHead || hasNoTransform(r.Header)) {
		cd = nil
	}
	cw, _ := compressWriters.Get().(*compressWriter)
	if cw == nil {
		cw = new(compressWriter)
	}
	cw.reset(w, c, cd, !identity)
	if cd != nil {
		r = cw.stripETagSuffix(r)
	}
	next.ServeHTTP(cw, r)
	cw.close()
	cw.reset(nil, nil, nil, false)
	compressWriters.Put(cw)
}

// hasNoTransform reports whether h has Cache-Control: no-transform.
func hasNoTransform(h http.Header) bool {
	cc := h["Cache-Control"]
	return len(cc) > 0 && headers.TokenListContains(cc, "no-transform")
}

// addVaryAcceptEncoding adds Accept-Encoding to Vary unless it is there (or "*" is).
// A new slice is made for each response: the header map outlives the
// pooled writer (a recorder, an outer middleware reading it), and a handler
// may change the values it finds there, so no slice is shared.
func addVaryAcceptEncoding(h http.Header) {
	v := h["Vary"]
	if len(v) == 0 {
		h["Vary"] = []string{"Accept-Encoding"}
		return
	}
	if headers.TokenListContains(v, "Accept-Encoding") || headers.TokenListContains(v, "*") {
		return
	}
	h["Vary"] = append(v[:len(v):len(v)], "Accept-Encoding")
}

// The states of a compressWriter.
const (
	statePending  = iota // deciding: body bytes are buffered
	stateIdentity        // sending unencoded
	stateEncoding        // sending through enc
	stateHijacked        // the connection was hijacked
)

// compressWriter is the http.ResponseWriter a compressed handler sees.
type compressWriter struct {
	w          http.ResponseWriter
	c          *compressor
	cd         *codec // the coding chosen; nil when none may be used
	mustEncode bool   // identity is refused: encode whatever the size or type
	strippedIM bool   // If-None-Match carried cd's ETag suffix
	state      uint8
	code       int // the final status once known, 0 before
	buf        []byte
	enc        encoder
}

func (cw *compressWriter) reset(w http.ResponseWriter, c *compressor, cd *codec, mustEncode bool) {
	buf := cw.buf[:0]
	if cap(buf) > 64<<10 {
		buf = nil
	}
	*cw = compressWriter{w: w, c: c, cd: cd, mustEncode: mustEncode, buf: buf}
}

// stripETagSuffix returns r with cd's ETag suffix removed from the entity
// tags of If-None-Match and If-Match, on a shallow copy with a cloned
// header when there is one to remove.
func (cw *compressWriter) stripETagSuffix(r *http.Request) *http.Request {
	inm, ok1 := stripSuffixes(r.Header["If-None-Match"], cw.cd.suffix)
	im, ok2 := stripSuffixes(r.Header["If-Match"], cw.cd.suffix)
	if !ok1 && !ok2 {
		return r
	}
	r2 := new(http.Request)
	*r2 = *r
	r2.Header = r.Header.Clone()
	if ok1 {
		r2.Header["If-None-Match"] = []string{inm}
		cw.strippedIM = true
	}
	if ok2 {
		r2.Header["If-Match"] = []string{im}
	}
	return r2
}

// stripSuffixes returns the entity-tag list lines with suffix removed
// from the end of every opaque tag that has it, and true, or false when
// no tag has it or the list is malformed (it is then left to the handler
// as it came).
func stripSuffixes(lines []string, suffix string) (string, bool) {
	if len(lines) == 0 {
		return "", false
	}
	tags, err := headers.ParseETags(lines)
	if err != nil || tags.Any() {
		return "", false
	}
	found := false
	for e := range tags.All() {
		if len(e.Tag) > len(suffix) && strings.HasSuffix(e.Tag, suffix) {
			found = true
			break
		}
	}
	if !found {
		return "", false
	}
	var b []byte
	for e := range tags.All() {
		if len(e.Tag) > len(suffix) && strings.HasSuffix(e.Tag, suffix) {
			e.Tag = e.Tag[:len(e.Tag)-len(suffix)]
		}
		if len(b) > 0 {
			b = append(b, ", "...)
		}
		b, _ = e.AppendFormat(b)
	}
	return string(b), true
}

// suffixETag appends suffix inside the quotes of a strong ETag.
func suffixETag(h http.Header, suffix string) {
	v := h["Etag"]
	if len(v) != 1 {
		return
	}
	e, err := headers.ParseETag(v[0])
	if err != nil || e.Weak || strings.HasSuffix(e.Tag, suffix) {
		return
	}
	h["Etag"] = []string{`"` + e.Tag + suffix + `"`}
}

// Header returns the header map of the underlying writer.
func (cw *compressWriter) Header() http.Header { return cw.w.Header() }

// WriteHeader records the status. Informational (1xx) codes pass
// through. For a final code the choice between encoding and not is made
// here when the status and header settle it, else when the body has
// MinSize bytes, is flushed or ends.
func (cw *compressWriter) WriteHeader(code int) {
	if cw.state != statePending || code < 200 {
		cw.w.WriteHeader(code)
		return
	}
	if cw.code != 0 {
		return // a superfluous call before anything was sent
	}
	cw.code = code
	cw.decideEarly()
}

// decideEarly starts the response when its status and header decide
// whether to encode, and leaves it pending otherwise.
func (cw *compressWriter) decideEarly() {
	h := cw.w.Header()
	if cw.cd == nil || cw.code == http.StatusNoContent || cw.code == http.StatusNotModified ||
		cw.code == http.StatusPartialContent || len(h["Content-Range"]) > 0 ||
		len(h["Content-Encoding"]) > 0 || hasNoTransform(h) {
		cw.startIdentity()
		return
	}
	if cw.mustEncode {
		cw.startEncoding()
		return
	}
	ct, hasType := h["Content-Type"]
	if hasType && len(ct) > 0 && !cw.c.compressible(ct[0]) {
		cw.startIdentity()
		return
	}
	if cl := h["Content-Length"]; len(cl) > 0 {
		if n, err := headers.ParseContentLength(cl); err == nil {
			if n < int64(cw.c.minSize) {
				cw.startIdentity()
			} else if hasType {
				cw.startEncoding()
			}
		}
	}
}

// decide starts a pending response once body bytes p are known: reached
// reports that MinSize was reached or a flush asked for the bytes.
func (cw *compressWriter) decide(p []byte, reached bool) {
	h := cw.w.Header()
	ct, hasType := h["Content-Type"]
	if !hasType && len(p) > 0 {
		// Sniff as net/http would, so that the type is known to
		// Compressible and is not sniffed from the encoded bytes.
		ct = []string{http.DetectContentType(p)}
		h["Content-Type"] = ct
		hasType = true
	}
	switch {
	case cw.mustEncode:
		cw.startEncoding()
	case !reached && len(p) < cw.c.minSize:
		cw.startIdentity()
	case !hasType:
		// Flushed with no body and no type: the type would be sniffed
		// from the encoded bytes, so send this one unencoded.
		cw.startIdentity()
	case len(ct) > 0 && !cw.c.compressible(ct[0]):
		cw.startIdentity()
	default:
		cw.startEncoding()
	}
}

func (cw *compressWriter) status() int {
	if cw.code == 0 {
		cw.code = http.StatusOK
	}
	return cw.code
}

// need returns how many body bytes a pending response gathers before
// deciding: MinSize, and at least the 512 bytes net/http sniffs when
// there is no Content-Type.
func (cw *compressWriter) need() int {
	if cw.c.minSize < sniffLen {
		if _, ok := cw.w.Header()["Content-Type"]; !ok {
			return sniffLen
		}
	}
	return cw.c.minSize
}

// sniffLen is how many bytes http.DetectContentType considers.
const sniffLen = 512

// implicitHeader is WriteHeader(200) when no final status was given, so
// that a flush, a write or the end of the handler go through the same
// early decisions as an explicit 200.
func (cw *compressWriter) implicitHeader() {
	if cw.state == statePending && cw.code == 0 {
		cw.WriteHeader(http.StatusOK)
	}
}

// startIdentity sends the header for an unencoded response.
func (cw *compressWriter) startIdentity() {
	h := cw.w.Header()
	if !hasNoTransform(h) {
		addVaryAcceptEncoding(h)
	}
	code := cw.status()
	if code == http.StatusNotModified && cw.strippedIM {
		suffixETag(h, cw.cd.suffix)
	}
	cw.state = stateIdentity
	cw.w.WriteHeader(code)
}

// startEncoding sends the header for an encoded response and readies the
// encoder.
func (cw *compressWriter) startEncoding() {
	if cw.cd == nil {
		cw.startIdentity() // no coding may be used (HEAD, no-transform, none acceptable)
		return
	}
	h := cw.w.Header()
	addVaryAcceptEncoding(h)
	delete(h, "Content-Length")
	delete(h, "Accept-Ranges")
	h["Content-Encoding"] = []string{cw.cd.name} // not shared: see addVaryAcceptEncoding
	suffixETag(h, cw.cd.suffix)
	cw.state = stateEncoding
	cw.w.WriteHeader(cw.status())

	enc := cw.cd.pool.Get().(encoder)
	enc.Reset(cw.w)
	if n := cw.c.padding; n > 0 {
		n = 1 + rand.IntN(n)
		switch e := enc.(type) {
		case *gzip.Writer:
			e.Comment = cw.c.pad[:n]
		case *zstd.Encoder:
			// A skippable frame (RFC 8878 §3.1.2) before the data.
			var hdr [8]byte
			binary.LittleEndian.PutUint32(hdr[:4], 0x184D2A50)
			binary.LittleEndian.PutUint32(hdr[4:], uint32(n))
			_, _ = cw.w.Write(hdr[:])
			_, _ = io.WriteString(cw.w, cw.c.pad[:n])
		}
	}
	cw.enc = enc
}

// flushBuffer writes what was buffered while pending.
func (cw *compressWriter) flushBuffer() error {
	if len(cw.buf) == 0 {
		return nil
	}
	var err error
	if cw.state == stateEncoding {
		_, err = cw.enc.Write(cw.buf)
	} else {
		_, err = cw.w.Write(cw.buf)
	}
	cw.buf = cw.buf[:0]
	return err
}

// Write sends body bytes, sending a 200 header first when none was sent.
func (cw *compressWriter) Write(p []byte) (int, error) {
	switch cw.state {
	case stateIdentity:
		return cw.w.Write(p)
	case stateEncoding:
		return cw.enc.Write(p)
	case stateHijacked:
		return 0, http.ErrHijacked
	}
	if cw.code == 0 {
		cw.implicitHeader()
		if cw.state != statePending {
			return cw.Write(p)
		}
	}
	if len(p) == 0 {
		return 0, nil
	}
	need := cw.need()
	if len(cw.buf) == 0 && len(p) >= need {
		cw.decide(p, true)
		return cw.Write(p)
	}
	cw.buf = append(cw.buf, p...)
	if len(cw.buf) >= need {
		cw.decide(cw.buf, true)
		if err := cw.flushBuffer(); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// WriteString is Write for a string.
func (cw *compressWriter) WriteString(s string) (int, error) {
	cw.implicitHeader()
	switch cw.state {
	case stateIdentity:
		return io.WriteString(cw.w, s)
	case statePending:
		if len(cw.buf)+len(s) < cw.need() {
			cw.buf = append(cw.buf, s...)
			return len(s), nil
		}
	}
	return cw.Write([]byte(s))
}

// ReadFrom copies src to the response: through the encoder when
// encoding, else through the underlying writer's ReadFrom (net/http's
// uses sendfile for files).
func (cw *compressWriter) ReadFrom(src io.Reader) (int64, error) {
	var pre int64
	cw.implicitHeader()
	if cw.state == statePending {
		// Read up to MinSize bytes to decide on.
		want := max(cw.c.minSize, sniffLen)
		if cap(cw.buf) < want {
			cw.buf = append(make([]byte, 0, want), cw.buf...)
		}
		eof := false
		for len(cw.buf) < want {
			n, err := src.Read(cw.buf[len(cw.buf):want])
			cw.buf = cw.buf[:len(cw.buf)+n]
			pre += int64(n)
			if err == io.EOF {
				eof = true
				break
			}
			if err != nil {
				return pre, err
			}
		}
		cw.decide(cw.buf, !eof)
		if err := cw.flushBuffer(); err != nil || eof {
			return pre, err
		}
	}
	var n int64
	var err error
	switch cw.state {
	case stateEncoding:
		if rf, ok := cw.enc.(io.ReaderFrom); ok {
			n, err = rf.ReadFrom(src)
		} else {
			n, err = io.Copy(writerOnly{cw.enc}, src)
		}
	case stateIdentity:
		if rf, ok := cw.w.(io.ReaderFrom); ok {
			n, err = rf.ReadFrom(src)
		} else {
			n, err = io.Copy(writerOnly{cw.w}, src)
		}
	default:
		err = http.ErrHijacked
	}
	return pre + n, err
}

// Flush sends what is buffered, and what the encoder holds, to the
// client.
func (cw *compressWriter) Flush() { _ = cw.FlushError() }

// FlushError is Flush that reports the error of the encoder or of the
// underlying writer (http.ErrNotSupported when it cannot flush). A flush
// counts as reaching MinSize.
func (cw *compressWriter) FlushError() error {
	switch cw.state {
	case statePending:
		cw.implicitHeader()
		if cw.state == statePending {
			cw.decide(cw.buf, true)
		}
		if err := cw.flushBuffer(); err != nil {
			return err
		}
	case stateHijacked:
		return http.ErrHijacked
	}
	if cw.state == stateEncoding {
		if err := cw.enc.Flush(); err != nil {
			return err
		}
	}
	return http.NewResponseController(cw.w).Flush()
}

// Hijack hands the connection over, as the underlying writer does.
func (cw *compressWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, rw, err := http.NewResponseController(cw.w).Hijack()
	if err == nil {
		cw.state = stateHijacked
	}
	return c, rw, err
}

// Unwrap returns the underlying writer, for http.ResponseController.
func (cw *compressWriter) Unwrap() http.ResponseWriter { return cw.w }

// close ends the response once the handler returned.
func (cw *compressWriter) close() {
	switch cw.state {
	case statePending:
		cw.implicitHeader()
		if cw.state == statePending {
			if len(cw.buf) == 0 && !cw.mustEncode {
				// An empty body stays empty: encoding it only adds bytes.
				cw.startIdentity()
				return
			}
			cw.decide(cw.buf, false)
		}
		_ = cw.flushBuffer()
		if cw.state == stateEncoding {
			cw.closeEncoder()
		}
	case stateEncoding:
		cw.closeEncoder()
	}
}

func (cw *compressWriter) closeEncoder() {
	_ = cw.enc.Close()
	cw.enc.Reset(nil)
	cw.cd.pool.Put(cw.enc)
	cw.enc = nil
}
