package storetest_test

import (
	"context"
	"fmt"

	"github.com/webob-go/webob/sessions"
	"github.com/webob-go/webob/sessions/storetest"
)

// The checks one by one, outside a test: each runs on a fresh store and
// returns nil when the store keeps the contract. (In a store's own tests,
// Run does this with one subtest per check.)
func ExampleChecks() {
	failed := 0
	for _, c := range storetest.Checks(&storetest.Options{Concurrency: 4}) {
		if err := c.Func(context.Background(), sessions.NewMemoryStore()); err != nil {
			fmt.Println(c.Name, err)
			failed++
		}
	}
	fmt.Println("failed checks:", failed)
	// Output: failed checks: 0
}
