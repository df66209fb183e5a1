// Package negotiate implements proactive content negotiation (RFC 9110 §12)
// over the Accept, Accept-Charset, Accept-Encoding and Accept-Language
// request headers.
//
// Each header parses into one of three states — valid, missing or invalid —
// and an invalid header counts as missing when offers are negotiated, as
// WebOb does. Servers with a fixed set of offers prepare them once and
// negotiate against them without allocating.
//
// It is not a general header parser (see package headers) and it does not
// set Vary on responses; the webob package records which headers were
// consulted and does that.
package negotiate
