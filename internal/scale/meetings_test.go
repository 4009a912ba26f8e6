package scale_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/meeting"
	"hnizdo.cz/hnizdo/internal/scale"
)

// check is a query that counts the rows breaking one rule; it must count none.
type check struct{ name, sql string }

func checkAll(t *testing.T, pool *pgxpool.Pool, checks []check) {
	t.Helper()
	for _, c := range checks {
		if n := count(t, pool, c.sql); n != 0 {
			t.Errorf("%s: %d", c.name, n)
		}
	}
}

// meetingRules are what the meeting store makes sure of, and the pages rely on.
var meetingRules = []check{
	{"votes beyond the allowance", `SELECT count(*) FROM (SELECT meeting_id, user_id, count(*) n FROM topic_votes GROUP BY 1, 2) x
		JOIN meetings m ON m.id = x.meeting_id WHERE x.n > m.vote_allowance`},
	{"votes of people not registered", `SELECT count(*) FROM topic_votes v WHERE NOT EXISTS (SELECT 1 FROM registrations g
		WHERE g.meeting_id = v.meeting_id AND g.user_id = v.user_id AND g.status IN ('registered', 'waiting'))`},
	{"votes of another meeting's topic", `SELECT count(*) FROM topic_votes v JOIN topics t ON t.id = v.topic_id WHERE t.meeting_id <> v.meeting_id`},
	{"votes after the deadline or before the topic", `SELECT count(*) FROM topic_votes v JOIN topics t ON t.id = v.topic_id
		JOIN meetings m ON m.id = v.meeting_id WHERE v.created_at > m.topics_by OR v.created_at < t.created_at`},
	{"votes for merged or spontaneous topics", `SELECT count(*) FROM topic_votes v JOIN topics t ON t.id = v.topic_id
		WHERE t.status = 'merged' OR t.spontaneous`},
	{"more registered than places", `SELECT count(*) FROM meetings m
		WHERE (SELECT count(*) FROM registrations g WHERE g.meeting_id = m.id AND g.status = 'registered') > m.capacity`},
	{"a waiting list with places free", `SELECT count(*) FROM meetings m
		WHERE EXISTS (SELECT 1 FROM registrations g WHERE g.meeting_id = m.id AND g.status = 'waiting')
		AND (SELECT count(*) FROM registrations g WHERE g.meeting_id = m.id AND g.status = 'registered') < m.capacity`},
	{"waiting ahead of the registered", `SELECT count(*) FROM registrations w JOIN registrations r ON r.meeting_id = w.meeting_id
		AND r.status = 'registered' WHERE w.status = 'waiting' AND w.queued_at < r.queued_at`},
	{"registrants of other regions", `SELECT count(*) FROM registrations g JOIN meetings m ON m.id = g.meeting_id
		JOIN users u ON u.id = g.user_id JOIN offices o ON o.id = u.office_id WHERE o.region_id <> m.region_id AND NOT m.open_to_all`},
	{"registrations after the deadline", `SELECT count(*) FROM registrations g JOIN meetings m ON m.id = g.meeting_id
		WHERE g.queued_at > m.register_by`},
	{"attendance of others than the registered, or before the meeting", `SELECT count(*) FROM registrations g
		JOIN meetings m ON m.id = g.meeting_id WHERE g.attended IS NOT NULL
		AND (g.status <> 'registered' OR m.status NOT IN ('held', 'feedback', 'closed'))`},
	{"drafts with registrations or topics", `SELECT count(*) FROM meetings m WHERE m.status = 'draft'
		AND (EXISTS (SELECT 1 FROM registrations g WHERE g.meeting_id = m.id) OR EXISTS (SELECT 1 FROM topics t WHERE t.meeting_id = m.id))`},
	{"an agenda without items", `SELECT count(*) FROM meetings m WHERE m.status IN ('agenda', 'held', 'feedback', 'closed')
		AND NOT EXISTS (SELECT 1 FROM topics t WHERE t.meeting_id = m.id AND t.status = 'accepted')`},
	{"agenda positions other than 1…n", `SELECT count(*) FROM (SELECT meeting_id, array_agg(position ORDER BY position) p, count(*) n
		FROM topics WHERE status = 'accepted' GROUP BY 1) x WHERE x.p <> (SELECT array_agg(i::int) FROM generate_series(1, x.n) i)`},
	{"positions or slots off the agenda", `SELECT count(*) FROM topics WHERE status <> 'accepted'
		AND (position IS NOT NULL OR slot_start IS NOT NULL OR slot_minutes IS NOT NULL)`},
	{"closed without approved minutes", `SELECT count(*) FROM meetings WHERE status = 'closed' AND minutes_approved_at IS NULL`},
	{"minutes approved before the meeting", `SELECT count(*) FROM meetings WHERE minutes_approved_at IS NOT NULL
		AND (status NOT IN ('held', 'feedback', 'closed') OR minutes_approved_at < ends_at OR minutes_approved_by IS NULL)`},
	{"approved minutes with open items", `SELECT count(*) FROM topics t JOIN meetings m ON m.id = t.meeting_id
		WHERE m.minutes_approved_at IS NOT NULL AND t.status = 'accepted' AND t.resolution = ''`},
	{"minutes before the meeting or off the agenda", `SELECT count(*) FROM topics t JOIN meetings m ON m.id = t.meeting_id
		WHERE (t.outcome <> '' OR t.resolution <> '' OR t.decisions <> '' OR t.spontaneous)
		AND (m.status NOT IN ('held', 'feedback', 'closed') OR t.status <> 'accepted')`},
	{"merged into another meeting's or a merged topic", `SELECT count(*) FROM topics t JOIN topics i ON i.id = t.merged_into
		WHERE i.meeting_id <> t.meeting_id OR i.status = 'merged'`},
	{"carried from what was not left unresolved before", `SELECT count(*) FROM topics t JOIN topics s ON s.id = t.carried_from
		JOIN meetings a ON a.id = s.meeting_id JOIN meetings b ON b.id = t.meeting_id
		WHERE a.series_id IS DISTINCT FROM b.series_id OR a.starts_at >= b.starts_at OR s.resolution <> 'unresolved'
		OR a.minutes_approved_at IS NULL OR b.status = 'cancelled'
		OR t.carried_votes <> s.carried_votes + (SELECT count(*) FROM topic_votes v WHERE v.topic_id = s.id)`},
	{"organisers who may not organise", `SELECT count(*) FROM meeting_organisers mo JOIN meetings m ON m.id = mo.meeting_id
		JOIN users u ON u.id = mo.user_id JOIN offices o ON o.id = u.office_id
		WHERE NOT ('admin' = ANY (u.roles) OR (o.region_id = m.region_id AND u.roles && ARRAY['methodologist', 'coordinator']))`},
	{"proposers not taking part", `SELECT count(*) FROM topics t WHERE t.carried_from IS NULL AND t.proposed_by IS NOT NULL
		AND NOT EXISTS (SELECT 1 FROM registrations g WHERE g.meeting_id = t.meeting_id AND g.user_id = t.proposed_by AND g.status <> 'cancelled')
		AND NOT EXISTS (SELECT 1 FROM meeting_organisers o WHERE o.meeting_id = t.meeting_id AND o.user_id = t.proposed_by)`},
	{"times out of order", `SELECT count(*) FROM meetings WHERE NOT (created_at <= updated_at AND updated_at <= now()
		AND topics_by <= starts_at AND register_by <= starts_at)`},
	{"held in the future, or still to be held in the past", `SELECT count(*) FROM meetings
		WHERE (status IN ('held', 'feedback', 'closed') AND starts_at > now()) OR (status IN ('draft', 'open', 'agenda') AND ends_at < now())`},
	{"topics from the future", `SELECT count(*) FROM topics WHERE updated_at > now() OR updated_at < created_at`},
}

func TestLoadMeetings(t *testing.T) {
	s := scale.Tiny()
	pool := load(t, s)
	ctx := context.Background()
	for _, c := range []struct {
		table string
		want  int
	}{{"meetings", s.Meetings}, {"topics", s.Topics}, {"topic_votes", s.Votes}} {
		if n := count(t, pool, `SELECT count(*) FROM `+c.table); n != c.want {
			t.Errorf("%s: %d, want %d", c.table, n, c.want)
		}
	}
	if n := count(t, pool, `SELECT count(DISTINCT region_id) FROM meetings`); n != 14 {
		t.Errorf("meetings in %d regions, want 14", n)
	}
	for _, st := range meeting.Statuses {
		if n := count(t, pool, `SELECT count(*) FROM meetings WHERE status = $1`, string(st)); n == 0 {
			t.Errorf("no meeting %s", st)
		}
	}
	if n := count(t, pool, `SELECT count(*) FROM meetings WHERE status IN ('held', 'feedback', 'closed')`); n < s.Meetings/2 {
		t.Errorf("only %d of %d meetings held", n, s.Meetings)
	}
	if n := count(t, pool, `SELECT count(*) FROM topics WHERE carried_from IS NOT NULL`); n == 0 {
		t.Error("no unresolved item carried to the next meeting")
	}
	checkAll(t, pool, meetingRules)
	// The foreign keys dropped for the load are back.
	if n := count(t, pool, `SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = 'topic_votes'::regclass`); n != 3 {
		t.Errorf("topic_votes has %d foreign keys, want 3", n)
	}

	people := auth.NewStore(pool, cheap)
	store := meeting.NewStore(pool)
	organiser := func(id int64) *auth.User {
		t.Helper()
		var uid int64
		if err := pool.QueryRow(ctx, `SELECT user_id FROM meeting_organisers WHERE meeting_id = $1 ORDER BY user_id LIMIT 1`, id).Scan(&uid); err != nil {
			t.Fatalf("organiser of %d: %v", id, err)
		}
		u, err := people.User(ctx, uid)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}

	// The pages of a past meeting with a carried item read what was generated.
	var id, carried, from int64
	if err := pool.QueryRow(ctx, `SELECT t.meeting_id, t.id, s.meeting_id FROM topics t JOIN topics s ON s.id = t.carried_from
		ORDER BY t.id LIMIT 1`).Scan(&id, &carried, &from); err != nil {
		t.Fatal(err)
	}
	u := organiser(id)
	m, err := store.Get(ctx, u, id)
	if err != nil {
		t.Fatal(err)
	}
	if want := count(t, pool, `SELECT count(*) FROM registrations WHERE meeting_id = $1 AND status = 'registered'`, id); int(m.Registered) != want {
		t.Errorf("meeting page: %d registered, want %d", m.Registered, want)
	}
	topics, err := store.Topics(ctx, u, id)
	if err != nil {
		t.Fatal(err)
	}
	votes := 0
	for _, x := range topics {
		votes += int(x.Votes)
		if n := count(t, pool, `SELECT count(*) FROM topic_votes WHERE topic_id = $1`, x.ID); int(x.Votes) != n {
			t.Errorf("topic %d: %d votes, want %d", x.ID, x.Votes, n)
		}
	}
	if want := count(t, pool, `SELECT count(*) FROM topics WHERE meeting_id = $1`, id); len(topics) != want {
		t.Errorf("topics page: %d topics, want %d", len(topics), want)
	}
	if want := count(t, pool, `SELECT count(*) FROM topic_votes WHERE meeting_id = $1`, id); votes != want {
		t.Errorf("topics page: %d votes, want %d", votes, want)
	}
	agenda, err := store.Agenda(ctx, u, id)
	if err != nil {
		t.Fatal(err)
	}
	for i, x := range agenda {
		if x.Position == nil || int(*x.Position) != i+1 {
			t.Errorf("agenda item %d at position %v", i+1, x.Position)
		}
	}
	history, err := store.History(ctx, carried)
	if err != nil {
		t.Fatal(err)
	}
	if len(history) == 0 || history[0].MeetingID != from || history[0].Resolution != meeting.Unresolved {
		t.Errorf("history of carried topic %d: %+v", carried, history)
	}
	regs, err := store.Registrations(ctx, u, id)
	if err != nil {
		t.Fatal(err)
	}
	if want := count(t, pool, `SELECT count(*) FROM registrations WHERE meeting_id = $1`, id); len(regs) != want {
		t.Errorf("participants: %d, want %d", len(regs), want)
	}
	var csv bytes.Buffer
	if err := meeting.WriteCSV(&csv, regs, "cs"); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(csv.String(), "\r\n"); lines != len(regs)+1 {
		t.Errorf("participant list has %d lines for %d people", lines, len(regs))
	}
	m, err = store.Get(ctx, u, id)
	if err != nil {
		t.Fatal(err)
	}
	events, err := store.Timeline(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) == 0 || events[0].Action != "meeting.create" {
		t.Errorf("timeline starts with %+v", events)
	}
	upcoming, past, err := store.Calendar(ctx, u, m.RegionID)
	if err != nil {
		t.Fatal(err)
	}
	if len(upcoming)+len(past) != count(t, pool, `SELECT count(*) FROM meetings WHERE region_id = $1`, m.RegionID) {
		t.Errorf("calendar of region %d: %d upcoming, %d past", m.RegionID, len(upcoming), len(past))
	}

	// A participant of the meeting open for topics votes through the store.
	var open, topic, voter int64
	if err := pool.QueryRow(ctx, `SELECT id FROM meetings WHERE status = 'open' AND topics_by > now() ORDER BY id LIMIT 1`).Scan(&open); err != nil {
		t.Fatal(err)
	}
	err = pool.QueryRow(ctx, `
		SELECT g.user_id, t.id FROM registrations g JOIN meetings m ON m.id = g.meeting_id
			JOIN topics t ON t.meeting_id = m.id AND t.status IN ('proposed', 'accepted')
		WHERE g.meeting_id = $1 AND g.status = 'registered'
			AND (SELECT count(*) FROM topic_votes v WHERE v.meeting_id = m.id AND v.user_id = g.user_id) < m.vote_allowance
			AND NOT EXISTS (SELECT 1 FROM topic_votes v WHERE v.topic_id = t.id AND v.user_id = g.user_id)
		ORDER BY 1, 2 LIMIT 1`, open).Scan(&voter, &topic)
	if err != nil {
		t.Fatalf("a participant of %d with a vote left: %v", open, err)
	}
	p, err := people.User(ctx, voter)
	if err != nil {
		t.Fatal(err)
	}
	before := count(t, pool, `SELECT count(*) FROM topic_votes WHERE topic_id = $1`, topic)
	if err := store.Vote(ctx, p, topic); err != nil {
		t.Fatalf("vote of %d for %d: %v", voter, topic, err)
	}
	if n := count(t, pool, `SELECT count(*) FROM topic_votes WHERE topic_id = $1`, topic); n != before+1 {
		t.Errorf("votes for %d: %d, want %d", topic, n, before+1)
	}

	// The organisers of a meeting just held finish its minutes and approve them.
	var held int64
	if err := pool.QueryRow(ctx, `SELECT id FROM meetings WHERE status = 'held' AND minutes_approved_at IS NULL
		ORDER BY starts_at DESC LIMIT 1`).Scan(&held); err != nil {
		t.Fatal(err)
	}
	o := organiser(held)
	items, err := store.Agenda(ctx, o, held)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range items {
		if x.Resolution != "" {
			continue
		}
		in := meeting.MinutesInput{Outcome: "Projednáno.", Resolution: meeting.Resolved, Version: x.MinutesVersion}
		if err := store.SaveMinutes(ctx, o, x.ID, in); err != nil {
			t.Fatalf("minutes of %d: %v", x.ID, err)
		}
	}
	if err := store.ApproveMinutes(ctx, o, held); err != nil {
		t.Fatalf("approve minutes of %d: %v", held, err)
	}
}
