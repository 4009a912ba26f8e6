package oversight

import (
	"context"
	"strconv"

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
	// Six reads that do not depend on each other, at once. The inspections are counted, and
	// only the few running ones shown are read: the whole lists, each with its team and counts,
	// were most of the page's work (a region has a hundred inspections planned).
	g, ctx := errgroup.WithContext(ctx)
	g.Go(func() (err error) { d.Upcoming, err = s.countInspections(ctx, u, Filter{Upcoming: true}); return })
	g.Go(func() (err error) { d.Running, err = s.countInspections(ctx, u, Filter{Running: true}); return })
	g.Go(func() (err error) {
		where, args := inspectionWhere(u, Filter{Running: true})
		d.NextDeadlines, err = s.inspections(ctx, u, where+` ORDER BY i.objections_due NULLS LAST, i.id LIMIT `+strconv.Itoa(maxDeadlines), args)
		return
	})
	for _, c := range []struct {
		n *int
		f MeasureFilter
	}{{&d.Overdue, MeasureFilter{Overdue: true}}, {&d.Waiting, MeasureFilter{Waiting: true}}, {&d.Due, MeasureFilter{Due: true}}} {
		g.Go(func() (err error) { *c.n, err = s.countMeasures(ctx, u, c.f); return })
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return d, nil
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
