package redisstore_test

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/webob-go/webob/sessions"
	"github.com/webob-go/webob/sessions/redisstore"
)

// A Store on one Redis server, under a prefix of the application's own. A
// sessions Manager takes it like any other Store; here it is used directly.
// (No Output: the example needs a running Redis, so it is only compiled.)
func Example() {
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
