package auth_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db/dbtest"
)

var cheap = auth.Hasher{MemoryKiB: 64, Time: 1, Threads: 1}

func TestHashAndVerify(t *testing.T) {
	h, err := cheap.Hash("Žluťoučký kůň")
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := auth.Verify("Žluťoučký kůň", h); !ok || err != nil {
		t.Fatalf("right password: %v %v", ok, err)
	}
	if ok, _ := auth.Verify("Zlutoucky kun", h); ok {
		t.Fatal("wrong password accepted")
	}
	h2, _ := cheap.Hash("Žluťoučký kůň")
	if h == h2 {
		t.Fatal("no salt")
	}
	if ok, _ := auth.Verify("", ""); ok {
		t.Fatal("an empty hash matched")
	}
	if _, err := auth.Verify("x", "$argon2id$v=19$garbage"); err == nil {
		t.Fatal("malformed hash accepted")
	}
}

func TestPolicy(t *testing.T) {
	admin := &auth.User{Roles: []auth.Role{auth.Admin}}
	cw := &auth.User{Roles: []auth.Role{auth.Caseworker}}
	if !admin.Can(auth.ManageUsers) || cw.Can(auth.ManageUsers) || cw.Can(auth.ManageOffices) || !cw.Can(auth.ViewDirectory) {
		t.Fatal("policy table broken")
	}
	var nobody *auth.User
	if nobody.Can(auth.ViewDirectory) {
		t.Fatal("nil user has permissions")
	}
}

func seedUser(t *testing.T, s *auth.Store, email string) {
	t.Helper()
	if _, err := s.AddByOperator(context.Background(), auth.NewUser{Email: email, Name: "Test Testová", Roles: []auth.Role{auth.Caseworker}},
		"Městský úřad Kyjov", "spravne-heslo"); err != nil {
		t.Fatal(err)
	}
}

func TestThrottlePerAddress(t *testing.T) {
	t.Parallel()
	s := auth.NewStore(dbtest.New(t), cheap)
	s.MaxPerIP = 3
	seedUser(t, s, "a@hnizdo.test")
	ctx := context.Background()
	for _, e := range []string{"x@hnizdo.test", "y@hnizdo.test", "z@hnizdo.test"} {
		if _, err := s.Login(ctx, e, "nic", "10.0.0.1"); !errors.Is(err, auth.ErrBadCredentials) {
			t.Fatalf("unexpected %v", err)
		}
	}
	if _, err := s.Login(ctx, "a@hnizdo.test", "spravne-heslo", "10.0.0.1"); !errors.Is(err, auth.ErrThrottled) {
		t.Fatalf("address not throttled: %v", err)
	}
	if _, err := s.Login(ctx, "a@hnizdo.test", "spravne-heslo", "10.0.0.2"); err != nil {
		t.Fatalf("another address throttled: %v", err)
	}
}

// TestInvitationSpentOnce: the same link posted twice at the same moment sets the password once.
func TestInvitationSpentOnce(t *testing.T) {
	t.Parallel()
	pool := dbtest.New(t)
	s := auth.NewStore(pool, cheap)
	ctx := context.Background()
	seedUser(t, s, "admin@hnizdo.test")
	var officeID int64
	pool.QueryRow(ctx, `SELECT id FROM offices WHERE name = 'Městský úřad Tišnov'`).Scan(&officeID)
	admin := &auth.User{ID: 1, Roles: []auth.Role{auth.Admin}}
	_, token, err := s.Invite(ctx, admin, auth.NewUser{Email: "nova@hnizdo.test", Name: "Nová Kolegyně", OfficeID: officeID, Roles: []auth.Role{auth.Caseworker}})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	results := make([]error, 8)
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, results[i] = s.AcceptInvitation(ctx, token, "heslo-cislo-"+string(rune('a'+i)), "heslo-cislo-"+string(rune('a'+i)))
		}(i)
	}
	wg.Wait()
	ok := 0
	for _, err := range results {
		switch {
		case err == nil:
			ok++
		case !errors.Is(err, auth.ErrInvitation):
			t.Fatalf("unexpected error %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d acceptances succeeded, want 1", ok)
	}
	// A non-administrator cannot invite.
	if _, _, err := s.Invite(ctx, &auth.User{ID: 1, Roles: []auth.Role{auth.Head}}, auth.NewUser{}); !errors.Is(err, app.ErrForbidden) {
		t.Fatalf("head invited: %v", err)
	}
}

// TestParallelGuessesAreThrottled: forty wrong passwords sent at once for one account are
// checked at most MaxPerAccount times; the rest are refused unchecked.
func TestParallelGuessesAreThrottled(t *testing.T) {
	t.Parallel()
	s := auth.NewStore(dbtest.New(t), cheap)
	seedUser(t, s, "terc@hnizdo.test")
	var wg sync.WaitGroup
	results := make([]error, 40)
	for i := range results {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, results[i] = s.Login(context.Background(), "terc@hnizdo.test", "hadam-"+string(rune('a'+i%26)), "10.1.1.1")
		}(i)
	}
	wg.Wait()
	bad, throttled := 0, 0
	for _, err := range results {
		switch {
		case errors.Is(err, auth.ErrBadCredentials):
			bad++
		case errors.Is(err, auth.ErrThrottled):
			throttled++
		default:
			t.Fatalf("unexpected %v", err)
		}
	}
	if bad != s.MaxPerAccount || throttled != 40-s.MaxPerAccount {
		t.Fatalf("%d checked, %d throttled; want %d checked", bad, throttled, s.MaxPerAccount)
	}
}
