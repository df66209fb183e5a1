package webob

import (
	"bytes"
	"io"
	"net/http"
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

// Form returns the form fields of the body, in order (WebOb's POST): for
// application/x-www-form-urlencoded and multipart/form-data bodies, with
// any method, and for a POST without Content-Type (read as urlencoded).
// Other bodies give an empty MultiDict. Uploaded files are in Files.
//
// It never fails: on a malformed body or a limit it is empty, never a
// silently shortened list, except that urlencoded pairs with a bad
// percent-escape are skipped and the others kept. ParseForm reports the
// error. A multipart body is streamed from the connection (it may be
// larger than memory allows), so afterwards Body fails with
// ErrBodyConsumed unless Body was called first.
func (r *Request) Form() *MultiDict {
	f, _ := r.ParseForm()
	return f
}

// ParseForm is Form that also returns the error: a *multipart.LimitError
// when a limit was hit (answer 413), an error wrapping
// multipart.ErrMalformed for a malformed body (answer 400; for a bad
// percent-escape a *multipart.EscapeError naming the key), a
// *HeaderError for a form Content-Type that does not parse (such as
// "multipart/form-data; boundary", answer 400), an error ErrorStatus
// answers 400 for several Content-Type fields on a form body, or a *BodyReadError when the client's body could not be read
// (answer 400).
//
// Urlencoded bodies are read under Options.MaxBodyBytes and
// Options.MaxParams; multipart bodies under Options.FormLimits and
// Options.MaxBodyBytes, whichever is smaller (a Content-Length past either
// is refused before reading). Names and
// values are decoded to UTF-8 from a _charset_ field (RFC 7578 §4.6; HTML
// sends one in urlencoded forms too) when there is one, else from the
// charset parameter of Content-Type; in multipart bodies a part's own
// charset wins over both. Decode follows the same order.
func (r *Request) ParseForm() (*MultiDict, error) {
	if r.done&doneForm == 0 {
		r.done |= doneForm
		r.form.fields, r.files, r.formErr = r.readForm()
	}
	return &r.form, r.formErr
}

func (r *Request) readForm() ([]Field, []*multipart.File, error) {
	ok, isMultipart, err := r.formKind()
	if !ok || err != nil {
		return nil, nil, err
	}
	cs := r.MediaType().Charset()
	if isMultipart {
		boundary, err := multipart.ParseBoundary(r.first("Content-Type"))
		if err != nil {
			return nil, nil, err
		}
		var src io.Reader
		switch hb := r.h().Body; {
		case r.done&doneBody != 0 && r.bodyErr == nil:
			src = bytes.NewReader(r.body)
		case hb == nil || hb == http.NoBody:
			src = bytes.NewReader(nil)
		case r.bodyGone:
			return nil, nil, ErrBodyConsumed
		default:
			if sb, ok := hb.(seekBody); ok {
				sb.Seek(0, io.SeekStart)
				src = hb
			} else if src, err = r.streamedFormBody(); err != nil {
				// Streamed from the connection: under MaxBodyBytes as
				// well as the form's own MaxBodyBytes.
				return nil, nil, err
			}
		}
		// ReadFormCharset decodes each value once: from its part's
		// charset, else _charset_, else cs.
		form, err := multipart.ReadFormCharset(src, boundary, cs, r.o().FormLimits)
		if err != nil {
			return nil, nil, err
		}
		r.mform = form
		if cs != "" && !hasCharsetField(form.Fields) {
			if err := decodeNames(form.Fields, cs); err != nil {
				form.RemoveAll()
				r.mform = nil
				return nil, nil, err
			}
		}
		return form.Fields, form.Files, nil
	}
	body, err := r.Body()
	if err != nil {
		return nil, nil, err
	}
	fields, err := parseFields(string(body), r.o().queryLimits())
	if fields == nil {
		return nil, nil, err
	}
	if c := charsetField(fields); c != "" {
		cs = c
	}
	if cs != "" {
		if derr := decodeFields(fields, cs); derr != nil {
			return nil, nil, derr
		}
	}
	return fields, nil, err
}

func hasCharsetField(fs []Field) bool { return charsetField(fs) != "" }

// charsetField returns the value of the _charset_ field (RFC 7578 §4.6,
// also sent by browsers in urlencoded forms), or "".
func charsetField(fs []Field) string {
	for i := range fs {
		if fs[i].Name == "_charset_" {
			return fs[i].Value
		}
	}
	return ""
}

// decodeFields decodes every name and value but that of _charset_ from
// cs to UTF-8.
func decodeFields(fs []Field, cs string) error {
	for i := range fs {
		f := &fs[i]
		if f.Name == "_charset_" {
			continue
		}
		var err error
		if f.Name, err = multipart.DecodeCharset(f.Name, cs); err != nil {
			return err
		}
		if f.Value, err = multipart.DecodeCharset(f.Value, cs); err != nil {
			return err
		}
	}
	return nil
}

// decodeNames decodes every name from cs to UTF-8 (multipart values are
// decoded by multipart.ReadFormCharset).
func decodeNames(fs []Field, cs string) error {
	for i := range fs {
		var err error
		if fs[i].Name, err = multipart.DecodeCharset(fs[i].Name, cs); err != nil {
			return err
		}
	}
	return nil
}

// Files returns the files uploaded with a multipart/form-data body, in
// the order sent, or nil. Call Cleanup when done with the request to
// delete any temporary files (the adapters do).
func (r *Request) Files() []*multipart.File {
	r.ParseForm()
	return r.files
}

// File returns the first file uploaded under the form field name, or
// nil.
func (r *Request) File(name string) *multipart.File {
	for _, f := range r.Files() {
		if f.FieldName == name {
			return f
		}
	}
	return nil
}

// Cleanup deletes the temporary files of an uploaded multipart form. It
// is safe to call more than once, and when there was no form.
func (r *Request) Cleanup() error {
	if r.mform == nil {
		return nil
	}
	err := r.mform.RemoveAll()
	r.mform = nil
	return err
}
