// Package headers implements the HTTP field grammar of RFC 9110 and typed
// values for the common header fields, without doing any I/O.
//
// It is for code that needs to read or write a header value correctly: tokens,
// quoted strings, comma-separated lists spanning several field lines,
// parameters, qvalues (the weights of the Accept fields), RFC 8187 extended
// values, media types, Content-Disposition, HTTP dates, entity tags,
// Cache-Control, Range and Content-Range, authentication fields, Forwarded,
// and simple token lists. Every typed value that can be
// parsed can also be formatted, and formatting never emits CR, LF or NUL.
//
// One rule for writing a field value holds across this module:
// ValidFieldValueByte and SafeFieldValue say which bytes may be written
// (never CR, LF, NUL, another control byte but HTAB, or DEL), CheckField
// checks a name and value, and white space around a value is trimmed when
// it is written (TrimOWS), as net/http does. ValidFieldValue is the
// stricter check of a value as it appears on the wire.
//
// Errors are one line, "headers: what: detail", and match every sentinel
// they are made of with errors.Is.
//
// Functions take a string (one field value) or a []string (all the field
// lines of one header, as found in an http.Header). Parsers keep slices of
// their input where they can and allocate only when they must unescape.
//
// It is not for content negotiation (see package negotiate), cookies (see
// package cookies) or message bodies (see package multipart), and it never
// touches an http.Request or http.ResponseWriter itself.
package headers
