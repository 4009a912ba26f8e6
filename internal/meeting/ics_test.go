package meeting_test

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ical "github.com/emersion/go-ical"

	"hnizdo.cz/hnizdo/internal/meeting"
)

const icsLongTitle = "Sdílení dobré praxe: náhradní rodinná péče, sanace rodiny; " +
	"spolupráce se školami, soudy a Policií ČR – příliš žluťoučký kůň úpěl ďábelské ódy"

// icsMeetings are a winter, a summer, a cancelled and a draft meeting.
func icsMeetings() []meeting.Meeting {
	updated := time.Date(2026, time.November, 20, 14, 30, 0, 0, time.UTC)
	return []meeting.Meeting{{
		ID: 7, Title: "OSPOD sobě – zimní setkání", Status: meeting.Open, Version: 3, UpdatedAt: updated,
		Description: "Program:\n1. úvod, představení; 2. diskuse\nCesta: C:\\mapa",
		Venue:       "Městský úřad Šlapanice, zasedací místnost", Address: "Masarykovo nám. 100/7, Šlapanice",
		OnlineURL: "https://meet.example.cz/ospod-zima?pin=1,2",
		StartsAt:  at(2026, time.December, 15, 9, 0), EndsAt: at(2026, time.December, 15, 13, 0),
	}, {
		ID: 8, Title: icsLongTitle, Status: meeting.Agenda, Version: 1, UpdatedAt: updated,
		Description: "Letní setkání.", Venue: "Krajský úřad Jihomoravského kraje", Address: "Žerotínovo nám. 3, Brno",
		StartsAt: at(2027, time.June, 15, 9, 0), EndsAt: at(2027, time.June, 15, 12, 30),
	}, {
		ID: 9, Title: "Setkání k dokumentaci", Status: meeting.Cancelled, Version: 2, UpdatedAt: updated,
		CancelReason: "Onemocnění přednášející; náhradní termín oznámíme.", Description: "Spisová služba.",
		OnlineURL: "https://meet.example.cz/spisy",
		StartsAt:  at(2027, time.January, 12, 10, 0), EndsAt: at(2027, time.January, 12, 12, 0),
	}, {
		ID: 10, Title: "Rozpracovaný návrh", Status: meeting.Draft, Version: 1, Venue: "Brno",
		StartsAt: at(2027, time.February, 1, 9, 0), EndsAt: at(2027, time.February, 1, 10, 0),
	}}
}

var icsStamp = time.Date(2026, time.December, 1, 9, 0, 0, 0, time.UTC)

func writeICS(t *testing.T, ms []meeting.Meeting, public bool) []byte {
	t.Helper()
	var b bytes.Buffer
	err := meeting.WriteICS(&b, ms, meeting.ICSOptions{Name: "Setkání – Jihomoravský kraj", BaseURL: "https://hnizdo.example/", Public: public, Now: icsStamp})
	if err != nil {
		t.Fatalf("WriteICS: %v", err)
	}
	return b.Bytes()
}

func parseICS(t *testing.T, raw []byte) *ical.Calendar {
	t.Helper()
	cal, err := ical.NewDecoder(bytes.NewReader(raw)).Decode()
	if err != nil {
		t.Fatalf("decode: %v\n%s", err, raw)
	}
	return cal
}

// icsEvents maps the events of cal by UID.
func icsEvents(t *testing.T, cal *ical.Calendar) map[string]*ical.Event {
	t.Helper()
	out := map[string]*ical.Event{}
	for _, e := range cal.Events() {
		uid := icsText(t, e.Component, ical.PropUID)
		if _, dup := out[uid]; dup {
			t.Fatalf("UID %s twice", uid)
		}
		out[uid] = &e
	}
	return out
}

// icsText returns the unescaped value of c's property name, "" when absent.
func icsText(t *testing.T, c *ical.Component, name string) string {
	t.Helper()
	p := c.Props.Get(name)
	if p == nil {
		return ""
	}
	s, err := p.Text()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

func TestICS(t *testing.T) {
	prague, err := time.LoadLocation("Europe/Prague")
	if err != nil {
		t.Fatal(err)
	}
	raw := writeICS(t, icsMeetings(), false)
	cal := parseICS(t, raw)
	evs := icsEvents(t, cal)

	t.Run("times resolve to the exact UTC instants through the TZID", func(t *testing.T) {
		want := map[string][2]time.Time{
			"meeting-7@hnizdo": {time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC), time.Date(2026, 12, 15, 12, 0, 0, 0, time.UTC)},
			"meeting-8@hnizdo": {time.Date(2027, 6, 15, 7, 0, 0, 0, time.UTC), time.Date(2027, 6, 15, 10, 30, 0, 0, time.UTC)},
			"meeting-9@hnizdo": {time.Date(2027, 1, 12, 9, 0, 0, 0, time.UTC), time.Date(2027, 1, 12, 11, 0, 0, 0, time.UTC)},
		}
		for uid, w := range want {
			e := evs[uid]
			if e == nil {
				t.Fatalf("%s missing", uid)
			}
			for i, name := range []string{ical.PropDateTimeStart, ical.PropDateTimeEnd} {
				p := e.Props.Get(name)
				if tz := p.Params.Get(ical.ParamTimezoneID); tz != "Europe/Prague" {
					t.Errorf("%s %s TZID = %q", uid, name, tz)
				}
				got, err := p.DateTime(prague)
				if err != nil {
					t.Fatalf("%s %s: %v", uid, name, err)
				}
				if !got.Equal(w[i]) {
					t.Errorf("%s %s = %s, want %s", uid, name, got.UTC(), w[i])
				}
			}
		}
		if v := evs["meeting-7@hnizdo"].Props.Get(ical.PropDateTimeStart).Value; v != "20261215T090000" {
			t.Errorf("winter DTSTART written as %q, want Prague local time", v)
		}
		if v := evs["meeting-8@hnizdo"].Props.Get(ical.PropDateTimeStart).Value; v != "20270615T090000" {
			t.Errorf("summer DTSTART written as %q, want Prague local time", v)
		}
	})

	t.Run("text survives escaping and folding", func(t *testing.T) {
		e := evs["meeting-8@hnizdo"]
		if got := icsText(t, e.Component, ical.PropSummary); got != icsLongTitle {
			t.Errorf("SUMMARY = %q", got)
		}
		if got := icsText(t, e.Component, ical.PropLocation); got != "Krajský úřad Jihomoravského kraje, Žerotínovo nám. 3, Brno" {
			t.Errorf("LOCATION = %q", got)
		}
		w := icsMeetings()[0]
		want := w.Description + "\n\nPřipojení online: " + w.OnlineURL
		if got := icsText(t, evs["meeting-7@hnizdo"].Component, ical.PropDescription); got != want {
			t.Errorf("DESCRIPTION = %q, want %q", got, want)
		}
		if u, err := evs["meeting-7@hnizdo"].Props.Get(ical.PropURL).URI(); err != nil || u.String() != "https://hnizdo.example/meetings/7" {
			t.Errorf("URL = %v, %v", u, err)
		}
		if got := icsText(t, cal.Component, "X-WR-CALNAME"); got != "Setkání – Jihomoravský kraj" {
			t.Errorf("X-WR-CALNAME = %q", got)
		}
		if got := icsText(t, cal.Component, ical.PropProductID); got != "-//Hnízdo//Setkání//CS" {
			t.Errorf("PRODID = %q", got)
		}
	})

	t.Run("lines are CRLF-ended and folded at 75 octets on character boundaries", func(t *testing.T) {
		if !bytes.HasSuffix(raw, []byte("END:VCALENDAR\r\n")) {
			t.Error("file does not end with END:VCALENDAR CRLF")
		}
		lines := strings.Split(strings.TrimSuffix(string(raw), "\r\n"), "\r\n")
		folded := 0
		for i, l := range lines {
			if strings.ContainsAny(l, "\r\n") {
				t.Errorf("line %d has a bare CR or LF: %q", i+1, l)
			}
			if len(l) > 75 {
				t.Errorf("line %d is %d octets: %q", i+1, len(l), l)
			}
			if !utf8.ValidString(l) {
				t.Errorf("line %d splits a UTF-8 sequence: %q", i+1, l)
			}
			if strings.HasPrefix(l, " ") {
				folded++
			}
		}
		if folded == 0 {
			t.Error("nothing was folded; the long title should have been")
		}
	})

	t.Run("the cancelled meeting is marked cancelled with its reason", func(t *testing.T) {
		e := evs["meeting-9@hnizdo"]
		if s, _ := e.Status(); s != ical.EventCancelled {
			t.Errorf("STATUS = %q", s)
		}
		if got := icsText(t, e.Component, ical.PropSummary); got != "ZRUŠENO: Setkání k dokumentaci" {
			t.Errorf("SUMMARY = %q", got)
		}
		if got := icsText(t, e.Component, ical.PropDescription); !strings.HasPrefix(got, "Zrušeno: Onemocnění přednášející; náhradní termín oznámíme.") {
			t.Errorf("DESCRIPTION = %q", got)
		}
		// The cancellation must outrank the copy calendars already hold (version 2).
		if n, err := e.Props.Get(ical.PropSequence).Int(); err != nil || n != 3 {
			t.Errorf("SEQUENCE = %d, %v; want 3", n, err)
		}
		for _, uid := range []string{"meeting-7@hnizdo", "meeting-8@hnizdo"} {
			if s, _ := evs[uid].Status(); s != ical.EventConfirmed {
				t.Errorf("%s STATUS = %q", uid, s)
			}
		}
		if n, _ := evs["meeting-7@hnizdo"].Props.Get(ical.PropSequence).Int(); n != 3 {
			t.Errorf("SEQUENCE of version 3 = %d", n)
		}
	})

	t.Run("stamps are UTC", func(t *testing.T) {
		e := evs["meeting-7@hnizdo"]
		if v := e.Props.Get(ical.PropDateTimeStamp).Value; v != "20261201T090000Z" {
			t.Errorf("DTSTAMP = %q", v)
		}
		if v := e.Props.Get(ical.PropLastModified).Value; v != "20261120T143000Z" {
			t.Errorf("LAST-MODIFIED = %q", v)
		}
	})

	t.Run("drafts are left out", func(t *testing.T) {
		if len(evs) != 3 {
			t.Errorf("%d events, want 3", len(evs))
		}
		if bytes.Contains(raw, []byte("meeting-10@")) || bytes.Contains(raw, []byte("Rozpracovan")) {
			t.Error("the draft leaked into the file")
		}
	})

	t.Run("the public feed leaves out descriptions and online links", func(t *testing.T) {
		raw := writeICS(t, icsMeetings(), true)
		for _, leak := range []string{"meet.example.cz", "Program", "Letní setkání", "Spisová"} {
			if bytes.Contains(raw, []byte(leak)) {
				t.Errorf("public feed contains %q", leak)
			}
		}
		evs := icsEvents(t, parseICS(t, raw))
		for _, uid := range []string{"meeting-7@hnizdo", "meeting-8@hnizdo"} {
			if p := evs[uid].Props.Get(ical.PropDescription); p != nil {
				t.Errorf("%s has DESCRIPTION %q", uid, p.Value)
			}
		}
		if got := icsText(t, evs["meeting-9@hnizdo"].Component, ical.PropDescription); got != "Zrušeno: Onemocnění přednášející; náhradní termín oznámíme." {
			t.Errorf("cancelled DESCRIPTION = %q", got)
		}
		if got := icsText(t, evs["meeting-9@hnizdo"].Component, ical.PropLocation); got != "" {
			t.Errorf("online-only LOCATION = %q, want none", got)
		}
	})

	t.Run("the calendar is well formed", func(t *testing.T) {
		icsValidate(t, raw, cal)
		icsValidate(t, writeICS(t, icsMeetings(), true), nil)
	})

	t.Run("an empty feed is still a valid calendar", func(t *testing.T) {
		raw := writeICS(t, nil, true)
		cal := icsValidate(t, raw, nil)
		if n := len(cal.Events()); n != 0 {
			t.Errorf("%d events", n)
		}
	})

	t.Run("the time zone follows the Prague rules", func(t *testing.T) {
		var tz *ical.Component
		for _, c := range cal.Children {
			if c.Name == ical.CompTimezone {
				tz = c
			}
		}
		if tz == nil {
			t.Fatal("no VTIMEZONE")
		}
		seen := map[string]bool{}
		for _, rule := range tz.Children {
			seen[rule.Name] = true
			from := icsOffset(t, rule.Props.Get(ical.PropTimezoneOffsetFrom).Value)
			to := icsOffset(t, rule.Props.Get(ical.PropTimezoneOffsetTo).Value)
			set, err := rule.RecurrenceSet(time.UTC)
			if err != nil || set == nil {
				t.Fatalf("%s RRULE: %v", rule.Name, err)
			}
			for year := 2024; year <= 2035; year++ {
				// DTSTART and the RRULE count in wall time before the change, at offset from.
				wall := set.After(time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC), true)
				change := wall.Add(-from)
				_, before := change.Add(-time.Second).In(prague).Zone()
				_, after := change.In(prague).Zone()
				if time.Duration(before)*time.Second != from || time.Duration(after)*time.Second != to {
					t.Errorf("%s %d: at %s Prague goes %ds → %ds, rule says %s → %s", rule.Name, year, change, before, after, from, to)
				}
			}
		}
		if !seen[ical.CompTimezoneStandard] || !seen[ical.CompTimezoneDaylight] {
			t.Errorf("VTIMEZONE has %v, want STANDARD and DAYLIGHT", seen)
		}
	})
}

// icsOffset reads a UTC offset such as +0100.
func icsOffset(t *testing.T, s string) time.Duration {
	t.Helper()
	var h, m int
	if len(s) != 5 || (s[0] != '+' && s[0] != '-') {
		t.Fatalf("offset %q", s)
	}
	if _, err := fmt.Sscanf(s[1:], "%02d%02d", &h, &m); err != nil {
		t.Fatalf("offset %q: %v", s, err)
	}
	d := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
	if s[0] == '-' {
		d = -d
	}
	return d
}

// icsValidate checks raw the way an RFC 5545 validator would: BEGIN and END balanced, the required
// properties present once, every TZID defined, every event ending after it starts; and
// go-ical's encoder, which enforces property cardinality, accepts the parsed calendar.
func icsValidate(t *testing.T, raw []byte, cal *ical.Calendar) *ical.Calendar {
	t.Helper()
	var stack []string
	unfolded := strings.ReplaceAll(string(raw), "\r\n ", "")
	for _, l := range strings.Split(strings.TrimSuffix(unfolded, "\r\n"), "\r\n") {
		switch {
		case strings.HasPrefix(l, "BEGIN:"):
			stack = append(stack, l[len("BEGIN:"):])
		case strings.HasPrefix(l, "END:"):
			if len(stack) == 0 || stack[len(stack)-1] != l[len("END:"):] {
				t.Fatalf("%s closes %v", l, stack)
			}
			stack = stack[:len(stack)-1]
		case len(stack) == 0:
			t.Fatalf("%q outside any component", l)
		}
	}
	if len(stack) != 0 {
		t.Fatalf("unclosed %v", stack)
	}
	if cal == nil {
		cal = parseICS(t, raw)
	}
	once := func(c *ical.Component, names ...string) {
		for _, n := range names {
			if k := len(c.Props[n]); k != 1 {
				t.Errorf("%s has %d %s, want 1", c.Name, k, n)
			}
		}
	}
	once(cal.Component, ical.PropProductID, ical.PropVersion, ical.PropCalendarScale, ical.PropMethod)
	if v := cal.Props.Get(ical.PropVersion).Value; v != "2.0" {
		t.Errorf("VERSION %q", v)
	}
	if v := cal.Props.Get(ical.PropMethod).Value; v != "PUBLISH" {
		t.Errorf("METHOD %q", v)
	}
	zones := map[string]bool{}
	for _, c := range cal.Children {
		switch c.Name {
		case ical.CompTimezone:
			once(c, ical.PropTimezoneID)
			zones[c.Props.Get(ical.PropTimezoneID).Value] = true
			for _, r := range c.Children {
				once(r, ical.PropDateTimeStart, ical.PropTimezoneOffsetFrom, ical.PropTimezoneOffsetTo, ical.PropRecurrenceRule)
			}
		case ical.CompEvent:
			once(c, ical.PropUID, ical.PropDateTimeStamp, ical.PropDateTimeStart, ical.PropDateTimeEnd,
				ical.PropSummary, ical.PropStatus, ical.PropSequence)
		default:
			t.Errorf("unexpected component %s", c.Name)
		}
	}
	if !zones["Europe/Prague"] {
		t.Error("no VTIMEZONE for Europe/Prague")
	}
	for _, e := range cal.Events() {
		for _, n := range []string{ical.PropDateTimeStart, ical.PropDateTimeEnd} {
			if tz := e.Props.Get(n).Params.Get(ical.ParamTimezoneID); !zones[tz] {
				t.Errorf("%s refers to undefined TZID %q", n, tz)
			}
		}
		start, err1 := e.DateTimeStart(nil)
		end, err2 := e.DateTimeEnd(nil)
		if err1 != nil || err2 != nil || !end.After(start) {
			t.Errorf("event %s: start %s, end %s (%v, %v)", e.Props.Get(ical.PropUID).Value, start, end, err1, err2)
		}
		if s, err := e.Status(); err != nil || !slices.Contains([]ical.EventStatus{ical.EventConfirmed, ical.EventCancelled}, s) {
			t.Errorf("STATUS %q: %v", s, err)
		}
	}
	if err := ical.NewEncoder(io.Discard).Encode(cal); err != nil {
		t.Errorf("go-ical rejects the calendar: %v", err)
	}
	return cal
}

func TestFeed(t *testing.T) {
	e := setup(t)
	// A meeting that ended more than a year before "now", made while it still lay ahead.
	e.clock.set(at(2025, time.January, 2, 10, 0))
	old := input("Loňské setkání")
	old.StartsAt, old.EndsAt, old.RegisterBy, old.TopicsBy = "2025-01-15T09:00", "2025-01-15T12:00", "2025-01-10T12:00", "2025-01-10T12:00"
	oldID := e.open(t, old)
	recent := input("Lednové setkání")
	recent.StartsAt, recent.EndsAt, recent.RegisterBy, recent.TopicsBy = "2026-01-15T09:00", "2026-01-15T12:00", "2026-01-10T12:00", "2026-01-10T12:00"
	recentID := e.open(t, recent)
	e.clock.set(at(2026, time.December, 1, 10, 0))

	draftID := e.create(t, input("Návrh setkání"))
	openIn := input("Prosincové setkání")
	openIn.OnlineURL = "https://meet.example.cz/tajny-odkaz"
	openID := e.open(t, openIn)
	cancelledID := e.open(t, input("Zrušené setkání"))
	if err := e.s.Transition(ctx, e.p.coordJMK, cancelledID, meeting.Cancel, meeting.Change{Reason: "Nemoc lektorky."}); err != nil {
		t.Fatalf("cancel: %v", err)
	}
	pak := input("Pardubické setkání")
	pakID, err := e.s.Create(ctx, e.p.metodikPAK, pak)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.s.Transition(ctx, e.p.metodikPAK, pakID, meeting.OpenUp, meeting.Change{}); err != nil {
		t.Fatal(err)
	}

	ms, err := e.s.Feed(ctx, e.p.coordJMK.RegionID)
	if err != nil {
		t.Fatalf("Feed: %v", err)
	}
	var ids []int64
	for _, m := range ms {
		ids = append(ids, m.ID)
	}

	t.Run("lists the region's meetings by start, cancelled included, drafts and old ones not", func(t *testing.T) {
		if want := []int64{recentID, openID, cancelledID}; !slices.Equal(ids, want) {
			t.Errorf("feed = %v, want %v (old %d, draft %d, other region %d)", ids, want, oldID, draftID, pakID)
		}
	})

	t.Run("carries no description or online link", func(t *testing.T) {
		for _, m := range ms {
			if m.Description != "" || m.OnlineURL != "" || m.OrganiserIDs != nil {
				t.Errorf("meeting %d carries private data: %q %q %v", m.ID, m.Description, m.OnlineURL, m.OrganiserIDs)
			}
		}
	})

	t.Run("encodes to a calendar that shows the cancellation", func(t *testing.T) {
		var b bytes.Buffer
		if err := meeting.WriteICS(&b, ms, meeting.ICSOptions{Name: "JMK", BaseURL: "https://hnizdo.example", Public: true, Now: e.clock.now()}); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b.Bytes(), []byte("tajny-odkaz")) {
			t.Error("online link in the feed")
		}
		evs := icsEvents(t, icsValidate(t, b.Bytes(), nil))
		if len(evs) != 3 {
			t.Fatalf("%d events, want 3", len(evs))
		}
		c := evs[fmt.Sprintf("meeting-%d@hnizdo", cancelledID)]
		if s, _ := c.Status(); s != ical.EventCancelled {
			t.Errorf("STATUS = %q", s)
		}
		if got := icsText(t, c.Component, ical.PropDescription); got != "Zrušeno: Nemoc lektorky." {
			t.Errorf("DESCRIPTION = %q", got)
		}
		start, err := evs[fmt.Sprintf("meeting-%d@hnizdo", openID)].DateTimeStart(nil)
		if err != nil || !start.Equal(time.Date(2026, 12, 15, 8, 0, 0, 0, time.UTC)) {
			t.Errorf("start = %s, %v", start, err)
		}
	})
}
