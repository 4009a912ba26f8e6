package scale

import (
	"context"
	"fmt"
)

// loadUsers makes s.Users people: at every regional authority methodologists, a network
// coordinator, a change guide and an administrator; at every municipal office a head; the
// rest are caseworkers spread over the municipal offices. E-mails say the role
// (metodik.12@, vedouci.3@, pracovnik.870@…), so a person reading a benchmark knows who is who.
func (l *loader) loadUsers(ctx context.Context, hash string) error {
	type nu struct {
		email, name string
		office      int
		roles       []string
	}
	var add []nu
	seq := map[string]int{}
	person := func(office int, prefix string, roles ...string) {
		seq[prefix]++
		add = append(add, nu{fmt.Sprintf("%s.%d@%s", prefix, seq[prefix], Domain), l.text.person(), office, roles})
	}
	var municipal []int
	for i, o := range l.offices {
		switch o.kind {
		case "regional":
			for range 4 {
				person(i, "metodik", "methodologist")
			}
			person(i, "koordinator", "coordinator")
			person(i, "pruvodce", "guide")
			person(i, "admin", "admin")
		case "orp", "district":
			municipal = append(municipal, i)
			person(i, "vedouci", "head")
		}
	}
	for k := 0; len(add) < l.s.Users && len(municipal) > 0; k++ {
		person(municipal[l.rnd.IntN(len(municipal))], "pracovnik", "caseworker")
	}
	if len(add) > l.s.Users && l.s.Users > 0 {
		add = add[:l.s.Users]
	}
	if _, err := l.copyRows(ctx, "users", []string{"email", "name", "office_id", "roles", "password_hash"}, len(add), func(i int) []any {
		return []any{add[i].email, add[i].name, l.offices[add[i].office].id, add[i].roles, hash}
	}); err != nil {
		return err
	}
	ids, err := l.ids(ctx, "users", 0)
	if err != nil {
		return err
	}
	if len(ids) != len(add) {
		return fmt.Errorf("made %d users, found %d", len(add), len(ids))
	}
	l.users = make([]user, len(add))
	for i, a := range add {
		l.users[i] = user{id: ids[i], office: a.office, roles: a.roles, name: a.name}
		l.byOffice[l.offices[a.office].id] = append(l.byOffice[l.offices[a.office].id], i)
	}
	return nil
}
