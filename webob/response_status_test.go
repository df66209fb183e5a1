package webob

import "testing"

func TestStatusText(t *testing.T) {
	// WebOb facts: status_code = 299 gives "299 Success"; unknown codes get
	// their class's generic reason.
	for _, c := range []struct {
		code int
		want string
	}{
		{200, "OK"}, {404, "Not Found"}, {299, "Success"}, {199, "Continue"},
		{399, "Multiple Choices"}, {499, "Unknown Client Error"}, {599, "Unknown Server Error"},
		{600, ""}, {0, ""}, {-1, ""},
	} {
		if got := StatusText(c.code); got != c.want {
			t.Errorf("StatusText(%d) = %q, want %q", c.code, got, c.want)
		}
	}
	r := NewResponse(299)
	if got := r.Status(); got != "299 Success" {
		t.Errorf("Status = %q", got)
	}
	r = NewResponse(0)
	if r.StatusCode != 200 || r.Status() != "200 OK" {
		t.Errorf("zero status: %d %q", r.StatusCode, r.Status())
	}
	r.SetReason("Fine")
	if r.Status() != "200 Fine" {
		t.Errorf("custom reason: %q", r.Status())
	}
}
