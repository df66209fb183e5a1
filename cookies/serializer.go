package cookies

import (
	"encoding/json"
	"errors"

	"github.com/webob-go/webob/internal/oneline"
)

// A Serializer turns a Go value into the bytes a cookie stores and back.
// A Profile uses one; StringSerializer and JSONSerializer are provided,
// and any type with these two methods will do.
type Serializer interface {
	Marshal(v any) ([]byte, error)
	Unmarshal(data []byte, v any) error
}

// ErrSerialize reports a value a serializer cannot handle.
var ErrSerialize = errors.New("cookies: cannot serialize value")

// StringSerializer stores a string as its bytes. Marshal takes a string
// or a []byte; Unmarshal fills a *string or a *[]byte. Other types are
// errors wrapping ErrSerialize.
type StringSerializer struct{}

// Marshal implements Serializer.
func (StringSerializer) Marshal(v any) ([]byte, error) {
	switch x := v.(type) {
	case string:
		return []byte(x), nil
	case []byte:
		return x, nil
	}
	return nil, serializeError("StringSerializer.Marshal takes a string or []byte")
}

// Unmarshal implements Serializer.
func (StringSerializer) Unmarshal(data []byte, v any) error {
	switch x := v.(type) {
	case *string:
		*x = string(data)
	case *[]byte:
		*x = append((*x)[:0], data...)
	default:
		return serializeError("StringSerializer.Unmarshal fills a *string or *[]byte")
	}
	return nil
}

func serializeError(msg string) error { return oneline.Detail(ErrSerialize, msg) }

// JSONSerializer stores any Go value as JSON with encoding/json, like
// WebOb's default cookie serializer.
type JSONSerializer struct{}

// Marshal implements Serializer.
func (JSONSerializer) Marshal(v any) ([]byte, error) { return json.Marshal(v) }

// Unmarshal implements Serializer.
func (JSONSerializer) Unmarshal(data []byte, v any) error { return json.Unmarshal(data, v) }
