package server_test

import (
	"net/http"
	"testing"

	"hnizdo.cz/hnizdo/internal/server/servertest"
)

// Benchmarks of the main pages through the whole stack (router, session, user, SQL, view),
// over loopback against real Postgres. `make bench` runs them.
func BenchmarkPages(b *testing.B) {
	app := servertest.Start(b)
	c := app.Login(b, "metodik.jmk@hnizdo.test")
	for _, path := range []string{"/", "/offices", "/offices?region=0&q=brno", "/login"} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				if res := c.Get(path); res.StatusCode != http.StatusOK && res.StatusCode != http.StatusSeeOther {
					b.Fatalf("%s: %d", path, res.StatusCode)
				}
			}
		})
	}
}
