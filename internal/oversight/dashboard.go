package oversight

import (
	"cmp"
	"context"
	"slices"
	"time"

	"golang.org/x/sync/errgroup"

	"hnizdo.cz/hnizdo/internal/auth"
)

// Dashboard is what waits for u in oversight. Each count is the length of a filtered list, so a
// count links to its list and the two agree:
//
//	Upcoming  Inspections(Filter{Upcoming: true})
//	Running   Inspections(Filter{Running: true})
//	Overdue   Measures(MeasureFilter{Overdue: true})
//	Waiting   Measures(MeasureFilter{Waiting: true})
//	Due       Measures(MeasureFilter{Due: true})
type Dashboard struct {
	Methodologist bool
	Upcoming      int // inspections planned or notified
	Running       int // inspections whose objection period runs
	Overdue       int // measures past due, waiting on the office
	Waiting       int // measures reported, waiting for verification
	Due           int // measures open or returned (the office's view)
	// NextDeadlines are the running objection periods, soonest first (at most 5).
	NextDeadlines []Inspection
}

const maxDeadlines = 5

// Dashboard returns the counts for u: a methodologist's cover the region, everyone else's their
// own office.
func (s *Store) Dashboard(ctx context.Context, u *auth.User) (*Dashboard, error) {
	d := &Dashboard{Methodologist: u.Can(auth.Oversee)}
	// Five reads that do not depend on each other, at once.
	var upcoming, running []Inspection
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { upcoming, err = s.Inspections(ctx, u, Filter{Upcoming: true}); return })
	g.Go(func() (err error) { running, err = s.Inspections(ctx, u, Filter{Running: true}); return })
	for _, c := range []struct {
		n *int
		f MeasureFilter
	}{{&d.Overdue, MeasureFilter{Overdue: true}}, {&d.Waiting, MeasureFilter{Waiting: true}}, {&d.Due, MeasureFilter{Due: true}}} {
		g.Go(func() (err error) { *c.n, err = s.countMeasures(ctx, u, c.f); return })
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	d.Upcoming, d.Running = len(upcoming), len(running)
	slices.SortStableFunc(running, func(a, b Inspection) int {
		return cmp.Or(compareDates(a.ObjectionsDue, b.ObjectionsDue), cmp.Compare(a.ID, b.ID))
	})
	d.NextDeadlines = running[:min(len(running), maxDeadlines)]
	return d, nil
}

// compareDates orders dates with a missing one last.
func compareDates(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return a.Compare(*b)
}

// Reminders counts what the home page points to: overdue measures, and for methodologists
// the measures waiting for verification, as Dashboard counts them but without its lists.
func (s *Store) Reminders(ctx context.Context, u *auth.User) (overdue, waiting int, err error) {
	if overdue, err = s.countMeasures(ctx, u, MeasureFilter{Overdue: true}); err != nil || !u.Can(auth.Oversee) {
		return overdue, 0, err
	}
	waiting, err = s.countMeasures(ctx, u, MeasureFilter{Waiting: true})
	return overdue, waiting, err
}
