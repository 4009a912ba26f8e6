// Package workday computes legal deadlines under Czech law: public holidays and days of rest
// (zákon č. 245/2000 Sb.) and periods counted under the Administrative Procedure Code
// (správní řád, zákon č. 500/2004 Sb., § 40), which the Control Code applies to inspections.
//
// Everything works on dates, not instants: a time is reduced to its year, month and day in its
// own location, so a deadline never drifts by a day around a daylight-saving change.
package workday

import (
	"slices"
	"time"
)

// goodFridayFrom is the first year Good Friday is a public holiday (amendment of zákon
// č. 245/2000 Sb. effective 2016).
const goodFridayFrom = 2016

// holiday is one day of rest in a given year.
type holiday struct {
	month time.Month
	day   int
	name  string
}

// yearHolidays lists the holidays of a year in calendar order; it is the one place that knows
// which days are holidays, so Holidays, Name and IsWorkingDay cannot disagree.
func yearHolidays(year int) []holiday {
	easter := Easter(year)
	monday := easter.AddDate(0, 0, 1)
	hs := []holiday{{time.January, 1, "Den obnovy samostatného českého státu"}}
	if year >= goodFridayFrom {
		friday := easter.AddDate(0, 0, -2)
		hs = append(hs, holiday{friday.Month(), friday.Day(), "Velký pátek"})
	}
	return append(hs,
		holiday{monday.Month(), monday.Day(), "Velikonoční pondělí"},
		holiday{time.May, 1, "Svátek práce"},
		holiday{time.May, 8, "Den vítězství"},
		holiday{time.July, 5, "Den slovanských věrozvěstů Cyrila a Metoděje"},
		holiday{time.July, 6, "Den upálení mistra Jana Husa"},
		holiday{time.September, 28, "Den české státnosti"},
		holiday{time.October, 28, "Den vzniku samostatného československého státu"},
		holiday{time.November, 17, "Den boje za svobodu a demokracii a Mezinárodní den studentstva"},
		holiday{time.December, 24, "Štědrý den"},
		holiday{time.December, 25, "1. svátek vánoční"},
		holiday{time.December, 26, "2. svátek vánoční"},
	)
}

// Easter returns Easter Sunday of the Gregorian calendar for year, at midnight UTC, computed
// with the anonymous Gregorian algorithm (Meeus/Jones/Butcher).
func Easter(year int) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	n := h + l - 7*m + 114
	return time.Date(year, time.Month(n/31), n%31+1, 0, 0, 0, 0, time.UTC)
}

// Holidays returns the public holidays and days of rest of year in calendar order, each at
// midnight UTC.
func Holidays(year int) []time.Time {
	hs := yearHolidays(year)
	out := make([]time.Time, 0, len(hs))
	for _, h := range hs {
		out = append(out, time.Date(year, h.month, h.day, 0, 0, 0, 0, time.UTC))
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

// Name returns the Czech name of the holiday on d's date (in d's location), so the UI can say
// why a deadline moved.
func Name(d time.Time) (string, bool) {
	y, m, day := d.Date()
	for _, h := range yearHolidays(y) {
		if h.month == m && h.day == day {
			return h.name, true
		}
	}
	return "", false
}

// IsWorkingDay reports whether d's date (in d's location) is neither a weekend nor a holiday.
func IsWorkingDay(d time.Time) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, holiday := Name(d)
	return !holiday
}

// Rule is how a statutory period is counted.
type Rule struct {
	Days    int  // length of the period; zero or less means the deadline is the event's own date
	Working bool // count working days instead of calendar days
	// Move shifts a calendar-day deadline that ends on a weekend or holiday to the next
	// working day (správní řád § 40(1)(c)). A working-day deadline always ends on a working day.
	Move bool
}

// Objections is the period for objections against an inspection protocol: 15 days from its
// delivery (kontrolní řád § 13(1)).
func Objections() Rule { return Rule{Days: 15, Move: true} }

// Protocol is the period for drawing up the inspection protocol: 30 days from the last
// inspection act (kontrolní řád § 12(1)); complex cases may get 60, which callers express as
// their own Rule.
func Protocol() Rule { return Rule{Days: 30, Move: true} }

// Due returns the last day of the period that starts with the event on from, at midnight in
// from's location. The event day itself does not count (správní řád § 40(1)(a)).
func (r Rule) Due(from time.Time) time.Time {
	day := date(from)
	if r.Days <= 0 {
		return day
	}
	if r.Working {
		for n := 0; n < r.Days; {
			day = next(day)
			if IsWorkingDay(day) {
				n++
			}
		}
		return day
	}
	y, m, d := day.Date()
	day = time.Date(y, m, d+r.Days, 0, 0, 0, 0, day.Location())
	if r.Move {
		for !IsWorkingDay(day) {
			day = next(day)
		}
	}
	return day
}

// Between returns the number of calendar days from a's date to b's date (each in its own
// location); negative if b is before a.
func Between(a, b time.Time) int {
	// Whole days between the UTC midnights of the two dates: UTC has no DST, so the division
	// is exact.
	return int(utcDate(b).Sub(utcDate(a)) / (24 * time.Hour))
}

// Late returns how many days today is past due, or 0 if the deadline has not passed; a
// deadline met on its last day is not late.
func Late(due, today time.Time) int {
	return max(0, Between(due, today))
}

// date returns midnight of t's date in t's location.
func date(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// next returns midnight of the following date; time.Date normalises the day overflow, whereas
// Add(24*time.Hour) would land on 23:00 or 01:00 across a DST change.
func next(day time.Time) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d+1, 0, 0, 0, 0, day.Location())
}

func utcDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
