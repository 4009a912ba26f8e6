// Package web holds Hnízdo's views (templ components) and its static files.
package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"path"
	"strings"
	"sync"
)

//go:embed all:static
var staticFS embed.FS

// Static is the static folder (CSS, fonts, icons) as served under /static/.
var Static, _ = fs.Sub(staticFS, "static")

// assets maps each static file to its content-hashed name and back. It is computed once from
// the embedded files, which cannot change while the process runs.
var assets = sync.OnceValue(func() assetMap {
	m := assetMap{hashed: map[string]string{}, plain: map[string]string{}}
	fs.WalkDir(Static, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(Static, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(p)
		h := strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:])[:10] + ext
		m.hashed[p] = h
		m.plain[h] = p
		return nil
	})
	return m
})

type assetMap struct{ hashed, plain map[string]string }

// Asset returns the URL of a static file with its content hash in the name, so it can be
// cached for a year. Unknown names fall back to the plain path.
func Asset(name string) string {
	if h, ok := assets().hashed[name]; ok {
		return "/static/" + h
	}
	return "/static/" + name
}

// Unhash maps a hashed file name back to the embedded file. ok is false for plain names.
func Unhash(name string) (string, bool) {
	p, ok := assets().plain[name]
	return p, ok
}
