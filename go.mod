module github.com/webob-go/webob

go 1.25

require (
	github.com/google/go-querystring v1.2.0 // indirect
	golang.org/x/text v0.41.0 // indirect
)
