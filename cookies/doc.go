// Package cookies parses and builds the Cookie and Set-Cookie headers
// (RFC 6265 and the cookie prefixes and Partitioned attribute of its
// successors), and signs or encrypts cookie values with key rotation.
//
// Reading is lenient — a malformed pair is skipped and the good ones kept —
// and writing is strict: a name, value or attribute that would be invalid on
// the wire is an error, never sent.
//
// It is not a session store and it does not manage a client-side cookie jar.
package cookies
