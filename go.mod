module github.com/webob-go/webob

go 1.25
