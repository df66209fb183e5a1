package webob

import (
	"encoding"
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/webob-go/webob/internal/oneline"
	"github.com/webob-go/webob/multipart"
)

// Errors of struct binding; a *FieldError carries one of them.
var (
	// ErrBindTarget reports a Bind destination that is not a non-nil
	// pointer to a struct (a program error).
	ErrBindTarget = errors.New("webob: Bind needs a non-nil pointer to a struct")
	// ErrSliceIndex reports a slice index ("a[12]", or "a12" for a
	// numbered field) past the cap on indexes (Options.MaxSliceIndex),
	// or past the length of an array field.
	ErrSliceIndex = errors.New("webob: slice index out of range")
	// ErrUnknownKey reports a parameter that matches no field, when
	// unknown keys are refused (Options.DisallowUnknownKeys).
	ErrUnknownKey = errors.New("webob: unknown parameter")
)

// ValuesDecoder is implemented by field types that read themselves from
// the parameters, as the inverse of go-querystring's query.Encoder
// (EncodeValues). key is the field's parameter name.
type ValuesDecoder interface {
	DecodeValues(key string, d *MultiDict) error
}

// A FieldError reports a parameter that could not be stored in its field.
type FieldError struct {
	Field string // the Go field path, such as "Page" or "Filter.Tags"
	Key   string // the parameter name
	Value string // the offending value, when there is one
	Err   error  // ErrInvalidParam (joined with the parse error), ErrSliceIndex, ...
}

// Error returns a message naming the parameter and the field.
func (e *FieldError) Error() string {
	s := "webob: parameter " + oneline.Quote(e.Key)
	if e.Field != "" {
		s += " (field " + e.Field + ")"
	}
	return s + ": " + strings.TrimPrefix(e.Err.Error(), "webob: ")
}

// Unwrap returns Err.
func (e *FieldError) Unwrap() error { return e.Err }

// A BindError lists every field that could not be bound; the fields that
// could are set. It unwraps to its *FieldError values, so errors.Is(err,
// ErrInvalidParam) and errors.As(err, **FieldError) work. Answer it with
// 400 Bad Request.
type BindError struct {
	Errors []*FieldError
}

// Error returns the first field error and how many more there are.
func (e *BindError) Error() string {
	if len(e.Errors) == 1 {
		return e.Errors[0].Error()
	}
	return e.Errors[0].Error() + " (and " + strconv.Itoa(len(e.Errors)-1) + " more errors)"
}

// Unwrap returns the field errors.
func (e *BindError) Unwrap() []error {
	out := make([]error, len(e.Errors))
	for i, fe := range e.Errors {
		out[i] = fe
	}
	return out
}

// Bind fills the struct dst points to from the request's parameters
// (Params: query, then form) and, for a JSON body (application/json or a
// +json type), from the body as encoding/json decodes it (with the
// struct's json tags) after the parameters.
//
// Parameters are matched to fields by the `url` tags that
// github.com/google/go-querystring writes, so one struct type builds a
// query (query.Values, or Blank's WithQuery option) and reads it back:
//
//	type Search struct {
//		Q     string    `url:"q"`
//		Page  int       `url:"page,omitempty"`
//		Tags  []string  `url:"tag"`              // tag=a&tag=b, or tag[0]=a&tag[1]=b
//		IDs   []int     `url:"ids,comma"`        // ids=1,2,3
//		Since time.Time `url:"since,unix"`
//		Sort  struct {
//			By string `url:"by"`                   // sort[by]=name
//		} `url:"sort"`
//	}
//
// The rules mirror go-querystring: "-" skips a field; an empty name is the
// field name; an untagged embedded struct's fields are promoted; a nested
// struct reads "name[field]"; slices read repeated keys, or one value split
// by the comma, space, semicolon or `del:"x"` delimiter, or "name[]" with
// brackets, or "name0", "name1"... with numbered; bools read "1"/"0" with
// int, or true/false, on/off, yes/no; time.Time reads RFC 3339, unix,
// unixmilli, unixnano or the `layout:"..."` tag. Types implementing
// encoding.TextUnmarshaler or ValuesDecoder decode themselves. Slices also
// accept indexed keys "name[i]", capped by Options.MaxSliceIndex.
//
// A scalar takes the first value of its key; a missing key leaves the
// field as it was; an empty value sets the zero value. Slice items, split
// ones counted one by one, count against Options.MaxParams: past it Bind
// fails with a *multipart.LimitError (413) rather than drop items. Unknown
// keys are ignored unless Options.DisallowUnknownKeys is set. Fields that cannot be bound
// are reported together in a *BindError; the others are set. An error of
// ParseParams (a bad escape, a limit, a malformed body) is returned as it
// is, before any binding.
func (r *Request) Bind(dst any) error {
	p, err := r.ParseParams()
	if err != nil {
		return err
	}
	if err := p.Bind(dst, r.o()); err != nil {
		return err
	}
	if isJSONType(r.ContentType()) {
		return r.JSON(dst)
	}
	return nil
}

// Bind fills the struct dst points to from d, as Request.Bind does for
// parameters (see there for the tag rules). Of opts (nil means the
// defaults) it uses the settings Request.Bind uses: MaxSliceIndex,
// DisallowUnknownKeys and MaxParams, which caps the slice and array items
// of one Bind, all fields together (each value counts once, a value split
// by a delimiter once per item, so "tag=,,,,..." cannot make a million
// items). Past MaxParams items it returns a *multipart.LimitError (Limit
// "MaxParams", answer 413), alone, and binds nothing further.
func (d *MultiDict) Bind(dst any, opts *Options) error {
	v := reflect.ValueOf(dst)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return ErrBindTarget
	}
	b := binder{d: d, maxIdx: DefaultMaxSliceIndex, maxItems: DefaultMaxParams}
	if opts != nil {
		if opts.MaxSliceIndex > 0 {
			b.maxIdx = opts.MaxSliceIndex
		}
		if opts.DisallowUnknownKeys {
			b.used = make([]bool, d.Len())
		}
		switch {
		case opts.MaxParams > 0:
			b.maxItems = int(min(opts.MaxParams, math.MaxInt))
		case opts.MaxParams < 0:
			b.maxItems = math.MaxInt
		}
	}
	b.itemsLeft = b.maxItems
	b.bindStruct(v.Elem(), "", "")
	if b.limitErr != nil {
		return b.limitErr
	}
	if b.used != nil {
		for i, u := range b.used {
			if !u {
				f := d.fields[i]
				b.fail("", f.Name, "", ErrUnknownKey)
			}
		}
	}
	if len(b.errs) > 0 {
		return &BindError{Errors: b.errs}
	}
	return nil
}

type binder struct {
	d         *MultiDict
	maxIdx    int
	maxItems  int    // Options.MaxParams in force (math.MaxInt: none)
	itemsLeft int    // slice items that may still be read
	limitErr  error  // set once the item limit is hit; binding stops
	used      []bool // per field of d, when unknown keys are refused
	errs      []*FieldError
}

// takeItem charges one slice item of key to the budget; false (with
// limitErr set) when the budget is spent.
func (b *binder) takeItem(key string) bool {
	if b.itemsLeft <= 0 {
		if b.limitErr == nil {
			b.limitErr = &multipart.LimitError{Limit: "MaxParams", Max: int64(b.maxItems), Name: key}
		}
		return false
	}
	b.itemsLeft--
	return true
}

func (b *binder) fail(field, key, value string, err error) {
	b.errs = append(b.errs, &FieldError{Field: field, Key: key, Value: value, Err: err})
}

var (
	timeType          = reflect.TypeFor[time.Time]()
	textUnmarshalerT  = reflect.TypeFor[encoding.TextUnmarshaler]()
	valuesDecoderType = reflect.TypeFor[ValuesDecoder]()
)

// values returns the values of key, marking them used.
func (b *binder) values(key string) []string {
	var out []string
	for i := range b.d.fields {
		if b.d.fields[i].Name == key {
			out = append(out, b.d.fields[i].Value)
			if b.used != nil {
				b.used[i] = true
			}
		}
	}
	return out
}

// first returns the first value of key, marking every value of it used.
func (b *binder) first(key string) (string, bool) {
	v, ok := "", false
	for i := range b.d.fields {
		if b.d.fields[i].Name == key {
			if !ok {
				v, ok = b.d.fields[i].Value, true
			}
			if b.used == nil {
				break
			}
			b.used[i] = true
		}
	}
	return v, ok
}

// hasPrefix reports whether any key starts with prefix (for nested
// structs behind nil pointers).
func (b *binder) hasPrefix(prefix string) bool {
	for i := range b.d.fields {
		if strings.HasPrefix(b.d.fields[i].Name, prefix) {
			return true
		}
	}
	return false
}

func (b *binder) bindStruct(v reflect.Value, scope, path string) {
	t := v.Type()
	var embedded []reflect.Value
	for i := 0; i < t.NumField() && b.limitErr == nil; i++ {
		sf := t.Field(i)
		if sf.PkgPath != "" && !sf.Anonymous {
			continue
		}
		tag := sf.Tag.Get("url")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		fv := v.Field(i)
		if name == "" {
			if sf.Anonymous {
				ft := sf.Type
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct && ft != timeType {
					if fv.Kind() == reflect.Pointer {
						if fv.IsNil() {
							if !fv.CanSet() {
								continue // unexported embedded pointer
							}
							fv.Set(reflect.New(ft))
						}
						fv = fv.Elem()
					}
					embedded = append(embedded, fv)
					continue
				}
			}
			name = sf.Name
		}
		if sf.PkgPath != "" || !fv.CanSet() {
			continue
		}
		if scope != "" {
			name = scope + "[" + name + "]"
		}
		fpath := sf.Name
		if path != "" {
			fpath = path + "." + sf.Name
		}
		b.bindField(fv, sf, name, tagOpts(opts), fpath)
	}
	for _, e := range embedded {
		b.bindStruct(e, scope, path)
	}
}

type tagOpts string

func (o tagOpts) has(opt string) bool {
	for s := string(o); s != ""; {
		var cur string
		cur, s, _ = strings.Cut(s, ",")
		if cur == opt {
			return true
		}
	}
	return false
}

// bindField binds one struct field fv (described by sf) from the
// parameter name: a self-decoding type (ValuesDecoder,
// encoding.TextUnmarshaler, time.Time), a slice or array, a nested
// struct or a scalar, allocating through pointers as needed. Failures
// are recorded with the field's path.
func (b *binder) bindField(fv reflect.Value, sf reflect.StructField, name string, opts tagOpts, path string) {
	ft := fv.Type()
	// Self-decoding types.
	if reflect.PointerTo(ft).Implements(valuesDecoderType) || ft.Implements(valuesDecoderType) {
		if !b.hasPrefix(name) {
			return
		}
		b.values(name) // mark used
		target := addrOf(fv)
		if target == nil {
			return
		}
		if err := target.(ValuesDecoder).DecodeValues(name, b.d); err != nil {
			b.fail(path, name, "", detail(ErrInvalidParam, "", err))
		}
		return
	}
	base := ft
	for base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	switch {
	case base == timeType || implementsText(base):
		s, ok := b.first(name)
		if !ok {
			return
		}
		b.setScalar(deref(fv), s, sf, opts, name, path)
	case base.Kind() == reflect.Struct:
		if fv.Kind() == reflect.Pointer && fv.IsNil() {
			if !b.hasPrefix(name + "[") {
				return
			}
		}
		b.bindStruct(deref(fv), name, path)
	case base.Kind() == reflect.Slice || base.Kind() == reflect.Array:
		if base.Elem().Kind() == reflect.Uint8 && base.Kind() == reflect.Slice && !opts.has("numbered") && !opts.has("brackets") {
			// []byte is one value, as text.
			if s, ok := b.first(name); ok {
				deref(fv).SetBytes([]byte(s))
			}
			return
		}
		b.bindSlice(fv, sf, name, opts, path)
	default:
		s, ok := b.first(name)
		if !ok {
			return
		}
		b.setScalar(deref(fv), s, sf, opts, name, path)
	}
}

func implementsText(t reflect.Type) bool {
	return t.Implements(textUnmarshalerT) || reflect.PointerTo(t).Implements(textUnmarshalerT)
}

// deref follows pointers, allocating nil ones.
func deref(v reflect.Value) reflect.Value {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		v = v.Elem()
	}
	return v
}

// addrOf returns a ValuesDecoder for v (allocating pointers), or nil.
func addrOf(v reflect.Value) any {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		if d, ok := v.Interface().(ValuesDecoder); ok {
			return d
		}
		return addrOf(v.Elem())
	}
	if v.CanAddr() {
		if d, ok := v.Addr().Interface().(ValuesDecoder); ok {
			return d
		}
	}
	if d, ok := v.Interface().(ValuesDecoder); ok {
		return d
	}
	return nil
}

func (b *binder) bindSlice(fv reflect.Value, sf reflect.StructField, name string, opts tagOpts, path string) {
	del := ""
	switch {
	case opts.has("comma"):
		del = ","
	case opts.has("space"):
		del = " "
	case opts.has("semicolon"):
		del = ";"
	case opts.has("brackets"), opts.has("numbered"):
	default:
		del = sf.Tag.Get("del")
	}
	type item struct {
		idx int // -1: append
		val string
	}
	var items []item
	key := name
	if opts.has("brackets") {
		key = name + "[]"
	}
	// Every item is charged to the budget before it is kept, so a value
	// such as ",,,,..." costs no more than the limit allows.
	for _, v := range b.values(key) {
		for {
			part, rest, more := v, "", false
			if del != "" {
				part, rest, more = strings.Cut(v, del)
			}
			if !b.takeItem(key) {
				return
			}
			items = append(items, item{-1, part})
			if !more {
				break
			}
			v = rest
		}
	}
	// Indexed keys: "name[i]" always, "namei" for numbered fields.
	for i := range b.d.fields {
		k := b.d.fields[i].Name
		if !strings.HasPrefix(k, name) || len(k) == len(name) {
			continue
		}
		rest := k[len(name):]
		var digits string
		switch {
		case opts.has("numbered"):
			digits = rest
		case rest[0] == '[' && rest[len(rest)-1] == ']' && len(rest) > 2:
			digits = rest[1 : len(rest)-1]
		default:
			continue
		}
		if !allDigits(digits) {
			continue
		}
		if b.used != nil {
			b.used[i] = true
		}
		n, err := strconv.Atoi(digits)
		if err != nil || n > b.maxIdx {
			b.fail(path, k, "", ErrSliceIndex)
			continue
		}
		if !b.takeItem(k) {
			return
		}
		items = append(items, item{n, b.d.fields[i].Value})
	}
	if len(items) == 0 {
		return
	}
	sv := deref(fv)
	isArray := sv.Kind() == reflect.Array
	// Appended values come first, then indexed ones at their place.
	next := 0
	if !isArray {
		sv.Set(reflect.MakeSlice(sv.Type(), 0, len(items)))
	}
	for _, it := range items {
		idx := it.idx
		if idx < 0 {
			idx = next
			next++
		}
		if isArray {
			if idx >= sv.Len() {
				b.fail(path, name, it.val, ErrSliceIndex)
				continue
			}
		} else if idx >= sv.Len() {
			grow := idx + 1 - sv.Len()
			sv.Set(reflect.AppendSlice(sv, reflect.MakeSlice(sv.Type(), grow, grow)))
		}
		b.setScalar(deref(sv.Index(idx)), it.val, sf, opts, name, path)
	}
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// setScalar parses s into v according to v's kind and the tag options.
func (b *binder) setScalar(v reflect.Value, s string, sf reflect.StructField, opts tagOpts, key, path string) {
	bad := func(err error) { b.fail(path, key, s, detail(ErrInvalidParam, "", err)) }
	if v.CanAddr() {
		if tu, ok := v.Addr().Interface().(encoding.TextUnmarshaler); ok && v.Type() != timeType {
			if err := tu.UnmarshalText([]byte(s)); err != nil {
				bad(err)
			}
			return
		}
	}
	if v.Type() == timeType {
		if s == "" {
			v.Set(reflect.Zero(timeType))
			return
		}
		t, err := parseTime(s, sf, opts)
		if err != nil {
			bad(err)
			return
		}
		v.Set(reflect.ValueOf(t))
		return
	}
	st := strings.TrimSpace(s)
	switch v.Kind() {
	case reflect.String:
		v.SetString(s)
	case reflect.Bool:
		bv, ok := parseBool(st)
		if !ok {
			bad(errors.New("not a boolean"))
			return
		}
		v.SetBool(bv)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if st == "" {
			v.SetInt(0)
			return
		}
		n, err := strconv.ParseInt(st, 10, v.Type().Bits())
		if err != nil {
			bad(err)
			return
		}
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if st == "" {
			v.SetUint(0)
			return
		}
		n, err := strconv.ParseUint(st, 10, v.Type().Bits())
		if err != nil {
			bad(err)
			return
		}
		v.SetUint(n)
	case reflect.Float32, reflect.Float64:
		if st == "" {
			v.SetFloat(0)
			return
		}
		f, err := parseFloat(st, v.Type().Bits())
		if err != nil {
			bad(err)
			return
		}
		v.SetFloat(f)
	case reflect.Interface:
		if v.Type().NumMethod() == 0 {
			v.Set(reflect.ValueOf(s))
		}
	default:
		// Maps, channels, funcs and the like have no text form: ignored,
		// as go-querystring writes them only through fmt.
	}
}

func parseTime(s string, sf reflect.StructField, opts tagOpts) (time.Time, error) {
	s = strings.TrimSpace(s)
	switch {
	case opts.has("unix"):
		n, err := strconv.ParseInt(s, 10, 64)
		return time.Unix(n, 0), err
	case opts.has("unixmilli"):
		n, err := strconv.ParseInt(s, 10, 64)
		return time.UnixMilli(n), err
	case opts.has("unixnano"):
		n, err := strconv.ParseInt(s, 10, 64)
		return time.Unix(0, n), err
	}
	if layout := sf.Tag.Get("layout"); layout != "" {
		return time.Parse(layout, s)
	}
	return time.Parse(time.RFC3339, s)
}

// isJSONType reports whether ct is application/json or a +json type.
func isJSONType(ct string) bool {
	return ct == "application/json" || strings.HasSuffix(ct, "+json")
}
