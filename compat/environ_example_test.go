package compat_test

import (
	"fmt"
	"net/http/httptest"
	"strings"

	"github.com/webob-go/webob/compat"
	"github.com/webob-go/webob/webob"
)

func ExampleCGIEnviron() {
	r := httptest.NewRequest("GET", "http://example.com/blog/posts/1?lang=en", nil)
	r.Header.Set("Accept", "text/html")
	r.Header.Set("Proxy", "http://attacker.example") // httpoxy: never HTTP_PROXY
	env := compat.CGIEnviron(r)
	for _, k := range []string{"REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "SERVER_NAME", "SERVER_PORT", "HTTP_ACCEPT", "HTTP_PROXY"} {
		fmt.Printf("%s=%q\n", k, env[k])
	}
	// Output:
	// REQUEST_METHOD="GET"
	// SCRIPT_NAME=""
	// PATH_INFO="/blog/posts/1"
	// QUERY_STRING="lang=en"
	// SERVER_NAME="example.com"
	// SERVER_PORT="80"
	// HTTP_ACCEPT="text/html"
	// HTTP_PROXY=""
}

func ExampleAppendCGIEnv() {
	// A FastCGI-style split: the script and the path after it.
	r := httptest.NewRequest("GET", "/index.php/a/b", nil)
	vars, err := compat.AppendCGIEnv(nil, r, &compat.EnvOptions{
		SplitPath:      true,
		ScriptName:     "/index.php",
		PathInfo:       "/a/b",
		ScriptFilename: "/srv/www/index.php",
		DocumentRoot:   "/srv/www",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range vars {
		switch v.Name {
		case "SCRIPT_NAME", "PATH_INFO", "SCRIPT_FILENAME", "PATH_TRANSLATED":
			fmt.Printf("%s=%s\n", v.Name, v.Value)
		}
	}

	// A path that would put a line break into PATH_INFO is refused.
	_, err = compat.AppendCGIEnv(nil, httptest.NewRequest("GET", "/x%0Ay", nil), nil)
	fmt.Println(err)
	// Output:
	// SCRIPT_NAME=/index.php
	// PATH_INFO=/a/b
	// SCRIPT_FILENAME=/srv/www/index.php
	// PATH_TRANSLATED=/srv/www/a/b
	// compat: NUL, CR or LF in a CGI meta-variable: PATH_INFO "/x\ny"
}

func ExampleRequestFromEnviron() {
	env := map[string]string{
		"REQUEST_METHOD":  "POST",
		"SERVER_PROTOCOL": "HTTP/1.1",
		"SCRIPT_NAME":     "/cgi-bin/app.cgi",
		"PATH_INFO":       "/items",
		"REQUEST_URI":     "/cgi-bin/app.cgi/items?page=2",
		"QUERY_STRING":    "page=2",
		"HTTP_HOST":       "example.com",
		"CONTENT_LENGTH":  "4",
		"CONTENT_TYPE":    "text/plain",
		"REMOTE_ADDR":     "192.0.2.10",
		"REMOTE_PORT":     "51000",
	}
	r, err := compat.RequestFromEnviron(env, strings.NewReader("body"))
	if err != nil {
		fmt.Println(err)
		return
	}
	req := webob.NewRequest(r, nil)
	fmt.Println(r.Method, r.URL.Path, r.URL.RawQuery, r.RemoteAddr)
	fmt.Println(req.ScriptName(), req.ApplicationURL())

	env["CONTENT_LENGTH"] = "four"
	_, err = compat.RequestFromEnviron(env, nil)
	fmt.Println(err, webob.ErrorStatus(err))
	// Output:
	// POST /items page=2 192.0.2.10:51000
	// /cgi-bin/app.cgi http://example.com/cgi-bin/app.cgi
	// compat: malformed CGI environment: CONTENT_LENGTH "four": not a non-negative decimal number 400
}
