package webob

import (
	"net/http/httptest"
	"testing"
)

func TestScriptNameFromContextBecomesScriptName(t *testing.T) {
	hr := httptest.NewRequest("GET", "http://example.com/items/7?x=1", nil)
	hr = hr.WithContext(WithScriptName(hr.Context(), "/my%20app"))
	r := NewRequest(hr, nil)
	if r.ScriptName() != "/my app" || r.EscapedScriptName() != "/my%20app" || r.PathInfo() != "/items/7" {
		t.Errorf("ScriptName %q PathInfo %q", r.ScriptName(), r.PathInfo())
	}
	if r.ApplicationURL() != "http://example.com/my%20app" || r.URL() != "http://example.com/my%20app/items/7?x=1" {
		t.Errorf("ApplicationURL %q URL %q", r.ApplicationURL(), r.URL())
	}
	if ScriptNameFrom(hr.Context()) != "/my%20app" || ScriptNameFrom(httptest.NewRequest("GET", "/", nil).Context()) != "" {
		t.Error("ScriptNameFrom")
	}
}
