// Package redisstore is a sessions.Store on Redis, for applications that
// outgrow one process: every instance behind a load balancer sees the same
// sessions, and Redis forgets them on its own when they expire.
//
// Each session is one Redis hash under Prefix+key (the key is what the
// sessions Manager passes: a hash of the session ID, never the ID itself)
// with the fields data, created, expires (Unix microseconds) and version.
// The hash's expiry is set with PEXPIREAT to the record's Expires, so Redis
// drops a session when its deadline passes without any sweeping. Writes are
// optimistic: Save and Touch run as Lua scripts (EVALSHA, falling back to
// EVAL), which compare the stored version and write in one atomic step, so
// two servers committing the same session cannot both win, and a Save that
// arrives after a logout's Delete cannot bring the session back.
//
// Each script touches one key, so the store works on a single Redis, a
// Sentinel setup and a Redis Cluster alike (any redis.UniversalClient).
//
// To have a request's context deadline bound the Redis round trip, create
// the client with redis.Options.ContextTimeoutEnabled; without it go-redis
// applies its own ReadTimeout and WriteTimeout and only checks the context
// before sending.
package redisstore

import (
	"context"
	"errors"
	"math"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/webob-go/webob/internal/oneline"
	"github.com/webob-go/webob/sessions"
)

// DefaultPrefix is the key prefix of a Store whose Options leave Prefix
// empty.
const DefaultPrefix = "session:"

// Options configure a Store. The zero value (or nil) is the default.
type Options struct {
	// Prefix is put before every key, to keep the sessions apart from other
	// data in the same Redis database and the sessions of one application
	// from another's. Empty means DefaultPrefix.
	Prefix string
}

var (
	// ErrRedis reports that a Redis command failed: the network, the
	// server or the context. The error wraps the client's error too, so
	// errors.Is(err, context.DeadlineExceeded) and the like still work.
	ErrRedis = errors.New("redisstore: redis command failed")

	// ErrMalformed reports that the hash stored under a session key is not
	// a record this package wrote (a field is missing or does not parse).
	ErrMalformed = errors.New("redisstore: malformed session record")
)

// A Store keeps sessions in Redis. It is safe for concurrent use, and any
// number of Stores (in any number of processes) may share one Redis.
type Store struct {
	client redis.UniversalClient
	prefix string
}

// New returns a Store that keeps its sessions through client. The client
// stays the caller's: the Store never closes it.
func New(client redis.UniversalClient, opts *Options) *Store {
	s := &Store{client: client, prefix: DefaultPrefix}
	if opts != nil && opts.Prefix != "" {
		s.prefix = opts.Prefix
	}
	return s
}

var _ sessions.Store = (*Store)(nil)

// The hash fields of a record.
const (
	fieldData    = "data"
	fieldCreated = "created"
	fieldExpires = "expires"
	fieldVersion = "version"
)

// saveScript stores a record when the stored version equals ARGV[1] ("0":
// no record): KEYS[1] the key; ARGV the expected version, the new version,
// data, created, expires (Unix microseconds) and the PEXPIREAT deadline.
// It returns 1, or 0 for a conflict. A deadline already past deletes the
// hash at once.
var saveScript = redis.NewScript(`
local cur = redis.call('HGET', KEYS[1], 'version')
if not cur then cur = '0' end
if cur ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'data', ARGV[3], 'created', ARGV[4], 'expires', ARGV[5], 'version', ARGV[2])
redis.call('PEXPIREAT', KEYS[1], ARGV[6])
return 1
`)

// touchScript moves an existing record's expires field (ARGV[1]) and its
// expiry (ARGV[2], PEXPIREAT) without writing anything else. It returns 1,
// or 0 when there is no record.
var touchScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'expires', ARGV[1])
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return 1
`)

// Key returns the Redis key under which the Store keeps the session key
// (Prefix followed by key), for operators and tests.
func (s *Store) Key(key string) string { return s.prefix + key }

// Load returns the record stored under key. A missing record, or one Redis
// already expired, is an error wrapping sessions.ErrNotFound.
func (s *Store) Load(ctx context.Context, key string) (sessions.Record, error) {
	vals, err := s.client.HMGet(ctx, s.prefix+key, fieldData, fieldCreated, fieldExpires, fieldVersion).Result()
	if err != nil {
		return sessions.Record{}, oneline.Detail(ErrRedis, "load", err)
	}
	if len(vals) != 4 {
		return sessions.Record{}, oneline.Detail(ErrMalformed, "HMGET answered "+strconv.Itoa(len(vals))+" values")
	}
	if vals[3] == nil {
		return sessions.Record{}, sessions.ErrNotFound
	}
	var strs [4]string
	for i, v := range vals {
		str, ok := v.(string)
		if !ok {
			return sessions.Record{}, oneline.Detail(ErrMalformed, "field "+[...]string{fieldData, fieldCreated, fieldExpires, fieldVersion}[i]+" is missing")
		}
		strs[i] = str
	}
	created, err1 := strconv.ParseInt(strs[1], 10, 64)
	expires, err2 := strconv.ParseInt(strs[2], 10, 64)
	version, err3 := strconv.ParseUint(strs[3], 10, 64)
	if err1 != nil || err2 != nil || err3 != nil || version == 0 {
		return sessions.Record{}, oneline.Detail(ErrMalformed, "created "+oneline.Quote(strs[1])+", expires "+oneline.Quote(strs[2])+", version "+oneline.Quote(strs[3]))
	}
	return sessions.Record{
		Data:    []byte(strs[0]),
		Created: time.UnixMicro(created),
		Expires: time.UnixMicro(expires),
		Version: version,
	}, nil
}

// Save stores rec under key if the stored version is rec.Version (0: no
// record may be stored) and returns the new version, rec.Version+1. A
// mismatch is an error wrapping sessions.ErrConflict. Redis drops the
// record at rec.Expires; with an Expires already past, Save succeeds and
// the record is gone at once.
func (s *Store) Save(ctx context.Context, key string, rec sessions.Record) (uint64, error) {
	if rec.Version == math.MaxUint64 {
		return 0, oneline.Detail(sessions.ErrConflict, "version at its maximum")
	}
	next := rec.Version + 1
	n, err := saveScript.Run(ctx, s.client, []string{s.prefix + key},
		strconv.FormatUint(rec.Version, 10),
		strconv.FormatUint(next, 10),
		rec.Data,
		strconv.FormatInt(rec.Created.UnixMicro(), 10),
		strconv.FormatInt(rec.Expires.UnixMicro(), 10),
		strconv.FormatInt(expireAt(rec.Expires), 10),
	).Int()
	if err != nil {
		return 0, oneline.Detail(ErrRedis, "save", err)
	}
	if n != 1 {
		return 0, sessions.ErrConflict
	}
	return next, nil
}

// Touch moves the record's Expires, and Redis's expiry of it, to expires,
// leaving its data and version alone. A missing record is an error
// wrapping sessions.ErrNotFound.
func (s *Store) Touch(ctx context.Context, key string, expires time.Time) error {
	n, err := touchScript.Run(ctx, s.client, []string{s.prefix + key},
		strconv.FormatInt(expires.UnixMicro(), 10),
		strconv.FormatInt(expireAt(expires), 10),
	).Int()
	if err != nil {
		return oneline.Detail(ErrRedis, "touch", err)
	}
	if n != 1 {
		return sessions.ErrNotFound
	}
	return nil
}

// Delete removes the record under key; a missing record is not an error.
// A later Save based on the deleted record's version fails with
// sessions.ErrConflict.
func (s *Store) Delete(ctx context.Context, key string) error {
	if err := s.client.Del(ctx, s.prefix+key).Err(); err != nil {
		return oneline.Detail(ErrRedis, "delete", err)
	}
	return nil
}

// expireAt returns the PEXPIREAT argument for t: Unix milliseconds rounded
// up, so that Redis never drops a record before its Expires, and at least 1
// (an instant long past; Redis deletes the key at once).
func expireAt(t time.Time) int64 {
	us := t.UnixMicro()
	ms := us / 1000
	if us%1000 > 0 {
		ms++
	}
	return max(ms, 1)
}
