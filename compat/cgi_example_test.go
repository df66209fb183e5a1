package compat_test

import (
	"log"
	"log/slog"
	"net/http"
	"time"

	"github.com/webob-go/webob/compat"
	"github.com/webob-go/webob/middleware"
	"github.com/webob-go/webob/webob"
)

// A legacy CGI program served under /cgi-bin/report, with a timeout that
// kills it and whatever it started, and only PATH and LANG passed from
// the server's environment.
func ExampleCGIApp() {
	report := &compat.CGIApp{
		Path:                "/usr/lib/cgi-bin/report.cgi",
		InheritEnv:          []string{"PATH", "LANG"},
		Env:                 []string{"REPORT_DB=/var/lib/report.db"},
		Timeout:             30 * time.Second,
		MaxBodyBytes:        50 << 20,
		MaxRequestBodyBytes: 1 << 20,
		Logger:              slog.Default(),
	}
	// Mounted with middleware.URLMap, the prefix becomes the program's
	// SCRIPT_NAME and the rest of the path its PATH_INFO.
	m := middleware.NewURLMap(nil)
	if err := m.Mount("/cgi-bin/report", report); err != nil {
		log.Fatal(err)
	}
	_ = &http.Server{Addr: ":8080", Handler: m}
}

// The other way: a webob handler compiled into a program that a web
// server (Apache's mod_cgi, a CGI host) runs once per request. The
// handler routes on PATH_INFO; SCRIPT_NAME is its mount prefix.
func ExampleServeCGI() {
	h := webob.HandlerFunc(func(req *webob.Request) (*webob.Response, error) {
		if req.PathInfo() != "/" {
			return nil, webob.NotFound()
		}
		return webob.Text(http.StatusOK, "hello from "+req.ApplicationURL()), nil
	})
	// In main: serve the request of the environment and stdin.
	if err := compat.ServeCGI(h); err != nil {
		log.Fatal(err)
	}
}
