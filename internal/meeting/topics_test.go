package meeting_test

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/meeting"
)

// topEnroll registers people for meeting id straight in the database, so these tests do not
// depend on the registration rules.
func (e env) topEnroll(t *testing.T, id int64, status string, us ...*auth.User) {
	t.Helper()
	for _, u := range us {
		if _, err := e.pool.Exec(ctx, `INSERT INTO registrations (meeting_id, user_id, status) VALUES ($1, $2, $3)`,
			id, u.ID, status); err != nil {
			t.Fatal(err)
		}
	}
}

// topPropose proposes a topic by u, failing the test on error.
func (e env) topPropose(t *testing.T, u *auth.User, id int64, title string) int64 {
	t.Helper()
	tid, err := e.s.Propose(ctx, u, id, meeting.TopicInput{Title: title})
	if err != nil {
		t.Fatalf("propose %q: %v", title, err)
	}
	return tid
}

// topCount counts the topics of meeting id.
func (e env) topCount(t *testing.T, id int64) int {
	t.Helper()
	var n int
	if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM topics WHERE meeting_id = $1`, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// topVoters lists who voted for topic, by user id.
func (e env) topVoters(t *testing.T, topic int64) []int64 {
	t.Helper()
	rows, err := e.pool.Query(ctx, `SELECT user_id FROM topic_votes WHERE topic_id = $1 ORDER BY user_id`, topic)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// topUsed counts user's votes in meeting id as stored.
func (e env) topUsed(t *testing.T, id, user int64) int {
	t.Helper()
	var n int
	if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM topic_votes WHERE meeting_id = $1 AND user_id = $2`, id, user).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// topAuditRow is an audit row of a meeting.
type topAuditRow struct {
	from, to string
	detail   map[string]any
}

// topAudit lists meeting id's audit rows of action, oldest first.
func (e env) topAudit(t *testing.T, id int64, action string) []topAuditRow {
	t.Helper()
	rows, err := e.pool.Query(ctx, `SELECT from_state, to_state, detail FROM audit_log
		WHERE object_type = 'meeting' AND object_id = $1 AND action = $2 ORDER BY id`, id, action)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []topAuditRow
	for rows.Next() {
		var r topAuditRow
		if err := rows.Scan(&r.from, &r.to, &r.detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// topFind returns topic id from list.
func topFind(t *testing.T, list []meeting.Topic, id int64) meeting.Topic {
	t.Helper()
	for _, x := range list {
		if x.ID == id {
			return x
		}
	}
	t.Fatalf("topic %d not listed", id)
	return meeting.Topic{}
}

func topIDs(list []meeting.Topic) []int64 {
	ids := make([]int64, len(list))
	for i, x := range list {
		ids[i] = x.ID
	}
	return ids
}

// topSlots describes the agenda items' order and slots, for comparing.
func topSlots(list []meeting.Topic) []string {
	var out []string
	for _, x := range list {
		s := fmt.Sprintf("%d@%d", x.ID, *x.Position)
		if x.SlotStart != nil {
			s += " " + *x.SlotStart
		}
		if x.SlotMinutes != nil {
			s += fmt.Sprintf(" %d min", *x.SlotMinutes)
		}
		out = append(out, s+" "+x.Presenter)
	}
	return out
}

func sortedIDs(us ...*auth.User) []int64 {
	var ids []int64
	for _, u := range us {
		ids = append(ids, u.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestPropose(t *testing.T) {
	e := setup(t)
	p := e.p
	id := e.open(t, input("Sběr témat"))
	e.topEnroll(t, id, "registered", p.jana)
	e.topEnroll(t, id, "waiting", p.headSlap)
	e.topEnroll(t, id, "cancelled", p.petr)

	t.Run("organiser proposes without registering and it is recorded", func(t *testing.T) {
		tid, err := e.s.Propose(ctx, p.coordJMK, id, meeting.TopicInput{Title: "  Sanace   rodiny ", Description: " Jak na to.\r\n "})
		if err != nil {
			t.Fatal(err)
		}
		var title, desc, status string
		var by int64
		var area *int16
		err = e.pool.QueryRow(ctx, `SELECT title, description, status, proposed_by, area_id FROM topics WHERE id = $1`, tid).
			Scan(&title, &desc, &status, &by, &area)
		if err != nil {
			t.Fatal(err)
		}
		if title != "Sanace rodiny" || desc != "Jak na to." || status != "proposed" || by != p.coordJMK.ID || area != nil {
			t.Fatalf("stored %q %q %s by %d area %v", title, desc, status, by, area)
		}
		log := e.topAudit(t, id, "meeting.propose")
		if len(log) != 1 || log[0].to != "proposed" || log[0].detail["topic"] != float64(tid) || log[0].detail["title"] != "Sanace rodiny" {
			t.Fatalf("audit = %+v", log)
		}
	})

	t.Run("registered participant proposes with an area", func(t *testing.T) {
		tid, err := e.s.Propose(ctx, p.jana, id, meeting.TopicInput{Title: "Případové konference", AreaID: 3})
		if err != nil {
			t.Fatal(err)
		}
		list, err := e.s.Topics(ctx, p.jana, id)
		if err != nil {
			t.Fatal(err)
		}
		got := topFind(t, list, tid)
		if got.AreaID == nil || *got.AreaID != 3 || got.ProposerName != p.jana.Name || got.ProposedBy == nil || *got.ProposedBy != p.jana.ID {
			t.Fatalf("topic = %+v", got)
		}
	})

	t.Run("person on the waiting list proposes", func(t *testing.T) {
		e.topPropose(t, p.headSlap, id, "Spisová dokumentace")
	})

	before := e.topCount(t, id)

	t.Run("unregistered caseworker is refused", func(t *testing.T) {
		for _, u := range []*auth.User{p.petr, p.zamberk, p.metodikPAK} {
			if _, err := e.s.Propose(ctx, u, id, meeting.TopicInput{Title: "Přestupky"}); !errors.Is(err, meeting.ErrNotRegistered) {
				t.Fatalf("%s: err = %v, want ErrNotRegistered", u.Name, err)
			}
		}
		if n := e.topCount(t, id); n != before {
			t.Fatalf("topics = %d, want %d", n, before)
		}
	})

	t.Run("invalid input keeps nothing", func(t *testing.T) {
		cases := []struct {
			in   meeting.TopicInput
			want app.Invalid
		}{
			{meeting.TopicInput{Title: "  "}, app.Invalid{"title": "err.required"}},
			{meeting.TopicInput{Title: strings.Repeat("č", 201)}, app.Invalid{"title": "err.too_long"}},
			{meeting.TopicInput{Title: strings.Repeat("č", 200), Description: strings.Repeat("ř", 2001)}, app.Invalid{"description": "err.too_long"}},
			{meeting.TopicInput{Title: "Neznámá oblast", AreaID: 99}, app.Invalid{"area": "err.choose_area"}},
			{meeting.TopicInput{Title: "", AreaID: 99}, app.Invalid{"title": "err.required", "area": "err.choose_area"}},
		}
		for _, c := range cases {
			_, err := e.s.Propose(ctx, p.jana, id, c.in)
			var v app.Invalid
			if !errors.As(err, &v) || !maps.Equal(v, c.want) {
				t.Fatalf("%+v: err = %v, want %v", c.in, err, c.want)
			}
		}
		if n := e.topCount(t, id); n != before {
			t.Fatalf("topics = %d, want %d", n, before)
		}
	})

	t.Run("draft meeting is refused", func(t *testing.T) {
		draft := e.create(t, input("Koncept"))
		if _, err := e.s.Propose(ctx, p.coordJMK, draft, meeting.TopicInput{Title: "Cokoli"}); !errors.Is(err, meeting.ErrWrongState) {
			t.Fatalf("err = %v, want ErrWrongState", err)
		}
		if n := e.topCount(t, draft); n != 0 {
			t.Fatalf("topics = %d", n)
		}
	})

	t.Run("after the deadline nothing is stored", func(t *testing.T) {
		e.clock.set(at(2026, time.December, 11, 0, 0))
		defer e.clock.set(at(2026, time.December, 1, 10, 0))
		for _, u := range []*auth.User{p.coordJMK, p.jana} {
			if _, err := e.s.Propose(ctx, u, id, meeting.TopicInput{Title: "Pozdě"}); !errors.Is(err, meeting.ErrTopicsOver) {
				t.Fatalf("%s: err = %v, want ErrTopicsOver", u.Name, err)
			}
		}
		if n := e.topCount(t, id); n != before {
			t.Fatalf("topics = %d, want %d", n, before)
		}
		if n := len(e.topAudit(t, id, "meeting.propose")); n != before {
			t.Fatalf("propose audit rows = %d, want %d", n, before)
		}
	})
}

func TestVote(t *testing.T) {
	e := setup(t)
	p := e.p
	id := e.open(t, input("Hlasování"))
	e.topEnroll(t, id, "registered", p.jana)
	var ts []int64
	for i := range 4 {
		ts = append(ts, e.topPropose(t, p.coordJMK, id, fmt.Sprintf("Téma %d", i+1)))
	}
	used := func(t *testing.T, want int) {
		t.Helper()
		n, allowance, err := e.s.VotesLeft(ctx, id, p.jana.ID)
		if err != nil || n != want || allowance != 3 {
			t.Fatalf("VotesLeft = %d of %d, %v; want %d of 3", n, allowance, err, want)
		}
		if stored := e.topUsed(t, id, p.jana.ID); stored != want {
			t.Fatalf("stored votes = %d, want %d", stored, want)
		}
	}

	t.Run("three votes are stored and recorded", func(t *testing.T) {
		for _, tid := range ts[:3] {
			if err := e.s.Vote(ctx, p.jana, tid); err != nil {
				t.Fatal(err)
			}
		}
		used(t, 3)
		log := e.topAudit(t, id, "meeting.vote")
		if len(log) != 3 || log[0].detail["topic"] != float64(ts[0]) {
			t.Fatalf("audit = %+v", log)
		}
		list, err := e.s.Topics(ctx, p.jana, id)
		if err != nil {
			t.Fatal(err)
		}
		if x := topFind(t, list, ts[0]); x.Votes != 1 || !x.Mine {
			t.Fatalf("topic 1 = %d votes, mine %v", x.Votes, x.Mine)
		}
		if x := topFind(t, list, ts[3]); x.Votes != 0 || x.Mine {
			t.Fatalf("topic 4 = %d votes, mine %v", x.Votes, x.Mine)
		}
	})

	t.Run("the fourth vote is refused", func(t *testing.T) {
		if err := e.s.Vote(ctx, p.jana, ts[3]); !errors.Is(err, meeting.ErrNoVotesLeft) {
			t.Fatalf("err = %v, want ErrNoVotesLeft", err)
		}
		used(t, 3)
		if v := e.topVoters(t, ts[3]); len(v) != 0 {
			t.Fatalf("voters = %v", v)
		}
	})

	t.Run("a second vote for one topic is refused", func(t *testing.T) {
		if err := e.s.Vote(ctx, p.jana, ts[0]); !errors.Is(err, meeting.ErrVotedAlready) {
			t.Fatalf("err = %v, want ErrVotedAlready", err)
		}
		if v := e.topVoters(t, ts[0]); !slices.Equal(v, []int64{p.jana.ID}) {
			t.Fatalf("voters = %v", v)
		}
	})

	t.Run("a withdrawn vote can be given again", func(t *testing.T) {
		if err := e.s.Unvote(ctx, p.jana, ts[0]); err != nil {
			t.Fatal(err)
		}
		used(t, 2)
		if err := e.s.Unvote(ctx, p.jana, ts[0]); err != nil {
			t.Fatalf("second unvote: %v", err)
		}
		if n := len(e.topAudit(t, id, "meeting.unvote")); n != 1 {
			t.Fatalf("unvote audit rows = %d, want 1", n)
		}
		if err := e.s.Vote(ctx, p.jana, ts[3]); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Vote(ctx, p.jana, ts[0]); !errors.Is(err, meeting.ErrNoVotesLeft) {
			t.Fatalf("err = %v, want ErrNoVotesLeft", err)
		}
		if err := e.s.Unvote(ctx, p.jana, ts[3]); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Vote(ctx, p.jana, ts[0]); err != nil {
			t.Fatal(err)
		}
		used(t, 3)
		if v := e.topVoters(t, ts[3]); len(v) != 0 {
			t.Fatalf("voters of topic 4 = %v", v)
		}
	})

	t.Run("unregistered person cannot vote", func(t *testing.T) {
		for _, u := range []*auth.User{p.petr, p.metodikPAK} {
			if err := e.s.Vote(ctx, u, ts[3]); !errors.Is(err, meeting.ErrNotRegistered) {
				t.Fatalf("%s: err = %v, want ErrNotRegistered", u.Name, err)
			}
		}
		if v := e.topVoters(t, ts[3]); len(v) != 0 {
			t.Fatalf("voters = %v", v)
		}
	})

	t.Run("organiser votes without registering", func(t *testing.T) {
		if err := e.s.Vote(ctx, p.coordJMK, ts[3]); err != nil {
			t.Fatal(err)
		}
		if v := e.topVoters(t, ts[3]); !slices.Equal(v, []int64{p.coordJMK.ID}) {
			t.Fatalf("voters = %v", v)
		}
	})

	t.Run("unknown topic is not found", func(t *testing.T) {
		if err := e.s.Vote(ctx, p.jana, 999999); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})

	t.Run("declined topic takes no votes but its votes can be withdrawn", func(t *testing.T) {
		if err := e.s.Decide(ctx, p.coordJMK, ts[2], false); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Vote(ctx, p.coordJMK, ts[2]); !errors.Is(err, meeting.ErrWrongState) {
			t.Fatalf("err = %v, want ErrWrongState", err)
		}
		if err := e.s.Unvote(ctx, p.jana, ts[2]); err != nil {
			t.Fatal(err)
		}
		used(t, 2)
	})

	t.Run("after the deadline votes stay as they are", func(t *testing.T) {
		e.clock.set(at(2026, time.December, 11, 0, 0))
		defer e.clock.set(at(2026, time.December, 1, 10, 0))
		if err := e.s.Vote(ctx, p.jana, ts[3]); !errors.Is(err, meeting.ErrTopicsOver) {
			t.Fatalf("vote: err = %v, want ErrTopicsOver", err)
		}
		if err := e.s.Unvote(ctx, p.jana, ts[0]); !errors.Is(err, meeting.ErrTopicsOver) {
			t.Fatalf("unvote: err = %v, want ErrTopicsOver", err)
		}
		used(t, 2)
	})

	t.Run("published agenda takes no votes", func(t *testing.T) {
		if err := e.s.Decide(ctx, p.coordJMK, ts[0], true); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Transition(ctx, p.coordJMK, id, meeting.Publish, meeting.Change{}); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Vote(ctx, p.jana, ts[3]); !errors.Is(err, meeting.ErrWrongState) {
			t.Fatalf("err = %v, want ErrWrongState", err)
		}
		used(t, 2)
	})
}

// TestVoteRace lets people vote in parallel: nobody ends up with more votes than the allowance,
// and no topic counts one person twice.
func TestVoteRace(t *testing.T) {
	e := setup(t)
	id := e.open(t, input("Závod hlasů"))
	var ts []int64
	for i := range 8 {
		ts = append(ts, e.topPropose(t, e.p.coordJMK, id, fmt.Sprintf("Téma %d", i+1)))
	}

	t.Run("parallel votes of one person stop at the allowance", func(t *testing.T) {
		var us []*auth.User
		for i := range 4 {
			us = append(us, e.user(t, fmt.Sprintf("Hlasující %d", i+1), "Městský úřad Šlapanice"))
		}
		e.topEnroll(t, id, "registered", us...)
		errs := make([][]error, len(us))
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i, u := range us {
			errs[i] = make([]error, len(ts))
			for j, tid := range ts {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					errs[i][j] = e.s.Vote(ctx, u, tid)
				}()
			}
		}
		close(start)
		wg.Wait()
		for i, u := range us {
			ok := 0
			for _, err := range errs[i] {
				switch {
				case err == nil:
					ok++
				case !errors.Is(err, meeting.ErrNoVotesLeft):
					t.Fatalf("%s: %v", u.Name, err)
				}
			}
			if ok != 3 {
				t.Fatalf("%s: %d votes accepted, want 3", u.Name, ok)
			}
			if n := e.topUsed(t, id, u.ID); n != 3 {
				t.Fatalf("%s: %d votes stored, want 3", u.Name, n)
			}
		}
		if n := len(e.topAudit(t, id, "meeting.vote")); n != 3*len(us) {
			t.Fatalf("vote audit rows = %d, want %d", n, 3*len(us))
		}
	})

	t.Run("parallel votes for one topic count once", func(t *testing.T) {
		u := e.user(t, "Netrpělivá", "Městský úřad Šlapanice")
		e.topEnroll(t, id, "registered", u)
		errs := make([]error, 10)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs[i] = e.s.Vote(ctx, u, ts[0])
			}()
		}
		close(start)
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, meeting.ErrVotedAlready):
				t.Fatal(err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d votes accepted, want 1", ok)
		}
		if n := e.topUsed(t, id, u.ID); n != 1 {
			t.Fatalf("%d votes stored, want 1", n)
		}
	})
}

func TestMerge(t *testing.T) {
	e := setup(t)
	p := e.p
	x, y, z := p.jana, p.petr, p.headSlap
	id := e.open(t, input("Slučování"))
	e.topEnroll(t, id, "registered", x, y, z)
	a := e.topPropose(t, x, id, "Dohody o výkonu pěstounské péče")
	b := e.topPropose(t, y, id, "Dohody s pěstouny")
	vote := func(u *auth.User, tid int64) {
		t.Helper()
		if err := e.s.Vote(ctx, u, tid); err != nil {
			t.Fatal(err)
		}
	}
	vote(x, a)
	vote(y, a)
	vote(y, b)
	vote(z, b)
	if _, err := e.pool.Exec(ctx, `UPDATE topics SET carried_votes = 2 WHERE id = $1`, b); err != nil {
		t.Fatal(err)
	}
	other := e.open(t, input("Jiné setkání"))
	foreign := e.topPropose(t, p.coordJMK, other, "Cizí téma")

	t.Run("non-organiser is refused", func(t *testing.T) {
		if err := e.s.Merge(ctx, x, id, b, a); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("err = %v, want ErrForbidden", err)
		}
		if v := e.topVoters(t, b); !slices.Equal(v, sortedIDs(y, z)) {
			t.Fatalf("voters of B = %v", v)
		}
	})

	t.Run("topic of another meeting or the same topic is refused", func(t *testing.T) {
		for _, c := range [][2]int64{{foreign, a}, {b, foreign}, {b, b}, {b, 999999}} {
			err := e.s.Merge(ctx, p.coordJMK, id, c[0], c[1])
			var v app.Invalid
			if !errors.As(err, &v) || v["into"] != "meeting.err.merge" {
				t.Fatalf("merge %d into %d: err = %v", c[0], c[1], err)
			}
		}
		if v := e.topVoters(t, b); !slices.Equal(v, sortedIDs(y, z)) {
			t.Fatalf("voters of B = %v", v)
		}
		if len(e.topAudit(t, id, "meeting.merge")) != 0 || len(e.topAudit(t, other, "meeting.merge")) != 0 {
			t.Fatal("refused merge recorded")
		}
	})

	t.Run("votes move without counting anyone twice", func(t *testing.T) {
		if err := e.s.Merge(ctx, p.coordJMK, id, b, a); err != nil {
			t.Fatal(err)
		}
		if v := e.topVoters(t, a); !slices.Equal(v, sortedIDs(x, y, z)) {
			t.Fatalf("voters of A = %v", v)
		}
		if v := e.topVoters(t, b); len(v) != 0 {
			t.Fatalf("voters of B = %v", v)
		}
		if n := e.topUsed(t, id, y.ID); n != 1 {
			t.Fatalf("y has %d votes used, want 1", n)
		}
		if used, _, _ := e.s.VotesLeft(ctx, id, y.ID); used != 1 {
			t.Fatalf("VotesLeft(y) = %d, want 1", used)
		}
		list, err := e.s.Topics(ctx, y, id)
		if err != nil {
			t.Fatal(err)
		}
		if ids := topIDs(list); !slices.Equal(ids, []int64{a, b}) {
			t.Fatalf("order = %v, want A, B", ids)
		}
		ta, tb := list[0], list[1]
		if ta.Votes != 3 || ta.CarriedVotes != 2 || !ta.Mine || ta.Status != "proposed" {
			t.Fatalf("A = %+v", ta)
		}
		if tb.Status != "merged" || tb.MergedInto == nil || *tb.MergedInto != a || tb.MergedIntoTitle != ta.Title || tb.Votes != 0 || tb.Mine {
			t.Fatalf("B = %+v", tb)
		}
		log := e.topAudit(t, id, "meeting.merge")
		if len(log) != 1 || log[0].from != tb.Title || log[0].to != ta.Title ||
			log[0].detail["topic"] != float64(b) || log[0].detail["into"] != float64(a) || log[0].detail["votes_moved"] != float64(1) {
			t.Fatalf("audit = %+v", log)
		}
	})

	t.Run("merged topic can be neither merged again nor voted for", func(t *testing.T) {
		c := e.topPropose(t, z, id, "Třetí téma")
		for _, pair := range [][2]int64{{b, a}, {c, b}} {
			var v app.Invalid
			if err := e.s.Merge(ctx, p.coordJMK, id, pair[0], pair[1]); !errors.As(err, &v) {
				t.Fatalf("merge %v: err = %v", pair, err)
			}
		}
		if err := e.s.Vote(ctx, x, b); !errors.Is(err, meeting.ErrWrongState) {
			t.Fatalf("vote: err = %v, want ErrWrongState", err)
		}
		if err := e.s.Decide(ctx, p.coordJMK, b, true); !errors.Is(err, meeting.ErrWrongState) {
			t.Fatalf("decide: err = %v, want ErrWrongState", err)
		}
	})

	t.Run("accepted duplicate takes a proposed survivor into the agenda", func(t *testing.T) {
		first := e.topPropose(t, p.coordJMK, id, "Už na programu")
		dup := e.topPropose(t, p.coordJMK, id, "Sanace rodiny")
		into := e.topPropose(t, p.coordJMK, id, "Sanace rodin")
		for _, tid := range []int64{first, dup} {
			if err := e.s.Decide(ctx, p.coordJMK, tid, true); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.s.Schedule(ctx, p.coordJMK, id, []meeting.Slot{
			{TopicID: first, Position: 1}, {TopicID: dup, Position: 2, SlotStart: "10:00", SlotMinutes: "45", Presenter: "Eva Vedoucí"}}); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Merge(ctx, p.coordJMK, id, dup, into); err != nil {
			t.Fatal(err)
		}
		agenda, err := e.s.Agenda(ctx, p.jana, id)
		if err != nil {
			t.Fatal(err)
		}
		if ids := topIDs(agenda); !slices.Equal(ids, []int64{first, into}) {
			t.Fatalf("agenda = %v, want [%d %d]", ids, first, into)
		}
		s := agenda[1]
		if *s.Position != 2 || s.SlotStart == nil || *s.SlotStart != "10:00" || s.SlotMinutes == nil || *s.SlotMinutes != 45 || s.Presenter != "Eva Vedoucí" {
			t.Fatalf("survivor = %+v", s)
		}
	})
}

func TestTopicRanking(t *testing.T) {
	e := setup(t)
	p := e.p
	id := e.open(t, input("Pořadí"))
	e.topEnroll(t, id, "registered", p.jana, p.petr, p.headSlap)
	mk := func(title string) int64 { return e.topPropose(t, p.coordJMK, id, title) }
	a, b, c, d, f, g, h := mk("A"), mk("B"), mk("C"), mk("D"), mk("F"), mk("G"), mk("H")
	for _, v := range []struct {
		u *auth.User
		t int64
	}{{p.jana, a}, {p.jana, b}, {p.petr, b}, {p.petr, f}, {p.headSlap, g}, {p.headSlap, h}} {
		if err := e.s.Vote(ctx, v.u, v.t); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.pool.Exec(ctx, `UPDATE topics SET carried_votes = 3 WHERE id = $1`, c); err != nil {
		t.Fatal(err)
	}
	// A gets headSlap's vote from G; B is accepted and stays in the ranking; F is declined
	// though it has a vote; H (one vote) stays proposed.
	if err := e.s.Merge(ctx, p.coordJMK, id, g, a); err != nil {
		t.Fatal(err)
	}
	if err := e.s.Decide(ctx, p.coordJMK, b, true); err != nil {
		t.Fatal(err)
	}
	if err := e.s.Decide(ctx, p.coordJMK, f, false); err != nil {
		t.Fatal(err)
	}

	list, err := e.s.Topics(ctx, p.jana, id)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("carried votes count, ties go to the older topic, declined and merged come last", func(t *testing.T) {
		// C 0+3, A 2, B 2, H 1, D 0, F declined, G merged.
		if got, want := topIDs(list), []int64{c, a, b, h, d, f, g}; !slices.Equal(got, want) {
			t.Fatalf("order = %v, want %v", got, want)
		}
	})
	t.Run("the viewer's votes are marked", func(t *testing.T) {
		for _, x := range list {
			if want := x.ID == a || x.ID == b; x.Mine != want {
				t.Fatalf("topic %s: mine = %v", x.Title, x.Mine)
			}
		}
	})
	t.Run("draft meeting's topics stay hidden", func(t *testing.T) {
		draft := e.create(t, input("Koncept"))
		if _, err := e.s.Topics(ctx, p.jana, draft); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})
}

func TestDecideAndSchedule(t *testing.T) {
	e := setup(t)
	p := e.p
	id := e.open(t, input("Program"))
	e.topEnroll(t, id, "registered", p.jana)
	var ts []int64
	for i := range 5 {
		ts = append(ts, e.topPropose(t, p.jana, id, fmt.Sprintf("Téma %d", i+1)))
	}
	agenda := func(t *testing.T) []meeting.Topic {
		t.Helper()
		list, err := e.s.Agenda(ctx, p.coordJMK, id)
		if err != nil {
			t.Fatal(err)
		}
		for i, x := range list {
			if x.Position == nil || int(*x.Position) != i+1 {
				t.Fatalf("agenda[%d] = topic %d at position %v", i, x.ID, x.Position)
			}
		}
		return list
	}

	t.Run("non-organiser may not decide", func(t *testing.T) {
		if err := e.s.Decide(ctx, p.jana, ts[0], true); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("err = %v, want ErrForbidden", err)
		}
		if err := e.s.Schedule(ctx, p.jana, id, nil); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("schedule: err = %v, want ErrForbidden", err)
		}
	})

	t.Run("accepted topics join the end of the agenda", func(t *testing.T) {
		for _, tid := range ts[:3] {
			if err := e.s.Decide(ctx, p.coordJMK, tid, true); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.s.Decide(ctx, p.coordJMK, ts[0], true); err != nil {
			t.Fatalf("accepting again: %v", err)
		}
		if got := topIDs(agenda(t)); !slices.Equal(got, ts[:3]) {
			t.Fatalf("agenda = %v", got)
		}
		log := e.topAudit(t, id, "meeting.accept")
		if len(log) != 3 || log[0].from != "proposed" || log[0].to != "accepted" || log[0].detail["topic"] != float64(ts[0]) || log[0].detail["title"] != "Téma 1" {
			t.Fatalf("audit = %+v", log)
		}
	})

	t.Run("declined topic leaves the agenda and the rest close up", func(t *testing.T) {
		if err := e.s.Decide(ctx, p.coordJMK, ts[1], false); err != nil {
			t.Fatal(err)
		}
		if got := topIDs(agenda(t)); !slices.Equal(got, []int64{ts[0], ts[2]}) {
			t.Fatalf("agenda = %v", got)
		}
		log := e.topAudit(t, id, "meeting.decline")
		if len(log) != 1 || log[0].from != "accepted" || log[0].to != "declined" {
			t.Fatalf("audit = %+v", log)
		}
		list, err := e.s.Topics(ctx, p.jana, id)
		if err != nil {
			t.Fatal(err)
		}
		if x := topFind(t, list, ts[1]); x.Status != "declined" || x.Position != nil {
			t.Fatalf("declined topic = %+v", x)
		}
		if err := e.s.Decide(ctx, p.coordJMK, ts[3], true); err != nil {
			t.Fatal(err)
		}
	})

	// The agenda is now ts[0], ts[2], ts[3].
	t.Run("schedule renumbers in the given order", func(t *testing.T) {
		err := e.s.Schedule(ctx, p.coordJMK, id, []meeting.Slot{
			{TopicID: ts[0], Position: 20, SlotStart: "10:30", SlotMinutes: "", Presenter: " Jana   Nováková "},
			{TopicID: ts[3], Position: 10, SlotStart: "9:00", SlotMinutes: "90"},
			{TopicID: ts[2], Position: 20, SlotStart: "", SlotMinutes: "30"},
		})
		if err != nil {
			t.Fatal(err)
		}
		list := agenda(t)
		// ts[0] and ts[2] tie at 20 and keep their order.
		if got := topIDs(list); !slices.Equal(got, []int64{ts[3], ts[0], ts[2]}) {
			t.Fatalf("agenda = %v", got)
		}
		if s := list[0]; *s.SlotStart != "09:00" || *s.SlotMinutes != 90 || s.Presenter != "" {
			t.Fatalf("first = %+v", s)
		}
		if s := list[1]; *s.SlotStart != "10:30" || s.SlotMinutes != nil || s.Presenter != "Jana Nováková" {
			t.Fatalf("second = %+v", s)
		}
		if s := list[2]; s.SlotStart != nil || *s.SlotMinutes != 30 {
			t.Fatalf("third = %+v", s)
		}
		if n := len(e.topAudit(t, id, "meeting.schedule")); n != 1 {
			t.Fatalf("schedule audit rows = %d", n)
		}
	})

	t.Run("invalid slot keeps nothing", func(t *testing.T) {
		before := agenda(t)
		err := e.s.Schedule(ctx, p.coordJMK, id, []meeting.Slot{
			{TopicID: ts[0], Position: 1, SlotStart: "25:00"},
			{TopicID: ts[2], Position: 2, SlotMinutes: "0"},
			{TopicID: ts[3], Position: 3, Presenter: strings.Repeat("ž", 201), SlotStart: "08:00"},
		})
		want := app.Invalid{
			fmt.Sprint("slot_start_", ts[0]):   "err.time",
			fmt.Sprint("slot_minutes_", ts[2]): "meeting.err.slot_minutes",
			fmt.Sprint("presenter_", ts[3]):    "err.too_long",
		}
		var v app.Invalid
		if !errors.As(err, &v) || !maps.Equal(v, want) {
			t.Fatalf("err = %v, want %v", err, want)
		}
		if b, a := topSlots(before), topSlots(agenda(t)); !slices.Equal(b, a) {
			t.Fatalf("agenda changed from %v to %v", b, a)
		}
		if n := len(e.topAudit(t, id, "meeting.schedule")); n != 1 {
			t.Fatalf("schedule audit rows = %d", n)
		}
	})

	t.Run("slot for a topic off the agenda is refused", func(t *testing.T) {
		if err := e.s.Schedule(ctx, p.coordJMK, id, []meeting.Slot{{TopicID: ts[1], Position: 1}}); !errors.Is(err, meeting.ErrNotOnAgenda) {
			t.Fatalf("err = %v, want ErrNotOnAgenda", err)
		}
	})

	t.Run("during the meeting a proposed topic can still be taken in", func(t *testing.T) {
		if err := e.s.Transition(ctx, p.coordJMK, id, meeting.Publish, meeting.Change{}); err != nil {
			t.Fatal(err)
		}
		e.clock.set(at(2026, time.December, 15, 9, 30))
		if err := e.s.Transition(ctx, p.coordJMK, id, meeting.Hold, meeting.Change{}); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Decide(ctx, p.coordJMK, ts[4], true); err != nil {
			t.Fatal(err)
		}
		if got := topIDs(agenda(t)); !slices.Equal(got, []int64{ts[3], ts[0], ts[2], ts[4]}) {
			t.Fatalf("agenda = %v", got)
		}
	})

	t.Run("approved minutes lock the agenda", func(t *testing.T) {
		if _, err := e.pool.Exec(ctx, `UPDATE meetings SET minutes_approved_at = now() WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Decide(ctx, p.coordJMK, ts[4], false); !errors.Is(err, meeting.ErrMinutesLocked) {
			t.Fatalf("decide: err = %v, want ErrMinutesLocked", err)
		}
		if err := e.s.Schedule(ctx, p.coordJMK, id, []meeting.Slot{{TopicID: ts[4], Position: 1}}); !errors.Is(err, meeting.ErrMinutesLocked) {
			t.Fatalf("schedule: err = %v, want ErrMinutesLocked", err)
		}
		if got := topIDs(agenda(t)); !slices.Equal(got, []int64{ts[3], ts[0], ts[2], ts[4]}) {
			t.Fatalf("agenda = %v", got)
		}
	})
}

// TestProposeRefusesPersonalData: a topic naming a client or a birth number is refused at
// its field and nothing is stored.
func TestProposeRefusesPersonalData(t *testing.T) {
	e := setup(t)
	id := e.open(t, input("Osobní údaje v tématech"))
	_, err := e.s.Propose(ctx, e.p.coordJMK, id, meeting.TopicInput{Title: "Rodina Novákových", Description: "Dítě Tomáš, RČ 045612/1236, neprospívá."})
	var inv app.Invalid
	if !errors.As(err, &inv) || inv["description"] != "meeting.err.personal_data" {
		t.Fatalf("err = %v, want personal data at the description", err)
	}
	var n int
	e.pool.QueryRow(ctx, `SELECT count(*) FROM topics WHERE meeting_id = $1`, id).Scan(&n)
	if n != 0 {
		t.Fatalf("%d topics stored", n)
	}
}
