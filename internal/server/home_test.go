package server_test

import (
	"context"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// TestHomeRemindersMatchTheirLists: each count on the home page (notes to review, notes past
// their review date, measures overdue and waiting for verification) is the number of rows on
// the page it links to, for every role.
func TestHomeRemindersMatchTheirLists(t *testing.T) {
	t.Parallel()
	app := servertest.Start(t)
	ctx := context.Background()
	// Something to count in the Jihomoravský region: two notes past their review date (one of
	// them the methodologist's own), one waiting for review, one measure overdue.
	if _, err := app.Pool.Exec(ctx, `
		UPDATE notes SET review_by = current_date - 1 WHERE id IN (
			SELECT id FROM notes WHERE status = 'published' AND region_id = (SELECT id FROM regions WHERE code = 'JHM')
			ORDER BY id LIMIT 2);
		UPDATE notes SET author_id = (SELECT id FROM users WHERE email = 'metodik.jmk@hnizdo.test')
			WHERE id = (SELECT min(id) FROM notes WHERE review_by < current_date AND status = 'published'
				AND region_id = (SELECT id FROM regions WHERE code = 'JHM'));
		UPDATE notes SET status = 'submitted' WHERE id = (
			SELECT max(id) FROM notes WHERE status = 'published' AND region_id = (SELECT id FROM regions WHERE code = 'JHM'));
		UPDATE measures SET due = current_date - 3 WHERE id = (
			SELECT min(m.id) FROM measures m JOIN inspections i ON i.id = m.inspection_id
			WHERE m.state IN ('open', 'returned') AND i.region_id = (SELECT id FROM regions WHERE code = 'JHM'))`); err != nil {
		t.Fatal(err)
	}
	number := regexp.MustCompile(`\d+`)
	links := []struct {
		href, list string
		region     bool // only methodologists are reminded: the region verifies what offices report
	}{
		{"/notes/mine#review", `[data-testid="for-review"] > li`, false},
		{"/notes/mine#outdated", `[data-testid="outdated"] > li`, false},
		{"/oversight/measures?show=overdue", `table[data-testid="measures"] tbody tr`, false},
		{"/oversight/measures?show=waiting", `table[data-testid="measures"] tbody tr`, true},
	}
	seen := map[string]int{}
	for _, email := range []string{"metodik.jmk@hnizdo.test", "metodik.pak@hnizdo.test", "admin@hnizdo.test",
		"sitar.jmk@hnizdo.test", "pracovnik.slapanice@hnizdo.test", "vedouci.zamberk@hnizdo.test", "pruvodce.pak@hnizdo.test"} {
		c := app.Login(t, email)
		home := expect(t, email+": home", c.Get("/"), http.StatusOK)
		for _, l := range links {
			a := home.Find(`[data-testid="attention"] a[href="` + l.href + `"]`)
			shown := 0
			if a.Length() > 0 {
				n, err := strconv.Atoi(number.FindString(a.Text()))
				if err != nil {
					t.Fatalf("%s: %s without a number: %q", email, l.href, a.Text())
				}
				shown = n
			}
			if l.region && !strings.HasPrefix(email, "metodik.") {
				if shown != 0 {
					t.Errorf("%s is reminded of %s", email, l.href)
				}
				continue
			}
			rows := 0 // a page the role may not open lists nothing for it
			if res := c.Get(l.href); res.StatusCode != http.StatusForbidden {
				rows = expect(t, email+": "+l.href, res, http.StatusOK).Find(l.list).Length()
			}
			if shown != rows {
				t.Errorf("%s: the home page says %d for %s, the page lists %d", email, shown, l.href, rows)
			}
			seen[l.href] += shown
		}
	}
	for _, l := range links[:3] {
		if seen[l.href] == 0 {
			t.Errorf("no user was shown %s: the test compared nothing there", l.href)
		}
	}
}
