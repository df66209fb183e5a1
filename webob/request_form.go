package webob

import (
	"io"
	"strconv"
	"strings"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/internal/oneline"
	"github.com/webob-go/webob/multipart"
)

// Errors of a form's Content-Type, both 400 (they wrap errBadRequest).
var (
	// errContentTypeLines reports a form body sent with more than one
	// Content-Type field: which one describes it cannot be known.
	errContentTypeLines = clientError("webob: several Content-Type fields on a form body")
	// errFormContentType reports a form media type whose parameters do
	// not parse.
	errFormContentType = clientError("webob: invalid Content-Type of a form body")
)

const (
	formURLEncoded = "application/x-www-form-urlencoded"
	formMultipart  = "multipart/form-data"
)

// formKind reports whether the body is a form WebOb would parse, and
// whether it is multipart. Any method may carry a form when its
// Content-Type says so; a POST without Content-Type is read as
// urlencoded, as WebOb does. A Content-Type that names a form type but
// cannot be trusted is an error (400, see untrustedFormType) rather than
// "no form", which would hide the body. A multipart type that parses but
// whose boundary is missing, empty or invalid is reported by
// multipart.ParseBoundary in readForm.
func (r *Request) formKind() (ok, isMultipart bool, err error) {
	lines := r.lines("Content-Type")
	if len(lines) == 0 {
		return r.Method() == "POST", false, nil
	}
	if mt, perr := r.ParseMediaType(); len(lines) == 1 && perr == nil {
		switch mt.Essence() {
		case formURLEncoded:
			return true, false, nil
		case formMultipart:
			return true, true, nil
		}
		return false, false, nil
	}
	for _, l := range lines {
		essence, _, _ := strings.Cut(l, ";")
		essence = headers.TrimOWS(essence)
		if headers.EqualFold(essence, formMultipart) || headers.EqualFold(essence, formURLEncoded) {
			if _, perr := r.ParseMediaType(); perr != nil {
				return false, false, perr // a *HeaderError (400)
			}
			return false, false, untrustedFormType(lines)
		}
	}
	return false, false, nil
}

// untrustedFormType is the error for a form body whose Content-Type
// cannot be trusted: several Content-Type fields (even equal ones) when
// one names a form type, or a single form type whose parameters do not
// parse (such as a boundary given twice, or "boundary=").
func untrustedFormType(lines []string) error {
	if len(lines) > 1 {
		return errContentTypeLines
	}
	v := lines[0]
	if len(v) > 64 {
		v = v[:64] + "..."
	}
	return detail(errFormContentType, oneline.Quote(v), nil)
}

// streamedFormBody returns the multipart body, streamed from the
// connection, under Options.FormLimits and Options.MaxBodyBytes, whichever
// is smaller: a Content-Length past either is refused before any byte is
// read, and a body of unknown length is cut at the limit (413 both ways).
// Body fails afterwards with ErrBodyConsumed.
func (r *Request) streamedFormBody() (io.Reader, error) {
	n, err := r.ParseContentLength()
	if err != nil {
		return nil, detail(errBadContentLength, "", err)
	}
	max := r.o().maxBodySize()
	if max >= 0 && n > max {
		return nil, bodyLimitError(max)
	}
	if n >= 0 {
		if _, err := multipart.CheckContentLength(strconv.FormatInt(n, 10), r.o().FormLimits); err != nil {
			return nil, err
		}
	}
	r.bodyGone = true
	return &limitedBody{r: r.h().Body, left: max, max: max}, nil
}
