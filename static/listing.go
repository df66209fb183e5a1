package static

import (
	"html"
	"io/fs"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/webob-go/webob/webob"
)

// serveDir answers for the directory name (requested with its trailing
// slash): its first index file, else a listing when enabled, else 404.
func (h *handler) serveDir(req *webob.Request, name string) (*webob.Response, error) {
	for _, idx := range h.index {
		p := idx
		if name != "." {
			p = name + "/" + idx
		}
		if !fs.ValidPath(p) {
			continue
		}
		f, fi, err := h.open(p)
		if err != nil {
			continue
		}
		if !fi.Mode().IsRegular() {
			f.Close()
			continue
		}
		return h.serveFile(req, p, f, fi)
	}
	if !h.o.Listing {
		return nil, webob.NotFound()
	}
	return h.listing(req, name)
}

// entry is one line of a listing.
type entry struct {
	Name    string    `json:"name"`
	Dir     bool      `json:"dir"`
	Size    int64     `json:"size"`
	ModTime time.Time `json:"modTime,omitzero"`
}

// listing answers with the entries of the directory name, sorted by name,
// without those the dotfile and hide policies refuse: HTML, or JSON when
// the client prefers application/json.
func (h *handler) listing(req *webob.Request, name string) (*webob.Response, error) {
	des, err := fs.ReadDir(h.fsys, name)
	if err != nil {
		return nil, openError(err)
	}
	entries := make([]entry, 0, len(des))
	for _, de := range des {
		n := de.Name()
		full := n
		if name != "." {
			full = name + "/" + n
		}
		if h.hidden(full) || checkSegment(n) != nil || strings.ContainsAny(n, "\\:\x00") {
			continue
		}
		e := entry{Name: n, Dir: de.IsDir()}
		if fi, err := de.Info(); err == nil {
			if !e.Dir {
				e.Size = fi.Size()
			}
			if hasModTime(fi.ModTime()) {
				e.ModTime = fi.ModTime().UTC()
			}
		}
		entries = append(entries, e)
	}
	if best, _ := req.Accept().Best("text/html", "application/json"); best == "application/json" {
		resp := webob.JSON(200, entries)
		return resp, nil
	}
	title := "Index of " + html.EscapeString(path.Clean("/"+name))
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
	b.WriteString(title)
	b.WriteString("</title></head>\n<body><h1>")
	b.WriteString(title)
	b.WriteString("</h1>\n<table>\n<tr><th>Name</th><th>Size</th><th>Modified</th></tr>\n")
	if name != "." {
		b.WriteString("<tr><td><a href=\"../\">../</a></td><td></td><td></td></tr>\n")
	}
	for _, e := range entries {
		href := "./" + url.PathEscape(e.Name)
		label := e.Name
		if e.Dir {
			href += "/"
			label += "/"
		}
		b.WriteString("<tr><td><a href=\"")
		b.WriteString(html.EscapeString(href))
		b.WriteString("\">")
		b.WriteString(html.EscapeString(label))
		b.WriteString("</a></td><td>")
		if !e.Dir {
			b.WriteString(strconv.FormatInt(e.Size, 10))
		}
		b.WriteString("</td><td>")
		if !e.ModTime.IsZero() {
			b.WriteString(e.ModTime.Format(time.RFC3339))
		}
		b.WriteString("</td></tr>\n")
	}
	b.WriteString("</table>\n</body></html>\n")
	return webob.HTML(200, b.String()), nil
}
