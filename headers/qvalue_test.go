package headers

import (
	"math"
	"regexp"
	"strconv"
	"testing"
)

func TestParseQValueReadsTheRFC9110Grammar(t *testing.T) {
	for s, want := range map[string]int{
		"0": 0, "1": 1000, "0.": 0, "1.": 1000, "0.5": 500, "0.05": 50, "0.005": 5,
		"0.123": 123, "0.999": 999, "1.0": 1000, "1.00": 1000, "1.000": 1000, "0.000": 0,
	} {
		if q, ok := ParseQValue(s); !ok || q != want {
			t.Errorf("ParseQValue(%q) = %d, %v; want %d, true", s, q, ok, want)
		}
	}
	for _, s := range []string{
		"", "1.5", "1.001", "1.0000", "0.1234", "2", "-1", "+1", ".5", "0,5", "1e0",
		" 1", "1 ", `"1"`, "0.5x", "00", "01", "0..", "1.a", "q=1",
	} {
		if q, ok := ParseQValue(s); ok {
			t.Errorf("ParseQValue(%q) = %d, true; want not a qvalue", s, q)
		}
	}
}

func TestLookupParamFindsTheFirstNamedParameter(t *testing.T) {
	for _, c := range []struct {
		params, name, value string
		ok                  bool
	}{
		{";level=1", "level", "1", true},
		{" ; LEVEL=1", "level", "1", true},
		{";a=1;level=2;level=3", "Level", "2", true},
		{`;a="x\"y";b=2`, "a", `x"y`, true},
		{`;a="x,y";b=2`, "b", "2", true},
		{";;a=1", "a", "1", true},
		{"", "a", "", false},
		{";a=1", "b", "", false},
		{";a=1, b=2", "b", "", false},  // the comma ends the parameters
		{";a;b=2", "b", "", false},     // a syntax error stops the search
		{";a=1 ;b =2", "b", "", false}, // no white space around "="
		{"x;a=1", "a", "", false},      // not parameter text
		{";a=1;;", "", "", false},      // an empty name is never a parameter
		{";q=0.5;charset=x", "q", "0.5", true},
	} {
		v, ok := LookupParam(c.params, c.name)
		if v != c.value || ok != c.ok {
			t.Errorf("LookupParam(%q, %q) = %q, %v; want %q, %v", c.params, c.name, v, ok, c.value, c.ok)
		}
	}
}

func TestLookupParamDoesNotAllocate(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { _, _ = LookupParam(`;a=1; b="two";Level=3`, "level") }); n != 0 {
		t.Errorf("LookupParam allocates %v times", n)
	}
}

// qvalueRE is the qvalue rule of RFC 9110 §12.4.2 written out as a regular
// expression: a slow reference for ParseQValue.
var qvalueRE = regexp.MustCompile(`^(0(\.[0-9]{0,3})?|1(\.0{0,3})?)$`)

func referenceQValue(s string) (int, bool) {
	if !qvalueRE.MatchString(s) {
		return 0, false
	}
	if s[len(s)-1] == '.' {
		s += "0"
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false
	}
	return int(math.Round(f * 1000)), true
}

func TestParseQValueAgreesWithTheReferenceOnEveryShortString(t *testing.T) {
	// Every string of up to 5 bytes over the alphabet that matters.
	alphabet := []byte("019.5 x-")
	var walk func(b []byte)
	walk = func(b []byte) {
		s := string(b)
		q, ok := ParseQValue(s)
		rq, rok := referenceQValue(s)
		if q != rq || ok != rok {
			t.Fatalf("ParseQValue(%q) = %d, %v; reference %d, %v", s, q, ok, rq, rok)
		}
		if len(b) == 6 {
			return
		}
		for _, c := range alphabet {
			walk(append(b, c))
		}
	}
	walk(nil)
}

func FuzzParseQValue(f *testing.F) {
	for _, s := range []string{"0", "1", "0.5", "1.000", "1.001", "0.1234", ".5", "1.", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, ok := ParseQValue(s)
		rq, rok := referenceQValue(s)
		if q != rq || ok != rok {
			t.Fatalf("ParseQValue(%q) = %d, %v; reference %d, %v", s, q, ok, rq, rok)
		}
	})
}

// FuzzLookupParam checks LookupParam against ConsumeParams: on text that
// ConsumeParams reads, each parameter is found with its value, and a name
// it does not hold is not found.
func FuzzLookupParam(f *testing.F) {
	for _, s := range []string{";a=1", `; b="x\"y"; A=2`, ";;c=3", ";level=1;q=0.5", ""} {
		f.Add(s, "a")
	}
	f.Fuzz(func(t *testing.T, s, name string) {
		v, ok := LookupParam(s, name)
		ps, _, err := ConsumeParams(s)
		if err != nil {
			return
		}
		want, wok := ps.Get(name)
		if name == "" {
			want, wok = "", false
		}
		if v != want || ok != wok {
			t.Fatalf("LookupParam(%q, %q) = %q, %v; ConsumeParams says %q, %v", s, name, v, ok, want, wok)
		}
	})
}
