// Package oneline builds the errors of this module: messages of one line,
// "pkg: what: detail", that still match every error they are made of with
// errors.Is and errors.As. It replaces errors.Join (whose message has one
// line per error) and the fmt.Errorf("%w: %w") pattern, so every package
// wraps errors in one style.
package oneline

import (
	"strconv"
	"strings"
)

// Error is an error with a one-line message that wraps several errors:
// errors.Is and errors.As look at each of them.
type Error struct {
	msg    string  // the whole message, for New
	errs   []error // the wrapped errors; printed (after msg is "") in order
	detail string  // printed after errs[0]
}

// New returns a sentinel error whose message is msg and which matches
// (errors.Is) every one of parents, such as a package's "malformed input"
// marker. The parents are not printed.
func New(msg string, parents ...error) error {
	return &Error{msg: msg, errs: parents}
}

// Join returns an error wrapping every non-nil error of errs, printed as
// their messages joined by ": " on one line. A later message that starts
// with the same "pkg: " prefix as the first is printed without it, so
// Join(ErrInvalidMediaType, ErrDuplicateParam) reads "headers: invalid
// media type: duplicate parameter". Join returns nil when every error is
// nil.
func Join(errs ...error) error {
	return Detail(nil, "", errs...)
}

// Detail returns an error wrapping err and every non-nil error of causes,
// printed "err: detail: cause..." on one line (detail and causes left out
// when empty). With a nil err it is Join(causes...).
func Detail(err error, detail string, causes ...error) error {
	n := 0
	if err != nil {
		n++
	}
	for _, c := range causes {
		if c != nil {
			n++
		}
	}
	if n == 0 {
		return nil
	}
	all := make([]error, 0, n)
	if err != nil {
		all = append(all, err)
	}
	for _, c := range causes {
		if c != nil {
			all = append(all, c)
		}
	}
	return &Error{errs: all, detail: detail}
}

// Error returns the message: one line, with any line break of a wrapped
// error's message folded into "; ".
func (e *Error) Error() string {
	if e.msg != "" || len(e.errs) == 0 {
		return e.msg
	}
	first := e.errs[0].Error()
	prefix := pkgPrefix(first)
	var b strings.Builder
	b.WriteString(first)
	if e.detail != "" {
		b.WriteString(": ")
		b.WriteString(e.detail)
	}
	for _, err := range e.errs[1:] {
		b.WriteString(": ")
		m := err.Error()
		if prefix != "" && strings.HasPrefix(m, prefix) {
			m = m[len(prefix):]
		}
		b.WriteString(m)
	}
	return fold(b.String())
}

// Unwrap returns the wrapped errors, for errors.Is and errors.As.
func (e *Error) Unwrap() []error { return e.errs }

// pkgPrefix returns the "pkg: " that starts msg, or "".
func pkgPrefix(msg string) string {
	i := strings.Index(msg, ": ")
	if i <= 0 {
		return ""
	}
	for j := 0; j < i; j++ {
		if c := msg[j]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '/' || c == '_') {
			return ""
		}
	}
	return msg[:i+2]
}

// fold replaces every run of CR and LF in s by "; ".
func fold(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	var b strings.Builder
	for _, l := range strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' }) {
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString(l)
	}
	return b.String()
}

// MaxQuote is the number of bytes of a value Quote shows.
const MaxQuote = 64

// Quote quotes s for an error message: in double quotes with every byte
// outside printable ASCII escaped (strconv.QuoteToASCII), so a client's
// bytes are never echoed raw, and cut after MaxQuote bytes with "..."
// after the closing quote.
func Quote(s string) string {
	cut := false
	if len(s) > MaxQuote {
		s, cut = s[:MaxQuote], true
	}
	q := strconv.QuoteToASCII(s)
	if cut {
		q += "..."
	}
	return q
}
