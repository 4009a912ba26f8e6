// Package demo fills a database with demo people so a newcomer sees a living portal. The
// demo password exists only here and only in demo databases.
package demo

import (
	"context"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
)

// Password is the password of every demo account.
const Password = "hnizdo-demo"

// Person is one demo account.
type Person struct {
	Email, Name, Office string
	Roles               []auth.Role
	Login               bool // printed in the list of demo logins
}

// People are the demo accounts: the named logins first, then colleagues so pages are not empty.
var People = []Person{
	{"admin@hnizdo.test", "Alena Správcová", "Krajský úřad Jihomoravského kraje", []auth.Role{auth.Admin}, true},
	{"metodik.jmk@hnizdo.test", "Martina Horáková", "Krajský úřad Jihomoravského kraje", []auth.Role{auth.Methodologist}, true},
	{"metodik.pak@hnizdo.test", "Pavel Dvořák", "Krajský úřad Pardubického kraje", []auth.Role{auth.Methodologist}, true},
	{"sitar.jmk@hnizdo.test", "Lucie Černá", "Krajský úřad Jihomoravského kraje", []auth.Role{auth.Coordinator}, true},
	{"pracovnik.slapanice@hnizdo.test", "Jana Nováková", "Městský úřad Šlapanice", []auth.Role{auth.Caseworker}, true},
	{"vedouci.zamberk@hnizdo.test", "Petra Svobodová", "Městský úřad Žamberk", []auth.Role{auth.Head}, true},
	{"pracovnik.lanskroun@hnizdo.test", "Tomáš Procházka", "Městský úřad Lanškroun", []auth.Role{auth.Caseworker}, true},
	{"eva.kucerova@hnizdo.test", "Eva Kučerová", "Městský úřad Šlapanice", []auth.Role{auth.Head}, true},
	// The change guides of the Pardubice innovation nest came from Gov Lab; in the portal they
	// belong to the regional authority, as their work is scoped to the region of their office.
	{"pruvodce.pak@hnizdo.test", "Kristýna Vávrová", "Krajský úřad Pardubického kraje", []auth.Role{auth.Guide}, true},
	{"marketa.vesela@hnizdo.test", "Markéta Veselá", "Městský úřad Šlapanice", []auth.Role{auth.Caseworker}, false},
	{"jiri.kral@hnizdo.test", "Jiří Král", "Městský úřad Žamberk", []auth.Role{auth.Caseworker}, false},
	{"hana.markova@hnizdo.test", "Hana Marková", "Městský úřad Žamberk", []auth.Role{auth.Caseworker}, false},
	{"zdenka.pokorna@hnizdo.test", "Zdeňka Pokorná", "Městský úřad Lanškroun", []auth.Role{auth.Head}, false},
	{"lenka.benesova@hnizdo.test", "Lenka Benešová", "Městský úřad Česká Třebová", []auth.Role{auth.Head}, false},
	{"ondrej.fiala@hnizdo.test", "Ondřej Fiala", "Městský úřad Česká Třebová", []auth.Role{auth.Caseworker}, false},
	{"katerina.stastna@hnizdo.test", "Kateřina Šťastná", "Magistrát města Brna", []auth.Role{auth.Caseworker}, false},
	{"radek.cermak@hnizdo.test", "Radek Čermák", "Magistrát města Brna", []auth.Role{auth.Head}, false},
	{"veronika.jelinkova@hnizdo.test", "Veronika Jelínková", "Magistrát města Pardubic", []auth.Role{auth.Caseworker}, false},
	{"michaela.ruzickova@hnizdo.test", "Michaela Růžičková", "Krajský úřad Pardubického kraje", []auth.Role{auth.Coordinator}, false},
	{"ivana.dolezalova@hnizdo.test", "Ivana Doležalová", "Krajský úřad Pardubického kraje", []auth.Role{auth.Methodologist}, false},
	{"jakub.tichy@hnizdo.test", "Jakub Tichý", "Krajský úřad Pardubického kraje", []auth.Role{auth.Guide}, false},
	// Staff of the Pardubice offices that took up the nest's tools and report how it went.
	{"alena.simkova@hnizdo.test", "Alena Šimková", "Městský úřad Ústí nad Orlicí", []auth.Role{auth.Head}, false},
	{"martin.kopecky@hnizdo.test", "Martin Kopecký", "Městský úřad Svitavy", []auth.Role{auth.Caseworker}, false},
	{"renata.machova@hnizdo.test", "Renata Machová", "Městský úřad Chrudim", []auth.Role{auth.Head}, false},
	{"jitka.urbanova@hnizdo.test", "Jitka Urbanová", "Městský úřad Vysoké Mýto", []auth.Role{auth.Caseworker}, false},
	{"barbora.kadlecova@hnizdo.test", "Barbora Kadlecová", "Městský úřad Litomyšl", []auth.Role{auth.Head}, false},
	{"stanislav.bartos@hnizdo.test", "Stanislav Bartoš", "Městský úřad Polička", []auth.Role{auth.Caseworker}, false},
	{"dana.nemcova@hnizdo.test", "Dana Němcová", "Městský úřad Holice", []auth.Role{auth.Head}, false},
	{"gabriela.holubova@hnizdo.test", "Gabriela Holubová", "Městský úřad Moravská Třebová", []auth.Role{auth.Head}, false},
}

// Seed adds the demo people that are missing; running it again changes nothing. It returns
// how many accounts it created.
func Seed(ctx context.Context, pool *pgxpool.Pool, h auth.Hasher) (int, error) {
	// One hash for all: they share the password, and hashing each would cost seconds.
	hash, err := h.Hash(Password)
	if err != nil {
		return 0, err
	}
	created := 0
	err = db.InTx(ctx, pool, func(tx pgx.Tx) error {
		for _, p := range People {
			var id int64
			err := tx.QueryRow(ctx, `
				INSERT INTO users (email, name, office_id, roles, password_hash)
				SELECT $1, $2, o.id, $4, $5 FROM offices o WHERE o.name = $3
				ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
				p.Email, p.Name, p.Office, p.Roles, hash).Scan(&id)
			if err == pgx.ErrNoRows {
				continue // exists already (or the office is missing, which the test of People catches)
			}
			if err != nil {
				return fmt.Errorf("demo: add %s: %w", p.Email, err)
			}
			created++
			if err := audit.Record(ctx, tx, audit.Entry{Action: "user.seed", ObjectType: "user", ObjectID: id, To: "active"}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return created, err
	}
	// The demo notes need their authors, so they come after the people; SeedNotes adds them
	// only to a database without notes, and they are not counted: the count is of accounts.
	if _, err := SeedNotes(ctx, pool); err != nil {
		return created, err
	}
	if _, err := SeedMeetings(ctx, pool); err != nil {
		return created, err
	}
	if _, err := SeedFeedback(ctx, pool); err != nil {
		return created, err
	}
	if _, err := SeedOversight(ctx, pool); err != nil {
		return created, err
	}
	if _, err := SeedNest(ctx, pool); err != nil {
		return created, err
	}
	return created, nil
}

// PrintLogins writes the demo logins for the console.
func PrintLogins(w io.Writer, baseURL string) {
	fmt.Fprintf(w, "\nHnízdo demo: %s\nDemo logins (password %q):\n", baseURL, Password)
	for _, p := range People {
		if p.Login {
			fmt.Fprintf(w, "  %-34s %-20s %s\n", p.Email, p.Name, p.Office)
		}
	}
	fmt.Fprintln(w)
}
