package server_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// Benchmarks of the main pages through the whole stack (router, session, user, SQL, view),
// over loopback against real Postgres. `make bench` runs them.
func BenchmarkPages(b *testing.B) {
	app := servertest.Start(b)
	c := app.Login(b, "metodik.jmk@hnizdo.test")
	var noteID int64
	if err := app.Pool.QueryRow(context.Background(), `SELECT id FROM notes WHERE status = 'published' ORDER BY id LIMIT 1`).Scan(&noteID); err != nil {
		b.Fatal(err)
	}
	note := "/notes/" + strconv.FormatInt(noteID, 10)
	var meetingID int64
	if err := app.Pool.QueryRow(context.Background(), `SELECT id FROM meetings WHERE starts_at < '2018-07-01'`).Scan(&meetingID); err != nil {
		b.Fatal(err)
	}
	meeting := "/meetings/" + strconv.FormatInt(meetingID, 10)
	var formID int64
	if err := app.Pool.QueryRow(context.Background(), `SELECT f.id FROM feedback_forms f JOIN meetings m ON m.id = f.meeting_id
		WHERE m.starts_at BETWEEN '2018-10-01' AND '2018-11-01'`).Scan(&formID); err != nil {
		b.Fatal(err)
	}
	form := "/feedback/" + strconv.FormatInt(formID, 10)
	var inspectionID, measureID, faqID int64
	if err := app.Pool.QueryRow(context.Background(), `SELECT i.id, (SELECT min(m.id) FROM measures m WHERE m.inspection_id = i.id)
		FROM inspections i JOIN regions r ON r.id = i.region_id WHERE r.slug = 'JHM' AND i.state = 'measures'`).Scan(&inspectionID, &measureID); err != nil {
		b.Fatal(err)
	}
	if err := app.Pool.QueryRow(context.Background(), `SELECT min(id) FROM questions WHERE state = 'published'`).Scan(&faqID); err != nil {
		b.Fatal(err)
	}
	inspection := "/oversight/inspections/" + strconv.FormatInt(inspectionID, 10)
	var toolID, zamberkID int64
	if err := app.Pool.QueryRow(context.Background(), `SELECT (SELECT id FROM tools WHERE name = 'Karty rodičovských dovedností'),
		(SELECT id FROM offices WHERE name = 'Městský úřad Žamberk')`).Scan(&toolID, &zamberkID); err != nil {
		b.Fatal(err)
	}
	tool := "/nest/tools/" + strconv.FormatInt(toolID, 10)
	for _, path := range []string{"/", "/offices", "/offices?region=0&q=brno", "/login",
		"/notes", "/notes?q=pestounska+pece", "/notes?q=karty&area=15", "/notes/mine", note, note + "/history",
		"/meetings", meeting, meeting + "/topics", meeting + "/agenda", meeting + "/minutes", meeting + "/participants",
		"/feedback", form, form + "/results", form + "/report", form + "/summary.csv", form + "/results.xlsx",
		"/oversight", "/oversight/plan", "/oversight/inspections", inspection, inspection + "/checklist", inspection + "/protocol",
		inspection + "/protocol.pdf", "/oversight/measures?show=overdue", "/oversight/measures/" + strconv.FormatInt(measureID, 10),
		"/oversight/overview", "/oversight/visits", "/questions", "/faq", "/faq?q=skoleni", "/faq/" + strconv.FormatInt(faqID, 10),
		"/nest?region=9", tool, tool + "/spread", "/nest/matrix?region=9", "/nest/matrix.csv?region=9", "/nest/pilots?region=9",
		"/nest/offices/" + strconv.FormatInt(zamberkID, 10)} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				if res := c.Get(path); res.StatusCode != http.StatusOK && res.StatusCode != http.StatusSeeOther {
					b.Fatalf("%s: %d", path, res.StatusCode)
				}
			}
		})
	}
}
