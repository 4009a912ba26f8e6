package web

import "strconv"

func describedBy(f Form, name, hint string) string {
	s := ""
	if hint != "" {
		s = "h-" + name
	}
	if f.Err(name) != "" {
		if s != "" {
			s += " "
		}
		s += "e-" + name
	}
	return s
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func orNone(p Page, s string) string {
	if s == "" {
		return p.T("office.not_given")
	}
	return s
}
