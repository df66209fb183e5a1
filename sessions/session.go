package sessions

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/webob-go/webob/cookies"
	"github.com/webob-go/webob/internal/oneline"
	"github.com/webob-go/webob/webob"
)

// A Session is one visitor's values for the current request. Get (or
// FromRequest) returns it; it is loaded on first use and committed by the
// Manager's middleware when the response header is written.
//
// Values are encoded by the Manager's Codec when they are Set, and decoded
// on each GetAs or Decode: the session keeps a snapshot, so changing a map
// after Set (or one returned by GetAs) does not change the session; Set it
// again.
//
// Every method is safe for concurrent use by several goroutines of one
// request. Changes made after the commit (a goroutine that outlives its
// handler) are refused with ErrCommitted, never silently dropped; reads
// still work.
//
// A method that needs the stored session loads it first; a Store error is
// returned then, by every later method, and at commit, where it fails the
// request (500) rather than let the handler go on as if the visitor had
// no session.
type Session struct {
	mu sync.Mutex
	m  *Manager
	r  *http.Request

	loaded    bool
	committed bool
	err       error // a load error, sticky

	id        string // the session ID; "" before a new one is saved (and always for a CookieStore)
	key       string // Key(id): where the loaded record is stored
	version   uint64 // the loaded record's version
	created   time.Time
	expires   time.Time // the deadline the stored record or cookie carries
	fresh     bool      // nothing stored to update: saving creates a new record under a new ID
	existed   bool      // the request came with a live session (cleared by Destroy)
	hadCookie bool      // the request carried the cookie
	destroyed bool
	dirty     bool
	values    map[string][]byte
	changes   []change  // this request's changes, re-applied after a conflict
	change1   [1]change // the first change, without an allocation
	doomed    []string  // keys of records to delete at commit (Destroy)
	// renewKey and renewVersion name the record a Renew leaves: it is
	// retired at commit only if it is still the session's (see retire).
	renewKey     string
	renewVersion uint64
}

// A change is one modification a request made, kept so that it can be
// re-applied to a record another request saved in the meantime.
type change struct {
	op   uint8
	key  string
	raw  []byte   // opSet
	msg  string   // opFlash
	msgs []string // opPop: the messages shown
}

const (
	opSet    uint8 = iota // values[key] = raw
	opDelete              // delete values[key]
	opClear               // delete every value
	opFlash               // append msg to the queue at key
	opPop                 // remove the messages shown from the front of the queue at key
)

// apply makes c on values.
func apply(values map[string][]byte, c change) {
	switch c.op {
	case opSet:
		values[c.key] = c.raw
	case opDelete:
		delete(values, c.key)
	case opClear:
		clear(values)
	case opFlash:
		q := values[c.key]
		values[c.key] = appendFlashes(q[:len(q):len(q)], []string{c.msg})
	case opPop:
		msgs, err := decodeFlashes(values[c.key])
		n := shown(c.msgs, msgs)
		if err != nil || len(msgs) <= n {
			delete(values, c.key)
			return
		}
		values[c.key] = appendFlashes(nil, msgs[n:])
	}
}

// shown returns how many messages at the front of queue are the last ones
// of popped: those a request showed and that are still queued. Another
// request may have shown (removed) the first of them meanwhile, and
// queued new ones after them, which stay.
func shown(popped, queue []string) int {
	for k := min(len(popped), len(queue)); k > 0; k-- {
		if slices.Equal(popped[len(popped)-k:], queue[:k]) {
			return k
		}
	}
	return 0
}

// FromRequest is Get for a webob Request.
func FromRequest(req *webob.Request) *Session { return Get(req.HTTP()) }

// now is the Manager's clock.
func (m *Manager) now() time.Time { return m.nowf() }

// load loads the session once, on first use. It must be called with s.mu
// held.
func (s *Session) load() error {
	if s.loaded {
		return s.err
	}
	s.loaded = true
	now := s.m.now()
	lines := s.r.Header["Cookie"]
	v, ok := cookies.Get(lines, s.m.tmpl.Name)
	s.hadCookie = ok
	if ok {
		s.loadValue(v, now)
		if s.values == nil && s.err == nil {
			// A browser may hold several cookies of this name (a stale
			// one with another Path or Domain, sent first): the first
			// that names a live session wins, among the first few.
			if all := cookies.All(lines, s.m.tmpl.Name); len(all) > 1 {
				for _, w := range all[1:min(len(all), maxCookieCandidates)] {
					if w != v {
						s.loadValue(w, now)
					}
					if s.values != nil || s.err != nil {
						break
					}
				}
			}
		}
	}
	if s.values == nil {
		s.startFresh(now)
	} else {
		s.existed = true
	}
	return s.err
}

// maxCookieCandidates bounds the session cookies of one request that are
// tried (see load), so that a request cannot make many store lookups.
const maxCookieCandidates = 4

// loadValue loads the session a cookie value names, if it is live.
func (s *Session) loadValue(v string, now time.Time) {
	if s.m.cookie != nil {
		s.loadCookie(v, now)
	} else {
		s.err = s.loadRecord(v, now)
	}
}

// startFresh makes s a new, empty session.
func (s *Session) startFresh(now time.Time) {
	s.fresh, s.existed = true, false
	s.id, s.key, s.version = "", "", 0
	s.created, s.expires = now, time.Time{}
	s.values = map[string][]byte{}
	s.changes = s.changes[:0]
	s.dirty = false
}

// loadRecord loads the stored session of the ID id. A missing, dead or
// unreadable record leaves s without values (a new session); a Store
// error is returned.
func (s *Session) loadRecord(id string, now time.Time) error {
	if !validID(id) {
		return nil
	}
	key := Key(id)
	rec, err := s.m.store.Load(s.r.Context(), key)
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return oneline.Join(errLoad, err)
	}
	if !s.m.alive(rec.Created, rec.Expires, now) {
		return nil
	}
	values, err := decodeData(rec.Data)
	if err != nil {
		s.m.logCorrupt(s.r.Context(), "store")
		return nil
	}
	s.id, s.key, s.version, s.created, s.expires, s.values = id, key, rec.Version, rec.Created, rec.Expires, values
	return nil
}

// lockLoaded locks s and loads it.
func (s *Session) lockLoaded() error {
	if s == nil {
		return ErrNoSession
	}
	s.mu.Lock()
	return s.load()
}

// lockMutable locks s, loads it and checks that it can still change.
func (s *Session) lockMutable() error {
	if err := s.lockLoaded(); err != nil {
		return err
	}
	if s.committed {
		return ErrCommitted
	}
	return nil
}

// unlock unlocks a non-nil s.
func (s *Session) unlock() {
	if s != nil {
		s.mu.Unlock()
	}
}

// record applies c and keeps it in the change log. With a CookieStore it
// first checks that the cookie still fits, and refuses c otherwise.
func (s *Session) record(c change) error {
	if s.m.cookie != nil {
		old, had := s.values[c.key]
		apply(s.values, c)
		if n := s.m.cookieLen(s.values, s.created, s.m.now()); n > s.m.cookieLimit() {
			if had {
				s.values[c.key] = old
			} else {
				delete(s.values, c.key)
			}
			return s.m.tooLarge(len(s.m.tmpl.Name) + 1 + n)
		}
	} else {
		apply(s.values, c)
	}
	if s.changes == nil {
		s.changes = s.change1[:0]
	}
	s.changes = append(s.changes, c)
	s.dirty = true
	return nil
}

// Set stores v under key, encoded now by the Manager's Codec: an encoding
// error is returned here, and so is ErrTooLarge when a CookieStore
// session would no longer fit its cookie (the session is then unchanged).
// Keys starting with a NUL byte are reserved (ErrReservedKey).
func (s *Session) Set(key string, v any) error {
	defer s.unlock()
	if err := s.lockMutable(); err != nil {
		return err
	}
	if hasReservedPrefix(key) {
		return ErrReservedKey
	}
	raw, err := s.m.codec.Marshal(v)
	if err != nil {
		return oneline.Detail(errEncode, oneline.Quote(key), err)
	}
	return s.record(change{op: opSet, key: key, raw: raw})
}

var (
	errEncode = errors.New("sessions: cannot encode value")
	errDecode = errors.New("sessions: cannot decode value")
)

// Decode decodes the value under key into the value v points to, and
// reports whether there was one. The error is a load error or the
// Codec's (then ok is true: the key is there, its value did not fit v).
func (s *Session) Decode(key string, v any) (ok bool, err error) {
	defer s.unlock()
	if err := s.lockLoaded(); err != nil {
		return false, err
	}
	if hasReservedPrefix(key) {
		return false, ErrReservedKey
	}
	raw, ok := s.values[key]
	if !ok {
		return false, nil
	}
	if err := s.m.codec.Unmarshal(raw, v); err != nil {
		return true, oneline.Detail(errDecode, oneline.Quote(key), err)
	}
	return true, nil
}

// GetAs returns the value under key decoded as a T, and whether there was
// one:
//
//	n, ok, err := sessions.GetAs[int](s, "visits")
//
// A missing key is the zero T, false and no error. The error is a load
// error or the Codec's (a value that does not decode as a T).
func GetAs[T any](s *Session, key string) (T, bool, error) {
	var v T
	ok, err := s.Decode(key, &v)
	return v, ok, err
}

// Has reports whether the session holds key. It is false when the
// session cannot be loaded (see Err).
func (s *Session) Has(key string) bool {
	defer s.unlock()
	if s.lockLoaded() != nil || hasReservedPrefix(key) {
		return false
	}
	_, ok := s.values[key]
	return ok
}

// Delete removes key. Deleting a key that is not there changes nothing.
func (s *Session) Delete(key string) error {
	defer s.unlock()
	if err := s.lockMutable(); err != nil {
		return err
	}
	if hasReservedPrefix(key) {
		return ErrReservedKey
	}
	if _, ok := s.values[key]; !ok {
		return nil
	}
	return s.record(change{op: opDelete, key: key})
}

// Clear removes every value, flash messages included. The session itself
// (its ID, its Created time) stays; use Destroy to end it.
func (s *Session) Clear() error {
	defer s.unlock()
	if err := s.lockMutable(); err != nil {
		return err
	}
	if len(s.values) == 0 {
		return nil
	}
	return s.record(change{op: opClear})
}

// Keys returns the keys of the values, sorted (flash queues are not
// values). It is nil when the session cannot be loaded (see Err).
func (s *Session) Keys() []string {
	defer s.unlock()
	if s.lockLoaded() != nil {
		return nil
	}
	keys := make([]string, 0, len(s.values))
	for k := range s.values {
		if !hasReservedPrefix(k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// Len returns the number of values.
func (s *Session) Len() int {
	defer s.unlock()
	if s.lockLoaded() != nil {
		return 0
	}
	n := 0
	for k := range s.values {
		if !hasReservedPrefix(k) {
			n++
		}
	}
	return n
}

// Created returns when the session began (now, for a new one); its
// absolute lifetime counts from then. Renew keeps it.
func (s *Session) Created() time.Time {
	defer s.unlock()
	if s.lockLoaded() != nil {
		return time.Time{}
	}
	return s.created
}

// IsNew reports whether the request came without a live session (or
// Destroy ended it): no cookie, an unknown, expired, tampered-with or
// destroyed one.
func (s *Session) IsNew() bool {
	defer s.unlock()
	if s.lockLoaded() != nil {
		return true
	}
	return !s.existed
}

// Err returns the error that loading the session met (a Store error), or
// nil. It loads the session.
func (s *Session) Err() error {
	defer s.unlock()
	return s.lockLoaded()
}

// flashKey is the key of a flash queue.
func flashKey(queue string) string { return "\x00flash:" + queue }

// Flash appends msg to the default flash queue: a message for the next
// page that shows it (Flashes), such as "Saved." after a redirect.
func (s *Session) Flash(msg string) error { return s.FlashTo("", msg) }

// FlashTo appends msg to the named flash queue ("" is the default one).
func (s *Session) FlashTo(queue, msg string) error {
	defer s.unlock()
	if err := s.lockMutable(); err != nil {
		return err
	}
	return s.record(change{op: opFlash, key: flashKey(queue), msg: msg})
}

// Flashes removes and returns the messages of the default flash queue,
// oldest first; nil when there are none.
func (s *Session) Flashes() ([]string, error) { return s.FlashesFrom("") }

// FlashesFrom removes and returns the messages of the named queue. Only
// the messages returned are removed: one that a concurrent request
// queued meanwhile stays for the next page.
func (s *Session) FlashesFrom(queue string) ([]string, error) {
	defer s.unlock()
	if err := s.lockMutable(); err != nil {
		return nil, err
	}
	key := flashKey(queue)
	msgs, err := decodeFlashes(s.values[key])
	if err != nil || len(msgs) == 0 {
		return nil, err
	}
	return msgs, s.record(change{op: opPop, key: key, msgs: msgs})
}

// PeekFlashes returns the messages of the named queue without removing
// them.
func (s *Session) PeekFlashes(queue string) ([]string, error) {
	defer s.unlock()
	if err := s.lockLoaded(); err != nil {
		return nil, err
	}
	return decodeFlashes(s.values[flashKey(queue)])
}

// Renew gives the session a new ID, keeping its values and Created time,
// and deletes the record under the old one when the session is
// committed: call it when the visitor logs in (or changes privilege), so
// that an ID an attacker planted or saw before is worth nothing after
// (session fixation). A CookieStore session is re-encrypted into a new
// cookie.
//
// The old record is retired only if it is still there: what another
// request saved to it meanwhile is carried over to the new ID, and when
// another request destroyed (or renewed) the session meanwhile, the
// renewal is dropped with this request's changes, so that a log-out is
// never undone by a concurrent Renew.
func (s *Session) Renew() error {
	defer s.unlock()
	if err := s.lockMutable(); err != nil {
		return err
	}
	if !s.fresh && s.m.store != nil {
		s.renewKey, s.renewVersion = s.key, s.version
		s.fresh = true
		s.id, s.key, s.version = "", "", 0
	}
	s.dirty = true
	return nil
}

// Destroy ends the session (log out): its record is deleted and its
// cookie expired when the session is committed. The Session is then new
// and empty; a value Set afterwards starts another session, under a new
// ID. A concurrent request of the destroyed session cannot bring it back
// (see the package documentation). A CookieStore session can only be
// expired in this browser: see CookieStore.
func (s *Session) Destroy() error {
	defer s.unlock()
	if err := s.lockMutable(); err != nil {
		return err
	}
	if !s.fresh && s.m.store != nil {
		s.doomed = append(s.doomed, s.key)
	}
	if s.renewKey != "" { // renewed, then destroyed: the old record goes unconditionally
		s.doomed = append(s.doomed, s.renewKey)
		s.renewKey = ""
	}
	s.startFresh(s.m.now())
	s.destroyed = true
	return nil
}

// commit saves what the request changed and adds the response header
// fields: Vary: Cookie when the session was used, Set-Cookie (with
// Cache-Control: no-cache="Set-Cookie") when the cookie changes. It runs
// once; later changes are refused with ErrCommitted.
//
// A response with a 5xx status code reports a failed request (or a
// recovered panic): its changes are not saved, so that the session is
// never left half-done; only a Destroy is carried out, deleting being
// always safe.
func (s *Session) commit(h http.Header, code int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.committed {
		return nil
	}
	s.committed = true
	if !s.loaded {
		return nil
	}
	varyCookie(h)
	if s.err != nil {
		return s.err
	}
	// The commit finishes even when the client went away: what the
	// handler did is saved or not as a whole.
	ctx := context.WithoutCancel(s.r.Context())
	now := s.m.now()
	if code >= 500 {
		return s.commitFailed(ctx, h)
	}
	if s.m.cookie != nil {
		return s.commitCookie(h, now)
	}
	for _, k := range s.doomed {
		if err := s.m.store.Delete(ctx, k); err != nil {
			return oneline.Join(errSave, err)
		}
	}
	if s.renewKey != "" {
		if ok, err := s.retire(ctx, now); !ok {
			return err
		}
	}
	switch {
	case s.dirty && s.fresh:
		if err := s.saveNew(ctx, now); err != nil {
			return err
		}
		return s.m.setCookie(h, s.id, s.created, now)
	case s.dirty:
		return s.saveExisting(ctx, now)
	case s.destroyed:
		if s.hadCookie {
			return s.m.expireCookie(h)
		}
	case !s.fresh && s.m.idle > 0:
		exp := s.m.deadline(s.created, now)
		if exp.Sub(s.expires) >= s.m.renewStep {
			err := s.m.store.Touch(ctx, s.key, exp)
			if err != nil && !errors.Is(err, ErrNotFound) {
				return oneline.Join(errSave, err)
			}
		}
	}
	return nil
}

// commitFailed commits the session of a 5xx response: only a Destroy is
// carried out.
func (s *Session) commitFailed(ctx context.Context, h http.Header) error {
	if !s.destroyed {
		return nil
	}
	for _, k := range s.doomed {
		if err := s.m.store.Delete(ctx, k); err != nil {
			return oneline.Join(errSave, err)
		}
	}
	if s.hadCookie {
		return s.m.expireCookie(h)
	}
	return nil
}

// saveNew saves the session under a new ID.
func (s *Session) saveNew(ctx context.Context, now time.Time) error {
	rec := Record{Data: appendData(make([]byte, 0, dataLen(s.values)), s.values), Created: s.created, Expires: s.m.deadline(s.created, now)}
	var err error
	for range maxAttempts {
		var id string
		if id, err = newID(); err != nil {
			break
		}
		key := Key(id)
		var v uint64
		if v, err = s.m.store.Save(ctx, key, rec); err == nil {
			s.id, s.key, s.version, s.fresh = id, key, v, false
			return nil
		}
		if !errors.Is(err, ErrConflict) {
			break
		}
	}
	return oneline.Join(errSave, err)
}

// saveExisting saves the loaded session over its record. When another
// request saved in the meantime (ErrConflict), it reloads the record,
// re-applies this request's changes and tries again; when the record is
// gone (destroyed, renewed or expired), the changes are dropped: the
// session is not brought back, and the cookie is left as it is (a
// concurrent Renew may be setting the new one).
func (s *Session) saveExisting(ctx context.Context, now time.Time) error {
	for range maxAttempts {
		rec := Record{Data: appendData(make([]byte, 0, dataLen(s.values)), s.values), Created: s.created,
			Expires: s.m.deadline(s.created, now), Version: s.version}
		v, err := s.m.store.Save(ctx, s.key, rec)
		if err == nil {
			s.version = v
			return nil
		}
		if !errors.Is(err, ErrConflict) {
			return oneline.Join(errSave, err)
		}
		v, ok, err := s.rebase(ctx, s.key, now)
		if !ok {
			return err
		}
		s.version = v
	}
	return oneline.Detail(errSave, "", ErrConflict)
}

// rebase reloads the record under key after a conflict and re-applies
// this request's changes to it. It reports false, with a nil error, when
// the record is gone or dead: another request destroyed or renewed the
// session, whose changes are then dropped.
func (s *Session) rebase(ctx context.Context, key string, now time.Time) (version uint64, ok bool, err error) {
	cur, err := s.m.store.Load(ctx, key)
	if errors.Is(err, ErrNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, oneline.Join(errSave, err)
	}
	if !s.m.alive(cur.Created, cur.Expires, now) {
		return 0, false, nil
	}
	values, err := decodeData(cur.Data)
	if err != nil {
		return 0, false, oneline.Join(errSave, err)
	}
	for _, c := range s.changes {
		apply(values, c)
	}
	s.values, s.created = values, cur.Created
	return cur.Version, true, nil
}

// retiredExpires is the deadline of a retired record: long past.
var retiredExpires = time.Unix(1, 0).UTC()

// retire ends the record a Renew leaves, on the condition that it is
// still the one this request loaded: it saves it, at the loaded version,
// empty and with a deadline long past, and then deletes it. When another
// request saved it meanwhile, its values are reloaded (this request's
// changes re-applied) and the retirement tried again; when it is gone or
// dead, another request destroyed or renewed the session, and retire
// reports false: the renewal is dropped and the cookie left alone.
func (s *Session) retire(ctx context.Context, now time.Time) (bool, error) {
	for range maxAttempts {
		_, err := s.m.store.Save(ctx, s.renewKey, Record{Created: s.created, Expires: retiredExpires, Version: s.renewVersion})
		if err == nil {
			if err := s.m.store.Delete(ctx, s.renewKey); err != nil {
				return false, oneline.Join(errSave, err)
			}
			return true, nil
		}
		if !errors.Is(err, ErrConflict) {
			return false, oneline.Join(errSave, err)
		}
		v, ok, err := s.rebase(ctx, s.renewKey, now)
		if !ok {
			return false, err
		}
		s.renewVersion = v
	}
	return false, oneline.Detail(errSave, "", ErrConflict)
}
