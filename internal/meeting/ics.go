package meeting

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"hnizdo.cz/hnizdo/internal/i18n"
)

// Feed lists the meetings of region for its calendar feed: every meeting but drafts, cancelled
// ones included so subscribers see the cancellation, that ended less than a year ago or lie
// ahead, by start. The feed is served without login, so the description and the online link
// are blanked here rather than trusting every caller to leave them out.
func (s *Store) Feed(ctx context.Context, region int16) ([]Meeting, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+cols+from+`
		WHERE m.region_id = $1 AND m.status <> 'draft' AND m.ends_at > $2
		ORDER BY m.starts_at, m.id LIMIT 1000`, region, s.now().AddDate(-1, 0, 0))
	if err != nil {
		return nil, fmt.Errorf("meeting: feed of %d: %w", region, err)
	}
	ms, err := pgx.CollectRows(rows, pgx.RowToStructByName[Meeting])
	if err != nil {
		return nil, fmt.Errorf("meeting: feed of %d: %w", region, err)
	}
	for i := range ms {
		ms[i].Description, ms[i].OnlineURL, ms[i].OrganiserIDs = "", "", nil
	}
	return ms, nil
}

// ICSOptions shape one iCalendar file.
type ICSOptions struct {
	Name    string // the calendar's name in calendar apps
	BaseURL string // the portal's address, e.g. "https://hnizdo.cz"; events link to the meeting page
	// Public is for the region feed, served without login: no description, no online link.
	Public bool
	Now    time.Time // the stamp of every event; time.Now when zero
}

// The fixed texts of the file. A calendar file has no reader language, so they are Czech.
const (
	icsProdID       = "-//Hnízdo//Setkání//CS"
	icsCancelPrefix = "ZRUŠENO: "
	icsCancelReason = "Zrušeno: "
	icsOnline       = "Připojení online: "
	icsTZ           = "Europe/Prague"
)

// icsTimezone describes Europe/Prague by the EU rule (since 1996) so calendar apps that do not
// know the zone by its name still put the meetings at the right hour.
var icsTimezone = []string{
	"BEGIN:VTIMEZONE",
	"TZID:" + icsTZ,
	"X-LIC-LOCATION:" + icsTZ,
	"BEGIN:DAYLIGHT",
	"TZOFFSETFROM:+0100",
	"TZOFFSETTO:+0200",
	"TZNAME:CEST",
	"DTSTART:19700329T020000",
	"RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
	"END:DAYLIGHT",
	"BEGIN:STANDARD",
	"TZOFFSETFROM:+0200",
	"TZOFFSETTO:+0100",
	"TZNAME:CET",
	"DTSTART:19701025T030000",
	"RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
	"END:STANDARD",
	"END:VTIMEZONE",
}

// WriteICS writes ms as one iCalendar (RFC 5545) file. Drafts are left out: nobody outside the
// organisers may learn of them, and a calendar file travels.
func WriteICS(w io.Writer, ms []Meeting, o ICSOptions) error {
	now := o.Now
	if now.IsZero() {
		now = time.Now()
	}
	var c icsBuf
	c.line("BEGIN:VCALENDAR")
	c.line("VERSION:2.0")
	c.text("PRODID", icsProdID)
	c.line("CALSCALE:GREGORIAN")
	c.line("METHOD:PUBLISH")
	if o.Name != "" {
		c.text("X-WR-CALNAME", o.Name)
		c.text("NAME", o.Name)
	}
	c.line("X-WR-TIMEZONE:" + icsTZ)
	// Subscribed feeds are polled; an hour keeps a cancellation from going unseen for long.
	c.line("REFRESH-INTERVAL;VALUE=DURATION:PT1H")
	c.line("X-PUBLISHED-TTL:PT1H")
	for _, l := range icsTimezone {
		c.line(l)
	}
	for i := range ms {
		if ms[i].Status != Draft {
			c.event(&ms[i], o, now)
		}
	}
	c.line("END:VCALENDAR")
	if _, err := w.Write(c.b.Bytes()); err != nil {
		return fmt.Errorf("meeting: write ics: %w", err)
	}
	return nil
}

func (c *icsBuf) event(m *Meeting, o ICSOptions, now time.Time) {
	cancelled := m.Status == Cancelled
	c.line("BEGIN:VEVENT")
	c.line("UID:meeting-" + strconv.FormatInt(m.ID, 10) + "@hnizdo")
	c.line("DTSTAMP:" + icsUTC(now))
	c.line("DTSTART;TZID=" + icsTZ + ":" + m.StartsAt.In(i18n.Prague).Format("20060102T150405"))
	c.line("DTEND;TZID=" + icsTZ + ":" + m.EndsAt.In(i18n.Prague).Format("20060102T150405"))
	title := m.Title
	if cancelled {
		title = icsCancelPrefix + title
	}
	c.text("SUMMARY", title)
	var where []string
	for _, s := range []string{m.Venue, m.Address} {
		if s != "" {
			where = append(where, s)
		}
	}
	if len(where) == 0 && !o.Public && m.OnlineURL != "" {
		where = append(where, m.OnlineURL)
	}
	if len(where) > 0 {
		c.text("LOCATION", strings.Join(where, ", "))
	}
	var desc []string
	if cancelled && m.CancelReason != "" {
		desc = append(desc, icsCancelReason+m.CancelReason)
	}
	if !o.Public {
		if m.Description != "" {
			desc = append(desc, m.Description)
		}
		if m.OnlineURL != "" {
			desc = append(desc, icsOnline+m.OnlineURL)
		}
	}
	if len(desc) > 0 {
		c.text("DESCRIPTION", strings.Join(desc, "\n\n"))
	}
	if o.BaseURL != "" {
		c.line("URL:" + strings.TrimRight(o.BaseURL, "/") + "/meetings/" + strconv.FormatInt(m.ID, 10))
	}
	status, seq := "CONFIRMED", m.Version
	if cancelled {
		// Cancelling does not raise the version, yet calendar apps keep an event unless the new
		// copy has a higher SEQUENCE; a cancelled meeting is never edited again, so +1 is safe.
		status, seq = "CANCELLED", m.Version+1
	}
	c.line("STATUS:" + status)
	c.line("SEQUENCE:" + strconv.FormatInt(int64(seq), 10))
	if !m.UpdatedAt.IsZero() {
		c.line("LAST-MODIFIED:" + icsUTC(m.UpdatedAt))
	}
	c.line("END:VEVENT")
}

func icsUTC(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icsBuf collects the content lines of a file, folded and CRLF-terminated.
type icsBuf struct{ b bytes.Buffer }

// text writes a TEXT property, escaped as RFC 5545 §3.3.11 demands.
func (c *icsBuf) text(name, value string) {
	var v strings.Builder
	value = strings.ReplaceAll(value, "\r\n", "\n")
	for _, r := range value {
		switch {
		case r == '\\' || r == ';' || r == ',':
			v.WriteByte('\\')
			v.WriteRune(r)
		case r == '\n':
			v.WriteString(`\n`)
		case r == '\t' || r >= 0x20 && r != 0x7f:
			v.WriteRune(r)
		}
		// Other control characters are not allowed in a TEXT value; they are dropped.
	}
	c.line(name + ":" + v.String())
}

// line writes one content line folded at 75 octets (RFC 5545 §3.1), never inside a UTF-8
// sequence: calendar apps that unfold byte-wise would otherwise garble Czech letters.
func (c *icsBuf) line(l string) {
	limit := 75
	for len(l) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(l[cut]) {
			cut--
		}
		c.b.WriteString(l[:cut])
		c.b.WriteString("\r\n ")
		l = l[cut:]
		limit = 74 // the leading space of a continuation line counts
	}
	c.b.WriteString(l)
	c.b.WriteString("\r\n")
}
