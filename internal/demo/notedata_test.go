package demo_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/demo"
	"hnizdo.cz/hnizdo/internal/pii"
)

var noteAreas = []string{
	"field-work", "assessment", "case-conferences", "divorce", "protective-measures", "foster-care",
	"youth-probation", "abuse", "cooperation", "support", "gdpr", "files", "misdemeanours",
	"administration", "tools", "team", "regional-role", "meetings",
}

// headings counts the lines that start with prefix exactly ("## " does not count "### ").
func headings(body, prefix string) int {
	n := 0
	for line := range strings.SplitSeq(body, "\n") {
		if strings.HasPrefix(line, prefix) {
			n++
		}
	}
	return n
}

func hasList(body string) bool {
	for line := range strings.SplitSeq(body, "\n") {
		if strings.HasPrefix(line, "- ") || strings.HasPrefix(line, "1. ") {
			return true
		}
	}
	return false
}

func TestNoteDataHasNoPersonalData(t *testing.T) {
	for _, n := range demo.Notes {
		for field, text := range map[string]string{
			"Title": n.Title, "Summary": n.Summary, "Body": n.Body, "Revised": n.Revised, "Return": n.Return,
		} {
			for _, f := range pii.Scan(text) {
				t.Errorf("%q %s: %s %q (%s)", n.Title, field, f.Kind, f.Text, f.Reason)
			}
		}
	}
}

func TestNoteDataShape(t *testing.T) {
	people := map[string]demo.Person{}
	for _, p := range demo.People {
		people[p.Email] = p
	}
	titles := map[string]bool{}
	for _, n := range demo.Notes {
		name := n.Title
		if l := utf8.RuneCountInString(n.Title); l == 0 || l > 200 {
			t.Errorf("%q: title has %d characters", name, l)
		}
		if titles[n.Title] {
			t.Errorf("%q: duplicate title", name)
		}
		titles[n.Title] = true
		if l := utf8.RuneCountInString(n.Summary); l == 0 || l > 500 {
			t.Errorf("%q: summary has %d characters", name, l)
		}
		bodies := []string{n.Body}
		if n.Revised != "" {
			bodies = append(bodies, n.Revised)
			if n.Revised == n.Body {
				t.Errorf("%q: revision equals the body", name)
			}
		}
		for _, b := range bodies {
			if l := utf8.RuneCountInString(b); l < 1200 || l > 3000 {
				t.Errorf("%q: body has %d characters", name, l)
			}
			if h := headings(b, "## "); h < 2 || h > 4 {
				t.Errorf("%q: body has %d level-2 headings", name, h)
			}
			if !hasList(b) {
				t.Errorf("%q: body has no list", name)
			}
		}
		if len(n.Areas) < 1 || len(n.Areas) > 3 {
			t.Errorf("%q: %d areas", name, len(n.Areas))
		}
		for i, a := range n.Areas {
			if !slices.Contains(noteAreas, a) {
				t.Errorf("%q: unknown area %q", name, a)
			}
			if slices.Contains(n.Areas[:i], a) {
				t.Errorf("%q: area %q twice", name, a)
			}
		}
		if len(n.Tags) < 2 || len(n.Tags) > 5 {
			t.Errorf("%q: %d tags", name, len(n.Tags))
		}
		for _, tag := range n.Tags {
			if tag == "" || tag != strings.ToLower(tag) {
				t.Errorf("%q: tag %q is not lower case", name, tag)
			}
		}
		p, ok := people[n.Author]
		if !ok {
			t.Errorf("%q: author %q is not a demo person", name, n.Author)
		}
		if slices.Contains(p.Roles, auth.Admin) {
			t.Errorf("%q: the administrator is not an author", name)
		}
		if n.Binding && (n.Status != "published" || !slices.Contains(p.Roles, auth.Methodologist)) {
			t.Errorf("%q: binding guidance must be published and by a methodologist", name)
		}
		if n.AgeDays < 5 || n.AgeDays > 700 {
			t.Errorf("%q: age %d days", name, n.AgeDays)
		}
		if n.ReviewIn < 0 {
			if n.Status != "published" {
				t.Errorf("%q: only a published note is past its review date", name)
			}
		} else if n.ReviewIn < 60 || n.ReviewIn > 700 {
			t.Errorf("%q: review in %d days", name, n.ReviewIn)
		}
		if n.Return != "" && n.Status != "draft" {
			t.Errorf("%q: only a draft is returned", name)
		}
	}
}

func TestNoteDataMix(t *testing.T) {
	status := map[string]int{}
	var binding, outdated, returned, revised int
	covered := map[string]bool{}
	for _, n := range demo.Notes {
		status[n.Status]++
		if n.Binding {
			binding++
		}
		if n.ReviewIn < 0 {
			outdated++
		}
		if n.Return != "" {
			returned++
		}
		if n.Revised != "" {
			revised++
		}
		for _, a := range n.Areas {
			covered[a] = true
		}
	}
	if len(demo.Notes) < 32 {
		t.Errorf("%d notes, want at least 32", len(demo.Notes))
	}
	if status["draft"] != 3 || status["submitted"] != 3 || status["archived"] != 1 || status["published"] < 24 {
		t.Errorf("statuses %v", status)
	}
	if len(status) != 4 {
		t.Errorf("unknown statuses in %v", status)
	}
	if binding != 1 || outdated != 1 || returned != 1 {
		t.Errorf("binding %d, past review %d, returned %d; want one each", binding, outdated, returned)
	}
	if revised < 5 || revised > 8 {
		t.Errorf("%d revised notes, want about 6", revised)
	}
	for _, a := range noteAreas {
		if !covered[a] {
			t.Errorf("area %q has no note", a)
		}
	}
	var fosterVisits bool
	for _, n := range demo.Notes {
		p := n.Author
		if strings.Contains(n.Body, "pěstounská péče") || strings.Contains(n.Body, "pěstounské péči") {
			if (p == "pracovnik.slapanice@hnizdo.test" || p == "eva.kucerova@hnizdo.test" || p == "marketa.vesela@hnizdo.test") &&
				strings.Contains(strings.ToLower(n.Title), "návštěvy v pěstounských rodinách") &&
				strings.Contains(n.Body, "pěstounské") && strings.Contains(n.Body, "pěstouni") {
				fosterVisits = true
			}
		}
	}
	if !fosterVisits {
		t.Error("no note by a Šlapanice author about návštěvy v pěstounských rodinách")
	}
}
