package meeting

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
)

// Limits on the minutes.
const (
	MaxMinutes = 10000 // outcome and decisions of one item, each
	MaxAction  = 500   // text of a follow-up action
	MaxOwner   = 200   // who does it
)

// Resolutions an agenda item may end with; "" while the minutes are being written.
const (
	Resolved   = "resolved"
	Unresolved = "unresolved"
)

// MinutesInput is the minutes of one agenda item as the organisers typed them.
type MinutesInput struct {
	Outcome    string
	Decisions  string
	Resolution string // "", Resolved or Unresolved
	ForRegion  bool   // a question only the regional office can answer
	Version    int32  // the item's minutes version the form was loaded at
}

// Clean trims the input and validates it; problems come back as app.Invalid.
func (in *MinutesInput) Clean() error {
	v := app.Invalid{}
	in.Outcome, in.Decisions = tidyText(in.Outcome), tidyText(in.Decisions)
	in.Resolution = strings.TrimSpace(in.Resolution)
	if utf8.RuneCountInString(in.Outcome) > MaxMinutes {
		v.Add("outcome", "err.too_long")
	}
	if utf8.RuneCountInString(in.Decisions) > MaxMinutes {
		v.Add("decisions", "err.too_long")
	}
	if in.Resolution != "" && in.Resolution != Resolved && in.Resolution != Unresolved {
		v.Add("resolution", "err.choose")
	}
	return v.Err()
}

// tidyText normalises a multi-line field as browsers send it.
func tidyText(s string) string { return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n")) }

// tidyLine normalises a one-line field.
func tidyLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// minutesOpen refuses when the minutes of m cannot change: approved, or not held yet.
func minutesOpen(m *Meeting) error {
	if m.MinutesLocked() {
		return ErrMinutesLocked
	}
	if m.Status != Held && m.Status != Feedback {
		return ErrWrongState
	}
	return nil
}

// lockItem locks topic id and checks that it is an agenda item of meeting m.
func lockItem(ctx context.Context, tx pgx.Tx, m *Meeting, id int64) (resolution string, version int32, err error) {
	var mid int64
	var status string
	err = tx.QueryRow(ctx, `SELECT meeting_id, status, resolution, minutes_version FROM topics WHERE id = $1 FOR UPDATE`, id).
		Scan(&mid, &status, &resolution, &version)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && mid != m.ID) {
		return "", 0, app.ErrNotFound
	}
	if err != nil {
		return "", 0, fmt.Errorf("meeting: topic %d: %w", id, err)
	}
	if status != "accepted" {
		return "", 0, ErrWrongState
	}
	return resolution, version, nil
}

// SaveMinutes stores u's minutes of agenda item topicID. in.Version must be the version the
// form was loaded at; otherwise ErrStale and nothing changes, so a second organiser cannot
// silently overwrite the first.
func (s *Store) SaveMinutes(ctx context.Context, u *auth.User, topicID int64, in MinutesInput) error {
	mid, err := s.MeetingOfTopic(ctx, topicID)
	if err != nil {
		return err
	}
	return s.edit(ctx, u, mid, func(tx pgx.Tx, m *Meeting) error {
		if !IsOrganiser(u, m) {
			return app.ErrForbidden
		}
		if err := minutesOpen(m); err != nil {
			return err
		}
		old, version, err := lockItem(ctx, tx, m, topicID)
		if err != nil {
			return err
		}
		if err := in.Clean(); err != nil {
			return err
		}
		if in.Version != version {
			return ErrStale
		}
		_, err = tx.Exec(ctx, `
			UPDATE topics SET outcome = $2, decisions = $3, resolution = $4, for_region = $5,
				minutes_version = minutes_version + 1, updated_at = now()
			WHERE id = $1`, topicID, in.Outcome, in.Decisions, in.Resolution, in.ForRegion)
		if err != nil {
			return fmt.Errorf("meeting: minutes of topic %d: %w", topicID, err)
		}
		if in.ForRegion && s.forRegion != nil {
			if _, err := s.forRegion(ctx, tx, u.ID, topicID); err != nil {
				return fmt.Errorf("meeting: question for the region from topic %d: %w", topicID, err)
			}
		}
		return record(ctx, tx, u.ID, "meeting.minutes", mid, old, in.Resolution,
			map[string]any{"topic": topicID, "version": version + 1})
	})
}

// AddSpontaneous adds an agenda item raised during meeting meetingID and returns its id. areaID
// 0 means no thematic area.
func (s *Store) AddSpontaneous(ctx context.Context, u *auth.User, meetingID int64, title, description string, areaID int16) (int64, error) {
	var id int64
	err := s.edit(ctx, u, meetingID, func(tx pgx.Tx, m *Meeting) error {
		if !IsOrganiser(u, m) {
			return app.ErrForbidden
		}
		if err := minutesOpen(m); err != nil {
			return err
		}
		// The same rules as a proposed topic, the personal-data guard included.
		in := TopicInput{Title: title, Description: description, AreaID: areaID}
		v := in.clean()
		title, description = in.Title, in.Description
		var area *int16
		if areaID != 0 {
			var ok bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM areas WHERE id = $1)`, areaID).Scan(&ok); err != nil {
				return fmt.Errorf("meeting: area %d: %w", areaID, err)
			}
			if !ok {
				v.Add("area", "err.choose_area")
			}
			area = &areaID
		}
		if err := v.Err(); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `
			INSERT INTO topics (meeting_id, title, description, area_id, proposed_by, status, spontaneous, position)
			VALUES ($1, $2, $3, $4, $5, 'accepted', true,
				(SELECT coalesce(max(position), 0) + 1 FROM topics WHERE meeting_id = $1 AND status = 'accepted'))
			RETURNING id`, meetingID, title, description, area, u.ID).Scan(&id)
		if err != nil {
			return fmt.Errorf("meeting: spontaneous topic in %d: %w", meetingID, err)
		}
		return record(ctx, tx, u.ID, "meeting.spontaneous", meetingID, "", "accepted",
			map[string]any{"topic": id, "title": title})
	})
	return id, err
}

// FollowUp is an action agreed under an agenda item.
type FollowUp struct {
	ID      int64      `db:"id"`
	TopicID int64      `db:"topic_id"`
	Text    string     `db:"text"`
	Owner   string     `db:"owner"`
	Due     *time.Time `db:"due"`
	Done    bool       `db:"done"`
}

// AddFollowUp adds a follow-up action to agenda item topicID. due is "YYYY-MM-DD" or empty.
func (s *Store) AddFollowUp(ctx context.Context, u *auth.User, topicID int64, actionText, owner, due string) error {
	mid, err := s.MeetingOfTopic(ctx, topicID)
	if err != nil {
		return err
	}
	return s.edit(ctx, u, mid, func(tx pgx.Tx, m *Meeting) error {
		if !IsOrganiser(u, m) {
			return app.ErrForbidden
		}
		if err := minutesOpen(m); err != nil {
			return err
		}
		if _, _, err := lockItem(ctx, tx, m, topicID); err != nil {
			return err
		}
		actionText, owner, due = tidyText(actionText), tidyLine(owner), strings.TrimSpace(due)
		v := app.Invalid{}
		switch {
		case actionText == "":
			v.Add("action_text", "err.required")
		case utf8.RuneCountInString(actionText) > MaxAction:
			v.Add("action_text", "err.too_long")
		}
		if utf8.RuneCountInString(owner) > MaxOwner {
			v.Add("action_owner", "err.too_long")
		}
		var day *time.Time
		if due != "" {
			if d, err := time.Parse(time.DateOnly, due); err != nil {
				v.Add("action_due", "err.date")
			} else {
				day = &d
			}
		}
		if err := v.Err(); err != nil {
			return err
		}
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO topic_actions (topic_id, text, owner, due) VALUES ($1, $2, $3, $4) RETURNING id`,
			topicID, actionText, owner, day).Scan(&id)
		if err != nil {
			return fmt.Errorf("meeting: follow-up of topic %d: %w", topicID, err)
		}
		return record(ctx, tx, u.ID, "meeting.followup", mid, "", "",
			map[string]any{"topic": topicID, "action": id, "text": actionText})
	})
}

// SetFollowUpDone ticks follow-up actionID off, or back on. Unlike the rest of the minutes this
// is allowed after approval and after the meeting is closed: the work happens afterwards.
func (s *Store) SetFollowUpDone(ctx context.Context, u *auth.User, actionID int64, done bool) error {
	mid, err := s.MeetingOfFollowUp(ctx, actionID)
	if err != nil {
		return err
	}
	return s.edit(ctx, u, mid, func(tx pgx.Tx, m *Meeting) error {
		if !IsOrganiser(u, m) {
			return app.ErrForbidden
		}
		if m.Status != Held && m.Status != Feedback && m.Status != Closed {
			return ErrWrongState
		}
		var topic int64
		var was bool
		err := tx.QueryRow(ctx, `SELECT topic_id, done FROM topic_actions WHERE id = $1 FOR UPDATE`, actionID).Scan(&topic, &was)
		if errors.Is(err, pgx.ErrNoRows) {
			return app.ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("meeting: follow-up %d: %w", actionID, err)
		}
		if was == done {
			return nil // a second click of the same box changes nothing and records nothing
		}
		if _, err := tx.Exec(ctx, `UPDATE topic_actions SET done = $2 WHERE id = $1`, actionID, done); err != nil {
			return fmt.Errorf("meeting: follow-up %d: %w", actionID, err)
		}
		return record(ctx, tx, u.ID, "meeting.followup_done", mid, "", "",
			map[string]any{"topic": topic, "action": actionID, "done": done})
	})
}

// FollowUps lists the follow-up actions of meeting meetingID by agenda item, oldest first. The
// caller checks that the user may see the meeting.
func (s *Store) FollowUps(ctx context.Context, meetingID int64) (map[int64][]FollowUp, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT a.id, a.topic_id, a.text, a.owner, a.due, a.done
		FROM topic_actions a JOIN topics t ON t.id = a.topic_id
		WHERE t.meeting_id = $1 ORDER BY a.topic_id, a.id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("meeting: follow-ups of %d: %w", meetingID, err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[FollowUp])
	if err != nil {
		return nil, fmt.Errorf("meeting: follow-ups of %d: %w", meetingID, err)
	}
	out := map[int64][]FollowUp{}
	for _, f := range list {
		out[f.TopicID] = append(out[f.TopicID], f)
	}
	return out, nil
}

// ApproveMinutes approves and locks the minutes of meeting meetingID. Every agenda item must
// end resolved or unresolved. The unresolved ones go on to the next meeting of the series if
// it is already planned; otherwise they follow when it is created.
func (s *Store) ApproveMinutes(ctx context.Context, u *auth.User, meetingID int64) error {
	return s.edit(ctx, u, meetingID, func(tx pgx.Tx, m *Meeting) error {
		if !IsOrganiser(u, m) {
			return app.ErrForbidden
		}
		if err := minutesOpen(m); err != nil {
			return err
		}
		var open int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM topics WHERE meeting_id = $1 AND status = 'accepted' AND resolution = ''`,
			meetingID).Scan(&open); err != nil {
			return fmt.Errorf("meeting: items of %d: %w", meetingID, err)
		}
		if open > 0 {
			return ErrUnresolved
		}
		_, err := tx.Exec(ctx, `UPDATE meetings SET minutes_approved_at = $2, minutes_approved_by = $3, updated_at = now() WHERE id = $1`,
			meetingID, s.now(), u.ID)
		if err != nil {
			return fmt.Errorf("meeting: approve minutes of %d: %w", meetingID, err)
		}
		if err := record(ctx, tx, u.ID, "meeting.approve_minutes", meetingID, string(m.Status), string(m.Status), nil); err != nil {
			return err
		}
		if m.SeriesID == nil {
			return nil
		}
		// Locking the next meeting keeps its votes and merges out of the way while its topics
		// grow; locks are taken earlier meeting first, as carryInto does, so they cannot deadlock.
		var next int64
		err = tx.QueryRow(ctx, `
			SELECT id FROM meetings
			WHERE series_id = $1 AND starts_at > $2 AND status IN ('draft', 'open', 'agenda')
			ORDER BY starts_at, id LIMIT 1 FOR UPDATE`, *m.SeriesID, m.StartsAt).Scan(&next)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("meeting: next of %d: %w", meetingID, err)
		}
		_, err = carryOver(ctx, tx, u.ID, meetingID, next)
		return err
	})
}

// carryOver copies the unresolved agenda items of meeting fromID into meeting toID as proposed
// topics, so voting on them goes on there, and returns how many it copied. An item already
// carried into a meeting that was not cancelled stays where it is, so running it again, or for
// another meeting of the series, never duplicates an item.
func carryOver(ctx context.Context, tx pgx.Tx, actor, fromID, toID int64) (int, error) {
	rows, err := tx.Query(ctx, `
		INSERT INTO topics (meeting_id, title, description, area_id, proposed_by, status, carried_from, carried_votes)
		SELECT $2, t.title, t.description, t.area_id, t.proposed_by, 'proposed', t.id,
			t.carried_votes + (SELECT count(*) FROM topic_votes v WHERE v.topic_id = t.id)
		FROM topics t
		WHERE t.meeting_id = $1 AND t.status = 'accepted' AND t.resolution = 'unresolved'
			AND NOT EXISTS (SELECT 1 FROM topics c JOIN meetings cm ON cm.id = c.meeting_id
				WHERE c.carried_from = t.id AND cm.status <> 'cancelled')
		ORDER BY t.position NULLS LAST, t.id
		ON CONFLICT (meeting_id, carried_from) DO NOTHING
		RETURNING id, carried_from`, fromID, toID)
	if err != nil {
		return 0, fmt.Errorf("meeting: carry %d into %d: %w", fromID, toID, err)
	}
	type pair struct {
		ID          int64 `db:"id"`
		CarriedFrom int64 `db:"carried_from"`
	}
	carried, err := pgx.CollectRows(rows, pgx.RowToStructByName[pair])
	if err != nil {
		return 0, fmt.Errorf("meeting: carry %d into %d: %w", fromID, toID, err)
	}
	for _, c := range carried {
		if err := record(ctx, tx, actor, "meeting.carry", toID, "", "proposed",
			map[string]any{"topic": c.ID, "from_topic": c.CarriedFrom, "from_meeting": fromID}); err != nil {
			return 0, err
		}
	}
	return len(carried), nil
}

// carryInto carries the unresolved items of the previous meeting of m's series into m, if its
// minutes are approved; if not, approving them will.
func carryInto(ctx context.Context, tx pgx.Tx, actor int64, m *Meeting) error {
	if m.SeriesID == nil {
		return nil
	}
	// The lock waits for an approval of the previous meeting that is under way, so the new
	// meeting cannot slip between the approval looking for it and this looking for the approval.
	var prev int64
	var approved bool
	err := tx.QueryRow(ctx, `
		SELECT id, minutes_approved_at IS NOT NULL FROM meetings
		WHERE series_id = $1 AND starts_at < $2 AND id <> $3 AND status <> 'cancelled'
		ORDER BY starts_at DESC, id DESC LIMIT 1 FOR UPDATE`, *m.SeriesID, m.StartsAt, m.ID).Scan(&prev, &approved)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("meeting: previous of %d: %w", m.ID, err)
	}
	if !approved {
		return nil
	}
	_, err = carryOver(ctx, tx, actor, prev, m.ID)
	return err
}

// Carried is one earlier meeting of a carried-over item: what happened to it there.
type Carried struct {
	FromTopicID  int64     `db:"from_topic_id"`
	MeetingID    int64     `db:"meeting_id"`
	MeetingTitle string    `db:"meeting_title"`
	StartsAt     time.Time `db:"starts_at"`
	Outcome      string    `db:"outcome"`
	Decisions    string    `db:"decisions"`
	Resolution   string    `db:"resolution"`
	Votes        int32     `db:"votes"` // the votes it got at that meeting
}

// History lists the earlier meetings topic topicID was carried over from, the most recent
// first; empty for a topic that was not carried over. The caller checks that the user may see
// the topic's meeting.
func (s *Store) History(ctx context.Context, topicID int64) ([]Carried, error) {
	rows, err := s.pool.Query(ctx, `
		WITH RECURSIVE chain (id, carried_from, depth) AS (
			SELECT p.id, p.carried_from, 1 FROM topics t JOIN topics p ON p.id = t.carried_from WHERE t.id = $1
			UNION ALL
			SELECT p.id, p.carried_from, c.depth + 1 FROM chain c JOIN topics p ON p.id = c.carried_from
			WHERE c.depth < 100
		)
		SELECT p.id AS from_topic_id, m.id AS meeting_id, m.title AS meeting_title, m.starts_at,
			p.outcome, p.decisions, p.resolution,
			(SELECT count(*) FROM topic_votes v WHERE v.topic_id = p.id)::int AS votes
		FROM chain c JOIN topics p ON p.id = c.id JOIN meetings m ON m.id = p.meeting_id
		ORDER BY c.depth`, topicID)
	if err != nil {
		return nil, fmt.Errorf("meeting: history of topic %d: %w", topicID, err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Carried])
	if err != nil {
		return nil, fmt.Errorf("meeting: history of topic %d: %w", topicID, err)
	}
	return list, nil
}
