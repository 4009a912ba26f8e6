package feedback

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/meeting"
)

// Pick names one text answer: the response and the question.
type Pick struct {
	ResponseID string
	QuestionID int64
}

// NextMeeting returns the next meeting of the series of form f's meeting that is not cancelled,
// or 0 when there is none.
func (s *Store) NextMeeting(ctx context.Context, f *Form) (int64, string, error) {
	return nextMeeting(ctx, s.pool, f)
}

func nextMeeting(ctx context.Context, q interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}, f *Form) (int64, string, error) {
	if f.MeetingID == nil || f.SeriesID == nil {
		return 0, "", nil
	}
	var id int64
	var title string
	err := q.QueryRow(ctx, `
		SELECT n.id, n.title FROM meetings m JOIN meetings n ON n.series_id = m.series_id AND n.starts_at > m.starts_at
		WHERE m.id = $1 AND n.status <> 'cancelled' ORDER BY n.starts_at LIMIT 1`, *f.MeetingID).Scan(&id, &title)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, "", nil
	}
	if err != nil {
		return 0, "", fmt.Errorf("feedback: next meeting after %d: %w", *f.MeetingID, err)
	}
	return id, title, nil
}

// Carry makes the picked "topics for next time" answers of form id proposed topics of the next
// meeting of the series, one topic per line, proposed by u on behalf of the participants. An
// answer goes once: answers carried before are skipped, so a double click adds nothing. It
// returns the next meeting's id and how many topics it proposed.
func (s *Store) Carry(ctx context.Context, u *auth.User, id int64, picks []Pick) (int64, int, error) {
	var next int64
	var n int
	err := s.edit(ctx, u, id, func(tx pgx.Tx, f *Form) error {
		var err error
		if next, _, err = nextMeeting(ctx, tx, f); err != nil {
			return err
		}
		if next == 0 {
			return ErrNoNextMeeting
		}
		var ins []meeting.TopicInput
		var carried []Pick
		for _, p := range picks {
			if !isUUID(p.ResponseID) {
				continue // not an answer of any form
			}
			var text string
			err := tx.QueryRow(ctx, `
				SELECT a.text FROM feedback_answers a JOIN feedback_responses r ON r.id = a.response_id
				JOIN feedback_questions q ON q.id = a.question_id
				WHERE r.id = $1 AND a.question_id = $2 AND r.form_id = $3 AND NOT a.carried
					AND q.kind IN ('short', 'long') AND a.text IS NOT NULL`, p.ResponseID, p.QuestionID, id).Scan(&text)
			if errors.Is(err, pgx.ErrNoRows) {
				continue // carried already, or not a text answer of this form
			}
			if err != nil {
				return fmt.Errorf("feedback: answer to carry: %w", err)
			}
			for _, line := range strings.Split(text, "\n") {
				if t := topicOf(line); t.Title != "" {
					ins = append(ins, t)
				}
			}
			carried = append(carried, p)
		}
		if len(carried) == 0 {
			return nil
		}
		if _, err := meeting.ProposeFor(ctx, tx, u, next, ins, map[string]any{"feedback": id}); err != nil {
			return err
		}
		for _, p := range carried {
			if _, err := tx.Exec(ctx, `UPDATE feedback_answers SET carried = true WHERE response_id = $1 AND question_id = $2`,
				p.ResponseID, p.QuestionID); err != nil {
				return fmt.Errorf("feedback: mark carried: %w", err)
			}
		}
		n = len(ins)
		return record(ctx, tx, u.ID, "feedback.carry", id, "", "", map[string]any{"meeting": next, "topics": n})
	})
	return next, n, err
}

// topicOf makes a topic of one line of an answer: a list marker is dropped, and a line too long
// for a title is cut, whole in the description.
func topicOf(line string) meeting.TopicInput {
	line = strings.TrimLeft(strings.TrimSpace(line), "-–•*· ")
	line = strings.Join(strings.Fields(line), " ")
	if utf8.RuneCountInString(line) <= meeting.MaxTopicTitle {
		return meeting.TopicInput{Title: line, Description: "Ze zpětné vazby účastníků."}
	}
	r := []rune(line)
	desc := line
	if len(r) > meeting.MaxTopicDescription {
		desc = string(r[:meeting.MaxTopicDescription-1]) + "…"
	}
	return meeting.TopicInput{Title: string(r[:meeting.MaxTopicTitle-1]) + "…", Description: desc}
}

// isUUID reports whether s is a response id as the pages write it (lower-case hex, dashed).
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch {
		case i == 8 || i == 13 || i == 18 || i == 23:
			if c != '-' {
				return false
			}
		case !('0' <= c && c <= '9' || 'a' <= c && c <= 'f'):
			return false
		}
	}
	return true
}
