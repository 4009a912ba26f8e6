package workday_test

import (
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the host's zoneinfo

	"hnizdo.cz/hnizdo/internal/workday"
)

// Every expected date below was checked against a calendar and published Easter tables, not
// produced by the package.

func utc(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func prague(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Prague")
	if err != nil {
		t.Fatalf("load Europe/Prague: %v", err)
	}
	return loc
}

func TestEaster(t *testing.T) {
	tests := []struct {
		year int
		want time.Time
	}{
		{1961, utc(1961, time.April, 2)},
		{2000, utc(2000, time.April, 23)},
		{2015, utc(2015, time.April, 5)},
		{2016, utc(2016, time.March, 27)},
		{2019, utc(2019, time.April, 21)},
		{2024, utc(2024, time.March, 31)},
		{2025, utc(2025, time.April, 20)},
		{2026, utc(2026, time.April, 5)},
		{2027, utc(2027, time.March, 28)},
		{2038, utc(2038, time.April, 25)},
		{2100, utc(2100, time.March, 28)},
		{2285, utc(2285, time.March, 22)}, // the earliest possible date
	}
	for _, tt := range tests {
		want := tt.want.Format(time.DateOnly)
		t.Run("is "+want, func(t *testing.T) {
			got := workday.Easter(tt.year)
			if !got.Equal(tt.want) {
				t.Errorf("Easter(%d) = %s, want %s", tt.year, got.Format(time.DateOnly), want)
			}
		})
	}
}

func TestHolidays(t *testing.T) {
	t.Run("2025 lists thirteen days in calendar order", func(t *testing.T) {
		want := []time.Time{
			utc(2025, time.January, 1),
			utc(2025, time.April, 18),
			utc(2025, time.April, 21),
			utc(2025, time.May, 1),
			utc(2025, time.May, 8),
			utc(2025, time.July, 5),
			utc(2025, time.July, 6),
			utc(2025, time.September, 28),
			utc(2025, time.October, 28),
			utc(2025, time.November, 17),
			utc(2025, time.December, 24),
			utc(2025, time.December, 25),
			utc(2025, time.December, 26),
		}
		got := workday.Holidays(2025)
		if len(got) != len(want) {
			t.Fatalf("Holidays(2025) has %d days, want %d: %v", len(got), len(want), got)
		}
		for i := range want {
			if !got[i].Equal(want[i]) {
				t.Errorf("Holidays(2025)[%d] = %s, want %s", i, got[i].Format(time.DateOnly), want[i].Format(time.DateOnly))
			}
		}
	})
	t.Run("Good Friday absent in 2015", func(t *testing.T) {
		got := workday.Holidays(2015)
		if len(got) != 12 {
			t.Errorf("Holidays(2015) has %d days, want 12", len(got))
		}
		for _, d := range got {
			if d.Equal(utc(2015, time.April, 3)) {
				t.Errorf("Holidays(2015) contains Good Friday 2015-04-03")
			}
		}
	})
	t.Run("Good Friday present in 2016", func(t *testing.T) {
		got := workday.Holidays(2016)
		if len(got) != 13 {
			t.Errorf("Holidays(2016) has %d days, want 13", len(got))
		}
		found := false
		for _, d := range got {
			found = found || d.Equal(utc(2016, time.March, 25))
		}
		if !found {
			t.Errorf("Holidays(2016) lacks Good Friday 2016-03-25: %v", got)
		}
	})
}

func TestName(t *testing.T) {
	loc := prague(t)
	tests := []struct {
		name string
		day  time.Time
		want string // empty: not a holiday
	}{
		{"Good Friday 2016", utc(2016, time.March, 25), "Velký pátek"},
		{"Good Friday 2025", utc(2025, time.April, 18), "Velký pátek"},
		{"Easter Monday 2024", utc(2024, time.April, 1), "Velikonoční pondělí"},
		{"Easter Monday 2038", utc(2038, time.April, 26), "Velikonoční pondělí"},
		{"statehood day", utc(2025, time.September, 28), "Den české státnosti"},
		{"New Year", utc(2026, time.January, 1), "Den obnovy samostatného českého státu"},
		{"Christmas Eve", utc(2025, time.December, 24), "Štědrý den"},
		{"Hus in Prague late evening", time.Date(2025, time.July, 6, 23, 30, 0, 0, loc), "Den upálení mistra Jana Husa"},
		{"none on Good Friday 2015", utc(2015, time.April, 3), ""},
		{"none on Easter Sunday", utc(2025, time.April, 20), ""},
		{"none on an ordinary Tuesday", utc(2025, time.June, 10), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := workday.Name(tt.day)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("Name(%s) = %q, %v; want %q, %v", tt.day.Format(time.DateOnly), got, ok, tt.want, tt.want != "")
			}
		})
	}
}

func TestIsWorkingDay(t *testing.T) {
	tests := []struct {
		name string
		day  time.Time
		want bool
	}{
		{"ordinary Wednesday works", utc(2025, time.June, 11), true},
		{"Saturday rests", utc(2025, time.June, 14), false},
		{"Sunday rests", utc(2025, time.June, 15), false},
		{"Good Friday 2015 works", utc(2015, time.April, 3), true},
		{"Good Friday 2016 rests", utc(2016, time.March, 25), false},
		{"Easter Monday rests", utc(2025, time.April, 21), false},
		{"28 October on a Tuesday rests", utc(2025, time.October, 28), false},
		{"day after Christmas rests", utc(2025, time.December, 26), false},
		{"27 December on a Monday works", utc(2027, time.December, 27), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := workday.IsWorkingDay(tt.day); got != tt.want {
				t.Errorf("IsWorkingDay(%s) = %v, want %v", tt.day.Format(time.DateOnly), got, tt.want)
			}
		})
	}
}

func TestDue(t *testing.T) {
	loc := prague(t)
	at := func(y int, m time.Month, d, hour, min int) time.Time { return time.Date(y, m, d, hour, min, 0, 0, loc) }
	day := func(y int, m time.Month, d int) time.Time { return at(y, m, d, 0, 0) }
	tests := []struct {
		name string
		rule workday.Rule
		from time.Time
		want time.Time
	}{
		// Objections: 15 calendar days, moved off non-working days.
		{"objections ending on a weekday stay", workday.Objections(), day(2025, time.June, 2), day(2025, time.June, 17)},
		{"objections ending on Saturday move to Monday", workday.Objections(), day(2025, time.June, 6), day(2025, time.June, 23)},
		{"objections ending on Sunday move to Monday", workday.Objections(), day(2025, time.June, 7), day(2025, time.June, 23)},
		{"objections ending on Christmas Eve skip Christmas and the weekend", workday.Objections(), day(2025, time.December, 9), day(2025, time.December, 29)},
		{"objections ending on Good Friday skip to Tuesday after Easter", workday.Objections(), day(2025, time.April, 3), day(2025, time.April, 22)},
		{"objections ending on Easter Monday move to Tuesday", workday.Objections(), day(2025, time.April, 6), day(2025, time.April, 22)},
		{"objections ending on Good Friday 2015 stay", workday.Objections(), day(2015, time.March, 19), day(2015, time.April, 3)},
		{"objections ending on Good Friday 2016 move past Easter", workday.Objections(), day(2016, time.March, 10), day(2016, time.March, 29)},
		{"objections ending on 28 October move to the next day", workday.Objections(), day(2024, time.October, 13), day(2024, time.October, 29)},
		{"objections ending on Saturday before 28 October skip to Tuesday", workday.Objections(), day(2024, time.October, 11), day(2024, time.October, 29)},
		{"objections crossing New Year end on Monday after a Sunday", workday.Objections(), day(2025, time.December, 20), day(2026, time.January, 5)},
		{"objections ending on New Year move to 2 January", workday.Objections(), day(2025, time.December, 17), day(2026, time.January, 2)},
		{"objections ignore the time of delivery", workday.Objections(), at(2025, time.June, 2, 23, 59), day(2025, time.June, 17)},
		// Protocol: 30 calendar days, moved.
		{"protocol ending on Sunday moves to Monday", workday.Protocol(), day(2025, time.May, 9), day(2025, time.June, 9)},
		{"protocol ending on a weekday stays", workday.Protocol(), day(2025, time.May, 5), day(2025, time.June, 4)},
		// Unmoved calendar days.
		{"unmoved period may end on Saturday", workday.Rule{Days: 15}, day(2025, time.June, 6), day(2025, time.June, 21)},
		{"unmoved period may end on Christmas", workday.Rule{Days: 15}, day(2025, time.December, 10), day(2025, time.December, 25)},
		{"zero days is the event date", workday.Rule{Days: 0, Move: true}, at(2025, time.June, 7, 14, 0), day(2025, time.June, 7)},
		{"zero working days is the event date", workday.Rule{Working: true}, day(2025, time.June, 7), day(2025, time.June, 7)},
		// Working days.
		{"working days skip Good Friday and Easter Monday", workday.Rule{Days: 3, Working: true}, day(2025, time.April, 16), day(2025, time.April, 23)},
		{"working day after Maundy Thursday 2015 is Good Friday", workday.Rule{Days: 1, Working: true}, day(2015, time.April, 2), day(2015, time.April, 3)},
		{"working day after Maundy Thursday 2016 is Tuesday", workday.Rule{Days: 1, Working: true}, day(2016, time.March, 24), day(2016, time.March, 29)},
		{"working days skip Christmas", workday.Rule{Days: 3, Working: true}, day(2025, time.December, 22), day(2025, time.December, 30)},
		{"working days skip Christmas and New Year", workday.Rule{Days: 5, Working: true}, day(2025, time.December, 22), day(2026, time.January, 2)},
		{"ten working days from Friday before Christmas 2024", workday.Rule{Days: 10, Working: true}, day(2024, time.December, 20), day(2025, time.January, 9)},
		{"working days starting on a Saturday", workday.Rule{Days: 1, Working: true}, day(2025, time.June, 14), day(2025, time.June, 16)},
		// DST: the last Sundays of March and October in Europe/Prague.
		{"late evening before spring DST ends on the DST Sunday", workday.Rule{Days: 1}, at(2025, time.March, 29, 23, 30), day(2025, time.March, 30)},
		{"day after spring DST Sunday is midnight", workday.Rule{Days: 1}, day(2025, time.March, 30), day(2025, time.March, 31)},
		{"day after autumn DST Sunday is the next date", workday.Rule{Days: 1}, day(2025, time.October, 26), day(2025, time.October, 27)},
		{"late evening before autumn DST ends on the DST Sunday", workday.Rule{Days: 1}, at(2025, time.October, 25, 23, 59), day(2025, time.October, 26)},
		{"objections ending on autumn DST Sunday move to Monday", workday.Objections(), at(2025, time.October, 11, 23, 30), day(2025, time.October, 27)},
		{"objections ending on spring DST Sunday 2026 move to Monday", workday.Objections(), day(2026, time.March, 14), day(2026, time.March, 30)},
		{"objections spanning autumn DST 2026", workday.Objections(), day(2026, time.October, 20), day(2026, time.November, 4)},
		{"working day across spring DST weekend", workday.Rule{Days: 1, Working: true}, at(2025, time.March, 28, 23, 0), day(2025, time.March, 31)},
		{"working day across autumn DST weekend", workday.Rule{Days: 1, Working: true}, at(2025, time.October, 24, 23, 0), day(2025, time.October, 27)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.rule.Due(tt.from)
			if !got.Equal(tt.want) || got.Location() != loc {
				t.Errorf("%+v.Due(%s) = %s, want %s", tt.rule, tt.from.Format(time.RFC3339), got.Format(time.RFC3339), tt.want.Format(time.RFC3339))
			}
		})
	}

	t.Run("date is taken in the location of the event", func(t *testing.T) {
		// 23:30 UTC on 2 June is already 3 June in Prague.
		instant := time.Date(2025, time.June, 2, 23, 30, 0, 0, time.UTC)
		if got, want := workday.Objections().Due(instant), utc(2025, time.June, 17); !got.Equal(want) {
			t.Errorf("UTC: Due = %s, want %s", got.Format(time.RFC3339), want.Format(time.RFC3339))
		}
		if got, want := workday.Objections().Due(instant.In(loc)), day(2025, time.June, 18); !got.Equal(want) {
			t.Errorf("Prague: Due = %s, want %s", got.Format(time.RFC3339), want.Format(time.RFC3339))
		}
	})
}

func TestBetween(t *testing.T) {
	loc := prague(t)
	at := func(y int, m time.Month, d, hour, min int) time.Time { return time.Date(y, m, d, hour, min, 0, 0, loc) }
	tests := []struct {
		name string
		a, b time.Time
		want int
	}{
		{"same date at different hours is zero", at(2025, time.June, 2, 0, 5), at(2025, time.June, 2, 23, 55), 0},
		{"one minute across midnight is one day", at(2025, time.June, 2, 23, 59), at(2025, time.June, 3, 0, 0), 1},
		{"spring DST weekend is two days", at(2025, time.March, 29, 0, 0), at(2025, time.March, 31, 0, 0), 2},
		{"autumn DST weekend is two days", at(2025, time.October, 25, 0, 0), at(2025, time.October, 27, 0, 0), 2},
		{"past the spring DST night is one day", at(2025, time.March, 30, 23, 59), at(2025, time.March, 31, 0, 1), 1},
		{"backwards is negative", at(2025, time.October, 27, 0, 0), at(2025, time.October, 25, 0, 0), -2},
		{"across New Year", at(2024, time.December, 31, 12, 0), at(2025, time.January, 1, 0, 0), 1},
		{"across a leap day", at(2024, time.February, 28, 0, 0), at(2024, time.March, 1, 0, 0), 2},
		{"a common year", at(2025, time.January, 1, 0, 0), at(2026, time.January, 1, 0, 0), 365},
		{"a leap year", at(2024, time.January, 1, 0, 0), at(2025, time.January, 1, 0, 0), 366},
		{"each date in its own location", at(2025, time.June, 3, 0, 30), time.Date(2025, time.June, 2, 23, 0, 0, 0, time.UTC), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := workday.Between(tt.a, tt.b); got != tt.want {
				t.Errorf("Between(%s, %s) = %d, want %d", tt.a.Format(time.RFC3339), tt.b.Format(time.RFC3339), got, tt.want)
			}
		})
	}
}

func TestLate(t *testing.T) {
	loc := prague(t)
	at := func(y int, m time.Month, d, hour, min int) time.Time { return time.Date(y, m, d, hour, min, 0, 0, loc) }
	due := at(2025, time.June, 23, 0, 0)
	tests := []struct {
		name  string
		due   time.Time
		today time.Time
		want  int
	}{
		{"not late before the deadline", due, at(2025, time.June, 20, 9, 0), 0},
		{"not late on the last day", due, at(2025, time.June, 23, 23, 59), 0},
		{"one day late the next morning", due, at(2025, time.June, 24, 0, 1), 1},
		{"late by whole days", due, at(2025, time.June, 25, 8, 0), 2},
		{"late across autumn DST", at(2025, time.October, 24, 0, 0), at(2025, time.October, 27, 8, 0), 3},
		{"late across New Year", at(2025, time.December, 29, 0, 0), at(2026, time.January, 2, 8, 0), 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := workday.Late(tt.due, tt.today); got != tt.want {
				t.Errorf("Late(%s, %s) = %d, want %d", tt.due.Format(time.RFC3339), tt.today.Format(time.RFC3339), got, tt.want)
			}
		})
	}
}
