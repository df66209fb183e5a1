package oneline

import (
	"errors"
	"io"
	"strings"
	"testing"
)

var (
	errA = errors.New("pkg: what a")
	errB = errors.New("pkg: what b")
	errC = errors.New("other: what c")
)

func TestJoinPrintsOneLineAndIsEachPart(t *testing.T) {
	multi := errors.Join(errors.New("x: one"), errors.New("x: two")) // two lines
	err := Join(errA, nil, errB, errC, multi)
	want := "pkg: what a: what b: other: what c: x: one; x: two"
	if got := err.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	for _, part := range []error{errA, errB, errC, multi} {
		if !errors.Is(err, part) {
			t.Errorf("not Is %v", part)
		}
	}
	if errors.Is(err, io.EOF) {
		t.Error("Is an unrelated error")
	}
	if Join() != nil || Join(nil, nil) != nil {
		t.Error("Join of nothing is not nil")
	}
}

func TestDetailPrintsErrorDetailCause(t *testing.T) {
	err := Detail(errA, "field \"x\"", errB)
	if got, want := err.Error(), `pkg: what a: field "x": what b`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, errA) || !errors.Is(err, errB) {
		t.Error("parts not matched")
	}
	if got := Detail(errA, "").Error(); got != "pkg: what a" {
		t.Errorf("no detail: %q", got)
	}
	if got := Detail(errA, "d", nil).Error(); got != "pkg: what a: d" {
		t.Errorf("nil cause: %q", got)
	}
	var target *Error
	if !errors.As(Detail(errA, "x"), &target) {
		t.Error("not an *Error")
	}
}

func TestNewMatchesParentsWithoutPrintingThem(t *testing.T) {
	err := New("pkg: specific", errA, errC)
	if err.Error() != "pkg: specific" || !errors.Is(err, errA) || !errors.Is(err, errC) || errors.Is(err, errB) {
		t.Errorf("%q", err)
	}
	// A sentinel made by New can itself be a parent.
	if d := Detail(err, "x"); !errors.Is(d, errA) || d.Error() != "pkg: specific: x" {
		t.Errorf("%q", d)
	}
}

func TestQuoteEscapesAndCuts(t *testing.T) {
	if got, want := Quote("a\r\n\x00\xffé\"z"), `"a\r\n\x00\xff\u00e9\"z"`; got != want {
		t.Errorf("Quote = %s, want %s", got, want)
	}
	long := Quote(strings.Repeat("k", 1000))
	if len(long) != MaxQuote+2+3 || !strings.HasSuffix(long, `"...`) {
		t.Errorf("long value: %d bytes %q", len(long), long)
	}
}
