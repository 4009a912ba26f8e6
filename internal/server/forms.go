package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/web"
)

// parseForm reads a posted form into web.Form, keeping what the user typed.
func parseForm(r *http.Request, fields ...string) (web.Form, error) {
	if err := r.ParseForm(); err != nil {
		return web.Form{}, err
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
