package note

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// Window is how many of the newest published notes the search window holds (migration 00020):
// a search for words in few notes reads the matches in the window, not in the whole knowledge
// base, so it costs the same at a hundred thousand notes as at a million. The size balances
// the two costs it bounds: the matches read in the window (√(101 × Window) at most, where
// walking the dates index becomes cheaper) and those read from the whole index when the
// window holds fewer than 101 (101 × notes ÷ Window at most, for words used alike in old and
// new notes).
const Window = 50_000

// MoveWindow moves the window forward to the newest Window notes; notes published since it
// last moved have made it larger. It never moves back, so no write waits for it.
func (s *Store) MoveWindow(ctx context.Context) (time.Time, error) {
	var since time.Time
	if err := s.pool.QueryRow(ctx, `SELECT note_window_move($1)`, Window).Scan(&since); err != nil {
		return since, fmt.Errorf("note: move the search window: %w", err)
	}
	return since, nil
}

// KeepWindow moves the window now and then every interval until ctx ends. A few notes a day
// are published, so an hour's new notes barely change its size.
func (s *Store) KeepWindow(ctx context.Context, log *slog.Logger, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.MoveWindow(ctx); err != nil && ctx.Err() == nil {
			log.Error("search window", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
