package meeting_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/meeting"
)

// regRow is a registration as stored.
type regRow struct {
	status   string
	by       *int64
	attended *bool
}

// regOf reads user's registration for meeting id straight from the database; ok is false when
// there is no row.
func (e env) regOf(t *testing.T, id, user int64) (r regRow, ok bool) {
	t.Helper()
	rows, err := e.pool.Query(ctx, `SELECT status, registered_by, attended FROM registrations WHERE meeting_id = $1 AND user_id = $2`, id, user)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		return r, false
	}
	if err := rows.Scan(&r.status, &r.by, &r.attended); err != nil {
		t.Fatal(err)
	}
	return r, true
}

// regCounts counts the registrations of meeting id by status.
func (e env) regCounts(t *testing.T, id int64) map[string]int {
	t.Helper()
	rows, err := e.pool.Query(ctx, `SELECT status, count(*) FROM registrations WHERE meeting_id = $1 GROUP BY status`, id)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := map[string]int{}
	for rows.Next() {
		var s string
		var c int
		if err := rows.Scan(&s, &c); err != nil {
			t.Fatal(err)
		}
		n[s] = c
	}
	return n
}

// regAudit lists the users named in meeting id's audit rows of action, oldest first.
func (e env) regAudit(t *testing.T, id int64, action string) []int64 {
	t.Helper()
	rows, err := e.pool.Query(ctx, `SELECT (detail->>'user')::bigint FROM audit_log
		WHERE object_type = 'meeting' AND object_id = $1 AND action = $2 ORDER BY id`, id, action)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var users []int64
	for rows.Next() {
		var u int64
		if err := rows.Scan(&u); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	return users
}

// regMeeting opens a meeting with capacity places.
func (e env) regMeeting(t *testing.T, title string, capacity int) int64 {
	t.Helper()
	in := input(title)
	in.Capacity = fmt.Sprint(capacity)
	return e.open(t, in)
}

// regPeople adds n caseworkers in JMK offices.
func (e env) regPeople(t *testing.T, prefix string, n int) []*auth.User {
	t.Helper()
	offices := []string{"Městský úřad Šlapanice", "Magistrát města Brna", "Úřad městské části Brno-střed"}
	var us []*auth.User
	for i := range n {
		us = append(us, e.user(t, fmt.Sprintf("%s %02d", prefix, i+1), offices[i%len(offices)]))
	}
	return us
}

func TestRegister(t *testing.T) {
	e := setup(t)
	p := e.p

	t.Run("self registration is stored and recorded", func(t *testing.T) {
		id := e.regMeeting(t, "Sám za sebe", 10)
		st, err := e.s.Register(ctx, p.jana, id, p.jana.ID)
		if err != nil || st != meeting.Registered {
			t.Fatalf("Register = %q, %v", st, err)
		}
		r, ok := e.regOf(t, id, p.jana.ID)
		if !ok || r.status != meeting.Registered || r.by != nil {
			t.Fatalf("row = %+v, %v", r, ok)
		}
		if got := e.regAudit(t, id, "meeting.register"); !slices.Equal(got, []int64{p.jana.ID}) {
			t.Fatalf("audit users = %v", got)
		}
	})

	t.Run("head registers a colleague of the office", func(t *testing.T) {
		id := e.regMeeting(t, "Vedoucí přihlašuje", 10)
		st, err := e.s.Register(ctx, p.headSlap, id, p.petr.ID)
		if err != nil || st != meeting.Registered {
			t.Fatalf("Register = %q, %v", st, err)
		}
		r, ok := e.regOf(t, id, p.petr.ID)
		if !ok || r.status != meeting.Registered || r.by == nil || *r.by != p.headSlap.ID {
			t.Fatalf("row = %+v, %v", r, ok)
		}
		reg, err := e.s.RegistrationOf(ctx, id, p.petr.ID)
		if err != nil || reg == nil || reg.RegisteredByName != p.headSlap.Name || reg.OfficeName != "Městský úřad Šlapanice" {
			t.Fatalf("RegistrationOf = %+v, %v", reg, err)
		}
	})

	t.Run("caseworker registering a colleague is forbidden", func(t *testing.T) {
		id := e.regMeeting(t, "Kolegu ne", 10)
		if _, err := e.s.Register(ctx, p.jana, id, p.petr.ID); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("err = %v, want ErrForbidden", err)
		}
		if _, ok := e.regOf(t, id, p.petr.ID); ok {
			t.Fatal("a row was stored")
		}
	})

	t.Run("head registering someone of another office is forbidden", func(t *testing.T) {
		id := e.regMeeting(t, "Cizí úřad", 10)
		brno := e.user(t, "Karel Brněnský", "Magistrát města Brna")
		for _, who := range []int64{brno.ID, p.zamberk.ID, 1 << 40} {
			if _, err := e.s.Register(ctx, p.headSlap, id, who); !errors.Is(err, app.ErrForbidden) {
				t.Fatalf("user %d: err = %v, want ErrForbidden", who, err)
			}
		}
		if n := e.regCounts(t, id); len(n) != 0 {
			t.Fatalf("rows stored: %v", n)
		}
	})

	t.Run("head may not register an inactive colleague", func(t *testing.T) {
		id := e.regMeeting(t, "Neaktivní", 10)
		gone := e.user(t, "Odešlá Kolegyně", "Městský úřad Šlapanice")
		if _, err := e.pool.Exec(ctx, `UPDATE users SET active = false WHERE id = $1`, gone.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Register(ctx, p.headSlap, id, gone.ID); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("err = %v, want ErrForbidden", err)
		}
	})

	t.Run("after the deadline nothing is stored", func(t *testing.T) {
		id := e.regMeeting(t, "Po termínu", 10)
		e.clock.set(at(2026, time.December, 11, 0, 0))
		defer e.clock.set(at(2026, time.December, 1, 10, 0))
		if _, err := e.s.Register(ctx, p.jana, id, p.jana.ID); !errors.Is(err, meeting.ErrRegistrationOver) {
			t.Fatalf("err = %v, want ErrRegistrationOver", err)
		}
		if n := e.regCounts(t, id); len(n) != 0 {
			t.Fatalf("rows stored: %v", n)
		}
		if got := e.regAudit(t, id, "meeting.register"); len(got) != 0 {
			t.Fatalf("audit: %v", got)
		}
	})

	t.Run("draft is invisible and a cancelled meeting refuses", func(t *testing.T) {
		draft := e.create(t, input("Koncept"))
		if _, err := e.s.Register(ctx, p.jana, draft, p.jana.ID); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("draft: err = %v, want ErrNotFound", err)
		}
		id := e.regMeeting(t, "Zrušené", 10)
		if err := e.s.Transition(ctx, p.coordJMK, id, meeting.Cancel, meeting.Change{Reason: "Nemoc"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.Register(ctx, p.jana, id, p.jana.ID); !errors.Is(err, meeting.ErrWrongState) {
			t.Fatalf("cancelled: err = %v, want ErrWrongState", err)
		}
		if n := e.regCounts(t, draft); len(n) != 0 {
			t.Fatalf("rows stored: %v", n)
		}
	})

	t.Run("other region is refused unless open to all", func(t *testing.T) {
		id := e.regMeeting(t, "Jen JMK", 10)
		if _, err := e.s.Register(ctx, p.zamberk, id, p.zamberk.ID); !errors.Is(err, meeting.ErrOtherRegion) {
			t.Fatalf("err = %v, want ErrOtherRegion", err)
		}
		if _, ok := e.regOf(t, id, p.zamberk.ID); ok {
			t.Fatal("a row was stored")
		}
		in := input("Pro všechny kraje")
		in.OpenToAll = true
		all := e.open(t, in)
		if st, err := e.s.Register(ctx, p.zamberk, all, p.zamberk.ID); err != nil || st != meeting.Registered {
			t.Fatalf("open to all: %q, %v", st, err)
		}
	})

	t.Run("double registration changes nothing", func(t *testing.T) {
		id := e.regMeeting(t, "Dvojklik", 1)
		for _, u := range []*auth.User{p.jana, p.petr} {
			if _, err := e.s.Register(ctx, u, id, u.ID); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			u    *auth.User
			want string
		}{{p.jana, meeting.Registered}, {p.petr, meeting.Waiting}} {
			st, err := e.s.Register(ctx, c.u, id, c.u.ID)
			if err != nil || st != c.want {
				t.Fatalf("%s again: %q, %v, want %q", c.u.Name, st, err, c.want)
			}
		}
		if n := e.regCounts(t, id); n[meeting.Registered] != 1 || n[meeting.Waiting] != 1 {
			t.Fatalf("counts = %v", n)
		}
		if got := e.regAudit(t, id, "meeting.register"); len(got) != 2 {
			t.Fatalf("audit users = %v, want two", got)
		}
	})

	t.Run("registering again after cancelling joins the end of the queue", func(t *testing.T) {
		id := e.regMeeting(t, "Znovu", 1)
		us := e.regPeople(t, "Znovu", 3)
		for _, u := range us {
			if _, err := e.s.Register(ctx, u, id, u.ID); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.s.Unregister(ctx, us[1], id, us[1].ID); err != nil {
			t.Fatal(err)
		}
		if st, err := e.s.Register(ctx, us[1], id, us[1].ID); err != nil || st != meeting.Waiting {
			t.Fatalf("again: %q, %v", st, err)
		}
		for i, want := range []int{0, 2, 1} {
			r, err := e.s.RegistrationOf(ctx, id, us[i].ID)
			if err != nil || r.Position != want {
				t.Fatalf("%s: %+v, %v; want position %d", us[i].Name, r, err, want)
			}
		}
	})
}

// TestRegistrationRace registers 20 people at once for 5 places: exactly 5 get a place and
// the rest wait in one unbroken queue, which moves up in order when places free.
func TestRegistrationRace(t *testing.T) {
	e := setup(t)
	id := e.regMeeting(t, "Závod o místa", 5)
	us := e.regPeople(t, "Závodník", 20)

	got := make([]string, len(us))
	errs := make([]error, len(us))
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i, u := range us {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			got[i], errs[i] = e.s.Register(ctx, u, id, u.ID)
		}()
	}
	close(start)
	wg.Wait()

	t.Run("exactly capacity registered and the rest waiting", func(t *testing.T) {
		answered := map[string]int{}
		for i, err := range errs {
			if err != nil {
				t.Fatalf("%s: %v", us[i].Name, err)
			}
			answered[got[i]]++
		}
		if answered[meeting.Registered] != 5 || answered[meeting.Waiting] != 15 {
			t.Fatalf("answers = %v", answered)
		}
		if n := e.regCounts(t, id); n[meeting.Registered] != 5 || n[meeting.Waiting] != 15 || len(n) != 2 {
			t.Fatalf("stored = %v", n)
		}
		for i, u := range us {
			if r, _ := e.regOf(t, id, u.ID); r.status != got[i] {
				t.Fatalf("%s was told %q, stored %q", u.Name, got[i], r.status)
			}
		}
	})

	list, err := e.s.Registrations(ctx, e.p.coordJMK, id)
	if err != nil {
		t.Fatal(err)
	}
	var queue []meeting.Registration
	t.Run("waiting positions are 1 to 15 in queue order", func(t *testing.T) {
		for _, r := range list {
			if r.Status == meeting.Waiting {
				queue = append(queue, r)
			} else if r.Position != 0 {
				t.Fatalf("%s (%s) has position %d", r.Name, r.Status, r.Position)
			}
		}
		if len(queue) != 15 {
			t.Fatalf("waiting = %d", len(queue))
		}
		for i, r := range queue {
			if r.Position != i+1 {
				t.Fatalf("queue[%d] has position %d", i, r.Position)
			}
			if i > 0 && r.QueuedAt.Before(queue[i-1].QueuedAt) {
				t.Fatalf("queue out of order at %d", i)
			}
			one, err := e.s.RegistrationOf(ctx, id, r.UserID)
			if err != nil || one.Position != r.Position {
				t.Fatalf("RegistrationOf %s = %+v, %v", r.Name, one, err)
			}
		}
	})

	t.Run("cancelling two places promotes the first two waiting", func(t *testing.T) {
		var placed []int64
		for _, r := range list {
			if r.Status == meeting.Registered {
				placed = append(placed, r.UserID)
			}
		}
		// One cancels alone, the other is cancelled by an organiser.
		var self *auth.User
		for _, u := range us {
			if u.ID == placed[0] {
				self = u
			}
		}
		if err := e.s.Unregister(ctx, self, id, placed[0]); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Unregister(ctx, e.p.coordJMK, id, placed[1]); err != nil {
			t.Fatal(err)
		}
		want := []int64{queue[0].UserID, queue[1].UserID}
		if got := e.regAudit(t, id, "meeting.promote"); !slices.Equal(got, want) {
			t.Fatalf("promoted %v, want %v", got, want)
		}
		for _, u := range want {
			if r, _ := e.regOf(t, id, u); r.status != meeting.Registered {
				t.Fatalf("user %d is %s", u, r.status)
			}
		}
		if n := e.regCounts(t, id); n[meeting.Registered] != 5 || n[meeting.Waiting] != 13 || n["cancelled"] != 2 {
			t.Fatalf("stored = %v", n)
		}
		if got := e.regAudit(t, id, "meeting.unregister"); !slices.Equal(got, placed[:2]) {
			t.Fatalf("unregister audit = %v", got)
		}
		r, err := e.s.RegistrationOf(ctx, id, queue[2].UserID)
		if err != nil || r.Position != 1 {
			t.Fatalf("third in queue now %+v, %v", r, err)
		}
	})
}

// TestRegistrationChurn races cancellations against new registrations: the places never
// overflow and never stay free while someone waits.
func TestRegistrationChurn(t *testing.T) {
	e := setup(t)
	for round := range 3 {
		id := e.regMeeting(t, fmt.Sprintf("Fluktuace %d", round), 5)
		first := e.regPeople(t, fmt.Sprintf("Stálý %d", round), 10) // 5 placed, 5 waiting
		for _, u := range first {
			if _, err := e.s.Register(ctx, u, id, u.ID); err != nil {
				t.Fatal(err)
			}
		}
		late := e.regPeople(t, fmt.Sprintf("Nový %d", round), 10)
		leaving := append(slices.Clone(first[:3]), first[5:8]...) // three placed, three waiting
		start := make(chan struct{})
		var wg sync.WaitGroup
		errs := make(chan error, len(leaving)+len(late))
		for _, u := range leaving {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				errs <- e.s.Unregister(ctx, u, id, u.ID)
			}()
		}
		for _, u := range late {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, err := e.s.Register(ctx, u, id, u.ID)
				errs <- err
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		t.Run(fmt.Sprintf("round %d keeps capacity full and never over", round), func(t *testing.T) {
			n := e.regCounts(t, id)
			if n[meeting.Registered] != 5 || n[meeting.Waiting] != 9 || n["cancelled"] != 6 {
				t.Fatalf("stored = %v, want 5 registered, 9 waiting, 6 cancelled", n)
			}
			// Everyone placed from the queue was promoted once and keeps the place unless they left.
			promoted := e.regAudit(t, id, "meeting.promote")
			seen := map[int64]bool{}
			for _, u := range promoted {
				if seen[u] {
					t.Fatalf("user %d promoted twice", u)
				}
				seen[u] = true
				left := slices.ContainsFunc(leaving, func(l *auth.User) bool { return l.ID == u })
				if r, _ := e.regOf(t, id, u); r.status != meeting.Registered && !left {
					t.Fatalf("promoted user %d is %s", u, r.status)
				}
			}
		})
	}
}

func TestUnregister(t *testing.T) {
	e := setup(t)
	p := e.p

	t.Run("who may cancel whose registration", func(t *testing.T) {
		id := e.regMeeting(t, "Odhlášení", 10)
		brno := e.user(t, "Karel Brněnský", "Magistrát města Brna")
		for _, u := range []*auth.User{p.jana, p.petr, brno} {
			if _, err := e.s.Register(ctx, u, id, u.ID); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range []struct {
			name  string
			actor *auth.User
			who   *auth.User
		}{{"colleague", p.petr, p.jana}, {"head of another office", p.headSlap, brno}, {"other region's methodologist", p.metodikPAK, p.jana}} {
			if err := e.s.Unregister(ctx, c.actor, id, c.who.ID); !errors.Is(err, app.ErrForbidden) {
				t.Fatalf("%s: err = %v, want ErrForbidden", c.name, err)
			}
		}
		if n := e.regCounts(t, id); n[meeting.Registered] != 3 {
			t.Fatalf("stored = %v", n)
		}
		for _, c := range []struct{ actor, who *auth.User }{{p.jana, p.jana}, {p.headSlap, p.petr}, {p.metodikJMK, brno}} {
			if err := e.s.Unregister(ctx, c.actor, id, c.who.ID); err != nil {
				t.Fatalf("%s for %s: %v", c.actor.Name, c.who.Name, err)
			}
			if r, _ := e.regOf(t, id, c.who.ID); r.status != "cancelled" {
				t.Fatalf("%s is %s", c.who.Name, r.status)
			}
		}
		if got := e.regAudit(t, id, "meeting.unregister"); len(got) != 3 {
			t.Fatalf("audit = %v", got)
		}
	})

	t.Run("not registered is a no-op", func(t *testing.T) {
		id := e.regMeeting(t, "Nikdo", 10)
		if err := e.s.Unregister(ctx, p.jana, id, p.jana.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.s.Unregister(ctx, p.jana, id, p.jana.ID); err != nil { // twice
			t.Fatal(err)
		}
		if got := e.regAudit(t, id, "meeting.unregister"); len(got) != 0 {
			t.Fatalf("audit = %v", got)
		}
	})

	t.Run("leaving the waiting list promotes nobody", func(t *testing.T) {
		id := e.regMeeting(t, "Čekající odchází", 1)
		us := e.regPeople(t, "Fronta", 3)
		for _, u := range us {
			if _, err := e.s.Register(ctx, u, id, u.ID); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.s.Unregister(ctx, us[1], id, us[1].ID); err != nil {
			t.Fatal(err)
		}
		if got := e.regAudit(t, id, "meeting.promote"); len(got) != 0 {
			t.Fatalf("promoted %v", got)
		}
		if r, _ := e.s.RegistrationOf(ctx, id, us[2].ID); r.Position != 1 || r.Status != meeting.Waiting {
			t.Fatalf("last one now %+v", r)
		}
	})

	t.Run("after the meeting was held it is refused", func(t *testing.T) {
		id := e.regMeeting(t, "Proběhlo", 10)
		if _, err := e.s.Register(ctx, p.jana, id, p.jana.ID); err != nil {
			t.Fatal(err)
		}
		e.regHold(t, id)
		if err := e.s.Unregister(ctx, p.jana, id, p.jana.ID); !errors.Is(err, meeting.ErrWrongState) {
			t.Fatalf("err = %v, want ErrWrongState", err)
		}
		if r, _ := e.regOf(t, id, p.jana.ID); r.status != meeting.Registered {
			t.Fatalf("status = %s", r.status)
		}
	})
}

// regHold publishes meeting id's agenda and holds it, the clock moved to the meeting's day.
func (e env) regHold(t *testing.T, id int64) {
	t.Helper()
	if _, err := e.pool.Exec(ctx, `INSERT INTO topics (meeting_id, title, status, position) VALUES ($1, 'Téma', 'accepted', 1)`, id); err != nil {
		t.Fatal(err)
	}
	if err := e.s.Transition(ctx, e.p.coordJMK, id, meeting.Publish, meeting.Change{}); err != nil {
		t.Fatal(err)
	}
	e.clock.set(at(2026, time.December, 15, 14, 0))
	t.Cleanup(func() { e.clock.set(at(2026, time.December, 1, 10, 0)) })
	if err := e.s.Transition(ctx, e.p.coordJMK, id, meeting.Hold, meeting.Change{}); err != nil {
		t.Fatal(err)
	}
}

func TestMarkAttendance(t *testing.T) {
	e := setup(t)
	p := e.p
	id := e.regMeeting(t, "Docházka", 2)
	for _, u := range []*auth.User{p.jana, p.petr, p.headSlap} { // Eva waits
		if _, err := e.s.Register(ctx, u, id, u.ID); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("before the meeting is held it is refused", func(t *testing.T) {
		if err := e.s.MarkAttendance(ctx, p.coordJMK, id, []int64{p.jana.ID}); !errors.Is(err, meeting.ErrWrongState) {
			t.Fatalf("err = %v, want ErrWrongState", err)
		}
		if r, _ := e.regOf(t, id, p.jana.ID); r.attended != nil {
			t.Fatal("attendance stored")
		}
	})

	e.regHold(t, id)

	t.Run("participants may not mark attendance", func(t *testing.T) {
		for _, u := range []*auth.User{p.jana, p.headSlap, p.metodikPAK} {
			if err := e.s.MarkAttendance(ctx, u, id, []int64{p.jana.ID}); !errors.Is(err, app.ErrForbidden) {
				t.Fatalf("%s: err = %v, want ErrForbidden", u.Name, err)
			}
		}
	})

	t.Run("listed registered people attended and the others did not", func(t *testing.T) {
		// Eva is on the waiting list: listing her marks nothing.
		if err := e.s.MarkAttendance(ctx, p.coordJMK, id, []int64{p.jana.ID, p.headSlap.ID}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			u    *auth.User
			want *bool
		}{{p.jana, regPtr(true)}, {p.petr, regPtr(false)}, {p.headSlap, nil}} {
			r, _ := e.regOf(t, id, c.u.ID)
			if (r.attended == nil) != (c.want == nil) || (r.attended != nil && *r.attended != *c.want) {
				t.Fatalf("%s attended = %v, want %v", c.u.Name, r.attended, c.want)
			}
		}
		var detail map[string]int
		if err := e.pool.QueryRow(ctx, `SELECT detail FROM audit_log WHERE object_id = $1 AND action = 'meeting.attendance'
			ORDER BY id DESC LIMIT 1`, id).Scan(&detail); err != nil {
			t.Fatal(err)
		}
		if detail["present"] != 1 || detail["absent"] != 1 {
			t.Fatalf("detail = %v", detail)
		}
	})

	t.Run("marking again during feedback replaces the marks", func(t *testing.T) {
		if err := e.s.Transition(ctx, p.coordJMK, id, meeting.AskFeedback, meeting.Change{}); err != nil {
			t.Fatal(err)
		}
		if err := e.s.MarkAttendance(ctx, p.metodikJMK, id, []int64{p.petr.ID}); err != nil {
			t.Fatal(err)
		}
		if r, _ := e.regOf(t, id, p.jana.ID); r.attended == nil || *r.attended {
			t.Fatalf("jana attended = %v", r.attended)
		}
		if r, _ := e.regOf(t, id, p.petr.ID); r.attended == nil || !*r.attended {
			t.Fatalf("petr attended = %v", r.attended)
		}
	})

	t.Run("a closed meeting refuses", func(t *testing.T) {
		if _, err := e.pool.Exec(ctx, `UPDATE meetings SET status = 'closed', minutes_approved_at = now() WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		if err := e.s.MarkAttendance(ctx, p.coordJMK, id, nil); !errors.Is(err, meeting.ErrWrongState) {
			t.Fatalf("err = %v, want ErrWrongState", err)
		}
		if r, _ := e.regOf(t, id, p.petr.ID); r.attended == nil || !*r.attended {
			t.Fatalf("petr attended = %v", r.attended)
		}
	})
}

func regPtr[T any](v T) *T { return &v }

func TestRegistrationLists(t *testing.T) {
	e := setup(t)
	p := e.p
	id := e.regMeeting(t, "Seznam", 4)
	// Czech order: C < Č < H < Ch; byte order would put Č last and Ch before H.
	names := []string{"Chalupová Anna", "Dvořák Jan", "Čermák Ota", "Hora Pavel", "Cibulka Ivo", "Adámek Petr", "Bílá Eva"}
	us := map[string]*auth.User{}
	for _, n := range names {
		us[n] = e.user(t, n, "Městský úřad Šlapanice")
		if _, err := e.s.Register(ctx, us[n], id, us[n].ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.s.Unregister(ctx, us["Adámek Petr"], id, us["Adámek Petr"].ID); err != nil { // waiting → cancelled
		t.Fatal(err)
	}

	t.Run("organisers see registered by name, the queue, then cancelled", func(t *testing.T) {
		list, err := e.s.Registrations(ctx, p.metodikJMK, id)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range list {
			got = append(got, fmt.Sprintf("%s/%s/%d", r.Name, r.Status, r.Position))
		}
		want := []string{"Čermák Ota/registered/0", "Dvořák Jan/registered/0", "Hora Pavel/registered/0", "Chalupová Anna/registered/0",
			"Cibulka Ivo/waiting/1", "Bílá Eva/waiting/2", "Adámek Petr/cancelled/0"}
		if !slices.Equal(got, want) {
			t.Fatalf("list =\n%v\nwant\n%v", got, want)
		}
	})

	t.Run("participants may not list registrations", func(t *testing.T) {
		for _, u := range []*auth.User{p.jana, p.headSlap, p.metodikPAK} {
			if _, err := e.s.Registrations(ctx, u, id); !errors.Is(err, app.ErrForbidden) {
				t.Fatalf("%s: err = %v, want ErrForbidden", u.Name, err)
			}
		}
	})

	t.Run("registration of one person", func(t *testing.T) {
		r, err := e.s.RegistrationOf(ctx, id, us["Bílá Eva"].ID)
		if err != nil || r == nil || r.Status != meeting.Waiting || r.Position != 2 || r.Email != "Bílá Eva@x.cz" {
			t.Fatalf("RegistrationOf = %+v, %v", r, err)
		}
		if r, err := e.s.RegistrationOf(ctx, id, p.zamberk.ID); r != nil || err != nil {
			t.Fatalf("never registered: %+v, %v", r, err)
		}
	})

	t.Run("a head sees colleagues with their status", func(t *testing.T) {
		if _, err := e.s.Register(ctx, p.headSlap, id, p.jana.ID); err != nil {
			t.Fatal(err)
		}
		cs, err := e.s.Colleagues(ctx, p.headSlap, id)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, c := range cs {
			got[c.Name] = c.Status
		}
		if _, ok := got[p.headSlap.Name]; ok {
			t.Fatal("the head is listed")
		}
		for n, want := range map[string]string{p.jana.Name: meeting.Waiting, p.petr.Name: "", "Čermák Ota": meeting.Registered,
			"Adámek Petr": "", "Cibulka Ivo": meeting.Waiting} {
			if st, ok := got[n]; !ok || st != want {
				t.Fatalf("%s: %q (listed %v), want %q", n, st, ok, want)
			}
		}
		var order []string
		for _, c := range cs {
			order = append(order, c.Name)
		}
		want := []string{"Adámek Petr", "Bílá Eva", "Cibulka Ivo", "Čermák Ota", "Dvořák Jan", "Hora Pavel", "Chalupová Anna",
			p.jana.Name, p.petr.Name}
		if !slices.Equal(order, want) {
			t.Fatalf("colleagues =\n%v\nwant\n%v", order, want)
		}
	})

	t.Run("others get no colleagues", func(t *testing.T) {
		cs, err := e.s.Colleagues(ctx, p.jana, id)
		if err != nil || cs != nil {
			t.Fatalf("Colleagues = %v, %v", cs, err)
		}
	})
}

func TestWriteCSV(t *testing.T) {
	yes, no := true, false
	by := int64(7)
	regs := []meeting.Registration{
		{Name: "Jana Nováková", Email: "jana@x.cz", OfficeName: "Městský úřad Šlapanice", RegionName: "Jihomoravský kraj",
			Status: meeting.Registered, QueuedAt: time.Date(2026, 12, 2, 9, 5, 0, 0, time.UTC), Attended: &yes, RegisteredBy: &by},
		{Name: `=HYPERLINK("http://zlo.example";"klik")`, Email: "+420@x.cz", OfficeName: "-Úřad; s \"uvozovkami\"", RegionName: "@kraj",
			Status: meeting.Waiting, Position: 1, QueuedAt: time.Date(2026, 7, 1, 22, 30, 0, 0, time.UTC), Attended: &no},
		{Name: "\tTab", Email: "b@x.cz", OfficeName: "Úřad", RegionName: "Pardubický kraj", Status: "cancelled",
			QueuedAt: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC)},
	}

	t.Run("czech file opens in Excel and parses back", func(t *testing.T) {
		var buf bytes.Buffer
		if err := meeting.WriteCSV(&buf, regs, "cs"); err != nil {
			t.Fatal(err)
		}
		raw := buf.Bytes()
		if !bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}) {
			t.Fatalf("no BOM: % x", raw[:3])
		}
		if !strings.HasSuffix(buf.String(), "\r\n") || strings.Count(buf.String(), "\r\n") != 4 {
			t.Fatalf("line ends: %q", buf.String())
		}
		r := csv.NewReader(bytes.NewReader(raw[3:]))
		r.Comma = ';'
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := [][]string{
			{"Jméno", "E-mail", "Úřad", "Kraj", "Stav", "Přihlášen(a)", "Pořadí na čekací listině", "Účast"},
			{"Jana Nováková", "jana@x.cz", "Městský úřad Šlapanice", "Jihomoravský kraj", "přihlášen(a)", "2.12.2026 10:05", "", "ano"},
			{`'=HYPERLINK("http://zlo.example";"klik")`, "'+420@x.cz", "'-Úřad; s \"uvozovkami\"", "'@kraj", "čekací listina", "2.7.2026 00:30", "1", "ne"},
			{"'\tTab", "b@x.cz", "Úřad", "Pardubický kraj", "zrušeno", "2.1.2026 04:04", "", ""},
		}
		if len(rows) != len(want) {
			t.Fatalf("rows = %q", rows)
		}
		for i := range want {
			if !slices.Equal(rows[i], want[i]) {
				t.Fatalf("row %d = %q\nwant %q", i, rows[i], want[i])
			}
		}
	})

	t.Run("english header and words", func(t *testing.T) {
		var buf bytes.Buffer
		if err := meeting.WriteCSV(&buf, regs[:1], "en"); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF")))
		r.Comma = ';'
		rows, err := r.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if rows[0][0] != "Name" || rows[0][7] != "Attended" || rows[1][4] != "registered" || rows[1][7] != "yes" {
			t.Fatalf("rows = %q", rows)
		}
	})
}

// TestUnregisterTakesVotesBack: a participant who leaves while topics are collected no longer
// counts in the ranking; an organiser's own votes stay.
func TestUnregisterTakesVotesBack(t *testing.T) {
	e := setup(t)
	id := e.open(t, input("Hlasy odcházejících"))
	if _, err := e.s.Register(ctx, e.p.jana, id, e.p.jana.ID); err != nil {
		t.Fatal(err)
	}
	topic, err := e.s.Propose(ctx, e.p.jana, id, meeting.TopicInput{Title: "Spisová dokumentace"})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []*auth.User{e.p.jana, e.p.coordJMK} {
		if err := e.s.Vote(ctx, u, topic); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.s.Unregister(ctx, e.p.jana, id, e.p.jana.ID); err != nil {
		t.Fatal(err)
	}
	var voters []int64
	rows, _ := e.pool.Query(ctx, `SELECT user_id FROM topic_votes WHERE topic_id = $1`, topic)
	for rows.Next() {
		var v int64
		rows.Scan(&v)
		voters = append(voters, v)
	}
	if len(voters) != 1 || voters[0] != e.p.coordJMK.ID {
		t.Fatalf("voters after Jana left: %v, want only the coordinator %d", voters, e.p.coordJMK.ID)
	}
}
