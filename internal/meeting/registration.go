package meeting

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/sheet"
)

// Registration statuses.
const (
	Registered = "registered"
	Waiting    = "waiting"
	Withdrawn  = "cancelled" // the registration was cancelled; the row stays for the history
)

// Registration is one person's registration for a meeting.
type Registration struct {
	UserID           int64     `db:"user_id"`
	Name             string    `db:"name"`
	Email            string    `db:"email"`
	OfficeID         int64     `db:"office_id"`
	OfficeName       string    `db:"office_name"`
	RegionName       string    `db:"region_name"`
	Status           string    `db:"status"` // Registered, Waiting or Withdrawn
	QueuedAt         time.Time `db:"queued_at"`
	RegisteredBy     *int64    `db:"registered_by"` // the office head who registered them, if not themselves
	RegisteredByName string    `db:"registered_by_name"`
	Attended         *bool     `db:"attended"` // nil until the organisers mark attendance
	// Position is the place on the waiting list, from 1; 0 when not waiting.
	Position int `db:"position"`
}

// Current reports whether the registration counts: registered or on the waiting list.
func (r *Registration) Current() bool { return r.Status == Registered || r.Status == Waiting }

// registrant is the person being registered, as the database knows them.
type registrant struct {
	officeID int64
	regionID int16
}

// registrantOf loads active user id; ErrForbidden when there is none, so a head cannot probe
// for user ids outside the office.
func registrantOf(ctx context.Context, tx pgx.Tx, id int64) (*registrant, error) {
	var p registrant
	err := tx.QueryRow(ctx, `
		SELECT u.office_id, o.region_id FROM users u JOIN offices o ON o.id = u.office_id
		WHERE u.id = $1 AND u.active`, id).Scan(&p.officeID, &p.regionID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, app.ErrForbidden
	}
	if err != nil {
		return nil, fmt.Errorf("meeting: registrant %d: %w", id, err)
	}
	return &p, nil
}

// statusOf returns user's registration status for meeting id, "" when there is no row.
func statusOf(ctx context.Context, tx pgx.Tx, id, user int64) (string, error) {
	var st string
	err := tx.QueryRow(ctx, `SELECT status FROM registrations WHERE meeting_id = $1 AND user_id = $2`, id, user).Scan(&st)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("meeting: registration of %d in %d: %w", user, id, err)
	}
	return st, nil
}

// Register registers user userID for meeting meetingID on u's behalf and returns the resulting
// status: Registered while places are free, Waiting after that. u registers themselves, or as
// an office head an active colleague of the same office; anyone else gets ErrForbidden.
// A meeting not open for registration (draft, held, cancelled, ...) answers ErrWrongState,
// one past its registration deadline ErrRegistrationOver, a registrant from another region of
// a meeting not open to all ErrOtherRegion. Registering someone already registered or waiting
// changes nothing and returns their status, so a double click is harmless.
func (s *Store) Register(ctx context.Context, u *auth.User, meetingID, userID int64) (string, error) {
	var status string
	err := s.edit(ctx, u, meetingID, func(tx pgx.Tx, m *Meeting) error {
		p, err := registrantOf(ctx, tx, userID)
		if err != nil {
			return err
		}
		if userID != u.ID && !(u.Has(auth.Head) && p.officeID == u.OfficeID) {
			return app.ErrForbidden
		}
		if m.Status != Open && m.Status != Agenda {
			return ErrWrongState
		}
		if !m.RegistrationOpen(s.now()) {
			return ErrRegistrationOver
		}
		if !MayAttend(&auth.User{RegionID: p.regionID}, m) {
			return ErrOtherRegion
		}
		cur, err := statusOf(ctx, tx, meetingID, userID)
		if err != nil {
			return err
		}
		if cur == Registered || cur == Waiting {
			status = cur
			return nil
		}
		// Counted afresh rather than taken from m: m's counts come from the snapshot taken before
		// this transaction got the meeting's lock, and miss registrations committed meanwhile.
		var taken int32
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM registrations WHERE meeting_id = $1 AND status = 'registered'`,
			meetingID).Scan(&taken); err != nil {
			return fmt.Errorf("meeting: count registrations of %d: %w", meetingID, err)
		}
		status = Waiting
		if taken < m.Capacity {
			status = Registered
		}
		var by *int64
		if userID != u.ID {
			by = &u.ID
		}
		_, err = tx.Exec(ctx, `
			INSERT INTO registrations (meeting_id, user_id, status, registered_by) VALUES ($1, $2, $3, $4)
			ON CONFLICT (meeting_id, user_id) DO UPDATE SET status = excluded.status, queued_at = clock_timestamp(),
				registered_by = excluded.registered_by, attended = NULL, updated_at = now()`,
			meetingID, userID, status, by)
		if err != nil {
			return fmt.Errorf("meeting: register %d in %d: %w", userID, meetingID, err)
		}
		return record(ctx, tx, u.ID, "meeting.register", meetingID, "", status, map[string]any{"user": userID})
	})
	if err != nil {
		return "", err
	}
	return status, nil
}

// Unregister cancels userID's registration for meeting meetingID. The person themselves, the
// head of their office or an organiser may do it, while the meeting is open or its agenda
// published (also past the registration deadline, so places still free up for the waiting
// list); later ErrWrongState. A freed place goes to the first on the waiting list. Someone not
// registered is a no-op.
func (s *Store) Unregister(ctx context.Context, u *auth.User, meetingID, userID int64) error {
	return s.edit(ctx, u, meetingID, func(tx pgx.Tx, m *Meeting) error {
		if userID != u.ID && !IsOrganiser(u, m) {
			if !u.Has(auth.Head) {
				return app.ErrForbidden
			}
			var office int64
			err := tx.QueryRow(ctx, `SELECT office_id FROM users WHERE id = $1`, userID).Scan(&office)
			if errors.Is(err, pgx.ErrNoRows) || (err == nil && office != u.OfficeID) {
				return app.ErrForbidden
			}
			if err != nil {
				return fmt.Errorf("meeting: office of %d: %w", userID, err)
			}
		}
		if m.Status != Open && m.Status != Agenda {
			return ErrWrongState
		}
		cur, err := statusOf(ctx, tx, meetingID, userID)
		if err != nil {
			return err
		}
		if cur != Registered && cur != Waiting {
			return nil
		}
		if _, err := tx.Exec(ctx, `
			UPDATE registrations SET status = 'cancelled', updated_at = now() WHERE meeting_id = $1 AND user_id = $2`,
			meetingID, userID); err != nil {
			return fmt.Errorf("meeting: unregister %d from %d: %w", userID, meetingID, err)
		}
		// Votes count only for participants: while topics are collected, leaving takes them back
		// (organisers vote by their role and keep theirs). After collection the ranking stays.
		withdrawn := int64(0)
		if m.TopicsOpen(s.now()) {
			tag, err := tx.Exec(ctx, `DELETE FROM topic_votes WHERE meeting_id = $1 AND user_id = $2
				AND NOT EXISTS (SELECT 1 FROM users u JOIN offices o ON o.id = u.office_id WHERE u.id = $2 AND `+mayOrganise("$3")+`)`,
				meetingID, userID, m.RegionID)
			if err != nil {
				return fmt.Errorf("meeting: votes of %d in %d: %w", userID, meetingID, err)
			}
			withdrawn = tag.RowsAffected()
		}
		if err := record(ctx, tx, u.ID, "meeting.unregister", meetingID, cur, Withdrawn,
			map[string]any{"user": userID, "votes_withdrawn": withdrawn}); err != nil {
			return err
		}
		if cur == Registered {
			return promote(ctx, tx, u.ID, meetingID, m.Capacity)
		}
		return nil
	})
}

// registrationsSQL lists the registrations of meeting $1 with each one's place on the waiting
// list, in the order promote takes them.
const registrationsSQL = `
	WITH q AS (
		SELECT g.*, CASE WHEN g.status = 'waiting'
			THEN row_number() OVER (PARTITION BY g.status ORDER BY g.queued_at, g.user_id) ELSE 0 END AS position
		FROM registrations g WHERE g.meeting_id = $1)
	SELECT q.user_id, u.name, u.email, u.office_id, o.name AS office_name, r.name AS region_name, q.status,
		q.queued_at, q.registered_by, coalesce(b.name, '') AS registered_by_name, q.attended, q.position::int AS position
	FROM q JOIN users u ON u.id = q.user_id JOIN offices o ON o.id = u.office_id JOIN regions r ON r.id = o.region_id
		LEFT JOIN users b ON b.id = q.registered_by`

// Registrations lists the registrations of meeting meetingID for its organisers: the
// registered by name, then the waiting list in queue order, then the cancelled by name.
func (s *Store) Registrations(ctx context.Context, u *auth.User, meetingID int64) ([]Registration, error) {
	m, err := s.Get(ctx, u, meetingID)
	if err != nil {
		return nil, err
	}
	if !IsOrganiser(u, m) {
		return nil, app.ErrForbidden
	}
	rows, err := s.pool.Query(ctx, registrationsSQL+`
		ORDER BY CASE q.status WHEN 'registered' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, q.position,
			u.name COLLATE "cs-CZ-x-icu", q.user_id`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("meeting: registrations of %d: %w", meetingID, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Registration])
}

// RegistrationOf returns userID's registration for meeting meetingID, cancelled ones
// included, or nil when they never registered. It checks no permission: callers ask about the
// signed-in user or a meeting they may see.
func (s *Store) RegistrationOf(ctx context.Context, meetingID, userID int64) (*Registration, error) {
	rows, err := s.pool.Query(ctx, registrationsSQL+` WHERE q.user_id = $2`, meetingID, userID)
	if err != nil {
		return nil, fmt.Errorf("meeting: registration of %d in %d: %w", userID, meetingID, err)
	}
	r, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Registration])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("meeting: registration of %d in %d: %w", userID, meetingID, err)
	}
	return r, nil
}

// Colleague is a person an office head may register, with their current registration.
type Colleague struct {
	ID     int64  `db:"id"`
	Name   string `db:"name"`
	Status string `db:"status"` // Registered, Waiting, or "" when not registered
}

// Colleagues lists, for an office head, the other active people of the head's office with
// their registration for meeting meetingID, by name. Others get nil.
func (s *Store) Colleagues(ctx context.Context, u *auth.User, meetingID int64) ([]Colleague, error) {
	if !u.Has(auth.Head) {
		return nil, nil
	}
	if _, err := s.Get(ctx, u, meetingID); err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `
		SELECT u.id, u.name, coalesce(g.status, '') AS status
		FROM users u LEFT JOIN registrations g ON g.meeting_id = $3 AND g.user_id = u.id AND g.status <> 'cancelled'
		WHERE u.office_id = $1 AND u.id <> $2 AND u.active
		ORDER BY u.name COLLATE "cs-CZ-x-icu", u.id`, u.OfficeID, u.ID, meetingID)
	if err != nil {
		return nil, fmt.Errorf("meeting: colleagues of %d: %w", u.ID, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Colleague])
}

// MarkAttendance records, for the organisers, who of the registered came to meeting meetingID:
// those in attended did, every other registered person did not. Ids of people not registered
// are ignored. Only after the meeting is held and until it is closed; otherwise ErrWrongState.
func (s *Store) MarkAttendance(ctx context.Context, u *auth.User, meetingID int64, attended []int64) error {
	return s.edit(ctx, u, meetingID, func(tx pgx.Tx, m *Meeting) error {
		if !IsOrganiser(u, m) {
			return app.ErrForbidden
		}
		if m.Status != Held && m.Status != Feedback {
			return ErrWrongState
		}
		if attended == nil {
			attended = []int64{}
		}
		var present, absent int
		err := tx.QueryRow(ctx, `
			WITH t AS (
				UPDATE registrations SET attended = (user_id = ANY ($2)), updated_at = now()
				WHERE meeting_id = $1 AND status = 'registered' RETURNING attended)
			SELECT count(*) FILTER (WHERE attended), count(*) FILTER (WHERE NOT attended) FROM t`,
			meetingID, attended).Scan(&present, &absent)
		if err != nil {
			return fmt.Errorf("meeting: attendance of %d: %w", meetingID, err)
		}
		return record(ctx, tx, u.ID, "meeting.attendance", meetingID, string(m.Status), string(m.Status),
			map[string]any{"present": present, "absent": absent})
	})
}

// csvText is the participant list's wording; a file format rather than a page, so it lives
// here and not in the message catalogue.
var csvText = map[string]struct {
	header                         []string
	registered, waiting, cancelled string
	yes, no                        string
}{
	"cs": {[]string{"Jméno", "E-mail", "Úřad", "Kraj", "Stav", "Přihlášen(a)", "Pořadí na čekací listině", "Účast"},
		"přihlášen(a)", "čekací listina", "zrušeno", "ano", "ne"},
	"en": {[]string{"Name", "E-mail", "Office", "Region", "Status", "Registered at", "Waiting list position", "Attended"},
		"registered", "waiting list", "cancelled", "yes", "no"},
}

// WriteCSV writes regs as a participant list in lang ("cs" unless "en") that Czech Excel
// opens as it is: UTF-8 with a byte order mark, semicolons, CRLF, times in Prague.
func WriteCSV(w io.Writer, regs []Registration, lang string) error {
	txt, ok := csvText[lang]
	if !ok {
		txt = csvText["cs"]
	}
	cw, err := sheet.NewCSV(w)
	if err != nil {
		return fmt.Errorf("meeting: %w", err)
	}
	if err := cw.Write(txt.header); err != nil {
		return fmt.Errorf("meeting: %w", err)
	}
	for _, r := range regs {
		status := map[string]string{Registered: txt.registered, Waiting: txt.waiting, Withdrawn: txt.cancelled}[r.Status]
		pos, came := "", ""
		if r.Position > 0 {
			pos = strconv.Itoa(r.Position)
		}
		if r.Attended != nil {
			came = txt.no
			if *r.Attended {
				came = txt.yes
			}
		}
		row := []string{r.Name, r.Email, r.OfficeName, r.RegionName, status,
			r.QueuedAt.In(i18n.Prague).Format("2.1.2006 15:04"), pos, came}
		if err := cw.Write(row); err != nil {
			return fmt.Errorf("meeting: %w", err)
		}
	}
	if err := cw.Flush(); err != nil {
		return fmt.Errorf("meeting: %w", err)
	}
	return nil
}
