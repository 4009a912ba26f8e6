package note

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
)

// shape is how a search for words finds the newest notes that match them. Planning the search
// for each query's own words took longer than running it (1.1 ms of 2.3 ms at 100,000 notes),
// so a search for words alone is prepared once and runs on one generic plan. A generic plan
// cannot tell a rare word from a common one, so the shape is chosen here instead, from the
// same statistics Postgres would have used: the wrong one costs 50–200 ms.
type shape int

const (
	// planned leaves it to the planner, which plans the query for its very words. Searches
	// with other filters, and any search before the notes have statistics, take this way.
	planned shape = iota
	// walk reads the notes newest first and tests each one's words: for words in many notes,
	// the newest matches are near.
	walk
	// lookup takes the matching notes from the words index and sorts them: for words in few
	// notes, walking would read most of the knowledge base to find them.
	lookup
)

// wordStats are the most common words of the notes' text vectors and the share of notes each
// is in, as ANALYZE last counted them (pg_stats). Words missing from it are in fewer notes
// than the least common of them.
type wordStats struct {
	words []string // sorted
	freqs []float64
	least float64 // the share of the least common word listed
	notes float64 // how many notes there are
}

// statsFor is how long the word statistics are kept: ANALYZE changes them over days.
const statsFor = 10 * time.Minute

// stats returns the word statistics, loaded at most every statsFor; nil when the notes have
// none yet (never analysed), and then every search is planned for its words.
func (s *Store) stats(ctx context.Context) (*wordStats, error) {
	s.words.Lock()
	defer s.words.Unlock()
	if !s.words.at.IsZero() && s.now().Sub(s.words.at) < statsFor {
		return s.words.stats, nil
	}
	var words []string
	var freqs []float32
	var notes float32
	err := s.pool.QueryRow(ctx, `
		SELECT coalesce(st.most_common_elems::text::text[], '{}'), coalesce(st.most_common_elem_freqs, '{}'), c.reltuples
		FROM pg_class c LEFT JOIN pg_stats st
			ON st.schemaname = current_schema() AND st.tablename = 'notes' AND st.attname = 'search'
		WHERE c.oid = 'notes'::regclass`).Scan(&words, &freqs, &notes)
	if err != nil {
		return nil, fmt.Errorf("note: word statistics: %w", err)
	}
	s.words.stats, s.words.at = newWordStats(words, freqs, float64(notes)), s.now()
	return s.words.stats, nil
}

// newWordStats reads pg_stats' arrays: freqs has one share per word, then the least and the
// greatest share and the share of empty vectors.
func newWordStats(words []string, freqs []float32, notes float64) *wordStats {
	if len(words) == 0 || len(freqs) < len(words)+2 || notes <= 0 {
		return nil
	}
	st := &wordStats{least: float64(freqs[len(words)]), notes: notes}
	idx := make([]int, len(words))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return strings.Compare(words[a], words[b]) })
	for _, i := range idx {
		st.words = append(st.words, words[i])
		st.freqs = append(st.freqs, float64(freqs[i]))
	}
	return st
}

// share estimates the share of notes that have a word starting with each of the stems, the
// way Postgres estimates a prefix query: the listed words that start with a stem add up, a
// stem none starts is taken as half as common as the least common listed word, and the stems
// are taken as independent.
func (st *wordStats) share(stems []string) float64 {
	all := 1.0
	for _, stem := range stems {
		sum := 0.0
		i, _ := slices.BinarySearch(st.words, stem)
		for ; i < len(st.words) && strings.HasPrefix(st.words[i], stem); i++ {
			sum += st.freqs[i]
		}
		if sum == 0 {
			sum = st.least / 2
		}
		all *= min(sum, 1)
	}
	return all
}

// shapeFor chooses how to find the newest Candidates+1 notes with the stems. Walking reads
// about (Candidates+1)/share notes; the words index reads share × notes in the window of the
// newest (see Window), or in all of them when there are fewer. Both read the same at
// share = √((Candidates+1)/Window): 4.5 % at any size from 50,000 notes on.
func (st *wordStats) shapeFor(stems []string) shape {
	if st == nil || len(stems) == 0 {
		return planned
	}
	if st.share(stems) >= math.Sqrt(float64(Candidates+1)/min(st.notes, Window)) {
		return walk
	}
	return lookup
}

// wordCache keeps the word statistics for the Store, see stats.
type wordCache struct {
	sync.Mutex
	at    time.Time
	stats *wordStats
}
