package redisstore_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/webob-go/webob/internal/errtest"
	"github.com/webob-go/webob/sessions"
	"github.com/webob-go/webob/sessions/redisstore"
	"github.com/webob-go/webob/sessions/storetest"
)

func newStore(t *testing.T) (*redisstore.Store, *redis.Client, string) {
	t.Helper()
	c := newClient(t)
	prefix := testPrefix(t, c)
	return redisstore.New(c, &redisstore.Options{Prefix: prefix}), c, prefix
}

func TestConformance(t *testing.T) {
	redisAddr(t) // skips (or fails) here, once, without a server
	storetest.Run(t, func(t *testing.T) sessions.Store {
		s, _, _ := newStore(t)
		return s
	}, &storetest.Options{Expiry: 50 * time.Millisecond, Context: true})
}

func rec(data string, expires time.Time) sessions.Record {
	return sessions.Record{Data: []byte(data), Created: time.Now(), Expires: expires}
}

func TestSaveSetsTheTTLFromExpires(t *testing.T) {
	s, c, prefix := newStore(t)
	ctx := context.Background()
	v, err := s.Save(ctx, "k", rec("x", time.Now().Add(time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	ttl, err := c.PTTL(ctx, prefix+"k").Result()
	if err != nil {
		t.Fatal(err)
	}
	if ttl < 59*time.Minute || ttl > time.Hour+10*time.Millisecond {
		t.Errorf("PTTL after Save with Expires in 1h = %v", ttl)
	}
	// An update moves the TTL with the new Expires.
	r := rec("y", time.Now().Add(10*time.Minute))
	r.Version = v
	if _, err := s.Save(ctx, "k", r); err != nil {
		t.Fatal(err)
	}
	if ttl := c.PTTL(ctx, prefix+"k").Val(); ttl < 9*time.Minute || ttl > 10*time.Minute+10*time.Millisecond {
		t.Errorf("PTTL after Save with Expires in 10m = %v", ttl)
	}
}

func TestTouchMovesTheTTLNotTheData(t *testing.T) {
	s, c, prefix := newStore(t)
	ctx := context.Background()
	if _, err := s.Save(ctx, "k", rec("x", time.Now().Add(time.Minute))); err != nil {
		t.Fatal(err)
	}
	before := c.HGet(ctx, prefix+"k", "data").Val()
	if err := s.Touch(ctx, "k", time.Now().Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if ttl := c.PTTL(ctx, prefix+"k").Val(); ttl < 119*time.Minute || ttl > 2*time.Hour+10*time.Millisecond {
		t.Errorf("PTTL after Touch to 2h = %v", ttl)
	}
	if after := c.HGet(ctx, prefix+"k", "data").Val(); after != before {
		t.Errorf("data after Touch = %q, want %q", after, before)
	}
	if v := c.HGet(ctx, prefix+"k", "version").Val(); v != "1" {
		t.Errorf("version after Touch = %q, want 1", v)
	}
}

func TestTouchMissingCreatesNoKey(t *testing.T) {
	s, c, prefix := newStore(t)
	ctx := context.Background()
	if err := s.Touch(ctx, "k", time.Now().Add(time.Hour)); !errors.Is(err, sessions.ErrNotFound) {
		t.Fatalf("Touch of a missing key: %v", err)
	}
	if n := c.Exists(ctx, prefix+"k").Val(); n != 0 {
		t.Errorf("Touch of a missing key created it")
	}
}

func TestKeyIsPrefixPlusTheManagersKey(t *testing.T) {
	s, c, prefix := newStore(t)
	ctx := context.Background()
	const key = "dGhlIGhhc2ggb2YgYW4gaWQ" // what the Manager passes: a hash of the ID
	if _, err := s.Save(ctx, key, rec("x", time.Now().Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	if got := s.Key(key); got != prefix+key {
		t.Errorf("Key(%q) = %q, want %q", key, got, prefix+key)
	}
	keys, err := c.Keys(ctx, prefix+"*").Result()
	if err != nil {
		t.Fatal(err)
	}
	if len(keys) != 1 || keys[0] != prefix+key {
		t.Errorf("keys stored = %q, want exactly %q", keys, prefix+key)
	}
	fields := c.HGetAll(ctx, prefix+key).Val()
	for _, f := range []string{"data", "created", "expires", "version"} {
		if _, ok := fields[f]; !ok {
			t.Errorf("hash field %q missing: %v", f, fields)
		}
	}
	if len(fields) != 4 {
		t.Errorf("hash has fields %v, want data, created, expires, version", fields)
	}
}

func TestDefaultPrefix(t *testing.T) {
	c := newClient(t)
	ctx := context.Background()
	for _, opts := range []*redisstore.Options{nil, {}} {
		s := redisstore.New(c, opts)
		if got := s.Key("abc"); got != redisstore.DefaultPrefix+"abc" {
			t.Errorf("Key with options %+v = %q", opts, got)
		}
	}
	// The prefix keeps two stores on one database apart.
	a := redisstore.New(c, &redisstore.Options{Prefix: testPrefix(t, c)})
	b := redisstore.New(c, &redisstore.Options{Prefix: testPrefix(t, c)})
	if _, err := a.Save(ctx, "k", rec("a", time.Now().Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Load(ctx, "k"); !errors.Is(err, sessions.ErrNotFound) {
		t.Errorf("store b sees store a's key: %v", err)
	}
}

func TestClosedClientIsAnError(t *testing.T) {
	c := redis.NewClient(&redis.Options{Addr: redisAddr(t)})
	s := redisstore.New(c, nil)
	c.Close()
	ctx := context.Background()
	_, errLoad := s.Load(ctx, "k")
	_, errSave := s.Save(ctx, "k", rec("x", time.Now().Add(time.Hour)))
	errTouch := s.Touch(ctx, "k", time.Now().Add(time.Hour))
	errDelete := s.Delete(ctx, "k")
	for op, err := range map[string]error{"Load": errLoad, "Save": errSave, "Touch": errTouch, "Delete": errDelete} {
		if !errors.Is(err, redisstore.ErrRedis) || !errors.Is(err, redis.ErrClosed) {
			t.Errorf("%s on a closed client: %v, want ErrRedis wrapping redis.ErrClosed", op, err)
		}
		if errors.Is(err, sessions.ErrNotFound) || errors.Is(err, sessions.ErrConflict) {
			t.Errorf("%s on a closed client: %v reads as a missing or conflicting session", op, err)
		}
	}
}

func TestUnreachableServerIsAnError(t *testing.T) {
	// A port nothing listens on: connection refused.
	c := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialTimeout: time.Second})
	defer c.Close()
	s := redisstore.New(c, nil)
	if _, err := s.Load(context.Background(), "k"); !errors.Is(err, redisstore.ErrRedis) || errors.Is(err, sessions.ErrNotFound) {
		t.Errorf("Load from an unreachable server: %v, want ErrRedis", err)
	}
}

func TestContextDeadlineBoundsABlockedServer(t *testing.T) {
	s, _, _ := newStore(t)
	ctx := context.Background()
	if _, err := s.Save(ctx, "k", rec("x", time.Now().Add(time.Hour))); err != nil {
		t.Fatal(err)
	}
	// Keep the server from answering for a while, as an overloaded or
	// partitioned one would.
	admin := newClient(t)
	if err := admin.Do(ctx, "CLIENT", "PAUSE", "1000").Err(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = admin.Do(context.Background(), "CLIENT", "UNPAUSE").Err()
	}()
	dctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := s.Load(dctx, "k")
	elapsed := time.Since(start)
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, redisstore.ErrRedis) {
		t.Errorf("Load past its deadline: %v, want ErrRedis wrapping context.DeadlineExceeded", err)
	}
	if elapsed > 500*time.Millisecond {
		t.Errorf("Load with a 100ms deadline took %v against a paused server", elapsed)
	}
}

func TestMalformedRecordIsAnError(t *testing.T) {
	s, c, prefix := newStore(t)
	ctx := context.Background()
	for name, fields := range map[string][]any{
		"no data":     {"created", "1", "expires", "2", "version", "1"},
		"bad version": {"data", "x", "created", "1", "expires", "2", "version", "one"},
		"version 0":   {"data", "x", "created", "1", "expires", "2", "version", "0"},
		"bad time":    {"data", "x", "created", "yesterday", "expires", "2", "version", "1"},
	} {
		key := strings.ReplaceAll(name, " ", "-")
		c.HSet(ctx, prefix+key, fields...)
		_, err := s.Load(ctx, key)
		if !errors.Is(err, redisstore.ErrMalformed) {
			t.Errorf("%s: Load: %v, want ErrMalformed", name, err)
		}
	}
	// A key of another type is a Redis error, not a missing session.
	c.Set(ctx, prefix+"string", "x", time.Minute)
	if _, err := s.Load(ctx, "string"); !errors.Is(err, redisstore.ErrRedis) {
		t.Errorf("Load of a string key: %v, want ErrRedis", err)
	}
}

func TestMaximumVersionConflicts(t *testing.T) {
	s, _, _ := newStore(t)
	r := rec("x", time.Now().Add(time.Hour))
	r.Version = math.MaxUint64
	if _, err := s.Save(context.Background(), "k", r); !errors.Is(err, sessions.ErrConflict) {
		t.Errorf("Save with the maximum version: %v, want ErrConflict", err)
	}
}

func TestLargeVersionsCompareExactly(t *testing.T) {
	// Versions above 2^53 must not be rounded by Lua's numbers.
	s, c, prefix := newStore(t)
	ctx := context.Background()
	c.HSet(ctx, prefix+"k", "data", "x", "created", "1", "expires", "2", "version", "9007199254740993")
	r := rec("y", time.Now().Add(time.Hour))
	r.Version = 9007199254740992
	if _, err := s.Save(ctx, "k", r); !errors.Is(err, sessions.ErrConflict) {
		t.Errorf("Save of version 2^53 over 2^53+1: %v, want ErrConflict", err)
	}
	r.Version = 9007199254740993
	v, err := s.Save(ctx, "k", r)
	if err != nil || v != 9007199254740994 {
		t.Errorf("Save of version 2^53+1 = %d, %v, want 2^53+2", v, err)
	}
}

func TestErrorsReadAsOneLine(t *testing.T) {
	errtest.CheckExported(t, "redisstore: ", map[string]error{
		"ErrRedis":     redisstore.ErrRedis,
		"ErrMalformed": redisstore.ErrMalformed,
	})
}
