// Package cookies parses and builds the Cookie and Set-Cookie headers
// (RFC 6265, with the SameSite attribute, the cookie prefixes and the
// Partitioned attribute of its successors), and signs or encrypts cookie
// values with key rotation.
//
// # Reading a request's cookies
//
// Get looks one cookie up by name without parsing the others and without
// allocating; Parse reads them all, in order; All returns every value of
// one name. Functions take the field lines of the Cookie header
// (r.Header["Cookie"]); several lines are one list. Reading is lenient the
// way browsers need — a malformed pair is skipped and the good ones kept,
// a quoted value is unquoted — and strict where safety depends on it: a
// nameless pair never becomes a named cookie, names are never trimmed of
// Unicode white space, and more than MaxPairs pairs is ErrTooManyCookies
// with no cookies at all. ParseStrict reports malformed pairs instead of
// skipping them.
//
// # Writing Set-Cookie
//
// A SetCookie carries a cookie and every attribute; AppendFormat writes it
// into a caller's buffer without allocating and Format returns it as a
// string with one allocation. Writing is strict: a name that is not a
// token, a value byte outside cookie-octet, a Path or Domain that could
// smuggle another attribute, SameSite=None or Partitioned without Secure,
// and a __Secure- or __Host- cookie that breaks its prefix's rules are
// errors (an *Error wrapping ErrInvalidCookie and a sentinel), never sent.
// Quoting a value is explicit. Deletion builds the deleting form.
// ParseSetCookie reads a Set-Cookie line as RFC 6265 §5.2 tells user
// agents to, for tools and test clients.
//
// # Signed and encrypted values
//
// A Signer (HMAC-SHA-256 or -512) and an Encrypter (AES-256-GCM) turn bytes
// into a cookie value bound to the cookie's name and a timestamp, and back.
// The first key signs or encrypts and every key verifies or decrypts, so
// keys rotate; a maximum age refuses old values. Decode's errors say why
// a value was refused: ErrBadSignature, ErrExpired, ErrMalformed,
// ErrTooLong.
//
// # Profiles
//
// A Profile keeps one cookie's name, attributes, Serializer (string, JSON,
// or the caller's own) and Codec (Signer, Encrypter, or none) in one
// place, like WebOb's CookieProfile and SignedCookieProfile: Get reads the
// value from a request's Cookie lines, SetCookies and DeleteCookies give
// the Set-Cookie lines for a response. A serialized value over MaxValueLen
// (4093) bytes is an error.
//
// It is not a session store and not a client's cookie jar (see
// net/http/cookiejar).
package cookies
