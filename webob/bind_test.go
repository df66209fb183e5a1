package webob

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-querystring/query"
)

type sortSpec struct {
	By   string `url:"by"`
	Desc bool   `url:"desc,int"`
}

type Paging struct {
	Page    int `url:"page,omitempty"`
	PerPage int `url:"per_page,omitempty"`
}

type level string

func (l *level) UnmarshalText(b []byte) error {
	switch string(b) {
	case "low", "high":
		*l = level(b)
		return nil
	}
	return errors.New("unknown level")
}

func (l level) MarshalText() ([]byte, error) { return []byte(l), nil }

type search struct {
	Q        string    `url:"q"`
	Tags     []string  `url:"tag"`
	IDs      []int     `url:"ids,comma"`
	Words    []string  `url:"w,space"`
	Parts    []string  `url:"p,semicolon"`
	Pipes    []string  `url:"pp" del:"|"`
	Br       []string  `url:"br,brackets"`
	Num      []int     `url:"n,numbered"`
	Since    time.Time `url:"since,unix"`
	Until    time.Time `url:"until"`
	Day      time.Time `url:"day" layout:"2006-01-02"`
	Milli    time.Time `url:"ms,unixmilli"`
	Sort     sortSpec  `url:"sort"`
	Ptr      *int      `url:"ptr,omitempty"`
	PtrSort  *sortSpec `url:"psort,omitempty"`
	Level    level     `url:"level"`
	Ratio    float64   `url:"ratio"`
	Small    int8      `url:"small"`
	U        uint      `url:"u"`
	Yes      bool      `url:"yes"`
	Skip     string    `url:"-"`
	Untagged string
	Paging
	Arr [2]string `url:"arr"`
}

func TestBindRoundTripGoQuerystring(t *testing.T) {
	seven := 7
	in := search{
		Q: "go & web", Tags: []string{"a", "b"}, IDs: []int{1, 2, 3}, Words: []string{"x", "y"},
		Parts: []string{"p1", "p2"}, Pipes: []string{"u", "v"}, Br: []string{"k"}, Num: []int{10, 20},
		Since: time.Unix(1700000000, 0), Until: time.Date(2024, 2, 29, 12, 0, 0, 0, time.UTC),
		Day: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), Milli: time.UnixMilli(1700000000123),
		Sort: sortSpec{By: "name", Desc: true}, Ptr: &seven, PtrSort: &sortSpec{By: "x"},
		Level: "high", Ratio: 0.25, Small: -8, U: 9, Yes: true, Untagged: "u",
		Paging: Paging{Page: 2, PerPage: 50}, Arr: [2]string{"a0", "a1"},
	}
	v, err := query.Values(in)
	if err != nil {
		t.Fatal(err)
	}
	r := MustBlank("/search", WithQuery(in))
	if r.QueryString() != "" && r.Query().Get("q") != "go & web" {
		t.Fatalf("query %s", r.QueryString())
	}
	var out search
	out.Skip = "kept"
	if err := r.Bind(&out); err != nil {
		t.Fatalf("bind: %v (query %s)", err, v.Encode())
	}
	out.Skip = ""
	if !out.Since.Equal(in.Since) || !out.Until.Equal(in.Until) || !out.Day.Equal(in.Day) || !out.Milli.Equal(in.Milli) {
		t.Errorf("times: %v %v %v %v", out.Since, out.Until, out.Day, out.Milli)
	}
	out.Since, out.Until, out.Day, out.Milli = in.Since, in.Until, in.Day, in.Milli
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip:\n in %+v\nout %+v", in, out)
	}
}

func TestBindRules(t *testing.T) {
	type T struct {
		A    []string `url:"a"`
		N    int      `url:"n"`
		B    bool     `url:"b"`
		F    float32  `url:"f"`
		I8   int8     `url:"i8"`
		Keep int      `url:"keep"`
		E    int      `url:"e"`
	}
	d := NewMultiDict(
		Field{Name: "a[1]", Value: "second"}, Field{Name: "a[0]", Value: "first"},
		Field{Name: "n", Value: "5"}, Field{Name: "n", Value: "6"},
		Field{Name: "b", Value: "on"}, Field{Name: "f", Value: "1.5"}, Field{Name: "e", Value: ""},
		Field{Name: "unknown", Value: "x"},
	)
	out := T{Keep: 9, E: 3}
	if err := d.Bind(&out, nil); err != nil {
		t.Fatal(err)
	}
	if strings.Join(out.A, ",") != "first,second" || out.N != 5 || !out.B || out.F != 1.5 || out.Keep != 9 || out.E != 0 {
		t.Errorf("%+v", out)
	}

	// Slice index cap: a[1234567890] must not allocate gigabytes.
	d = NewMultiDict(Field{Name: "a[1234567890]", Value: "x"}, Field{Name: "a[99999999999999999999]", Value: "y"}, Field{Name: "a[2]", Value: "z"})
	out = T{}
	err := d.Bind(&out, nil)
	var be *BindError
	if !errors.As(err, &be) || len(be.Errors) != 2 || !errors.Is(err, ErrSliceIndex) {
		t.Fatalf("index cap: %v", err)
	}
	if len(out.A) != 3 || out.A[2] != "z" {
		t.Errorf("the good index is still bound: %q", out.A)
	}
	// At the cap and past it.
	d = NewMultiDict(Field{Name: "a[5]", Value: "x"})
	if err := d.Bind(&out, &Options{MaxSliceIndex: 5}); err != nil || len(out.A) != 6 {
		t.Errorf("at cap: %v %d", err, len(out.A))
	}
	d = NewMultiDict(Field{Name: "a[6]", Value: "x"})
	if err := d.Bind(&out, &Options{MaxSliceIndex: 5}); !errors.Is(err, ErrSliceIndex) {
		t.Errorf("past cap: %v", err)
	}

	// Per-field errors; the others are set.
	d = NewMultiDict(Field{Name: "n", Value: "x"}, Field{Name: "i8", Value: "300"}, Field{Name: "b", Value: "maybe"}, Field{Name: "f", Value: "2"})
	out = T{}
	err = d.Bind(&out, nil)
	if !errors.As(err, &be) || len(be.Errors) != 3 || !errors.Is(err, ErrInvalidParam) || out.F != 2 {
		t.Fatalf("errors: %v %+v", err, out)
	}
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Key != "n" || fe.Field != "N" || fe.Value != "x" {
		t.Errorf("field error %+v", fe)
	}
	if !strings.Contains(err.Error(), `"n"`) || !strings.Contains(err.Error(), "2 more") {
		t.Errorf("message %q", err.Error())
	}

	// Unknown keys.
	d = NewMultiDict(Field{Name: "n", Value: "1"}, Field{Name: "zzz", Value: "1"})
	if err := d.Bind(&out, &Options{DisallowUnknownKeys: true}); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("unknown: %v", err)
	}
	if err := d.Bind(&out, nil); err != nil {
		t.Errorf("unknown ignored: %v", err)
	}

	// Bad targets.
	for _, dst := range []any{nil, out, (*T)(nil), new(int)} {
		if err := d.Bind(dst, nil); !errors.Is(err, ErrBindTarget) {
			t.Errorf("target %T: %v", dst, err)
		}
	}
	// A TextUnmarshaler error.
	type L struct {
		L level `url:"l"`
	}
	if err := NewMultiDict(Field{Name: "l", Value: "mid"}).Bind(&L{}, nil); !errors.Is(err, ErrInvalidParam) {
		t.Errorf("text unmarshaler: %v", err)
	}
}

func TestBindRequest(t *testing.T) {
	type In struct {
		Name string `url:"name" json:"name"`
		Age  int    `url:"age" json:"age"`
		Page int    `url:"page" json:"-"`
	}
	// Query then form: the query value wins for scalars.
	r := MustBlank("/?page=3&name=q", WithForm(url.Values{"name": {"form"}, "age": {"41"}}))
	var in In
	if err := r.Bind(&in); err != nil || in.Name != "q" || in.Age != 41 || in.Page != 3 {
		t.Fatalf("%+v %v", in, err)
	}
	// JSON body after the query.
	r = MustBlank("/?page=2", WithJSON(map[string]any{"name": "j", "age": 7}))
	in = In{}
	if err := r.Bind(&in); err != nil || in.Name != "j" || in.Age != 7 || in.Page != 2 {
		t.Fatalf("json %+v %v", in, err)
	}
	r = MustBlank("/", WithBody("application/json", []byte("{")))
	if err := r.Bind(&in); !errors.Is(err, ErrInvalidJSON) {
		t.Fatalf("bad json: %v", err)
	}
	// A parameter error comes first.
	r = MustBlank("/?age=%zz")
	if err := r.Bind(&in); err == nil {
		t.Fatal("bad escape bound")
	}
	// DisallowUnknownKeys and MaxSliceIndex through Options.
	r = MustBlank("/?zzz=1", WithOptions(&Options{DisallowUnknownKeys: true}))
	if err := r.Bind(&in); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("strict: %v", err)
	}
	type S struct {
		A []int `url:"a"`
	}
	r = MustBlank("/?a[3]=1", WithOptions(&Options{MaxSliceIndex: 2}))
	if err := r.Bind(&S{}); !errors.Is(err, ErrSliceIndex) {
		t.Fatalf("max index: %v", err)
	}
}

type csvDecoder struct{ vals []string }

func (c *csvDecoder) DecodeValues(key string, d *MultiDict) error {
	c.vals = strings.Split(d.Get(key), ":")
	return nil
}

func TestBindValuesDecoder(t *testing.T) {
	type T struct {
		C csvDecoder  `url:"c"`
		P *csvDecoder `url:"p"`
	}
	var out T
	if err := NewMultiDict(Field{Name: "c", Value: "a:b"}, Field{Name: "p", Value: "x"}).Bind(&out, nil); err != nil {
		t.Fatal(err)
	}
	if strings.Join(out.C.vals, ",") != "a,b" || out.P == nil || out.P.vals[0] != "x" {
		t.Errorf("%+v", out)
	}
}
