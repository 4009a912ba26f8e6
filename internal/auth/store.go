package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/mail"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/app"
	"hnizdo.cz/hnizdo/internal/audit"
	"hnizdo.cz/hnizdo/internal/db"
)

// Store keeps users, invitations and login failures in Postgres.
type Store struct {
	pool   *pgxpool.Pool
	hasher Hasher
	dummy  string        // a hash of nothing, checked when there is no real hash to check
	slots  chan struct{} // concurrent argon2id runs
	now    func() time.Time
	// Throttling: at most MaxPerAccount failures per account and MaxPerIP per client
	// address within Window.
	Window        time.Duration
	MaxPerAccount int
	MaxPerIP      int
	InviteTTL     time.Duration
}

// NewStore returns a store hashing new passwords with h.
func NewStore(pool *pgxpool.Pool, h Hasher) *Store {
	dummy, err := h.Hash("hnizdo: no such account")
	if err != nil {
		panic(err) // crypto/rand failing leaves nothing sensible to do
	}
	// As many argon2id runs at once as the cores can take: each run already uses h.Threads
	// cores, so more at once would only wait for CPU while holding their memory (64 MiB each
	// in production; four at once took the server to 350 MB in the load benchmark).
	slots := max(1, runtime.NumCPU()/max(1, int(h.Threads)))
	return &Store{pool: pool, hasher: h, dummy: dummy, slots: make(chan struct{}, slots), now: time.Now,
		Window: 15 * time.Minute, MaxPerAccount: 5, MaxPerIP: 30, InviteTTL: 7 * 24 * time.Hour}
}

var (
	// ErrBadCredentials: unknown e-mail, wrong password or inactive account (never say which).
	ErrBadCredentials = errors.New("auth: bad credentials")
	// ErrThrottled: too many recent failures for this account or address.
	ErrThrottled = errors.New("auth: too many failed logins")
)

const userCols = `u.id, u.email, u.name, u.office_id, o.name AS office_name, o.region_id,
	r.name AS region_name, u.roles, u.lang, u.session_version`
const userFrom = ` FROM users u JOIN offices o ON o.id = u.office_id JOIN regions r ON r.id = o.region_id`

// User loads an active user by id.
func (s *Store) User(ctx context.Context, id int64) (*User, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+userCols+userFrom+` WHERE u.id = $1 AND u.active`, id)
	if err != nil {
		return nil, fmt.Errorf("auth: load user %d: %w", id, err)
	}
	u, err := pgx.CollectExactlyOneRow(rows, pgx.RowToAddrOfStructByName[User])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, app.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("auth: load user %d: %w", id, err)
	}
	return u, nil
}

// Login checks the credentials, counting failures for throttling. Attempts on one account
// are serialised by an advisory lock, so parallel guesses cannot all slip under the limit;
// the throttling check comes first, so a locked account cannot be probed for its password.
func (s *Store) Login(ctx context.Context, email, password, ip string) (*User, error) {
	email = normEmail(email)
	// Take an argon2id slot before a connection, so queued logins do not hold connections.
	if err := s.acquire(ctx); err != nil {
		return nil, err
	}
	defer s.release()
	var id int64
	ok := false
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended('login:' || $1, 0))`, email); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
		var byAccount, byIP int
		err := tx.QueryRow(ctx, `
			SELECT count(*) FILTER (WHERE email = $1), count(*) FILTER (WHERE ip = $2)
			FROM login_failures WHERE at > $3 AND (email = $1 OR ip = $2)`,
			email, ip, s.now().Add(-s.Window)).Scan(&byAccount, &byIP)
		if err != nil {
			return fmt.Errorf("count failures: %w", err)
		}
		if byAccount >= s.MaxPerAccount || byIP >= s.MaxPerIP {
			return ErrThrottled
		}
		var hash string
		err = tx.QueryRow(ctx, `SELECT id, password_hash FROM users WHERE lower(email) = $1 AND active`, email).Scan(&id, &hash)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("find user: %w", err)
		}
		if hash == "" {
			// Unknown account or invitation not accepted: spend the same time as a real
			// check, so response times do not tell which accounts exist.
			hash = s.dummy
		}
		if ok, err = Verify(password, hash); err != nil {
			return fmt.Errorf("verify user %d: %w", id, err)
		}
		if !ok {
			// Record this failure and forget the ones too old to count, so the table stays small.
			_, err = tx.Exec(ctx, `
				WITH old AS (DELETE FROM login_failures WHERE (email = $1 OR ip = $2) AND at <= $3)
				INSERT INTO login_failures (email, ip) VALUES ($1, $2)`, email, ip, s.now().Add(-s.Window))
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM login_failures WHERE email = $1`, email)
		return err
	})
	switch {
	case errors.Is(err, ErrThrottled):
		return nil, err
	case err != nil:
		return nil, fmt.Errorf("auth: login %q: %w", email, err)
	case !ok:
		return nil, ErrBadCredentials
	}
	return s.User(ctx, id)
}

// hash and verify run argon2id in one of a few slots: each run takes tens of MiB, so a
// burst of logins queues instead of exhausting memory.
func (s *Store) hash(ctx context.Context, password string) (string, error) {
	if err := s.acquire(ctx); err != nil {
		return "", err
	}
	defer s.release()
	return s.hasher.Hash(password)
}

func (s *Store) verify(ctx context.Context, password, encoded string) (bool, error) {
	if err := s.acquire(ctx); err != nil {
		return false, err
	}
	defer s.release()
	return Verify(password, encoded)
}

func (s *Store) acquire(ctx context.Context) error {
	select {
	case s.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// release frees an argon2id slot. The run's block (64 MiB in production) is garbage now;
// collecting it before the next run starts lets that run reuse the memory, where otherwise
// the heap would grow to hold both (a login burst took the server to 235 MB in the load
// benchmark). A collection costs a few milliseconds; a login costs hundreds.
func (s *Store) release() {
	runtime.GC()
	<-s.slots
}

func normEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

// NewUser is what an administrator enters to invite someone.
type NewUser struct {
	Email    string
	Name     string
	OfficeID int64
	Roles    []Role
}

// Validate checks the fields, returning a message key per bad field.
func (n *NewUser) Validate() error {
	v := app.Invalid{}
	n.Email, n.Name = strings.TrimSpace(n.Email), strings.TrimSpace(n.Name)
	if n.Email == "" {
		v.Add("email", "err.required")
	} else if a, err := mail.ParseAddress(n.Email); err != nil || a.Address != n.Email {
		v.Add("email", "err.email")
	}
	if n.Name == "" {
		v.Add("name", "err.required")
	} else if utf8.RuneCountInString(n.Name) > 200 {
		v.Add("name", "err.too_long")
	}
	if n.OfficeID == 0 {
		v.Add("office", "err.choose_office")
	}
	if len(n.Roles) == 0 {
		v.Add("roles", "err.choose_role")
	}
	for _, r := range n.Roles {
		if !r.Valid() {
			v.Add("roles", "err.choose_role")
		}
	}
	return v.Err()
}

// Invite creates the user without a password and returns a one-time token for the link
// with which they set it. Only administrators may invite.
func (s *Store) Invite(ctx context.Context, actor *User, n NewUser) (int64, string, error) {
	if !actor.Can(ManageUsers) {
		return 0, "", app.ErrForbidden
	}
	if err := n.Validate(); err != nil {
		return 0, "", err
	}
	token := newToken()
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var ok bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM offices WHERE id = $1)`, n.OfficeID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return app.Invalid{"office": "err.choose_office"}
		}
		err := tx.QueryRow(ctx, `INSERT INTO users (email, name, office_id, roles) VALUES ($1, $2, $3, $4) RETURNING id`,
			n.Email, n.Name, n.OfficeID, n.Roles).Scan(&id)
		if db.UniqueViolation(err, "users_email_key") {
			return app.Invalid{"email": "err.email_taken"}
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO invitations (token_hash, user_id, created_by, expires_at) VALUES ($1, $2, $3, $4)`,
			hashToken(token), id, actor.ID, s.now().Add(s.InviteTTL)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: actor.ID, Action: "user.invite", ObjectType: "user", ObjectID: id, To: "invited"})
	})
	if err != nil {
		var inv app.Invalid
		if errors.As(err, &inv) {
			return 0, "", inv
		}
		return 0, "", fmt.Errorf("auth: invite %q: %w", n.Email, err)
	}
	return id, token, nil
}

// Reinvite replaces a pending user's invitation with a new link (the old ones stop working),
// for when the first link was lost or has expired. Only for users who have not set a password.
func (s *Store) Reinvite(ctx context.Context, actor *User, userID int64) (string, error) {
	if !actor.Can(ManageUsers) {
		return "", app.ErrForbidden
	}
	token := newToken()
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var hash string
		err := tx.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1 AND active FOR UPDATE`, userID).Scan(&hash)
		if errors.Is(err, pgx.ErrNoRows) {
			return app.ErrNotFound
		}
		if err != nil {
			return err
		}
		if hash != "" {
			return app.ErrConflict // already active: nothing to invite to
		}
		if _, err := tx.Exec(ctx, `UPDATE invitations SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, userID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO invitations (token_hash, user_id, created_by, expires_at) VALUES ($1, $2, $3, $4)`,
			hashToken(token), userID, actor.ID, s.now().Add(s.InviteTTL)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: actor.ID, Action: "user.reinvite", ObjectType: "user", ObjectID: userID, From: "invited", To: "invited"})
	})
	if err != nil && !errors.Is(err, app.ErrNotFound) && !errors.Is(err, app.ErrConflict) {
		return "", fmt.Errorf("auth: reinvite %d: %w", userID, err)
	}
	return token, err
}

// ErrInvitation: the link is unknown, used or expired.
var ErrInvitation = errors.New("auth: invitation not valid")

// Invitee returns the user an unspent, unexpired invitation token belongs to.
func (s *Store) Invitee(ctx context.Context, token string) (*User, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `SELECT user_id FROM invitations WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2`,
		hashToken(token), s.now()).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, ErrInvitation
	}
	if err != nil {
		return nil, fmt.Errorf("auth: find invitation: %w", err)
	}
	return s.User(ctx, id)
}

// AcceptInvitation spends the token and sets the password, in one transaction; a token
// used twice at the same moment succeeds only once.
func (s *Store) AcceptInvitation(ctx context.Context, token, password, confirm string) (int64, error) {
	if err := checkNewPassword(password, confirm); err != nil {
		return 0, err
	}
	// The token is checked before the costly hash, so no one without a valid link can make
	// the server hash.
	if _, err := s.Invitee(ctx, token); err != nil {
		return 0, err
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `UPDATE invitations SET used_at = now()
			WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING user_id`,
			hashToken(token), s.now()).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return ErrInvitation
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1`, id, hash); err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: id, Action: "user.accept_invitation", ObjectType: "user", ObjectID: id, From: "invited", To: "active"})
	})
	if errors.Is(err, ErrInvitation) {
		return 0, err
	}
	if err != nil {
		return 0, fmt.Errorf("auth: accept invitation: %w", err)
	}
	return id, nil
}

// MinPasswordLen is the shortest password accepted.
const MinPasswordLen = 10

func checkNewPassword(password, confirm string) error {
	v := app.Invalid{}
	switch {
	case utf8.RuneCountInString(password) < MinPasswordLen:
		v.Add("password", "err.password_short")
	case len(password) > 512:
		v.Add("password", "err.too_long")
	case password != confirm:
		v.Add("confirm", "err.password_mismatch")
	}
	return v.Err()
}

// ChangePassword lets a user replace their own password after proving the current one.
func (s *Store) ChangePassword(ctx context.Context, actor *User, current, password, confirm string) error {
	var hash string
	if err := s.pool.QueryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`, actor.ID).Scan(&hash); err != nil {
		return fmt.Errorf("auth: load hash %d: %w", actor.ID, err)
	}
	ok, err := s.verify(ctx, current, hash)
	if err != nil {
		return fmt.Errorf("auth: verify %d: %w", actor.ID, err)
	}
	if !ok {
		return app.Invalid{"current": "err.password_wrong"}
	}
	if err := checkNewPassword(password, confirm); err != nil {
		return err
	}
	newHash, err := s.hash(ctx, password)
	if err != nil {
		return err
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `UPDATE users SET password_hash = $2, session_version = session_version + 1, updated_at = now() WHERE id = $1`, actor.ID, newHash); err != nil {
			return fmt.Errorf("auth: set password %d: %w", actor.ID, err)
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: actor.ID, Action: "user.change_password", ObjectType: "user", ObjectID: actor.ID})
	})
}

// SetLang stores the user's interface language.
func (s *Store) SetLang(ctx context.Context, actor *User, lang string) error {
	if lang != "cs" && lang != "en" {
		return app.Invalid{"lang": "err.choose_lang"}
	}
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var old string
		if err := tx.QueryRow(ctx, `SELECT lang FROM users WHERE id = $1 FOR UPDATE`, actor.ID).Scan(&old); err != nil {
			return fmt.Errorf("auth: lock user %d: %w", actor.ID, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE users SET lang = $2, updated_at = now() WHERE id = $1`, actor.ID, lang); err != nil {
			return fmt.Errorf("auth: set lang %d: %w", actor.ID, err)
		}
		return audit.Record(ctx, tx, audit.Entry{ActorID: actor.ID, Action: "user.set_lang", ObjectType: "user", ObjectID: actor.ID, From: old, To: lang})
	})
}

// Person is a row of a people list.
type Person struct {
	ID       int64  `db:"id"`
	Name     string `db:"name"`
	Email    string `db:"email"`
	Roles    []Role `db:"roles"`
	Invited  bool   `db:"invited"` // has not set a password yet
	OfficeID int64  `db:"office_id"`
}

// People lists the active users of an office, by name in Czech order.
func (s *Store) People(ctx context.Context, officeID int64) ([]Person, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT id, name, email, roles, password_hash = '' AS invited, office_id FROM users
		WHERE office_id = $1 AND active ORDER BY name COLLATE "cs-CZ-x-icu", id`, officeID)
	if err != nil {
		return nil, fmt.Errorf("auth: people of office %d: %w", officeID, err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Person])
}

// PendingInvitations lists users who have not accepted their invitation yet (for admins).
func (s *Store) PendingInvitations(ctx context.Context) ([]Person, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT id, name, email, roles, true AS invited, office_id FROM users
		WHERE password_hash = '' AND active ORDER BY created_at DESC, id DESC LIMIT 100`)
	if err != nil {
		return nil, fmt.Errorf("auth: pending invitations: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowToStructByName[Person])
}

func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(t string) []byte {
	h := sha256.Sum256([]byte(t))
	return h[:]
}

// AddByOperator creates an active user with a password, for `hnizdo user add` run by whoever
// operates the server (typically the first administrator). The audit entry has no actor.
func (s *Store) AddByOperator(ctx context.Context, n NewUser, officeName, password string) (int64, error) {
	if err := checkNewPassword(password, password); err != nil {
		return 0, err
	}
	hash, err := s.hash(ctx, password)
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		if n.OfficeID == 0 {
			err := tx.QueryRow(ctx, `SELECT id FROM offices WHERE name = $1`, strings.TrimSpace(officeName)).Scan(&n.OfficeID)
			if err != nil && !errors.Is(err, pgx.ErrNoRows) {
				return err
			}
		}
		if err := n.Validate(); err != nil {
			return err
		}
		err := tx.QueryRow(ctx, `INSERT INTO users (email, name, office_id, roles, password_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			n.Email, n.Name, n.OfficeID, n.Roles, hash).Scan(&id)
		if db.UniqueViolation(err, "users_email_key") {
			return app.Invalid{"email": "err.email_taken"}
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, audit.Entry{Action: "user.create", ObjectType: "user", ObjectID: id, To: "active"})
	})
	var inv app.Invalid
	if err != nil && !errors.As(err, &inv) {
		return 0, fmt.Errorf("auth: add user %q: %w", n.Email, err)
	}
	return id, err
}
