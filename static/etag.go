package static

import (
	"crypto/sha256"
	"encoding/base64"
	"io"
	"io/fs"
	"strconv"
	"sync"
	"time"
)

// appendModETag appends the strong ETag made of the size and the
// modification time in nanoseconds, both in base 36, and the coding of a
// precompressed sibling ("" for the file itself).
func appendModETag(b []byte, size int64, mod time.Time, coding string) []byte {
	b = append(b, '"')
	b = strconv.AppendInt(b, size, 36)
	b = append(b, '-')
	b = strconv.AppendInt(b, mod.UnixNano(), 36)
	if coding != "" {
		b = append(b, '-')
		b = append(b, coding...)
	}
	return append(b, '"')
}

// hashKey identifies one version of a file for the hash cache.
type hashKey struct {
	name string
	size int64
	mod  int64
	ver  fileVersion // ctime and inode where the platform has them
}

// hashCache holds content hashes, bounded: when full, an arbitrary entry
// is dropped for each new one.
type hashCache struct {
	mu  sync.Mutex
	max int
	m   map[hashKey]string
}

func (c *hashCache) get(k hashKey) (string, bool) {
	c.mu.Lock()
	v, ok := c.m[k]
	c.mu.Unlock()
	return v, ok
}

func (c *hashCache) put(k hashKey, v string) {
	c.mu.Lock()
	if c.m == nil {
		c.m = make(map[hashKey]string)
	}
	if _, ok := c.m[k]; !ok && len(c.m) >= c.max {
		for old := range c.m {
			delete(c.m, old)
			break
		}
	}
	c.m[k] = v
	c.mu.Unlock()
}

// hashETag returns the strong ETag of the content of f (whose name and
// info are given), from the cache or by reading f once; f is left at its
// start. ok is false when f cannot be read or rewound, or is nil and the
// hash is not cached.
func (h *handler) hashETag(f fs.File, name string, fi fs.FileInfo) (string, bool) {
	k := hashKey{name: name, size: fi.Size(), mod: fi.ModTime().UnixNano(), ver: versionOf(fi)}
	if v, ok := h.hashes.get(k); ok {
		return v, true
	}
	if f == nil {
		return "", false
	}
	s, ok := f.(io.Seeker)
	if !ok {
		return "", false
	}
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return "", false
	}
	if _, err := s.Seek(0, io.SeekStart); err != nil {
		return "", false
	}
	var d [sha256.Size]byte
	b := make([]byte, 0, 26)
	b = append(b, '"')
	b = base64.RawURLEncoding.AppendEncode(b, sum.Sum(d[:0])[:18])
	b = append(b, '"')
	v := string(b)
	h.hashes.put(k, v)
	return v, true
}
