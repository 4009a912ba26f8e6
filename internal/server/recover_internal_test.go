package server

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5/middleware"
)

func TestPanicBecomesCzech500(t *testing.T) {
	var logged strings.Builder
	s := &Server{log: slog.New(slog.NewTextHandler(&logged, nil))}
	h := middleware.RequestID(s.recoverPanics(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("tajné podrobnosti")
	})))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/x", nil))
	body, _ := io.ReadAll(rec.Body)
	if rec.Code != 500 || !strings.Contains(string(body), "Chyba serveru") {
		t.Fatalf("%d %s", rec.Code, body)
	}
	if strings.Contains(string(body), "tajné") || strings.Contains(string(body), "goroutine") {
		t.Fatal("the panic leaks into the page")
	}
	if !strings.Contains(logged.String(), "tajné podrobnosti") {
		t.Fatal("the panic was not logged")
	}
}
