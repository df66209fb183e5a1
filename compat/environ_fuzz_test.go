package compat

import (
	"errors"
	"maps"
	"strings"
	"testing"
)

// FuzzEnvironRoundTrip builds an environment from the fuzzed values:
// RequestFromEnviron never panics, fails only with an *EnvError, and a
// request it builds turns into an environment that RequestFromEnviron
// reads back to the same environment (env → request → env is stable
// after one pass).
func FuzzEnvironRoundTrip(f *testing.F) {
	f.Add("GET", "HTTP/1.1", "/app", "/x/y", "/app/x/y?a=1", "a=1", "example.com:8080", "192.0.2.1", "1234", "X_ID", "v", "on", "3")
	f.Add("POST", "", "", "/a b", "", "q=%zz", "", "2001:db8::1", "", "COOKIE", "a=1; b=2", "", "")
	f.Add("PUT", "HTTP/2.0", "/a%2Fb", "/c", "/a%2Fb/c", "", "[::1]", "unknown", "0", "ACCEPT", "*/*", "1", "0")
	f.Fuzz(func(t *testing.T, method, proto, script, pathInfo, uri, query, host, raddr, rport, hname, hval, https, cl string) {
		env := map[string]string{"REQUEST_METHOD": method, "SERVER_PROTOCOL": proto, "SCRIPT_NAME": script,
			"PATH_INFO": pathInfo, "QUERY_STRING": query, "HTTP_HOST": host, "REMOTE_ADDR": raddr,
			"REMOTE_PORT": rport, "HTTP_" + hname: hval, "HTTPS": https, "CONTENT_LENGTH": cl}
		if uri != "" {
			env["REQUEST_URI"] = uri
		}
		r, err := RequestFromEnviron(env, strings.NewReader("body"))
		if err != nil {
			var ee *EnvError
			if !errors.As(err, &ee) || !errors.Is(err, ErrMalformedEnviron) || strings.ContainsAny(err.Error(), "\r\n") {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		env1 := CGIEnviron(r)
		r2, err := RequestFromEnviron(env1, strings.NewReader("body"))
		if err != nil {
			t.Fatalf("env %v from a request does not read back: %v", env1, err)
		}
		if env2 := CGIEnviron(r2); !maps.Equal(env1, env2) {
			t.Fatalf("round trip changed the environment:\n%v\n%v", env1, env2)
		}
		for k, v := range env1 {
			if k == "HTTP_PROXY" || !safeEnvValue(v) {
				t.Fatalf("%s=%q", k, v)
			}
		}
	})
}
