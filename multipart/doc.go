// Package multipart reads multipart/form-data and
// application/x-www-form-urlencoded request bodies under hard limits, and
// writes multipart/form-data and multipart/byteranges bodies.
//
// Every resource a hostile body could exhaust — bytes, parts, files, header
// lines, memory, disk — has a documented default limit. A limit that is hit
// returns a *LimitError naming it; nothing after a limit is silently dropped.
//
// It is not a general MIME library: it does not decode nested multipart
// bodies or e-mail messages.
package multipart
