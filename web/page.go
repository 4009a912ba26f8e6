package web

import "hnizdo.cz/hnizdo/internal/i18n"

// Page is what every page shows around its content: the layout's view model.
type Page struct {
	Title  string
	L      i18n.L
	User   *UserBar // nil when nobody is logged in
	Nav    []Link
	Crumbs []Link // parents of the current page; the page title closes the trail
	Flash  string // a one-time success message
	Alert  string // a warning about what the user just tried, e.g. an action the state no longer allows
}

// UserBar is the signed-in user as the header shows them.
type UserBar struct {
	Name       string
	OfficeID   int64
	OfficeName string
	RegionName string
	Roles      string
}

// Link is a navigation entry.
type Link struct {
	Label  string
	Href   string
	Active bool
}

// T is a shortcut for p.L.T in templates.
func (p Page) T(key string, args ...any) string { return p.L.T(key, args...) }

// Form carries a submitted form back to the page: the values as typed and a message key per
// bad field. Pages render errors next to their fields and in a summary at the top.
type Form struct {
	Values map[string]string
	Multi  map[string][]string
	Errors map[string]string
	// Order lists the fields in page order, for the error summary.
	Order []string
	// Labels names the fields in the error summary ("E-mail: Vyplňte toto pole.").
	Labels map[string]string
}

// SummaryText is the error summary's line for a field: its label and its message.
func (f Form) SummaryText(p Page, name string) string {
	msg := p.T(f.Err(name))
	if l := f.Labels[name]; l != "" {
		return l + ": " + msg
	}
	return msg
}

// Get returns a submitted value.
func (f Form) Get(name string) string { return f.Values[name] }

// Has reports whether a multi-valued field (checkboxes) contains v.
func (f Form) Has(name, v string) bool {
	for _, x := range f.Multi[name] {
		if x == v {
			return true
		}
	}
	return false
}

// Err returns the message key for a field, or "".
func (f Form) Err(name string) string { return f.Errors[name] }

// Summary lists the errors in page order.
func (f Form) Summary() []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range f.Order {
		if _, ok := f.Errors[n]; ok && !seen[n] {
			out = append(out, n)
			seen[n] = true
		}
	}
	for n := range f.Errors {
		if !seen[n] {
			out = append(out, n)
		}
	}
	return out
}
