package i18n_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/feedback"
	"hnizdo.cz/hnizdo/internal/i18n"
	"hnizdo.cz/hnizdo/internal/meeting"
	"hnizdo.cz/hnizdo/internal/nest"
	"hnizdo.cz/hnizdo/internal/note"
	"hnizdo.cz/hnizdo/internal/office"
	"hnizdo.cz/hnizdo/internal/oversight"
	"hnizdo.cz/hnizdo/internal/pii"
	"hnizdo.cz/hnizdo/internal/question"
)

func TestCzechPlurals(t *testing.T) {
	l := i18n.For("cs")
	for n, want := range map[int]string{1: "Nalezen 1 úřad", 3: "Nalezeny 3 úřady", 5: "Nalezeno 5 úřadů", 0: "Nalezeno 0 úřadů", 1234: "Nalezeno 1\u00a0234 úřadů"} {
		if got := l.N("offices.found", n); got != want {
			t.Errorf("%d: %q, want %q", n, got, want)
		}
	}
	if got := i18n.For("en").N("offices.found", 1); got != "1 office found" {
		t.Errorf("en: %q", got)
	}
}

func TestDatesInPragueTime(t *testing.T) {
	// 23:30 UTC on 31 Dec is already 1 Jan in Prague.
	ts := time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC)
	if got := i18n.For("cs").DateTime(ts); got != "1.\u00a01.\u00a02027 00:30" {
		t.Fatalf("%q", got)
	}
}

func TestAcceptLanguage(t *testing.T) {
	for h, want := range map[string]string{"": "cs", "en-GB,en;q=0.9": "en", "de-DE": "cs", "cs-CZ,cs;q=0.9,en;q=0.8": "cs"} {
		if got := i18n.FromAcceptLanguage(h); got != want {
			t.Errorf("%q: %q", h, got)
		}
	}
}

// TestEveryKeyIsTranslated checks the catalogue against the keys used in the code and views.
func TestEveryKeyIsTranslated(t *testing.T) {
	for _, k := range i18n.Keys() {
		if cs, en := i18n.Texts(k); strings.TrimSpace(cs) == "" || strings.TrimSpace(en) == "" {
			t.Errorf("key %q lacks its Czech or English text", k)
		}
	}
	// Keys built at run time from a value.
	var built []string
	for _, r := range auth.Roles {
		built = append(built, "role."+string(r))
	}
	for _, k := range office.Kinds {
		built = append(built, "kind."+string(k))
	}
	for _, l := range i18n.Langs {
		built = append(built, "lang."+l)
	}
	for _, st := range note.Statuses {
		built = append(built, "note.status."+string(st))
	}
	for _, a := range note.AllActions {
		built = append(built, "note.action."+string(a), "note.done."+string(a))
	}
	for _, st := range meeting.Statuses {
		built = append(built, "meeting.status."+string(st))
	}
	for _, a := range meeting.AllActions {
		built = append(built, "meeting.action."+string(a), "meeting.done."+string(a))
	}
	for _, st := range []string{meeting.Registered, meeting.Waiting, meeting.Withdrawn} {
		built = append(built, "meeting.reg."+st)
	}
	for _, st := range []string{meeting.Registered, meeting.Waiting} {
		built = append(built, "meeting.mine."+st)
	}
	for _, st := range []string{"proposed", "accepted", "declined", "merged"} {
		built = append(built, "topic.status."+st)
	}
	for _, r := range []string{meeting.Resolved, meeting.Unresolved} {
		built = append(built, "minutes."+r)
	}
	for _, st := range feedback.Statuses {
		built = append(built, "feedback.status."+string(st))
	}
	for _, k := range feedback.Kinds {
		built = append(built, "feedback.kind."+string(k))
	}
	for _, a := range append(feedback.AllActions, "invite") {
		built = append(built, "feedback.action."+string(a), "feedback.done."+string(a))
	}
	for _, st := range oversight.States {
		built = append(built, "oversight.state."+string(st))
		for _, to := range oversight.Next(st) {
			built = append(built, "oversight.step."+string(to), "oversight.step_legend."+string(to), "oversight.ev.inspection."+string(to))
		}
	}
	for _, k := range oversight.Kinds {
		built = append(built, "oversight.kind."+string(k))
	}
	for _, r := range oversight.Ratings {
		built = append(built, "oversight.rating."+string(r))
	}
	for _, d := range oversight.Decisions {
		built = append(built, "oversight.decision."+d)
	}
	for _, k := range oversight.VisitKinds {
		built = append(built, "oversight.visit_kind."+k)
	}
	for _, m := range oversight.MeasureStates {
		built = append(built, "oversight.measure."+string(m))
	}
	for _, st := range question.States {
		built = append(built, "question.state."+string(st))
	}
	for _, m := range nest.Ladder {
		built = append(built, "nest.maturity."+string(m))
		if m != nest.Idea {
			built = append(built, "nest.rule."+string(m), "nest.err.rule."+string(m))
		}
	}
	for _, k := range nest.Kinds {
		built = append(built, "nest.kind."+string(k))
	}
	for _, st := range append(nest.Stages, "none") {
		built = append(built, "nest.stage."+string(st))
	}
	for _, a := range nest.Actions {
		built = append(built, "nest.action."+string(a))
		if a != nest.Offer {
			built = append(built, "nest.adoption_saved."+string(a))
		}
	}
	for _, k := range []nest.LinkKind{nest.LinkNote, nest.LinkItem, nest.LinkForm} {
		built = append(built, "nest.link."+string(k), "nest.err.link_"+string(k))
	}
	for i := 1; i <= 5; i++ {
		built = append(built, fmt.Sprintf("nest.rating_%d", i))
	}
	for k := range pii.Placeholders {
		built = append(built, "pii.kind."+string(k))
	}
	for _, k := range built {
		if !i18n.Has(k) {
			t.Errorf("built key %q is not in the catalogue", k)
		}
	}
	used := regexp.MustCompile(`"((?:app|nav|login|home|offices|office|users|invite|account|err|form|licence|footer|lang|role|kind|user|people|pilot|skip|logout|crumbs|notes|note|pii|files|comments|history|acks|num|meetings|meeting|topics|topic|agenda|minutes|participants|feedback|oversight|question|faq|nest)\.[a-z_.]+)"`)
	root := filepath.Join("..", "..")
	for _, dir := range []string{"internal", "web"} {
		filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || strings.HasSuffix(p, "_test.go") || strings.HasSuffix(p, "messages.go") ||
				!(strings.HasSuffix(p, ".go") || strings.HasSuffix(p, ".templ")) {
				return err
			}
			b, _ := os.ReadFile(p)
			for _, m := range used.FindAllStringSubmatch(string(b), -1) {
				k := m[1]
				// Outside the web layer only validation keys are messages; the rest are
				// permission and audit names.
				inWeb := strings.Contains(p, "server") || strings.HasPrefix(filepath.ToSlash(p), "../../web")
				// The protocol PDF is written by the oversight package itself.
				if !inWeb && !strings.HasPrefix(k, "err.") && !strings.Contains(k, ".err.") && !strings.Contains(k, ".pdf.") {
					continue
				}
				if strings.HasSuffix(k, ".") || strings.HasSuffix(k, "_") || i18n.Has(k) || i18n.Has(k+".one") {
					continue
				}
				t.Errorf("%s uses %q, which is not in the catalogue", p, k)
			}
			return nil
		})
	}
}
