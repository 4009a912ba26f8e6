package pii

// caseWords are the beginnings of words that point to a person in a case; a first name near
// one of them is taken for that person's name.
var caseWords = []string{
	"dítě", "dítět", "děti", "dětí", "nezletil", "matk", "matc", "matce", "otec", "otc", "otce",
	"klient", "syn", "dcer", "chlap", "dívk", "dívc", "babičk", "babičc", "dědeč", "děd",
	"pěstoun", "sourozen", "bratr", "sestr", "rodič", "nezl", "mladistv", "žák", "žačk",
	"partner", "družk", "vnuk", "vnučk", "opatrovan", "poručen",
}

// firstNames are common Czech first names, lower case, nominative; enough to start with.
var firstNames = []string{
	"adam", "adéla", "alena", "alois", "amálie", "andrea", "aneta", "anežka", "anna", "antonín",
	"barbora", "bohumil", "bohuslav", "daniel", "daniela", "david", "denis", "dominik", "dominika",
	"eliška", "ema", "emil", "emma", "eva", "filip", "františek", "hana", "helena", "ivana", "jakub",
	"jan", "jana", "jaroslav", "jaroslava", "jindřich", "jiří", "jitka", "josef", "julie", "kamila",
	"karel", "karolína", "kateřina", "klára", "kristýna", "ladislav", "lenka", "libor", "lucie",
	"lukáš", "marek", "marie", "markéta", "martin", "martina", "matěj", "matyáš", "michaela",
	"michal", "milan", "miloslav", "miroslav", "monika", "natálie", "nela", "nikola", "nikolas",
	"ondřej", "patrik", "pavel", "pavla", "petr", "petra", "radek", "richard", "robert", "roman",
	"rostislav", "sabina", "sára", "simona", "sofie", "stanislav", "šárka", "štěpán", "tadeáš",
	"tereza", "tomáš", "václav", "valerie", "veronika", "viktor", "viktorie", "vít", "vladimír",
	"vojtěch", "zdeněk", "zdeňka", "zuzana",
}
