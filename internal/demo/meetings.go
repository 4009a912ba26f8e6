package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"hnizdo.cz/hnizdo/internal/auth"
	"hnizdo.cz/hnizdo/internal/db"
	"hnizdo.cz/hnizdo/internal/i18n"
)

// The demo meetings retell "OSPOD sobě", the meeting of child-protection staff of Brno and the
// South Moravian Region at Šlapanice on 15 June 2018, and its follow-up in October 2018; and
// every region gets an upcoming meeting open for registration and topics, so a visitor can
// register, propose and vote at once.
//
// The history cannot go through the meeting store: its deadlines are long past and the store
// refuses that, rightly. So it is written with SQL, together with the audit entries the store
// would have written, dated when each step happened, so the timeline reads as it went.

// guest is a participant of the 2018 meetings. Their accounts have no password: they make the
// lists of participants real, but nobody can sign in as them.
type guest struct {
	Name, Office string
	Head         bool
}

var guests = []guest{
	{"Hana Dvořáková", "Městský úřad Bučovice", true},
	{"Petr Kolář", "Městský úřad Bučovice", false},
	{"Ivana Malá", "Městský úřad Slavkov u Brna", true},
	{"Klára Zemanová", "Městský úřad Slavkov u Brna", false},
	{"Monika Kratochvílová", "Městský úřad Vyškov", true},
	{"Pavla Urbanová", "Městský úřad Vyškov", false},
	{"Jan Musil", "Městský úřad Vyškov", false},
	{"Dagmar Holubová", "Městský úřad Šlapanice", false},
	{"Renata Sedláčková", "Městský úřad Blansko", true},
	{"Lucie Marešová", "Městský úřad Blansko", false},
	{"Alena Vlčková", "Městský úřad Boskovice", false},
	{"Jitka Kopecká", "Městský úřad Břeclav", true},
	{"Simona Bartošová", "Městský úřad Břeclav", false},
	{"Miroslava Šimková", "Městský úřad Hodonín", false},
	{"Tereza Poláková", "Městský úřad Hodonín", false},
	{"Blanka Konečná", "Městský úřad Kyjov", true},
	{"Romana Novotná", "Městský úřad Znojmo", false},
	{"Michal Staněk", "Městský úřad Znojmo", false},
	{"Šárka Pospíšilová", "Městský úřad Tišnov", false},
	{"Věra Hájková", "Městský úřad Ivančice", true},
	{"Kristýna Vávrová", "Městský úřad Kuřim", false},
	{"Ludmila Tichá", "Městský úřad Pohořelice", false},
	{"Gabriela Říhová", "Městský úřad Rosice", false},
	{"Andrea Machová", "Městský úřad Židlochovice", true},
	{"Dana Kadlecová", "Městský úřad Mikulov", false},
	{"Zuzana Skálová", "Městský úřad Veselí nad Moravou", false},
	{"Eliška Navrátilová", "Městský úřad Hustopeče", false},
	{"Olga Jandová", "Městský úřad Moravský Krumlov", false},
	{"Adéla Kovářová", "Magistrát města Brna", false},
	{"Marek Vacek", "Magistrát města Brna", true},
	{"Jarmila Moravcová", "Úřad městské části Brno-střed", true},
	{"Iveta Bláhová", "Úřad městské části Brno-střed", false},
	{"Petra Krejčí", "Úřad městské části Brno-sever", false},
	{"Martin Hruška", "Úřad městské části Brno-Královo Pole", false},
	{"Soňa Vaňková", "Úřad městské části Brno-jih", false},
}

var ascii = strings.NewReplacer("á", "a", "č", "c", "ď", "d", "é", "e", "ě", "e", "í", "i", "ň", "n", "ó", "o",
	"ř", "r", "š", "s", "ť", "t", "ú", "u", "ů", "u", "ý", "y", "ž", "z")

// guestEmail is "jmeno.prijmeni@demo.hnizdo.test".
func guestEmail(name string) string {
	return strings.ReplaceAll(ascii.Replace(strings.ToLower(name)), " ", ".") + "@demo.hnizdo.test"
}

// The organisers of "OSPOD sobě": the network coordinator runs it, the methodologist of the
// regional office answers what shared practice cannot and approves the minutes.
const (
	coordinatorJMK   = "sitar.jmk@hnizdo.test"
	methodologistJMK = "metodik.jmk@hnizdo.test"
)

// The series of the demo meetings.
const (
	seriesJMK = "OSPOD sobě"
	seriesPAK = "Setkání OSPOD Pardubického kraje"
)

// topicSeed is a topic of a demo meeting with what became of it.
type topicSeed struct {
	Key                      string // how other topics and meetings refer to it
	Title, Description, Area string
	By                       string // e-mail of who proposed it; empty: the first organiser
	Status                   string // accepted, declined, merged or proposed
	Into                     string // merged: the key of the surviving topic
	Reason                   string // declined: why, in the audit detail
	Spontaneous              bool   // raised during the meeting
	Raised                   string // spontaneous: local "15:04" when it came up
	Carried                  string // the key of the unresolved topic of the previous meeting
	Pos                      int    // agenda position
	Slot                     string // local "15:04"; empty for no time slot
	Minutes                  int
	Presenter                string
	Outcome, Decisions       string
	Resolution               string
	ForRegion                bool
	// Votes is how many participants vote for it, taken in turn from the participant at From
	// on, skipping those who have spent their allowance.
	Votes, From int
	Actions     []actionSeed
}

// actionSeed is a follow-up action agreed under an agenda item.
type actionSeed struct {
	Text, Owner, Due string // Due: "2006-01-02"
	Done             bool
}

// meetingSeed is a demo meeting with when each step of its life happened (as far as it got).
type meetingSeed struct {
	Title, Description, Venue, Address string
	Starts, Ends, RegisterBy, TopicsBy time.Time
	Capacity                           int32
	Runner, Approver                   string // organisers: who ran it, who approved the minutes
	Participants, Absent               []string
	Topics                             []topicSeed

	Created, Opened, Agenda, Published, Held, Attendance, Feedback, Approved, Closed time.Time
	Registering, Proposing, Voting, Writing                                          [2]time.Time
}

func prague(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, i18n.Prague)
}

// juneParticipants are the 40 people at Šlapanice: the demo colleagues of JMK offices, then the
// guests.
func juneParticipants() []string {
	p := []string{"pracovnik.slapanice@hnizdo.test", "eva.kucerova@hnizdo.test", "marketa.vesela@hnizdo.test",
		"katerina.stastna@hnizdo.test", "radek.cermak@hnizdo.test"}
	for _, g := range guests {
		p = append(p, guestEmail(g.Name))
	}
	return p
}

// octoberParticipants are three quarters of June's, as a follow-up usually has.
func octoberParticipants() []string {
	var p []string
	for i, e := range juneParticipants() {
		if i%4 != 3 {
			p = append(p, e)
		}
	}
	return p
}

const venueSlapanice = "Městský úřad Šlapanice"

func june2018() meetingSeed {
	return meetingSeed{
		Title: "OSPOD sobě – setkání zástupců OSPOD města Brna a Jihomoravského kraje",
		Description: "Setkání zástupců orgánů sociálně-právní ochrany dětí města Brna a Jihomoravského kraje " +
			"ke sdílení dobré praxe, nejčastěji řešených otázek a problémů. Setkání připravují lokální síťařky " +
			"projektu MPSV Systémový rozvoj a podpora nástrojů sociálně-právní ochrany dětí spolu s Krajským " +
			"úřadem Jihomoravského kraje.\n\nTémata programu navrhují a vybírají přihlášení účastníci: navrhněte, " +
			"o čem chcete mluvit, a dejte hlas tématům, která vás pálí nejvíc.",
		Venue:   venueSlapanice,
		Address: "Masarykovo nám. 100/7, 664 51 Šlapanice",
		Starts:  prague(2018, time.June, 15, 9, 0), Ends: prague(2018, time.June, 15, 13, 0),
		RegisterBy: prague(2018, time.June, 8, 12, 0), TopicsBy: prague(2018, time.June, 5, 12, 0),
		Capacity: 45, Runner: coordinatorJMK, Approver: methodologistJMK,
		Participants: juneParticipants(),
		Absent:       []string{guestEmail("Tereza Poláková"), guestEmail("Olga Jandová")},
		Created:      prague(2018, time.April, 23, 10, 15),
		Opened:       prague(2018, time.April, 25, 9, 30),
		Registering:  [2]time.Time{prague(2018, time.April, 25, 10, 0), prague(2018, time.May, 18, 15, 0)},
		Proposing:    [2]time.Time{prague(2018, time.May, 21, 8, 30), prague(2018, time.May, 31, 14, 0)},
		Voting:       [2]time.Time{prague(2018, time.May, 31, 15, 0), prague(2018, time.June, 5, 10, 0)},
		Agenda:       prague(2018, time.June, 6, 10, 0),
		Published:    prague(2018, time.June, 8, 14, 0),
		Held:         prague(2018, time.June, 15, 9, 5),
		Attendance:   prague(2018, time.June, 15, 13, 20),
		Writing:      [2]time.Time{prague(2018, time.June, 18, 9, 0), prague(2018, time.June, 20, 15, 0)},
		Feedback:     prague(2018, time.June, 20, 16, 0),
		Approved:     prague(2018, time.June, 27, 10, 30),
		Closed:       prague(2018, time.July, 10, 9, 0),
		Topics: []topicSeed{
			{Key: "support", Title: "Systém podpory činnosti OSPOD", Area: "support", By: guestEmail("Hana Dvořáková"),
				Description: "Jakou podporu mohou pracovníci OSPOD čekat od krajského úřadu a od projektu MPSV: metodické " +
					"vedení, konzultace, supervize, vzdělávání. Na koho se obrátit, když si v konkrétní situaci nevíme rady?",
				Status: "accepted", Pos: 1, Slot: "09:15", Minutes: 40, Presenter: "Martina Horáková, Krajský úřad JMK",
				Votes: 14, From: 0,
				Outcome: "Zástupci krajského úřadu představili formy metodické podpory: telefonické a e-mailové konzultace, " +
					"metodické návštěvy, porady vedoucích a vzdělávání. Účastníci popsali, že nejvíc jim chybí rychlá " +
					"odpověď v nejasných situacích a podpora nových kolegů při zaškolení. Ze sdílené praxe zazněla dobrá " +
					"zkušenost s pravidelnou externí supervizí a s intervizí mezi sousedními pracovišti.",
				Decisions: "Krajský úřad rozešle kontakty na metodiky podle přidělených ORP. Dotazy, které přesahují jeden " +
					"úřad, budou pracoviště posílat krajskému úřadu písemně, aby odpověď mohla dostat i ostatní pracoviště.",
				Resolution: "resolved",
				Actions: []actionSeed{{"Rozeslat účastníkům kontakty na metodiky krajského úřadu podle ORP",
					"Martina Horáková, Krajský úřad JMK", "2018-06-29", true}}},
			{Key: "cooperation", Title: "Spolupráce OSPOD s dalšími subjekty", Area: "cooperation", By: guestEmail("Ivana Malá"),
				Description: "Spolupráce se školami, lékaři, policií, soudy a neziskovými organizacemi; zejména specifika " +
					"spolupráce se sociálně aktivizačními službami pro rodiny s dětmi.",
				Status: "accepted", Pos: 6, Slot: "12:15", Minutes: 45, Presenter: "Lucie Černá, lokální síťařka",
				Votes: 12, From: 6,
				Outcome: "Diskuse o spolupráci setkání uzavřela. Nejvíce se týkala sociálně aktivizačních služeb pro rodiny " +
					"s dětmi: kdy rodině službu doporučit, jaké informace si se službou předávat a jak si rozdělit role, " +
					"aby rodina nedostávala od OSPOD a od služby rozporná sdělení. Účastníci se shodli, že spolupráce " +
					"funguje tam, kde se pracovníci OSPOD a služby znají osobně a mají domluvená pravidla. Zazněly dobré " +
					"zkušenosti se společnou schůzkou s rodinou na začátku spolupráce a s jejím vyhodnocením po třech měsících.",
				Decisions: "Lokální síťařky připraví přehled sociálně aktivizačních služeb pro rodiny s dětmi v kraji " +
					"s kontakty a spádovými oblastmi. Doporučujeme zahajovat spolupráci společnou schůzkou OSPOD, služby " +
					"a rodiny a písemně si domluvit, jaké informace si budou předávat.",
				Resolution: "resolved",
				Actions: []actionSeed{{"Sestavit přehled sociálně aktivizačních služeb pro rodiny s dětmi v kraji",
					"Lucie Černá, lokální síťařka", "2018-09-28", true}}},
			{Key: "sas", Title: "Spolupráce se sociálně aktivizačními službami", Area: "cooperation", By: guestEmail("Jan Musil"),
				Description: "Jak si se SAS rozdělit role a co si smíme předávat, aby rodina věděla, kdo s ní na čem pracuje.",
				Status:      "merged", Into: "cooperation", Votes: 7, From: 6},
			{Key: "foster", Title: "Pěstounská péče", Area: "foster-care", By: guestEmail("Monika Kratochvílová"),
				Description: "Dohody o výkonu pěstounské péče, spolupráce s doprovázejícími organizacemi, kontakt dítěte " +
					"s rodiči a kontrola plnění dohod.",
				Status: "accepted", Pos: 2, Slot: "09:55", Minutes: 40, Presenter: "Věra Hájková, Městský úřad Ivančice",
				Votes: 19, From: 12,
				Outcome: "Účastníci sdíleli praxi při uzavírání dohod o výkonu pěstounské péče s doprovázejícími organizacemi " +
					"a při kontrole jejich plnění. Pracoviště postupují rozdílně při hodnocení vzdělávání pěstounů a při " +
					"úpravě kontaktu dítěte s rodiči; krajský úřad vysvětlil, na co se při kontrolách zaměřuje. Dobrou " +
					"zkušenost mají pracoviště, která se s doprovázející organizací nad každou rodinou schází aspoň " +
					"dvakrát ročně.",
				Decisions: "Krajský úřad připraví vzorový postup kontroly plnění dohody o výkonu pěstounské péče. " +
					"Pracoviště si vymění vzory pozvánek na společná setkání s doprovázejícími organizacemi.",
				Resolution: "resolved",
				Actions: []actionSeed{{"Připravit vzorový postup kontroly plnění dohody o výkonu pěstounské péče",
					"Krajský úřad JMK, oddělení sociálně-právní ochrany dětí", "2018-11-30", false}}},
			{Key: "tools", Title: "Nástroje v práci s klienty", Area: "tools", By: guestEmail("Renata Sedláčková"),
				Description: "Které nástroje se osvědčily při vyhodnocování situace rodiny a v práci s rodiči a dětmi: " +
					"karty rodičovských kompetencí, rodičovský plán, genogram, škálování.",
				Status: "accepted", Pos: 3, Slot: "10:35", Minutes: 35, Presenter: "Pavla Urbanová, Městský úřad Vyškov",
				Votes: 15, From: 20,
				Outcome: "Účastníci si představili nástroje, které používají: karty k posouzení rodičovských kompetencí, " +
					"rodičovský plán, genogram a ekomapu a škálování v rozhovoru s dítětem. Shodli se, že nástroj pomáhá, " +
					"když ho pracovník dobře zná a rodině vysvětlí, k čemu slouží; jinak ho rodiče vnímají jako test. " +
					"Několik pracovišť nabídlo, že se o své materiály podělí.",
				Decisions: "Pracoviště pošlou nabídnuté materiály lokálním síťařkám, které je rozešlou všem účastníkům. " +
					"Sdílené materiály nesmějí obsahovat údaje o konkrétních rodinách.",
				Resolution: "resolved",
				Actions: []actionSeed{{"Shromáždit a rozeslat materiály k nástrojům (karty, rodičovský plán, vzor genogramu)",
					"Lucie Černá, lokální síťařka", "2018-07-31", true}}},
			{Key: "gdpr", Title: "Vliv GDPR na práci s klienty", Area: "gdpr", By: guestEmail("Jitka Kopecká"),
				Description: "Od 25. května 2018 se použije obecné nařízení o ochraně osobních údajů. Co se mění při " +
					"poskytování informací klientům, školám a službám, při nahlížení do spisu a při informování klientů " +
					"o zpracování jejich údajů?",
				Status: "accepted", Pos: 4, Slot: "11:25", Minutes: 30, Presenter: "Martina Horáková, Krajský úřad JMK",
				Votes: 22, From: 26,
				Outcome: "Téma dostalo nejvíce hlasů. Krajský úřad shrnul, že zákon o sociálně-právní ochraně dětí zůstává " +
					"zvláštní právní úpravou a povinnost mlčenlivosti se nemění. Účastníci popsali nejistotu při " +
					"předávání informací sociálně aktivizačním službám a školám, při informování klientů o zpracování " +
					"osobních údajů a při žádostech o kopie ze spisu. Na část otázek nebylo možné odpovědět, dokud se " +
					"k nim nevyjádří ministerstvo.",
				Decisions: "Krajský úřad předá otázky MPSV a odpověď představí na příštím setkání. Do té doby pracoviště " +
					"postupují podle dosavadní praxe a nejasnosti konzultují s pověřencem pro ochranu osobních údajů " +
					"svého úřadu. Bod se přenáší na příští setkání.",
				Resolution: "unresolved",
				Actions: []actionSeed{{"Předat MPSV souhrn otázek k GDPR z tohoto setkání",
					"Martina Horáková, Krajský úřad JMK", "2018-07-13", true}}},
			{Key: "meetings", Title: "Systém setkávání: chceme se potkávat pravidelně?", Area: "meetings", By: coordinatorJMK,
				Description: "Má mít setkání OSPOD v kraji pravidelnou podobu? Jak často, kde a kdo ho bude připravovat?",
				Status:      "accepted", Pos: 5, Slot: "11:55", Minutes: 20, Presenter: "Lucie Černá, lokální síťařka",
				Votes: 9, From: 34,
				Outcome: "Účastníci ocenili otevřenou a důvěrnou atmosféru setkání a chtějí v něm pokračovat. Navrhovali " +
					"střídat hostitelské úřady a sbírat témata předem jako tentokrát. O pravidelnosti rozhodne zpětná " +
					"vazba účastníků; krajský úřad je ochoten setkání podporovat.",
				Decisions: "Lokální síťařky rozešlou dotazník zpětné vazby. Další setkání se uskuteční v říjnu 2018 " +
					"a rozhodne se na něm o pravidelném setkávání.",
				Resolution: "resolved",
				Actions: []actionSeed{{"Rozeslat dotazník zpětné vazby a navrhnout termín říjnového setkání",
					"Lucie Černá, lokální síťařka", "2018-06-29", true}}},
			{Key: "pay", Title: "Platové zařazení a odměňování pracovníků OSPOD", Area: "team", By: guestEmail("Michal Staněk"),
				Description: "Rozdíly v platových třídách a osobních příplatcích mezi úřady a jejich vliv na odchody zkušených kolegů.",
				Status:      "declined", Votes: 6, From: 3,
				Reason: "O platech rozhodují zaměstnavatelé; téma patří na poradu vedoucích s krajským úřadem, ne na setkání ke sdílení praxe."},
			{Key: "files", Title: "Vedení spisové dokumentace", Area: "files", By: guestEmail("Blanka Konečná"), Spontaneous: true, Raised: "10:55",
				Description: "Téma vyvstalo v diskusi o nástrojích: co zakládat do spisu, jak vést elektronickou evidenci a jak " +
					"zaznamenávat telefonické konzultace.",
				Status: "accepted", Pos: 7,
				Outcome: "Účastníci porovnali, co zakládají do spisové dokumentace dítěte a co do dalších spisových řad, jak " +
					"vedou elektronickou evidenci a jak zaznamenávají telefonické a krátké konzultace. Krajský úřad " +
					"připomněl požadavky standardu kvality 12a a nejčastější zjištění z kontrol.",
				Decisions: "Krajský úřad zařadí vedení spisové dokumentace mezi témata metodických návštěv. Pracoviště si " +
					"vymění vzory záznamů z konzultací.",
				Resolution: "resolved"},
			{Key: "misdemeanours", Title: "Vyřizování přestupků na úseku OSPOD", Area: "misdemeanours", By: guestEmail("Ludmila Tichá"),
				Spontaneous: true, Raised: "11:45",
				Description: "Téma vyvstalo v diskusi o GDPR: kdo na úřadě přestupky na úseku sociálně-právní ochrany dětí " +
					"projednává a jak postupovat podle zákona o odpovědnosti za přestupky.",
				Status: "accepted", Pos: 8,
				Outcome: "Praxe se mezi úřady liší: někde přestupky na úseku sociálně-právní ochrany dětí projednává OSPOD, " +
					"jinde přestupkové oddělení úřadu. Účastníci se neshodli ani na tom, jak oddělit projednání přestupku " +
					"od sociální práce s rodinou. Sdílená zkušenost nestačila k jednotnému závěru.",
				Decisions: "Otázka pro krajský úřad: sjednotit postup při vyřizování přestupků na úseku sociálně-právní " +
					"ochrany dětí. Bod se přenáší na příští setkání.",
				Resolution: "unresolved", ForRegion: true,
				Actions: []actionSeed{{"Připravit stanovisko kraje k vyřizování přestupků na úseku sociálně-právní ochrany dětí",
					"Krajský úřad JMK, oddělení sociálně-právní ochrany dětí", "2018-09-28", true}}},
		},
	}
}

func october2018() meetingSeed {
	return meetingSeed{
		Title: "OSPOD sobě – podzimní setkání",
		Description: "Navazující setkání OSPOD sobě. Na programu jsou body, které v červnu zůstaly otevřené, zkušenosti " +
			"od června a rozhodnutí, zda a jak se budeme setkávat pravidelně.",
		Venue:   venueSlapanice,
		Address: "Masarykovo nám. 100/7, 664 51 Šlapanice",
		Starts:  prague(2018, time.October, 18, 9, 0), Ends: prague(2018, time.October, 18, 12, 30),
		RegisterBy: prague(2018, time.October, 12, 12, 0), TopicsBy: prague(2018, time.October, 8, 12, 0),
		Capacity: 45, Runner: coordinatorJMK, Approver: methodologistJMK,
		Participants: octoberParticipants(),
		Absent:       []string{guestEmail("Romana Novotná")},
		Created:      prague(2018, time.August, 27, 10, 0),
		Opened:       prague(2018, time.August, 29, 9, 0),
		Registering:  [2]time.Time{prague(2018, time.August, 29, 10, 0), prague(2018, time.September, 21, 14, 0)},
		Proposing:    [2]time.Time{prague(2018, time.September, 24, 9, 0), prague(2018, time.October, 1, 13, 0)},
		Voting:       [2]time.Time{prague(2018, time.October, 1, 14, 0), prague(2018, time.October, 5, 11, 0)},
		Agenda:       prague(2018, time.October, 9, 10, 0),
		Published:    prague(2018, time.October, 11, 13, 0),
		Held:         prague(2018, time.October, 18, 9, 5),
		Attendance:   prague(2018, time.October, 18, 12, 45),
		Writing:      [2]time.Time{prague(2018, time.October, 22, 9, 0), prague(2018, time.October, 24, 14, 0)},
		Feedback:     prague(2018, time.October, 24, 15, 0),
		Approved:     prague(2018, time.October, 31, 11, 0),
		Closed:       prague(2018, time.November, 12, 9, 0),
		Topics: []topicSeed{
			{Key: "gdpr2", Carried: "gdpr", Status: "accepted", Pos: 1, Slot: "09:15", Minutes: 45,
				Presenter: "Martina Horáková, Krajský úřad JMK", Votes: 5, From: 0,
				Outcome: "Krajský úřad představil odpověď MPSV na otázky z červnového setkání. Zákon o sociálně-právní " +
					"ochraně dětí je zvláštním právním předpisem; OSPOD zpracovává osobní údaje, protože mu to ukládá " +
					"zákon, a souhlas klienta ke zpracování nepotřebuje. Sociálně aktivizačním službám a školám se " +
					"předává jen to, co je pro spolupráci nezbytné, a povinnost mlčenlivosti platí beze změny. Účastníci " +
					"si porovnali, jak klienty o zpracování osobních údajů informují.",
				Decisions: "Krajský úřad zveřejní vzor informace o zpracování osobních údajů pro klienty OSPOD. " +
					"Otázky z června jsou zodpovězeny.",
				Resolution: "resolved",
				Actions: []actionSeed{{"Zveřejnit vzor informace o zpracování osobních údajů pro klienty OSPOD",
					"Martina Horáková, Krajský úřad JMK", "2018-11-30", true}}},
			{Key: "misdemeanours2", Carried: "misdemeanours", Status: "accepted", Pos: 2, Slot: "10:00", Minutes: 45,
				Presenter: "Krajský úřad JMK, oddělení sociálně-právní ochrany dětí", Votes: 7, From: 5, ForRegion: true,
				Outcome: "Krajský úřad představil stanovisko k vyřizování přestupků na úseku sociálně-právní ochrany dětí: " +
					"kdo na úřadě přestupek projednává, jak se postupuje podle zákona o odpovědnosti za přestupky a řízení " +
					"o nich a jak oddělit projednání přestupku od sociální práce s rodinou. Účastníci doplnili zkušenosti " +
					"z menších úřadů, kde se pracovníci nemohou zastoupit.",
				Decisions:  "Krajský úřad rozešle stanovisko všem OSPOD v kraji. Otázka z června je zodpovězena.",
				Resolution: "resolved"},
			{Key: "sas2", Title: "Společné schůzky se SAS: co se osvědčilo od června", Area: "cooperation",
				By:          "pracovnik.slapanice@hnizdo.test",
				Description: "Zkušenosti pracovišť, která od června zahajují spolupráci se sociálně aktivizační službou společnou schůzkou s rodinou.",
				Status:      "accepted", Pos: 3, Slot: "11:00", Minutes: 40, Presenter: "Jana Nováková, Městský úřad Šlapanice",
				Votes: 6, From: 20,
				Outcome: "Pracoviště, která od června zahajují spolupráci se sociálně aktivizační službou společnou schůzkou " +
					"s rodinou, popsala své zkušenosti. Rodiny podle nich lépe rozumějí tomu, co dělá OSPOD a co služba, " +
					"a méně často dochází k nedorozuměním. Lokální síťařky představily přehled služeb v kraji.",
				Decisions: "Přehled sociálně aktivizačních služeb se bude jednou ročně aktualizovat. Společnou úvodní " +
					"schůzku doporučujeme jako běžnou praxi.",
				Resolution: "resolved"},
			{Key: "regular", Title: "Pravidelná setkávání OSPOD v kraji", Area: "meetings", By: coordinatorJMK,
				Description: "Podle červnové zpětné vazby chce většina účastníků pokračovat. Jak často, kde a jak budeme připravovat program?",
				Status:      "accepted", Pos: 4, Slot: "11:40", Minutes: 45, Presenter: "Lucie Černá, lokální síťařka",
				Votes: 8, From: 12,
				Outcome: "Podle dotazníku zpětné vazby z června chce naprostá většina účastníků v setkáních pokračovat. " +
					"Diskutovala se četnost, místo konání a příprava programu; účastníci chtějí zachovat sběr témat " +
					"a hlasování předem.",
				Decisions: "Setkání OSPOD sobě se budou konat dvakrát ročně, na jaře a na podzim. Hostitelské úřady se " +
					"budou střídat a program se sestaví z témat, která účastníci předem navrhnou a odhlasují. Přípravu " +
					"koordinuje krajský úřad s lokálními síťařkami.",
				Resolution: "resolved",
				Actions: []actionSeed{{"Navrhnout termíny a hostitelské úřady setkání na rok 2019",
					"Lucie Černá, lokální síťařka", "2018-12-14", false}}},
		},
	}
}

// regionalOffices are the regional authorities where the upcoming meetings take place, for the
// regions the reference data has no regional office of; "of" names the region in the titles.
var regionalOffices = map[string]struct{ name, address, of string }{
	"PHA": {"Magistrát hlavního města Prahy", "Mariánské nám. 2/2, 110 01 Praha 1", "hlavního města Prahy"},
	"STC": {"Krajský úřad Středočeského kraje", "Zborovská 81/11, 150 21 Praha 5", "Středočeského kraje"},
	"JHC": {"Krajský úřad Jihočeského kraje", "U Zimního stadionu 1952/2, 370 76 České Budějovice", "Jihočeského kraje"},
	"PLK": {"Krajský úřad Plzeňského kraje", "Škroupova 1760/18, 301 00 Plzeň", "Plzeňského kraje"},
	"KVK": {"Krajský úřad Karlovarského kraje", "Závodní 353/88, 360 06 Karlovy Vary", "Karlovarského kraje"},
	"ULK": {"Krajský úřad Ústeckého kraje", "Velká Hradební 3118/48, 400 02 Ústí nad Labem", "Ústeckého kraje"},
	"LBK": {"Krajský úřad Libereckého kraje", "U Jezu 642/2a, 461 80 Liberec", "Libereckého kraje"},
	"HKK": {"Krajský úřad Královéhradeckého kraje", "Pivovarské nám. 1245/2, 500 03 Hradec Králové", "Královéhradeckého kraje"},
	"PAK": {"Krajský úřad Pardubického kraje", "Komenského náměstí 125, 532 11 Pardubice", "Pardubického kraje"},
	"VYS": {"Krajský úřad Kraje Vysočina", "Žižkova 1882/57, 587 33 Jihlava", "Kraje Vysočina"},
	"JHM": {"Krajský úřad Jihomoravského kraje", "Žerotínovo náměstí 449/3, 601 82 Brno", "Jihomoravského kraje"},
	"OLK": {"Krajský úřad Olomouckého kraje", "Jeremenkova 1191/40a, 779 00 Olomouc", "Olomouckého kraje"},
	"ZLK": {"Krajský úřad Zlínského kraje", "tř. Tomáše Bati 21, 761 90 Zlín", "Zlínského kraje"},
	"MSK": {"Krajský úřad Moravskoslezského kraje", "28. října 2771/117, 702 18 Ostrava", "Moravskoslezského kraje"},
}

// upcomingTopics are the proposals of the regions with demo people, who also vote for them.
var upcomingTopics = map[string][]topicSeed{
	"JHM": {
		{Title: "Případové konference: kdo je svolává a jak je vést", Area: "case-conferences", By: "marketa.vesela@hnizdo.test",
			Description: "Příprava, vedení a zápis případové konference; jak na ni připravit rodiče a kdy a jak přizvat dítě.",
			Votes:       4, From: 0},
		{Title: "Zaškolení nových pracovníků OSPOD", Area: "team", By: "radek.cermak@hnizdo.test",
			Description: "Jak provést nové kolegy prvními měsíci: adaptační plán, mentor a co musí zvládnout dřív, než převezmou případy.",
			Votes:       3, From: 4},
		{Title: "Krátkodobá pěstounská péče v praxi", Area: "foster-care", By: "katerina.stastna@hnizdo.test",
			Description: "Spolupráce s pěstouny na přechodnou dobu, příprava dítěte na odchod do další rodiny a kontakt s rodiči.",
			Votes:       5, From: 7},
		{Title: "Spolupráce se školami při včasném záchytu ohrožených dětí", Area: "cooperation", By: coordinatorJMK,
			Description: "Co od nás školy potřebují, kdy se na OSPOD obracet a jak si domluvit zpětnou vazbu.",
			Votes:       2, From: 2},
	},
	"PAK": {
		{Title: "Intervize a supervize v malých týmech", Area: "team", By: "zdenka.pokorna@hnizdo.test",
			Description: "Jak zajistit intervizi a supervizi tam, kde je OSPOD tvořen dvěma nebo třemi lidmi.",
			Votes:       3, From: 0},
		{Title: "Rodičovský plán: zkušenosti po prvním roce", Area: "divorce", By: "lenka.benesova@hnizdo.test",
			Description: "Kdy rodičovský plán pomohl, kdy ne a jak s ním pracovat, když spolu rodiče nemluví.",
			Votes:       2, From: 3},
		{Title: "Kurátor pro děti a mládež: spolupráce se školami a policií", Area: "youth-probation", By: "ondrej.fiala@hnizdo.test",
			Description: "Předávání informací, společné schůzky a prevence opakování u dospívajících.",
			Votes:       3, From: 1},
		{Title: "Domácí násilí a vykázání: první dny po zásahu", Area: "abuse", By: "veronika.jelinkova@hnizdo.test",
			Description: "Spolupráce s intervenčním centrem a policií v prvních dnech po vykázání a jak mluvit s dětmi.",
			Votes:       2, From: 4},
		{Title: "Vyřizování stížností klientů", Area: "administration", By: "metodik.pak@hnizdo.test",
			Description: "Jak stížnost vyřídit srozumitelně a včas a co se z ní může tým naučit.",
			Votes:       1, From: 5},
	},
}

// commonTopics are proposed by the organisers of the regions without demo people.
var commonTopics = []topicSeed{
	{Title: "Případové konference: kdo je svolává a jak je vést", Area: "case-conferences",
		Description: "Příprava, vedení a zápis případové konference; jak na ni připravit rodiče a kdy a jak přizvat dítě."},
	{Title: "Zaškolení nových pracovníků OSPOD", Area: "team",
		Description: "Jak provést nové kolegy prvními měsíci: adaptační plán, mentor a co musí zvládnout dřív, než převezmou případy."},
	{Title: "Vyhodnocování a individuální plán ochrany dítěte", Area: "assessment",
		Description: "Jak psát individuální plán ochrany dítěte, aby mu rodiče rozuměli a dal se vyhodnocovat."},
	{Title: "Krátkodobá pěstounská péče v praxi", Area: "foster-care",
		Description: "Spolupráce s pěstouny na přechodnou dobu, příprava dítěte na odchod do další rodiny a kontakt s rodiči."},
	{Title: "Asistovaný kontakt dítěte s rodičem", Area: "divorce",
		Description: "Kdy asistovaný kontakt doporučit, kdo ho v regionu zajišťuje a jak s ním pracovat v řízení o úpravě styku."},
	{Title: "Spolupráce se sociálně aktivizačními službami", Area: "cooperation",
		Description: "Jak si se službou rozdělit role a domluvit předávání informací, aby rodina věděla, kdo s ní na čem pracuje."},
	{Title: "Intervize a supervize v malých týmech", Area: "team",
		Description: "Jak zajistit intervizi a supervizi tam, kde je OSPOD tvořen dvěma nebo třemi lidmi."},
	{Title: "Vliv GDPR na práci s klienty", Area: "gdpr",
		Description: "Co smíme předávat školám a službám a jak klienty informovat o zpracování jejich osobních údajů."},
}

// voteAllowance is the votes each participant of a demo meeting has, the usual three.
const voteAllowance = 3

// upcomingGuests is how many participants of 2018 have already registered for the next
// "OSPOD sobě", next to the demo colleagues.
const upcomingGuests = 8

// member is a user as the meeting seed needs them.
type member struct {
	id     int64
	region int16
	roles  []auth.Role
}

// event is an entry of a meeting's timeline, written when the meeting is complete.
type event struct {
	at       time.Time
	actor    int64
	action   string
	from, to string
	detail   map[string]any
}

// meetingSeeder carries what the demo meetings share, all in one transaction.
type meetingSeeder struct {
	tx     pgx.Tx
	now    time.Time
	areas  map[string]int16
	users  map[string]member // by lower-case e-mail
	topics map[string]int64  // topics of past meetings by key, for carrying over

	meeting int64
	events  []event
}

// SeedMeetings adds the demo meetings when the database has none yet and returns how many it
// created. Everything happens in one transaction, so a failure leaves nothing half-seeded. The
// demo people must exist (see Seed).
func SeedMeetings(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	areas, err := areaIDs(ctx, pool)
	if err != nil {
		return 0, err
	}
	created := 0
	err = db.InTx(ctx, pool, func(tx pgx.Tx) error {
		// Two seeders at once (say, two instances starting) must not both find no meetings.
		if _, err := tx.Exec(ctx, `LOCK TABLE meetings IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return fmt.Errorf("demo: meetings: %w", err)
		}
		var exists bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM meetings)`).Scan(&exists); err != nil {
			return fmt.Errorf("demo: meetings: %w", err)
		}
		if exists {
			return nil
		}
		ms := &meetingSeeder{tx: tx, now: time.Now(), areas: areas, topics: map[string]int64{}}
		if err := ms.addGuests(ctx); err != nil {
			return err
		}
		if err := ms.loadUsers(ctx); err != nil {
			return err
		}
		series, err := ms.series(ctx, seriesJMK, "JHM", prague(2018, time.April, 23, 10, 15))
		if err != nil {
			return err
		}
		for _, p := range []meetingSeed{june2018(), october2018()} {
			if err := ms.past(ctx, series, p); err != nil {
				return fmt.Errorf("demo: meeting %q: %w", p.Title, err)
			}
			created++
		}
		n, err := ms.upcoming(ctx, series)
		created += n
		return err
	})
	if err != nil {
		return 0, err
	}
	return created, nil
}

// addGuests creates the accounts of the 2018 participants that are missing, dated before the
// meeting they came to.
func (ms *meetingSeeder) addGuests(ctx context.Context) error {
	for i, g := range guests {
		roles := []auth.Role{auth.Caseworker}
		if g.Head {
			roles = []auth.Role{auth.Head}
		}
		at := prague(2018, time.April, 20, 8, 0).Add(time.Duration(i*7) * time.Minute)
		var id int64
		err := ms.tx.QueryRow(ctx, `
			INSERT INTO users (email, name, office_id, roles, password_hash, created_at, updated_at)
			SELECT $1, $2, o.id, $4, '', $5, $5 FROM offices o JOIN regions r ON r.id = o.region_id
			WHERE o.name = $3 AND r.slug = 'JHM'
			ON CONFLICT ((lower(email))) DO NOTHING RETURNING id`,
			guestEmail(g.Name), g.Name, g.Office, roles, at).Scan(&id)
		if err == pgx.ErrNoRows {
			continue // exists already, or the office is missing, which loadUsers reports
		}
		if err != nil {
			return fmt.Errorf("demo: add %s: %w", g.Name, err)
		}
		if _, err := ms.tx.Exec(ctx, `
			INSERT INTO audit_log (at, action, object_type, object_id, to_state) VALUES ($1, 'user.seed', 'user', $2, 'active')`,
			at, id); err != nil {
			return fmt.Errorf("demo: audit of %s: %w", g.Name, err)
		}
	}
	return nil
}

func (ms *meetingSeeder) loadUsers(ctx context.Context) error {
	var emails []string
	for _, p := range People {
		emails = append(emails, strings.ToLower(p.Email))
	}
	for _, g := range guests {
		emails = append(emails, guestEmail(g.Name))
	}
	rows, err := ms.tx.Query(ctx, `
		SELECT lower(u.email), u.id, o.region_id, u.roles FROM users u JOIN offices o ON o.id = u.office_id
		WHERE lower(u.email) = ANY($1)`, emails)
	if err != nil {
		return fmt.Errorf("demo: users: %w", err)
	}
	ms.users = map[string]member{}
	var email string
	var m member
	if _, err := pgx.ForEachRow(rows, []any{&email, &m.id, &m.region, &m.roles}, func() error {
		ms.users[email] = m
		return nil
	}); err != nil {
		return fmt.Errorf("demo: users: %w", err)
	}
	if len(ms.users) != len(emails) {
		return fmt.Errorf("demo: %d of the %d people of the demo meetings exist", len(ms.users), len(emails))
	}
	return nil
}

func (ms *meetingSeeder) user(email string) (member, error) {
	u, ok := ms.users[strings.ToLower(email)]
	if !ok {
		return member{}, fmt.Errorf("no user %s", email)
	}
	return u, nil
}

// series returns the id of the series name in the region with slug, creating it.
func (ms *meetingSeeder) series(ctx context.Context, name, slug string, at time.Time) (int64, error) {
	var id int64
	err := ms.tx.QueryRow(ctx, `
		INSERT INTO meeting_series (region_id, name, created_at) SELECT id, $2, $3 FROM regions WHERE slug = $1
		ON CONFLICT (region_id, name) DO UPDATE SET name = excluded.name RETURNING id`, slug, name, at).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("demo: series %q: %w", name, err)
	}
	return id, nil
}

// log adds an entry to the timeline of the current meeting.
func (ms *meetingSeeder) log(at time.Time, actor int64, action, from, to string, detail map[string]any) {
	ms.events = append(ms.events, event{at, actor, action, from, to, detail})
}

// flush writes the timeline of the current meeting in the order things happened: the timeline
// is read in the order of the entries, not of their times.
func (ms *meetingSeeder) flush(ctx context.Context) error {
	sort.SliceStable(ms.events, func(i, j int) bool { return ms.events[i].at.Before(ms.events[j].at) })
	n := len(ms.events)
	at, actors := make([]time.Time, n), make([]int64, n)
	actions, from, to, detail := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	for i, e := range ms.events {
		d := []byte("{}")
		if len(e.detail) > 0 {
			var err error
			if d, err = json.Marshal(e.detail); err != nil {
				return fmt.Errorf("demo: audit detail: %w", err)
			}
		}
		at[i], actors[i], actions[i], from[i], to[i], detail[i] = e.at, e.actor, e.action, e.from, e.to, string(d)
	}
	_, err := ms.tx.Exec(ctx, `
		INSERT INTO audit_log (at, actor_id, action, object_type, object_id, from_state, to_state, detail)
		SELECT x.at, nullif(x.actor, 0), x.action, 'meeting', $1, x.f, x.t, x.d::jsonb
		FROM unnest($2::timestamptz[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[])
			WITH ORDINALITY x (at, actor, action, f, t, d, n)
		ORDER BY x.n`, ms.meeting, at, actors, actions, from, to, detail)
	if err != nil {
		return fmt.Errorf("demo: timeline of meeting %d: %w", ms.meeting, err)
	}
	ms.events = nil
	return nil
}

// insertMeeting creates the meeting row and its organisers and starts its timeline.
func (ms *meetingSeeder) insertMeeting(ctx context.Context, region int16, series *int64, p meetingSeed, status string,
	organisers []int64, updated time.Time, approvedBy *int64) error {
	var approvedAt *time.Time
	if approvedBy != nil {
		approvedAt = &p.Approved
	}
	err := ms.tx.QueryRow(ctx, `
		INSERT INTO meetings (region_id, series_id, title, description, venue, address, starts_at, ends_at, capacity,
			register_by, topics_by, vote_allowance, status, minutes_approved_at, minutes_approved_by, created_by,
			created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`,
		region, series, p.Title, p.Description, p.Venue, p.Address, p.Starts, p.Ends, p.Capacity,
		p.RegisterBy, p.TopicsBy, voteAllowance, status, approvedAt, approvedBy, organisers[0], p.Created, updated).Scan(&ms.meeting)
	if err != nil {
		return fmt.Errorf("insert: %w", err)
	}
	if _, err := ms.tx.Exec(ctx, `
		INSERT INTO meeting_organisers (meeting_id, user_id) SELECT $1, unnest($2::bigint[])`, ms.meeting, organisers); err != nil {
		return fmt.Errorf("organisers: %w", err)
	}
	ms.log(p.Created, organisers[0], "meeting.create", "", "draft", map[string]any{"title": p.Title})
	return nil
}

// register adds the participants, one after another between from and to.
func (ms *meetingSeeder) register(ctx context.Context, emails []string, from, to time.Time) ([]int64, error) {
	ids := make([]int64, len(emails))
	at := make([]time.Time, len(emails))
	for i, e := range emails {
		u, err := ms.user(e)
		if err != nil {
			return nil, err
		}
		ids[i], at[i] = u.id, workSpread(from, to, i, len(emails))
		ms.log(at[i], u.id, "meeting.register", "", "registered", map[string]any{"user": u.id})
	}
	_, err := ms.tx.Exec(ctx, `
		INSERT INTO registrations (meeting_id, user_id, status, queued_at, updated_at)
		SELECT $1, x.u, 'registered', x.at, x.at FROM unnest($2::bigint[], $3::timestamptz[]) x (u, at)`,
		ms.meeting, ids, at)
	if err != nil {
		return nil, fmt.Errorf("registrations: %w", err)
	}
	return ids, nil
}

// propose inserts topic t as proposed by who at at, and returns its id.
func (ms *meetingSeeder) propose(ctx context.Context, t topicSeed, who int64, at time.Time) (int64, error) {
	area, ok := ms.areas[t.Area]
	if !ok {
		return 0, fmt.Errorf("topic %q: unknown area %q", t.Title, t.Area)
	}
	var id int64
	err := ms.tx.QueryRow(ctx, `
		INSERT INTO topics (meeting_id, title, description, area_id, proposed_by, spontaneous, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
		ms.meeting, t.Title, t.Description, area, who, t.Spontaneous, at).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("topic %q: %w", t.Title, err)
	}
	return id, nil
}

// ballots hands out votes within the allowance of each voter.
type ballots struct {
	voters []int64
	used   map[int64]int
	cast   map[[2]int64]bool // topic, voter
}

func newBallots(voters []int64) *ballots {
	return &ballots{voters: voters, used: map[int64]int{}, cast: map[[2]int64]bool{}}
}

// vote casts up to n votes for topic, taking the voters in turn from the one at from.
func (b *ballots) vote(topic int64, n, from int) []int64 {
	var out []int64
	for k := 0; k < len(b.voters) && len(out) < n; k++ {
		u := b.voters[(from+k)%len(b.voters)]
		if b.used[u] < voteAllowance && !b.cast[[2]int64{topic, u}] {
			b.used[u]++
			b.cast[[2]int64{topic, u}] = true
			out = append(out, u)
		}
	}
	return out
}

// votes writes the votes of topics (by id) at moments spread between from and to.
func (ms *meetingSeeder) votes(ctx context.Context, b *ballots, topics []topicSeed, ids []int64, from, to time.Time) error {
	type vote struct{ topic, user int64 }
	var all []vote
	for i, t := range topics {
		if ids[i] == 0 || t.Votes == 0 {
			continue
		}
		for _, u := range b.vote(ids[i], t.Votes, t.From) {
			all = append(all, vote{ids[i], u})
		}
	}
	// Each voter casts their votes in one sitting, a minute apart; the voters come one after another.
	order := map[int64]int{}
	for i, u := range b.voters {
		order[u] = i
	}
	sort.SliceStable(all, func(i, j int) bool { return order[all[i].user] < order[all[j].user] })
	topicIDs, users, at := make([]int64, len(all)), make([]int64, len(all)), make([]time.Time, len(all))
	sitting, k := time.Time{}, 0
	for i, v := range all {
		if i == 0 || v.user != all[i-1].user {
			sitting, k = workSpread(from, to, order[v.user], len(b.voters)), 0
		}
		topicIDs[i], users[i], at[i] = v.topic, v.user, sitting.Add(time.Duration(k)*time.Minute)
		k++
		ms.log(at[i], v.user, "meeting.vote", "", "", map[string]any{"topic": v.topic})
	}
	_, err := ms.tx.Exec(ctx, `
		INSERT INTO topic_votes (topic_id, user_id, meeting_id, created_at)
		SELECT x.t, x.u, $1, x.at FROM unnest($2::bigint[], $3::bigint[], $4::timestamptz[]) x (t, u, at)`,
		ms.meeting, topicIDs, users, at)
	if err != nil {
		return fmt.Errorf("votes: %w", err)
	}
	return nil
}

// held is a meeting that took place while it is being written.
type held struct {
	*meetingSeeder
	p                meetingSeed
	runner, approver member
	ids              []int64 // of p.Topics, once they exist
	participants     []int64
}

// past writes a meeting that took place, step by step, the way its organisers took it.
func (ms *meetingSeeder) past(ctx context.Context, series int64, p meetingSeed) error {
	h := &held{meetingSeeder: ms, p: p, ids: make([]int64, len(p.Topics))}
	var err error
	if h.runner, err = ms.user(p.Runner); err != nil {
		return err
	}
	if h.approver, err = ms.user(p.Approver); err != nil {
		return err
	}
	if err := ms.insertMeeting(ctx, h.runner.region, &series, p, "closed", []int64{h.runner.id, h.approver.id}, p.Closed, &h.approver.id); err != nil {
		return err
	}
	if err := h.carry(ctx); err != nil {
		return err
	}
	ms.log(p.Opened, h.runner.id, "meeting.open", "draft", "open", nil)
	if h.participants, err = ms.register(ctx, p.Participants, p.Registering[0], p.Registering[1]); err != nil {
		return err
	}
	if err := h.proposals(ctx); err != nil {
		return err
	}
	if err := ms.votes(ctx, newBallots(h.participants), p.Topics, h.ids, p.Voting[0], p.Voting[1]); err != nil {
		return err
	}
	if err := h.agenda(ctx); err != nil {
		return err
	}
	ms.log(p.Published, h.runner.id, "meeting.publish", "open", "agenda", nil)
	ms.log(p.Held, h.runner.id, "meeting.hold", "agenda", "held", nil)
	for _, step := range []func(context.Context) error{h.spontaneous, h.attendance, h.minutes} {
		if err := step(ctx); err != nil {
			return err
		}
	}
	ms.log(p.Feedback, h.runner.id, "meeting.feedback", "held", "feedback", nil)
	ms.log(p.Approved, h.approver.id, "meeting.approve_minutes", "feedback", "feedback", nil)
	ms.log(p.Closed, h.runner.id, "meeting.close", "feedback", "closed", nil)
	for i, t := range p.Topics {
		ms.topics[t.Key] = h.ids[i]
	}
	return ms.flush(ctx)
}

// carry brings over the unresolved items of the previous meeting, as the store does when the
// meeting is created: with their title, proposer and the votes they had.
func (h *held) carry(ctx context.Context) error {
	for i, t := range h.p.Topics {
		if t.Carried == "" {
			continue
		}
		old, ok := h.topics[t.Carried]
		if !ok {
			return fmt.Errorf("carry %q: no such topic", t.Carried)
		}
		at := h.p.Created.Add(time.Duration(i+1) * time.Second)
		err := h.tx.QueryRow(ctx, `
			INSERT INTO topics (meeting_id, title, description, area_id, proposed_by, carried_from, carried_votes, for_region,
				created_at, updated_at)
			SELECT $1, title, description, area_id, proposed_by, id, (SELECT count(*) FROM topic_votes v WHERE v.topic_id = t.id),
				for_region, $3, $3
			FROM topics t WHERE id = $2
			RETURNING id, title`, h.meeting, old, at).Scan(&h.ids[i], &h.p.Topics[i].Title)
		if err != nil {
			return fmt.Errorf("carry %q: %w", t.Carried, err)
		}
		h.log(at, h.runner.id, "meeting.carry", "", "proposed",
			map[string]any{"topic": h.ids[i], "title": h.p.Topics[i].Title, "from": old})
	}
	return nil
}

// proposals writes the topics proposed in advance, by people registered by then.
func (h *held) proposals(ctx context.Context) error {
	registered := map[int64]bool{h.runner.id: true, h.approver.id: true}
	for _, id := range h.participants {
		registered[id] = true
	}
	var proposed []int
	for i, t := range h.p.Topics {
		if t.Carried == "" && !t.Spontaneous {
			proposed = append(proposed, i)
		}
	}
	for k, i := range proposed {
		t := h.p.Topics[i]
		who, err := h.user(t.By)
		if err != nil {
			return err
		}
		if !registered[who.id] {
			return fmt.Errorf("topic %q: %s proposes without being registered", t.Title, t.By)
		}
		at := workSpread(h.p.Proposing[0], h.p.Proposing[1], k, len(proposed))
		if h.ids[i], err = h.propose(ctx, t, who.id, at); err != nil {
			return err
		}
		h.log(at, who.id, "meeting.propose", "", "proposed", map[string]any{"topic": h.ids[i], "title": t.Title})
	}
	return nil
}

// agenda is the organisers sorting the proposals after the deadline: merged duplicates first,
// since their votes move to the surviving topic (once per voter), then the rest.
func (h *held) agenda(ctx context.Context) error {
	at := h.p.Agenda
	step := func() time.Time { at = at.Add(3 * time.Minute); return at }
	byKey := map[string]int64{}
	for i, t := range h.p.Topics {
		byKey[t.Key] = h.ids[i]
	}
	for i, t := range h.p.Topics {
		if t.Status != "merged" {
			continue
		}
		into := byKey[t.Into]
		if into == 0 {
			return fmt.Errorf("topic %q: merged into unknown %q", t.Title, t.Into)
		}
		when := step()
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`INSERT INTO topic_votes (topic_id, user_id, meeting_id, created_at)
				SELECT $2, user_id, meeting_id, created_at FROM topic_votes WHERE topic_id = $1
				ON CONFLICT (topic_id, user_id) DO NOTHING`, []any{h.ids[i], into}},
			{`DELETE FROM topic_votes WHERE topic_id = $1`, []any{h.ids[i]}},
			{`UPDATE topics SET status = 'merged', merged_into = $2, updated_at = $3 WHERE id = $1`, []any{h.ids[i], into, when}},
		} {
			if _, err := h.tx.Exec(ctx, q.sql, q.args...); err != nil {
				return fmt.Errorf("merge %q: %w", t.Title, err)
			}
		}
		h.log(when, h.approver.id, "meeting.merge", "proposed", "merged",
			map[string]any{"topic": h.ids[i], "title": t.Title, "into": into})
	}
	for i, t := range h.p.Topics {
		switch {
		case t.Status == "declined":
			when := step()
			if _, err := h.tx.Exec(ctx, `UPDATE topics SET status = 'declined', updated_at = $2 WHERE id = $1`, h.ids[i], when); err != nil {
				return fmt.Errorf("decline %q: %w", t.Title, err)
			}
			h.log(when, h.approver.id, "meeting.decline", "proposed", "declined",
				map[string]any{"topic": h.ids[i], "title": t.Title, "reason": t.Reason})
		case t.Status == "accepted" && !t.Spontaneous:
			when := step()
			if err := h.accept(ctx, h.ids[i], t, when); err != nil {
				return err
			}
			h.log(when, h.runner.id, "meeting.accept", "proposed", "accepted", map[string]any{"topic": h.ids[i], "title": t.Title})
		}
	}
	return nil
}

// spontaneous writes the topics raised in the discussion, put on the agenda there and then.
func (h *held) spontaneous(ctx context.Context) error {
	y, mo, d := h.p.Starts.In(i18n.Prague).Date()
	for i, t := range h.p.Topics {
		if !t.Spontaneous {
			continue
		}
		raised, err := time.Parse("15:04", t.Raised)
		if err != nil {
			return fmt.Errorf("topic %q: raised at %q: %w", t.Title, t.Raised, err)
		}
		when := prague(y, mo, d, raised.Hour(), raised.Minute())
		who, err := h.user(t.By)
		if err != nil {
			return err
		}
		if h.ids[i], err = h.propose(ctx, t, who.id, when); err != nil {
			return err
		}
		if err := h.accept(ctx, h.ids[i], t, when); err != nil {
			return err
		}
		h.log(when, h.runner.id, "meeting.spontaneous", "", "accepted", map[string]any{"topic": h.ids[i], "title": t.Title})
	}
	return nil
}

// attendance marks who came, right after the meeting.
func (h *held) attendance(ctx context.Context) error {
	absent := map[int64]bool{}
	for _, e := range h.p.Absent {
		u, err := h.user(e)
		if err != nil {
			return err
		}
		absent[u.id] = true
	}
	for _, id := range h.participants {
		h.log(h.p.Attendance, h.runner.id, "meeting.attendance", "", "", map[string]any{"user": id, "attended": !absent[id]})
	}
	if _, err := h.tx.Exec(ctx, `
		UPDATE registrations SET attended = NOT (user_id = ANY($2)), updated_at = $3 WHERE meeting_id = $1`,
		h.meeting, keys(absent), h.p.Attendance); err != nil {
		return fmt.Errorf("attendance: %w", err)
	}
	return nil
}

// minutes writes the minutes item by item in the order of the agenda, with their actions.
func (h *held) minutes(ctx context.Context) error {
	var items []int
	for i, t := range h.p.Topics {
		if t.Status == "accepted" {
			items = append(items, i)
		}
	}
	sort.Slice(items, func(a, b int) bool { return h.p.Topics[items[a]].Pos < h.p.Topics[items[b]].Pos })
	for k, i := range items {
		t := h.p.Topics[i]
		when := workSpread(h.p.Writing[0], h.p.Writing[1], k, len(items))
		if _, err := h.tx.Exec(ctx, `
			UPDATE topics SET outcome = $2, decisions = $3, resolution = $4, for_region = $5, minutes_version = 2, updated_at = $6
			WHERE id = $1`, h.ids[i], t.Outcome, t.Decisions, t.Resolution, t.ForRegion, when); err != nil {
			return fmt.Errorf("minutes of %q: %w", t.Title, err)
		}
		for _, a := range t.Actions {
			due, err := time.Parse(time.DateOnly, a.Due)
			if err != nil {
				return fmt.Errorf("action %q: %w", a.Text, err)
			}
			if _, err := h.tx.Exec(ctx, `
				INSERT INTO topic_actions (topic_id, text, owner, due, done, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
				h.ids[i], a.Text, a.Owner, due, a.Done, when); err != nil {
				return fmt.Errorf("action %q: %w", a.Text, err)
			}
		}
		h.log(when, h.runner.id, "meeting.minutes", "held", "held", map[string]any{"topic": h.ids[i], "title": t.Title, "version": 2})
	}
	return nil
}

// accept puts topic id on the agenda with its place, time slot and presenter.
func (ms *meetingSeeder) accept(ctx context.Context, id int64, t topicSeed, at time.Time) error {
	var slot *string
	var minutes *int
	if t.Slot != "" {
		slot, minutes = &t.Slot, &t.Minutes
	}
	_, err := ms.tx.Exec(ctx, `
		UPDATE topics SET status = 'accepted', position = $2, slot_start = $3::time, slot_minutes = $4, presenter = $5,
			updated_at = $6
		WHERE id = $1`, id, t.Pos, slot, minutes, t.Presenter, at)
	if err != nil {
		return fmt.Errorf("accept %q: %w", t.Title, err)
	}
	return nil
}

func keys(m map[int64]bool) []int64 {
	out := make([]int64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// upcomingDay is the day of the i-th region's upcoming meeting: three to eight weeks ahead,
// Tuesday to Thursday, with neither the meeting nor its topic deadline in the Christmas
// holidays, when nobody would come.
func upcomingDay(now time.Time, i int) time.Time {
	local := now.In(i18n.Prague)
	var day time.Time
	for w := range 6 {
		day = time.Date(local.Year(), local.Month(), local.Day()+7*(3+(i+w)%6)+i%3, 0, 0, 0, 0, i18n.Prague)
		for day.Weekday() < time.Tuesday || day.Weekday() > time.Thursday {
			day = day.AddDate(0, 0, 1)
		}
		if !holidays(day) && !holidays(day.AddDate(0, 0, -7)) {
			break
		}
	}
	return day
}

func holidays(d time.Time) bool {
	return (d.Month() == time.December && d.Day() >= 20) || (d.Month() == time.January && d.Day() <= 6)
}

// workSpread is spread over working hours (Monday to Friday, 8:00 to 16:00 in Prague), so the
// demo people do not work at night; a window without working hours falls back to spread.
func workSpread(from, to time.Time, k, m int) time.Time {
	type span struct{ from, to time.Time }
	var spans []span
	var total time.Duration
	f := from.In(i18n.Prague)
	for day := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, i18n.Prague); day.Before(to); day = day.AddDate(0, 0, 1) {
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday {
			continue
		}
		s, e := day.Add(8*time.Hour), day.Add(16*time.Hour)
		if s.Before(from) {
			s = from
		}
		if e.After(to) {
			e = to
		}
		if e.After(s) {
			spans = append(spans, span{s, e})
			total += e.Sub(s)
		}
	}
	if total == 0 {
		return spread(from, to, k, m)
	}
	off := total * time.Duration(k+1) / time.Duration(m+1)
	for _, sp := range spans {
		if off < sp.to.Sub(sp.from) {
			return sp.from.Add(off).Truncate(time.Second)
		}
		off -= sp.to.Sub(sp.from)
	}
	return spans[len(spans)-1].to
}

// season names the part of the year a meeting falls in, for its title.
func season(t time.Time) string {
	switch t.Month() {
	case time.March, time.April, time.May:
		return "jaro"
	case time.June, time.July, time.August:
		return "léto"
	case time.September, time.October, time.November:
		return "podzim"
	}
	return "zima"
}

// upcoming adds one meeting open for registration and topics in every region, three to eight
// weeks ahead of now, so the demo stays upcoming whenever it is seeded. It returns how many.
func (ms *meetingSeeder) upcoming(ctx context.Context, seriesJMKID int64) (int, error) {
	rows, err := ms.tx.Query(ctx, `
		SELECT DISTINCT ON (r.id) r.id, r.slug, coalesce(o.name, ''), coalesce(o.address, '')
		FROM regions r LEFT JOIN offices o ON o.region_id = r.id AND o.kind = 'regional'
		ORDER BY r.id, o.id`)
	if err != nil {
		return 0, fmt.Errorf("demo: regions: %w", err)
	}
	type region struct {
		id                    int16
		slug, office, address string
	}
	var regions []region
	var r region
	if _, err := pgx.ForEachRow(rows, []any{&r.id, &r.slug, &r.office, &r.address}, func() error {
		regions = append(regions, r)
		return nil
	}); err != nil {
		return 0, fmt.Errorf("demo: regions: %w", err)
	}
	admin, err := ms.user("admin@hnizdo.test")
	if err != nil {
		return 0, err
	}
	local := ms.now.In(i18n.Prague)
	for i, r := range regions {
		known, ok := regionalOffices[r.slug]
		if !ok {
			return 0, fmt.Errorf("demo: no regional office for region %s", r.slug)
		}
		if r.office == "" {
			r.office = known.name
		}
		if r.address == "" {
			r.address = known.address
		}
		day := upcomingDay(ms.now, i)
		at := func(days, h int) time.Time {
			return time.Date(day.Year(), day.Month(), day.Day()+days, h, 0, 0, 0, i18n.Prague)
		}
		registerBy := at(-2, 12)
		for registerBy.Weekday() == time.Saturday || registerBy.Weekday() == time.Sunday {
			registerBy = registerBy.AddDate(0, 0, -1)
		}
		created := time.Date(local.Year(), local.Month(), local.Day()-14+i%4, 9, 30+7*i, 0, 0, i18n.Prague)
		for created.Weekday() == time.Saturday || created.Weekday() == time.Sunday {
			created = created.AddDate(0, 0, -1)
		}
		p := meetingSeed{
			Title: fmt.Sprintf("Setkání OSPOD %s – %s %d", known.of, season(day), day.Year()),
			Description: "Setkání pracovníků OSPOD kraje ke sdílení dobré praxe a otázek, které nás v práci trápí. " +
				"Navrhujte témata a hlasujte pro ta, o kterých chcete mluvit; program sestavíme z témat s největší " +
				"podporou a pozveme k nim kolegy z krajského úřadu.",
			Venue: r.office, Address: r.address,
			Starts: at(0, 9), Ends: at(0, 13), TopicsBy: at(-7, 12), RegisterBy: registerBy,
			Capacity: int32(30 + 5*(i%7)),
			Created:  created,
		}
		var series *int64
		switch r.slug {
		case "JHM":
			p.Title = fmt.Sprintf("%s – %s %d", seriesJMK, season(day), day.Year())
			p.Capacity = 45
			series = &seriesJMKID
		case "PAK":
			p.Title = fmt.Sprintf("%s – %s %d", seriesPAK, season(day), day.Year())
			id, err := ms.series(ctx, seriesPAK, "PAK", created)
			if err != nil {
				return 0, err
			}
			series = &id
		}
		if err := ms.open(ctx, r.id, r.slug, i, series, p, admin.id); err != nil {
			return 0, fmt.Errorf("demo: meeting %q: %w", p.Title, err)
		}
	}
	return len(regions), nil
}

// open writes the upcoming meeting p of region: created and opened some days ago, with a few
// registrations, proposals and votes since.
func (ms *meetingSeeder) open(ctx context.Context, region int16, slug string, i int, series *int64, p meetingSeed, admin int64) error {
	// The organisers are the region's methodologists and coordinators among the demo people,
	// demo logins first; the administrator stands in where a region has none.
	var organisers, participants []string
	for _, login := range []bool{true, false} {
		for _, pp := range People {
			u := ms.users[strings.ToLower(pp.Email)]
			if pp.Login != login || u.region != region {
				continue
			}
			switch {
			case (contains(pp.Roles, auth.Methodologist) || contains(pp.Roles, auth.Coordinator)) && len(organisers) < 2:
				organisers = append(organisers, pp.Email)
			case !login && (contains(pp.Roles, auth.Caseworker) || contains(pp.Roles, auth.Head)):
				// The demo logins stay unregistered, so a visitor can register at once.
				participants = append(participants, pp.Email)
			}
		}
	}
	if slug == "JHM" {
		for _, g := range guests[:upcomingGuests] {
			participants = append(participants, guestEmail(g.Name))
		}
	}
	orgIDs := []int64{admin}
	if len(organisers) > 0 {
		orgIDs = nil
		for _, e := range organisers {
			orgIDs = append(orgIDs, ms.users[strings.ToLower(e)].id)
		}
	}
	if err := ms.insertMeeting(ctx, region, series, p, "open", orgIDs, p.Created.Add(time.Hour), nil); err != nil {
		return err
	}
	ms.log(p.Created.Add(time.Hour), orgIDs[0], "meeting.open", "draft", "open", nil)
	// Registrations, then proposals, then votes, each in its share of the days since opening;
	// the shares are long enough to hold working hours whatever the weekday.
	from, span := p.Created.Add(2*time.Hour), ms.now.Add(-time.Hour).Sub(p.Created.Add(2*time.Hour))
	share := func(f float64) time.Time { return from.Add(time.Duration(f * float64(span))) }
	ids, err := ms.register(ctx, participants, from, share(0.4))
	if err != nil {
		return err
	}
	registered := map[int64]bool{}
	for _, id := range append(ids, orgIDs...) {
		registered[id] = true
	}

	topics, ok := upcomingTopics[slug]
	if !ok {
		n := 3 + i%3
		for k := range n {
			topics = append(topics, commonTopics[(i*3+k)%len(commonTopics)])
		}
	}
	topicIDs := make([]int64, len(topics))
	for k, t := range topics {
		who := orgIDs[k%len(orgIDs)]
		if t.By != "" {
			u, err := ms.user(t.By)
			if err != nil {
				return err
			}
			who = u.id
		}
		if !registered[who] {
			return fmt.Errorf("topic %q: %s proposes without being registered", t.Title, t.By)
		}
		at := workSpread(share(0.4), share(0.65), k, len(topics))
		if topicIDs[k], err = ms.propose(ctx, t, who, at); err != nil {
			return err
		}
		ms.log(at, who, "meeting.propose", "", "proposed", map[string]any{"topic": topicIDs[k], "title": t.Title})
	}
	if err := ms.votes(ctx, newBallots(ids), topics, topicIDs, share(0.65), share(1)); err != nil {
		return err
	}
	return ms.flush(ctx)
}
