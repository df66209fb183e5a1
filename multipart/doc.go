// Package multipart reads multipart/form-data and
// application/x-www-form-urlencoded request bodies under hard limits, and
// writes multipart/form-data and multipart/byteranges bodies.
//
// Reading:
//
//   - ReadForm collects a form's fields and files; files stay in memory up
//     to Limits.MemoryThreshold and go to temporary files beyond it
//     (Form.RemoveAll deletes them).
//   - NewReader and Reader.NextPart stream the parts one by one, for
//     callers that send an upload elsewhere without touching disk.
//   - ParseURLEncoded, ParseURLEncodedLenient and ReadURLEncoded read
//     urlencoded strings and bodies ("&" is the only separator).
//   - ParseBoundary and CheckContentLength check a request's Content-Type
//     and Content-Length before any of the body is read.
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
// _charset_ field or a part's charset decodes text values through
// golang.org/x/text, and a part with Content-Disposition or Content-Type
// twice is rejected.
//
// It is not a general MIME library: it does not decode nested multipart
// bodies, Content-Transfer-Encoding or e-mail messages.
package multipart
