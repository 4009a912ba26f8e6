package scale

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// The regions the reference data leaves without offices: their regional authority and the
// towns whose offices do OSPOD work (ORP; Prague's city districts).
var regionOffices = map[int16]struct {
	authority string
	towns     []string
}{
	1:  {"Magistrát hlavního města Prahy", nil}, // the districts are made below
	2:  {"Krajský úřad Středočeského kraje", strings.Split("Benešov,Beroun,Brandýs nad Labem-Stará Boleslav,Čáslav,Černošice,Český Brod,Dobříš,Hořovice,Kladno,Kolín,Kralupy nad Vltavou,Kutná Hora,Lysá nad Labem,Mělník,Mladá Boleslav,Mnichovo Hradiště,Neratovice,Nymburk,Poděbrady,Příbram,Rakovník,Říčany,Sedlčany,Slaný,Vlašim,Votice", ",")},
	3:  {"Krajský úřad Jihočeského kraje", strings.Split("České Budějovice,Blatná,Český Krumlov,Dačice,Jindřichův Hradec,Kaplice,Milevsko,Písek,Prachatice,Soběslav,Strakonice,Tábor,Trhové Sviny,Třeboň,Týn nad Vltavou,Vimperk,Vodňany", ",")},
	4:  {"Krajský úřad Plzeňského kraje", strings.Split("Plzeň,Blovice,Domažlice,Horažďovice,Horšovský Týn,Klatovy,Kralovice,Nepomuk,Nýřany,Přeštice,Rokycany,Stod,Stříbro,Sušice,Tachov", ",")},
	5:  {"Krajský úřad Karlovarského kraje", strings.Split("Karlovy Vary,Aš,Cheb,Kraslice,Mariánské Lázně,Ostrov,Sokolov", ",")},
	6:  {"Krajský úřad Ústeckého kraje", strings.Split("Ústí nad Labem,Bílina,Děčín,Chomutov,Kadaň,Litoměřice,Litvínov,Louny,Lovosice,Most,Podbořany,Roudnice nad Labem,Rumburk,Teplice,Varnsdorf,Žatec", ",")},
	7:  {"Krajský úřad Libereckého kraje", strings.Split("Liberec,Česká Lípa,Frýdlant,Jablonec nad Nisou,Jilemnice,Nový Bor,Semily,Tanvald,Turnov,Železný Brod", ",")},
	8:  {"Krajský úřad Královéhradeckého kraje", strings.Split("Hradec Králové,Broumov,Dobruška,Dvůr Králové nad Labem,Hořice,Jaroměř,Jičín,Kostelec nad Orlicí,Náchod,Nová Paka,Nové Město nad Metují,Nový Bydžov,Rychnov nad Kněžnou,Trutnov,Vrchlabí", ",")},
	10: {"Krajský úřad Kraje Vysočina", strings.Split("Jihlava,Bystřice nad Pernštejnem,Chotěboř,Havlíčkův Brod,Humpolec,Moravské Budějovice,Náměšť nad Oslavou,Nové Město na Moravě,Pacov,Pelhřimov,Světlá nad Sázavou,Telč,Třebíč,Velké Meziříčí,Žďár nad Sázavou", ",")},
	12: {"Krajský úřad Olomouckého kraje", strings.Split("Olomouc,Hranice,Jeseník,Konice,Lipník nad Bečvou,Litovel,Mohelnice,Prostějov,Přerov,Šternberk,Šumperk,Uničov,Zábřeh", ",")},
	13: {"Krajský úřad Zlínského kraje", strings.Split("Zlín,Bystřice pod Hostýnem,Holešov,Kroměříž,Luhačovice,Otrokovice,Rožnov pod Radhoštěm,Uherské Hradiště,Uherský Brod,Valašské Klobouky,Valašské Meziříčí,Vizovice,Vsetín", ",")},
	14: {"Krajský úřad Moravskoslezského kraje", strings.Split("Ostrava,Bílovec,Bohumín,Bruntál,Český Těšín,Frenštát pod Radhoštěm,Frýdek-Místek,Frýdlant nad Ostravicí,Havířov,Hlučín,Jablunkov,Karviná,Kopřivnice,Kravaře,Krnov,Nový Jičín,Odry,Opava,Orlová,Rýmařov,Třinec,Vítkov", ",")},
}

// loadOffices keeps the reference data's offices and adds the other regions' up to s.Offices:
// every region's authority first, then the towns region by region in turn, so that any total
// spreads over the whole country.
func (l *loader) loadOffices(ctx context.Context) error {
	rows, err := l.pool.Query(ctx, `SELECT id FROM regions ORDER BY id`)
	if err != nil {
		return err
	}
	if l.regions, err = pgx.CollectRows(rows, pgx.RowTo[int16]); err != nil {
		return err
	}
	type nw struct {
		region           int16
		kind, name, muni string
	}
	var add []nw
	queues := map[int16][]nw{}
	for _, r := range l.regions {
		ro, ok := regionOffices[r]
		if !ok {
			continue
		}
		muni := ro.authority
		if r == 1 {
			muni = "Praha"
			for d := 1; d <= 22; d++ {
				queues[r] = append(queues[r], nw{r, "district", fmt.Sprintf("Úřad městské části Praha %d", d), "Praha"})
			}
		} else {
			muni = ro.towns[0]
		}
		add = append(add, nw{r, "regional", ro.authority, muni})
		for i, t := range ro.towns {
			name := "Městský úřad " + t
			if i == 0 {
				name = "Magistrát města " + t // the region's seat is a statutory city
			}
			queues[r] = append(queues[r], nw{r, "orp", name, t})
		}
	}
	var have int
	if err := l.pool.QueryRow(ctx, `SELECT count(*) FROM offices`).Scan(&have); err != nil {
		return err
	}
	for want := l.s.Offices - have - len(add); want > 0; {
		progress := false
		for _, r := range l.regions {
			if q := queues[r]; len(q) > 0 && want > 0 {
				add, queues[r] = append(add, q[0]), q[1:]
				want--
				progress = true
			}
		}
		if !progress {
			break
		}
	}
	if _, err := l.copyRows(ctx, "offices", []string{"region_id", "kind", "name", "municipality"}, len(add), func(i int) []any {
		return []any{add[i].region, add[i].kind, add[i].name, add[i].muni}
	}); err != nil {
		return err
	}
	rows, err = l.pool.Query(ctx, `SELECT id, region_id, kind, name FROM offices ORDER BY id`)
	if err != nil {
		return err
	}
	l.offices, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (office, error) {
		var o office
		return o, r.Scan(&o.id, &o.region, &o.kind, &o.name)
	})
	return err
}
