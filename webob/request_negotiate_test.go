package webob

import (
	"errors"
	"strings"
	"testing"

	"github.com/webob-go/webob/negotiate"
)

func TestNegotiatedHeaders(t *testing.T) {
	r := newReq("GET", "/", "", "Accept", "text/html", "Accept-Language", "da, en-gb;q=0.8")
	if got := r.NegotiatedHeaders(); got != nil {
		t.Fatalf("before: %v", got)
	}
	if best, _ := r.AcceptLanguage().Best("en-gb", "da"); best != "da" {
		t.Errorf("language best %q", best)
	}
	if got := r.NegotiatedHeaders(); strings.Join(got, ",") != "Accept-Language" {
		t.Fatalf("after language: %v", got)
	}
	r.Accept()
	r.AcceptEncoding()
	r.AcceptCharset()
	if got := r.NegotiatedHeaders(); strings.Join(got, ",") != "Accept,Accept-Charset,Accept-Encoding,Accept-Language" {
		t.Fatalf("all: %v", got)
	}
	// Missing and invalid headers are recorded too: the choice still
	// depended on them.
	r = newReq("GET", "/", "", "Accept", "text/html;q=2")
	a, err := r.ParseAccept()
	if a.State() != negotiate.Invalid || err == nil || !errors.Is(err, negotiate.ErrInvalidHeader) {
		t.Fatalf("invalid accept: %v %v", a.State(), err)
	}
	if r.Accept().State() != negotiate.Invalid || len(r.NegotiatedHeaders()) != 1 {
		t.Fatal("state or record")
	}
	if r.AcceptEncoding().State() != negotiate.Missing {
		t.Fatal("missing")
	}
}
