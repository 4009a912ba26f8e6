package server

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/web"
)

// errBadRequest: the request is malformed (not something a person typed into our form).
var errBadRequest = errors.New("bad request")

// parseForm reads a posted form into web.Form, keeping what the user typed. Malformed bodies
// and text that is not valid UTF-8 or holds NUL bytes (which Postgres refuses) are bad requests.
func parseForm(r *http.Request, fields ...string) (web.Form, error) {
	if err := r.ParseForm(); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return web.Form{}, err
		}
		return web.Form{}, fmt.Errorf("%w: %v", errBadRequest, err)
	}
	for _, vs := range r.Form {
		for _, v := range vs {
			if !cleanText(v) {
				return web.Form{}, errBadRequest
			}
		}
	}
	f := web.Form{Values: map[string]string{}, Multi: map[string][]string{}, Errors: map[string]string{}, Order: fields}
	for k, v := range r.PostForm {
		if len(v) > 0 {
			f.Values[k] = v[0]
		}
		f.Multi[k] = v
	}
	return f, nil
}

// emptyForm is a form with initial values.
func emptyForm(values map[string]string, fields ...string) web.Form {
	if values == nil {
		values = map[string]string{}
	}
	return web.Form{Values: values, Multi: map[string][]string{}, Errors: map[string]string{}, Order: fields}
}

// invalid copies validation errors into the form; ok is false for other errors.
func invalid(f *web.Form, err error) bool {
	var inv app.Invalid
	if !errors.As(err, &inv) {
		return false
	}
	for k, v := range inv {
		f.Errors[k] = v
	}
	return true
}

// cleanText reports whether s is text Postgres will store: valid UTF-8 without NUL bytes.
func cleanText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// query returns the URL query, refusing values that are not clean text.
func query(r *http.Request) (url.Values, error) {
	q := r.URL.Query()
	for _, vs := range q {
		for _, v := range vs {
			if !cleanText(v) {
				return nil, errBadRequest
			}
		}
	}
	return q, nil
}

func atoi64(s string) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n
}

// labelled names the form's fields for the error summary; pairs are field, message key.
func labelled(f web.Form, p web.Page, pairs ...string) web.Form {
	f.Labels = map[string]string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		f.Labels[pairs[i]] = p.T(pairs[i+1])
	}
	return f
}
