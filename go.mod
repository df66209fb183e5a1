module github.com/webob-go/webob

go 1.25.0

require golang.org/x/text v0.41.0
