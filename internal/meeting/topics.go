package meeting

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/pii"
)

// Topic is a topic proposed for a meeting; accepted topics are the agenda items and carry the
// minutes.
type Topic struct {
	ID           int64  `db:"id"`
	MeetingID    int64  `db:"meeting_id"`
	Title        string `db:"title"`
	Description  string `db:"description"`
	AreaID       *int16 `db:"area_id"`
	ProposedBy   *int64 `db:"proposed_by"`
	ProposerName string `db:"proposer_name"`
	// Status is "proposed", "accepted", "declined" or "merged".
	Status           string `db:"status"`
	MergedInto       *int64 `db:"merged_into"`
	MergedIntoTitle  string `db:"merged_into_title"`
	Spontaneous      bool   `db:"spontaneous"`
	CarriedFrom      *int64 `db:"carried_from"`
	CarriedMeetingID *int64 `db:"carried_meeting_id"` // the meeting it was carried from
	CarriedVotes     int32  `db:"carried_votes"`
	Position         *int32 `db:"position"`
	// SlotStart is the local start of the time slot, "HH:MM".
	SlotStart      *string   `db:"slot_start"`
	SlotMinutes    *int32    `db:"slot_minutes"`
	Presenter      string    `db:"presenter"`
	Outcome        string    `db:"outcome"`
	Decisions      string    `db:"decisions"`
	Resolution     string    `db:"resolution"`
	ForRegion      bool      `db:"for_region"`
	MinutesVersion int32     `db:"minutes_version"`
	Votes          int32     `db:"votes"` // votes given here, without the carried ones
	Mine           bool      `db:"mine"`  // the viewer voted for it
	CreatedAt      time.Time `db:"created_at"`
}

// ErrNotOnAgenda: a slot names a topic that is not (or no longer) on the agenda, usually
// because another organiser changed it since the form was loaded.
const ErrNotOnAgenda Refusal = "meeting.err.not_on_agenda"

// Limits on a topic's fields.
const (
	MaxTopicTitle       = 200
	MaxTopicDescription = 2000
	MaxPresenter        = 200
	MaxSlotMinutes      = 600
)

// TopicInput is a proposed topic as typed in the form.
type TopicInput struct {
	Title, Description string
	AreaID             int16 // 0 = none
}

// Clean trims the input and validates what it can without the database; problems come back
// as app.Invalid. Whether the area exists is checked when the topic is stored.
func (in *TopicInput) Clean() error { return in.clean().Err() }

func (in *TopicInput) clean() app.Invalid {
	v := app.Invalid{}
	in.Title = strings.Join(strings.Fields(in.Title), " ")
	in.Description = strings.TrimSpace(strings.ReplaceAll(in.Description, "\r\n", "\n"))
	switch {
	case in.Title == "":
		v.Add("title", "err.required")
	case utf8.RuneCountInString(in.Title) > MaxTopicTitle:
		v.Add("title", "err.too_long")
	}
	if utf8.RuneCountInString(in.Description) > MaxTopicDescription {
		v.Add("description", "err.too_long")
	}
	if in.AreaID < 0 {
		v.Add("area", "err.choose_area")
	}
	// Topics are read by everyone registered: no client may be recognisable in them.
	if len(pii.Scan(in.Title)) > 0 {
		v.Add("title", "meeting.err.personal_data")
	}
	if len(pii.Scan(in.Description)) > 0 {
		v.Add("description", "meeting.err.personal_data")
	}
	return v
}

const topicCols = `t.id, t.meeting_id, t.title, t.description, t.area_id, t.proposed_by,
	coalesce(pu.name, '') AS proposer_name, t.status, t.merged_into, coalesce(mt.title, '') AS merged_into_title,
	t.spontaneous, t.carried_from, cf.meeting_id AS carried_meeting_id, t.carried_votes, t.position, to_char(t.slot_start, 'HH24:MI') AS slot_start,
	t.slot_minutes, t.presenter, t.outcome, t.decisions, t.resolution, t.for_region, t.minutes_version,
	vc.votes, vc.mine, t.created_at`

// topicFrom needs the viewer's id as $2.
const topicFrom = ` FROM topics t LEFT JOIN users pu ON pu.id = t.proposed_by LEFT JOIN topics mt ON mt.id = t.merged_into
	LEFT JOIN topics cf ON cf.id = t.carried_from
	CROSS JOIN LATERAL (SELECT count(*)::int AS votes, coalesce(bool_or(v.user_id = $2), false) AS mine
		FROM topic_votes v WHERE v.topic_id = t.id) vc`

// Topics lists the topics of meeting id in the live ranking: proposed and accepted topics by
// votes (their own and the carried ones), oldest first among equals; then declined topics;
// merged topics last.
func (s *Store) Topics(ctx context.Context, u *auth.User, id int64) ([]Topic, error) {
	if _, err := s.Get(ctx, u, id); err != nil {
		return nil, err
	}
	return s.topics(ctx, `WHERE t.meeting_id = $1
		ORDER BY CASE t.status WHEN 'merged' THEN 2 WHEN 'declined' THEN 1 ELSE 0 END,
			vc.votes + t.carried_votes DESC, t.created_at, t.id`, id, u.ID)
}

// Agenda lists the accepted topics of meeting id in agenda order.
func (s *Store) Agenda(ctx context.Context, u *auth.User, id int64) ([]Topic, error) {
	if _, err := s.Get(ctx, u, id); err != nil {
		return nil, err
	}
	return s.topics(ctx, `WHERE t.meeting_id = $1 AND t.status = 'accepted' ORDER BY t.position NULLS LAST, t.id`, id, u.ID)
}

func (s *Store) topics(ctx context.Context, where string, id, viewer int64) ([]Topic, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+topicCols+topicFrom+` `+where, id, viewer)
	if err != nil {
		return nil, fmt.Errorf("meeting: topics of %d: %w", id, err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Topic])
	if err != nil {
		return nil, fmt.Errorf("meeting: topics of %d: %w", id, err)
	}
	return list, nil
}

// VotesLeft returns how many votes user gave to topics of meeting id and how many they may give.
func (s *Store) VotesLeft(ctx context.Context, id, user int64) (used, allowance int, err error) {
	err = s.pool.QueryRow(ctx, `
		SELECT (SELECT count(*) FROM topic_votes WHERE meeting_id = m.id AND user_id = $2), m.vote_allowance
		FROM meetings m WHERE m.id = $1`, id, user).Scan(&used, &allowance)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, 0, app.ErrNotFound
	}
	if err != nil {
		return 0, 0, fmt.Errorf("meeting: votes of %d in %d: %w", user, id, err)
	}
	return used, allowance, nil
}

// takesPart refuses u unless u organises m or is registered for it (the waiting list counts:
// they may still get a place and the programme is theirs too).
func takesPart(ctx context.Context, tx pgx.Tx, u *auth.User, m *Meeting) error {
	if IsOrganiser(u, m) {
		return nil
	}
	var ok bool
	err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM registrations
		WHERE meeting_id = $1 AND user_id = $2 AND status IN ('registered', 'waiting'))`, m.ID, u.ID).Scan(&ok)
	if err != nil {
		return fmt.Errorf("meeting: registration of %d in %d: %w", u.ID, m.ID, err)
	}
	if !ok {
		return ErrNotRegistered
	}
	return nil
}

// topicsOpen refuses when topics can no longer be proposed or voted on, telling a passed
// deadline from a wrong state.
func topicsOpen(m *Meeting, now time.Time) error {
	switch {
	case m.TopicsOpen(now):
		return nil
	case m.Status == Open:
		return ErrTopicsOver
	default:
		return ErrWrongState
	}
}

// Propose adds u's topic to meeting id and returns its id. Registered participants (also those
// waiting) and organisers propose, until the topics deadline.
func (s *Store) Propose(ctx context.Context, u *auth.User, id int64, in TopicInput) (int64, error) {
	var tid int64
	err := s.edit(ctx, u, id, func(tx pgx.Tx, m *Meeting) error {
		if err := takesPart(ctx, tx, u, m); err != nil {
			return err
		}
		if err := topicsOpen(m, s.now()); err != nil {
			return err
		}
		v := in.clean()
		var area *int16
		if in.AreaID > 0 {
			area = &in.AreaID
			var ok bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM areas WHERE id = $1)`, in.AreaID).Scan(&ok); err != nil {
				return fmt.Errorf("meeting: area %d: %w", in.AreaID, err)
			}
			if !ok {
				v.Add("area", "err.choose_area")
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `
			INSERT INTO topics (meeting_id, title, description, area_id, proposed_by)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, id, in.Title, in.Description, area, u.ID).Scan(&tid)
		if err != nil {
			return fmt.Errorf("meeting: propose in %d: %w", id, err)
		}
		return record(ctx, tx, u.ID, "meeting.propose", id, "", "proposed", map[string]any{"topic": tid, "title": in.Title})
	})
	if err != nil {
		return 0, err
	}
	return tid, nil
}

// ProposeFor proposes topics to meeting id on behalf of others, inside the caller's
// transaction tx: participants' "topics for next time" from feedback. Only organisers do it,
// and only while the meeting is being prepared (draft or open); the topics deadline does not
// apply, since the organisers decide about topics until they publish the agenda. source says
// where the topics came from, for the timeline.
func ProposeFor(ctx context.Context, tx pgx.Tx, u *auth.User, id int64, ins []TopicInput, source map[string]any) ([]int64, error) {
	m, err := load(ctx, tx, id, true)
	if err != nil {
		return nil, err
	}
	if !IsOrganiser(u, m) {
		return nil, app.ErrForbidden
	}
	if m.Status != Draft && m.Status != Open {
		return nil, ErrWrongState
	}
	ids := make([]int64, 0, len(ins))
	for _, in := range ins {
		if err := in.clean().Err(); err != nil {
			return nil, err
		}
		var tid int64
		if err := tx.QueryRow(ctx, `INSERT INTO topics (meeting_id, title, description, proposed_by)
			VALUES ($1, $2, $3, $4) RETURNING id`, id, in.Title, in.Description, u.ID).Scan(&tid); err != nil {
			return nil, fmt.Errorf("meeting: propose in %d: %w", id, err)
		}
		detail := map[string]any{"topic": tid, "title": in.Title}
		for k, v := range source {
			detail[k] = v
		}
		if err := record(ctx, tx, u.ID, "meeting.propose", id, "", "proposed", detail); err != nil {
			return nil, err
		}
		ids = append(ids, tid)
	}
	return ids, nil
}

// brief is what the changes need to know of a topic.
type brief struct {
	ID           int64   `db:"id"`
	Title        string  `db:"title"`
	Status       string  `db:"status"`
	CarriedVotes int32   `db:"carried_votes"`
	Position     *int32  `db:"position"`
	SlotStart    *string `db:"slot_start"`
	SlotMinutes  *int32  `db:"slot_minutes"`
	Presenter    string  `db:"presenter"`
}

// briefs reads the topics ids of meeting id, in no particular order; missing ones are left out.
func briefs(ctx context.Context, tx pgx.Tx, id int64, ids ...int64) ([]brief, error) {
	rows, err := tx.Query(ctx, `
		SELECT id, title, status, carried_votes, position, to_char(slot_start, 'HH24:MI') AS slot_start, slot_minutes, presenter
		FROM topics WHERE meeting_id = $1 AND id = ANY ($2)`, id, ids)
	if err != nil {
		return nil, fmt.Errorf("meeting: topics %v of %d: %w", ids, id, err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[brief])
	if err != nil {
		return nil, fmt.Errorf("meeting: topics %v of %d: %w", ids, id, err)
	}
	return list, nil
}

// topicIn runs fn on topic id with its meeting locked. The topic is read again under the lock,
// so fn sees what no concurrent change can alter before it commits.
func (s *Store) topicIn(ctx context.Context, u *auth.User, id int64, fn func(tx pgx.Tx, m *Meeting, t brief) error) error {
	mid, err := s.MeetingOfTopic(ctx, id)
	if err != nil {
		return err
	}
	return s.edit(ctx, u, mid, func(tx pgx.Tx, m *Meeting) error {
		list, err := briefs(ctx, tx, mid, id)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return app.ErrNotFound
		}
		return fn(tx, m, list[0])
	})
}

// Vote gives one of u's votes to topic id. Each participant has the meeting's allowance of
// votes, at most one per topic.
func (s *Store) Vote(ctx context.Context, u *auth.User, id int64) error {
	return s.topicIn(ctx, u, id, func(tx pgx.Tx, m *Meeting, t brief) error {
		if err := takesPart(ctx, tx, u, m); err != nil {
			return err
		}
		if err := topicsOpen(m, s.now()); err != nil {
			return err
		}
		if t.Status != "proposed" && t.Status != "accepted" {
			return ErrWrongState
		}
		// The meeting's row lock makes this count and the insert below one step: parallel votes
		// of one person cannot both see a free vote.
		var used int
		var mine bool
		err := tx.QueryRow(ctx, `
			SELECT count(*), coalesce(bool_or(topic_id = $3), false) FROM topic_votes WHERE meeting_id = $1 AND user_id = $2`,
			m.ID, u.ID, id).Scan(&used, &mine)
		if err != nil {
			return fmt.Errorf("meeting: votes of %d in %d: %w", u.ID, m.ID, err)
		}
		if mine {
			return ErrVotedAlready
		}
		if used >= int(m.VoteAllowance) {
			return ErrNoVotesLeft
		}
		tag, err := tx.Exec(ctx, `INSERT INTO topic_votes (topic_id, user_id, meeting_id) VALUES ($1, $2, $3)
			ON CONFLICT DO NOTHING`, id, u.ID, m.ID)
		if err != nil {
			return fmt.Errorf("meeting: vote of %d for %d: %w", u.ID, id, err)
		}
		if tag.RowsAffected() == 0 {
			return ErrVotedAlready
		}
		return record(ctx, tx, u.ID, "meeting.vote", m.ID, "", "", map[string]any{"topic": id})
	})
}

// Unvote withdraws u's vote from topic id, until the topics deadline. Withdrawing a vote that
// was not given does nothing. A vote for a declined topic may be withdrawn too, so declining
// a topic does not eat its voters' allowance.
func (s *Store) Unvote(ctx context.Context, u *auth.User, id int64) error {
	return s.topicIn(ctx, u, id, func(tx pgx.Tx, m *Meeting, t brief) error {
		if err := takesPart(ctx, tx, u, m); err != nil {
			return err
		}
		if err := topicsOpen(m, s.now()); err != nil {
			return err
		}
		if t.Status == "merged" {
			return ErrWrongState
		}
		tag, err := tx.Exec(ctx, `DELETE FROM topic_votes WHERE topic_id = $1 AND user_id = $2`, id, u.ID)
		if err != nil {
			return fmt.Errorf("meeting: unvote of %d for %d: %w", u.ID, id, err)
		}
		if tag.RowsAffected() == 0 {
			return nil
		}
		return record(ctx, tx, u.ID, "meeting.unvote", m.ID, "", "", map[string]any{"topic": id})
	})
}

// renumber closes the gaps in the agenda order of meeting id.
func renumber(ctx context.Context, tx pgx.Tx, id int64) error {
	_, err := tx.Exec(ctx, `
		UPDATE topics t SET position = r.n
		FROM (SELECT id, row_number() OVER (ORDER BY position NULLS LAST, id) AS n
			FROM topics WHERE meeting_id = $1 AND status = 'accepted') r
		WHERE t.id = r.id AND t.position IS DISTINCT FROM r.n`, id)
	if err != nil {
		return fmt.Errorf("meeting: renumber agenda of %d: %w", id, err)
	}
	return nil
}

// Merge merges topic dup of meeting id into topic into: the votes move to into without
// counting anyone twice (a person who voted for both gets one vote of allowance back), dup is
// marked merged and leaves the agenda. An accepted dup takes a proposed survivor into the
// agenda in its place.
func (s *Store) Merge(ctx context.Context, u *auth.User, id, dup, into int64) error {
	return s.edit(ctx, u, id, func(tx pgx.Tx, m *Meeting) error {
		if !IsOrganiser(u, m) {
			return app.ErrForbidden
		}
		if m.Status != Open && m.Status != Agenda {
			return ErrWrongState
		}
		bad := app.Invalid{"into": "meeting.err.merge"}
		if dup == into {
			return bad
		}
		list, err := briefs(ctx, tx, id, dup, into)
		if err != nil {
			return err
		}
		if len(list) != 2 {
			return bad
		}
		d, t := list[0], list[1]
		if d.ID != dup {
			d, t = t, d
		}
		for _, x := range list {
			if x.Status == "merged" || x.Status == "declined" {
				return bad
			}
		}
		tag, err := tx.Exec(ctx, `
			INSERT INTO topic_votes (topic_id, user_id, meeting_id, created_at)
			SELECT $2, user_id, meeting_id, created_at FROM topic_votes WHERE topic_id = $1
			ON CONFLICT DO NOTHING`, dup, into)
		if err != nil {
			return fmt.Errorf("meeting: move votes %d → %d: %w", dup, into, err)
		}
		moved := tag.RowsAffected()
		if _, err := tx.Exec(ctx, `DELETE FROM topic_votes WHERE topic_id = $1`, dup); err != nil {
			return fmt.Errorf("meeting: drop votes of %d: %w", dup, err)
		}
		if d.Status == "accepted" && t.Status == "proposed" {
			t.Status, t.Position, t.SlotStart, t.SlotMinutes = "accepted", d.Position, d.SlotStart, d.SlotMinutes
			if t.Presenter == "" {
				t.Presenter = d.Presenter
			}
		}
		_, err = tx.Exec(ctx, `
			UPDATE topics SET status = $2, position = $3, slot_start = $4::text::time, slot_minutes = $5, presenter = $6,
				carried_votes = greatest(carried_votes, $7), updated_at = now()
			WHERE id = $1`, into, t.Status, t.Position, t.SlotStart, t.SlotMinutes, t.Presenter, d.CarriedVotes)
		if err != nil {
			return fmt.Errorf("meeting: merge into %d: %w", into, err)
		}
		_, err = tx.Exec(ctx, `
			UPDATE topics SET status = 'merged', merged_into = $2, position = NULL, slot_start = NULL, slot_minutes = NULL,
				updated_at = now()
			WHERE id = $1`, dup, into)
		if err != nil {
			return fmt.Errorf("meeting: merge %d: %w", dup, err)
		}
		// Topics merged into dup earlier now point at where their votes ended up.
		if _, err := tx.Exec(ctx, `UPDATE topics SET merged_into = $2 WHERE merged_into = $1`, dup, into); err != nil {
			return fmt.Errorf("meeting: repoint merges of %d: %w", dup, err)
		}
		if t.Status == "accepted" && t.Position == nil {
			if _, err := tx.Exec(ctx, `UPDATE topics SET position = (SELECT coalesce(max(position), 0) + 1
				FROM topics WHERE meeting_id = $2 AND status = 'accepted') WHERE id = $1`, into, id); err != nil {
				return fmt.Errorf("meeting: place %d: %w", into, err)
			}
		}
		if err := renumber(ctx, tx, id); err != nil {
			return err
		}
		return record(ctx, tx, u.ID, "meeting.merge", id, d.Title, t.Title,
			map[string]any{"topic": dup, "into": into, "votes_moved": moved})
	})
}

// Decide accepts topic id into the agenda (at its end) or declines it. Organisers decide until
// the minutes are approved, so a topic can still be taken in during the meeting.
func (s *Store) Decide(ctx context.Context, u *auth.User, id int64, accept bool) error {
	return s.topicIn(ctx, u, id, func(tx pgx.Tx, m *Meeting, t brief) error {
		if !IsOrganiser(u, m) {
			return app.ErrForbidden
		}
		if m.Status != Open && m.Status != Agenda && m.Status != Held {
			return ErrWrongState
		}
		if m.MinutesLocked() {
			return ErrMinutesLocked
		}
		if t.Status == "merged" {
			return ErrWrongState
		}
		to, action := "declined", "meeting.decline"
		sql := `UPDATE topics SET status = 'declined', position = NULL, slot_start = NULL, slot_minutes = NULL,
			updated_at = now() WHERE id = $1 AND meeting_id = $2`
		if accept {
			to, action = "accepted", "meeting.accept"
			sql = `UPDATE topics SET status = 'accepted', updated_at = now(), position = (SELECT coalesce(max(position), 0) + 1
				FROM topics WHERE meeting_id = $2 AND status = 'accepted') WHERE id = $1`
		}
		if t.Status == to {
			return nil
		}
		if _, err := tx.Exec(ctx, sql, id, m.ID); err != nil {
			return fmt.Errorf("meeting: %s %d: %w", action, id, err)
		}
		if !accept {
			if err := renumber(ctx, tx, m.ID); err != nil {
				return err
			}
		}
		return record(ctx, tx, u.ID, action, m.ID, t.Status, to, map[string]any{"topic": id, "title": t.Title})
	})
}

// Slot is one agenda item as the organisers arrange it in the form.
type Slot struct {
	TopicID     int64
	Position    int    // order in the agenda; only the order matters
	SlotStart   string // local "HH:MM" or ""
	SlotMinutes string // "" or a number of minutes
	Presenter   string
}

// slot is a validated Slot.
type slot struct {
	Slot
	start   *string
	minutes *int32
	rank    int // place in the current agenda, for ties
}

// cleanSlots validates the slots; problems come back with the topic's id in the field key.
func cleanSlots(slots []Slot) ([]slot, error) {
	v := app.Invalid{}
	out := make([]slot, len(slots))
	for i, in := range slots {
		c := slot{Slot: in}
		key := func(f string) string { return f + "_" + strconv.FormatInt(in.TopicID, 10) }
		if st := strings.TrimSpace(in.SlotStart); st != "" {
			if t, err := time.Parse("15:04", st); err != nil {
				v.Add(key("slot_start"), "err.time")
			} else {
				f := t.Format("15:04")
				c.start = &f
			}
		}
		if mi := strings.TrimSpace(in.SlotMinutes); mi != "" {
			if n, err := strconv.Atoi(mi); err != nil || n < 1 || n > MaxSlotMinutes {
				v.Add(key("slot_minutes"), "meeting.err.slot_minutes")
			} else {
				n := int32(n)
				c.minutes = &n
			}
		}
		c.Presenter = strings.Join(strings.Fields(in.Presenter), " ")
		if utf8.RuneCountInString(c.Presenter) > MaxPresenter {
			v.Add(key("presenter"), "err.too_long")
		}
		out[i] = c
	}
	return out, v.Err()
}

// Schedule arranges the agenda of meeting id: the order, each item's time slot and presenter.
// The items are numbered 1..n in the order of their Position (ties keep the current order);
// accepted topics the slots leave out follow in their current order. Nothing is stored when
// any slot is invalid.
func (s *Store) Schedule(ctx context.Context, u *auth.User, id int64, slots []Slot) error {
	return s.edit(ctx, u, id, func(tx pgx.Tx, m *Meeting) error {
		if !IsOrganiser(u, m) {
			return app.ErrForbidden
		}
		if m.Status != Open && m.Status != Agenda && m.Status != Held {
			return ErrWrongState
		}
		if m.MinutesLocked() {
			return ErrMinutesLocked
		}
		list, err := cleanSlots(slots)
		if err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id FROM topics WHERE meeting_id = $1 AND status = 'accepted'
			ORDER BY position NULLS LAST, id`, id)
		if err != nil {
			return fmt.Errorf("meeting: agenda of %d: %w", id, err)
		}
		current, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return fmt.Errorf("meeting: agenda of %d: %w", id, err)
		}
		given := map[int64]bool{}
		for i := range list {
			r := slices.Index(current, list[i].TopicID)
			if r < 0 {
				return ErrNotOnAgenda
			}
			if given[list[i].TopicID] {
				return fmt.Errorf("meeting: topic %d scheduled twice: %w", list[i].TopicID, app.ErrConflict)
			}
			given[list[i].TopicID] = true
			list[i].rank = r
		}
		slices.SortStableFunc(list, func(a, b slot) int {
			return cmp.Or(cmp.Compare(a.Position, b.Position), cmp.Compare(a.rank, b.rank))
		})
		order := make([]int64, 0, len(current))
		for i, c := range list {
			_, err := tx.Exec(ctx, `
				UPDATE topics SET position = $2, slot_start = $3::text::time, slot_minutes = $4, presenter = $5, updated_at = now()
				WHERE id = $1`, c.TopicID, i+1, c.start, c.minutes, c.Presenter)
			if err != nil {
				return fmt.Errorf("meeting: schedule %d: %w", c.TopicID, err)
			}
			order = append(order, c.TopicID)
		}
		for _, tid := range current {
			if given[tid] {
				continue
			}
			order = append(order, tid)
			if _, err := tx.Exec(ctx, `UPDATE topics SET position = $2 WHERE id = $1`, tid, len(order)); err != nil {
				return fmt.Errorf("meeting: schedule %d: %w", tid, err)
			}
		}
		return record(ctx, tx, u.ID, "meeting.schedule", id, string(m.Status), string(m.Status), map[string]any{"order": order})
	})
}
