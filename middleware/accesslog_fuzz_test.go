package middleware

import (
	"strconv"
	"strings"
	"testing"
)

// unescapeLogItem reverses appendEscaped.
func unescapeLogItem(s string) (string, bool) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(s) {
			return "", false
		}
		i++
		switch s[i] {
		case '"', '\\':
			b.WriteByte(s[i])
		case 'b':
			b.WriteByte('\b')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'v':
			b.WriteByte('\v')
		case 'x':
			if i+2 >= len(s) {
				return "", false
			}
			n, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if err != nil {
				return "", false
			}
			b.WriteByte(byte(n))
			i += 2
		default:
			return "", false
		}
	}
	return b.String(), true
}

// FuzzAppendEscaped: an escaped log item holds only printable ASCII, no
// unescaped quote, and unescapes to the input.
func FuzzAppendEscaped(f *testing.F) {
	for _, s := range []string{"", "plain", `a"b\c`, "\x00\x1f\x7f\x80\xff", "é\r\n\t\b\v", `\x41`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := string(appendEscaped(nil, s))
		for i := 0; i < len(out); i++ {
			if c := out[i]; c < 0x20 || c >= 0x7f {
				t.Fatalf("byte %#x in %q", c, out)
			}
			if out[i] == '"' && (i == 0 || out[i-1] != '\\') {
				t.Fatalf("unescaped quote in %q", out)
			}
		}
		back, ok := unescapeLogItem(out)
		if !ok || back != s {
			t.Fatalf("%q -> %q -> %q (%v)", s, out, back, ok)
		}
	})
}
