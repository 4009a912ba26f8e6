package office_test

import (
	"context"
	"errors"
	"testing"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db/dbtest"
	"hnizdo.cz/hnizdo/internal/office"
)

func TestReferenceData(t *testing.T) {
	t.Parallel()
	s := office.NewStore(dbtest.New(t))
	ctx := context.Background()
	regions, err := s.Regions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(regions) != 14 {
		t.Fatalf("%d regions, want 14", len(regions))
	}
	// Read once and kept: a caller changing its copy changes nobody else's.
	first := regions[0].Name
	regions[0].Name = "x"
	if again, err := s.Regions(ctx); err != nil || len(again) != 14 || again[0].Name != first || first == "" {
		t.Fatalf("regions again: %v %v", again, err)
	}
	for _, tc := range []struct {
		id       int16
		orp, reg int
	}{{11, 21, 1}, {9, 15, 1}} {
		counts, err := s.Counts(ctx, tc.id)
		if err != nil {
			t.Fatal(err)
		}
		if counts[office.ORP] != tc.orp || counts[office.Regional] != tc.reg {
			t.Errorf("region %d: %v", tc.id, counts)
		}
	}
	list, err := s.List(ctx, office.Filter{RegionID: 9})
	if err != nil {
		t.Fatal(err)
	}
	var pilots []string
	for _, o := range list {
		if o.Pilot {
			pilots = append(pilots, o.Municipality)
		}
	}
	if len(pilots) != 3 || pilots[0] != "Česká Třebová" || pilots[1] != "Lanškroun" || pilots[2] != "Žamberk" {
		t.Fatalf("pilot offices %v", pilots)
	}
	if list[0].Kind != office.Regional {
		t.Fatalf("the regional authority is not listed first: %s", list[0].Name)
	}
	// Czech order: "ch" is one letter that sorts after "h".
	idx := map[string]int{}
	for i, o := range list {
		idx[o.Municipality] = i
	}
	if !(idx["Holice"] < idx["Chrudim"] && idx["Chrudim"] < idx["Králíky"]) {
		t.Fatalf("not in Czech collation order: %v", idx)
	}
}

// TestUpdateIsAudited: an edit leaves one entry naming who, what and from → to.
func TestUpdateIsAudited(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	s := office.NewStore(pool)
	ctx := context.Background()
	list, err := s.List(ctx, office.Filter{Query: "Hlinsko"})
	if err != nil || len(list) != 1 {
		t.Fatalf("%v %v", list, err)
	}
	o := list[0]
	var adminID int64
	pool.QueryRow(ctx, `INSERT INTO users (email, name, office_id, roles) VALUES ('a@b.cz', 'Admin', $1, '{admin}') RETURNING id`, o.ID).Scan(&adminID)
	admin := &auth.User{ID: adminID, Roles: []auth.Role{auth.Admin}}
	in := office.Input{RegionID: o.RegionID, Kind: o.Kind, Name: "Městský úřad Hlinsko v Čechách", Municipality: o.Municipality, Version: o.Version}
	if err := s.Update(ctx, admin, o.ID, in); err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, admin, o.ID, in); !errors.Is(err, app.ErrConflict) {
		t.Fatalf("a stale version was saved: %v", err)
	}
	rows, err := audit.For(ctx, pool, "office", o.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Action != "office.update" || *rows[0].ActorID != adminID ||
		rows[0].From != "Městský úřad Hlinsko" || rows[0].To != "Městský úřad Hlinsko v Čechách" {
		t.Fatalf("audit %+v", rows)
	}
}

func TestOnlyAdministratorsChangeOffices(t *testing.T) {
	t.Parallel()
	s := office.NewStore(dbtest.New(t))
	in := office.Input{RegionID: 11, Kind: office.Partner, Name: "SAS Blansko", Municipality: "Blansko"}
	_, err := s.Create(context.Background(), &auth.User{ID: 1, Roles: []auth.Role{auth.Methodologist}}, in)
	if !errors.Is(err, app.ErrForbidden) {
		t.Fatalf("methodologist created an office: %v", err)
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name  string
		in    office.Input
		field string
	}{
		{"no name", office.Input{RegionID: 1, Kind: office.ORP, Municipality: "X"}, "name"},
		{"bad region", office.Input{RegionID: 15, Kind: office.ORP, Name: "A", Municipality: "X"}, "region"},
		{"bad kind", office.Input{RegionID: 1, Kind: "school", Name: "A", Municipality: "X"}, "kind"},
		{"bad phone", office.Input{RegionID: 1, Kind: office.ORP, Name: "A", Municipality: "X", Phone: "12"}, "phone"},
		{"bad e-mail", office.Input{RegionID: 1, Kind: office.ORP, Name: "A", Municipality: "X", Email: "a@"}, "email"},
		{"bad website", office.Input{RegionID: 1, Kind: office.ORP, Name: "A", Municipality: "X", Website: "javascript:alert(1)"}, "website"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var inv app.Invalid
			if err := tc.in.Validate(); !errors.As(err, &inv) || inv[tc.field] == "" {
				t.Fatalf("got %v, want an error at %s", err, tc.field)
			}
		})
	}
	ok := office.Input{RegionID: 11, Kind: office.ORP, Name: " Městský úřad Kuřim ", Municipality: "Kuřim", Phone: "+420 541 422 311", Website: "https://www.kurim.cz"}
	if err := ok.Validate(); err != nil || ok.Name != "Městský úřad Kuřim" {
		t.Fatalf("valid input refused: %v %q", err, ok.Name)
	}
}
