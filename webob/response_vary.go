package webob

import (
	"strings"

	"github.com/webob-go/webob/headers"
)

// Vary returns the field names of the Vary header, in order, from every
// Vary line ("*" is returned as a name). None gives nil.
func (r *Response) Vary() []string {
	var out []string
	for v := range headers.List(r.values("Vary")) {
		out = append(out, v)
	}
	return out
}

// varyHas reports whether lines already list name (or "*").
func varyHas(lines []string, name string) bool {
	for v := range headers.List(lines) {
		if v == "*" || headers.EqualFold(v, name) {
			return true
		}
	}
	return false
}

// AddVary adds field names to Vary, skipping those already listed
// (compared case-insensitively) so a name never appears twice. Adding "*"
// replaces the list with "*", after which nothing more is added. A name
// that is not a token is refused with an error wrapping ErrInvalidHeader
// and nothing is changed.
func (r *Response) AddVary(names ...string) error {
	for _, n := range names {
		if !headers.ValidToken(n) {
			return checkField(n, "")
		}
	}
	for _, n := range names {
		if n == "*" {
			r.set("Vary", "*")
			return nil
		}
	}
	r.addVary(names)
	return nil
}

// addVary adds already-validated names, none of them "*".
func (r *Response) addVary(names []string) {
	lines := r.values("Vary")
	if len(lines) == 0 && !hasDupFold(names) {
		// The common case: no Vary yet. Share names (clipped, so an
		// append never writes into the caller's array).
		r.Header()["Vary"] = names[:len(names):len(names)]
		return
	}
	var add []string
	for _, n := range names {
		if !varyHas(lines, n) && !varyHas(add, n) {
			add = append(add, n)
		}
	}
	if len(add) == 0 {
		return
	}
	h := r.Header()
	h["Vary"] = append(h["Vary"][:len(h["Vary"]):len(h["Vary"])], strings.Join(add, ", "))
}

// SetVary replaces Vary with names (none removes it). Names that are not
// tokens are refused.
func (r *Response) SetVary(names ...string) error {
	for _, n := range names {
		if !headers.ValidToken(n) {
			return checkField(n, "")
		}
	}
	r.del("Vary")
	if len(names) > 0 {
		r.set("Vary", strings.Join(names, ", "))
	}
	return nil
}

// hasDupFold reports whether names holds the same name twice, ignoring
// case.
func hasDupFold(names []string) bool {
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			if headers.EqualFold(names[i], names[j]) {
				return true
			}
		}
	}
	return false
}
