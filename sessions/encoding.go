package sessions

import (
	"encoding/binary"
	"errors"
	"slices"

	"github.com/webob-go/webob/cookies"
)

// A Codec encodes one session value to bytes and back. Each value is
// encoded on its own (at Set) and decoded on its own (at GetAs or
// Decode), so a value that is never read is never decoded and an
// unchanged value is carried to the next save as the bytes it came in.
// cookies.JSONSerializer is a Codec; so is any type with these two
// methods (a gob or msgpack wrapper). A Codec must be safe for concurrent
// use.
type Codec interface {
	// Marshal encodes v.
	Marshal(v any) ([]byte, error)
	// Unmarshal decodes data into the value v points to. It must not
	// keep data, or change it, after it returns.
	Unmarshal(data []byte, v any) error
}

// defaultCodec is encoding/json: no type registration, readable in a
// store dump, and the same bytes in every process.
var defaultCodec Codec = cookies.JSONSerializer{}

// errCorrupt reports session data that does not follow the format below:
// a record written by something else, or a truncated one. The session is
// then treated as missing.
var errCorrupt = errors.New("sessions: corrupt session data")

// dataFormat is the first byte of encoded session data.
const dataFormat = 1

// The session data a Store keeps (Record.Data) and a CookieStore carries
// is
//
//	format-byte *( uvarint(len(key)) key uvarint(len(value)) value )
//
// with the keys in increasing order, each once. Values are the Codec's
// bytes; flash queues use keys that start with a NUL byte, which the keys
// of Set cannot.

// appendData appends the encoding of values to dst.
func appendData(dst []byte, values map[string][]byte) []byte {
	dst = append(dst, dataFormat)
	if len(values) == 1 { // the common case, without sorting
		for k, v := range values {
			return appendEntry(dst, k, v)
		}
	}
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		dst = appendEntry(dst, k, values[k])
	}
	return dst
}

func appendEntry(dst []byte, k string, v []byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(k)))
	dst = append(dst, k...)
	dst = binary.AppendUvarint(dst, uint64(len(v)))
	return append(dst, v...)
}

// dataLen is len(appendData(nil, values)).
func dataLen(values map[string][]byte) int {
	n := 1
	for k, v := range values {
		n += entryLen(k, v)
	}
	return n
}

func entryLen(k string, v []byte) int {
	return uvarintLen(uint64(len(k))) + len(k) + uvarintLen(uint64(len(v))) + len(v)
}

func uvarintLen(x uint64) int {
	n := 1
	for x >= 0x80 {
		x >>= 7
		n++
	}
	return n
}

// decodeData decodes session data. The values it returns share data's
// memory, which the caller must own. An empty data is an empty session.
func decodeData(data []byte) (map[string][]byte, error) {
	if len(data) == 0 {
		return map[string][]byte{}, nil
	}
	if data[0] != dataFormat {
		return nil, errCorrupt
	}
	values := map[string][]byte{}
	b := data[1:]
	prev := ""
	for len(b) > 0 {
		k, rest, ok := readField(b)
		if !ok {
			return nil, errCorrupt
		}
		v, rest, ok := readField(rest)
		if !ok {
			return nil, errCorrupt
		}
		key := string(k)
		if len(values) > 0 && key <= prev {
			return nil, errCorrupt // out of order or repeated
		}
		values[key] = v[:len(v):len(v)]
		prev = key
		b = rest
	}
	return values, nil
}

// readField reads one length-prefixed field.
func readField(b []byte) (field, rest []byte, ok bool) {
	n, w := binary.Uvarint(b)
	if w <= 0 || n > uint64(len(b)-w) {
		return nil, nil, false
	}
	end := w + int(n)
	return b[w:end], b[end:], true
}

// A flash queue is stored as a list of messages:
//
//	*( uvarint(len(msg)) msg )

func appendFlashes(dst []byte, msgs []string) []byte {
	for _, m := range msgs {
		dst = binary.AppendUvarint(dst, uint64(len(m)))
		dst = append(dst, m...)
	}
	return dst
}

func decodeFlashes(b []byte) ([]string, error) {
	var msgs []string
	for len(b) > 0 {
		m, rest, ok := readField(b)
		if !ok {
			return nil, errCorrupt
		}
		msgs = append(msgs, string(m))
		b = rest
	}
	return msgs, nil
}
