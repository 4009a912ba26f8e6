package meeting_test

import (
	"slices"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/meeting"
)

// TestMine: the home page lists the upcoming meetings a person is registered for or
// organises, and those of the region (or open to all) still open for registration; never
// drafts, cancelled or ended meetings.
func TestMine(t *testing.T) {
	t.Parallel()
	e := setup(t)
	p := e.p
	here := e.open(t, input("OSPOD sobě v Šlapanicích"))
	all := input("Celostátní setkání")
	all.OpenToAll = true
	everyone := e.open(t, all)
	e.create(t, input("Připravované setkání")) // a draft
	cancelled := e.open(t, input("Zrušené setkání"))
	if _, err := e.s.Register(ctx, p.jana, cancelled, p.jana.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.s.Transition(ctx, p.coordJMK, cancelled, meeting.Cancel, meeting.Change{Reason: "Nemoc"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.Register(ctx, p.jana, here, p.jana.ID); err != nil {
		t.Fatal(err)
	}
	mine := func(u *auth.User, want ...int64) {
		t.Helper()
		list, err := e.s.Mine(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, b := range list {
			got = append(got, b.ID)
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: meetings %v, want %v", u.Name, got, want)
		}
	}
	mine(p.jana, here, everyone)
	mine(p.petr, here, everyone)
	mine(p.zamberk, everyone) // another region: only the one open to all
	mine(p.coordJMK, here, everyone)

	// Registration closed: only those registered, and the organiser, still see it.
	e.clock.set(at(2026, time.December, 11, 8, 0))
	mine(p.jana, here)
	mine(p.petr)
	mine(p.zamberk)
	mine(p.coordJMK, here, everyone)

	// Ended.
	e.clock.set(at(2026, time.December, 15, 14, 0))
	mine(p.jana)
	mine(p.coordJMK)
}
