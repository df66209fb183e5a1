// Package bench compares webob-go against its peers on the same inputs, in
// one run. It is its own module so that the peers never enter the main
// module's go.mod.
//
// Benchmarks are named Benchmark<Area>/<case>/<impl>, where impl is "webob"
// for this library and a short peer name otherwise. Each area also has a
// plain Test that checks the implementations agree on the benchmark inputs,
// or documents where a peer is wrong.
//
// Run them with: cd bench && go test -run '^$' -bench . -benchmem
package bench
