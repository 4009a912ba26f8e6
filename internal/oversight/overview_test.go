package oversight_test

import (
	"errors"
	"slices"
	"testing"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/oversight"
)

// More criteria, by code.
const (
	id5b int16 = 13
	id6a int16 = 17
)

type rated struct {
	criterion int16
	rating    oversight.Rating
}

// inspected takes an inspection of office through the checklist with ratings; delivered also
// issues the protocol. Another region's inspections are planned and performed by metodikPAK.
func (e env) inspected(t *testing.T, u *auth.User, office int64, delivered bool, ratings ...rated) (int64, map[int16]int64) {
	t.Helper()
	id, err := e.s.Plan(ctx, u, oversight.PlanInput{OfficeID: office, Year: 2026, Quarter: 1, Kind: oversight.Standards,
		Team: []int64{u.ID}})
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	for _, st := range []oversight.Step{
		{To: oversight.Notified, Date: date(2026, 2, 16)},
		{To: oversight.Onsite, From: date(2026, 2, 23), Until: date(2026, 2, 24)},
	} {
		st.Version = e.version(t, id)
		if err := e.s.Advance(ctx, u, id, st); err != nil {
			t.Fatalf("step to %s: %v", st.To, err)
		}
	}
	found := map[int16]int64{}
	for _, r := range ratings {
		found[r.criterion] = assessAs(t, e, u, id, r.criterion, r.rating)
	}
	if delivered {
		st := oversight.Step{To: oversight.Protocol, Issued: date(2026, 2, 26), Delivered: date(2026, 2, 27), Version: e.version(t, id)}
		if err := e.s.Advance(ctx, u, id, st); err != nil {
			t.Fatalf("protocol: %v", err)
		}
	}
	return id, found
}

func TestOverview(t *testing.T) {
	e := setup(t)
	m := e.p.metodik
	_, fa := e.inspected(t, m, e.slap, true, rated{id8a, oversight.Partly}, rated{id8b, oversight.NotMet},
		rated{id5b, oversight.Partly}, rated{id2a, oversight.Met})
	_, fb := e.inspected(t, m, e.blan, true, rated{id8a, oversight.NotMet}, rated{id12a, oversight.Partly},
		rated{id6a, oversight.Partly})
	c, fc := e.inspected(t, m, e.slap, true, rated{id12a, oversight.NotMet}, rated{id8b, oversight.Partly})
	if _, err := e.pool.Exec(ctx, `UPDATE inspections SET year = 2025 WHERE id = $1`, c); err != nil {
		t.Fatal(err)
	}
	// Blansko again in 2026: one office in one year is no repeat.
	e.inspected(t, m, e.blan, true, rated{id6a, oversight.NotMet})
	// A checklist still on site is a draft and counts nowhere.
	e.inspected(t, m, e.slap, false, rated{id5b, oversight.NotMet}, rated{id2a, oversight.Partly})
	// Pardubice's findings would make 5b repeat if they leaked into Jihomoravský kraj.
	pardubice := e.user(t, "Petra Pardubická", "Magistrát města Pardubic", auth.Head).OfficeID
	e.inspected(t, e.p.metodikPAK, pardubice, true, rated{id8a, oversight.NotMet}, rated{id5b, oversight.Partly})

	type row struct {
		code                   string
		partly, notMet, office int
	}
	rows := func(o *oversight.Overview) []row {
		var out []row
		for _, c := range o.Criteria {
			out = append(out, row{c.Code, c.Partly, c.NotMet, c.Offices})
		}
		return out
	}

	t.Run("a year counts concluded findings by standard and criterion", func(t *testing.T) {
		o, err := e.s.Overview(ctx, m, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if o.Year != 2026 || o.Inspections != 4 || o.ByState[oversight.Protocol] != 3 || o.ByState[oversight.Onsite] != 1 || len(o.ByState) != 2 {
			t.Fatalf("inspections = %d %v", o.Inspections, o.ByState)
		}
		want := []row{{"5b", 1, 0, 1}, {"6a", 1, 1, 1}, {"8a", 1, 1, 2}, {"8b", 0, 1, 1}, {"12a", 1, 0, 1}}
		if got := rows(o); !slices.Equal(got, want) {
			t.Fatalf("criteria = %v, want %v", got, want)
		}
		c := o.Criteria[2]
		if c.StandardID != 8 || c.CriterionID != id8a || c.StandardName != "Přijetí oznámení, posouzení naléhavosti a přidělení případu" ||
			c.Text != "Oznámení jsou přijímána jednotným postupem." {
			t.Fatalf("8a = %+v", c)
		}
	})
	t.Run("another year and all years", func(t *testing.T) {
		o, err := e.s.Overview(ctx, m, 2025)
		if err != nil {
			t.Fatal(err)
		}
		if want := []row{{"8b", 1, 0, 1}, {"12a", 0, 1, 1}}; o.Inspections != 1 || !slices.Equal(rows(o), want) {
			t.Fatalf("2025: %d %v", o.Inspections, rows(o))
		}
		if o, err = e.s.Overview(ctx, m, 0); err != nil {
			t.Fatal(err)
		}
		want := []row{{"5b", 1, 0, 1}, {"6a", 1, 1, 1}, {"8a", 1, 1, 2}, {"8b", 1, 1, 1}, {"12a", 1, 1, 2}}
		if o.Inspections != 5 || !slices.Equal(rows(o), want) {
			t.Fatalf("all: %d %v", o.Inspections, rows(o))
		}
	})
	t.Run("repeats across offices and across years, whatever the year", func(t *testing.T) {
		for _, year := range []int16{0, 2025, 2026} {
			o, err := e.s.Overview(ctx, m, year)
			if err != nil {
				t.Fatal(err)
			}
			var codes []string
			for _, r := range o.Repeated {
				codes = append(codes, r.Code)
			}
			if !slices.Equal(codes, []string{"8a", "8b", "12a"}) {
				t.Fatalf("%d: repeated = %v", year, codes)
			}
			r := o.Repeated
			if r[0].Offices != 2 || !slices.Equal(r[0].Years, []int16{2026}) ||
				!slices.Equal(r[0].OfficeNames, []string{"Městský úřad Blansko", "Městský úřad Šlapanice"}) ||
				!slices.Equal(r[0].FindingIDs, []int64{fa[id8a], fb[id8a]}) {
				t.Fatalf("8a = %+v", r[0])
			}
			if r[1].Offices != 1 || !slices.Equal(r[1].Years, []int16{2025, 2026}) ||
				!slices.Equal(r[1].OfficeNames, []string{"Městský úřad Šlapanice"}) ||
				!slices.Equal(r[1].FindingIDs, []int64{fa[id8b], fc[id8b]}) {
				t.Fatalf("8b = %+v", r[1])
			}
			if r[2].Offices != 2 || !slices.Equal(r[2].Years, []int16{2025, 2026}) ||
				!slices.Equal(r[2].FindingIDs, []int64{fb[id12a], fc[id12a]}) || r[2].QuestionID != 0 || r[2].NoteID != 0 {
				t.Fatalf("12a = %+v", r[2])
			}
		}
	})
	t.Run("one repeat links the FAQ entry and the note spawned from it", func(t *testing.T) {
		var q, n int64
		err := e.pool.QueryRow(ctx, `
			INSERT INTO questions (region_id, office_id, asker_id, title, due)
			VALUES ($1, $2, $3, 'Jak vést evidenci stížností?', '2026-04-01') RETURNING id`,
			m.RegionID, m.OfficeID, m.ID).Scan(&q)
		if err != nil {
			t.Fatal(err)
		}
		err = e.pool.QueryRow(ctx, `
			INSERT INTO notes (title, author_id, office_id, region_id, review_by)
			VALUES ('Spisová dokumentace', $1, $2, $3, '2027-03-01') RETURNING id`, m.ID, m.OfficeID, m.RegionID).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.pool.Exec(ctx, `INSERT INTO question_findings VALUES ($1, $2)`, q, fc[id12a]); err != nil {
			t.Fatal(err)
		}
		if _, err := e.pool.Exec(ctx, `INSERT INTO note_findings VALUES ($1, $2)`, n, fb[id12a]); err != nil {
			t.Fatal(err)
		}
		r, err := e.s.Repeated(ctx, m, id12a)
		if err != nil {
			t.Fatal(err)
		}
		if r.Code != "12a" || r.QuestionID != q || r.NoteID != n || !slices.Equal(r.FindingIDs, []int64{fb[id12a], fc[id12a]}) {
			t.Fatalf("repeat = %+v", r)
		}
	})
	t.Run("a criterion that does not repeat is not found", func(t *testing.T) {
		for _, c := range []int16{id6a, id5b, id2a, 0} {
			if _, err := e.s.Repeated(ctx, m, c); !errors.Is(err, app.ErrNotFound) {
				t.Fatalf("%d: err = %v", c, err)
			}
		}
	})
	t.Run("English texts for an English reader", func(t *testing.T) {
		en := *m
		en.Lang = "en"
		o, err := e.s.Overview(ctx, &en, 2026)
		if err != nil {
			t.Fatal(err)
		}
		if c := o.Criteria[2]; c.StandardName != "Receiving a report, assessing urgency and assigning the case" ||
			c.Text != "Reports are received by a uniform procedure." {
			t.Fatalf("8a = %+v", c)
		}
	})
	t.Run("another region sees only its own", func(t *testing.T) {
		o, err := e.s.Overview(ctx, e.p.metodikPAK, 0)
		if err != nil {
			t.Fatal(err)
		}
		if want := []row{{"5b", 1, 0, 1}, {"8a", 0, 1, 1}}; o.Inspections != 1 || !slices.Equal(rows(o), want) || len(o.Repeated) != 0 {
			t.Fatalf("PAK: %d %v %v", o.Inspections, rows(o), o.Repeated)
		}
		if _, err := e.s.Repeated(ctx, e.p.metodikPAK, id8a); !errors.Is(err, app.ErrNotFound) {
			t.Fatalf("repeat: %v", err)
		}
	})
	t.Run("nobody but methodologists", func(t *testing.T) {
		for _, u := range []*auth.User{e.p.headSlap, e.p.jana, e.p.coord, e.p.admin} {
			if _, err := e.s.Overview(ctx, u, 0); !errors.Is(err, app.ErrForbidden) {
				t.Fatalf("%s: overview %v", u.Name, err)
			}
			if _, err := e.s.Repeated(ctx, u, id8a); !errors.Is(err, app.ErrForbidden) {
				t.Fatalf("%s: repeat %v", u.Name, err)
			}
		}
	})
}
