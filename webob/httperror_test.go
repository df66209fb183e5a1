package webob

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestStatusConstructors(t *testing.T) {
	for _, c := range []struct {
		e    *HTTPError
		code int
	}{
		{MultipleChoices("/a"), 300}, {MovedPermanently("/a"), 301}, {Found("/a"), 302},
		{SeeOther("/a"), 303}, {NotModified(), 304}, {UseProxy("/a"), 305},
		{TemporaryRedirect("/a"), 307}, {PermanentRedirect("/a"), 308}, {AddSlash(), 301},
		{BadRequest(), 400}, {Unauthorized(), 401}, {PaymentRequired(), 402}, {Forbidden(), 403},
		{NotFound(), 404}, {MethodNotAllowed([]string{"GET"}), 405}, {NotAcceptable(), 406},
		{ProxyAuthenticationRequired(), 407}, {RequestTimeout(), 408}, {Conflict(), 409},
		{Gone(), 410}, {LengthRequired(), 411}, {PreconditionFailed(), 412},
		{ContentTooLarge(), 413}, {URITooLong(), 414}, {UnsupportedMediaType(), 415},
		{RangeNotSatisfiable(10), 416}, {ExpectationFailed(), 417}, {Teapot(), 418},
		{MisdirectedRequest(), 421}, {UnprocessableContent(), 422}, {Locked(), 423},
		{FailedDependency(), 424}, {TooEarly(), 425}, {UpgradeRequired(), 426},
		{PreconditionRequired(), 428}, {TooManyRequests(), 429},
		{RequestHeaderFieldsTooLarge(), 431}, {UnavailableForLegalReasons(), 451},
		{InternalServerError(), 500}, {NotImplemented(), 501}, {BadGateway(), 502},
		{ServiceUnavailable(), 503}, {GatewayTimeout(), 504}, {HTTPVersionNotSupported(), 505},
		{VariantAlsoNegotiates(), 506}, {InsufficientStorage(), 507}, {LoopDetected(), 508},
		{NotExtended(), 510}, {NetworkAuthenticationRequired(), 511},
		{NewHTTPError(499, "x"), 499}, {&HTTPError{}, 500},
	} {
		t.Run(fmt.Sprint(c.code), func(t *testing.T) {
			if c.e.StatusCode() != c.code {
				t.Fatalf("StatusCode %d", c.e.StatusCode())
			}
			var err error = c.e
			if ErrorStatus(fmt.Errorf("wrapped: %w", err)) != c.code {
				t.Errorf("ErrorStatus of a wrapped error")
			}
			if !strings.Contains(c.e.Error(), fmt.Sprint(c.code)) {
				t.Errorf("Error() = %q", c.e.Error())
			}
			for _, accept := range []string{"text/html", "application/json", "application/problem+json", "text/plain", "image/png"} {
				hr := get("/dir?q=1", "Accept", accept)
				rec := httptest.NewRecorder()
				HandlerFunc(func(*Request) (*Response, error) { return nil, c.e }).ServeHTTP(rec, hr)
				if rec.Code != c.code {
					t.Errorf("%s: served %d", accept, rec.Code)
				}
				if !bodyAllowed(c.code) {
					if rec.Body.Len() != 0 {
						t.Errorf("%d has a body", c.code)
					}
					continue
				}
				ct := rec.Header().Get("Content-Type")
				wantCT := map[string]string{"text/html": ctTextHTML, "application/json": ctJSON,
					"application/problem+json": ctProblemJSON, "text/plain": ctTextPlain, "image/png": ctTextPlain}[accept]
				if ct != wantCT {
					t.Errorf("Accept %s: Content-Type %q", accept, ct)
				}
				if strings.HasSuffix(ct, "json") && !json.Valid(rec.Body.Bytes()) {
					t.Errorf("invalid JSON %q", rec.Body)
				}
				if rec.Header().Get("Vary") != "Accept" {
					t.Errorf("Vary %q", rec.Header().Get("Vary"))
				}
				if c.code/100 == 3 && rec.Header().Get("Location") == "" {
					t.Errorf("%d without Location", c.code)
				}
			}
		})
	}
}

func TestHTTPErrorHeaders(t *testing.T) {
	e := MethodNotAllowed([]string{"GET", "HEAD"})
	if e.Header.Get("Allow") != "GET, HEAD" {
		t.Errorf("Allow %q", e.Header.Get("Allow"))
	}
	r := RangeNotSatisfiable(4).Response(nil)
	if r.Header().Get("Content-Range") != "bytes */4" {
		t.Errorf("416 Content-Range %q", r.Header().Get("Content-Range"))
	}
	if RangeNotSatisfiable(-1).Header != nil {
		t.Error("416 with unknown length has a Content-Range")
	}
	u := Unauthorized("log in").WithHeader("WWW-Authenticate", `Basic realm="x"`).WithErr(errors.New("token expired"))
	rec := httptest.NewRecorder()
	HandlerFunc(func(*Request) (*Response, error) { return nil, u }).ServeHTTP(rec, get("/"))
	if rec.Header().Get("WWW-Authenticate") != `Basic realm="x"` {
		t.Errorf("WWW-Authenticate %q", rec.Header().Get("WWW-Authenticate"))
	}
	if strings.Contains(rec.Body.String(), "token expired") {
		t.Error("internal error leaked to the client")
	}
	if !errors.Is(u, u.Err) || errors.Unwrap(u) != u.Err {
		t.Error("Unwrap")
	}
	// A header value with CRLF never goes out.
	bad := Found("/ok").WithHeader("X-Evil", "a\r\nSet-Cookie: x=1")
	rec = httptest.NewRecorder()
	HandlerFunc(func(*Request) (*Response, error) { return nil, bad }).ServeHTTP(rec, get("/"))
	if rec.Code != 500 || rec.Header().Get("Set-Cookie") != "" || rec.Header().Get("X-Evil") != "" {
		t.Errorf("CRLF header: %d %v", rec.Code, rec.Header())
	}
}

func TestAddSlash(t *testing.T) {
	// WebOb add_slash: the request URL with "/" appended, query kept.
	rec := httptest.NewRecorder()
	HandlerFunc(func(*Request) (*Response, error) { return nil, AddSlash() }).
		ServeHTTP(rec, httptest.NewRequest("GET", "http://example.com/dir?querystring", nil))
	if rec.Code != 301 || rec.Header().Get("Location") != "http://example.com/dir/?querystring" {
		t.Errorf("AddSlash: %d %q", rec.Code, rec.Header().Get("Location"))
	}
	// The host comes from the request; a path that looks like an
	// authority stays a path.
	rec = httptest.NewRecorder()
	hr := httptest.NewRequest("GET", "http://example.org/x", nil)
	hr.URL.Path = "//evil.example/some/path"
	hr.URL.RawPath = ""
	HandlerFunc(func(*Request) (*Response, error) { return nil, AddSlash() }).ServeHTTP(rec, hr)
	if loc := rec.Header().Get("Location"); !strings.HasPrefix(loc, "http://example.org/") {
		t.Errorf("AddSlash on //evil path: %q", loc)
	}
}

func TestErrorBodiesWebOb(t *testing.T) {
	req := func(accept string) *Request {
		hr := httptest.NewRequest("PUT", "/", nil)
		if accept != "" {
			hr.Header.Set("Accept", accept)
		}
		return NewRequest(hr, nil)
	}
	// test_WSGIHTTPException_generate_response: the HTML document shape
	// for a 500 without explanation or detail.
	e := &HTTPError{Code: 500}
	want := "<html>\n <head>\n  <title>500 Internal Server Error</title>\n </head>\n <body>\n" +
		"  <h1>500 Internal Server Error</h1>\n  The server failed to perform the request.<br /><br />\n\n\n\n" +
		" </body>\n</html>"
	r := e.Response(req("text/html"))
	if b, _ := r.Body(); string(b) != want || r.Header().Get("Content-Type") != "text/html; charset=utf-8" {
		t.Errorf("HTML body:\n%q\n%q", b, want)
	}
	// Detail goes after the explanation and is escaped in HTML.
	e = NotFound(`<script>alert("x")</script>`)
	b, _ := e.Response(req("text/html")).Body()
	if !strings.Contains(string(b), "The resource could not be found.<br /><br />\n&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;\n") {
		t.Errorf("escaped detail: %q", b)
	}
	// test_WSGIHTTPException_respects_application_json: JSON without a
	// charset, with code, title and message.
	e = NewHTTPError(422, `Attribute "xyz" is invalid.`)
	r = e.Response(req("application/json"))
	if r.Header().Get("Content-Type") != "application/json" {
		t.Errorf("JSON Content-Type %q", r.Header().Get("Content-Type"))
	}
	var j map[string]any
	b, _ = r.Body()
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	if j["code"] != "422 Unprocessable Entity" || j["title"] != "Unprocessable Entity" ||
		j["message"] != "The request content is well-formed but cannot be processed.\n\nAttribute \"xyz\" is invalid." {
		t.Errorf("JSON %v", j)
	}
	// test_WSGIHTTPException_respects_accept_text_plain / _star_star and no
	// Accept at all.
	for accept, ct := range map[string]string{"text/plain": ctTextPlain, "*/*": ctTextHTML, "": ctTextHTML,
		"text/html;q=0.1, application/json": ctJSON, "application/problem+json": ctProblemJSON,
		"text/html;q=1.5": ctTextHTML, "image/png": ctTextPlain} {
		if got := NotFound().Response(req(accept)).Header().Get("Content-Type"); got != ct {
			t.Errorf("Accept %q: %q, want %q", accept, got, ct)
		}
	}
	// Plain text: status line, explanation, detail.
	b, _ = NotFound("no such item").Response(req("text/plain")).Body()
	if string(b) != "404 Not Found\n\nThe resource could not be found.\n\nno such item\n" {
		t.Errorf("plain %q", b)
	}
	// 405 names the method (WebOb's template uses REQUEST_METHOD).
	b, _ = MethodNotAllowed([]string{"GET"}).Response(req("text/plain")).Body()
	if !strings.Contains(string(b), "The method PUT is not allowed for this resource.") {
		t.Errorf("405 %q", b)
	}
	// Redirects show the location.
	b, _ = Found("http://www.example.com").Response(req("text/html")).Body()
	if !strings.Contains(string(b), `<a href="http://www.example.com">http://www.example.com</a>`) {
		t.Errorf("302 body %q", b)
	}
	// problem+json (RFC 9457) with type, instance and extensions.
	e = &HTTPError{Code: 403, Detail: "Your balance is 30.", Type: "https://example.com/probs/out-of-credit",
		Instance: "/account/12345/msgs/abc", Extensions: map[string]any{"balance": 30, "status": "ignored"}}
	b, _ = e.Response(req("application/problem+json")).Body()
	want = `{"type":"https://example.com/probs/out-of-credit","title":"Forbidden","status":403,` +
		`"detail":"Your balance is 30.","instance":"/account/12345/msgs/abc","balance":30}`
	if string(b) != want {
		t.Errorf("problem+json\n%s\n%s", b, want)
	}
	// A nil request renders plain text.
	if NotFound().Response(nil).Header().Get("Content-Type") != ctTextPlain {
		t.Error("nil request")
	}
}

func TestRenderErrorHook(t *testing.T) {
	cfg := &Config{RenderError: func(req *Request, e *HTTPError) *Response {
		return Text(e.StatusCode(), "custom "+e.Title())
	}}
	h := cfg.Handler(func(*Request) (*Response, error) { return nil, Gone() })
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, get("/"))
	if rec.Code != http.StatusGone || rec.Body.String() != "custom Gone" {
		t.Errorf("%d %q", rec.Code, rec.Body)
	}
}
