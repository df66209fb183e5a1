package redisstore_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/webob-go/webob/sessions"
	"github.com/webob-go/webob/sessions/redisstore"
)

// Sessions in Redis, shared by every instance of the application: the
// Manager keeps each session under the hash of its ID, and Redis drops it
// at its deadline. (No Output: the example needs a running Redis, so it is
// only compiled.)
func Example() {
	client := redis.NewClient(&redis.Options{
		Addr:                  "localhost:6379",
		ContextTimeoutEnabled: true, // a request's deadline bounds the round trip
	})
	defer client.Close()
	store := redisstore.New(client, &redisstore.Options{Prefix: "myapp:session:"})
	m, err := sessions.NewManager(store, &sessions.Options{IdleTimeout: 30 * time.Minute})
	if err != nil {
		log.Fatal(err)
	}
	visits := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s := sessions.Get(r)
		n, _, _ := sessions.GetAs[int](s, "visits")
		if err := s.Set("visits", n+1); err != nil {
			http.Error(w, "session unavailable", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprintf(w, "visit %d\n", n+1)
	})
	_ = http.ListenAndServe("localhost:8080", m.Middleware(visits))
}

// The Store used directly, as a Manager does: an optimistic Save, then a
// Load. (Compiled only: it needs a running Redis.)
func ExampleStore_Load() {
	client := redis.NewClient(&redis.Options{
		Addr:                  "localhost:6379",
		ContextTimeoutEnabled: true, // a request's deadline bounds the round trip
	})
	defer client.Close()
	store := redisstore.New(client, &redisstore.Options{Prefix: "myapp:session:"})

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	key := "dGhlIGhhc2ggb2YgYSBzZXNzaW9uIElE" // sessions.Key(id): never the ID itself
	v, err := store.Save(ctx, key, sessions.Record{
		Data:    []byte(`{"user":"ann"}`),
		Created: time.Now(),
		Expires: time.Now().Add(30 * time.Minute), // Redis drops it then
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	rec, err := store.Load(ctx, key)
	fmt.Println(string(rec.Data), rec.Version == v, err)
}
