// Package office keeps the regions (kraje) and the offices in them: regional authorities
// (KÚ), ORP offices, Brno's city-district offices and partner services.
package office

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
)

// Kind is the kind of office.
type Kind string

const (
	Regional Kind = "regional" // krajský úřad
	ORP      Kind = "orp"      // obec s rozšířenou působností
	District Kind = "district" // úřad městské části (Brno)
	Partner  Kind = "partner"  // partner service, e.g. SAS for families
)

// Kinds lists every kind in display order.
var Kinds = []Kind{Regional, ORP, District, Partner}

// Region is a kraj.
type Region struct {
	ID   int16  `db:"id"`
	Code string `db:"code"`
	Slug string `db:"slug"`
	Name string `db:"name"`
}

// Office is one office.
type Office struct {
	ID           int64     `db:"id"`
	RegionID     int16     `db:"region_id"`
	RegionName   string    `db:"region_name"`
	Kind         Kind      `db:"kind"`
	Name         string    `db:"name"`
	Municipality string    `db:"municipality"`
	Address      string    `db:"address"`
	Email        string    `db:"email"`
	Phone        string    `db:"phone"`
	Website      string    `db:"website"`
	Pilot        bool      `db:"pilot"`
	Version      int32     `db:"version"`
	UpdatedAt    time.Time `db:"updated_at"`
}

// Store reads and writes regions and offices.
type Store struct {
	pool    *pgxpool.Pool
	regions struct { // see Regions
		sync.Mutex
		list []Region
	}
}

// NewStore returns a store on pool.
func NewStore(pool *pgxpool.Pool) *Store { return &Store{pool: pool} }

// Regions lists all regions by name. The fourteen regions are reference data that only a
// migration changes, and many pages offer them in a filter, so they are read once.
func (s *Store) Regions(ctx context.Context) ([]Region, error) {
	s.regions.Lock()
	defer s.regions.Unlock()
	if s.regions.list == nil {
		rows, err := s.pool.Query(ctx, `SELECT id, code, slug, name FROM regions ORDER BY name COLLATE "cs-CZ-x-icu"`)
		if err != nil {
			return nil, fmt.Errorf("office: regions: %w", err)
		}
		list, err := pgx.CollectRows(rows, pgx.RowToStructByName[Region])
		if err != nil {
			return nil, fmt.Errorf("office: regions: %w", err)
		}
		s.regions.list = list
	}
	return slices.Clone(s.regions.list), nil
}

// Filter narrows an office list.
type Filter struct {
	RegionID int16  // 0 = all regions
	Kind     Kind   // "" = all kinds
	Query    string // part of the name or municipality, diacritics and case ignored
}

const cols = `o.id, o.region_id, r.name AS region_name, o.kind, o.name, o.municipality, o.address,
	o.email, o.phone, o.website, o.pilot, o.version, o.updated_at`

// List returns the offices matching f: the regional authority first, then by name.
func (s *Store) List(ctx context.Context, f Filter) ([]Office, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT `+cols+` FROM offices o JOIN regions r ON r.id = o.region_id
		WHERE ($1 = 0 OR o.region_id = $1)
		  AND ($2 = '' OR o.kind = $2)
		  AND ($3 = '' OR lower(o.name || ' ' || o.municipality) LIKE '%' || lower($3) || '%'
		       OR translate(lower(o.name || ' ' || o.municipality), 'áčďéěíňóřšťúůýž', 'acdeeinorstuuyz')
		          LIKE '%' || translate(lower($3), 'áčďéěíňóřšťúůýž', 'acdeeinorstuuyz') || '%')
		ORDER BY r.name COLLATE "cs-CZ-x-icu", o.kind = 'regional' DESC, o.name COLLATE "cs-CZ-x-icu"`,
		f.RegionID, string(f.Kind), strings.TrimSpace(f.Query))
	if err != nil {
		return nil, fmt.Errorf("office: list: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Office])
}

// Get returns one office.
func (s *Store) Get(ctx context.Context, id int64) (*Office, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+cols+` FROM offices o JOIN regions r ON r.id = o.region_id WHERE o.id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("office: get %d: %w", id, err)
	}
	o, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[Office])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, app.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("office: get %d: %w", id, err)
	}
	return o, nil
}

// Input is what an administrator edits.
type Input struct {
	RegionID     int16
	Kind         Kind
	Name         string
	Municipality string
	Address      string
	Email        string
	Phone        string
	Website      string
	Pilot        bool
	Version      int32 // the version the form was loaded at (edits only)
}

// Validate trims the fields and returns a message key per bad field.
func (in *Input) Validate() error {
	v := app.Invalid{}
	for _, p := range []*string{&in.Name, &in.Municipality, &in.Address, &in.Email, &in.Phone, &in.Website} {
		*p = strings.TrimSpace(*p)
	}
	if in.RegionID < 1 || in.RegionID > 14 {
		v.Add("region", "err.choose_region")
	}
	valid := false
	for _, k := range Kinds {
		valid = valid || in.Kind == k
	}
	if !valid {
		v.Add("kind", "err.choose_kind")
	}
	req := func(field, val string, max int) {
		if val == "" {
			v.Add(field, "err.required")
		} else if utf8.RuneCountInString(val) > max {
			v.Add(field, "err.too_long")
		}
	}
	req("name", in.Name, 200)
	req("municipality", in.Municipality, 100)
	if utf8.RuneCountInString(in.Address) > 300 {
		v.Add("address", "err.too_long")
	}
	if in.Email != "" {
		if a, err := mail.ParseAddress(in.Email); err != nil || a.Address != in.Email {
			v.Add("email", "err.email")
		}
	}
	if in.Phone != "" && !phoneOK(in.Phone) {
		v.Add("phone", "err.phone")
	}
	if in.Website != "" {
		u, err := url.Parse(in.Website)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			v.Add("website", "err.url")
		}
	}
	return v.Err()
}

func phoneOK(p string) bool {
	digits := 0
	for _, r := range p {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '+' || r == '-' || r == '(' || r == ')':
		default:
			return false
		}
	}
	return digits >= 9 && digits <= 15
}

// Create adds an office. Only administrators may.
func (s *Store) Create(ctx context.Context, actor *auth.User, in Input) (int64, error) {
	if !actor.Can(auth.ManageOffices) {
		return 0, app.ErrForbidden
	}
	if err := in.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `
			INSERT INTO offices (region_id, kind, name, municipality, address, email, phone, website, pilot)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			in.RegionID, in.Kind, in.Name, in.Municipality, in.Address, in.Email, in.Phone, in.Website, in.Pilot).Scan(&id)
		if db.UniqueViolation(err, "") {
			return app.Invalid{"name": "err.office_exists"}
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: actor.ID, Action: "office.create", ObjectType: "office", ObjectID: id, To: in.Name})
	})
	if err != nil {
		return 0, wrap("create", 0, err)
	}
	return id, nil
}

// Update changes an office. The version column catches two administrators editing the same
// office at once: the second save gets app.ErrConflict instead of overwriting the first.
func (s *Store) Update(ctx context.Context, actor *auth.User, id int64, in Input) error {
	if !actor.Can(auth.ManageOffices) {
		return app.ErrForbidden
	}
	if err := in.Validate(); err != nil {
		return err
	}
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var oldName string
		var version int32
		err := tx.QueryRow(ctx, `SELECT name, version FROM offices WHERE id = $1 FOR UPDATE`, id).Scan(&oldName, &version)
		if errors.Is(err, pgx.ErrNoRows) {
			return app.ErrNotFound
		}
		if err != nil {
			return err
		}
		if version != in.Version {
			return app.ErrConflict
		}
		_, err = tx.Exec(ctx, `
			UPDATE offices SET region_id = $2, kind = $3, name = $4, municipality = $5, address = $6,
				email = $7, phone = $8, website = $9, pilot = $10, version = version + 1, updated_at = now()
			WHERE id = $1`,
			id, in.RegionID, in.Kind, in.Name, in.Municipality, in.Address, in.Email, in.Phone, in.Website, in.Pilot)
		if db.UniqueViolation(err, "") {
			return app.Invalid{"name": "err.office_exists"}
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: actor.ID, Action: "office.update", ObjectType: "office", ObjectID: id, From: oldName, To: in.Name})
	})
	return wrap("update", id, err)
}

func wrap(op string, id int64, err error) error {
	var inv app.Invalid
	if err == nil || errors.As(err, &inv) || errors.Is(err, app.ErrNotFound) || errors.Is(err, app.ErrConflict) || errors.Is(err, app.ErrForbidden) {
		return err
	}
	return fmt.Errorf("office: %s %d: %w", op, id, err)
}

// Counts returns how many offices of each kind a region has.
func (s *Store) Counts(ctx context.Context, regionID int16) (map[Kind]int, error) {
	rows, err := s.pool.Query(ctx, `SELECT kind, count(*) FROM offices WHERE region_id = $1 GROUP BY kind`, regionID)
	if err != nil {
		return nil, fmt.Errorf("office: counts %d: %w", regionID, err)
	}
	m := map[Kind]int{}
	var k Kind
	var n int
	_, err = pgx.ForEachRow(rows, []any{&k, &n}, func() error { m[k] = n; return nil })
	return m, err
}
