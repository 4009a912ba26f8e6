package demo_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db/dbtest"
	"hnizdo.cz/hnizdo/internal/demo"
	"hnizdo.cz/hnizdo/internal/pii"
)

func TestSeedMeetings(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	ctx := context.Background()
	h := auth.Hasher{MemoryKiB: 64, Time: 1, Threads: 1}
	if _, err := demo.Seed(ctx, pool, h); err != nil {
		t.Fatal(err)
	}

	count := func(t *testing.T, sql string, args ...any) int {
		t.Helper()
		var n int
		if err := pool.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		return n
	}
	strs := func(t *testing.T, sql string, args ...any) []string {
		t.Helper()
		rows, err := pool.Query(ctx, sql, args...)
		if err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		slices.Sort(out)
		return out
	}

	var june, october int64
	if err := pool.QueryRow(ctx, `
		SELECT id FROM meetings WHERE venue = 'Městský úřad Šlapanice' AND starts_at = '2018-06-15 09:00 Europe/Prague'`).Scan(&june); err != nil {
		t.Fatalf("the June 2018 meeting at Šlapanice: %v", err)
	}
	if err := pool.QueryRow(ctx, `
		SELECT id FROM meetings WHERE series_id = (SELECT series_id FROM meetings WHERE id = $1)
			AND starts_at >= '2018-10-01' AND starts_at < '2018-11-01'`, june).Scan(&october); err != nil {
		t.Fatalf("the October 2018 meeting of the series: %v", err)
	}

	t.Run("June meeting is closed with approved minutes", func(t *testing.T) {
		if n := count(t, `SELECT count(*) FROM meetings WHERE id = $1 AND status = 'closed' AND minutes_approved_at IS NOT NULL
			AND minutes_approved_by IS NOT NULL AND region_id = (SELECT id FROM regions WHERE slug = 'JHM')`, june); n != 1 {
			t.Error("the June meeting is not a closed JMK meeting with approved minutes")
		}
		if n := count(t, `SELECT count(*) FROM meeting_organisers o JOIN users u ON u.id = o.user_id
			WHERE o.meeting_id = $1 AND u.email IN ('sitar.jmk@hnizdo.test', 'metodik.jmk@hnizdo.test')`, june); n != 2 {
			t.Errorf("%d of the two JMK organisers organise it", n)
		}
	})

	t.Run("June had 40 participants from JMK offices, 38 came", func(t *testing.T) {
		if n := count(t, `SELECT count(*) FROM registrations WHERE meeting_id = $1 AND status = 'registered'`, june); n != 40 {
			t.Errorf("%d registered, want 40", n)
		}
		if n := count(t, `SELECT count(*) FROM registrations g JOIN users u ON u.id = g.user_id JOIN offices o ON o.id = u.office_id
			WHERE g.meeting_id = $1 AND o.region_id <> (SELECT region_id FROM meetings WHERE id = $1)`, june); n != 0 {
			t.Errorf("%d participants from outside JMK", n)
		}
		if n := count(t, `SELECT count(*) FROM registrations WHERE meeting_id = $1 AND attended`, june); n != 38 {
			t.Errorf("%d attended, want 38", n)
		}
		if n := count(t, `SELECT count(DISTINCT u.office_id) FROM registrations g JOIN users u ON u.id = g.user_id WHERE g.meeting_id = $1`, june); n < 20 {
			t.Errorf("participants from only %d offices", n)
		}
		if n := count(t, `SELECT count(*) FROM users WHERE email LIKE '%@demo.hnizdo.test' AND password_hash <> ''`); n != 0 {
			t.Errorf("%d participant accounts can sign in", n)
		}
	})

	t.Run("June agenda has the six areas and two spontaneous topics", func(t *testing.T) {
		got := strs(t, `SELECT a.slug FROM topics t JOIN areas a ON a.id = t.area_id
			WHERE t.meeting_id = $1 AND t.status = 'accepted' AND NOT t.spontaneous`, june)
		want := []string{"cooperation", "foster-care", "gdpr", "meetings", "support", "tools"}
		if !slices.Equal(got, want) {
			t.Errorf("agenda areas %v, want %v", got, want)
		}
		got = strs(t, `SELECT a.slug FROM topics t JOIN areas a ON a.id = t.area_id
			WHERE t.meeting_id = $1 AND t.status = 'accepted' AND t.spontaneous`, june)
		if !slices.Equal(got, []string{"files", "misdemeanours"}) {
			t.Errorf("spontaneous areas %v", got)
		}
		if n := count(t, `SELECT count(DISTINCT position) FROM topics WHERE meeting_id = $1 AND status = 'accepted'`, june); n != 8 {
			t.Errorf("%d distinct agenda positions, want 8", n)
		}
		if n := count(t, `SELECT count(*) FROM topics WHERE meeting_id = $1 AND status = 'accepted' AND NOT spontaneous
			AND (slot_start IS NULL OR presenter = '')`, june); n != 0 {
			t.Errorf("%d agenda items without a time slot or presenter", n)
		}
		if n := count(t, `SELECT count(*) FROM topics WHERE meeting_id = $1 AND status = 'accepted'
			AND (outcome = '' OR decisions = '' OR resolution = '')`, june); n != 0 {
			t.Errorf("%d items without minutes", n)
		}
		if n := count(t, `SELECT count(*) FROM topics WHERE meeting_id = $1 AND status = 'declined'`, june); n != 1 {
			t.Errorf("%d declined topics, want 1", n)
		}
		if n := count(t, `SELECT count(*) FROM topics t JOIN topics s ON s.id = t.merged_into
			WHERE t.meeting_id = $1 AND t.status = 'merged' AND s.meeting_id = $1 AND s.status = 'accepted'
			AND NOT EXISTS (SELECT 1 FROM topic_votes v WHERE v.topic_id = t.id)`, june); n != 1 {
			t.Errorf("%d topics merged into an agenda item with their votes moved, want 1", n)
		}
		if n := count(t, `SELECT count(*) FROM topic_actions a JOIN topics t ON t.id = a.topic_id WHERE t.meeting_id = $1 AND a.done`, june); n == 0 {
			t.Error("no follow-up action done")
		}
		if n := count(t, `SELECT count(*) FROM topic_actions a JOIN topics t ON t.id = a.topic_id WHERE t.meeting_id = $1 AND NOT a.done`, june); n == 0 {
			t.Error("every follow-up action done")
		}
	})

	t.Run("two June items stay unresolved, one a question for the region", func(t *testing.T) {
		if n := count(t, `SELECT count(*) FROM topics WHERE meeting_id = $1 AND resolution = 'unresolved'`, june); n != 2 {
			t.Errorf("%d unresolved, want 2", n)
		}
		if n := count(t, `SELECT count(*) FROM topics WHERE meeting_id = $1 AND resolution = 'unresolved' AND for_region`, june); n != 1 {
			t.Errorf("%d unresolved questions for the region, want 1", n)
		}
	})

	t.Run("October carries exactly the June unresolved items with their votes", func(t *testing.T) {
		got := strs(t, `SELECT carried_from::text FROM topics WHERE meeting_id = $1 AND carried_from IS NOT NULL`, october)
		want := strs(t, `SELECT id::text FROM topics WHERE meeting_id = $1 AND resolution = 'unresolved'`, june)
		if !slices.Equal(got, want) {
			t.Errorf("carried from %v, want the unresolved %v", got, want)
		}
		if n := count(t, `SELECT count(*) FROM topics t JOIN topics f ON f.id = t.carried_from
			WHERE t.meeting_id = $1 AND (t.carried_votes <> (SELECT count(*) FROM topic_votes v WHERE v.topic_id = f.id)
				OR t.status <> 'accepted' OR t.resolution <> 'resolved' OR t.title <> f.title)`, october); n != 0 {
			t.Errorf("%d carried topics without June's votes and title, or not accepted and resolved", n)
		}
		if n := count(t, `SELECT max(carried_votes) FROM topics WHERE meeting_id = $1`, october); n == 0 {
			t.Error("no carried topic brought votes")
		}
		if n := count(t, `SELECT count(*) FROM topics WHERE meeting_id = $1 AND title = 'Pravidelná setkávání OSPOD v kraji'
			AND status = 'accepted' AND decisions LIKE '%dvakrát ročně%'`, october); n != 1 {
			t.Error("no agenda item deciding to meet twice a year")
		}
		if n := count(t, `SELECT count(*) FROM meetings WHERE id = $1 AND status = 'closed' AND minutes_approved_at IS NOT NULL
			AND venue = 'Městský úřad Šlapanice'`, october); n != 1 {
			t.Error("October is not closed with approved minutes at Šlapanice")
		}
		if n := count(t, `SELECT count(*) FROM registrations WHERE meeting_id = $1 AND status = 'registered'`, october); n < 25 || n > 35 {
			t.Errorf("%d registered in October, want about 30", n)
		}
		if n := count(t, `SELECT count(*) FROM audit_log WHERE object_type = 'meeting' AND object_id = $1 AND action = 'meeting.carry'`, october); n != 2 {
			t.Errorf("%d meeting.carry entries, want 2", n)
		}
	})

	t.Run("every region has one upcoming open meeting", func(t *testing.T) {
		rows, err := pool.Query(ctx, `
			SELECT r.slug, count(m.id) FROM regions r LEFT JOIN meetings m ON m.region_id = r.id AND m.status = 'open'
				AND m.starts_at > now() + interval '20 days' AND m.starts_at < now() + interval '9 weeks'
				AND m.register_by > now() AND m.topics_by > now() AND m.vote_allowance = 3 AND m.capacity BETWEEN 30 AND 60
			GROUP BY r.slug`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		regions := 0
		for rows.Next() {
			var slug string
			var n int
			if err := rows.Scan(&slug, &n); err != nil {
				t.Fatal(err)
			}
			regions++
			if n != 1 {
				t.Errorf("%s has %d upcoming open meetings", slug, n)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if regions != 14 {
			t.Errorf("%d regions", regions)
		}
		if n := count(t, `SELECT count(*) FROM meetings WHERE starts_at > now()`); n != 14 {
			t.Errorf("%d future meetings, want 14", n)
		}
		if n := count(t, `SELECT count(*) FROM meetings m WHERE starts_at > now() AND NOT EXISTS (
			SELECT 1 FROM meeting_organisers o WHERE o.meeting_id = m.id)`); n != 0 {
			t.Errorf("%d upcoming meetings without organisers", n)
		}
		if n := count(t, `SELECT count(*) FROM meetings m WHERE starts_at > now() AND (SELECT count(*) FROM topics t
			WHERE t.meeting_id = m.id AND t.status = 'proposed') NOT BETWEEN 3 AND 5`); n != 0 {
			t.Errorf("%d upcoming meetings without 3 to 5 proposed topics", n)
		}
		if n := count(t, `SELECT count(*) FROM meetings m JOIN regions r ON r.id = m.region_id
			WHERE m.starts_at > now() AND r.slug IN ('JHM', 'PAK') AND NOT EXISTS (
				SELECT 1 FROM topic_votes v WHERE v.meeting_id = m.id)`); n != 0 {
			t.Errorf("%d upcoming meetings of JMK and PAK without votes", n)
		}
		if n := count(t, `SELECT count(*) FROM meetings WHERE starts_at > now() AND series_id = (SELECT series_id FROM meetings WHERE id = $1)`, june); n != 1 {
			t.Error("the upcoming JMK meeting is not the next of the OSPOD sobě series")
		}
	})

	t.Run("the Šlapanice caseworker is free to register for the JMK meeting", func(t *testing.T) {
		if n := count(t, `SELECT count(*) FROM registrations g JOIN meetings m ON m.id = g.meeting_id JOIN users u ON u.id = g.user_id
			WHERE m.starts_at > now() AND u.email = 'pracovnik.slapanice@hnizdo.test'`); n != 0 {
			t.Error("pracovnik.slapanice is registered for an upcoming meeting; a visitor could not register as her")
		}
		if n := count(t, `SELECT count(*) FROM registrations g JOIN meetings m ON m.id = g.meeting_id JOIN regions r ON r.id = m.region_id
			WHERE m.starts_at > now() AND r.slug = 'JHM' AND g.status = 'registered'`); n < 3 {
			t.Errorf("only %d registered for the upcoming JMK meeting", n)
		}
	})

	t.Run("no one votes beyond the allowance or without being there", func(t *testing.T) {
		if n := count(t, `SELECT count(*) FROM (SELECT v.meeting_id, v.user_id FROM topic_votes v GROUP BY 1, 2
			HAVING count(*) > (SELECT vote_allowance FROM meetings m WHERE m.id = v.meeting_id)) x`); n != 0 {
			t.Errorf("%d voters beyond the allowance", n)
		}
		if n := count(t, `SELECT count(*) FROM topic_votes v JOIN topics t ON t.id = v.topic_id WHERE t.meeting_id <> v.meeting_id
			OR NOT EXISTS (SELECT 1 FROM registrations g WHERE g.meeting_id = v.meeting_id AND g.user_id = v.user_id)`); n != 0 {
			t.Errorf("%d votes of people not registered for the meeting", n)
		}
	})

	t.Run("the June timeline reads as it happened", func(t *testing.T) {
		actions := strs(t, `SELECT DISTINCT action FROM audit_log WHERE object_type = 'meeting' AND object_id = $1`, june)
		for _, a := range []string{"meeting.create", "meeting.open", "meeting.propose", "meeting.merge", "meeting.accept",
			"meeting.publish", "meeting.hold", "meeting.spontaneous", "meeting.minutes", "meeting.approve_minutes",
			"meeting.feedback", "meeting.close"} {
			if !slices.Contains(actions, a) {
				t.Errorf("no %s in the timeline", a)
			}
		}
		var first string
		if err := pool.QueryRow(ctx, `SELECT action FROM audit_log WHERE object_type = 'meeting' AND object_id = $1 ORDER BY id LIMIT 1`,
			june).Scan(&first); err != nil || first != "meeting.create" {
			t.Errorf("the timeline starts with %q: %v", first, err)
		}
		var from, to time.Time
		if err := pool.QueryRow(ctx, `SELECT min(at), max(at) FROM audit_log WHERE object_type = 'meeting' AND object_id = $1`,
			june).Scan(&from, &to); err != nil {
			t.Fatal(err)
		}
		if from.Year() != 2018 || to.Year() != 2018 {
			t.Errorf("the timeline runs from %v to %v", from, to)
		}
		if n := count(t, `SELECT count(*) FROM (SELECT at < lag(at) OVER (PARTITION BY object_id ORDER BY id) AS back
			FROM audit_log WHERE object_type = 'meeting') a WHERE back`); n != 0 {
			t.Errorf("%d meeting entries earlier than the entry before them", n)
		}
		if n := count(t, `SELECT count(*) FROM audit_log WHERE object_type = 'meeting' AND at > now()`); n != 0 {
			t.Errorf("%d meeting entries in the future", n)
		}
		if n := count(t, `SELECT count(*) FROM audit_log a WHERE object_type = 'meeting' AND object_id = $1
			AND action IN ('meeting.open', 'meeting.publish', 'meeting.hold', 'meeting.feedback', 'meeting.close', 'meeting.approve_minutes')
			AND NOT EXISTS (SELECT 1 FROM meeting_organisers o WHERE o.meeting_id = $1 AND o.user_id = a.actor_id)`, june); n != 0 {
			t.Errorf("%d state changes by someone other than the organisers", n)
		}
	})

	// Presenters and owners of actions are staff and named on purpose; the rest must not name anyone.
	t.Run("the texts hold no personal data", func(t *testing.T) {
		rows, err := pool.Query(ctx, `
			SELECT title, description || ' ' || outcome || ' ' || decisions FROM topics
			UNION ALL SELECT title, description FROM meetings
			UNION ALL SELECT text, '' FROM topic_actions`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var title, text string
			if err := rows.Scan(&title, &text); err != nil {
				t.Fatal(err)
			}
			for _, f := range pii.Scan(title + "\n" + text) {
				t.Errorf("%q: %s %q (%s)", title, f.Kind, f.Text, f.Reason)
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("seeding again adds nothing", func(t *testing.T) {
		meetings := count(t, `SELECT count(*) FROM meetings`)
		users := count(t, `SELECT count(*) FROM users`)
		if n, err := demo.SeedMeetings(ctx, pool); err != nil || n != 0 {
			t.Errorf("SeedMeetings on a seeded database created %d: %v", n, err)
		}
		if _, err := demo.Seed(ctx, pool, h); err != nil {
			t.Fatal(err)
		}
		if n := count(t, `SELECT count(*) FROM meetings`); n != meetings {
			t.Errorf("%d meetings, had %d", n, meetings)
		}
		if n := count(t, `SELECT count(*) FROM users`); n != users {
			t.Errorf("%d users, had %d", n, users)
		}
	})
}

// TestSeedMeetingsCount: on a database with the people but no meetings, SeedMeetings creates the
// two 2018 meetings and one upcoming meeting per region, and reports them.
func TestSeedMeetingsCount(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	ctx := context.Background()
	if _, err := demo.Seed(ctx, pool, auth.Hasher{MemoryKiB: 64, Time: 1, Threads: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `DELETE FROM questions WHERE topic_id IS NOT NULL; DELETE FROM meetings; DELETE FROM meeting_series; DELETE FROM audit_log WHERE object_type = 'meeting'`); err != nil {
		t.Fatal(err)
	}
	n, err := demo.SeedMeetings(ctx, pool)
	if err != nil || n != 16 {
		t.Fatalf("created %d meetings, want 16: %v", n, err)
	}
	var got int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM meetings`).Scan(&got); err != nil || got != n {
		t.Fatalf("%d meetings in the database, reported %d: %v", got, n, err)
	}
}
