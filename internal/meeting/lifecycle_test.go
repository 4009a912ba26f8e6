package meeting_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/meeting"
)

// TestStateMachine tries every action in every status: allowed ones move to the expected
// status and are recorded; forbidden ones change nothing.
func TestStateMachine(t *testing.T) {
	allowed := map[meeting.Status]map[meeting.Action]meeting.Status{
		meeting.Draft:     {meeting.OpenUp: meeting.Open, meeting.Cancel: meeting.Cancelled},
		meeting.Open:      {meeting.Publish: meeting.Agenda, meeting.Cancel: meeting.Cancelled},
		meeting.Agenda:    {meeting.Hold: meeting.Held, meeting.Cancel: meeting.Cancelled},
		meeting.Held:      {meeting.AskFeedback: meeting.Feedback},
		meeting.Feedback:  {meeting.Close: meeting.Closed},
		meeting.Closed:    {},
		meeting.Cancelled: {},
	}
	e := setup(t)
	for _, from := range meeting.Statuses {
		for _, a := range meeting.AllActions {
			want, ok := allowed[from][a]
			name := fmt.Sprintf("%s_%s", from, a)
			if !ok {
				name += "_refused"
			}
			t.Run(name, func(t *testing.T) {
				e.clock.set(at(2026, time.December, 1, 10, 0))
				id := e.create(t, input("Setkání "+name))
				// Put the meeting straight into the status under test, with what that status implies.
				_, err := e.pool.Exec(ctx, `
					INSERT INTO topics (meeting_id, title, status, position, resolution) VALUES ($1, 'Téma', 'accepted', 1, 'resolved')`, id)
				if err != nil {
					t.Fatal(err)
				}
				reason := ""
				if from == meeting.Cancelled {
					reason = "Nemoc"
				}
				_, err = e.pool.Exec(ctx, `UPDATE meetings SET status = $2, cancel_reason = $3,
					minutes_approved_at = CASE WHEN $2 IN ('feedback', 'closed') THEN now() END WHERE id = $1`, id, string(from), reason)
				if err != nil {
					t.Fatal(err)
				}
				e.clock.set(at(2026, time.December, 15, 9, 30)) // the meeting has started
				before, _ := audit.For(ctx, e.pool, "meeting", id)
				err = e.s.Transition(ctx, e.p.coordJMK, id, a, meeting.Change{Reason: "Nízký počet přihlášených."})
				after, _ := audit.For(ctx, e.pool, "meeting", id)
				if !ok {
					if !errors.Is(err, meeting.ErrWrongState) {
						t.Fatalf("%s from %s: err = %v, want ErrWrongState", a, from, err)
					}
					if got := e.status(t, id); got != from || len(after) != len(before) {
						t.Fatalf("refused action changed the meeting: status %s, audit %d → %d", got, len(before), len(after))
					}
					return
				}
				if err != nil {
					t.Fatalf("%s from %s: %v", a, from, err)
				}
				if got := e.status(t, id); got != want {
					t.Fatalf("status = %s, want %s", got, want)
				}
				last := after[len(after)-1]
				if last.Action != "meeting."+string(a) || last.From != string(from) || last.To != string(want) || *last.ActorID != e.p.coordJMK.ID {
					t.Fatalf("audit = %+v", last)
				}
			})
		}
	}
}

func TestTransitionConditions(t *testing.T) {
	e := setup(t)
	t.Run("only organisers of the region", func(t *testing.T) {
		id := e.create(t, input("Setkání"))
		refused := []struct {
			name string
			err  error
		}{
			{"caseworker", e.s.Transition(ctx, e.p.jana, id, meeting.OpenUp, meeting.Change{})},
			{"head", e.s.Transition(ctx, e.p.headSlap, id, meeting.OpenUp, meeting.Change{})},
			{"methodologist of PAK", e.s.Transition(ctx, e.p.metodikPAK, id, meeting.OpenUp, meeting.Change{})},
		}
		for _, r := range refused {
			// A draft is invisible to them, so they learn nothing about it.
			if !errors.Is(r.err, app.ErrNotFound) {
				t.Errorf("%s: err = %v, want not found", r.name, r.err)
			}
		}
		if err := e.s.Transition(ctx, e.p.metodikJMK, id, meeting.OpenUp, meeting.Change{}); err != nil {
			t.Fatalf("the region's methodologist may open: %v", err)
		}
		if err := e.s.Transition(ctx, e.p.jana, id, meeting.Publish, meeting.Change{}); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("caseworker publishing the agenda: err = %v, want forbidden", err)
		}
		if e.status(t, id) != meeting.Open {
			t.Fatal("status changed")
		}
	})
	t.Run("publishing needs an agenda", func(t *testing.T) {
		id := e.open(t, input("Bez programu"))
		if err := e.s.Transition(ctx, e.p.coordJMK, id, meeting.Publish, meeting.Change{}); !errors.Is(err, meeting.ErrNoAgenda) {
			t.Fatalf("err = %v, want ErrNoAgenda", err)
		}
	})
	t.Run("held only once it has started", func(t *testing.T) {
		e.clock.set(at(2026, time.December, 1, 10, 0))
		id := e.open(t, input("Brzy"))
		e.pool.Exec(ctx, `INSERT INTO topics (meeting_id, title, status, position) VALUES ($1, 'Téma', 'accepted', 1)`, id)
		if err := e.s.Transition(ctx, e.p.coordJMK, id, meeting.Publish, meeting.Change{}); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Transition(ctx, e.p.coordJMK, id, meeting.Hold, meeting.Change{}); !errors.Is(err, meeting.ErrNotStarted) {
			t.Fatalf("err = %v, want ErrNotStarted", err)
		}
		e.clock.set(at(2026, time.December, 15, 9, 0))
		if err := e.s.Transition(ctx, e.p.coordJMK, id, meeting.Hold, meeting.Change{}); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Transition(ctx, e.p.coordJMK, id, meeting.AskFeedback, meeting.Change{}); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Transition(ctx, e.p.coordJMK, id, meeting.Close, meeting.Change{}); !errors.Is(err, meeting.ErrMinutesOpen) {
			t.Fatalf("closing with open minutes: err = %v, want ErrMinutesOpen", err)
		}
	})
	t.Run("cancelling needs a reason", func(t *testing.T) {
		e.clock.set(at(2026, time.December, 1, 10, 0))
		id := e.open(t, input("Zrušíme"))
		var inv app.Invalid
		if err := e.s.Transition(ctx, e.p.coordJMK, id, meeting.Cancel, meeting.Change{Reason: "  "}); !errors.As(err, &inv) || inv["reason"] == "" {
			t.Fatalf("err = %v, want a reason required", err)
		}
		if err := e.s.Transition(ctx, e.p.coordJMK, id, meeting.Cancel, meeting.Change{Reason: "Onemocněla lektorka."}); err != nil {
			t.Fatal(err)
		}
		m, _ := e.s.Get(ctx, e.p.jana, id)
		if m.Status != meeting.Cancelled || m.CancelReason != "Onemocněla lektorka." {
			t.Fatalf("%s %q", m.Status, m.CancelReason)
		}
	})
}

func TestCreateAndSave(t *testing.T) {
	e := setup(t)
	t.Run("bad input is refused field by field and nothing is stored", func(t *testing.T) {
		in := input("")
		in.EndsAt = "2026-12-15T08:00"
		in.TopicsBy = "2026-12-16T10:00"
		in.Capacity = "0"
		in.VoteAllowance = "50"
		in.Venue = ""
		_, err := e.s.Create(ctx, e.p.coordJMK, in)
		var inv app.Invalid
		if !errors.As(err, &inv) {
			t.Fatalf("err = %v", err)
		}
		want := map[string]string{"title": "err.required", "ends_at": "meeting.err.end_before_start",
			"topics_by": "meeting.err.deadline_after_start", "capacity": "meeting.err.capacity",
			"vote_allowance": "meeting.err.allowance", "venue": "meeting.err.venue_or_link"}
		for f, k := range want {
			if inv[f] != k {
				t.Errorf("%s: %q, want %q", f, inv[f], k)
			}
		}
		var n int
		e.pool.QueryRow(ctx, `SELECT count(*) FROM meetings`).Scan(&n)
		if n != 0 {
			t.Fatalf("%d meetings stored", n)
		}
	})
	t.Run("a caseworker cannot create", func(t *testing.T) {
		if _, err := e.s.Create(ctx, e.p.jana, input("X")); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("stale save is refused", func(t *testing.T) {
		in := input("OSPOD sobě")
		in.SeriesName = "OSPOD sobě"
		id := e.create(t, in)
		in.Version = 1
		in.Title = "OSPOD sobě – zima"
		if err := e.s.Save(ctx, e.p.coordJMK, id, in); err != nil {
			t.Fatal(err)
		}
		in.Title = "Jiný název"
		if err := e.s.Save(ctx, e.p.metodikJMK, id, in); !errors.Is(err, meeting.ErrStale) {
			t.Fatalf("err = %v, want ErrStale", err)
		}
		m, _ := e.s.Get(ctx, e.p.coordJMK, id)
		if m.Title != "OSPOD sobě – zima" || m.Version != 2 || m.SeriesName != "OSPOD sobě" {
			t.Fatalf("%+v", m)
		}
	})
	t.Run("a closed meeting cannot be edited", func(t *testing.T) {
		id := e.create(t, input("Staré"))
		e.pool.Exec(ctx, `UPDATE meetings SET status = 'closed' WHERE id = $1`, id)
		in := input("Nové")
		in.Version = 1
		if err := e.s.Save(ctx, e.p.coordJMK, id, in); !errors.Is(err, meeting.ErrWrongState) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("times are local to Prague", func(t *testing.T) {
		id := e.create(t, input("Čas"))
		m, _ := e.s.Get(ctx, e.p.coordJMK, id)
		if !m.StartsAt.Equal(time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC)) {
			t.Fatalf("starts %v", m.StartsAt.UTC())
		}
	})
}

func TestSeriesNeighbours(t *testing.T) {
	e := setup(t)
	mk := func(title, start string) int64 {
		in := input(title)
		in.SeriesName = "OSPOD sobě"
		in.StartsAt, in.EndsAt = start+"T09:00", start+"T12:00"
		in.RegisterBy, in.TopicsBy = start+"T08:00", start+"T08:00"
		return e.open(t, in)
	}
	a := mk("Jaro", "2027-03-10")
	b := mk("Léto", "2027-06-10")
	c := mk("Podzim", "2027-10-10")
	m, _ := e.s.Get(ctx, e.p.jana, b)
	prev, next, err := e.s.Neighbours(ctx, e.p.jana, m)
	if err != nil || prev == nil || next == nil || prev.ID != a || next.ID != c {
		t.Fatalf("prev %v next %v err %v", prev, next, err)
	}
	up, _, _ := e.s.Calendar(ctx, e.p.jana, m.RegionID)
	ids := []int64{}
	for _, x := range up {
		ids = append(ids, x.ID)
	}
	if !slices.Equal(ids, []int64{a, b, c}) {
		t.Fatalf("calendar %v", ids)
	}
}
