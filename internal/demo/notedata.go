package demo

import "strings"

// NoteSeed is one demo practice note (praktická poznámka / příklad dobré praxe).
type NoteSeed struct {
	Title    string   // max 200 characters
	Summary  string   // 1–2 sentences, max 500 characters
	Body     string   // Markdown, 1,200–3,000 characters, with 2–4 "## " headings (and some "### "), lists, maybe one table
	Areas    []string // 1–3 area slugs
	Tags     []string // 2–5 free tags, lower case Czech, e.g. "pěstounská péče", "intervize"
	Author   string   // e-mail of a demo account
	Status   string   // "draft", "submitted", "published" or "archived"
	Binding  bool     // binding methodological guidance of the region (závazný metodický pokyn); only for notes authored by a methodologist
	AgeDays  int      // how many days ago it was written/published (spread between 5 and 700)
	ReviewIn int      // review-by date in days from today: positive = future; negative = past (outdated)
	Revised  string   // "" or a second version of Body (a realistic small revision) so the history shows a diff
	Return   string   // for a draft that a methodologist returned: the methodologist's comment (Czech); else ""
}

// revise returns body with each old → new pair replaced once. It panics when old is missing,
// so a typo in the demo data shows at start-up rather than as a revision without a change.
func revise(body string, pairs ...string) string {
	if len(pairs)%2 != 0 {
		panic("demo: revise needs pairs of old and new text")
	}
	for i := 0; i < len(pairs); i += 2 {
		if !strings.Contains(body, pairs[i]) {
			panic("demo: revise: text not found: " + pairs[i])
		}
		body = strings.Replace(body, pairs[i], pairs[i+1], 1)
	}
	return body
}

// The bodies below have a second version (NoteSeed.Revised), so they are named.

const bodyFosterVisits = `## Proč jsme návštěvy změnili

Návštěva dítěte v pěstounské péči je zákonná povinnost: obecní úřad obce s rozšířenou působností navštěvuje dítě svěřené do pěstounské péče nejméně jednou za šest měsíců (§ 19a zákona č. 359/1999 Sb.). Dlouho jsme ji ale vedli hlavně jako kontrolu – prohlídka bytu, pár otázek, záznam do spisu. Pěstouni nám na společném setkání s doprovázející organizací řekli, že se před návštěvou cítí „jako před inspekcí“ a že o tom podstatném, tedy jak se dítěti daří a co ho trápí, spolu skoro nemluvíme.

## Jak návštěvu připravujeme

- **Domluva předem.** Termín domlouváme s pěstouny nejméně týden dopředu a ptáme se, co chtějí probrat. Neohlášenou návštěvu si necháváme pro situace, kdy máme konkrétní pochybnost.
- **Spis a zprávy doprovázející organizace.** Před návštěvou si projdeme poslední záznam, zprávu o doprovázení a individuální plán ochrany dítěte.
- **Jedno až dvě témata.** Vybereme téma, ke kterému se chceme vrátit (škola, zdraví, kontakt s rodiči), a víc nepřidáváme.

## Průběh návštěvy

### S pěstouny

Začínáme tím, co se od minula podařilo, a teprve potom se ptáme na obtíže. Pěstouni tak nemají pocit, že hledáme chyby, a o starostech mluví otevřeněji.

### S dítětem o samotě

Dítě, které je toho schopné, vždy vidíme i bez pěstounů – podle věku v jeho pokoji, na procházce nebo při hře. Ptáme se jednoduše: co je doma dobré, co by chtělo jinak a jestli ví, na koho se může obrátit.

### Kontakt s rodiči

Pěstounská péče je často dočasná a kontakt s rodiči je její důležitou součástí. Ptáme se, jak setkání probíhají, co po nich dítě prožívá a kdo je připravuje.

## Co si odnášíme

Záznam z návštěvy píšeme do tří pracovních dnů a pěstounům na konci návštěvy nahlas shrneme, co do něj zapíšeme. Po roce vidíme, že pěstouni častěji sami zavolají, když se něco děje, a nečekají na další návštěvu.
`

const bodyGuardianReport = `## Role kolizního opatrovníka

V řízení o úpravě péče a styku zastupuje OSPOD dítě jako opatrovník (§ 17 zákona č. 359/1999 Sb.). Nejsme na straně matky ani otce – hájíme zájem dítěte a soudu přinášíme informace, které jinak nemá: jak dítě žije, co samo říká a jak zvládá konflikt rodičů.

## Osnova zprávy

1. **Zdroje informací** – s kým jsme mluvili a jakým způsobem (šetření v domácnosti každého z rodičů, rozhovor s dítětem, zpráva školy, lékaře nebo služby).
2. **Situace dítěte** – jeho potřeby, zdraví, škola, vztahy se sourozenci a širší rodinou.
3. **Názor dítěte** – pokud možno vlastními slovy dítěte a s popisem, jak jsme ho zjistili. U dítěte staršího dvanácti let se předpokládá, že je schopno názor vyjádřit (§ 867 zákona č. 89/2012 Sb., občanský zákoník).
4. **Schopnosti rodičů** – co každý z rodičů zvládá dobře a kde potřebuje podporu.
5. **Návrh** – co doporučujeme a proč, s oporou v kritériích podle § 907 občanského zákoníku.

## Časté chyby

- Zpráva přebírá tvrzení jednoho z rodičů bez ověření.
- Názor dítěte je shrnut jednou větou („chce být s matkou“) bez souvislostí a bez popisu, jak byl zjištěn.
- Chybí zhodnocení, zda je dítě vtahováno do konfliktu mezi rodiči.
- Návrh je formulován příliš obecně, například „ve prospěch dítěte“.

### Rozhovor s dítětem

Rozhovor vedeme bez přítomnosti rodičů, v klidné místnosti, a dítěti na začátku vysvětlíme, co se s jeho slovy stane: že je soudu sdělíme a že rozhodnutí neudělá ono, ale soud. Dítě tím zbavujeme pocitu, že musí mezi rodiči volit. Menší děti vidíme raději dvakrát kratší dobu než jednou dlouho.

### Po jednání soudu

Po vyhlášení rozhodnutí dítěti přiměřeně věku vysvětlíme, jak soud rozhodl a co to pro něj znamená. Často to zapomínáme udělat, a dítě se pak výsledek dozví jen z vyprávění rodičů.
`

const bodySafety = `## Odkud postup pochází

V pilotním projektu inovačního hnízda jsme si jako téma vybrali vyhodnocení a plánování zajištění bezpečí dítěte. Chtěli jsme, aby vyhodnocení nebylo formulářem, který vyplníme u stolu, ale rozhovorem, na kterém se podílí rodina. Vyhodnocení situace dítěte a rodiny a individuální plán ochrany dítěte nám ukládá § 10 odst. 3 zákona č. 359/1999 Sb.; postup níže je způsob, jak k nim dojít společně s rodinou.

## Tři otázky

Na první společné schůzce s rodiči si na velký papír nakreslíme tři sloupce:

1. **Čeho se obáváme?** Konkrétní popis toho, co se stalo nebo co se může stát, a jaký to má dopad na dítě. Ne nálepky („nepřizpůsobivá rodina“), ale chování.
2. **Co funguje dobře?** Co rodina už dělá pro bezpečí dítěte, i když je to maličkost. Kdo z blízkých pomáhá.
3. **Co se musí stát?** Jak bude vypadat situace, kdy už OSPOD nebude mít obavy. Formulujeme to jako viditelné chování.

### Škála bezpečí

Na závěr se každého zeptáme: „Na škále od 0 do 10, kde 10 znamená, že je dítě v bezpečí a OSPOD může případ uzavřít, kde jsme dnes?“ Rozdíl mezi odhadem rodičů a naším je dobrým začátkem rozhovoru.

## Plán bezpečí

Plán bezpečí obsahuje konkrétní pravidla (kdo, co, kdy) a jména lidí z okolí rodiny, kteří se zavázali pomáhat. Ta zapisujeme jen do spisu, do sdílených materiálů nikdy. Plán vždy přečteme nahlas a rodiče dostanou kopii.

- Pravidla jsou napsaná slovy rodiny.
- Každé pravidlo má svého „hlídače“ z okolí rodiny.
- Plán revidujeme nejpozději po šesti týdnech.

## Co jsme se naučili

Nejvíc nám pomohlo oddělit obavy od faktů, které už známe. Rodiče reagují mnohem méně obranně, když vidí, že stejně vážně bereme i sloupec „co funguje dobře“.
`

const bodySAS = `## Výchozí situace

Sociálně aktivizační služby pro rodiny s dětmi (§ 65 zákona č. 108/2006 Sb., o sociálních službách) jsou nejčastějším partnerem OSPOD. Při mapování sítě jsme ale často slyšeli, že rodina má „dva plány“ – individuální plán ochrany dítěte od OSPOD a individuální plán služby – a že se navzájem nepotkávají. Rodina pak plní úkoly, které si odporují, nebo stejné úkoly dvakrát.

## Kdo co dělá

| Oblast | OSPOD | SAS |
|---|---|---|
| Vyhodnocení ohrožení dítěte | odpovídá za něj | přispívá pozorováním z domácnosti |
| Individuální plán ochrany dítěte | zpracovává a vyhodnocuje | podílí se na cílech a krocích |
| Praktická podpora rodiny | doporučuje a zprostředkuje | poskytuje |
| Úřední a soudní kroky | činí je | neúčastní se, pokud není nutné |

## Co funguje

- **Úvodní schůzka ve třech.** Rodina, pracovník OSPOD a pracovník služby se na začátku sejdou a domluví, co chce rodina změnit a kdo jí s čím pomůže.
- **Jeden seznam cílů.** Cíle služby vycházejí z plánu ochrany dítěte; služba k nim dopisuje jen kroky.
- **Předávání informací s vědomím rodiny.** Rodina ví, co si OSPOD a služba sdělují, a pokud možno je u toho.
- **Pravidelné vyhodnocení.** Jednou za tři měsíce krátká společná schůzka, ne jen písemná zpráva.

### Jak si domluvit pravidla

Osvědčilo se uzavřít mezi OSPOD a službou jednoduchou písemnou dohodu o spolupráci: jak se předávají doporučení, kdo svolává společné schůzky a jak se řeší nesouhlas. Dohodu stačí revidovat jednou ročně.

## Na co si dát pozor

Služba není prodlouženou rukou úřadu. Pokud rodina vnímá pracovnici SAS jako kontrolu, ztratí k ní důvěru a služba přestane fungovat. Proto neposíláme SAS „zkontrolovat“ domácnost a nevyžadujeme od ní hlášení o každé návštěvě.
`

const bodyCards = `## Co jsou karty

Karty rodičovských kompetencí vznikly v pilotním projektu inovačního hnízda jako pomůcka pro rozhovor s rodiči o tom, co při péči o dítě zvládají a kde potřebují pomoc. Sada má přes čtyřicet karet v šesti okruzích: základní péče, bezpečí, emoční vřelost, vedení a hranice, stabilita a podpora vývoje. Každá karta nese jednoduchou větu, například „Vím, kdy mé dítě potřebuje jít spát“ nebo „Umím se dítěti omluvit“.

## Jak s kartami pracujeme

1. Rodič si karty přečte sám nebo mu je přečteme.
2. Rozdělí je na tři hromádky: **zvládám**, **chci se zlepšit**, **potřebuji pomoc**.
3. Začínáme hromádkou „zvládám“ – ptáme se na konkrétní příklady.
4. Z hromádky „chci se zlepšit“ vybereme společně jednu až dvě karty a z nich vzniká cíl do plánu.
5. Hromádku „potřebuji pomoc“ probíráme tam, kde je k dispozici služba, která s tím umí pomoci.

### Kdy karty nepoužívat

- v akutní krizi, kdy je potřeba jednat rychle kvůli bezpečí dítěte;
- když rodič nečte a cítil by se zahanbeně – pak karty čteme nahlas, nebo je vynecháme;
- na prvním setkání, kdy ještě nemáme vztah.

## Zkušenosti z praxe

Rodiče často sami vyberou do hromádky „chci se zlepšit“ přesně to, co bychom jim jinak museli vytknout. Rozdíl je v tom, že je to jejich cíl. Karty také pomáhají otcům, kteří se při rozhovorech s úřadem často drží stranou.

Kartu, kterou rodič vybral, zapisujeme do individuálního plánu ochrany dítěte jeho slovy. Po třech měsících karty vytáhneme znovu a porovnáme, co se posunulo.
`

const bodyInduction = `## Proč plán zaškolení

Standard 5 vyhlášky č. 473/2012 Sb. ukládá, aby OSPOD měl písemně zpracovaný postup pro přijímání a zaškolování nových zaměstnanců. U nás se ukázalo, že nejvíc nových kolegů odchází v prvním roce, a to hlavně kvůli pocitu, že „se hodili do vody“. Proto jsme postup přepsali do konkrétního plánu na tři měsíce.

## Plán na první tři měsíce

### První týden

- seznámení s pracovištěm, spisovou službou a evidencemi;
- přidělení zaškolujícího kolegy (mentora), který má na nováčka vyhrazenou hodinu denně;
- přečtení vnitřních předpisů, standardů kvality a pravidel mlčenlivosti podle § 57 zákona č. 359/1999 Sb.

### První měsíc

- účast na šetřeních a jednáních s klienty jako pozorovatel;
- studium několika uzavřených spisů Om a NOm s mentorem;
- první samostatné záznamy, které mentor čte a komentuje.

### Druhý a třetí měsíc

- vlastní jednodušší případy pod dohledem mentora;
- účast na případové konferenci a na intervizi týmu;
- sestavení individuálního plánu vzdělávání s vedoucí.

## Jak vyhodnocujeme

Na konci každého měsíce má nováček krátký rozhovor s vedoucí a mentorem: co zvládá, co ho zaskočilo a co potřebuje. Po třech měsících následuje hodnoticí rozhovor a domluva, jaké případy převezme.

Mentor za zaškolování dostává snížený počet případů. Bez toho plán nefunguje – zkoušeli jsme to.

## Co nováčkům nejvíc pomáhá

Podle zpětné vazby nejvíc pomáhá, když mohou kdykoli přijít s otázkou a nikdo je neodbude. A také seznam „kde co najdu“ – formuláře, vzory rozhodnutí, kontakty na služby v obvodu.
`

// Notes are the demo practice notes: mostly published, a few in review or in progress.
var Notes = []NoteSeed{
	{
		Title:   "Návštěvy v pěstounských rodinách: jak z povinné kontroly udělat užitečný rozhovor",
		Summary: "Jak plánujeme a vedeme návštěvy v pěstounských rodinách, aby nebyly jen formální kontrolou, ale rozhovorem, ze kterého mají něco pěstouni i dítě.",
		Body:    bodyFosterVisits,
		Revised: revise(bodyFosterVisits,
			"a víc nepřidáváme.\n",
			"a víc nepřidáváme.\n- **Doprovázející organizace.** Pokud to pěstouni chtějí, přizveme klíčovou pracovnici doprovázející organizace, aby se naše plány nedublovaly.\n",
			"do tří pracovních dnů", "do pěti pracovních dnů"),
		Areas:    []string{"foster-care", "field-work"},
		Tags:     []string{"pěstounská péče", "návštěvy", "doprovázení"},
		Author:   "pracovnik.slapanice@hnizdo.test",
		Status:   "published",
		AgeDays:  96,
		ReviewIn: 270,
	},
	{
		Title:   "Přechodná pěstounská péče: prvních 72 hodin po umístění dítěte",
		Summary: "Kontrolní seznam pro OSPOD a pěstouny na přechodnou dobu na první tři dny po náhlém umístění dítěte. Pomáhá nezapomenout na zdraví, školu ani na první kontakt s rodiči.",
		Body: `## Výchozí situace

Dítě přichází do přechodné pěstounské péče většinou náhle, na základě předběžného opatření soudu podle § 452 zákona č. 292/2013 Sb., o zvláštních řízeních soudních. Pěstouni na přechodnou dobu mají často jen několik hodin na přípravu a dítě přichází bez věcí, bez informací o zdraví a bez vysvětlení, co se děje. Prvních několik dní přitom rozhoduje o tom, jak dítě změnu zvládne.

## Kontrolní seznam

| Co | Kdo | Kdy |
|---|---|---|
| Předat známé informace o zdraví, lécích a alergiích | pracovník OSPOD | při předání dítěte |
| Zajistit oblečení, hygienu a oblíbenou věc z domova | OSPOD, pokud možno s rodiči | do 24 hodin |
| Vysvětlit dítěti přiměřeně věku, kde je a proč | OSPOD a pěstouni společně | první den |
| Informovat rodiče, že je dítě v bezpečí, a domluvit první kontakt | OSPOD | do 48 hodin |
| Domluvit docházku do školy nebo školky | pěstouni po poradě s OSPOD | do 72 hodin |
| Informovat doprovázející organizaci | OSPOD | první den |

## Na co si dát pozor

- Rodiče neztrácejí rodičovskou odpovědnost. Přechodná péče není trest, ale čas na řešení situace.
- První kontakt s rodiči plánujeme co nejdříve, pokud tomu nebrání bezpečí dítěte.
- Sourozence se snažíme neumisťovat odděleně; pokud to nejde, domlouváme jejich pravidelná setkání.
- Pěstounům předáváme jen informace, které pro péči potřebují, ne celý příběh rodiny.

### Plán na další týdny

Do jednoho měsíce svoláváme případovou konferenci s rodiči, pěstouny, doprovázející organizací a službami, které s rodinou pracují. Cílem je jasně pojmenovat, co se musí stát, aby se dítě mohlo vrátit domů, případně jaké jsou jiné možnosti. Přechodná péče má být krátká; každý měsíc bez plánu je pro dítě ztracený čas.

### Zkušenost

Nejčastěji jsme zapomínali na oblíbenou hračku a na léky. Dnes je obojí v seznamu na prvním místě.
`,
		Areas:    []string{"foster-care", "protective-measures"},
		Tags:     []string{"přechodná pěstounská péče", "předběžné opatření", "kontrolní seznam"},
		Author:   "hana.markova@hnizdo.test",
		Status:   "published",
		AgeDays:  214,
		ReviewIn: 410,
	},
	{
		Title:   "Kolizní opatrovník v řízení o péči: jak psát zprávu pro soud",
		Summary: "Zpráva kolizního opatrovníka má soudu přinést názor dítěte a odborné zhodnocení, ne přepis tvrzení rodičů. Nabízíme osnovu, kterou používáme, a nejčastější chyby.",
		Body:    bodyGuardianReport,
		Revised: revise(bodyGuardianReport,
			"- Návrh je formulován příliš obecně, například „ve prospěch dítěte“.\n",
			"- Návrh je formulován příliš obecně, například „ve prospěch dítěte“.\n- Zpráva nepopisuje, jak dítě zvládá přechody mezi domácnostmi.\n"),
		Areas:    []string{"divorce"},
		Tags:     []string{"kolizní opatrovník", "zpráva pro soud", "názor dítěte"},
		Author:   "katerina.stastna@hnizdo.test",
		Status:   "published",
		AgeDays:  305,
		ReviewIn: 180,
	},
	{
		Title:   "Asistovaný styk: kdy ho doporučit a jak ho vyhodnocovat",
		Summary: "Asistovaný styk pomáhá obnovit nebo udržet vztah dítěte s rodičem tam, kde volný styk zatím nejde. Popisujeme, kdy ho doporučujeme, co chceme od poskytovatele a kdy ho ukončit.",
		Body: `## Kdy asistovaný styk dává smysl

Styk rodiče s dítětem je právem dítěte i rodiče (§ 888 a násl. zákona č. 89/2012 Sb., občanský zákoník). Asistovaný styk, tedy styk za přítomnosti odborníka, doporučujeme hlavně v těchto situacích:

- kontakt byl dlouho přerušen a vztah je potřeba obnovovat postupně;
- při předávání dítěte dochází k vyhroceným konfliktům mezi rodiči;
- dítě kontakt odmítá a potřebuje bezpečný prostor, aby mohlo zkusit něco jiného;
- existují obavy o bezpečí dítěte, které ale nebrání kontaktu jako takovému.

Asistovaný styk není řešením akutního ohrožení. Tam, kde hrozí násilí, musí nejdřív proběhnout vyhodnocení bezpečí.

## Jak postupujeme

1. Rodiče se dohodnou, nebo o styku za přítomnosti třetí osoby rozhodne soud.
2. Vybereme poskytovatele – sociálně aktivizační službu nebo specializované pracoviště.
3. Proběhne úvodní schůzka s každým z rodičů zvlášť, kde se domluví pravidla.
4. Poskytovatel posílá krátké zprávy po každém bloku setkání.
5. Po třech měsících společně vyhodnotíme, zda pokračovat, uvolnit, nebo změnit formu.

### Co chceme ve zprávách

- jak dítě na setkání přichází a jak odchází;
- jak rodič reaguje na potřeby dítěte a zda dodržuje pravidla;
- co se mezi setkáními zlepšilo a co ne.

Nechceme hodnocení typu „styk proběhl bez problémů“. Zpráva má popsat chování, ne vyslovit verdikt.

## Kdy asistovaný styk ukončit

Cílem je, aby asistence přestala být potřeba. Pokud se vztah stabilizoval, navrhujeme postupný přechod – nejdřív asistované předávání, pak volný styk. Pokud se naopak situace dlouhodobě nelepší nebo dítě setkání opakovaně prožívá velmi těžce, navrhujeme soudu změnu úpravy styku a opíráme se přitom o zprávy poskytovatele.
`,
		Areas:    []string{"divorce", "cooperation"},
		Tags:     []string{"asistovaný styk", "styk s dítětem", "rozvod"},
		Author:   "ondrej.fiala@hnizdo.test",
		Status:   "published",
		AgeDays:  388,
		ReviewIn: 150,
	},
	{
		Title:   "Vyhodnocení a plánování bezpečí dítěte: tři otázky, se kterými začínáme",
		Summary: "Jednoduchý postup z pilotního projektu inovačního hnízda: obavy, silné stránky a cíle s rodinou na jednom papíře a plán bezpečí, na kterém se rodina podílí.",
		Body:    bodySafety,
		Revised: revise(bodySafety,
			"- Plán revidujeme nejpozději po šesti týdnech.\n",
			"- Plán revidujeme nejpozději po šesti týdnech.\n- Plán říká, co se stane, když pravidlo selže.\n",
			"Nejvíc nám pomohlo oddělit obavy od faktů, které už známe.",
			"Nejvíc nám pomohlo oddělit obavy od faktů, které už známe, a psát obojí slovy, kterým rodina rozumí."),
		Areas:    []string{"assessment", "tools"},
		Tags:     []string{"bezpečí dítěte", "vyhodnocení", "ipod", "rodina jako partner"},
		Author:   "vedouci.zamberk@hnizdo.test",
		Status:   "published",
		AgeDays:  512,
		ReviewIn: 120,
	},
	{
		Title:   "Intervize v malém týmu: formát na šedesát minut",
		Summary: "Pevná struktura intervize, která funguje i v týmu pěti lidí: role, časy a pravidla. Díky ní intervize neskončí u stížností na klienty.",
		Body: `## Proč pevný formát

V malém týmu se intervize snadno změní v povídání u kávy, nebo naopak v hodnocení kolegy, který případ přinesl. Pevný formát s rolemi a časy nám pomohl, aby se intervize konala pravidelně – každý druhý čtvrtek – a aby z ní předkladatel odcházel s něčím konkrétním.

## Role

- **Předkladatel** přináší případ a jednu otázku, na kterou hledá odpověď.
- **Facilitátor** hlídá strukturu a dává slovo; role se každý měsíc střídá.
- **Časoměřič** hlídá čas jednotlivých kroků.
- Ostatní jsou **konzultanti**.

## Průběh

| Krok | Čas | Co se děje |
|---|---|---|
| Otázka | 5 minut | předkladatel řekne, s čím potřebuje pomoci |
| Příběh | 10 minut | stručné představení situace bez zbytečných detailů |
| Doplňující otázky | 10 minut | jen otázky na fakta, žádné rady |
| Hypotézy | 15 minut | konzultanti mluví mezi sebou, předkladatel poslouchá |
| Odpověď předkladatele | 10 minut | co si bere, co ho zaujalo |
| Reflexe | 10 minut | jak se nám pracovalo, co příště jinak |

### Pravidla

- Co zazní na intervizi, zůstává v týmu.
- Případ představujeme bez jmen a bez údajů, které nejsou pro otázku potřeba.
- Neříkáme „ty jsi měl“, ale „mě napadá“.
- Vedoucí se účastní jako řadový člen, ne jako hodnotitel.

## Co se změnilo

Po půl roce týmové intervize vnímáme, že si kolegové častěji říkají o pomoc dřív, než se případ vyhrotí. Intervize nenahrazuje externí supervizi, ale doplňuje ji – na supervizi nosíme témata, se kterými si v týmu nevíme rady.
`,
		Areas:    []string{"team"},
		Tags:     []string{"intervize", "týmová spolupráce", "sdílení případů"},
		Author:   "lenka.benesova@hnizdo.test",
		Status:   "published",
		AgeDays:  430,
		ReviewIn: 300,
	},
	{
		Title:   "Týmová porada za 45 minut: struktura, která nám vydržela",
		Summary: "Porady oddělení OSPOD se nám protahovaly a končily bez závěrů. Popisujeme jednoduchou strukturu s pevným časem, kterou používáme už druhý rok.",
		Body: `## Výchozí stav

Porady oddělení trvaly i dvě hodiny, probírali jsme na nich provozní věci vedle vážných případů a na konci nikdo přesně nevěděl, co se dohodlo. Část kolegů na porady chodila nerada, protože jim „kradly čas na spisy“.

## Nová struktura

1. **Úvodní kolečko (5 minut).** Každý jednou větou řekne, jak na tom je a co ho tento týden čeká.
2. **Provozní informace (10 minut).** Vedoucí je posílá písemně den předem; na poradě se na ně jen ptáme.
3. **Naléhavé případy (20 minut).** Jen ty, kde je potřeba rozhodnutí nebo zástup, nejvýš tři.
4. **Úkoly a závěry (5 minut).** Zapisovatel nahlas přečte, kdo co udělá do kdy.
5. **Jedna dobrá zpráva (5 minut).** Co se nám v práci povedlo.

### Role na poradě

- zapisovatel a časoměřič se střídají podle abecedy;
- vedoucí poradu vede, ale nemusí mluvit nejvíc;
- kdo přinese případ, připraví si jednu větu s otázkou.

## Pravidla, která pomohla

- Porada začíná i končí přesně. Kdo přijde pozdě, doplní si informace ze zápisu.
- Zápis je krátký, jen seznam úkolů a rozhodnutí, a je do druhého dne na sdíleném disku.
- Případy probíráme bez jmen a bez zbytečných podrobností; podrobnosti patří do spisu a na intervizi.
- Jednou za čtvrt roku věnujeme celou poradu jednomu tématu, například změně metodiky nebo výsledku kontroly.

## Co se změnilo

Porada je kratší a kolegové vědí, že na ní dostanou odpověď. Rubrika „jedna dobrá zpráva“ působila zpočátku uměle, dnes ji tým sám hlídá. Pomáhá nám připomenout, že práce na OSPOD není jen o problémech.
`,
		Areas:    []string{"team", "support"},
		Tags:     []string{"porady", "vedení týmu", "organizace práce"},
		Author:   "zdenka.pokorna@hnizdo.test",
		Status:   "published",
		AgeDays:  158,
		ReviewIn: 520,
	},
	{
		Title:   "GDPR v práci s klientem: co vysvětlit rodině při prvním kontaktu",
		Summary: "OSPOD nezpracovává osobní údaje na základě souhlasu, ale ze zákona. Shrnujeme, co rodině říct, co od ní nežádat a jak odpovídat na nejčastější dotazy.",
		Body: `## Právní základ

OSPOD zpracovává osobní údaje dětí a rodičů proto, že mu to ukládá zákon č. 359/1999 Sb., o sociálně-právní ochraně dětí. Právním titulem je plnění právní povinnosti a výkon veřejné moci podle čl. 6 odst. 1 písm. c) a e) obecného nařízení o ochraně osobních údajů, u údajů o zdraví pak čl. 9 nařízení. Souhlas klienta proto není potřeba a nemáme ho vyžadovat. Formulář se souhlasem se zpracováním osobních údajů by klientovi mylně naznačoval, že zpracování může odmítnout.

## Co rodině říct

- proč a na jakém základě o ní vedeme záznamy;
- kdo k nim má přístup (pracovníci OSPOD, na vyžádání soud) a že jsme vázáni mlčenlivostí podle § 57 zákona č. 359/1999 Sb.;
- jak dlouho se spisová dokumentace uchovává;
- že může do spisu nahlížet podle § 55 zákona č. 359/1999 Sb., s výjimkou částí, které zákon chrání;
- na koho se může obrátit s dotazem nebo stížností, včetně pověřence pro ochranu osobních údajů úřadu.

Informace předáváme ústně a zároveň v jednoduchém písemném letáku, který má úřad zveřejněný i na webu.

## Časté dotazy

### Můžeme předat informace sociálně aktivizační službě?

Jen v rozsahu potřebném pro spolupráci a pokud možno s vědomím rodiny. Služba potřebuje vědět, s čím má rodině pomoci, ne celý obsah spisu.

### Smíme si v rodině pořídit fotografie?

Jen pokud jsou nezbytné pro doložení skutečnosti, například stavu domácnosti, a vždy tak, aby na nich nebyly osoby. Fotografie ukládáme do spisu, ne do služebního telefonu.

### Co když rodič chce, abychom jeho údaje vymazali?

Právo na výmaz se na údaje, které zpracováváme ze zákona, nevztahuje. Rodiči to vysvětlíme a nabídneme mu, že jeho vyjádření k obsahu záznamu založíme do spisu.
`,
		Areas:    []string{"gdpr", "files"},
		Tags:     []string{"gdpr", "ochrana osobních údajů", "mlčenlivost"},
		Author:   "ivana.dolezalova@hnizdo.test",
		Status:   "published",
		AgeDays:  365,
		ReviewIn: 200,
	},
	{
		Title:   "Metodický pokyn: zápis z případové konference",
		Summary: "Závazný metodický pokyn krajského úřadu k náležitostem zápisu z případové konference, jeho rozeslání účastníkům a založení do spisové dokumentace.",
		Body: `## Účel a závaznost

Tento pokyn vydává Krajský úřad Jihomoravského kraje v rámci metodické pomoci obecním úřadům obcí s rozšířenou působností. Sjednocuje náležitosti zápisu z případové konference (§ 14 odst. 2 zákona č. 359/1999 Sb.) a navazuje na standardy kvality 9 a 12 podle vyhlášky č. 473/2012 Sb. Při metodických návštěvách a kontrolách budeme zápisy posuzovat podle něj.

## Povinné náležitosti zápisu

1. Datum a místo konání, jméno koordinátora a zapisovatele.
2. Seznam účastníků s jejich rolí (rodič, dítě, pracovník služby, škola, lékař) a poznámka, kdo byl pozván a nepřišel.
3. Cíl konference, jak byl formulován při svolání.
4. Shrnutí situace dítěte: obavy, silné stránky rodiny a názor dítěte, pokud byl zjištěn.
5. Dohodnuté kroky v podobě tabulky: kdo, co, do kdy.
6. Neshody – pokud se účastníci na něčem neshodli, zápis to uvede.
7. Termín a způsob vyhodnocení dohodnutých kroků.
8. Podpisy nebo záznam o tom, že zápis byl účastníkům přečten.

### Co do zápisu nepatří

- doslovný přepis diskuse;
- informace o třetích osobách, které pro ochranu dítěte nejsou potřebné;
- hodnotící soudy bez doložených skutečností.

## Postup po konferenci

- Zápis se vyhotoví nejpozději do pěti pracovních dnů od konání konference.
- Rodiče a další účastníci obdrží zápis, každý v rozsahu, který odpovídá jeho roli; rodiče vždy celý.
- Zápis se zakládá do spisu dítěte (Om nebo NOm podle typu vedené agendy) a dohodnuté kroky se promítnou do individuálního plánu ochrany dítěte.
- Pokud se konference týká více sourozenců, založí se zápis do spisu každého z nich.

## Přechodné ustanovení

Pracoviště mohou používat vlastní vzor zápisu, pokud obsahuje všechny náležitosti uvedené výše. Vzorový formulář krajského úřadu je přílohou tohoto pokynu.
`,
		Areas:    []string{"case-conferences", "files", "regional-role"},
		Tags:     []string{"metodický pokyn", "případová konference", "zápis"},
		Author:   "metodik.jmk@hnizdo.test",
		Status:   "published",
		Binding:  true,
		AgeDays:  124,
		ReviewIn: 241,
	},
	{
		Title:   "Spisová dokumentace: kdy založit spis Om a kdy NOm",
		Summary: "Přehled, podle čeho rozhodnout, zda případ vést ve spisu Om, nebo NOm, kdy spis převést a co do něj patří. Odpovídá na nejčastější dotazy z metodických návštěv.",
		Body: `## Druhy spisů

Vedení spisové dokumentace ukládá § 55 zákona č. 359/1999 Sb. a podrobnosti upravuje směrnice MPSV o vedení spisové dokumentace OSPOD. Pro běžnou agendu jsou podstatné dva druhy spisů:

- **Om** – spis dítěte, jehož situaci OSPOD řeší v rámci opatrovnické agendy: probíhá nebo proběhlo soudní řízení ve věcech péče o nezletilé, dítě je v evidenci podle § 54 zákona, OSPOD je opatrovníkem nebo vykonává dohled.
- **NOm** – spis pro případy, kdy rodině poskytujeme poradenství nebo řešíme jednorázovou věc a není důvod vést dítě v evidenci, například dotaz rodiče nebo krátkodobá preventivní práce.

Vedle nich existují další druhy (například spisy pěstounů nebo žadatelů o zprostředkování náhradní rodinné péče), těm se zde nevěnujeme.

## Kdy NOm převést na Om

- když soud zahájí řízení, ve kterém je OSPOD opatrovníkem dítěte;
- když vyhodnocení ukáže, že jde o dítě uvedené v § 6 zákona a je potřeba zpracovat individuální plán ochrany dítěte;
- když je uloženo výchovné opatření.

Převod vždy vyznačíme v obou evidencích a dokumenty z NOm vložíme do nového spisu tak, aby byla zachována časová posloupnost.

## Co do spisu patří

1. Spisový přehled a obsah spisu.
2. Záznamy o jednáních, šetřeních a telefonátech – stručné, s datem, bez subjektivních hodnocení.
3. Vyhodnocení situace dítěte a individuální plán ochrany dítěte.
4. Korespondence se soudy, školami, službami a dalšími institucemi.

### Nejčastější nedostatky

- záznamy dopisované se zpožděním několika týdnů;
- chybějící vyhodnocení u dětí, které jsou v evidenci;
- spis NOm vedený roky bez převodu, přestože se situace dítěte zhoršila.
`,
		Areas:    []string{"files", "administration"},
		Tags:     []string{"spisová dokumentace", "om a nom", "evidence"},
		Author:   "metodik.pak@hnizdo.test",
		Status:   "published",
		AgeDays:  540,
		ReviewIn: 90,
	},
	{
		Title:   "Přestupky na úseku sociálně-právní ochrany dětí: od oznámení po rozhodnutí",
		Summary: "Praktický postup při projednávání přestupků podle § 59 zákona o sociálně-právní ochraně dětí: prověření oznámení, lhůty, příkaz a ústní jednání.",
		Body: `## Kdy jde o přestupek na úseku SPOD

Přestupky fyzických osob na úseku sociálně-právní ochrany dětí vymezuje § 59 zákona č. 359/1999 Sb. V praxi OSPOD nejčastěji řeší zanedbávání povinné školní docházky a neplnění povinností uložených výchovným opatřením. Řízení se vede podle zákona č. 250/2016 Sb., o odpovědnosti za přestupky a řízení o nich, a podpůrně podle správního řádu, zákona č. 500/2004 Sb.

## Postup krok za krokem

1. **Oznámení.** Nejčastěji od školy. Ověříme, zda obsahuje popis skutku, počet neomluvených hodin a informaci, jak škola s rodiči jednala.
2. **Prověření.** Vyžádáme si chybějící podklady a s rodiči vedeme rozhovor o příčinách. Přestupkové řízení nemá nahradit sociální práci s rodinou.
3. **Lhůty.** Promlčecí doba je jeden rok od spáchání přestupku (§ 30 zákona č. 250/2016 Sb.). Oznámení proto nenecháváme ležet.
4. **Příkaz, nebo ústní jednání.** Je-li skutkový stav spolehlivě zjištěn, lze vydat příkaz (§ 90 zákona č. 250/2016 Sb.). Jinak nařídíme ústní jednání.
5. **Rozhodnutí.** Odůvodníme druh a výši sankce s ohledem na poměry rodiny. Pokuta nemá rodinu dostat do situace, která dítě ohrozí ještě víc.

### Oddělení rolí

Pokud je to personálně možné, přestupek projednává jiný pracovník než ten, který s rodinou pracuje jako sociální pracovník. Rodina tak nemusí vnímat „svého“ pracovníka jako toho, kdo ji trestá.

## Časté chyby

- řízení zahájené po uplynutí promlčecí doby;
- chybějící poučení obviněného o jeho právech;
- rozhodnutí bez úvahy o výši pokuty;
- spis přestupkového řízení založený do spisu dítěte místo samostatné evidence.
`,
		Areas:    []string{"misdemeanours", "administration"},
		Tags:     []string{"přestupky", "školní docházka", "správní řízení"},
		Author:   "metodik.pak@hnizdo.test",
		Status:   "published",
		AgeDays:  688,
		ReviewIn: -37,
	},
	{
		Title:   "Spolupráce OSPOD a sociálně aktivizačních služeb: jeden plán místo dvou",
		Summary: "Jak předejít tomu, že rodina má jeden plán od OSPOD a jiný od služby. Rozdělení rolí, společná úvodní schůzka a pravidla předávání informací.",
		Body:    bodySAS,
		Revised: revise(bodySAS,
			"Jednou za tři měsíce krátká společná schůzka, ne jen písemná zpráva.",
			"Jednou za tři měsíce krátká společná schůzka, ne jen písemná zpráva. Termín další schůzky domlouváme vždy na konci té předchozí."),
		Areas:    []string{"cooperation"},
		Tags:     []string{"sas", "síť služeb", "individuální plán", "spolupráce"},
		Author:   "sitar.jmk@hnizdo.test",
		Status:   "published",
		AgeDays:  276,
		ReviewIn: 450,
	},
	{
		Title:   "Karty rodičovských kompetencí: rozhovor o tom, co rodič zvládá",
		Summary: "Karty rodičovských kompetencí pomáhají mluvit s rodiči o péči o dítě bez obviňování. Popisujeme, jak s nimi pracujeme a kdy je raději nepoužít.",
		Body:    bodyCards,
		Revised: revise(bodyCards,
			"- na prvním setkání, kdy ještě nemáme vztah.\n",
			"- na prvním setkání, kdy ještě nemáme vztah;\n- když rodiče spolu vedou ostrý spor – karty pak používáme s každým zvlášť.\n"),
		Areas:    []string{"tools", "assessment"},
		Tags:     []string{"karty rodičovských kompetencí", "rodina jako partner", "motivace"},
		Author:   "jiri.kral@hnizdo.test",
		Status:   "published",
		AgeDays:  335,
		ReviewIn: 330,
	},
	{
		Title:   "Individuální plán ochrany dítěte, kterému rodina rozumí",
		Summary: "Plán ochrany dítěte píšeme s rodinou a jejími slovy. Ukazujeme, jak přepsat úřední formulace na konkrétní kroky a jak rodinu zapojit do vyhodnocení.",
		Body: `## Proč plán přepisovat

Individuální plán ochrany dítěte (§ 10 odst. 3 zákona č. 359/1999 Sb.) byl u nás dlouho dokumentem, který jsme psali pro spis. Rodiče ho podepsali, ale při další schůzce si nevzpomněli, co v něm stojí. Standard 9 vyhlášky č. 473/2012 Sb. přitom počítá s tím, že se na plánu rodina podílí.

## Jak plán vzniká

1. Cíl formulujeme s rodiči na schůzce, ne u stolu v kanceláři.
2. Každý cíl popisuje, co bude vidět, až se podaří – ne co je špatně.
3. U každého kroku je napsáno, kdo ho udělá a do kdy.
4. Plán má nejvýš tři cíle. Víc rodina nezvládne sledovat.
5. Rodiče dostanou plán v den schůzky, ne poštou o dva týdny později.

### Příklady přepisu

| Úřední formulace | Formulace s rodinou |
|---|---|
| Zajistit řádnou péči o dítě | Dítě chodí do školky každý den a má s sebou svačinu |
| Zlepšit bytové podmínky | Do konce měsíce má dítě vlastní postel |
| Spolupracovat s OSPOD | Jednou za dva týdny se sejdeme a probereme, co se daří |

## Vyhodnocení s rodinou

Na každé schůzce projdeme plán bod po bodu a rodiče sami řeknou, co se podařilo. Pokud se krok nepodařil, ptáme se proč a zda byl realistický. Plán pak upravíme, nikoli jen „posuneme termín“.

- Pokrok zapisujeme i tehdy, když je malý.
- Když rodina splní cíl, výslovně to ocení a zapíše i OSPOD.
- Změny plánu vždy vysvětlíme i dítěti, pokud je toho schopné.

## Co nám to přineslo

Rodiny častěji přicházejí na schůzky připravené a samy se ptají, co dál. Plány jsou kratší, ale konkrétnější, a při kontrole krajského úřadu jsme za ně dostali pozitivní zpětnou vazbu.
`,
		Areas:    []string{"assessment", "tools"},
		Tags:     []string{"ipod", "rodina jako partner", "srozumitelnost"},
		Author:   "pracovnik.lanskroun@hnizdo.test",
		Status:   "published",
		AgeDays:  455,
		ReviewIn: 240,
	},
	{
		Title:   "Případová konference: jak připravit rodinu, aby nepřišla na tribunál",
		Summary: "Rodiče často vnímají případovou konferenci jako soud nad sebou. Popisujeme přípravný rozhovor s rodinou a úpravy průběhu konference, které tomu brání.",
		Body: `## Proč příprava rodiny

Případová konference (§ 14 odst. 2 zákona č. 359/1999 Sb.) má přinést společný plán. Když ale rodiče poprvé vidí u stolu osm odborníků, kteří o nich mluví, zavřou se a souhlasí se vším, nebo naopak odejdou. Příprava rodiny proto pro nás není formalita.

## Přípravný rozhovor

Nejpozději týden před konferencí se s rodiči sejdeme a probereme:

- proč konferenci svoláváme a co od ní čekáme;
- kdo přijde a proč, a zda rodiče chtějí někoho přizvat – příbuzného, kamaráda, svou pracovnici ze služby;
- jak bude konference probíhat a jak dlouho bude trvat;
- co chtějí říct oni a co by bylo dobré, aby zaznělo;
- zda a jak se konference zúčastní dítě.

### Účast dítěte

Starší děti zveme na část konference, většinou na začátek, kde mohou říct, co je pro ně důležité. Pokud dítě nechce přijít, zjistíme jeho názor předem a přečteme ho.

## Úpravy průběhu

1. Rodiče mluví jako první, ještě před odborníky.
2. Odborníci mluví o konkrétních situacích, ne o povaze rodičů.
3. Nejprve silné stránky, pak obavy.
4. Koordinátor průběžně shrnuje, aby rodiče neztratili přehled.
5. Závěry se zapisují na tabuli, kterou všichni vidí.

## Po konferenci

Druhý den rodičům zavoláme a zeptáme se, jak konferenci prožili a zda všemu rozumí. Často teprve tehdy zazní otázky, které si na konferenci netroufli položit. Zápis dostanou do pěti pracovních dnů.
`,
		Areas:    []string{"case-conferences"},
		Tags:     []string{"případová konference", "příprava rodiny", "názor dítěte"},
		Author:   "marketa.vesela@hnizdo.test",
		Status:   "published",
		AgeDays:  190,
		ReviewIn: 380,
	},
	{
		Title:   "Kurátor pro děti a mládež: první rozhovor s dospívajícím po oznámení policie",
		Summary: "Jak vést první rozhovor s dospívajícím a jeho rodiči po oznámení o spáchání činu jinak trestného nebo trestného činu. Struktura rozhovoru a chyby, kterým se vyhnout.",
		Body: `## Výchozí situace

Kurátor pro děti a mládež dostává od policie oznámení o dětech mladších patnácti let, které se dopustily činu jinak trestného, a o mladistvých, proti nimž je vedeno trestní řízení. Postup upravuje zákon č. 218/2003 Sb., o soudnictví ve věcech mládeže, a zákon č. 359/1999 Sb. První rozhovor často rozhoduje o tom, zda s námi dospívající bude spolupracovat.

## Před rozhovorem

- zjistit, zda rodina už je v evidenci OSPOD a kdo s ní pracuje;
- pozvat dospívajícího spolu s rodiči, ale počítat s tím, že část rozhovoru povedeme jen s ním;
- ujasnit si, co smíme o řízení říct a co ne.

## Struktura rozhovoru

1. **Představení role.** Kdo je kurátor, co dělá a co ne. Nejsme policie ani soud.
2. **Pohled dospívajícího.** Necháme ho popsat, co se stalo, jeho slovy. Neptáme se „proč jsi to udělal“, ale „jak to celé začalo“.
3. **Pohled rodičů.** Co vidí doma, ve škole a mezi kamarády.
4. **Co bude dál.** Vysvětlíme další kroky řízení a možnosti, například probační program nebo výchovná opatření.
5. **Dohoda.** Na konci se domluvíme na jednom konkrétním kroku a termínu další schůzky.

### Chyby, kterým se vyhnout

- moralizování a výslechový tón;
- slibovat výsledek řízení;
- vést celý rozhovor jen s rodiči a dospívajícího nechat sedět stranou;
- přehlédnout, že za činem může být ohrožení dítěte v rodině nebo mezi vrstevníky.

## Spolupráce

S rodinou se domlouváme na zapojení dalších služeb – nízkoprahového klubu, probačního programu, pedagogicko-psychologické poradny. O dalším postupu informujeme státní zastupitelství nebo soud ve zprávě, kterou s dospívajícím předem probereme.
`,
		Areas:    []string{"youth-probation"},
		Tags:     []string{"kurátor", "soudnictví ve věcech mládeže", "první rozhovor"},
		Author:   "radek.cermak@hnizdo.test",
		Status:   "published",
		AgeDays:  248,
		ReviewIn: 490,
	},
	{
		Title:   "Zaškolení nového pracovníka OSPOD: plán na první tři měsíce",
		Summary: "Písemný plán zaškolení s mentorem a měsíčními rozhovory, který naplňuje standard 5 a hlavně pomáhá udržet nové kolegy v týmu.",
		Body:    bodyInduction,
		Revised: revise(bodyInduction,
			"- účast na případové konferenci a na intervizi týmu;\n",
			"- účast na případové konferenci a na intervizi týmu;\n- jeden den na jiném pracovišti OSPOD v kraji nebo ve spolupracující službě;\n",
			"Mentor za zaškolování dostává snížený počet případů.",
			"Mentor za zaškolování dostává po dobu tří měsíců snížený počet případů."),
		Areas:    []string{"team", "support"},
		Tags:     []string{"zaškolení", "mentoring", "standardy kvality"},
		Author:   "eva.kucerova@hnizdo.test",
		Status:   "published",
		AgeDays:  600,
		ReviewIn: 160,
	},
	{
		Title:   "„OSPOD sobě“: jak připravit setkání pracovníků OSPOD v kraji",
		Summary: "Zkušenosti s přípravou krajských setkání „OSPOD sobě“, kde si pracovníci OSPOD sdílejí praxi. Jak vybrat témata, vytvořit důvěrnou atmosféru a co dělat se závěry.",
		Body: `## O co jde

„OSPOD sobě“ je setkání pracovníků OSPOD z obcí s rozšířenou působností a z města Brna, které začaly organizovat lokální síťařky na základě mapování sítě služeb. Pracovníci OSPOD opakovaně říkali, že jim chybí místo, kde by mohli bez obav probrat, s čím v praxi bojují a zda to dělají dobře. Setkání není školení ani porada krajského úřadu – je to prostor pro vzájemné sdílení.

## Příprava

- **Témata od účastníků.** Přihlášené účastníky předem oslovíme s otázkou, co chtějí probrat. Z odpovědí sestavíme pět až šest tematických okruhů, například systém podpory práce OSPOD, spolupráci s dalšími subjekty, pěstounskou péči, nástroje v práci s klienty a dopady GDPR.
- **Prostor pro spontánní témata.** V programu necháváme volný blok. Na posledních setkáních se v něm probírala spisová dokumentace a přestupky.
- **Krajský úřad jako host.** Zástupci metodiků kraje jsou přítomni, aby mohli odpovídat na otázky, na které sdílená praxe nestačí. Nehodnotí a nekontrolují.

## Průběh

1. Krátké úvodní kolečko s očekáváními.
2. Práce v menších skupinách podle témat, každá s facilitátorem.
3. Společné shrnutí skupin.
4. Otázky na krajský úřad.
5. Zpětná vazba a návrhy témat na příště.

### Pravidla sdílení

- O případech mluvíme bez jmen a bez údajů, podle kterých by šlo rodinu poznat – v malých obvodech to platí dvojnásob.
- Co zazní o konkrétních pracovištích, nešíříme dál.
- Nikdo není povinen mluvit.

## Co se závěry

Ze skupin vzniká krátký anonymní zápis s dobrou praxí a otevřenými otázkami. Otázky předáváme krajskému úřadu, dobrou praxi zveřejňujeme jako poznámky v tomto portálu. Účastníci si přáli setkání opakovat; dnes se konají dvakrát ročně.
`,
		Areas:    []string{"meetings", "regional-role", "cooperation"},
		Tags:     []string{"ospod sobě", "sdílení praxe", "síťování"},
		Author:   "sitar.jmk@hnizdo.test",
		Status:   "published",
		AgeDays:  672,
		ReviewIn: 95,
	},
	{
		Title:   "Metodická návštěva krajského úřadu: co čekat a jak se připravit",
		Summary: "Metodická návštěva není kontrola. Vysvětlujeme, jak probíhá, co si připravit a jak z ní pro pracoviště vytěžit co nejvíc.",
		Body: `## Rozdíl mezi návštěvou a kontrolou

Krajský úřad poskytuje obecním úřadům obcí s rozšířenou působností odbornou a metodickou pomoc a zároveň kontroluje výkon přenesené působnosti. Kontrola probíhá podle kontrolního řádu, zákona č. 255/2012 Sb., má oprávnění, protokol a lhůty pro námitky. Metodická návštěva je jiná: nekončí protokolem, nehodnotí a jejím cílem je pomoc s tím, co pracoviště samo potřebuje.

## Jak návštěva probíhá

1. Termín a témata domlouváme s vedoucí OSPOD nejméně měsíc předem.
2. Před návštěvou pošleme krátký dotazník: co se daří, co vás trápí, na co se chcete zeptat.
3. Na místě strávíme zpravidla půl dne – rozhovor s vedoucí, setkání s týmem, případně společné pročtení vybraných spisů.
4. Do dvou týdnů pošleme krátké shrnutí s odpověďmi na otázky a s doporučeními.

## Jak se připravit

- Sepište otázky, které v týmu dlouho řešíte a nemáte na ně jasnou odpověď.
- Vyberte jeden až dva spisy, u kterých si nejste jistí postupem. Metodik je bude číst s vámi, ne místo vás.
- Promyslete, co byste chtěli ukázat jako dobrou praxi – rádi ji sdílíme s dalšími pracovišti.
- Pokud máte nápad na téma krajského setkání vedoucích, přineste ho.

### Co od nás můžete čekat

- odpovědi na otázky, případně s odkazem na stanovisko MPSV;
- vzory dokumentů, které používají jiná pracoviště;
- kontakt na pracoviště, které řeší podobnou situaci.

## Po návštěvě

Doporučení z návštěvy nejsou závazná. Pokud se ale opakují u více pracovišť, zpracujeme z nich metodický materiál nebo je zařadíme na setkání vedoucích OSPOD.
`,
		Areas:    []string{"regional-role", "support"},
		Tags:     []string{"metodická pomoc", "krajský úřad", "metodická návštěva"},
		Author:   "metodik.jmk@hnizdo.test",
		Status:   "published",
		AgeDays:  82,
		ReviewIn: 640,
	},
	{
		Title:   "Domácí násilí v rodině s dětmi: první kroky po vykázání",
		Summary: "Co dělá OSPOD v prvních dnech po vykázání násilné osoby ze společného obydlí: spolupráce s intervenčním centrem, rozhovor s dětmi a plán bezpečí.",
		Body: `## Výchozí situace

Po vykázání podle § 44 zákona č. 273/2008 Sb., o Policii České republiky, dostává OSPOD informaci od policie, pokud ve společném obydlí žijí děti. Vykázání trvá deset dní a je to čas, kdy je rodina nejvíc otevřená pomoci – a zároveň nejvíc ohrožená.

## První tři dny

- **Kontakt s intervenčním centrem.** Domluvíme se, kdo rodinu kontaktuje první, abychom ohroženou osobu nezahltili.
- **Návštěva nebo pozvání.** Ohroženého rodiče kontaktujeme co nejdříve. Schůzku domlouváme tak, aby se o ní násilná osoba nedozvěděla.
- **Děti.** Zjistíme, zda byly násilí přítomny, jak se mají a kdo o ně pečuje. Děti, které byly svědky násilí, jsou samy obětí.
- **Škola a školka.** Pokud hrozí, že se násilná osoba pokusí dítě vyzvednout, informujeme školu v nezbytném rozsahu.

## Plán bezpečí

Plán bezpečí sestavujeme s ohroženým rodičem a s intervenčním centrem. Obsahuje:

1. kam se rodina uchýlí, pokud se násilí opakuje;
2. koho mohou děti zavolat a jak;
3. připravené doklady a nejnutnější věci;
4. postup při předávání dětí, pokud má násilná osoba právo styku.

### Styk s dítětem

Pokud je styk upraven rozhodnutím soudu a existuje riziko pro dítě, podáváme návrh na předběžné opatření nebo na změnu úpravy styku. Rodiče netlačíme do společných schůzek ani do mediace.

## Na co nezapomenout

- Oddělené rozhovory s každým z rodičů, nikdy společné jednání.
- Záznam o tom, co dítě vidělo a zažilo, jeho slovy.
- Dlouhodobá podpora – po skončení vykázání se riziko často vrací.
`,
		Areas:    []string{"abuse", "cooperation"},
		Tags:     []string{"domácí násilí", "vykázání", "intervenční centrum", "plán bezpečí"},
		Author:   "veronika.jelinkova@hnizdo.test",
		Status:   "published",
		AgeDays:  142,
		ReviewIn: 560,
	},
	{
		Title:   "Dohoda o výkonu pěstounské péče: na co nezapomenout při uzavírání",
		Summary: "Kontrolní body pro uzavírání a vyhodnocování dohody o výkonu pěstounské péče: vzdělávání, kontakt s rodiči, odlehčení a role doprovázející organizace.",
		Body: `## K čemu dohoda slouží

Dohodu o výkonu pěstounské péče uzavírají pěstouni s OSPOD, s obecním úřadem, krajským úřadem nebo s pověřenou osobou (§ 47b zákona č. 359/1999 Sb.). Upravuje práva a povinnosti pěstounů a způsob, jakým je bude doprovázející subjekt podporovat. Při kontrolách často vidíme dohody, které jsou opsané ze vzoru a nic konkrétního o rodině neříkají.

## Kontrolní body

- **Vzdělávání.** Pěstouni mají povinnost zvyšovat si znalosti a dovednosti v rozsahu 24 hodin za 12 měsíců. Dohoda má říct, jak bude vzdělávání zajištěno a jak je vyhodnocováno.
- **Kontakt s rodiči.** Kdo kontakt připravuje, kde probíhá a jak je zajištěna podpora pěstounů i dítěte.
- **Odlehčení.** Jak pěstouni mohou využít pomoc při zajištění péče o dítě, když si potřebují odpočinout.
- **Sledování výkonu péče.** Jak často doprovázející pracovník rodinu navštěvuje a jak informuje OSPOD.
- **Pomoc dítěti.** Jaké odborné služby dítě potřebuje a kdo je zprostředkuje.

## Vyhodnocení dohody

Dohodu vyhodnocujeme alespoň jednou za šest měsíců. Ptáme se pěstounů i dítěte:

1. Co se za poslední období podařilo?
2. Co nefunguje a co je potřeba změnit?
3. Odpovídá dohoda tomu, co rodina skutečně potřebuje?

### Změna doprovázejícího subjektu

Pokud pěstouni chtějí změnit doprovázející organizaci, není to selhání. Zjistíme důvody, zda nejde o konflikt, který by se opakoval, a přechod naplánujeme tak, aby dítě nezůstalo bez podpory.

## Časté nedostatky

- chybí konkrétní údaje o kontaktu dítěte s rodiči;
- vzdělávání je vykazováno bez vazby na potřeby dítěte;
- zprávy o průběhu péče se k OSPOD dostávají s velkým zpožděním.
`,
		Areas:    []string{"foster-care"},
		Tags:     []string{"pěstounská péče", "dohoda o výkonu pěstounské péče", "doprovázení"},
		Author:   "ivana.dolezalova@hnizdo.test",
		Status:   "published",
		AgeDays:  47,
		ReviewIn: 680,
	},
	{
		Title:   "Šetření v rodině: jak se připravit na první návštěvu po oznámení",
		Summary: "Praktický postup pro první šetření v rodině po oznámení ze školy, od lékaře nebo od sousedů. Co si ověřit předem, jak se představit a co zapsat.",
		Body: `## Než vyjedeme

Po přijetí oznámení posoudíme naléhavost (standard 8 vyhlášky č. 473/2012 Sb.) a rozhodneme, zda jde o situaci, kdy je třeba jednat ihned, nebo lze šetření naplánovat. Před výjezdem:

- ověříme, zda rodina už byla v evidenci OSPOD a s jakým výsledkem;
- pokud je to v zájmu dítěte, kontaktujeme oznamovatele a doplníme si informace;
- posoudíme bezpečnost – při obavách jedeme ve dvou, případně požádáme o součinnost policii;
- domluvíme se v týmu, kdo je k dispozici, pokud bude potřeba okamžitě jednat.

## Na místě

### Představení

Představíme se, ukážeme služební průkaz a řekneme, proč přicházíme. Nebudeme mlžit – rodina má právo vědět, že jsme dostali oznámení. Kdo ho podal, ale nesdělujeme.

### Co sledujeme

1. Jak jsou zajištěny základní potřeby dítěte: jídlo, spánek, hygiena, oblečení.
2. Jak rodiče na dítě reagují a jak dítě reaguje na ně.
3. Zda je prostředí pro dítě bezpečné.
4. Co rodina sama vnímá jako problém a co jí funguje.

### Rozhovor s dítětem

Pokud je to možné, mluvíme s dítětem i o samotě. U malých dětí postačí pozorování hry a běžné komunikace s rodiči.

## Po šetření

- Záznam píšeme co nejdříve, nejpozději do tří pracovních dnů, a oddělujeme v něm zjištěné skutečnosti od našich úvah.
- Rodině na konci řekneme, co bude dál a kdy se ozveme.
- Pokud se obava nepotvrdila, rodině to výslovně sdělíme.

Šetření bez ohlášení používáme jen tam, kde by ohlášení mohlo zmařit jeho účel. Při běžné práci s rodinou se návštěvy domlouvají.
`,
		Areas:    []string{"field-work", "assessment"},
		Tags:     []string{"šetření v rodině", "terénní práce", "oznámení"},
		Author:   "pracovnik.slapanice@hnizdo.test",
		Status:   "published",
		AgeDays:  19,
		ReviewIn: 700,
	},
	{
		Title:   "Zpráva ze školy, která odpoví na naše otázky",
		Summary: "Obecné žádosti o zprávu ze školy přinášejí obecné odpovědi. Jak žádost formulovat, aby škola popsala to, co pro vyhodnocení situace dítěte opravdu potřebujeme.",
		Body: `## Problém

Na žádost „o zprávu o dítěti“ nám školy často posílají jednu stránku s prospěchem, absencí a větou „rodina se školou spolupracuje“. Pro vyhodnocení situace dítěte to nestačí. Školy přitom o dítěti vědí hodně – jen nevědí, co z toho potřebujeme.

## Jak žádost formulujeme

Žádost podle § 53 zákona č. 359/1999 Sb. doplňujeme o konkrétní otázky. Nepoužíváme stejný formulář pro všechny případy.

### Příklady otázek

- Jak dítě přichází do školy – včas, najedené, s pomůckami?
- Jak dítě vychází se spolužáky a s učiteli? Změnilo se něco v posledních měsících?
- Jak rodiče komunikují se školou a kdo z nich?
- Všimli jste si něčeho, co vás znepokojilo? Popište prosím konkrétní situaci.
- Co dítěti jde a co ho baví?

Poslední otázku nevynecháváme. Silné stránky dítěte potřebujeme pro plán stejně jako obavy.

## Další osvědčené kroky

1. Škole sdělíme, proč zprávu potřebujeme, v rozsahu nezbytném pro její vypracování.
2. Pokud je to vhodné, nabídneme místo písemné zprávy krátkou schůzku s třídním učitelem nebo školním poradenským pracovištěm.
3. Upozorníme, že zpráva bude součástí spisu a rodiče do ní mohou nahlížet.
4. Po vyhodnocení škole dáme zpětnou vazbu, co se se zprávou stalo – v rozsahu, který umožňuje mlčenlivost.

## Výsledek

Zprávy jsou delší jen o málo, ale mnohem užitečnější. Školy nám také říkají, že lépe rozumějí, proč se ptáme, a méně se bojí, že zpráva rodině ublíží.
`,
		Areas:    []string{"cooperation", "assessment"},
		Tags:     []string{"spolupráce se školou", "vyhodnocení", "zprávy institucí"},
		Author:   "jiri.kral@hnizdo.test",
		Status:   "published",
		AgeDays:  233,
		ReviewIn: 365,
	},
	{
		Title:   "Stížnost na postup pracovníka OSPOD: jak ji vyřídit srozumitelně",
		Summary: "Postup vyřizování stížností podle § 175 správního řádu a standardu 13, s důrazem na srozumitelnou odpověď stěžovateli a na poučení pro tým.",
		Body: `## Právní rámec

Stížnosti na postup OSPOD se vyřizují podle § 175 zákona č. 500/2004 Sb., správní řád. Stížnost musí být vyřízena do 60 dnů ode dne doručení. Standard 13 vyhlášky č. 473/2012 Sb. navíc vyžaduje, aby pracoviště mělo srozumitelná pravidla pro podávání a vyřizování stížností a aby s nimi klienty seznamovalo.

## Postup na našem pracovišti

1. **Evidence.** Každou stížnost – písemnou i ústní – zapíšeme do evidence stížností. Ústní stížnost sepíšeme a stěžovateli ji přečteme.
2. **Kdo vyřizuje.** Stížnost na pracovníka vyřizuje vedoucí, stížnost na vedoucí její nadřízený. Ten, na koho si klient stěžuje, stížnost nevyřizuje.
3. **Prošetření.** Vedoucí si vyžádá vyjádření pracovníka, prostuduje spis a podle potřeby mluví se stěžovatelem.
4. **Odpověď.** Píšeme ji srozumitelně, bez zbytečných odkazů na paragrafy, a vždy odpovídáme na každý bod stížnosti.
5. **Poučení.** Stěžovatele poučíme, že pokud s vyřízením nesouhlasí, může požádat nadřízený správní orgán o prošetření způsobu vyřízení.

### Jak psát odpověď

- Začněte poděkováním za podnět – i když je stížnost neoprávněná.
- Pokud došlo k pochybení, přiznejte ho a napište, co jste změnili.
- Odlište stížnost na postup od nesouhlasu s obsahem rozhodnutí; proti rozhodnutí slouží odvolání.

## Co si z toho bere tým

Jednou za půl roku procházíme na poradě anonymizovaný přehled stížností. Nehledáme viníky, ale opakující se témata: nejčastěji jde o nedostatek informací, nedodržené termíny a pocit, že pracovník „nadržuje“ jednomu z rodičů. Z posledního přehledu vzešla úprava informačního letáku a pravidlo, že na telefonáty odpovídáme nejpozději následující pracovní den.
`,
		Areas:    []string{"administration"},
		Tags:     []string{"stížnosti", "správní řád", "standardy kvality"},
		Author:   "zdenka.pokorna@hnizdo.test",
		Status:   "published",
		AgeDays:  402,
		ReviewIn: 210,
	},
	{
		Title:   "Rodičovský plán: nástroj, který pomáhá rodičům dohodnout se",
		Summary: "Jak s rozcházejícími se rodiči pracovat na rodičovském plánu, který popisuje péči, styk, komunikaci a řešení sporů. Plán často přispěje k dohodě před soudem.",
		Body: `## Proč rodičovský plán

Rodiče, kteří se rozcházejí, často přicházejí na OSPOD s tím, že „si to rozhodne soud“. Zkušenost z interdisciplinární spolupráce (tzv. cochemské praxe) ukazuje, že dohoda, kterou rodiče sami vytvoří, se dodržuje lépe než rozhodnutí, které jim někdo nadiktuje. Rodičovský plán je písemný dokument, ve kterém se rodiče domlouvají na péči o dítě po rozchodu.

## Co rodičovský plán obsahuje

- kde bude dítě bydlet a jak bude trávit čas s každým z rodičů, včetně prázdnin a svátků;
- jak se bude dítě předávat;
- jak budou rodiče rozhodovat o důležitých věcech (škola, zdraví, kroužky);
- jak si budou předávat informace o dítěti;
- jak budou postupovat, když se neshodnou;
- kdy plán společně zreviduje.

## Jak s plánem pracujeme

1. S každým z rodičů nejdřív mluvíme zvlášť – o potřebách dítěte, ne o vině druhého.
2. Rodičům dáme prázdný vzor plánu a požádáme je, aby ho každý vyplnil sám.
3. Na společné schůzce porovnáme, kde se shodují. Shod bývá víc, než rodiče čekají.
4. O sporných bodech hledáme kompromis, případně doporučíme mediaci.
5. Hotový plán mohou rodiče předložit soudu jako návrh dohody ke schválení.

### Kdy plán nepoužívat

Rodičovský plán není vhodný v rodinách, kde došlo k domácímu násilí nebo kde jeden rodič druhého ovládá. Tam je společné vyjednávání pro ohroženého rodiče i dítě riskantní.

## Hlas dítěte

Před dokončením plánu zjišťujeme názor dítěte přiměřeně jeho věku. Rodičům pak sdělíme, co je pro dítě důležité – ne však doslova, aby dítě nebylo vystaveno tlaku.
`,
		Areas:    []string{"divorce", "tools"},
		Tags:     []string{"rodičovský plán", "rozvod", "cochemská praxe", "dohoda rodičů"},
		Author:   "lenka.benesova@hnizdo.test",
		Status:   "published",
		AgeDays:  87,
		ReviewIn: 590,
	},
	{
		Title:   "Výchovná opatření podle § 13: napomenutí a dohled v praxi",
		Summary: "Kdy má smysl výchovné opatření uložit, jak napsat rozhodnutí, aby bylo vykonatelné, a jak dohled vykonávat tak, aby nebyl jen formalitou.",
		Body: `## Kdy výchovné opatření

Výchovná opatření podle § 13 zákona č. 359/1999 Sb. – napomenutí, stanovení dohledu a uložení omezení – ukládá OSPOD ve správním řízení, pokud to vyžaduje zájem na řádné výchově dítěte a jiné prostředky nepomohly. Podle § 13a lze uložit také povinnost využít odbornou poradenskou pomoc. U mladistvých je často alternativou k dalšímu eskalování situace.

## Jak napsat rozhodnutí

- Výrok musí být konkrétní: čeho se opatření týká, komu je uloženo a na jakou dobu.
- U dohledu uveďte, jak často a jakým způsobem bude vykonáván.
- Odůvodnění popisuje skutečnosti, ne hodnocení („dítě má za pololetí 60 neomluvených hodin“, ne „rodina nespolupracuje“).
- Účastníky řízení jsou rodiče i dítě; dítěti rozhodnutí vysvětlíme přiměřeně jeho věku.

## Výkon dohledu

1. **Plán dohledu.** S rodinou a dítětem sestavíme plán, co se má změnit a jak to poznáme.
2. **Pravidelné schůzky.** Jednou za dva až čtyři týdny, střídavě na úřadě a v domácnosti.
3. **Spolupráce se školou a službami.** Informace si vyžádáme s vědomím rodiny.
4. **Vyhodnocení.** Po uplynutí doby dohledu sepíšeme, čeho bylo dosaženo.

### Když opatření nepomáhá

Pokud výchovné opatření nevede k nápravě, zvažujeme návrh soudu. Dříve se ale ptáme, zda byla opatření dobře nastavena a zda jsme rodině nabídli dostupnou službu.

## Zkušenost

Napomenutí funguje hlavně tehdy, když je to první formální signál a rodina ho bere vážně. Opakované napomínání ztrácí smysl. Dohled pomáhá, když je to skutečná práce s rodinou, ne jen podpis v sešitu.
`,
		Areas:    []string{"protective-measures", "youth-probation"},
		Tags:     []string{"výchovná opatření", "dohled", "správní řízení"},
		Author:   "radek.cermak@hnizdo.test",
		Status:   "published",
		AgeDays:  566,
		ReviewIn: 130,
	},
	{
		Title:   "Předávání zpráv poskytovatelům služeb běžným e-mailem",
		Summary: "Původní postup předávání doporučení a zpráv sociálně aktivizačním službám e-mailem. Nahrazen postupem přes datovou schránku a zabezpečené úložiště úřadu.",
		Body: `## Původní postup

Doporučení rodiny do sociálně aktivizační služby a krátké zprávy o průběhu spolupráce jsme posílali poskytovatelům běžným e-mailem z pracovní adresy. Postup byl rychlý a služby si ho chválily.

- Zprávu jsme psali do těla e-mailu, bez přílohy.
- Do předmětu jsme uváděli jen „doporučení rodiny“.
- Identifikační údaje rodiny jsme poskytovateli sdělovali telefonicky.

## Proč jsme postup opustili

Po kontrole pověřence pro ochranu osobních údajů jsme postup přehodnotili. Běžný e-mail není šifrovaný, zprávy zůstávají ve schránkách pracovníků i poskytovatelů neomezeně dlouho a nelze ověřit, kdo je četl. Telefonické předávání údajů navíc nezanechávalo ve spisu záznam o tom, co a komu bylo sděleno.

### Rizika, která jsme zjistili

1. Zprávy přeposílané v rámci služby dalším pracovníkům.
2. Chybně zadaná adresa příjemce.
3. Chybějící záznam ve spisu o předání informací.
4. Nejasné, kdo u poskytovatele za ochranu předaných údajů odpovídá.

Z rizik jsme vycházeli při nastavení nového postupu a projednali jsme je i se službami, které s námi spolupracují.

## Co platí dnes

Zprávy a doporučení předáváme datovou schránkou nebo přes zabezpečené úložiště úřadu, a o předání vždy provedeme záznam do spisu. Tato poznámka je ponechána v archivu pro srovnání a nemá se podle ní postupovat.
`,
		Areas:    []string{"gdpr", "cooperation"},
		Tags:     []string{"gdpr", "předávání informací", "sas"},
		Author:   "eva.kucerova@hnizdo.test",
		Status:   "archived",
		AgeDays:  695,
		ReviewIn: 60,
	},
	{
		Title:   "Intervize, nebo supervize? Co od které čekat",
		Summary: "Rozdíl mezi týmovou intervizí a externí supervizí a jak je v týmu OSPOD kombinovat, aby se doplňovaly.",
		Body: `## Teorie

Supervize je podle odborné literatury proces, ve kterém pracovník s pomocí externího supervizora reflektuje svou práci, vztahy s klienty a vlastní prožívání. Rozlišuje se supervize případová, týmová a individuální. Intervize je naproti tomu setkání kolegů na stejné úrovni, bez externího odborníka, kteří si navzájem pomáhají s případy. Standard 6 vyhlášky č. 473/2012 Sb. se věnuje profesnímu rozvoji zaměstnanců a supervize je jeho běžnou součástí.

## Jak to máme my

- Externí supervize jednou měsíčně, tři hodiny, pro celý tým.
- Intervize podle potřeby, když někdo v týmu potřebuje poradit s případem.
- Individuální supervize na žádost pracovníka.

Supervizora si tým vybral sám ze tří nabídek a smlouvu s ním uzavírá úřad vždy na jeden rok. Témata na supervizi sbíráme průběžně na poradách, aby se čas nevyplýtval na hledání, o čem mluvit.

## Příklad z praxe

Na intervizi jsme řešili třináctiletého chlapce z menší obce, který po rozvodu rodičů přestal chodit do školy a u otce odmítal přespávat. Tým doporučil zapojit pedagogicko-psychologickou poradnu a svolat případovou konferenci. Na supervizi jsme pak řešili, proč se nám v případu tak těžko pracovalo s otcem.

## Co z toho plyne

Intervize dává rychlou praktickou radu, supervize pomáhá pochopit, co se v práci děje s námi. Obojí potřebujeme.
`,
		Areas:    []string{"team"},
		Tags:     []string{"intervize", "supervize", "profesní rozvoj"},
		Author:   "marketa.vesela@hnizdo.test",
		Status:   "draft",
		Return:   "Děkuji za text, téma je pro ostatní pracoviště užitečné. Prosím zkraťte teoretický úvod a doplňte, jak u vás intervize konkrétně probíhá – délka, role, pravidla mlčenlivosti. Příklad z praxe je příliš konkrétní: věk dítěte, velikost obce a popis rodinné situace by v malém obvodu mohly rodinu prozradit. Uveďte ho obecněji, například jako typ situace, a pošlete poznámku znovu ke schválení.",
		AgeDays:  12,
		ReviewIn: 365,
	},
	{
		Title:   "Mapa služeb pro rodiny v obvodu: jak jsme ji sestavili",
		Summary: "Rozpracovaný postup, jak jsme v týmu sestavili přehled služeb pro rodiny s dětmi v našem správním obvodu a jak ho udržujeme aktuální.",
		Body: `## Proč mapa

Noví kolegové i rodiny se nás často ptají, kam se obrátit s konkrétní potřebou – dluhy, bydlení, výchovné potíže, psychická nemoc rodiče. Odpovědi jsme měli každý v hlavě jinak. Rozhodli jsme se proto sestavit společnou mapu služeb v obvodu a propojit ji s katalogem, který vede síťařka.

## Jak jsme postupovali

1. Každý v týmu sepsal služby, se kterými spolupracuje, a co s nimi funguje.
2. Seznam jsme porovnali s krajským katalogem sociálních služeb.
3. Doplnili jsme služby, které v katalogu nejsou: dobrovolnické programy, farní charitu, kroužky pro děti.
4. U každé služby jsme uvedli, pro koho je, jak se do ní rodina dostane a jak dlouho se čeká.

### Rozdělení podle potřeb

- výchova a vztahy v rodině;
- finanční situace a dluhy;
- bydlení;
- zdraví a duševní zdraví;
- volný čas dětí;
- krizová pomoc.

## Co ještě chybí

- domluvit, kdo bude mapu aktualizovat a jak často;
- zjistit čekací lhůty v poradnách, které se rychle mění;
- připravit zjednodušenou verzi pro rodiny;
- doplnit služby v sousedních obvodech, kam rodiny reálně dojíždějí.

Zatím se ukázalo, že nejvíc chybí dostupná psychoterapie pro dospívající a dluhové poradenství s terénní formou. Tyto mezery jsme předali síťařce jako podnět pro plánování sociálních služeb.

Poznámku dokončím po jednání se síťařkou, kde chceme domluvit propojení s krajským katalogem.
`,
		Areas:    []string{"cooperation", "support"},
		Tags:     []string{"síť služeb", "mapování", "katalog služeb"},
		Author:   "pracovnik.lanskroun@hnizdo.test",
		Status:   "draft",
		AgeDays:  6,
		ReviewIn: 300,
	},
	{
		Title:   "Kontakt dítěte v přechodné pěstounské péči s rodiči",
		Summary: "Zásady pro plánování a vyhodnocování kontaktu dítěte umístěného v přechodné pěstounské péči s rodiči, aby podporoval návrat domů nebo jiné trvalé řešení.",
		Body: `## Proč na kontaktu záleží

Přechodná pěstounská péče má být krátká a jejím cílem je najít pro dítě trvalé řešení – nejčastěji návrat do rodiny. Pokud se vztah dítěte s rodiči během pobytu v přechodné péči přeruší, návrat se komplikuje. Kontakt proto plánujeme od prvních dnů.

## Zásady

- **Frekvence podle věku.** Malé děti potřebují častější a kratší kontakt, u kojenců klidně několikrát týdně.
- **Místo.** Zpočátku na neutrálním místě – v prostorách doprovázející organizace nebo služby, později i v domácnosti rodičů.
- **Příprava pěstounů.** Pěstouni na přechodnou dobu vědí, jak dítě na kontakt připravit a co dělat, když po něm pláče nebo je neklidné.
- **Příprava rodičů.** Rodičům vysvětlíme, že projevy dítěte po kontaktu nejsou důkazem, že se u pěstounů „má špatně“.

## Jak kontakt vyhodnocujeme

1. Po každém kontaktu krátký záznam od doprovázejícího pracovníka.
2. Jednou měsíčně společné vyhodnocení s rodiči a pěstouny.
3. Kontakt postupně rozšiřujeme, pokud to situace dovolí.

### Otevřené otázky

- Jak postupovat, když rodiče kontakty opakovaně nedodržují?
- Kdo hradí rodičům cestu, pokud nemají prostředky?
- Jak zapojit širší rodinu, zejména prarodiče?

K otevřeným otázkám bych ráda doplnila zkušenosti dalších pracovišť, než poznámku odešlu ke schválení.
`,
		Areas:    []string{"foster-care"},
		Tags:     []string{"přechodná pěstounská péče", "kontakt s rodiči", "návrat do rodiny"},
		Author:   "veronika.jelinkova@hnizdo.test",
		Status:   "draft",
		AgeDays:  24,
		ReviewIn: 365,
	},
	{
		Title:   "Anonymizace kazuistik pro intervizi a krajská setkání",
		Summary: "Jak připravit případ ke sdílení mimo spis tak, aby nešlo poznat rodinu – ani v malém obvodu, kde se lidé znají. Kontrolní seznam a příklady úprav.",
		Body: `## Proč nestačí vynechat jméno

Zákon č. 359/1999 Sb. umožňuje sdílet zobecněné informace bez jmen, ale v malém obvodu je rodina snadno rozpoznatelná i bez jména. Kombinace věku dítěte, počtu sourozenců, povolání rodiče a názvu obce stačí, aby kolega z vedlejšího pracoviště věděl, o koho jde. Pseudonymizovaný text je pořád osobní údaj, pokud z kontextu lze rodinu určit.

## Kontrolní seznam

Před sdílením případu odstraníme nebo zobecníme:

- jména a přezdívky dětí, rodičů a dalších osob;
- rodná čísla, data narození a přesné věky (stačí „předškolní věk“, „dospívající“);
- adresy, názvy obcí, škol a zařízení;
- přesná data událostí;
- spisové značky, čísla jednací a čísla soudních řízení;
- vzácné kombinace: diagnóza, národnost, neobvyklé povolání.

## Příklady úprav

| Původně | Upraveno |
|---|---|
| dítě navštěvuje druhou třídu základní školy v malé obci | dítě mladšího školního věku |
| otec pracuje jako jediný lékař v obci | otec je zaměstnaný |
| rodina má pět dětí, z toho dvojčata | rodina má více dětí |

### Co ponechat

Ponecháváme to, co je pro otázku podstatné: typ situace, co jsme zkusili a co fungovalo. Pokud by po zobecnění případ ztratil smysl, je lepší ho nesdílet.

## Poslední kontrola

Před odesláním si text přečteme očima kolegy ze sousedního pracoviště a zeptáme se: poznal bych, o koho jde? Pokud je odpověď „možná“, zobecňujeme dál.
`,
		Areas:    []string{"gdpr", "team", "meetings"},
		Tags:     []string{"anonymizace", "gdpr", "intervize", "sdílení praxe"},
		Author:   "ondrej.fiala@hnizdo.test",
		Status:   "submitted",
		AgeDays:  9,
		ReviewIn: 400,
	},
	{
		Title:   "Příprava dospívajícího v pěstounské péči na zletilost",
		Summary: "Jak s dospívajícím v pěstounské péči a s pěstouny plánovat období kolem zletilosti: bydlení, finance, vzdělání a vztahy, aby zletilost nebyla skokem do prázdna.",
		Body: `## Proč začít včas

Dosažením zletilosti pěstounská péče zaniká, i když mladý člověk často zůstává u pěstounů dál, zejména pokud studuje. Přechod do samostatného života je pro dospívající z náhradní rodinné péče náročnější než pro vrstevníky – mají menší oporu v širší rodině a často méně praktických zkušeností. Proto o zletilosti začínáme mluvit zhruba od šestnácti let.

## Oblasti plánu

- **Bydlení.** Zůstane u pěstounů? Jaké jsou možnosti, pokud ne?
- **Vzdělání a práce.** Jaké má plány a kdo mu pomůže s přihláškami nebo hledáním práce?
- **Finance.** Zaopatřovací příspěvek, hospodaření s penězi, otevření účtu, dávky po zletilosti.
- **Doklady a úřady.** Občanský průkaz, zdravotní pojištění, registrace u lékaře pro dospělé.
- **Vztahy.** Kontakt s rodiči a sourozenci, na koho se může obrátit, když se něco nepovede.

## Jak plán vzniká

1. Rozhovor s dospívajícím bez pěstounů – co si přeje a čeho se bojí.
2. Rozhovor s pěstouny – co jsou ochotni a schopni nabídnout po zletilosti.
3. Společná schůzka s doprovázející organizací a sepsání plánu.
4. Revize plánu jednou za půl roku.

### Kdo plán vlastní

Plán patří dospívajícímu. My a pěstouni nabízíme, ale rozhodnutí je jeho. Dospívající, který si plán sám sepsal, ho častěji dodrží.

## Na co nezapomenout

Informovat o možnosti pokračující podpory doprovázející organizace a o službách pro mladé lidi odcházející z náhradní péče. Předat kontakt na pracovníka, na kterého se mladý člověk může obrátit i po ukončení naší práce.
`,
		Areas:    []string{"foster-care"},
		Tags:     []string{"pěstounská péče", "zletilost", "osamostatnění"},
		Author:   "katerina.stastna@hnizdo.test",
		Status:   "submitted",
		AgeDays:  15,
		ReviewIn: 500,
	},
	{
		Title:   "Svěření dítěte do péče prarodičů: na co se ptát při šetření",
		Summary: "Otázky a oblasti, které posuzujeme, když prarodiče žádají o svěření vnoučete do péče, a jak přitom myslet na vztah dítěte k rodičům.",
		Body: `## Výchozí situace

Prarodiče bývají první, kdo se o dítě postará, když rodiče péči nezvládají. Často už péči fakticky vykonávají a soud pak jen stav potvrzuje. OSPOD k návrhu podává zprávu, a pokud je opatrovníkem dítěte, také doporučení. Svěření do péče jiné osoby upravuje § 953 a násl. občanského zákoníku; příbuzní mají přednost, pokud to odpovídá zájmu dítěte.

## Oblasti šetření

### Schopnost péče

- zdravotní stav prarodičů a to, jak zvládnou péči v dalších letech, zejména v období dospívání dítěte;
- bydlení a finanční situace;
- kdo jim může pomoci, když onemocní.

### Vztah k rodičům dítěte

- jak prarodiče mluví o rodičích před dítětem;
- zda jsou schopni nastavit hranice, pokud se rodiče chovají rizikově;
- jak si představují kontakt dítěte s rodiči.

### Potřeby dítěte

- jak dítě vnímá péči prarodičů a co si přeje;
- zda potřebuje odbornou péči a prarodiče ji dokážou zajistit;
- škola a vrstevníci.

## Na co se často zapomíná

1. Prarodiče často nevědí, že by v pěstounské péči měli nárok na dávky pěstounské péče a na doprovázení, kdežto při svěření do péče jiné osoby nikoli – informujeme je o obou možnostech.
2. Konflikt loajality: prarodič stojí mezi dítětem a vlastním synem nebo dcerou.
3. Dlouhodobý plán – co se stane, pokud prarodiče péči přestanou zvládat.

Šetření vždy doplníme rozhovorem s rodiči dítěte, pokud je to možné.
`,
		Areas:    []string{"foster-care", "assessment"},
		Tags:     []string{"svěření do péče", "prarodiče", "příbuzenská péče"},
		Author:   "hana.markova@hnizdo.test",
		Status:   "submitted",
		AgeDays:  31,
		ReviewIn: 420,
	},
}
