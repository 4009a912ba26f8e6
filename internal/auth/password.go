package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Hasher hashes passwords with argon2id. Parameters travel inside each hash string, so
// raising the cost later keeps old hashes verifiable.
type Hasher struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// DefaultHasher is the production cost: 64 MiB, one pass, two lanes (~0.36 s on 2 cores).
var DefaultHasher = Hasher{MemoryKiB: 64 * 1024, Time: 1, Threads: 2}

// Hash returns a PHC-style string: $argon2id$v=19$m=..,t=..,p=..$salt$key.
func (h Hasher) Hash(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: salt: %w", err)
	}
	threads := h.Threads
	if threads == 0 {
		threads = 1
	}
	key := argon2.IDKey([]byte(password), salt, h.Time, h.MemoryKiB, threads, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, h.MemoryKiB, h.Time, threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

var errBadHash = errors.New("auth: malformed password hash")

// Verify reports whether password matches encoded. An empty hash (invitation not yet
// accepted) never matches.
func Verify(password, encoded string) (bool, error) {
	if encoded == "" {
		return false, nil
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return false, errBadHash
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
