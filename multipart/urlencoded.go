package multipart

import (
	"io"
	"strings"
)

// application/x-www-form-urlencoded (WHATWG URL Standard §5):
//
//	body  = [ pair *( "&" pair ) ]
//	pair  = name [ "=" value ]
//
// "&" is the only separator: ";" is an ordinary byte (a=1;b=2 is one pair
// named "a" with value "1;b=2"). Empty pairs are skipped, a pair without
// "=" has an empty value, "+" means a space and "%XX" a byte.

// urlSpecial marks the bytes that stop the no-unescaping fast path.
var urlSpecial = [256]bool{'%': true, '+': true}

// ParseURLEncoded parses an urlencoded string such as a URL query or a
// form body into its pairs, in order. It allocates only the result slice
// and the names or values that hold "%" or "+"; the rest are slices of s.
//
// It is strict: a "%" not followed by two hex digits is an *EscapeError
// naming the pair's key (wrapping ErrInvalidEscape and ErrMalformed). A
// string longer than lim.MaxValueBytes, or with more than
// lim.MaxParams non-empty pairs, is a *LimitError. The empty
// string gives nil.
func ParseURLEncoded(s string, lim *Limits) ([]Field, error) {
	return parseURLEncoded(s, lim, true)
}

// ParseURLEncodedLenient is ParseURLEncoded that skips the pairs with a
// bad percent-escape and keeps every other pair. Limits still fail it:
// the skipped pairs count against MaxParams.
func ParseURLEncodedLenient(s string, lim *Limits) ([]Field, error) {
	return parseURLEncoded(s, lim, false)
}

func parseURLEncoded(s string, lim *Limits, strict bool) ([]Field, error) {
	var l limits
	if lim == nil {
		l.value, l.pairs = DefaultMaxValueBytes, DefaultMaxParams
	} else {
		l = resolve(lim)
	}
	if int64(len(s)) > l.value {
		return nil, limitErr("MaxValueBytes", l.value, "")
	}
	if s == "" {
		return nil, nil
	}
	n := int64(strings.Count(s, "&")) + 1
	fields := make([]Field, 0, min(n, l.pairs))
	var pairs int64
	for s != "" {
		pair := s
		if i := strings.IndexByte(s, '&'); i >= 0 {
			pair, s = s[:i], s[i+1:]
		} else {
			s = ""
		}
		if pair == "" {
			continue
		}
		pairs++
		if pairs > l.pairs {
			return nil, limitErr("MaxParams", l.pairs, "")
		}
		key, val := pair, ""
		if i := strings.IndexByte(pair, '='); i >= 0 {
			key, val = pair[:i], pair[i+1:]
		}
		k, ok1 := unescape(key)
		v, ok2 := unescape(val)
		if !ok1 || !ok2 {
			if strict {
				return nil, &EscapeError{Key: key}
			}
			continue
		}
		fields = append(fields, Field{Name: k, Value: v})
	}
	return fields, nil
}

// unescape decodes "+" and "%XX" in s, returning s itself when it holds
// neither. ok is false for a bad escape.
func unescape(s string) (string, bool) {
	i := 0
	for i < len(s) && !urlSpecial[s[i]] {
		i++
	}
	if i == len(s) {
		return s, true
	}
	var b strings.Builder // one allocation, no copy on String
	b.Grow(len(s))
	b.WriteString(s[:i])
	for ; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			b.WriteByte(' ')
		case '%':
			if i+2 >= len(s) {
				return "", false
			}
			hi, lo := unhex[s[i+1]], unhex[s[i+2]]
			if hi|lo == 0xFF {
				return "", false
			}
			b.WriteByte(hi<<4 | lo)
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), true
}

// unhex maps hex digits to their value and every other byte to 0xFF, so
// hi|lo == 0xFF exactly when either byte is not a hex digit.
var unhex = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xFF
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = byte(c - 'a' + 10)
		t[c-'a'+'A'] = byte(c - 'a' + 10)
	}
	return t
}()

// ReadURLEncoded reads an application/x-www-form-urlencoded body and
// parses it strictly, as ParseURLEncoded does. A body longer than
// lim.MaxBodyBytes or lim.MaxValueBytes, whichever is smaller, is a
// *LimitError naming that limit; no more than one byte past it is read.
// When the body has a _charset_ field, every name and value is decoded
// from that charset (see DecodeCharset); the _charset_ field is kept.
func ReadURLEncoded(r io.Reader, lim *Limits) ([]Field, error) {
	l := resolve(lim)
	max, name := l.value, "MaxValueBytes"
	if l.body <= max {
		max, name = l.body, "MaxBodyBytes"
	}
	buf := make([]byte, 0, 512)
	for zero := 0; ; {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		room := cap(buf) - len(buf)
		if left := max - int64(len(buf)); left < int64(room) {
			room = int(left) + 1
		}
		n, err := r.Read(buf[len(buf) : len(buf)+room])
		if n < 0 || n > room {
			n = 0
		}
		buf = buf[:len(buf)+n]
		if zero = zero + 1; n > 0 {
			zero = 0
		} else if zero == 100 && err == nil {
			return nil, io.ErrNoProgress
		}
		if int64(len(buf)) > max {
			return nil, limitErr(name, max, "")
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	fields, err := ParseURLEncoded(string(buf), lim)
	if err != nil {
		return nil, err
	}
	cs := ""
	for _, f := range fields {
		if f.Name == "_charset_" {
			cs = f.Value
			break
		}
	}
	if cs == "" {
		return fields, nil
	}
	for i := range fields {
		f := &fields[i]
		if f.Name == "_charset_" {
			continue
		}
		if f.Name, err = DecodeCharset(f.Name, cs); err != nil {
			return nil, err
		}
		if f.Value, err = DecodeCharset(f.Value, cs); err != nil {
			return nil, err
		}
	}
	return fields, nil
}

// urlKeep marks the bytes AppendURLEncoded writes as they are: ALPHA,
// DIGIT, "-", ".", "_", "~" (RFC 3986 unreserved).
var urlKeep = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c], t[c-'a'+'A'] = true, true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	t['-'], t['.'], t['_'], t['~'] = true, true, true, true
	return t
}()

// AppendURLEncoded appends fields to dst as an urlencoded string
// ("a=1&b=x+y"), escaping every byte but the unreserved ones and writing
// spaces as "+". Parsing the result gives fields back.
func AppendURLEncoded(dst []byte, fields []Field) []byte {
	const hex = "0123456789ABCDEF"
	esc := func(dst []byte, s string) []byte {
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case urlKeep[c]:
				dst = append(dst, c)
			case c == ' ':
				dst = append(dst, '+')
			default:
				dst = append(dst, '%', hex[c>>4], hex[c&15])
			}
		}
		return dst
	}
	for i, f := range fields {
		if i > 0 {
			dst = append(dst, '&')
		}
		dst = esc(dst, f.Name)
		dst = append(dst, '=')
		dst = esc(dst, f.Value)
	}
	return dst
}
