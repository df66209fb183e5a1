package webob

import (
	"errors"
	"iter"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/webob-go/webob/internal/oneline"
	"github.com/webob-go/webob/multipart"
)

// Errors of MultiDict lookups; a *ParamError carrying the key wraps them.
var (
	// ErrMissingParam reports a key with no value where one was required.
	ErrMissingParam = errors.New("webob: missing parameter")
	// ErrMultipleValues reports a key with several values where exactly
	// one was required (GetOne).
	ErrMultipleValues = errors.New("webob: several values for parameter")
	// ErrInvalidParam reports a value that does not parse as the type
	// asked for (Int, Float, Bool, Time).
	ErrInvalidParam = errors.New("webob: invalid parameter value")
)

// ParamError reports a problem with one parameter. Err is
// ErrMissingParam, ErrMultipleValues or ErrInvalidParam (the latter joined
// with the strconv or time error).
type ParamError struct {
	Key string
	Err error
}

// Error returns a message naming the key, such as
// `webob: parameter "page": invalid parameter value: ...`.
func (e *ParamError) Error() string {
	return "webob: parameter " + oneline.Quote(e.Key) + ": " + strings.TrimPrefix(e.Err.Error(), "webob: ")
}

// Unwrap returns Err.
func (e *ParamError) Unwrap() error { return e.Err }

// clientDetail names the parameter for the client, such as
// `missing parameter "page"`; the value sent is not repeated.
func (e *ParamError) clientDetail() string { return paramDetail(e.Key, e.Err) }

// A Field is one name=value pair of a MultiDict. It is the multipart
// package's Field, so parsed query strings and forms are used as they are.
type Field = multipart.Field

// MultiDict is an ordered multi-valued mapping from string keys to string
// values, as query strings and forms are: a key may repeat, and the order
// in which pairs were added is kept. Keys are compared exactly (case
// matters).
//
// The zero value and a nil *MultiDict are empty; the read methods accept
// a nil receiver. It is not safe for concurrent writes.
type MultiDict struct {
	fields []Field
}

// NewMultiDict returns a MultiDict holding fields in order. The slice is
// used, not copied.
func NewMultiDict(fields ...Field) *MultiDict { return &MultiDict{fields: fields} }

// MultiDictFromValues returns a MultiDict holding v's pairs, keys in
// sorted order (a url.Values map has no order of its own).
func MultiDictFromValues(v url.Values) *MultiDict {
	keys := make([]string, 0, len(v))
	n := 0
	for k, vs := range v {
		keys = append(keys, k)
		n += len(vs)
	}
	slices.Sort(keys)
	d := &MultiDict{fields: make([]Field, 0, n)}
	for _, k := range keys {
		for _, val := range v[k] {
			d.fields = append(d.fields, Field{Name: k, Value: val})
		}
	}
	return d
}

// Len returns the number of pairs (not of distinct keys).
func (d *MultiDict) Len() int {
	if d == nil {
		return 0
	}
	return len(d.fields)
}

// Get returns the first value of key, or "" when there is none (use
// Lookup or Has to tell an empty value from a missing key).
func (d *MultiDict) Get(key string) string {
	v, _ := d.Lookup(key)
	return v
}

// Lookup returns the first value of key and whether there was one.
func (d *MultiDict) Lookup(key string) (string, bool) {
	if d == nil {
		return "", false
	}
	for i := range d.fields {
		if d.fields[i].Name == key {
			return d.fields[i].Value, true
		}
	}
	return "", false
}

// GetAll returns every value of key in order, or nil.
func (d *MultiDict) GetAll(key string) []string {
	if d == nil {
		return nil
	}
	var out []string
	for i := range d.fields {
		if d.fields[i].Name == key {
			out = append(out, d.fields[i].Value)
		}
	}
	return out
}

// GetOne returns the only value of key. No value is a *ParamError wrapping
// ErrMissingParam; several are one wrapping ErrMultipleValues.
func (d *MultiDict) GetOne(key string) (string, error) {
	if d == nil {
		return "", &ParamError{key, ErrMissingParam}
	}
	found := -1
	for i := range d.fields {
		if d.fields[i].Name == key {
			if found >= 0 {
				return "", &ParamError{key, ErrMultipleValues}
			}
			found = i
		}
	}
	if found < 0 {
		return "", &ParamError{key, ErrMissingParam}
	}
	return d.fields[found].Value, nil
}

// Has reports whether key has at least one value.
func (d *MultiDict) Has(key string) bool {
	_, ok := d.Lookup(key)
	return ok
}

// Add appends the pair key=value, keeping any earlier values of key.
func (d *MultiDict) Add(key, value string) {
	d.fields = append(d.fields, Field{Name: key, Value: value})
}

// Set replaces every value of key by value, at the place of the first
// one (or at the end when key was absent).
func (d *MultiDict) Set(key, value string) {
	for i := range d.fields {
		if d.fields[i].Name == key {
			d.fields[i].Value = value
			d.delFrom(key, i+1)
			return
		}
	}
	d.Add(key, value)
}

// Del removes every value of key.
func (d *MultiDict) Del(key string) {
	if d != nil {
		d.delFrom(key, 0)
	}
}

func (d *MultiDict) delFrom(key string, from int) {
	j := from
	for i := from; i < len(d.fields); i++ {
		if d.fields[i].Name != key {
			d.fields[j] = d.fields[i]
			j++
		}
	}
	clear(d.fields[j:])
	d.fields = d.fields[:j]
}

// Keys returns the distinct keys in the order of their first appearance,
// or nil when d is empty.
func (d *MultiDict) Keys() []string {
	if d.Len() == 0 {
		return nil
	}
	out := make([]string, 0, len(d.fields))
	if len(d.fields) > 16 {
		seen := make(map[string]struct{}, len(d.fields))
		for i := range d.fields {
			k := d.fields[i].Name
			if _, dup := seen[k]; !dup {
				seen[k] = struct{}{}
				out = append(out, k)
			}
		}
		return out
	}
	for i := range d.fields {
		if k := d.fields[i].Name; !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// All iterates over every pair in order. Changing d during the iteration
// is not allowed.
func (d *MultiDict) All() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		if d == nil {
			return
		}
		for i := range d.fields {
			if !yield(d.fields[i].Name, d.fields[i].Value) {
				return
			}
		}
	}
}

// Fields returns the pairs in order. The slice is d's own: copy it before
// changing it.
func (d *MultiDict) Fields() []Field {
	if d == nil {
		return nil
	}
	return d.fields
}

// Copy returns an independent copy of d (never nil).
func (d *MultiDict) Copy() *MultiDict {
	if d == nil {
		return &MultiDict{}
	}
	return &MultiDict{fields: append([]Field(nil), d.fields...)}
}

// Extend appends every pair of o, in order.
func (d *MultiDict) Extend(o *MultiDict) {
	if o != nil {
		d.fields = append(d.fields, o.fields...)
	}
}

// Values returns d as a url.Values map (the order between keys is lost).
func (d *MultiDict) Values() url.Values {
	v := make(url.Values, d.Len())
	for k, val := range d.All() {
		v[k] = append(v[k], val)
	}
	return v
}

// Encode returns d in application/x-www-form-urlencoded form, pairs in
// order ("a=1&b=2&a=3"), "" when d is empty.
func (d *MultiDict) Encode() string {
	var b strings.Builder
	for k, v := range d.All() {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(k))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(v))
	}
	return b.String()
}

// String returns Encode's form.
func (d *MultiDict) String() string { return d.Encode() }

// typed returns the first value of key for a typed getter, spaces
// trimmed: ok is false when the key is missing or that value is empty
// (or only spaces), which is what a browser sends for an empty form
// field ("mtime="), so both give the default.
func (d *MultiDict) typed(key string) (string, bool) {
	s, ok := d.Lookup(key)
	s = strings.TrimSpace(s)
	return s, ok && s != ""
}

func invalid(key string, err error) error {
	return &ParamError{key, detail(ErrInvalidParam, "", err)}
}

// Int returns the first value of key as an int. A missing key, or an
// empty first value ("page=", as browsers send an empty field; spaces
// count as empty), gives def and no error; a value that is not a base-10
// integer in range gives def and a *ParamError wrapping ErrInvalidParam.
func (d *MultiDict) Int(key string, def int) (int, error) {
	s, ok := d.typed(key)
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return def, invalid(key, err)
	}
	return n, nil
}

// Int64 is Int for int64 values: a missing key or an empty value
// ("mtime=") gives def and no error.
func (d *MultiDict) Int64(key string, def int64) (int64, error) {
	s, ok := d.typed(key)
	if !ok {
		return def, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return def, invalid(key, err)
	}
	return n, nil
}

// Float returns the first value of key as a float64 (strconv.ParseFloat
// syntax; "NaN" and "Inf" are refused). A missing key or an empty value
// gives def and no error; an invalid value gives def and a *ParamError.
func (d *MultiDict) Float(key string, def float64) (float64, error) {
	s, ok := d.typed(key)
	if !ok {
		return def, nil
	}
	f, err := parseFloat(s, 64)
	if err != nil {
		return def, invalid(key, err)
	}
	return f, nil
}

func parseFloat(s string, bits int) (float64, error) {
	s = strings.TrimSpace(s)
	f, err := strconv.ParseFloat(s, bits)
	if err != nil {
		return 0, err
	}
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, errors.New("not a finite number")
	}
	return f, nil
}

// Bool returns the first value of key as a bool. "1", "t", "true", "on",
// "yes" are true and "0", "f", "false", "off", "no" are false, in any
// case. A missing key or an empty value ("flag=") gives def and no error;
// another value gives def and a *ParamError.
func (d *MultiDict) Bool(key string, def bool) (bool, error) {
	s, ok := d.typed(key)
	if !ok {
		return def, nil
	}
	b, ok := parseBool(s)
	if !ok {
		return def, invalid(key, errors.New("not a boolean: "+oneline.Quote(s)))
	}
	return b, nil
}

func parseBool(s string) (v, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "t", "true", "on", "yes", "y":
		return true, true
	case "0", "f", "false", "off", "no", "n", "":
		return false, true
	}
	return false, false
}

// Time returns the first value of key parsed with time.Parse and layout
// (for example time.RFC3339 or time.DateOnly). A missing key or an empty
// value gives def and no error; an invalid value gives def and a
// *ParamError.
func (d *MultiDict) Time(key, layout string, def time.Time) (time.Time, error) {
	s, ok := d.typed(key)
	if !ok {
		return def, nil
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return def, invalid(key, err)
	}
	return t, nil
}
