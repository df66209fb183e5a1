package webob

import (
	"crypto/sha256"
	"encoding/base64"
	"time"

	"github.com/webob-go/webob/headers"
)

// CacheExpires sets the response to expire in the given number of seconds,
// as WebOb's cache_expires does:
//
//   - seconds > 0: Cache-Control becomes exactly "max-age=seconds" (other
//     directives are cleared), Expires is now plus seconds, and Pragma is
//     removed;
//   - seconds <= 0: the response must not be cached: Cache-Control gets
//     no-store, no-cache, must-revalidate and max-age=0, Expires is now,
//     Last-Modified is set to now when there is none, and Pragma is
//     "no-cache" (for HTTP/1.0 caches).
//
// Further directives can be set with UpdateCacheControl afterwards. An
// existing Cache-Control that does not parse is replaced.
func (r *Response) CacheExpires(seconds int64) {
	now := time.Now().UTC()
	cc := r.CacheControl()
	if seconds <= 0 {
		cc.NoStore = true
		cc.NoCache = true
		cc.NoCacheList = ""
		cc.MustRevalidate = true
		cc.MaxAge = headers.Seconds(0)
		r.SetExpires(now)
		if !r.has("Last-Modified") {
			r.SetLastModified(now)
		}
		r.set("Pragma", "no-cache")
	} else {
		cc = headers.CacheControl{MaxAge: headers.Seconds(seconds)}
		r.SetExpires(now.Add(time.Duration(seconds) * time.Second))
		r.del("Pragma")
	}
	_ = r.SetCacheControl(cc) // what parsed formats again
}

// SetETagFromBody sets ETag to a strong tag made from a hash of the body:
// the first 16 bytes of its SHA-256, base64url-encoded (22 characters) —
// strong because it changes with every byte. A stream or function body is
// read into memory first (see Body); its error, if any, is returned and
// ETag is left unchanged.
func (r *Response) SetETagFromBody() error {
	b, err := r.Body()
	if err != nil {
		return err
	}
	sum := sha256.Sum256(b)
	tag := base64.RawURLEncoding.EncodeToString(sum[:16])
	return r.SetETag(tag)
}

// weakenETag turns a strong ETag into a weak one: the bytes of the body
// changed (content coding), so byte-for-byte equality no longer holds.
func (r *Response) weakenETag() {
	if e, err := r.ParseETag(); err == nil && r.has("Etag") && !e.Weak {
		e.Weak = true
		r.set("Etag", e.String())
	}
}
