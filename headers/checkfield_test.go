package headers

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckFieldErrorReadsAsOneLine(t *testing.T) {
	for _, tc := range []struct {
		name, value string
		want        error
	}{
		{"bad name", "v", ErrInvalidFieldName},
		{"X-A", "a\r\nb", ErrInvalidFieldValue},
		{"X-A", "a\x00", ErrInvalidFieldValue},
	} {
		err := CheckField(tc.name, tc.value)
		if !errors.Is(err, tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("CheckField(%q, %q) = %q", tc.name, tc.value, err)
		}
	}
}
