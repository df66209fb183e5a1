package sessions

import (
	"context"
	"sync"
	"time"
)

// MemoryStore is a Store in the memory of one process: for development,
// tests and single-machine servers that can lose their sessions on
// restart. It is safe for concurrent use and keeps copies of the records'
// Data, so neither a caller nor the Manager can change a stored record
// behind its back.
//
// Expired records are swept without a goroutine: Load and Touch refuse
// (and drop) an expired record, and every write sweeps the whole map once
// the writes since the last sweep outnumber the records, which costs O(1)
// per write on average. There is nothing to stop or close.
type MemoryStore struct {
	// Now returns the current time, for expiry; nil means time.Now. Set it
	// before the store is used.
	Now func() time.Time

	mu      sync.Mutex
	records map[string]memRecord
	version uint64 // the last version handed out, store-wide, so no key reuses one
	writes  int    // writes since the last sweep
}

type memRecord struct {
	data             []byte
	created, expires time.Time
	version          uint64
}

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{records: map[string]memRecord{}}
}

func (s *MemoryStore) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// init makes the zero MemoryStore usable. It must be called with s.mu held.
func (s *MemoryStore) init() {
	if s.records == nil {
		s.records = map[string]memRecord{}
	}
}

// Load returns a copy of the record under key, or ErrNotFound when there
// is none or it expired.
func (s *MemoryStore) Load(_ context.Context, key string) (Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.records[key]
	if !ok {
		return Record{}, ErrNotFound
	}
	if !s.now().Before(r.expires) {
		delete(s.records, key)
		return Record{}, ErrNotFound
	}
	return Record{Data: clone(r.data), Created: r.created, Expires: r.expires, Version: r.version}, nil
}

// Save stores a copy of rec under key when the stored version is
// rec.Version (0: no live record under key), and returns the new version.
// Otherwise it returns ErrConflict.
func (s *MemoryStore) Save(_ context.Context, key string, rec Record) (uint64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.init()
	now := s.now()
	cur, ok := s.records[key]
	if ok && !now.Before(cur.expires) {
		delete(s.records, key)
		ok = false
	}
	if ok && cur.version != rec.Version || !ok && rec.Version != 0 {
		return 0, ErrConflict
	}
	s.version++
	s.records[key] = memRecord{data: clone(rec.Data), created: rec.Created, expires: rec.Expires, version: s.version}
	s.wrote(now)
	return s.version, nil
}

// Touch moves the Expires of the record under key, or returns ErrNotFound.
func (s *MemoryStore) Touch(_ context.Context, key string, expires time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	r, ok := s.records[key]
	if !ok || !now.Before(r.expires) {
		delete(s.records, key)
		return ErrNotFound
	}
	r.expires = expires
	s.records[key] = r
	return nil
}

// Delete removes the record under key, if any.
func (s *MemoryStore) Delete(_ context.Context, key string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.records, key)
	s.wrote(s.now())
	return nil
}

// Len returns the number of records held, expired ones not swept yet
// included.
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.records)
}

// wrote counts a write and sweeps when the writes since the last sweep
// outnumber the records. It must be called with s.mu held.
func (s *MemoryStore) wrote(now time.Time) {
	s.writes++
	if s.writes <= len(s.records) {
		return
	}
	s.writes = 0
	for k, r := range s.records {
		if !now.Before(r.expires) {
			delete(s.records, k)
		}
	}
}

func clone(b []byte) []byte {
	if b == nil {
		return nil
	}
	return append(make([]byte, 0, len(b)), b...)
}
