package webob

import (
	"bytes"
	"errors"
	"io"
	"net/http"

	"github.com/webob-go/webob/multipart"
)

// queryLimits returns the limits for parsing the query string and
// urlencoded bodies: nil (the multipart defaults) unless MaxParams is
// set.
func (o *Options) queryLimits() *multipart.Limits {
	if o.MaxParams == 0 {
		if o.FormLimits == nil {
			return nil
		}
		return o.FormLimits
	}
	l := multipart.Limits{}
	if o.FormLimits != nil {
		l = *o.FormLimits
	}
	l.MaxParams = int64(o.MaxParams) // negative: no limit
	return &l
}

// parseFields parses an urlencoded string strictly and, when a bad
// percent-escape makes that fail, leniently: the pairs with bad escapes
// are skipped and the others kept, and the strict error (an
// *multipart.EscapeError naming the key) is returned beside them. A limit
// error gives no fields at all.
func parseFields(s string, lim *multipart.Limits) ([]Field, error) {
	fields, err := multipart.ParseURLEncoded(s, lim)
	if err == nil {
		return fields, nil
	}
	var ee *multipart.EscapeError
	if !errors.As(err, &ee) {
		return nil, err
	}
	fields, lerr := multipart.ParseURLEncodedLenient(s, lim)
	if lerr != nil {
		return nil, lerr
	}
	return fields, err
}

// Query returns the parameters of the URL's query string, in order (WebOb's
// GET). It never fails: pairs with a bad percent-escape ("a=%zz") are
// skipped and the rest kept; past Options.MaxParams pairs (10,000 by
// default) it is empty, never a silently shortened list. ParseQuery
// reports those errors. "&" is the only separator: "a=1;b=2" is one
// parameter "a" with value "1;b=2". The result is cached and shared:
// changes to it are seen by later calls but do not change the URL.
func (r *Request) Query() *MultiDict {
	q, _ := r.ParseQuery()
	return q
}

// ParseQuery is Query that also returns the error: a
// *multipart.EscapeError naming the key of the first bad percent-escape
// (wrapping multipart.ErrMalformed: answer 400; the returned MultiDict
// then holds the other pairs), or a *multipart.LimitError when there are
// more than Options.MaxParams pairs (answer 413 or 414; the MultiDict is
// then empty).
func (r *Request) ParseQuery() (*MultiDict, error) {
	if r.done&doneQuery == 0 {
		r.done |= doneQuery
		r.query.fields, r.queryErr = parseFields(r.h().URL.RawQuery, r.o().queryLimits())
	}
	return &r.query, r.queryErr
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
// values are decoded to UTF-8 from the charset parameter of Content-Type
// or from a _charset_ field (RFC 7578 §4.6) when there is one.
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

// Params returns the query parameters followed by the form fields
// (WebOb's params): Get finds a query value first. It never fails; see
// ParseParams. It shares its storage with Query and Form: change those,
// not Params.
func (r *Request) Params() *MultiDict {
	p, _ := r.ParseParams()
	return p
}

// ParseParams is Params that also returns the first error of ParseQuery
// and ParseForm.
func (r *Request) ParseParams() (*MultiDict, error) {
	q, qerr := r.ParseQuery()
	f, ferr := r.ParseForm()
	if r.done&doneParams == 0 {
		r.done |= doneParams
		switch {
		case f.Len() == 0:
			r.params.fields = q.fields[:len(q.fields):len(q.fields)]
		case q.Len() == 0:
			r.params.fields = f.fields[:len(f.fields):len(f.fields)]
		default:
			all := make([]Field, 0, q.Len()+f.Len())
			all = append(append(all, q.fields...), f.fields...)
			r.params.fields = all
		}
	}
	if qerr != nil {
		return &r.params, qerr
	}
	return &r.params, ferr
}
