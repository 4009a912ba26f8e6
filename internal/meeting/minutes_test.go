package meeting_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/meeting"
)

// heldMeeting creates meeting in with the given agenda items, publishes it and holds it; it
// returns the meeting and its items' ids. The clock is left half an hour after the start.
func heldMeeting(t *testing.T, e env, in meeting.Input, items ...string) (int64, []int64) {
	t.Helper()
	e.clock.set(at(2026, time.December, 1, 10, 0))
	id := e.open(t, in)
	var ids []int64
	for i, title := range items {
		ids = append(ids, insertItem(t, e, id, title, "accepted", i+1))
	}
	if err := e.s.Transition(ctx, e.p.coordJMK, id, meeting.Publish, meeting.Change{}); err != nil {
		t.Fatalf("publish: %v", err)
	}
	start, err := meeting.ParseLocal(in.StartsAt)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.set(start.Add(30 * time.Minute))
	if err := e.s.Transition(ctx, e.p.coordJMK, id, meeting.Hold, meeting.Change{}); err != nil {
		t.Fatalf("hold: %v", err)
	}
	return id, ids
}

// agendaMeeting creates a meeting with one agenda item and publishes it, without holding it.
func agendaMeeting(t *testing.T, e env, title string) (int64, int64) {
	t.Helper()
	e.clock.set(at(2026, time.December, 1, 10, 0))
	id := e.open(t, input(title))
	item := insertItem(t, e, id, "Téma "+title, "accepted", 1)
	if err := e.s.Transition(ctx, e.p.coordJMK, id, meeting.Publish, meeting.Change{}); err != nil {
		t.Fatalf("publish: %v", err)
	}
	return id, item
}

// insertItem adds a topic straight into the database, with thematic area 10 and proposed by Jana.
func insertItem(t *testing.T, e env, meetingID int64, title, status string, position int) int64 {
	t.Helper()
	var id int64
	err := e.pool.QueryRow(ctx, `
		INSERT INTO topics (meeting_id, title, description, area_id, proposed_by, status, position)
		VALUES ($1, $2, $3, 10, $4, $5, $6) RETURNING id`,
		meetingID, title, "Popis: "+title, e.p.jana.ID, status, position).Scan(&id)
	if err != nil {
		t.Fatalf("topic %s: %v", title, err)
	}
	return id
}

// castVotes gives topicID a vote of each user.
func castVotes(t *testing.T, e env, meetingID, topicID int64, users ...*auth.User) {
	t.Helper()
	for _, u := range users {
		if _, err := e.pool.Exec(ctx, `INSERT INTO topic_votes (topic_id, user_id, meeting_id) VALUES ($1, $2, $3)`,
			topicID, u.ID, meetingID); err != nil {
			t.Fatal(err)
		}
	}
}

// item is a topic row as the tests check it.
type item struct {
	ID           int64  `db:"id"`
	Title        string `db:"title"`
	Description  string `db:"description"`
	AreaID       *int16 `db:"area_id"`
	ProposedBy   *int64 `db:"proposed_by"`
	Status       string `db:"status"`
	Spontaneous  bool   `db:"spontaneous"`
	CarriedFrom  *int64 `db:"carried_from"`
	CarriedVotes int32  `db:"carried_votes"`
	Position     *int32 `db:"position"`
	Outcome      string `db:"outcome"`
	Decisions    string `db:"decisions"`
	Resolution   string `db:"resolution"`
	ForRegion    bool   `db:"for_region"`
	Version      int32  `db:"minutes_version"`
	Meeting      int64  `db:"meeting_id"`
}

const itemCols = `SELECT id, title, description, area_id, proposed_by, status, spontaneous, carried_from, carried_votes,
	position, outcome, decisions, resolution, for_region, minutes_version, meeting_id FROM topics `

func itemsOf(t *testing.T, e env, meetingID int64) []item {
	t.Helper()
	rows, err := e.pool.Query(ctx, itemCols+`WHERE meeting_id = $1 ORDER BY id`, meetingID)
	if err != nil {
		t.Fatal(err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[item])
	if err != nil {
		t.Fatal(err)
	}
	return list
}

func itemByID(t *testing.T, e env, id int64) item {
	t.Helper()
	rows, err := e.pool.Query(ctx, itemCols+`WHERE id = $1`, id)
	if err != nil {
		t.Fatal(err)
	}
	it, err := pgx.CollectExactlyOneRow(rows, pgx.RowToStructByName[item])
	if err != nil {
		t.Fatal(err)
	}
	return it
}

// entry is an audit row of a meeting with its detail.
type entry struct {
	Action string         `db:"action"`
	From   string         `db:"from_state"`
	To     string         `db:"to_state"`
	Actor  *int64         `db:"actor_id"`
	Detail map[string]any `db:"detail"`
}

func entriesOf(t *testing.T, e env, meetingID int64, action string) []entry {
	t.Helper()
	rows, err := e.pool.Query(ctx, `SELECT action, from_state, to_state, actor_id, detail FROM audit_log
		WHERE object_type = 'meeting' AND object_id = $1 AND ($2 = '' OR action = $2) ORDER BY id`, meetingID, action)
	if err != nil {
		t.Fatal(err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[entry])
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// num reads a number of an audit detail, which JSON decoding makes a float.
func num(d map[string]any, key string) int64 {
	f, _ := d[key].(float64)
	return int64(f)
}

// resolve writes the minutes of topic id at its current version.
func resolve(t *testing.T, e env, u *auth.User, id int64, resolution, outcome string) {
	t.Helper()
	err := e.s.SaveMinutes(ctx, u, id, meeting.MinutesInput{Outcome: outcome, Resolution: resolution, Version: itemByID(t, e, id).Version})
	if err != nil {
		t.Fatalf("minutes of %d: %v", id, err)
	}
}

func invalid(t *testing.T, err error, want app.Invalid) {
	t.Helper()
	var got app.Invalid
	if !errors.As(err, &got) {
		t.Fatalf("err = %v, want %v", err, want)
	}
	if fmt.Sprint(map[string]string(got)) != fmt.Sprint(map[string]string(want)) {
		t.Fatalf("invalid %v, want %v", got, want)
	}
}

func TestMinutesSave(t *testing.T) {
	t.Parallel()
	e := setup(t)
	_, early := agendaMeeting(t, e, "Porada před konáním")
	id, items := heldMeeting(t, e, input("OSPOD sobě"), "Spisová služba")
	x := items[0]
	proposed := insertItem(t, e, id, "Nepřijaté téma", "proposed", 0)

	t.Run("non-organisers are refused", func(t *testing.T) {
		for _, u := range []*auth.User{e.p.jana, e.p.headSlap, e.p.metodikPAK} {
			err := e.s.SaveMinutes(ctx, u, x, meeting.MinutesInput{Outcome: "Zápis", Resolution: "resolved", Version: 1})
			if !errors.Is(err, app.ErrForbidden) {
				t.Errorf("%s: err = %v", u.Name, err)
			}
		}
		if it := itemByID(t, e, x); it.Version != 1 || it.Outcome != "" {
			t.Fatalf("refused save changed the item: %+v", it)
		}
	})

	t.Run("a meeting not held yet is refused", func(t *testing.T) {
		err := e.s.SaveMinutes(ctx, e.p.coordJMK, early, meeting.MinutesInput{Outcome: "Zápis", Version: 1})
		if !errors.Is(err, meeting.ErrWrongState) {
			t.Fatalf("err = %v", err)
		}
		if it := itemByID(t, e, early); it.Version != 1 || it.Outcome != "" {
			t.Fatalf("refused save changed the item: %+v", it)
		}
	})

	t.Run("a topic not on the agenda is refused", func(t *testing.T) {
		err := e.s.SaveMinutes(ctx, e.p.coordJMK, proposed, meeting.MinutesInput{Outcome: "Zápis", Version: 1})
		if !errors.Is(err, meeting.ErrWrongState) {
			t.Fatalf("proposed topic: err = %v", err)
		}
		err = e.s.SaveMinutes(ctx, e.p.coordJMK, 987654, meeting.MinutesInput{Outcome: "Zápis", Version: 1})
		if !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("unknown topic: err = %v", err)
		}
	})

	t.Run("invalid minutes are refused and nothing changes", func(t *testing.T) {
		err := e.s.SaveMinutes(ctx, e.p.coordJMK, x, meeting.MinutesInput{
			Outcome: strings.Repeat("ř", meeting.MaxMinutes+1), Decisions: strings.Repeat("é", meeting.MaxMinutes+1),
			Resolution: "maybe", Version: 1})
		invalid(t, err, app.Invalid{"outcome": "err.too_long", "decisions": "err.too_long", "resolution": "err.choose"})
		// The limit counts characters, not bytes.
		err = e.s.SaveMinutes(ctx, e.p.coordJMK, x, meeting.MinutesInput{Outcome: strings.Repeat("ř", meeting.MaxMinutes), Version: 1})
		if err != nil {
			t.Fatalf("outcome at the limit: %v", err)
		}
		if it := itemByID(t, e, x); it.Version != 2 || it.Resolution != "" {
			t.Fatalf("item %+v", it)
		}
		if n := len(entriesOf(t, e, id, "meeting.minutes")); n != 1 {
			t.Fatalf("%d minutes entries, want 1", n)
		}
	})

	t.Run("an organiser saves the minutes", func(t *testing.T) {
		err := e.s.SaveMinutes(ctx, e.p.metodikJMK, x, meeting.MinutesInput{
			Outcome: "  Úřady vedou spisy různě.\r\nShoda na vzoru.  ", Decisions: "Kraj připraví vzor.",
			Resolution: "unresolved", ForRegion: true, Version: 2})
		if err != nil {
			t.Fatal(err)
		}
		it := itemByID(t, e, x)
		if it.Outcome != "Úřady vedou spisy různě.\nShoda na vzoru." || it.Decisions != "Kraj připraví vzor." ||
			it.Resolution != "unresolved" || !it.ForRegion || it.Version != 3 {
			t.Fatalf("item %+v", it)
		}
		log := entriesOf(t, e, id, "meeting.minutes")
		last := log[len(log)-1]
		if last.From != "" || last.To != "unresolved" || *last.Actor != e.p.metodikJMK.ID ||
			num(last.Detail, "topic") != x || num(last.Detail, "version") != 3 {
			t.Fatalf("audit %+v", last)
		}
	})

	t.Run("a stale save is refused and nothing is lost", func(t *testing.T) {
		// Both organisers open the form at version 3; the first to save wins.
		loaded := itemByID(t, e, x).Version
		first := meeting.MinutesInput{Outcome: "Verze koordinátorky", Resolution: "resolved", Version: loaded}
		second := meeting.MinutesInput{Outcome: "Verze metodičky", Resolution: "unresolved", Version: loaded}
		if err := e.s.SaveMinutes(ctx, e.p.coordJMK, x, first); err != nil {
			t.Fatal(err)
		}
		before := len(entriesOf(t, e, id, ""))
		if err := e.s.SaveMinutes(ctx, e.p.metodikJMK, x, second); !errors.Is(err, meeting.ErrStale) {
			t.Fatalf("stale save: err = %v", err)
		}
		it := itemByID(t, e, x)
		if it.Outcome != "Verze koordinátorky" || it.Resolution != "resolved" || it.Version != loaded+1 {
			t.Fatalf("item after a stale save %+v", it)
		}
		if after := len(entriesOf(t, e, id, "")); after != before {
			t.Fatalf("a stale save was recorded: %d → %d", before, after)
		}
	})

	t.Run("of many saves of one version exactly one wins", func(t *testing.T) {
		loaded := itemByID(t, e, x).Version
		organisers := []*auth.User{e.p.coordJMK, e.p.metodikJMK, e.p.admin}
		const n = 9
		errs := make([]error, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs[i] = e.s.SaveMinutes(ctx, organisers[i%len(organisers)], x,
					meeting.MinutesInput{Outcome: fmt.Sprintf("Zápis %d", i), Resolution: "resolved", Version: loaded})
			}()
		}
		close(start)
		wg.Wait()
		winner := -1
		for i, err := range errs {
			switch {
			case err == nil && winner < 0:
				winner = i
			case err == nil:
				t.Fatalf("saves %d and %d both won", winner, i)
			case !errors.Is(err, meeting.ErrStale):
				t.Fatalf("save %d: %v", i, err)
			}
		}
		if winner < 0 {
			t.Fatal("no save won")
		}
		it := itemByID(t, e, x)
		if it.Version != loaded+1 || it.Outcome != fmt.Sprintf("Zápis %d", winner) {
			t.Fatalf("item %+v, winner %d", it, winner)
		}
	})
}

func TestMinutesApproval(t *testing.T) {
	t.Parallel()
	e := setup(t)
	early, _ := agendaMeeting(t, e, "Porada před konáním")
	id, items := heldMeeting(t, e, input("OSPOD sobě"), "Spisová služba", "Přestupky")
	x, y := items[0], items[1]
	resolve(t, e, e.p.coordJMK, x, "resolved", "Shoda.")
	if err := e.s.AddFollowUp(ctx, e.p.coordJMK, x, "Rozeslat vzor spisu", "Gabriela Vybíralová", "2027-01-31"); err != nil {
		t.Fatal(err)
	}
	approved := func() (*time.Time, *int64) {
		var at *time.Time
		var by *int64
		if err := e.pool.QueryRow(ctx, `SELECT minutes_approved_at, minutes_approved_by FROM meetings WHERE id = $1`, id).
			Scan(&at, &by); err != nil {
			t.Fatal(err)
		}
		return at, by
	}

	t.Run("non-organisers are refused", func(t *testing.T) {
		for _, u := range []*auth.User{e.p.jana, e.p.metodikPAK} {
			if err := e.s.ApproveMinutes(ctx, u, id); !errors.Is(err, app.ErrForbidden) {
				t.Errorf("%s: err = %v", u.Name, err)
			}
		}
	})

	t.Run("a meeting not held yet is refused", func(t *testing.T) {
		if err := e.s.ApproveMinutes(ctx, e.p.coordJMK, early); !errors.Is(err, meeting.ErrWrongState) {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("an item without a resolution blocks approval", func(t *testing.T) {
		if err := e.s.ApproveMinutes(ctx, e.p.coordJMK, id); !errors.Is(err, meeting.ErrUnresolved) {
			t.Fatalf("err = %v", err)
		}
		if at, _ := approved(); at != nil {
			t.Fatalf("approved at %v", at)
		}
		if n := len(entriesOf(t, e, id, "meeting.approve_minutes")); n != 0 {
			t.Fatalf("%d approvals recorded", n)
		}
	})

	t.Run("an organiser approves during feedback", func(t *testing.T) {
		if err := e.s.Transition(ctx, e.p.coordJMK, id, meeting.AskFeedback, meeting.Change{}); err != nil {
			t.Fatal(err)
		}
		resolve(t, e, e.p.coordJMK, y, "unresolved", "Nutné stanovisko kraje.")
		e.clock.set(at(2026, time.December, 16, 14, 0))
		if err := e.s.ApproveMinutes(ctx, e.p.metodikJMK, id); err != nil {
			t.Fatal(err)
		}
		at, by := approved()
		if at == nil || !at.Equal(e.clock.now()) || by == nil || *by != e.p.metodikJMK.ID {
			t.Fatalf("approved at %v by %v", at, by)
		}
		log := entriesOf(t, e, id, "meeting.approve_minutes")
		if len(log) != 1 || log[0].From != "feedback" || log[0].To != "feedback" || *log[0].Actor != e.p.metodikJMK.ID {
			t.Fatalf("audit %+v", log)
		}
	})

	t.Run("approved minutes are locked", func(t *testing.T) {
		before := len(entriesOf(t, e, id, ""))
		errs := map[string]error{
			"save": e.s.SaveMinutes(ctx, e.p.coordJMK, x,
				meeting.MinutesInput{Outcome: "Dodatek", Resolution: "resolved", Version: itemByID(t, e, x).Version}),
			"approve again": e.s.ApproveMinutes(ctx, e.p.coordJMK, id),
			"follow-up":     e.s.AddFollowUp(ctx, e.p.coordJMK, x, "Další úkol", "", ""),
		}
		_, errs["spontaneous"] = e.s.AddSpontaneous(ctx, e.p.coordJMK, id, "Pozdní téma", "", 0)
		for what, err := range errs {
			if !errors.Is(err, meeting.ErrMinutesLocked) {
				t.Errorf("%s: err = %v", what, err)
			}
		}
		if it := itemByID(t, e, x); it.Outcome != "Shoda." {
			t.Fatalf("item changed: %+v", it)
		}
		if n := len(itemsOf(t, e, id)); n != 2 {
			t.Fatalf("%d topics", n)
		}
		if after := len(entriesOf(t, e, id, "")); after != before {
			t.Fatalf("refusals were recorded: %d → %d", before, after)
		}
	})

	t.Run("follow-ups are still ticked off, also after closing", func(t *testing.T) {
		f, err := e.s.FollowUps(ctx, id)
		if err != nil || len(f[x]) != 1 {
			t.Fatalf("follow-ups %v %v", f, err)
		}
		action := f[x][0].ID
		if err := e.s.SetFollowUpDone(ctx, e.p.coordJMK, action, true); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Transition(ctx, e.p.coordJMK, id, meeting.Close, meeting.Change{}); err != nil {
			t.Fatal(err)
		}
		if err := e.s.SetFollowUpDone(ctx, e.p.metodikJMK, action, false); err != nil {
			t.Fatalf("closed meeting: %v", err)
		}
		if err := e.s.SetFollowUpDone(ctx, e.p.metodikJMK, action, true); err != nil {
			t.Fatalf("closed meeting: %v", err)
		}
		f, _ = e.s.FollowUps(ctx, id)
		if !f[x][0].Done {
			t.Fatal("follow-up not done")
		}
		if n := len(entriesOf(t, e, id, "meeting.followup_done")); n != 3 {
			t.Fatalf("%d follow-up entries, want 3", n)
		}
		err = e.s.SaveMinutes(ctx, e.p.coordJMK, x, meeting.MinutesInput{Outcome: "Po uzavření", Version: itemByID(t, e, x).Version})
		if !errors.Is(err, meeting.ErrMinutesLocked) {
			t.Fatalf("minutes of a closed meeting: %v", err)
		}
	})
}

func TestSpontaneous(t *testing.T) {
	t.Parallel()
	e := setup(t)
	early, _ := agendaMeeting(t, e, "Porada před konáním")
	id, _ := heldMeeting(t, e, input("OSPOD sobě"), "Spisová služba", "Přestupky")

	t.Run("non-organisers are refused", func(t *testing.T) {
		if _, err := e.s.AddSpontaneous(ctx, e.p.jana, id, "Moje téma", "", 0); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("a meeting not held yet is refused", func(t *testing.T) {
		if _, err := e.s.AddSpontaneous(ctx, e.p.coordJMK, early, "Téma", "", 0); !errors.Is(err, meeting.ErrWrongState) {
			t.Fatalf("err = %v", err)
		}
		if n := len(itemsOf(t, e, early)); n != 1 {
			t.Fatalf("%d topics", n)
		}
	})

	t.Run("a title is required and the area must exist", func(t *testing.T) {
		_, err := e.s.AddSpontaneous(ctx, e.p.coordJMK, id, "   ", "", 99)
		invalid(t, err, app.Invalid{"title": "err.required", "area": "err.choose_area"})
		_, err = e.s.AddSpontaneous(ctx, e.p.coordJMK, id, strings.Repeat("š", meeting.MaxTitle+1), "", 0)
		invalid(t, err, app.Invalid{"title": "err.too_long"})
		if n := len(itemsOf(t, e, id)); n != 2 {
			t.Fatalf("%d topics", n)
		}
	})

	t.Run("an organiser adds an item at the end of the agenda", func(t *testing.T) {
		tid, err := e.s.AddSpontaneous(ctx, e.p.metodikJMK, id, "  Přestupky   mladistvých ", "Jak postupovat.\r\n", 7)
		if err != nil {
			t.Fatal(err)
		}
		it := itemByID(t, e, tid)
		if it.Meeting != id || it.Title != "Přestupky mladistvých" || it.Description != "Jak postupovat." || it.Status != "accepted" ||
			!it.Spontaneous || it.Position == nil || *it.Position != 3 || it.AreaID == nil || *it.AreaID != 7 ||
			it.ProposedBy == nil || *it.ProposedBy != e.p.metodikJMK.ID {
			t.Fatalf("item %+v", it)
		}
		log := entriesOf(t, e, id, "meeting.spontaneous")
		if len(log) != 1 || num(log[0].Detail, "topic") != tid || *log[0].Actor != e.p.metodikJMK.ID {
			t.Fatalf("audit %+v", log)
		}
		// It is an agenda item like the others: it takes minutes and follow-ups.
		resolve(t, e, e.p.coordJMK, tid, "resolved", "Vysvětleno.")
		if err := e.s.AddFollowUp(ctx, e.p.coordJMK, tid, "Sdílet postup", "", ""); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("an item without an area comes after it", func(t *testing.T) {
		tid, err := e.s.AddSpontaneous(ctx, e.p.coordJMK, id, "Spisová dokumentace", "", 0)
		if err != nil {
			t.Fatal(err)
		}
		if it := itemByID(t, e, tid); it.AreaID != nil || *it.Position != 4 {
			t.Fatalf("item %+v", it)
		}
	})
}

func TestFollowUps(t *testing.T) {
	t.Parallel()
	e := setup(t)
	_, early := agendaMeeting(t, e, "Porada před konáním")
	id, items := heldMeeting(t, e, input("OSPOD sobě"), "Spisová služba", "Přestupky")
	x, y := items[0], items[1]
	proposed := insertItem(t, e, id, "Nepřijaté téma", "proposed", 0)

	t.Run("non-organisers are refused", func(t *testing.T) {
		if err := e.s.AddFollowUp(ctx, e.p.jana, x, "Úkol", "", ""); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("err = %v", err)
		}
	})

	t.Run("only agenda items of held meetings take follow-ups", func(t *testing.T) {
		if err := e.s.AddFollowUp(ctx, e.p.coordJMK, early, "Úkol", "", ""); !errors.Is(err, meeting.ErrWrongState) {
			t.Fatalf("meeting not held: err = %v", err)
		}
		if err := e.s.AddFollowUp(ctx, e.p.coordJMK, proposed, "Úkol", "", ""); !errors.Is(err, meeting.ErrWrongState) {
			t.Fatalf("proposed topic: err = %v", err)
		}
		if err := e.s.AddFollowUp(ctx, e.p.coordJMK, 987654, "Úkol", "", ""); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("unknown topic: err = %v", err)
		}
	})

	t.Run("invalid follow-ups are refused", func(t *testing.T) {
		err := e.s.AddFollowUp(ctx, e.p.coordJMK, x, "  ", strings.Repeat("ž", meeting.MaxOwner+1), "31. 1. 2027")
		invalid(t, err, app.Invalid{"action_text": "err.required", "action_owner": "err.too_long", "action_due": "err.date"})
		err = e.s.AddFollowUp(ctx, e.p.coordJMK, x, strings.Repeat("ž", meeting.MaxAction+1), "", "2027-02-30")
		invalid(t, err, app.Invalid{"action_text": "err.too_long", "action_due": "err.date"})
		f, _ := e.s.FollowUps(ctx, id)
		if len(f) != 0 {
			t.Fatalf("follow-ups %v", f)
		}
	})

	t.Run("organisers add follow-ups by item", func(t *testing.T) {
		if err := e.s.AddFollowUp(ctx, e.p.coordJMK, x, "Připravit vzor spisu", " Gabriela  Vybíralová ", "2027-01-31"); err != nil {
			t.Fatal(err)
		}
		if err := e.s.AddFollowUp(ctx, e.p.metodikJMK, x, "Rozeslat zápis", "", ""); err != nil {
			t.Fatal(err)
		}
		if err := e.s.AddFollowUp(ctx, e.p.coordJMK, y, "Dotaz na MPSV", "Kraj", ""); err != nil {
			t.Fatal(err)
		}
		f, err := e.s.FollowUps(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(f) != 2 || len(f[x]) != 2 || len(f[y]) != 1 {
			t.Fatalf("follow-ups %+v", f)
		}
		a, b := f[x][0], f[x][1]
		if a.Text != "Připravit vzor spisu" || a.Owner != "Gabriela Vybíralová" || a.Due == nil ||
			a.Due.Format(time.DateOnly) != "2027-01-31" || a.Done || a.TopicID != x {
			t.Fatalf("first follow-up %+v", a)
		}
		if b.Text != "Rozeslat zápis" || b.Due != nil || b.Owner != "" {
			t.Fatalf("second follow-up %+v", b)
		}
		log := entriesOf(t, e, id, "meeting.followup")
		if len(log) != 3 || num(log[0].Detail, "topic") != x || num(log[0].Detail, "action") != a.ID {
			t.Fatalf("audit %+v", log)
		}
	})

	t.Run("ticking off is the organisers' and is recorded once", func(t *testing.T) {
		f, _ := e.s.FollowUps(ctx, id)
		action := f[y][0].ID
		if err := e.s.SetFollowUpDone(ctx, e.p.jana, action, true); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("non-organiser: err = %v", err)
		}
		if err := e.s.SetFollowUpDone(ctx, e.p.coordJMK, 987654, true); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("unknown follow-up: err = %v", err)
		}
		for range 2 {
			if err := e.s.SetFollowUpDone(ctx, e.p.coordJMK, action, true); err != nil {
				t.Fatal(err)
			}
		}
		f, _ = e.s.FollowUps(ctx, id)
		if !f[y][0].Done || f[x][0].Done || f[x][1].Done {
			t.Fatalf("follow-ups %+v", f)
		}
		log := entriesOf(t, e, id, "meeting.followup_done")
		if len(log) != 1 || num(log[0].Detail, "action") != action || log[0].Detail["done"] != true {
			t.Fatalf("audit %+v", log)
		}
	})
}

// inSeries is a meeting of the "OSPOD sobě" series starting at 9:00 on day, with deadlines
// five days before.
func inSeries(title, day string) meeting.Input {
	in := input(title)
	in.SeriesName = "OSPOD sobě"
	d, _ := time.Parse(time.DateOnly, day)
	in.StartsAt, in.EndsAt = day+"T09:00", day+"T13:00"
	in.RegisterBy = d.AddDate(0, 0, -5).Format(time.DateOnly) + "T23:59"
	in.TopicsBy = in.RegisterBy
	return in
}

// heldWithOpenItem holds meeting A of the series on 15 December 2026 with item X resolved and
// item Y unresolved with four votes, and approves its minutes.
func heldWithOpenItem(t *testing.T, e env, series string, approve bool) (a, x, y int64) {
	t.Helper()
	in := inSeries("OSPOD sobě – zima", "2026-12-15")
	in.SeriesName = series
	a, items := heldMeeting(t, e, in, "Spisová služba", "Přestupky dětí")
	x, y = items[0], items[1]
	castVotes(t, e, a, x, e.p.jana)
	castVotes(t, e, a, y, e.p.jana, e.p.petr, e.p.headSlap, e.p.metodikJMK)
	resolve(t, e, e.p.coordJMK, x, "resolved", "Shoda na vzoru spisu.")
	resolve(t, e, e.p.coordJMK, y, "unresolved", "Praxe se liší, kraj dá stanovisko.")
	if approve {
		if err := e.s.ApproveMinutes(ctx, e.p.coordJMK, a); err != nil {
			t.Fatal(err)
		}
	}
	return a, x, y
}

// carriedInto checks that meeting id holds exactly Y, carried over as a proposed topic.
func carriedInto(t *testing.T, e env, id, fromMeeting, y int64, votes int32) item {
	t.Helper()
	list := itemsOf(t, e, id)
	if len(list) != 1 {
		t.Fatalf("meeting %d has %d topics, want 1: %+v", id, len(list), list)
	}
	got, orig := list[0], itemByID(t, e, y)
	if got.CarriedFrom == nil || *got.CarriedFrom != y || got.CarriedVotes != votes || got.Status != "proposed" ||
		got.Title != orig.Title || got.Description != orig.Description || *got.AreaID != *orig.AreaID ||
		*got.ProposedBy != *orig.ProposedBy || got.Outcome != "" || got.Resolution != "" || got.Position != nil {
		t.Fatalf("carried topic %+v from %+v", got, orig)
	}
	log := entriesOf(t, e, id, "meeting.carry")
	if len(log) != 1 || num(log[0].Detail, "topic") != got.ID || num(log[0].Detail, "from_topic") != y ||
		num(log[0].Detail, "from_meeting") != fromMeeting {
		t.Fatalf("audit %+v", log)
	}
	return got
}

func TestCarryOverOnCreate(t *testing.T) {
	t.Parallel()
	e := setup(t)
	a, x, y := heldWithOpenItem(t, e, "OSPOD sobě", true)
	b := e.create(t, inSeries("OSPOD sobě – jaro", "2027-03-10"))
	var carried item

	t.Run("the next meeting gets the unresolved item with its votes", func(t *testing.T) {
		carried = carriedInto(t, e, b, a, y, 4)
		var n int
		if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM topics WHERE carried_from = $1`, x).Scan(&n); err != nil || n != 0 {
			t.Fatalf("resolved item carried %d times (%v)", n, err)
		}
	})

	t.Run("the carried item shows where it comes from", func(t *testing.T) {
		h, err := e.s.History(ctx, carried.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(h) != 1 {
			t.Fatalf("history %+v", h)
		}
		c := h[0]
		if c.FromTopicID != y || c.MeetingID != a || c.MeetingTitle != "OSPOD sobě – zima" ||
			!c.StartsAt.Equal(at(2026, time.December, 15, 9, 0)) || c.Outcome != "Praxe se liší, kraj dá stanovisko." ||
			c.Resolution != "unresolved" || c.Votes != 4 {
			t.Fatalf("history %+v", c)
		}
		if h, err := e.s.History(ctx, y); err != nil || len(h) != 0 {
			t.Fatalf("history of an item not carried: %+v %v", h, err)
		}
	})

	t.Run("later meetings never get it again", func(t *testing.T) {
		// One between A and B: A is its previous meeting, but Y already went to B.
		between := e.create(t, inSeries("OSPOD sobě – předjaří", "2027-02-10"))
		// One after B: B's minutes are not approved, so nothing comes from it.
		after := e.create(t, inSeries("OSPOD sobě – léto", "2027-06-10"))
		for _, id := range []int64{between, after} {
			if list := itemsOf(t, e, id); len(list) != 0 {
				t.Fatalf("meeting %d got %+v", id, list)
			}
		}
		var n int
		if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM topics WHERE carried_from = $1`, y).Scan(&n); err != nil || n != 1 {
			t.Fatalf("Y carried %d times (%v)", n, err)
		}
	})

	t.Run("other series and meetings without one get nothing", func(t *testing.T) {
		other := inSeries("Porada kurátorů", "2027-03-10")
		other.SeriesName = "Porady kurátorů"
		none := inSeries("Samostatná porada", "2027-03-11")
		none.SeriesName = ""
		for _, in := range []meeting.Input{other, none} {
			if list := itemsOf(t, e, e.create(t, in)); len(list) != 0 {
				t.Fatalf("%s got %+v", in.Title, list)
			}
		}
	})
}

func TestCarryOverOnApproval(t *testing.T) {
	t.Parallel()
	e := setup(t)
	// The next meetings exist before A is held: a cancelled one first, then B.
	cancelled := e.create(t, inSeries("OSPOD sobě – zrušené", "2027-01-20"))
	if err := e.s.Transition(ctx, e.p.coordJMK, cancelled, meeting.Cancel, meeting.Change{Reason: "Nemoc lektorky."}); err != nil {
		t.Fatal(err)
	}
	b := e.open(t, inSeries("OSPOD sobě – jaro", "2027-03-10"))
	later := e.create(t, inSeries("OSPOD sobě – léto", "2027-06-10"))
	a, _, y := heldWithOpenItem(t, e, "OSPOD sobě", false)

	t.Run("nothing is carried before approval", func(t *testing.T) {
		if list := itemsOf(t, e, b); len(list) != 0 {
			t.Fatalf("B got %+v", list)
		}
	})

	t.Run("approval carries into the nearest planned meeting", func(t *testing.T) {
		if err := e.s.ApproveMinutes(ctx, e.p.coordJMK, a); err != nil {
			t.Fatal(err)
		}
		carriedInto(t, e, b, a, y, 4)
		for _, id := range []int64{cancelled, later} {
			if list := itemsOf(t, e, id); len(list) != 0 {
				t.Fatalf("meeting %d got %+v", id, list)
			}
		}
	})

	t.Run("doing it again never duplicates", func(t *testing.T) {
		if err := e.s.ApproveMinutes(ctx, e.p.coordJMK, a); !errors.Is(err, meeting.ErrMinutesLocked) {
			t.Fatalf("second approval: %v", err)
		}
		// A meeting created now between A and B would carry from A again; Y is already in B.
		e.create(t, inSeries("OSPOD sobě – předjaří", "2027-02-10"))
		carriedInto(t, e, b, a, y, 4)
		var n int
		if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM topics WHERE carried_from = $1`, y).Scan(&n); err != nil || n != 1 {
			t.Fatalf("Y carried %d times (%v)", n, err)
		}
	})
}

// TestCarryOverChain carries an item twice: its votes add up and its history lists both
// earlier meetings, the nearest first.
func TestCarryOverChain(t *testing.T) {
	t.Parallel()
	e := setup(t)
	a, _, y := heldWithOpenItem(t, e, "OSPOD sobě", true)
	b := e.create(t, inSeries("OSPOD sobě – jaro", "2027-03-10"))
	yb := carriedInto(t, e, b, a, y, 4).ID

	// At B the item is voted on again, accepted, discussed and stays unresolved.
	if err := e.s.Transition(ctx, e.p.coordJMK, b, meeting.OpenUp, meeting.Change{}); err != nil {
		t.Fatal(err)
	}
	castVotes(t, e, b, yb, e.p.jana, e.p.zamberk)
	if _, err := e.pool.Exec(ctx, `UPDATE topics SET status = 'accepted', position = 1 WHERE id = $1`, yb); err != nil {
		t.Fatal(err)
	}
	if err := e.s.Transition(ctx, e.p.coordJMK, b, meeting.Publish, meeting.Change{}); err != nil {
		t.Fatal(err)
	}
	e.clock.set(at(2027, time.March, 10, 9, 30))
	if err := e.s.Transition(ctx, e.p.coordJMK, b, meeting.Hold, meeting.Change{}); err != nil {
		t.Fatal(err)
	}
	resolve(t, e, e.p.coordJMK, yb, "unresolved", "Stanovisko kraje zatím nepřišlo.")
	if err := e.s.ApproveMinutes(ctx, e.p.coordJMK, b); err != nil {
		t.Fatal(err)
	}
	c := e.create(t, inSeries("OSPOD sobě – léto", "2027-06-10"))
	yc := carriedInto(t, e, c, b, yb, 6)

	h, err := e.s.History(ctx, yc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 || h[0].MeetingID != b || h[0].FromTopicID != yb || h[0].Votes != 2 ||
		h[0].Outcome != "Stanovisko kraje zatím nepřišlo." || h[1].MeetingID != a || h[1].FromTopicID != y || h[1].Votes != 4 {
		t.Fatalf("history %+v", h)
	}
}

// TestCarryOverRace creates the next meeting at the moment the previous one's minutes are
// approved: whichever commits first, the item ends up in the new meeting exactly once.
func TestCarryOverRace(t *testing.T) {
	t.Parallel()
	e := setup(t)
	for round := range 6 {
		series := fmt.Sprintf("OSPOD sobě %d", round)
		a, _, y := heldWithOpenItem(t, e, series, false)
		in := inSeries("OSPOD sobě – jaro", "2027-03-10")
		in.SeriesName = series
		var b int64
		var errApprove, errCreate error
		start := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			<-start
			errApprove = e.s.ApproveMinutes(ctx, e.p.metodikJMK, a)
		}()
		go func() {
			defer wg.Done()
			<-start
			b, errCreate = e.s.Create(ctx, e.p.coordJMK, in)
		}()
		close(start)
		wg.Wait()
		if errApprove != nil || errCreate != nil {
			t.Fatalf("round %d: approve %v, create %v", round, errApprove, errCreate)
		}
		list := itemsOf(t, e, b)
		if len(list) != 1 || *list[0].CarriedFrom != y || list[0].CarriedVotes != 4 {
			t.Fatalf("round %d: B has %+v", round, list)
		}
	}
}
