// Package app holds the few error kinds shared by every capability, so the web layer can map
// them to HTTP answers in one place.
package app

import (
	"errors"
	"strings"
)

var (
	// ErrNotFound: the object does not exist, or the user may not know it exists.
	ErrNotFound = errors.New("not found")
	// ErrForbidden: the user may not do this to this object.
	ErrForbidden = errors.New("forbidden")
	// ErrConflict: someone else changed the object first, or the object is in the wrong state.
	ErrConflict = errors.New("conflict")
)

// Invalid is a validation failure: a message key per form field.
type Invalid map[string]string

func (v Invalid) Error() string {
	keys := make([]string, 0, len(v))
	for k, m := range v {
		keys = append(keys, k+": "+m)
	}
	return "invalid input: " + strings.Join(keys, ", ")
}

// Add records the first problem of a field.
func (v Invalid) Add(field, msgKey string) {
	if _, ok := v[field]; !ok {
		v[field] = msgKey
	}
}

// Err returns v as an error, or nil when there is nothing wrong.
func (v Invalid) Err() error {
	if len(v) == 0 {
		return nil
	}
	return v
}
