package webob

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/webob-go/webob/internal/race"
)

func TestMultiDict(t *testing.T) {
	var nilD *MultiDict
	if nilD.Get("a") != "" || nilD.Has("a") || nilD.Len() != 0 || nilD.GetAll("a") != nil || nilD.Keys() != nil || nilD.Encode() != "" {
		t.Fatal("nil")
	}
	if _, err := nilD.GetOne("a"); !errors.Is(err, ErrMissingParam) {
		t.Fatal("nil GetOne")
	}
	d := NewMultiDict(Field{Name: "a", Value: "1"}, Field{Name: "b", Value: "2"}, Field{Name: "a", Value: "3"})
	if _, err := d.GetOne("a"); !errors.Is(err, ErrMultipleValues) {
		t.Errorf("GetOne several: %v", err)
	}
	var pe *ParamError
	if _, err := d.GetOne("z"); !errors.As(err, &pe) || pe.Key != "z" || err.Error() != `webob: parameter "z": missing parameter` {
		t.Errorf("GetOne none: %v", err)
	}
	if v, err := d.GetOne("b"); v != "2" || err != nil {
		t.Error("GetOne")
	}
	d.Set("a", "x")
	if d.Encode() != "a=x&b=2" {
		t.Errorf("Set: %s", d.Encode())
	}
	d.Add("c", "y z")
	d.Add("a", "&")
	if d.Encode() != "a=x&b=2&c=y+z&a=%26" {
		t.Errorf("Add: %s", d.Encode())
	}
	d.Del("a")
	if d.Encode() != "b=2&c=y+z" || d.Len() != 2 {
		t.Errorf("Del: %s", d.Encode())
	}
	d.Set("new", "1")
	if strings.Join(d.Keys(), ",") != "b,c,new" {
		t.Errorf("keys %v", d.Keys())
	}
	c := d.Copy()
	c.Set("b", "changed")
	if d.Get("b") != "2" {
		t.Error("copy shares")
	}
	if v := d.Values(); v.Get("c") != "y z" || len(v) != 3 {
		t.Errorf("values %v", v)
	}
	if m := MultiDictFromValues(d.Values()); m.Encode() != "b=2&c=y+z&new=1" {
		t.Errorf("from values %s", m.Encode())
	}
	n := 0
	for k, v := range d.All() {
		n++
		if k == "" || v == "" {
			t.Error("All")
		}
		break
	}
	if n != 1 {
		t.Error("All break")
	}

	typed := NewMultiDict(
		Field{Name: "i", Value: "42"}, Field{Name: "bad", Value: "4x"}, Field{Name: "f", Value: "2.5"},
		Field{Name: "nan", Value: "NaN"}, Field{Name: "b", Value: "on"}, Field{Name: "bb", Value: "maybe"},
		Field{Name: "t", Value: "2024-02-29"}, Field{Name: "big", Value: "9223372036854775807"},
	)
	if v, err := typed.Int("i", 7); v != 42 || err != nil {
		t.Error("Int")
	}
	if v, err := typed.Int("missing", 7); v != 7 || err != nil {
		t.Error("Int default")
	}
	if v, err := typed.Int("bad", 7); v != 7 || !errors.Is(err, ErrInvalidParam) || !errors.As(err, &pe) || pe.Key != "bad" {
		t.Errorf("Int bad: %v", err)
	}
	if v, err := typed.Int64("big", 0); v != 1<<63-1 || err != nil {
		t.Error("Int64")
	}
	if v, err := typed.Float("f", 0); v != 2.5 || err != nil {
		t.Error("Float")
	}
	if _, err := typed.Float("nan", 0); !errors.Is(err, ErrInvalidParam) {
		t.Error("Float NaN")
	}
	if v, err := typed.Bool("b", false); !v || err != nil {
		t.Error("Bool")
	}
	if v, err := typed.Bool("bb", true); !v || !errors.Is(err, ErrInvalidParam) {
		t.Error("Bool bad")
	}
	if v, err := typed.Time("t", time.DateOnly, time.Time{}); v.Day() != 29 || err != nil {
		t.Error("Time")
	}
	if _, err := typed.Time("i", time.DateOnly, time.Time{}); !errors.Is(err, ErrInvalidParam) {
		t.Error("Time bad")
	}
}

func TestKeysLinear(t *testing.T) {
	d := &MultiDict{}
	for i := range 100000 {
		d.Add(strconv.Itoa(i), "")
	}
	start := time.Now()
	if len(d.Keys()) != 100000 {
		t.Fatal("keys")
	}
	if el := time.Since(start); el > race.TimeBound {
		t.Fatalf("Keys took %v", el)
	}
}
