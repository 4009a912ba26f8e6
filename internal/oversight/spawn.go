package oversight

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/note"
	"hnizdo.cz/hnizdo/internal/question"
)

// guidanceArea is the thematic area of what a repeated finding spawns: the region's
// methodological role.
const guidanceArea int16 = 17

// guidanceTags are the tags of a spawned note, by which such notes are found together.
const guidanceTags = "standardy kvality, kontrola"

// maxSpawnTitle fits both a question's and a note's title.
const maxSpawnTitle = 200

// SpawnFAQ makes a methodological question (assigned to u, to be answered and published as an
// FAQ entry) from the repeated finding of criterion id in u's region, linked to its findings;
// if one exists already (Repeat.QuestionID != 0) it returns that id and makes nothing.
// Methodologists only; ErrNotFound unless the criterion repeats in u's region.
func (s *Store) SpawnFAQ(ctx context.Context, u *auth.User, criterionID int16) (int64, error) {
	return s.spawn(ctx, u, criterionID, spawnKind{
		name:     "faq",
		existing: func(r *Repeat) int64 { return r.QuestionID },
		linked:   `SELECT coalesce(max(question_id), 0) FROM question_findings WHERE finding_id = ANY($1)`,
		create: func(tx pgx.Tx, t spawnText, r *Repeat) (int64, error) {
			return question.Spawn(ctx, tx, u, question.Seed{Title: t.title, Body: t.question, AreaID: guidanceArea, FindingIDs: r.FindingIDs})
		},
	})
}

// SpawnNote makes a draft binding guidance note by u from the repeated finding of criterion id
// in u's region, linked to its findings; idempotent like SpawnFAQ.
func (s *Store) SpawnNote(ctx context.Context, u *auth.User, notes *note.Store, criterionID int16) (int64, error) {
	return s.spawn(ctx, u, criterionID, spawnKind{
		name:     "note",
		existing: func(r *Repeat) int64 { return r.NoteID },
		linked:   `SELECT coalesce(max(note_id), 0) FROM note_findings WHERE finding_id = ANY($1)`,
		create: func(tx pgx.Tx, t spawnText, r *Repeat) (int64, error) {
			id, err := notes.CreateIn(ctx, tx, u, note.Input{Title: t.title, Summary: t.summary, Body: t.note,
				Tags: guidanceTags, AreaIDs: []int16{guidanceArea}, Binding: true})
			if err != nil {
				return 0, err
			}
			if _, err := tx.Exec(ctx, `INSERT INTO note_findings (note_id, finding_id) SELECT $1, unnest($2::bigint[])
				ON CONFLICT DO NOTHING`, id, r.FindingIDs); err != nil {
				return 0, fmt.Errorf("oversight: findings of note %d: %w", id, err)
			}
			return id, nil
		},
	})
}

// spawnKind is what SpawnFAQ and SpawnNote differ in.
type spawnKind struct {
	name     string
	existing func(r *Repeat) int64
	linked   string // SQL: the id already spawned from findings $1, 0 if none
	create   func(tx pgx.Tx, t spawnText, r *Repeat) (int64, error)
}

func (s *Store) spawn(ctx context.Context, u *auth.User, criterionID int16, k spawnKind) (int64, error) {
	r, err := s.Repeated(ctx, u, criterionID)
	if err != nil {
		return 0, err
	}
	if id := k.existing(r); id != 0 {
		return id, nil
	}
	var id int64
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		// Two clicks at once both saw nothing spawned: the lock lets one through, and the other
		// then finds what the first committed.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('oversight.spawn:' || $1::text || ':' || $2::int || ':' || $3::int, 0))`,
			k.name, u.RegionID, criterionID); err != nil {
			return fmt.Errorf("oversight: spawn lock: %w", err)
		}
		if err := tx.QueryRow(ctx, k.linked, r.FindingIDs).Scan(&id); err != nil {
			return fmt.Errorf("oversight: spawned from %d: %w", criterionID, err)
		}
		if id != 0 {
			return nil
		}
		t, err := spawnTexts(ctx, tx, criterionID, r)
		if err != nil {
			return err
		}
		if id, err = k.create(tx, t, r); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: u.ID, Action: "criterion.spawn_" + k.name, ObjectType: "criterion",
			ObjectID: int64(criterionID), Detail: map[string]any{k.name: id, "findings": r.FindingIDs}})
	})
	if err != nil {
		return 0, fmt.Errorf("oversight: spawn %s from %d: %w", k.name, criterionID, err)
	}
	return id, nil
}

// spawnText is what a spawned question or note says. It is published, so it names the
// criterion and how often it was found wanting, never an office.
type spawnText struct {
	title, summary, question, note string
}

// spawnTexts writes the texts in Czech whatever u's language: the FAQ and the notes are Czech.
func spawnTexts(ctx context.Context, tx pgx.Tx, criterionID int16, r *Repeat) (spawnText, error) {
	var code, text string
	if err := tx.QueryRow(ctx, `SELECT code, text_cs FROM criteria WHERE id = $1`, criterionID).Scan(&code, &text); err != nil {
		return spawnText{}, fmt.Errorf("oversight: criterion %d: %w", criterionID, err)
	}
	where := "u jednoho úřadu"
	if r.Offices > 1 {
		where = "u " + strconv.Itoa(r.Offices) + " úřadů"
	}
	when := "v letech " + czechList(r.Years)
	if len(r.Years) == 1 {
		when = "v roce " + czechList(r.Years)
	}
	found := fmt.Sprintf("Při kontrolách krajského úřadu bylo kritérium %s shledáno nesplněným nebo splněným jen částečně opakovaně: %s %s.",
		code, where, when)
	criterion := fmt.Sprintf("Kritérium %s standardů kvality sociálně-právní ochrany: „%s“", code, text)
	return spawnText{
		title:    clip("Opakované zjištění ke kritériu "+code+": "+text, maxSpawnTitle),
		summary:  clip(fmt.Sprintf("Závazné metodické doporučení k opakovanému zjištění u kritéria %s (%s %s).", code, where, when), note.MaxSummary),
		question: criterion + "\n\n" + found + "\n\nJak má OSPOD postupovat, aby kritérium splňoval?",
		note: "## Zjištění\n\n" + criterion + ".\n\n" + found +
			"\n\n## Doporučený postup\n\nDoplňte, jak má OSPOD postupovat, aby kritérium splňoval.\n",
	}, nil
}

// czechList joins years as Czech writes a list: "2024, 2025 a 2026".
func czechList(years []int16) string {
	s := make([]string, len(years))
	for k, y := range years {
		s[k] = strconv.Itoa(int(y))
	}
	if len(s) < 2 {
		return strings.Join(s, "")
	}
	return strings.Join(s[:len(s)-1], ", ") + " a " + s[len(s)-1]
}

// clip shortens s to at most n runes, ending with an ellipsis when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// NoteSources returns the codes of the criteria whose repeated findings note noteID was spawned
// from, in the standards' order; none for a note made otherwise. Codes say nothing about any
// office, so whoever may read the note may read them.
func (s *Store) NoteSources(ctx context.Context, noteID int64) ([]string, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT c.code FROM note_findings nf JOIN findings f ON f.id = nf.finding_id JOIN criteria c ON c.id = f.criterion_id
		WHERE nf.note_id = $1 GROUP BY c.id, c.code, c.standard_id, c.position ORDER BY c.standard_id, c.position`, noteID)
	if err != nil {
		return nil, fmt.Errorf("oversight: sources of note %d: %w", noteID, err)
	}
	codes, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("oversight: sources of note %d: %w", noteID, err)
	}
	return codes, nil
}
