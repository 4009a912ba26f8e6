package feedback_test

import (
	"testing"
)

func TestOpenSendsInvitationsToAttendees(t *testing.T) {
	e := setup(t)
	people := e.attendees(t, 3)
	fid, tokens := e.heldWithForm(t, people...)
	if len(tokens) != 3 {
		t.Fatalf("invited %d, want 3", len(tokens))
	}
	f, err := e.s.Get(ctx, e.p.coordJMK, fid)
	if err != nil {
		t.Fatal(err)
	}
	if f.Status != "open" || f.Invited != 3 {
		t.Fatalf("form = %s with %d invited", f.Status, f.Invited)
	}
	qs, err := e.s.Questions(ctx, fid, f.Version)
	if err != nil || len(qs) != 6 || qs[0].Key != "benefit" || qs[5].Options[2] != "Možná" {
		t.Fatalf("questions = %+v, %v", qs, err)
	}
}
