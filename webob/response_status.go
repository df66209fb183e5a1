package webob

import "net/http"

// genericReasons are the reason phrases WebOb gives to codes it does not
// know, by class.
var genericReasons = [6]string{
	1: "Continue",
	2: "Success",
	3: "Multiple Choices",
	4: "Unknown Client Error",
	5: "Unknown Server Error",
}

// StatusText returns the reason phrase of code: the registered phrase
// (http.StatusText) when there is one, else the generic phrase of its
// class as WebOb gives it ("Success", "Unknown Client Error", ...), else
// "" for a code outside 100–599.
func StatusText(code int) string {
	if t := http.StatusText(code); t != "" {
		return t
	}
	if code >= 100 && code < 600 {
		return genericReasons[code/100]
	}
	return ""
}

// Status returns the status code and its reason phrase, such as
// "404 Not Found", as http.Response.Status holds it (WebOb's
// Response.status). The phrase is Reason, or StatusText when that is "".
func (r *Response) Status() string {
	code := r.code()
	reason := r.Reason()
	if reason == "" {
		reason = StatusText(code)
	}
	return itoa3(code) + " " + reason
}

// itoa3 formats a status code; codes are three digits on the wire, other
// values are formatted in full.
func itoa3(code int) string {
	if code >= 100 && code <= 999 {
		return string([]byte{byte('0' + code/100), byte('0' + code/10%10), byte('0' + code%10)})
	}
	return formatInt(int64(code))
}
