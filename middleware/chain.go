package middleware

import "net/http"

// Chain composes middleware in reading order: Chain(a, b, c)(h) is
// a(b(c(h))), so a request passes through a first and the response leaves
// through it last. Chain() returns the handler unchanged. nil entries are
// skipped.
//
//	h := middleware.Chain(
//		middleware.RequestID(nil),
//		middleware.AccessLog(logger, nil),
//		middleware.Recover(nil),
//	)(app)
func Chain(mw ...func(http.Handler) http.Handler) func(http.Handler) http.Handler {
	mw = append([]func(http.Handler) http.Handler(nil), mw...) // later changes to the caller's slice do not matter
	return func(h http.Handler) http.Handler {
		for i := len(mw) - 1; i >= 0; i-- {
			if mw[i] != nil {
				h = mw[i](h)
			}
		}
		return h
	}
}
