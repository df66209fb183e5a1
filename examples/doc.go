// Package examples holds runnable programs that use this library; each
// subdirectory is a main package run with `go run ./examples/<name>`.
package examples
