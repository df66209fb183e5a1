package middleware

import (
	"bytes"
	"fmt"
	"html"
	"net/http"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/webob-go/webob/negotiate"
	"github.com/webob-go/webob/webob"
)

// devOffers are the representations of the development page.
var devOffers = func() *negotiate.Offers {
	o, err := negotiate.NewOffers("text/html", "text/plain", "application/json", "application/problem+json")
	if err != nil {
		panic(err) // constant offers
	}
	return o
}()

// frame is one stack frame of the development page.
type frame struct {
	fn, file  string
	line      int
	framework bool
}

// panicFrames turns the program counters taken in the deferred recover
// into the frames from the panicking function outwards.
func panicFrames(pcs []uintptr) []frame {
	var out []frame
	frames := runtime.CallersFrames(pcs)
	seenPanic := false
	for {
		f, more := frames.Next()
		if seenPanic {
			out = append(out, frame{fn: f.Function, file: f.File, line: f.Line, framework: frameworkFunc(f.Function)})
		} else if f.Function == "runtime.gopanic" {
			seenPanic = true
		}
		if !more {
			break
		}
	}
	return out
}

// frameworkPrefixes are the packages whose frames are folded.
var frameworkPrefixes = []string{
	"runtime.", "internal/", "net/http.", "testing.",
	"github.com/webob-go/webob/webob.", "github.com/webob-go/webob/middleware.",
	"github.com/webob-go/webob/headers.", "github.com/webob-go/webob/negotiate.",
	"github.com/webob-go/webob/cookies.", "github.com/webob-go/webob/multipart.",
}

func frameworkFunc(fn string) bool {
	for _, p := range frameworkPrefixes {
		if strings.HasPrefix(fn, p) {
			return true
		}
	}
	return false
}

// sourceLines returns the lines around line of file (numbered from 1),
// or nil when the file cannot be read.
func sourceLines(cache map[string][]string, file string, line int) (first int, lines []string) {
	all, ok := cache[file]
	if !ok {
		if b, err := os.ReadFile(file); err == nil && len(b) <= 4<<20 {
			all = strings.Split(string(b), "\n")
		}
		cache[file] = all
	}
	if line < 1 || line > len(all) {
		return 0, nil
	}
	lo, hi := max(line-4, 0), min(line+3, len(all))
	return lo + 1, all[lo:hi]
}

// serveDevPage answers the development page for the recovered value v.
func serveDevPage(w http.ResponseWriter, req *webob.Request, v any, pcs []uintptr, rid string) {
	frames := panicFrames(pcs)
	msg := fmt.Sprint(v)
	best, _ := req.Accept().BestOffer(devOffers)
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Add("Vary", "Accept")
	switch best {
	case "application/json", "application/problem+json":
		e := webob.InternalServerError()
		e.Extensions = map[string]any{"panic": msg, "stack": frameStrings(frames)}
		if rid != "" {
			e.Detail = "Request ID: " + rid
		}
		_ = e.RenderAs(req, best).Serve(w, req)
	case "text/plain":
		h.Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write(devText(req, msg, frames, rid))
	default:
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write(devHTML(req, msg, frames, rid))
	}
}

func frameStrings(frames []frame) []string {
	out := make([]string, len(frames))
	for i, f := range frames {
		out[i] = f.fn + " (" + f.file + ":" + strconv.Itoa(f.line) + ")"
	}
	return out
}

// summary is the request summary: name, value pairs.
func summary(req *webob.Request, rid string) [][2]string {
	r := req.HTTP()
	rows := [][2]string{
		{"Method", r.Method},
		{"URL", r.RequestURI},
		{"Protocol", r.Proto},
		{"Host", r.Host},
		{"Remote address", r.RemoteAddr},
	}
	if rid != "" {
		rows = append(rows, [2]string{"Request ID", rid})
	}
	keys := make([]string, 0, len(r.Header))
	for k := range r.Header {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := strings.Join(r.Header[k], ", ")
		if redacted(k) {
			v = redact(k, r.Header[k])
		}
		rows = append(rows, [2]string{k, v})
	}
	return rows
}

func devText(req *webob.Request, msg string, frames []frame, rid string) []byte {
	var b bytes.Buffer
	b.WriteString("500 Internal Server Error (development mode)\n\npanic: ")
	b.WriteString(msg)
	b.WriteString("\n\n")
	for i := 0; i < len(frames); {
		if j := foldEnd(frames, i); j > i {
			fmt.Fprintf(&b, "\t(%d framework frames folded)\n", j-i)
			i = j
			continue
		}
		f := frames[i]
		fmt.Fprintf(&b, "%s\n\t%s:%d\n", f.fn, f.file, f.line)
		i++
	}
	b.WriteString("\nRequest\n")
	for _, row := range summary(req, rid) {
		fmt.Fprintf(&b, "\t%s: %s\n", row[0], row[1])
	}
	return b.Bytes()
}

const devStyle = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
h1{font-size:1.4em;color:#a00}pre{background:#f6f6f6;padding:.5em;overflow:auto}
.fn{font-weight:bold}.file{color:#555}.hl{background:#fdd;display:block}
details{color:#777;margin:.5em 0}table{border-collapse:collapse}td{padding:2px 8px;vertical-align:top}
td:first-child{font-weight:bold;white-space:nowrap}`

func devHTML(req *webob.Request, msg string, frames []frame, rid string) []byte {
	esc := html.EscapeString
	cache := map[string][]string{}
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>500 panic: ")
	b.WriteString(esc(firstLine(msg)))
	b.WriteString("</title><style>")
	b.WriteString(devStyle)
	b.WriteString("</style></head><body>\n<h1>500 Internal Server Error: panic</h1>\n<pre>")
	b.WriteString(esc(msg))
	b.WriteString("</pre>\n<p>Development mode: shown to loopback clients only.</p>\n<h2>Stack</h2>\n")
	for i := 0; i < len(frames); {
		if j := foldEnd(frames, i); j > i {
			fmt.Fprintf(&b, "<details><summary>%d framework frame", j-i)
			if j-i > 1 {
				b.WriteString("s")
			}
			b.WriteString("</summary><pre>")
			for _, f := range frames[i:j] {
				b.WriteString(esc(f.fn))
				b.WriteString("\n\t")
				b.WriteString(esc(f.file))
				b.WriteString(":")
				b.WriteString(strconv.Itoa(f.line))
				b.WriteString("\n")
			}
			b.WriteString("</pre></details>\n")
			i = j
			continue
		}
		f := frames[i]
		b.WriteString("<div><span class=\"fn\">")
		b.WriteString(esc(f.fn))
		b.WriteString("</span> <span class=\"file\">")
		b.WriteString(esc(f.file))
		b.WriteString(":")
		b.WriteString(strconv.Itoa(f.line))
		b.WriteString("</span>")
		if first, lines := sourceLines(cache, f.file, f.line); lines != nil {
			b.WriteString("<pre>")
			for k, l := range lines {
				n := first + k
				if n == f.line {
					b.WriteString(`<span class="hl">`)
				}
				fmt.Fprintf(&b, "%5d  ", n)
				b.WriteString(esc(l))
				if n == f.line {
					b.WriteString("</span>")
				} else {
					b.WriteString("\n")
				}
			}
			b.WriteString("</pre>")
		}
		b.WriteString("</div>\n")
		i++
	}
	b.WriteString("<h2>Request</h2>\n<table>\n")
	for _, row := range summary(req, rid) {
		b.WriteString("<tr><td>")
		b.WriteString(esc(row[0]))
		b.WriteString("</td><td>")
		b.WriteString(esc(row[1]))
		b.WriteString("</td></tr>\n")
	}
	b.WriteString("</table>\n</body></html>\n")
	return b.Bytes()
}

// foldEnd returns the end of the run of framework frames starting at i
// (i itself when frames[i] is not one).
func foldEnd(frames []frame, i int) int {
	for i < len(frames) && frames[i].framework {
		i++
	}
	return i
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}
