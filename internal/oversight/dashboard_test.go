package oversight_test

import (
	"slices"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/oversight"
)

func TestDashboard(t *testing.T) {
	e := setup(t)
	// Upcoming: one planned (Blansko), one notified (Šlapanice).
	e.plan(t, e.blan)
	notified := e.plan(t, e.slap)
	e.step(t, notified, oversight.Step{To: oversight.Notified, Date: date(2026, 2, 20)})

	// Six objection periods running, delivered out of order.
	_, fs := e.withFinding(t, e.slap) // delivered 27 February: due 16 March
	_, fb := e.withFinding(t, e.blan) // the same
	for _, d := range []struct {
		office    int64
		delivered time.Time
	}{{e.slap, date(2026, 3, 2)}, {e.blan, date(2026, 2, 25)}, {e.slap, date(2026, 2, 26)}, {e.blan, date(2026, 3, 1)}} {
		id := e.onsite(t, d.office)
		e.step(t, id, oversight.Step{To: oversight.Protocol, Issued: date(2026, 2, 25), Delivered: d.delivered})
	}

	// Measures in every state.
	e.addMeasure(t, fs, e.p.jana.ID, date(2026, 3, 10)) // open
	reported := e.addMeasure(t, fs, e.p.jana.ID, date(2026, 3, 5))
	e.reportMeasure(t, e.p.jana, reported)
	returned := e.addMeasure(t, fs, e.p.headSlap.ID, date(2026, 3, 20))
	e.reportMeasure(t, e.p.headSlap, returned)
	if err := e.s.Return(ctx, e.p.metodik, returned, "Doložte.", e.measureOf(t, returned).Version); err != nil {
		t.Fatal(err)
	}
	verified := e.addMeasure(t, fs, e.p.jana.ID, date(2026, 3, 6))
	e.reportMeasure(t, e.p.jana, verified)
	if err := e.s.Verify(ctx, e.p.metodik, verified, e.measureOf(t, verified).Version); err != nil {
		t.Fatal(err)
	}
	e.addMeasure(t, fb, e.p.headBlan.ID, date(2026, 4, 30)) // open

	everyone := []*auth.User{e.p.metodik, e.p.metodik2, e.p.metodikPAK, e.p.headSlap, e.p.jana, e.p.headBlan, e.p.coord, e.p.admin}
	// matches checks that each count is the length of the list it links to.
	matches := func(t *testing.T) {
		t.Helper()
		for _, u := range everyone {
			d, err := e.s.Dashboard(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			inspections := func(f oversight.Filter) int {
				list, err := e.s.Inspections(ctx, u, f)
				if err != nil {
					t.Fatal(err)
				}
				return len(list)
			}
			measures := func(f oversight.MeasureFilter) int {
				list, err := e.s.Measures(ctx, u, f)
				if err != nil {
					t.Fatal(err)
				}
				return len(list)
			}
			got := []int{d.Upcoming, d.Running, d.Overdue, d.Waiting, d.Due}
			want := []int{inspections(oversight.Filter{Upcoming: true}), inspections(oversight.Filter{Running: true}),
				measures(oversight.MeasureFilter{Overdue: true}), measures(oversight.MeasureFilter{Waiting: true}),
				measures(oversight.MeasureFilter{Due: true})}
			if !slices.Equal(got, want) {
				t.Fatalf("%s: counts %v, lists %v", u.Name, got, want)
			}
			if d.Methodologist != u.Can(auth.Oversee) {
				t.Fatalf("%s: methodologist = %v", u.Name, d.Methodologist)
			}
			// The home page's reminders are the dashboard's counts (waiting: methodologists only).
			overdue, waiting, err := e.s.Reminders(ctx, u)
			if err != nil {
				t.Fatal(err)
			}
			wantWaiting := 0
			if d.Methodologist {
				wantWaiting = d.Waiting
			}
			if overdue != d.Overdue || waiting != wantWaiting {
				t.Fatalf("%s: reminders %d overdue, %d waiting; dashboard %d and %d", u.Name, overdue, waiting, d.Overdue, wantWaiting)
			}
		}
	}
	counts := func(t *testing.T, u *auth.User, want ...int) {
		t.Helper()
		d, err := e.s.Dashboard(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		if got := []int{d.Upcoming, d.Running, d.Overdue, d.Waiting, d.Due}; !slices.Equal(got, want) {
			t.Fatalf("%s: upcoming, running, overdue, waiting, due = %v, want %v", u.Name, got, want)
		}
	}

	t.Run("counts match the filtered lists for everyone", matches)
	t.Run("methodologist counts the region", func(t *testing.T) {
		counts(t, e.p.metodik, 2, 6, 0, 1, 3)
	})
	t.Run("office counts its own and not the unannounced plan", func(t *testing.T) {
		counts(t, e.p.headSlap, 1, 3, 0, 1, 2)
		counts(t, e.p.headBlan, 0, 3, 0, 0, 1)
	})
	t.Run("another region counts nothing of it", func(t *testing.T) {
		counts(t, e.p.metodikPAK, 0, 0, 0, 0, 0)
	})
	t.Run("next deadlines are the five soonest objection periods", func(t *testing.T) {
		d, err := e.s.Dashboard(ctx, e.p.metodik)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, i := range d.NextDeadlines {
			got = append(got, i.ObjectionsDue.Format(time.DateOnly))
		}
		want := []string{"2026-03-12", "2026-03-13", "2026-03-16", "2026-03-16", "2026-03-16"}
		if !slices.Equal(got, want) {
			t.Fatalf("deadlines = %v, want %v", got, want)
		}
		if d.NextDeadlines[2].ID > d.NextDeadlines[3].ID || d.NextDeadlines[3].ID > d.NextDeadlines[4].ID {
			t.Fatal("equal deadlines are not in id order")
		}
	})
	t.Run("overdue follows the clock", func(t *testing.T) {
		e.clock.set(time.Date(2026, time.March, 11, 8, 0, 0, 0, i18n.Prague))
		counts(t, e.p.metodik, 2, 6, 1, 1, 3)
		counts(t, e.p.jana, 1, 3, 1, 1, 2)
		matches(t)
		e.clock.set(time.Date(2026, time.March, 21, 8, 0, 0, 0, i18n.Prague))
		counts(t, e.p.metodik, 2, 6, 2, 1, 3)
		counts(t, e.p.headBlan, 0, 3, 0, 0, 1)
		matches(t)
	})
	t.Run("verifying the waiting measure moves the counts", func(t *testing.T) {
		if err := e.s.Verify(ctx, e.p.metodik2, reported, e.measureOf(t, reported).Version); err != nil {
			t.Fatal(err)
		}
		counts(t, e.p.metodik, 2, 6, 2, 0, 3)
		matches(t)
	})
}
