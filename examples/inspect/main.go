// Command inspect reads one raw HTTP/1.x request from a file (or standard
// input) and prints its headers as the typed values of package headers,
// flagging any that are malformed.
//
//	go run ./examples/inspect examples/inspect/testdata/request.http
//	printf 'GET / HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\n\r\n' | go run ./examples/inspect
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"

	"github.com/webob-go/webob/headers"
)

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: inspect [file]   (reads standard input without a file)")
	}
	flag.Parse()
	in := io.Reader(os.Stdin)
	if flag.NArg() > 0 {
		f, err := os.Open(flag.Arg(0))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer f.Close()
		in = f
	}
	if err := inspect(os.Stdout, in); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// inspect reads one request from r and writes its typed headers to w.
func inspect(w io.Writer, r io.Reader) error {
	req, err := http.ReadRequest(bufio.NewReader(r))
	if err != nil {
		return fmt.Errorf("reading request: %w", err)
	}
	fmt.Fprintf(w, "%s %s %s\n", req.Method, req.RequestURI, req.Proto)
	fmt.Fprintf(w, "Host: %s\n", req.Host)
	names := make([]string, 0, len(req.Header))
	for name := range req.Header {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "%s: %s\n", name, describe(name, req.Header[name]))
	}
	return nil
}

// describe returns a typed reading of one header's field lines.
func describe(name string, lines []string) string {
	first := ""
	if len(lines) > 0 {
		first = lines[0]
	}
	show := func(v any, err error) string {
		if err != nil {
			return fmt.Sprintf("INVALID (%v) %q", err, lines)
		}
		return fmt.Sprintf("%+v", v)
	}
	switch name {
	case "Content-Type":
		return show(headers.ParseMediaType(first))
	case "Content-Disposition":
		cd, err := headers.ParseContentDisposition(first)
		if err != nil {
			return show(nil, err)
		}
		return fmt.Sprintf("type=%s filename=%q params=%v", cd.Type, cd.Filename(), cd.Params)
	case "Date", "If-Modified-Since", "If-Unmodified-Since":
		return show(headers.ParseHTTPDate(first))
	case "If-Match", "If-None-Match":
		l, err := headers.ParseETags(lines)
		if err != nil {
			return show(nil, err)
		}
		return fmt.Sprintf("%d entity tag(s): %s", l.Len(), l)
	case "If-Range":
		return show(headers.ParseIfRange(first))
	case "Cache-Control":
		cc, err := headers.ParseCacheControl(lines)
		if err != nil {
			return show(nil, err)
		}
		return "directives: " + cc.String()
	case "Range":
		r, err := headers.ParseRange(first)
		if err != nil {
			return show(nil, err)
		}
		return fmt.Sprintf("%d range(s): %s", len(r.Ranges), r)
	case "Authorization", "Proxy-Authorization":
		c, err := headers.ParseAuthorization(first)
		if err != nil {
			return show(nil, err)
		}
		if user, _, ok := c.Basic(); ok {
			return fmt.Sprintf("Basic user=%q password=(hidden)", user)
		}
		return fmt.Sprintf("scheme=%s (credentials hidden)", c.Scheme)
	case "Forwarded":
		return show(headers.ParseForwarded(lines))
	case "X-Forwarded-For":
		nodes, err := headers.ParseXForwardedFor(lines)
		if err != nil {
			return show(nil, err)
		}
		var out []string
		for _, n := range nodes {
			out = append(out, n.String())
		}
		return fmt.Sprintf("%q", out)
	case "Content-Length":
		return show(headers.ParseContentLength(lines))
	case "Max-Forwards":
		return show(headers.ParseMaxForwards(first))
	case "Connection", "Trailer", "Content-Encoding", "Content-Language", "Vary", "Allow", "Te", "Upgrade":
		toks, err := headers.ParseTokenList(lines)
		if err != nil {
			return show(nil, err)
		}
		return fmt.Sprintf("tokens %q", toks)
	}
	list := []string{}
	for el := range headers.List(lines) {
		list = append(list, el)
	}
	return fmt.Sprintf("%q", list)
}
