package server

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"mime"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// writeMail writes one plain-text e-mail to the outbox directory as an .eml file that any mail
// client opens; a mail server can later take them from there.
func writeMail(dir, to, subject, body string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("mail: outbox: %w", err)
	}
	id := make([]byte, 8)
	rand.Read(id)
	name := time.Now().UTC().Format("20060102T150405") + "-" + hex.EncodeToString(id) + ".eml"
	msg := "From: Hnízdo <hnizdo@localhost>\r\n" +
		"Date: " + time.Now().Format(time.RFC1123Z) + "\r\n" +
		"To: " + strings.NewReplacer("\r", "", "\n", "").Replace(to) + "\r\n" +
		"Subject: " + mime.QEncoding.Encode("utf-8", subject) + "\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
		strings.ReplaceAll(body, "\n", "\r\n") + "\r\n"
	if err := os.WriteFile(filepath.Join(dir, name), []byte(msg), 0o600); err != nil {
		return fmt.Errorf("mail: write: %w", err)
	}
	return nil
}
