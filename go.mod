module github.com/webob-go/webob

go 1.25.0

require (
	github.com/andybalholm/brotli v1.3.0
	github.com/google/go-querystring v1.2.0
	github.com/klauspost/compress v1.20.4
	golang.org/x/text v0.41.0
)

require golang.org/x/net v0.58.0
