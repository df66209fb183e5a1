package qlist

import (
	"fmt"
	"strconv"
	"testing"
)

// slowQ is the qvalue grammar of RFC 9110 §12.4.2 written out:
// ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
func slowQ(s string) (int, bool) {
	if s == "0" || s == "1" {
		return int(s[0]-'0') * QOne, true
	}
	if len(s) < 2 || len(s) > 5 || s[1] != '.' {
		return 0, false
	}
	for _, c := range s[2:] {
		if c < '0' || c > '9' || (s[0] == '1' && c != '0') {
			return 0, false
		}
	}
	if s[0] == '1' {
		return QOne, true
	}
	if s[0] != '0' {
		return 0, false
	}
	frac := s[2:] + "000"
	n, _ := strconv.Atoi(frac[:3])
	return n, true
}

func TestParseQMatchesTheGrammar(t *testing.T) {
	var inputs []string
	for _, p := range []string{"0", "1", "2", ".", "-"} {
		inputs = append(inputs, p, p+".")
		for i := range 1000 {
			inputs = append(inputs, p+"."+fmt.Sprint(i), p+"."+fmt.Sprintf("%03d", i), p+"."+fmt.Sprintf("%04d", i))
		}
	}
	inputs = append(inputs, "", "00", "01", "1.0a", "0.5 ", "+0.5", "0x1")
	for _, s := range inputs {
		gq, gok := ParseQ(s)
		wq, wok := slowQ(s)
		if gok != wok || gq != wq {
			t.Errorf("ParseQ(%q) = %d %v, grammar says %d %v", s, gq, gok, wq, wok)
		}
	}
}

// TestSimpleAgreesWithNext: for every element Simple accepts, Next gives
// the same value, weight and end.
func TestSimpleAgreesWithNext(t *testing.T) {
	for _, s := range []string{
		"text/html", " a/b ;q=0.5 , c", "a;Q=1.000,b", ",,a;q=0", "a/b/c;q=0.1", "*/*;q=0.8",
		"a ; q=0.5", "a;q=0.5;x=1", "a;x=1", `a;q="1"`, "a;q=1.5", "a b", "@", "",
	} {
		for i := 0; i <= len(s); {
			v, slash, _, q, next, done, ok := Simple(s, i)
			e, n, d := Next(s, i)
			if done != d {
				t.Fatalf("%q at %d: done %v vs %v", s, i, done, d)
			}
			if done {
				break
			}
			if ok && (!e.Valid || e.Value != v || e.Q != q || n != next || e.NParams != 0) {
				t.Errorf("%q at %d: Simple %q %d %d, Next %+v %d", s, i, v, q, next, e, n)
			}
			if ok && slash >= 0 && v[slash] != '/' {
				t.Errorf("%q: slash %d in %q", s, slash, v)
			}
			i = n
		}
	}
}
