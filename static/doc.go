// Package static serves files: FileApp serves one file and DirectoryApp a
// tree, from any fs.FS, as Python WebOb's static.FileApp and
// static.DirectoryApp do from disk. Both are plain http.Handlers that run
// inside the webob adapter, so they mount under http.StripPrefix (or any
// router that strips a prefix) and render errors as every webob handler
// does, with negotiated HTML, JSON or problem+json bodies that never name
// a file system path.
//
// Where they differ from http.FileServer:
//
//   - Validators everywhere. Every file gets a strong ETag: its size and
//     modification time in nanoseconds, or, for a file system without
//     modification times (embed.FS, fstest.MapFS) or with
//     Options.HashETags, a hash of its content computed once and cached.
//     http.FileServer sends no ETag, and for embed.FS no Last-Modified
//     either, so those files never revalidate (go#44854, go#60940).
//   - Conditional requests and ranges (RFC 9110 §13, §14) are answered by
//     the webob Response machinery: 304 and 412, If-Range, one range as
//     206 and several as multipart/byteranges, 416 with the length.
//   - Safe by default. Request paths are checked segment by segment and
//     refused before anything is opened when they could mean something
//     else on some file system ("..", NUL, backslash, colon, Windows device
//     names, trailing dots and spaces); dotfiles are 404 except
//     .well-known; Options.Hide patterns match case-insensitively; Dir
//     opens a directory with os.Root, so a symbolic link cannot lead out
//     of it. Listings are off by default.
//   - Precompressed siblings (name.br, name.zst, name.gz) chosen by
//     Accept-Encoding (Options.Precompressed), each with its own ETag.
//   - Cache-Control by rule (Options.CacheControl), with HashedAssets for
//     fingerprinted names.
//
// As with http.FileServer, the content of an *os.File reaches the
// connection through the ResponseWriter's io.ReaderFrom, that is with
// sendfile(2) on Linux, when no range is cut from it.
package static
