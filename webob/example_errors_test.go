package webob_test

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"

	"github.com/webob-go/webob/headers"
	"github.com/webob-go/webob/webob"
)

// quiet is a Config whose log is discarded, so that the examples print
// only their output.
var quiet = &webob.Config{Logger: slog.New(slog.DiscardHandler)}

// A handler may return the error of a Parse method as it is: the client
// gets a 400 naming the header, the log gets the error at level Info.
func ExampleHeaderError() {
	h := quiet.Handler(func(req *webob.Request) (*webob.Response, error) {
		rng, err := req.ParseRange()
		if err != nil {
			fmt.Println(errors.Is(err, headers.ErrInvalidRange), webob.ErrorStatus(err))
			fmt.Println(err)
			return nil, err
		}
		return webob.Text(200, fmt.Sprint(len(rng.Ranges), " ranges")), nil
	})
	hr := httptest.NewRequest("GET", "/", nil)
	hr.Header.Set("Range", "bytes=zz")
	hr.Header.Set("Accept", "application/problem+json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, hr)
	body, _ := io.ReadAll(rec.Body)
	fmt.Println(rec.Code, string(body))
	// Output:
	// true 400
	// webob: invalid header: Range: headers: invalid Range
	// 400 {"type":"about:blank","title":"Bad Request","status":400,"detail":"invalid Range header"}
}

// A missing or malformed parameter names itself to the client; an empty
// value ("mtime=", as browsers send an empty field) is the default.
func ExampleMultiDict_Int64() {
	h := quiet.Handler(func(req *webob.Request) (*webob.Response, error) {
		mtime, err := req.Params().Int64("mtime", -1)
		if err != nil {
			return nil, err
		}
		name, err := req.Params().GetOne("name")
		if err != nil {
			return nil, err
		}
		return webob.Text(200, fmt.Sprint(name, " ", mtime)), nil
	})
	for _, target := range []string{"/?name=a&mtime=", "/?name=a&mtime=x", "/?mtime=5"} {
		hr := httptest.NewRequest("GET", target, nil)
		hr.Header.Set("Accept", "application/problem+json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, hr)
		fmt.Println(rec.Code, rec.Body.String())
	}
	// Output:
	// 200 a -1
	// 400 {"type":"about:blank","title":"Bad Request","status":400,"detail":"invalid value for parameter \"mtime\""}
	// 400 {"type":"about:blank","title":"Bad Request","status":400,"detail":"missing parameter \"name\""}
}
