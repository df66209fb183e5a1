// Package multipart reads multipart/form-data and
// application/x-www-form-urlencoded request bodies under hard limits, and
// writes multipart/form-data and multipart/byteranges bodies.
//
// Reading:
//
//   - ReadForm collects a form's fields and files; files stay in memory up
//     to Limits.MemoryThreshold and go to disk beyond it, all of a form's
//     files into one temporary file, each read back through its own
//     section of it (Form.RemoveAll deletes it). A request never costs
//     more than one temporary file. ReadFormCharset also takes a default
//     charset, such as the request Content-Type's.
//   - NewReader and Reader.NextPart stream the parts one by one, for
//     callers that send an upload elsewhere without touching disk.
//   - ParseURLEncoded, ParseURLEncodedLenient and ReadURLEncoded read
//     urlencoded strings and bodies ("&" is the only separator).
//   - ParseBoundary, ParseBoundaryValues and CheckContentLength check a
//     request's Content-Type and Content-Length before any of the body is
//     read: an empty or duplicate boundary parameter, or two Content-Type
//     lines, are errors wrapping ErrMalformed, never an empty form; a
//     Content-Length past Limits.MaxBodyBytes is a *LimitError. A body of
//     unknown length (chunked) is cut at MaxBodyBytes+1 bytes while it is
//     read.
//
// Writing:
//
//   - FormWriter builds form-data bodies for requests, quoting names safely
//     and refusing content that holds its boundary.
//   - ByteRangesWriter and WriteByteRanges stream 206 multipart/byteranges
//     responses from an io.ReaderAt.
//
// Every resource a hostile body could exhaust — bytes, parts, files,
// header bytes and lines, memory, disk, preamble and epilogue — has a
// documented default limit in Limits. A limit that is hit returns a
// *LimitError naming it (answer 413); nothing after a limit is silently
// dropped. A malformed body returns an error wrapping ErrMalformed (answer
// 400). Reading never panics and runs in time linear in the input.
//
// Form-data is read as RFC 7578 says: filename* never overrides filename,
// file names are reduced to their base name at both "/" and "\", a
// part's charset, else a _charset_ field, else the caller's default
// decodes each text value exactly once through golang.org/x/text, and a
// part with Content-Disposition or Content-Type
// twice is rejected.
//
// It is not a general MIME library: it does not decode nested multipart
// bodies, Content-Transfer-Encoding or e-mail messages.
package multipart
