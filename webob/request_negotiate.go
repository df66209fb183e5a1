package webob

import "github.com/webob-go/webob/negotiate"

// Bits of Request.negotiated, in the order NegotiatedHeaders lists them.
const (
	negAccept uint8 = 1 << iota
	negCharset
	negEncoding
	negLanguage
)

var negotiationNames = [4]string{"Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language"}

// negotiatedSets holds, for each set of consulted headers, the names to
// return, so NegotiatedHeaders does not allocate.
var negotiatedSets = func() (t [16][]string) {
	for bits := range t {
		for i, name := range negotiationNames {
			if bits&(1<<i) != 0 {
				t[bits] = append(t[bits], name)
			}
		}
	}
	return t
}()

// NegotiatedHeaders returns the names of the negotiation headers consulted
// so far through Accept, AcceptCharset, AcceptEncoding, AcceptLanguage or
// their Parse methods, in the fixed order Accept, Accept-Charset,
// Accept-Encoding, Accept-Language. The response adapter adds them to
// Vary, so that shared caches keep the representations apart. It returns
// nil when none was consulted. The slice is shared: do not modify it.
func (r *Request) NegotiatedHeaders() []string { return negotiatedSets[r.negotiated&15] }

// Accept returns the parsed Accept header and records that it was
// consulted (see NegotiatedHeaders). A missing header has State Missing;
// an invalid one has State Invalid and negotiates as if missing.
func (r *Request) Accept() negotiate.Accept {
	a, _ := r.ParseAccept()
	return a
}

// ParseAccept is Accept that also returns the parse error, a
// *HeaderError wrapping negotiate.ErrInvalidHeader. A missing header is
// not an error.
func (r *Request) ParseAccept() (negotiate.Accept, error) {
	r.negotiated |= negAccept
	c := r.cache()
	if c.done&hcAccept == 0 {
		c.done |= hcAccept
		c.accept, c.acceptErr = negotiate.ParseAccept(r.lines("Accept"))
		c.acceptErr = headerErr("Accept", c.acceptErr)
	}
	return c.accept, c.acceptErr
}

// AcceptCharset returns the parsed Accept-Charset header and records that
// it was consulted. An invalid header negotiates as if missing.
func (r *Request) AcceptCharset() negotiate.AcceptCharset {
	a, _ := r.ParseAcceptCharset()
	return a
}

// ParseAcceptCharset is AcceptCharset that also returns the parse error (a
// *HeaderError).
func (r *Request) ParseAcceptCharset() (negotiate.AcceptCharset, error) {
	r.negotiated |= negCharset
	c := r.cache()
	if c.done&hcAcceptCharset == 0 {
		c.done |= hcAcceptCharset
		c.acceptCharset, c.acceptCharsetErr = negotiate.ParseAcceptCharset(r.lines("Accept-Charset"))
		c.acceptCharsetErr = headerErr("Accept-Charset", c.acceptCharsetErr)
	}
	return c.acceptCharset, c.acceptCharsetErr
}

// AcceptEncoding returns the parsed Accept-Encoding header and records
// that it was consulted. An invalid header negotiates as if missing.
func (r *Request) AcceptEncoding() negotiate.AcceptEncoding {
	a, _ := r.ParseAcceptEncoding()
	return a
}

// ParseAcceptEncoding is AcceptEncoding that also returns the parse error (a
// *HeaderError).
func (r *Request) ParseAcceptEncoding() (negotiate.AcceptEncoding, error) {
	r.negotiated |= negEncoding
	c := r.cache()
	if c.done&hcAcceptEncoding == 0 {
		c.done |= hcAcceptEncoding
		c.acceptEncoding, c.acceptEncodingErr = negotiate.ParseAcceptEncoding(r.lines("Accept-Encoding"))
		c.acceptEncodingErr = headerErr("Accept-Encoding", c.acceptEncodingErr)
	}
	return c.acceptEncoding, c.acceptEncodingErr
}

// AcceptLanguage returns the parsed Accept-Language header and records
// that it was consulted. An invalid header negotiates as if missing.
func (r *Request) AcceptLanguage() negotiate.AcceptLanguage {
	a, _ := r.ParseAcceptLanguage()
	return a
}

// ParseAcceptLanguage is AcceptLanguage that also returns the parse error (a
// *HeaderError).
func (r *Request) ParseAcceptLanguage() (negotiate.AcceptLanguage, error) {
	r.negotiated |= negLanguage
	c := r.cache()
	if c.done&hcAcceptLanguage == 0 {
		c.done |= hcAcceptLanguage
		c.acceptLanguage, c.acceptLanguageErr = negotiate.ParseAcceptLanguage(r.lines("Accept-Language"))
		c.acceptLanguageErr = headerErr("Accept-Language", c.acceptLanguageErr)
	}
	return c.acceptLanguage, c.acceptLanguageErr
}

// AcceptOffer returns the offer of o that the request's Accept header
// prefers, like req.Accept().BestOffer(o), through negotiate's one-pass
// path that parses nothing it does not need and allocates nothing. It
// records that Accept was consulted, so the adapter adds "Vary: Accept".
// A missing or invalid Accept gives the first offer; ok is false only
// when a valid Accept accepts none of them.
func (r *Request) AcceptOffer(o *negotiate.Offers) (string, bool) {
	r.negotiated |= negAccept
	return o.Negotiate(r.lines("Accept"))
}
