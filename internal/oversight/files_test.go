package oversight_test

import (
	"errors"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/oversight"
	"hnizdo.cz/hnizdo/internal/upload"
)

const flLimit = 1 << 20

// flPDF is the smallest content package upload accepts as a PDF.
var flPDF = []byte("%PDF-1.4\n% evidence\n")

// flDownloads reads file id's download counter.
func (e env) flDownloads(t *testing.T, id int64) int {
	t.Helper()
	var n int
	if err := e.pool.QueryRow(ctx, `SELECT downloads FROM files WHERE id = $1`, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// flInsert stores a file directly, as another capability would, and returns its id.
func (e env) flInsert(t *testing.T, by int64, name string) int64 {
	t.Helper()
	var id int64
	if err := e.pool.QueryRow(ctx, `INSERT INTO files (name, mime, size, sha256, data, uploaded_by)
		VALUES ($1, 'application/pdf', $2, sha256($3), $3, $4) RETURNING id`, name, len(flPDF), flPDF, by).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestAttachToFinding(t *testing.T) {
	e := setup(t)
	p := e.p
	id := e.onsite(t, e.slap)
	finding := e.clRate(t, id, "8a", oversight.Partly, "Chybí písemná pravidla pro přijímání oznámení.")

	t.Run("a methodologist attaches evidence and it is audited", func(t *testing.T) {
		fid, err := e.s.AttachToFinding(ctx, p.metodik, finding, "../Zápis z kontroly.pdf", flPDF, flLimit)
		if err != nil {
			t.Fatal(err)
		}
		byFinding, err := e.s.InspectionFiles(ctx, p.metodik, id)
		if err != nil {
			t.Fatal(err)
		}
		files := byFinding[finding]
		if len(files) != 1 || files[0].ID != fid || files[0].Name != "Zápis z kontroly.pdf" || files[0].Mime != "application/pdf" ||
			files[0].Size != int32(len(flPDF)) {
			t.Fatalf("files = %+v", files)
		}
		if n := e.clAudit(t, "inspection", id, "inspection.file"); n != 1 {
			t.Fatalf("%d audit rows", n)
		}
		c, err := e.s.Checklist(ctx, p.metodik, id)
		if err != nil {
			t.Fatal(err)
		}
		if rows := c.Standards[7].Rows; rows[0].Criterion.Code != "8a" || len(rows[0].Files) != 1 || rows[0].Files[0].ID != fid {
			t.Fatalf("checklist row = %+v", rows[0])
		}
	})
	t.Run("the office cannot attach to its findings", func(t *testing.T) {
		if _, err := e.s.AttachToFinding(ctx, p.headSlap, finding, "a.pdf", flPDF, flLimit); !errors.Is(err, app.ErrForbidden) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("another region does not find the finding", func(t *testing.T) {
		if _, err := e.s.AttachToFinding(ctx, p.metodikPAK, finding, "a.pdf", flPDF, flLimit); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
		if _, err := e.s.AttachToFinding(ctx, p.metodik, 0, "a.pdf", flPDF, flLimit); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("unknown: %v", err)
		}
	})
	t.Run("an oversized or disguised file is refused", func(t *testing.T) {
		var tl *oversight.TooLarge
		if _, err := e.s.AttachToFinding(ctx, p.metodik, finding, "a.pdf", flPDF, 5); !errors.As(err, &tl) || tl.Limit != 5 {
			t.Fatalf("too large: %v", err)
		}
		if _, err := e.s.AttachToFinding(ctx, p.metodik, finding, "a.pdf", []byte("<html>"), flLimit); !errors.Is(err, upload.ErrUnsupported) {
			t.Fatalf("html: %v", err)
		}
		if _, err := e.s.AttachToFinding(ctx, p.metodik, finding, "a.png", flPDF, flLimit); !errors.Is(err, upload.ErrMismatch) {
			t.Fatalf("mismatch: %v", err)
		}
	})
	t.Run("evidence is added until the objections are decided", func(t *testing.T) {
		e.delivered(t, id)
		if _, err := e.s.AttachToFinding(ctx, p.metodik2, finding, "doplneni.pdf", flPDF, flLimit); err != nil {
			t.Fatalf("protocol: %v", err)
		}
		e.clock.set(clAt(2026, time.March, 20))
		defer e.clock.set(clAt(2026, time.March, 2))
		e.step(t, id, oversight.Step{To: oversight.Decided})
		if _, err := e.s.AttachToFinding(ctx, p.metodik, finding, "pozde.pdf", flPDF, flLimit); !errors.Is(err, oversight.ErrChecklistClosed) {
			t.Fatalf("decided: %v", err)
		}
		var n int
		if err := e.pool.QueryRow(ctx, `SELECT count(*) FROM finding_files WHERE finding_id = $1`, finding).Scan(&n); err != nil || n != 2 {
			t.Fatalf("%d files, %v", n, err)
		}
	})
}

// TestFileVisibility: evidence is served by what it is evidence of, to exactly those who may see
// that, and nothing else in the files table leaks through this door.
func TestFileVisibility(t *testing.T) {
	e := setup(t)
	p := e.p
	id := e.onsite(t, e.slap)
	finding := e.clRate(t, id, "8a", oversight.Partly, "Chybí písemná pravidla pro přijímání oznámení.")
	fid, err := e.s.AttachToFinding(ctx, p.metodik, finding, "zapis.pdf", flPDF, flLimit)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.s.File(ctx, p.headSlap, fid); !errors.Is(err, app.ErrNotFound) {
		t.Fatalf("the office read a draft's evidence: %v", err)
	}
	e.delivered(t, id)

	t.Run("a finding's file is served to the region and the inspected office", func(t *testing.T) {
		for _, u := range []*auth.User{p.metodik, p.headSlap, p.jana} {
			d, err := e.s.File(ctx, u, fid)
			if err != nil {
				t.Fatalf("%s: %v", u.Name, err)
			}
			if d.Name != "zapis.pdf" || d.Mime != "application/pdf" || string(d.Data) != string(flPDF) {
				t.Fatalf("download = %q %q %q", d.Name, d.Mime, d.Data)
			}
		}
		if n := e.flDownloads(t, fid); n != 3 {
			t.Fatalf("%d downloads", n)
		}
	})
	t.Run("a finding's file is not found by anyone else", func(t *testing.T) {
		for _, u := range []*auth.User{p.headBlan, p.metodikPAK, p.coord} {
			if _, err := e.s.File(ctx, u, fid); !errors.Is(err, app.ErrNotFound) {
				t.Fatalf("%s: %v", u.Name, err)
			}
			if _, err := e.s.InspectionFiles(ctx, u, id); !errors.Is(err, app.ErrNotFound) {
				t.Fatalf("%s list: %v", u.Name, err)
			}
		}
		if n := e.flDownloads(t, fid); n != 3 {
			t.Fatalf("%d downloads", n)
		}
	})
	t.Run("a note's file is not served here", func(t *testing.T) {
		var note int64
		if err := e.pool.QueryRow(ctx, `INSERT INTO notes (title, author_id, office_id, region_id, review_by)
			VALUES ('Postup', $1, $2, $3, '2027-01-01') RETURNING id`, p.metodik.ID, p.metodik.OfficeID, p.metodik.RegionID).Scan(&note); err != nil {
			t.Fatal(err)
		}
		nf := e.flInsert(t, p.metodik.ID, "postup.pdf")
		if _, err := e.pool.Exec(ctx, `INSERT INTO note_files (note_id, file_id) VALUES ($1, $2)`, note, nf); err != nil {
			t.Fatal(err)
		}
		if _, err := e.s.File(ctx, p.metodik, nf); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
		if _, err := e.s.File(ctx, p.metodik, nf+1000); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("unknown: %v", err)
		}
	})
	t.Run("a measure's file is served to the region and the bound office", func(t *testing.T) {
		var measure int64
		if err := e.pool.QueryRow(ctx, `INSERT INTO measures (inspection_id, finding_id, office_id, responsible_id, due, description, created_by)
			VALUES ($1, $2, $3, $4, '2026-06-30', 'Zpracovat pravidla.', $5) RETURNING id`,
			id, finding, e.slap, p.headSlap.ID, p.metodik.ID).Scan(&measure); err != nil {
			t.Fatal(err)
		}
		mf := e.flInsert(t, p.headSlap.ID, "pravidla.pdf")
		if _, err := e.pool.Exec(ctx, `INSERT INTO measure_files (measure_id, file_id) VALUES ($1, $2)`, measure, mf); err != nil {
			t.Fatal(err)
		}
		for _, u := range []*auth.User{p.metodik2, p.headSlap, p.jana} {
			if d, err := e.s.File(ctx, u, mf); err != nil || d.Name != "pravidla.pdf" {
				t.Fatalf("%s: %v", u.Name, err)
			}
		}
		for _, u := range []*auth.User{p.headBlan, p.metodikPAK, p.coord} {
			if _, err := e.s.File(ctx, u, mf); !errors.Is(err, app.ErrNotFound) {
				t.Fatalf("%s: %v", u.Name, err)
			}
		}
		if n := e.flDownloads(t, mf); n != 3 {
			t.Fatalf("%d downloads", n)
		}
	})
}
