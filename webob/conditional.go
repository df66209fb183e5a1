package webob

import (
	"errors"
	"net/http"
	"time"

	"github.com/webob-go/webob/headers"
)

// Validators are the validators of a selected representation that
// conditional requests are evaluated against (RFC 9110 §8.8).
type Validators struct {
	// ETag is the entity tag; HasETag reports whether there is one.
	ETag    headers.ETag
	HasETag bool
	// LastModified is the modification date; the zero time means none.
	LastModified time.Time
}

// Validators returns the response's validators, read from its ETag and
// Last-Modified header fields (values that do not parse count as absent).
func (r *Response) Validators() Validators {
	var v Validators
	if r.header == nil {
		return v
	}
	if s := r.get("Etag"); s != "" {
		if e, err := headers.ParseETag(s); err == nil {
			v.ETag, v.HasETag = e, true
		}
	}
	if s := r.get("Last-Modified"); s != "" {
		if t, err := headers.ParseHTTPDate(s); err == nil {
			v.LastModified = t
		}
	}
	return v
}

// hasValidator reports whether the response carries an ETag or a
// Last-Modified field, without parsing them.
func (r *Response) hasValidator() bool {
	if r.header == nil {
		return false
	}
	_, e := r.header["Etag"]
	_, l := r.header["Last-Modified"]
	return e || l
}

// Outcome of evaluating preconditions.
const (
	condProceed     = 0
	condNotModified = http.StatusNotModified
	condFailed      = http.StatusPreconditionFailed
)

// CheckPreconditions evaluates the request's preconditions (If-Match,
// If-Unmodified-Since, If-None-Match, If-Modified-Since) against the
// validators of the current representation, in the order of RFC 9110
// §13.2.2. It returns nil when the request may proceed, NotModified() for
// a GET or HEAD whose cached copy is current, and PreconditionFailed()
// otherwise.
//
// The adapters evaluate preconditions automatically on every 2xx response
// that carries an ETag or Last-Modified. A handler of a state-changing
// method (PUT, PATCH, DELETE, POST) calls CheckPreconditions itself with
// the validators of the state it is about to change, before changing it:
// after the change it is too late to refuse.
func CheckPreconditions(req *Request, v Validators) error {
	switch evalPreconditions(req, v) {
	case condNotModified:
		return NotModified()
	case condFailed:
		return PreconditionFailed()
	}
	return nil
}

// evalPreconditions implements RFC 9110 §13.2.2 steps 1 to 4.
func evalPreconditions(req *Request, v Validators) int {
	method := req.Method()
	switch method {
	case http.MethodConnect, http.MethodOptions, http.MethodTrace:
		return condProceed // §13.2.1: no conditional semantics
	}
	safe := method == http.MethodGet || method == http.MethodHead
	lm := v.LastModified.Truncate(time.Second)

	// 1. If-Match: a false condition (or a list that does not parse) fails.
	im, err := req.ParseIfMatch()
	if err != nil {
		return condFailed
	}
	if im.Present() {
		if !im.Any() && !(v.HasETag && im.MatchesStrong(v.ETag)) {
			return condFailed
		}
	} else if ius, err := req.ParseIfUnmodifiedSince(); err == nil && !ius.IsZero() && !lm.IsZero() {
		// 2. If-Unmodified-Since, only without If-Match; an invalid date is
		// ignored, and so is the field when there is no Last-Modified.
		if lm.After(ius) {
			return condFailed
		}
	}

	// 3. If-None-Match: a match means "not modified" for GET and HEAD and a
	// failure for other methods. A list that does not parse is ignored.
	inm, err := req.ParseIfNoneMatch()
	if err == nil && inm.Present() {
		if inm.Any() || (v.HasETag && inm.MatchesWeak(v.ETag)) {
			if safe {
				return condNotModified
			}
			return condFailed
		}
		return condProceed
	}

	// 4. If-Modified-Since, only without If-None-Match, for GET and HEAD.
	if safe && !lm.IsZero() {
		if ims, err := req.ParseIfModifiedSince(); err == nil && !ims.IsZero() && !lm.After(ims) {
			return condNotModified
		}
	}
	return condProceed
}

// notModifiedHeaders are the fields a 304 keeps (RFC 9110 §15.4.5):
// those a 200 would carry among Content-Location, Date, ETag and Vary,
// plus Cache-Control and Expires. Last-Modified is kept only when there
// is no ETag, to guide caches (the same section).
var notModifiedHeaders = [...]string{"Cache-Control", "Content-Location", "Date", "Etag", "Expires", "Vary"}

// notModified returns the 304 answer for r: no body, and only the header
// fields RFC 9110 §15.4.5 lists. r is not changed.
func (r *Response) notModified() *Response {
	old := r.header
	nm := &Response{StatusCode: http.StatusNotModified, header: make(http.Header, len(notModifiedHeaders))}
	for _, k := range notModifiedHeaders {
		if v, ok := old[k]; ok {
			nm.header[k] = v
		}
	}
	if _, ok := old["Etag"]; !ok {
		if v, ok := old["Last-Modified"]; ok {
			nm.header["Last-Modified"] = v
		}
	}
	return nm
}

// rangePlan is the outcome of evaluating Range on a response.
type rangePlan struct {
	spans []headers.Span // satisfiable spans, sorted, coalesced
	total int64          // representation length
	unsat bool           // answer 416
}

// evalRange implements RFC 9110 §13.2.2 step 5 and §14.2 for a 200
// response that opted in with "Accept-Ranges: bytes": it returns the spans
// to serve, a 416, or nil to serve the whole body. A Range that does not
// parse, asks for more than headers.DefaultMaxRanges ranges, or whose
// ranges add up to more than the length (a sign of abuse) is ignored and
// the whole body is sent; so is every Range when If-Range does not match
// or the length is unknown.
func (r *Response) evalRange(req *Request, v Validators) *rangePlan {
	if req.Method() != http.MethodGet {
		return nil
	}
	rng, err := req.ParseRange()
	if err != nil || len(rng.Ranges) == 0 {
		return nil
	}
	if r.has("Content-Range") {
		return nil
	}
	total := r.rangeLength()
	if total < 0 {
		return nil
	}
	if _, present := req.HTTP().Header["If-Range"]; present {
		ir, err := req.ParseIfRange()
		if err != nil {
			return nil
		}
		lm := v.LastModified
		if !ir.HasETag && !strongDate(lm, r.get("Date")) {
			lm = time.Time{}
		}
		if !ir.Matches(v.ETag, lm) || (ir.HasETag && !v.HasETag) {
			return nil
		}
	}
	spans, err := rng.Resolve(total)
	switch {
	case errors.Is(err, headers.ErrUnsatisfiableRange):
		return &rangePlan{total: total, unsat: true}
	case err != nil:
		return nil
	}
	return &rangePlan{spans: spans, total: total}
}

// strongDate reports whether a Last-Modified date may be used as a strong
// validator: it is at least one second before the response's Date (or
// now, when there is none) — RFC 9110 §8.8.2.2.
func strongDate(lm time.Time, date string) bool {
	if lm.IsZero() {
		return false
	}
	now := time.Now()
	if date != "" {
		if d, err := headers.ParseHTTPDate(date); err == nil {
			now = d
		}
	}
	return !lm.After(now.Add(-time.Second))
}

// rangeLength returns the body length when ranges can be cut from it
// without buffering: a byte or string body, or a stream of known size.
// Function bodies, and streams of unknown size, give -1.
func (r *Response) rangeLength() int64 {
	r.materialize()
	switch r.kind {
	case bodyBytes:
		return int64(len(r.bb()))
	case bodyString:
		return int64(len(r.s))
	case bodyNone:
		return 0
	case bodyReader:
		return r.x.size
	}
	return -1
}

// acceptsRanges reports whether the response opted in to range requests.
func (r *Response) acceptsRanges() bool {
	if r.header == nil {
		return false
	}
	return headers.TokenListContains(r.header["Accept-Ranges"], "bytes")
}
