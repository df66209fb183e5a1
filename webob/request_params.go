package webob

import (
	"errors"

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
