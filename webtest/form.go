package webtest

import (
	"bytes"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/webob-go/webob/multipart"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// field is one entry of a form data set (HTML "entry list").
type field struct {
	name, value string
	file        bool
	filename    string
	contentType string
	content     []byte
}

func sortFields(fs []field) {
	slices.SortStableFunc(fs, func(a, b field) int { return strings.Compare(a.name, b.name) })
}

// normalizeNewlines turns lone CR and LF into CRLF, as the HTML entry list
// conversion does before encoding.
func normalizeNewlines(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\r':
			b.WriteString("\r\n")
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
		case '\n':
			b.WriteString("\r\n")
		default:
			b.WriteByte(s[i])
		}
	}
	return b.String()
}

// appendFormEscaped writes s with the application/x-www-form-urlencoded
// byte serializer: alphanumerics and *-._ as they are, space as "+", the
// rest percent-encoded.
func appendFormEscaped(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '*', c == '-', c == '.', c == '_':
			b = append(b, c)
		case c == ' ':
			b = append(b, '+')
		default:
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return b
}

func urlencode(fs []field) string {
	var b []byte
	for i, f := range fs {
		if i > 0 {
			b = append(b, '&')
		}
		v := f.value
		if f.file {
			v = f.filename
		}
		b = appendFormEscaped(b, normalizeNewlines(f.name))
		b = append(b, '=')
		b = appendFormEscaped(b, normalizeNewlines(v))
	}
	return string(b)
}

// encodeFields encodes an entry list with enctype, returning the body and
// its Content-Type.
func encodeFields(enctype string, fs []field) (string, []byte, error) {
	switch enctype {
	case "multipart/form-data":
		var buf bytes.Buffer
		fw := multipart.NewFormWriter(&buf)
		for _, f := range fs {
			var err error
			if f.file {
				ct := f.contentType
				if ct == "" {
					ct = "application/octet-stream"
				}
				err = fw.WriteFile(normalizeNewlines(f.name), f.filename, ct, bytes.NewReader(f.content))
			} else {
				err = fw.WriteField(normalizeNewlines(f.name), normalizeNewlines(f.value))
			}
			if err != nil {
				return "", nil, err
			}
		}
		if err := fw.Close(); err != nil {
			return "", nil, err
		}
		return fw.FormDataContentType(), buf.Bytes(), nil
	case "text/plain":
		var b strings.Builder
		for _, f := range fs {
			v := f.value
			if f.file {
				v = f.filename
			}
			b.WriteString(normalizeNewlines(f.name))
			b.WriteByte('=')
			b.WriteString(normalizeNewlines(v))
			b.WriteString("\r\n")
		}
		return "text/plain", []byte(b.String()), nil
	}
	return "application/x-www-form-urlencoded", []byte(urlencode(fs)), nil
}

// A control is one form-associated element.
type control struct {
	node     *html.Node
	kind     string // input type (lower case), "select", "textarea", "button-submit", ...
	name     string
	value    string
	checked  bool
	disabled bool
	multiple bool
	options  []*option
	// a chosen file
	filename, fileCT string
	content          []byte
	hasFile          bool
}

type option struct {
	value    string
	selected bool
	disabled bool
}

// A Form is an HTML form of a Response, filled in by Set, Select, Check
// and Upload and sent by Submit with the entry list a browser would build
// (HTML §4.10.21.4): disabled controls and those without a name left out,
// unchecked checkboxes and radios left out, a checkbox or radio without
// value sending "on", the selected options of a select (the first enabled
// one when none is selected in a single select), textarea newlines as
// CRLF, the submitter button alone among buttons, and the enctype
// (urlencoded, multipart/form-data or text/plain) of the form or of the
// submitter's formenctype. Like Click, Submit adds Referer, Sec-Fetch-Site,
// Sec-Fetch-Mode and Sec-Fetch-Dest, and Origin for a POST.
type Form struct {
	resp     *Response
	node     *html.Node
	controls []*control
	// ID and Name are the form's id and name attributes.
	ID, Name string
	missing  bool // Response.Form found none: every use is a no-op
}

// Forms returns the forms of an HTML response, in document order. The
// same Form values are returned on every call, so what Set changed stays.
func (r *Response) Forms() []*Form {
	if r.forms == nil {
		r.forms = r.parseForms()
	}
	return r.forms
}

func (r *Response) parseForms() []*Form {
	doc := r.html()
	if doc == nil {
		return nil
	}
	forms := []*Form{}
	byID := map[string]*Form{}
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.DataAtom == atom.Form {
			f := &Form{resp: r, node: n}
			f.ID, _ = attr(n, "id")
			f.Name, _ = attr(n, "name")
			forms = append(forms, f)
			if f.ID != "" {
				if _, dup := byID[f.ID]; !dup {
					byID[f.ID] = f
				}
			}
		}
	}
	for n := range doc.Descendants() {
		if n.Type != html.ElementNode || n.Namespace != "" {
			continue
		}
		switch n.DataAtom {
		case atom.Input, atom.Button, atom.Select, atom.Textarea:
		default:
			continue
		}
		var owner *Form
		if id, ok := attr(n, "form"); ok {
			owner = byID[id]
		} else {
			for p := n.Parent; p != nil; p = p.Parent {
				if p.Type == html.ElementNode && p.DataAtom == atom.Form {
					for _, f := range forms {
						if f.node == p {
							owner = f
						}
					}
					break
				}
			}
		}
		if owner != nil {
			owner.controls = append(owner.controls, newControl(n))
		}
	}
	return forms
}

// Form returns the form with the given id or name (a string) or at the
// given index (an int) among Forms. No such form fails the test and
// returns an empty Form on which every method does nothing (Submit
// returns r), so a chain of calls goes on without a nil dereference.
func (r *Response) Form(idOrIndex any) *Form {
	r.app.tb.Helper()
	forms := r.Forms()
	switch k := idOrIndex.(type) {
	case int:
		if k >= 0 && k < len(forms) {
			return forms[k]
		}
	case string:
		for _, f := range forms {
			if f.ID == k {
				return f
			}
		}
		for _, f := range forms {
			if f.Name == k {
				return f
			}
		}
	}
	r.app.tb.Errorf("webtest: %s %s: no form %v among %d", r.method, r.url, idOrIndex, len(forms))
	return &Form{resp: r, missing: true}
}

// inDisabledFieldset reports whether n is in a disabled fieldset and not
// in that fieldset's first legend.
func inDisabledFieldset(n *html.Node) bool {
	child := n
	for p := n.Parent; p != nil; child, p = p, p.Parent {
		if p.Type != html.ElementNode || p.DataAtom != atom.Fieldset {
			continue
		}
		if _, dis := attr(p, "disabled"); !dis {
			continue
		}
		var legend *html.Node
		for c := p.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.DataAtom == atom.Legend {
				legend = c
				break
			}
		}
		if legend == nil || child != legend {
			return true
		}
	}
	return false
}

func newControl(n *html.Node) *control {
	c := &control{node: n}
	c.name, _ = attr(n, "name")
	_, c.disabled = attr(n, "disabled")
	c.disabled = c.disabled || inDisabledFieldset(n)
	switch n.DataAtom {
	case atom.Input:
		t, _ := attr(n, "type")
		c.kind = strings.ToLower(strings.TrimSpace(t))
		switch c.kind {
		case "hidden", "text", "search", "url", "tel", "email", "password", "date", "month", "week", "time",
			"datetime-local", "number", "range", "color", "checkbox", "radio", "file", "submit", "image",
			"reset", "button":
		default:
			c.kind = "text"
		}
		v, hasValue := attr(n, "value")
		c.value = v
		switch c.kind {
		case "checkbox", "radio":
			if !hasValue {
				c.value = "on"
			}
			_, c.checked = attr(n, "checked")
		case "text", "search", "url", "tel", "email", "password", "hidden":
			if c.kind != "hidden" {
				c.value = strings.NewReplacer("\r", "", "\n", "").Replace(v)
			}
			if c.kind == "hidden" && !hasValue && strings.EqualFold(c.name, "_charset_") {
				c.value = "UTF-8"
			}
		case "submit":
			if !hasValue {
				c.value = "Submit"
			}
		}
	case atom.Button:
		t, _ := attr(n, "type")
		switch strings.ToLower(strings.TrimSpace(t)) {
		case "reset":
			c.kind = "reset"
		case "button":
			c.kind = "button"
		default:
			c.kind = "submit"
		}
		c.value, _ = attr(n, "value")
	case atom.Textarea:
		c.kind = "textarea"
		var b strings.Builder
		for d := n.FirstChild; d != nil; d = d.NextSibling {
			if d.Type == html.TextNode {
				b.WriteString(d.Data)
			}
		}
		c.value = b.String()
	case atom.Select:
		c.kind = "select"
		_, c.multiple = attr(n, "multiple")
		for d := range n.Descendants() {
			if d.Type != html.ElementNode || d.DataAtom != atom.Option {
				continue
			}
			o := &option{}
			v, ok := attr(d, "value")
			if !ok {
				v = textContent(d)
			}
			o.value = v
			_, o.selected = attr(d, "selected")
			_, o.disabled = attr(d, "disabled")
			if p := d.Parent; p != nil && p.Type == html.ElementNode && p.DataAtom == atom.Optgroup {
				if _, dis := attr(p, "disabled"); dis {
					o.disabled = true
				}
			}
			c.options = append(c.options, o)
		}
		size := 1
		if s, ok := attr(n, "size"); ok {
			if k, err := strconv.Atoi(strings.TrimSpace(s)); err == nil && k > 0 {
				size = k
			}
		}
		if !c.multiple {
			// The selectedness setting algorithm: the last selected
			// option wins; with display size 1 and none selected, the
			// first enabled option is.
			last := -1
			for i, o := range c.options {
				if o.selected {
					last = i
				}
				o.selected = false
			}
			if last < 0 && size == 1 {
				for i, o := range c.options {
					if !o.disabled {
						last = i
						break
					}
				}
			}
			if last >= 0 {
				c.options[last].selected = true
			}
		}
	}
	return c
}

func (f *Form) fail(format string, args ...any) {
	f.resp.app.tb.Helper()
	f.resp.app.tb.Errorf("webtest: form %s: "+format, append([]any{f.label()}, args...)...)
}

func (f *Form) label() string {
	switch {
	case f.ID != "":
		return strconv.Quote(f.ID)
	case f.Name != "":
		return strconv.Quote(f.Name)
	}
	return "at " + f.resp.url.String()
}

func (f *Form) named(name string) []*control {
	var out []*control
	for _, c := range f.controls {
		if c.name == name {
			out = append(out, c)
		}
	}
	return out
}

// Set sets the value of the field named name: the value of a text-like
// input or textarea, the option of a select, the checked radio of a group.
// A checkbox takes Check, a file input Upload; an unknown name fails the
// test.
func (f *Form) Set(name, value string) *Form {
	f.resp.app.tb.Helper()
	if f.missing {
		return f // already reported by Response.Form
	}
	cs := f.named(name)
	if len(cs) == 0 {
		f.fail("no field %q", name)
		return f
	}
	switch c := cs[0]; c.kind {
	case "select":
		return f.Select(name, value)
	case "radio":
		found := false
		for _, r := range cs {
			if r.kind == "radio" {
				r.checked = r.value == value
				found = found || r.checked
			}
		}
		if !found {
			f.fail("radio %q has no value %q", name, value)
		}
	case "checkbox":
		f.fail("field %q is a checkbox: use Check", name)
	case "file":
		f.fail("field %q is a file input: use Upload", name)
	case "submit", "image", "reset", "button":
		f.fail("field %q is a button", name)
	default:
		c.value = value
	}
	return f
}

// SetAt sets the value of the index-th (from 0) text-like input or
// textarea named name, for forms that repeat a name; no such field fails
// the test.
func (f *Form) SetAt(name string, index int, value string) *Form {
	f.resp.app.tb.Helper()
	if f.missing {
		return f
	}
	i := 0
	for _, c := range f.named(name) {
		switch c.kind {
		case "select", "radio", "checkbox", "file", "submit", "image", "reset", "button":
			continue
		}
		if i == index {
			c.value = value
			return f
		}
		i++
	}
	f.fail("no text field %q at index %d", name, index)
	return f
}

// Value returns the current value of the first field named name (the
// selected option of a select, the checked radio's value, "" for none).
func (f *Form) Value(name string) string {
	for _, c := range f.named(name) {
		switch c.kind {
		case "select":
			for _, o := range c.options {
				if o.selected {
					return o.value
				}
			}
			return ""
		case "radio", "checkbox":
			if c.checked {
				return c.value
			}
			continue
		}
		return c.value
	}
	return ""
}

// Select selects the options with the given values in the select named
// name and deselects the others; several values need a multiple select.
// An unknown value fails the test.
func (f *Form) Select(name string, values ...string) *Form {
	f.resp.app.tb.Helper()
	if f.missing {
		return f // already reported by Response.Form
	}
	var sel *control
	for _, c := range f.named(name) {
		if c.kind == "select" {
			sel = c
			break
		}
	}
	if sel == nil {
		f.fail("no select %q", name)
		return f
	}
	if len(values) > 1 && !sel.multiple {
		f.fail("select %q is not multiple", name)
		return f
	}
	for _, v := range values {
		if !slices.ContainsFunc(sel.options, func(o *option) bool { return o.value == v }) {
			f.fail("select %q has no option %q", name, v)
			return f
		}
	}
	for _, o := range sel.options {
		o.selected = slices.Contains(values, o.value)
	}
	return f
}

// Check checks the checkboxes named name: all of them, or those whose
// value is among values. No such checkbox fails the test.
func (f *Form) Check(name string, values ...string) *Form {
	f.resp.app.tb.Helper()
	f.check(name, true, values)
	return f
}

// Uncheck unchecks checkboxes as Check checks them.
func (f *Form) Uncheck(name string, values ...string) *Form {
	f.resp.app.tb.Helper()
	f.check(name, false, values)
	return f
}

func (f *Form) check(name string, on bool, values []string) {
	f.resp.app.tb.Helper()
	if f.missing {
		return
	}
	n := 0
	for _, c := range f.named(name) {
		if c.kind == "checkbox" && (len(values) == 0 || slices.Contains(values, c.value)) {
			c.checked = on
			n++
		}
	}
	if n == 0 || len(values) > 0 && n < len(values) {
		f.fail("no checkbox %q with values %q", name, values)
	}
}

// Upload chooses a file for the file input named name. contentType ""
// means application/octet-stream.
func (f *Form) Upload(name, filename, contentType string, content []byte) *Form {
	f.resp.app.tb.Helper()
	if f.missing {
		return f // already reported by Response.Form
	}
	for _, c := range f.named(name) {
		if c.kind == "file" {
			c.filename, c.fileCT, c.content, c.hasFile = filename, contentType, content, true
			return f
		}
	}
	f.fail("no file input %q", name)
	return f
}

// findButton returns the submit button that button names (by name, id or
// value, in that order) or, for "", the default button.
func (f *Form) findButton(button string) (*control, error) {
	isSubmit := func(c *control) bool { return c.kind == "submit" || c.kind == "image" }
	if button == "" {
		for _, c := range f.controls {
			if isSubmit(c) {
				if c.disabled {
					return nil, errors.New("the default button is disabled, so implicit submission does nothing")
				}
				return c, nil
			}
		}
		return nil, nil
	}
	for _, key := range []string{"name", "id", "value"} {
		for _, c := range f.controls {
			if !isSubmit(c) {
				continue
			}
			v, _ := attr(c.node, key)
			if key == "name" {
				v = c.name
			}
			if v == button {
				if c.disabled {
					return nil, errors.New("button " + strconv.Quote(button) + " is disabled")
				}
				return c, nil
			}
		}
	}
	return nil, errors.New("no submit button " + strconv.Quote(button))
}

// entries builds the entry list with submitter (may be nil).
func (f *Form) entries(submitter *control) []field {
	var fs []field
	for _, c := range f.controls {
		if c.disabled {
			continue
		}
		if c.kind == "image" {
			if c == submitter {
				p := ""
				if c.name != "" {
					p = c.name + "."
				}
				fs = append(fs, field{name: p + "x", value: "0"}, field{name: p + "y", value: "0"})
			}
			continue
		}
		if c.name == "" {
			continue
		}
		switch c.kind {
		case "submit":
			if c == submitter {
				fs = append(fs, field{name: c.name, value: c.value})
			}
		case "reset", "button":
		case "checkbox", "radio":
			if c.checked {
				fs = append(fs, field{name: c.name, value: c.value})
			}
		case "select":
			for _, o := range c.options {
				if o.selected && !o.disabled {
					fs = append(fs, field{name: c.name, value: o.value})
				}
			}
		case "file":
			ct := c.fileCT
			if !c.hasFile {
				ct = "application/octet-stream"
			}
			fs = append(fs, field{name: c.name, file: true, filename: c.filename, contentType: ct, content: c.content})
		default:
			fs = append(fs, field{name: c.name, value: c.value})
		}
	}
	return fs
}

// Submit submits the form with the submit button named (by name, id or
// value) button, or without one as pressing Enter does: with the form's
// first submit button as submitter, if any (HTML implicit submission).
func (f *Form) Submit(button ...string) *Response {
	f.resp.app.tb.Helper()
	b := ""
	if len(button) > 0 {
		b = button[0]
	}
	return f.SubmitWith(b)
}

// SubmitWith is Submit with request options (an expected Status, say).
func (f *Form) SubmitWith(button string, opts ...RequestOption) *Response {
	f.resp.app.tb.Helper()
	if f.missing {
		return f.resp // already reported by Response.Form
	}
	sub, err := f.findButton(button)
	if err != nil {
		f.fail("%v", err)
		return f.resp
	}
	method, _ := attr(f.node, "method")
	action, hasAction := attr(f.node, "action")
	enctype, _ := attr(f.node, "enctype")
	if sub != nil {
		if v, ok := attr(sub.node, "formmethod"); ok {
			method = v
		}
		if v, ok := attr(sub.node, "formaction"); ok {
			action, hasAction = v, true
		}
		if v, ok := attr(sub.node, "formenctype"); ok {
			enctype = v
		}
	}
	method = strings.ToUpper(strings.TrimSpace(method))
	if method != http.MethodPost {
		method = http.MethodGet
	}
	switch enctype = strings.ToLower(strings.TrimSpace(enctype)); enctype {
	case "multipart/form-data", "text/plain":
	default:
		enctype = "application/x-www-form-urlencoded"
	}
	target := f.resp.url
	if hasAction && strings.TrimSpace(action) != "" {
		u, err := f.resp.resolveRef(action)
		if err != nil {
			f.fail("action %q: %v", action, err)
			return f.resp
		}
		target = u
	} else {
		u := *target
		target = &u
	}
	fs := f.entries(sub)
	rc := &reqConfig{}
	for _, o := range opts {
		if o != nil {
			o(rc)
		}
	}
	rc.navigation(f.resp.url, target, method)
	if method == http.MethodGet {
		u := *target
		u.RawQuery = urlencode(fs)
		return f.resp.app.do(method, &u, "", nil, rc)
	}
	ct, body, err := encodeFields(enctype, fs)
	if err != nil {
		f.fail("%v", err)
		return f.resp
	}
	return f.resp.app.do(method, target, ct, body, rc)
}
