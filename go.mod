module github.com/webob-go/webob

go 1.25.0

require (
	github.com/google/go-querystring v1.2.0
	golang.org/x/text v0.41.0
)

require golang.org/x/net v0.58.0
