-- +goose Up
-- Regional methodological oversight: the quality standards, the inspection plan and inspections
-- with findings and objections, remedial measures, methodological visits, and methodological
-- questions with the FAQ they become.

-- How many days a region's methodologists aim to answer a question in.
ALTER TABLE regions ADD COLUMN answer_days smallint NOT NULL DEFAULT 30 CHECK (answer_days BETWEEN 1 AND 365);

-- Quality standards of SPOD (vyhláška 473/2012 Sb., annex 1). Administrators may edit the texts
-- of criteria; codes stay.
CREATE TABLE standards (
    id      smallint PRIMARY KEY CHECK (id BETWEEN 1 AND 99), -- the standard's number
    name_cs text NOT NULL,
    name_en text NOT NULL
);
CREATE TABLE criteria (
    id          smallint PRIMARY KEY,
    standard_id smallint NOT NULL REFERENCES standards (id),
    code        text NOT NULL UNIQUE,                      -- e.g. 8a
    text_cs     text NOT NULL CHECK (btrim(text_cs) <> ''),
    text_en     text NOT NULL DEFAULT '',
    -- Criteria a regional inspection does not assess (1a, 1b, 4b, 8d, 9c, 9d, 14b) start as
    -- "not assessed" in the checklist.
    assessed    boolean NOT NULL DEFAULT true,
    position    smallint NOT NULL,
    version     integer NOT NULL DEFAULT 1
);
CREATE INDEX criteria_standard_idx ON criteria (standard_id, position);

INSERT INTO standards (id, name_cs, name_en) VALUES
 (1,  'Místní a časová dostupnost', 'Local and time availability'),
 (2,  'Prostředí a podmínky', 'Premises and conditions'),
 (3,  'Informovanost o výkonu sociálně-právní ochrany', 'Information about child protection work'),
 (4,  'Personální zabezpečení', 'Staffing'),
 (5,  'Přijímání a zaškolování zaměstnanců', 'Hiring and induction of staff'),
 (6,  'Profesní rozvoj zaměstnanců', 'Professional development of staff'),
 (7,  'Prevence', 'Prevention'),
 (8,  'Přijetí oznámení, posouzení naléhavosti a přidělení případu', 'Receiving a report, assessing urgency and assigning the case'),
 (9,  'Jednání s klienty, vyhodnocování a individuální plán ochrany dítěte', 'Work with clients, assessment and the child protection plan'),
 (10, 'Kontrola případu', 'Case review'),
 (11, 'Rizikové a nouzové situace', 'Risk and emergency situations'),
 (12, 'Dokumentace', 'Documentation'),
 (13, 'Stížnosti', 'Complaints'),
 (14, 'Návaznost na další osoby', 'Links to other bodies and services');

INSERT INTO criteria (id, standard_id, code, position, assessed, text_cs, text_en) VALUES
 (1,  1,  '1a', 1, false, 'Výkon sociálně-právní ochrany je zajištěn v celém správním obvodu podle potřeb dětí a rodin.', 'Child protection work covers the whole district according to the needs of children and families.'),
 (2,  1,  '1b', 2, false, 'Výkon je zajištěn každý pracovní den; mimo pracovní dobu je zajištěna pohotovost.', 'The office works every working day; an on-call service covers the time outside working hours.'),
 (3,  2,  '2a', 1, true,  'Prostory pro jednání s klienty zajišťují soukromí a důstojnost.', 'Rooms for meeting clients ensure privacy and dignity.'),
 (4,  2,  '2b', 2, true,  'Prostory jsou vhodné pro jednání s dětmi.', 'The rooms are suitable for talking with children.'),
 (5,  2,  '2c', 3, true,  'Pracoviště je přístupné osobám se sníženou schopností pohybu.', 'The office is accessible to people with reduced mobility.'),
 (6,  2,  '2d', 4, true,  'Zaměstnanci mají technické vybavení potřebné pro výkon (telefon, počítač, služební vůz).', 'Staff have the equipment the work needs (phone, computer, car).'),
 (7,  3,  '3a', 1, true,  'Informace o cílech, zásadách a činnostech sociálně-právní ochrany jsou zveřejněny.', 'Information about the aims, principles and activities of child protection is published.'),
 (8,  3,  '3b', 2, true,  'Informace jsou podávány srozumitelnou formou, i pro děti.', 'Information is given in an understandable form, also for children.'),
 (9,  4,  '4a', 1, true,  'Počet zaměstnanců odpovídá počtu případů a velikosti správního obvodu.', 'The number of staff matches the caseload and the size of the district.'),
 (10, 4,  '4b', 2, false, 'Organizační struktura a počty pracovních míst jsou písemně stanoveny.', 'The organisational structure and the number of posts are set down in writing.'),
 (11, 4,  '4c', 3, true,  'Pravomoci a odpovědnost jednotlivých pozic jsou písemně stanoveny, včetně specializací (náhradní rodinná péče, kurátor pro děti a mládež, týrané děti).', 'Powers and responsibilities of each post are in writing, including specialisations (foster care, youth probation, abused children).'),
 (12, 5,  '5a', 1, true,  'Jsou stanovena pravidla pro přijímání zaměstnanců.', 'There are rules for hiring staff.'),
 (13, 5,  '5b', 2, true,  'Nový zaměstnanec prochází zaškolením podle písemného plánu.', 'A new employee is inducted according to a written plan.'),
 (14, 5,  '5c', 3, true,  'Nový zaměstnanec má určeného zkušeného kolegu (mentora).', 'A new employee has an experienced colleague assigned as a mentor.'),
 (15, 5,  '5d', 4, true,  'Nový zaměstnanec nejedná v náročných situacích bez podpory.', 'A new employee does not handle demanding situations without support.'),
 (16, 5,  '5e', 5, true,  'Zaškolení je vyhodnoceno.', 'The induction is evaluated.'),
 (17, 6,  '6a', 1, true,  'Zaměstnanci jsou hodnoceni nejméně jednou ročně.', 'Staff are appraised at least once a year.'),
 (18, 6,  '6b', 2, true,  'Každý zaměstnanec má individuální plán vzdělávání.', 'Every employee has an individual training plan.'),
 (19, 6,  '6c', 3, true,  'Zaměstnanci absolvují akreditované vzdělávání v rozsahu nejméně 6 pracovních dnů ročně.', 'Staff attend accredited training of at least 6 working days a year.'),
 (20, 6,  '6d', 4, true,  'Zaměstnanci mají podporu nezávislého kvalifikovaného odborníka (supervize).', 'Staff have the support of an independent qualified professional (supervision).'),
 (21, 7,  '7a', 1, true,  'Úřad vyhledává ohrožené děti a působí preventivně ve svém obvodu.', 'The office seeks out children at risk and works preventively in its district.'),
 (22, 7,  '7b', 2, true,  'Úřad má přehled o dostupných službách a spolupracuje na prevenci.', 'The office knows the available services and works with them on prevention.'),
 (23, 8,  '8a', 1, true,  'Oznámení jsou přijímána jednotným postupem.', 'Reports are received by a uniform procedure.'),
 (24, 8,  '8b', 2, true,  'U každého případu je posouzena naléhavost.', 'The urgency of each case is assessed.'),
 (25, 8,  '8c', 3, true,  'Každý případ má určeného koordinátora (klíčového pracovníka).', 'Each case has an assigned case coordinator.'),
 (26, 8,  '8d', 4, false, 'Případy jsou přidělovány podle stanovených pravidel.', 'Cases are assigned by set rules.'),
 (27, 9,  '9a', 1, true,  'Situace dítěte a rodiny je vyhodnocována.', 'The situation of the child and family is assessed.'),
 (28, 9,  '9b', 2, true,  'Pro dítě je zpracován individuální plán ochrany dítěte a je pravidelně hodnocen.', 'A child protection plan is made and reviewed regularly.'),
 (29, 9,  '9c', 3, false, 'Dítě a rodina jsou zapojeni do vyhodnocování a plánování.', 'The child and family take part in assessment and planning.'),
 (30, 9,  '9d', 4, false, 'Případové konference se konají, kde je to v zájmu dítěte.', 'Case conferences are held where they are in the child''s interest.'),
 (31, 10, '10a', 1, true, 'Vedoucí pravidelně kontroluje vedení případů.', 'The head reviews the handling of cases regularly.'),
 (32, 11, '11a', 1, true, 'Jsou stanoveny postupy pro rizikové a nouzové situace.', 'There are procedures for risk and emergency situations.'),
 (33, 12, '12a', 1, true, 'Spisová dokumentace je vedena a archivována podle pravidel, včetně elektronické evidence.', 'Case files are kept and archived by the rules, including the electronic record.'),
 (34, 12, '12b', 2, true, 'Osobní údaje ve spisech jsou chráněny a přístup do spisů je upraven.', 'Personal data in files are protected and access to files is regulated.'),
 (35, 13, '13a', 1, true, 'Pravidla pro podávání a vyřizování stížností jsou srozumitelná.', 'Rules for making and handling complaints are understandable.'),
 (36, 13, '13b', 2, true, 'Stížnosti jsou evidovány a vyhodnocovány.', 'Complaints are recorded and evaluated.'),
 (37, 14, '14a', 1, true, 'Úřad spolupracuje s dalšími subjekty a předává informace o službách.', 'The office cooperates with other bodies and passes on information about services.'),
 (38, 14, '14b', 2, false, 'Při předání případu je zajištěna návaznost péče.', 'Continuity of care is ensured when a case is handed over.');

-- An inspection of one office. A row in state "planned" is an entry of the region's annual plan;
-- the plan and what happened are the same rows, so plan against reality is one query.
CREATE TABLE inspections (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region_id      smallint NOT NULL REFERENCES regions (id),
    office_id      bigint NOT NULL REFERENCES offices (id),
    year           smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    quarter        smallint NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    kind           text NOT NULL CHECK (kind IN ('standards', 'thematic', 'followup')),
    subject        text NOT NULL DEFAULT '',
    state          text NOT NULL DEFAULT 'planned'
                   CHECK (state IN ('planned', 'notified', 'onsite', 'protocol', 'decided', 'measures', 'closed', 'cancelled')),
    notice_date    date,  -- notice of the inspection delivered (Control Code § 5)
    onsite_from    date,
    onsite_to      date,
    protocol_date  date,  -- protocol issued
    delivered_date date,  -- protocol delivered: the objection period runs from here
    objection_days smallint NOT NULL DEFAULT 15 CHECK (objection_days BETWEEN 1 AND 90),
    objections_due date,
    decided_date   date,  -- objections decided, or the period lapsed: the inspection is concluded
    closed_date    date,
    cancel_reason  text NOT NULL DEFAULT '',
    version        integer NOT NULL DEFAULT 1,
    created_by     bigint NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (onsite_from IS NULL OR notice_date IS NULL OR onsite_from >= notice_date),
    CHECK (onsite_to IS NULL OR onsite_to >= onsite_from),
    CHECK (protocol_date IS NULL OR protocol_date >= onsite_to),
    CHECK (delivered_date IS NULL OR delivered_date >= protocol_date)
);
CREATE INDEX inspections_region_idx ON inspections (region_id, year, quarter);
CREATE INDEX inspections_office_idx ON inspections (office_id, state);
CREATE INDEX inspections_due_idx ON inspections (region_id, objections_due) WHERE state = 'protocol';

-- The inspection team: methodologists of the region (the Control Code's authorised inspectors).
CREATE TABLE inspection_team (
    inspection_id bigint NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    user_id       bigint NOT NULL REFERENCES users (id),
    PRIMARY KEY (inspection_id, user_id)
);
CREATE INDEX inspection_team_user_idx ON inspection_team (user_id);

-- The checklist: one assessment per criterion of an inspection. A finding is an assessment of
-- "partly" or "not_met".
CREATE TABLE findings (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    inspection_id bigint NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    criterion_id  smallint NOT NULL REFERENCES criteria (id),
    rating        text NOT NULL CHECK (rating IN ('met', 'partly', 'not_met', 'not_assessed')),
    text          text NOT NULL DEFAULT '',
    assessed_by   bigint NOT NULL REFERENCES users (id),
    assessed_at   timestamptz NOT NULL DEFAULT now(),
    version       integer NOT NULL DEFAULT 1,
    UNIQUE (inspection_id, criterion_id),
    CHECK (rating IN ('met', 'not_assessed') OR btrim(text) <> '')
);
CREATE INDEX findings_criterion_idx ON findings (criterion_id, rating);

CREATE TABLE finding_files (
    finding_id bigint NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
    file_id    bigint NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    PRIMARY KEY (finding_id, file_id)
);
CREATE UNIQUE INDEX finding_files_file_key ON finding_files (file_id);

-- Objections of the inspected office against the protocol (Control Code § 13-14).
CREATE TABLE objections (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    inspection_id bigint NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    finding_id    bigint REFERENCES findings (id),
    filed_date    date NOT NULL,
    text          text NOT NULL CHECK (btrim(text) <> ''),
    recorded_by   bigint NOT NULL REFERENCES users (id),
    decision      text CHECK (decision IN ('upheld', 'partly', 'rejected')),
    reasoning     text NOT NULL DEFAULT '',
    decided_by    bigint REFERENCES users (id),
    decided_date  date,
    CHECK ((decision IS NULL) = (decided_date IS NULL)),
    CHECK (decision IS NULL OR btrim(reasoning) <> '')
);
CREATE INDEX objections_inspection_idx ON objections (inspection_id);

-- Remedial measures bind the inspected office. Two-party closure: the office reports, the
-- region verifies or returns.
CREATE TABLE measures (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    inspection_id  bigint NOT NULL REFERENCES inspections (id),
    finding_id     bigint NOT NULL REFERENCES findings (id),
    office_id      bigint NOT NULL REFERENCES offices (id),
    responsible_id bigint NOT NULL REFERENCES users (id),
    due            date NOT NULL,
    description    text NOT NULL CHECK (btrim(description) <> ''),
    state          text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'reported', 'returned', 'verified')),
    report         text NOT NULL DEFAULT '',   -- the office's evidence of fulfilment
    reported_at    timestamptz,
    reported_by    bigint REFERENCES users (id),
    return_reason  text NOT NULL DEFAULT '',
    verified_at    timestamptz,
    verified_by    bigint REFERENCES users (id),
    version        integer NOT NULL DEFAULT 1,
    created_by     bigint NOT NULL REFERENCES users (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (state <> 'verified' OR (verified_by IS NOT NULL AND verified_by <> reported_by))
);
CREATE INDEX measures_office_idx ON measures (office_id, state, due);
CREATE INDEX measures_inspection_idx ON measures (inspection_id);
CREATE INDEX measures_finding_idx ON measures (finding_id);

CREATE TABLE measure_files (
    measure_id bigint NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
    file_id    bigint NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    PRIMARY KEY (measure_id, file_id)
);
CREATE UNIQUE INDEX measure_files_file_key ON measure_files (file_id);

-- Methodological visits and consultations: help, not inspection.
CREATE TABLE visits (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region_id       smallint NOT NULL REFERENCES regions (id),
    office_id       bigint NOT NULL REFERENCES offices (id),
    kind            text NOT NULL CHECK (kind IN ('visit', 'consultation')),
    date            date NOT NULL,
    topics          text NOT NULL CHECK (btrim(topics) <> ''),
    recommendations text NOT NULL DEFAULT '',
    created_by      bigint NOT NULL REFERENCES users (id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer NOT NULL DEFAULT 1
);
CREATE INDEX visits_region_idx ON visits (region_id, date DESC);
CREATE INDEX visits_office_idx ON visits (office_id, date DESC);

CREATE TABLE visit_followups (
    id       bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    visit_id bigint NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
    text     text NOT NULL CHECK (btrim(text) <> ''),
    due      date NOT NULL,
    done_at  timestamptz,
    done_by  bigint REFERENCES users (id)
);
CREATE INDEX visit_followups_visit_idx ON visit_followups (visit_id);

CREATE TABLE visit_notes (
    visit_id bigint NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
    note_id  bigint NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    PRIMARY KEY (visit_id, note_id)
);

-- Methodological questions to the region; the published ones are the FAQ.
CREATE TABLE questions (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    region_id    smallint NOT NULL REFERENCES regions (id),
    office_id    bigint NOT NULL REFERENCES offices (id),
    asker_id     bigint NOT NULL REFERENCES users (id),
    title        text NOT NULL CHECK (btrim(title) <> ''),
    body         text NOT NULL DEFAULT '',
    area_id      smallint REFERENCES areas (id),
    state        text NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'assigned', 'answered', 'published', 'private')),
    assignee_id  bigint REFERENCES users (id),
    due          date NOT NULL,               -- the region's target answer date
    answer       text NOT NULL DEFAULT '',    -- Markdown
    answered_at  timestamptz,
    answered_by  bigint REFERENCES users (id),
    laws         text NOT NULL DEFAULT '',    -- cited laws, one per line
    standard_ids smallint[] NOT NULL DEFAULT '{}',
    -- The FAQ entry: the question edited and anonymised; the asker's office is never shown.
    faq_title    text NOT NULL DEFAULT '',
    faq_body     text NOT NULL DEFAULT '',
    published_at timestamptz,
    topic_id     bigint UNIQUE REFERENCES topics (id), -- an agenda item marked "question for the region"
    version      integer NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    search       tsvector NOT NULL DEFAULT '',
    CHECK (state IN ('new', 'assigned') OR answered_at IS NOT NULL),
    CHECK (state <> 'published' OR (btrim(faq_title) <> '' AND published_at IS NOT NULL))
);
CREATE INDEX questions_region_idx ON questions (region_id, state, due);
CREATE INDEX questions_office_idx ON questions (office_id, created_at DESC);
CREATE INDEX questions_search_idx ON questions USING gin (search) WHERE state = 'published';
CREATE INDEX questions_published_idx ON questions (published_at DESC, id DESC) WHERE state = 'published';

-- +goose StatementBegin
CREATE FUNCTION questions_search_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Only what the FAQ shows is searchable: never the asker's own wording.
    NEW.search :=
        setweight(to_tsvector('public.hn_cs', NEW.faq_title), 'A') ||
        setweight(to_tsvector('public.hn_cs', NEW.faq_body), 'B') ||
        setweight(to_tsvector('public.hn_cs', NEW.answer), 'C');
    RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER questions_search BEFORE INSERT OR UPDATE OF faq_title, faq_body, answer ON questions
    FOR EACH ROW EXECUTE FUNCTION questions_search_update();

CREATE TABLE question_notes (
    question_id bigint NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    note_id     bigint NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    PRIMARY KEY (question_id, note_id)
);

-- Where an FAQ entry or a guidance note came from: the findings that repeated.
CREATE TABLE question_findings (
    question_id bigint NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    finding_id  bigint NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
    PRIMARY KEY (question_id, finding_id)
);
CREATE INDEX question_findings_finding_idx ON question_findings (finding_id);
CREATE TABLE note_findings (
    note_id    bigint NOT NULL REFERENCES notes (id) ON DELETE CASCADE,
    finding_id bigint NOT NULL REFERENCES findings (id) ON DELETE CASCADE,
    PRIMARY KEY (note_id, finding_id)
);
CREATE INDEX note_findings_finding_idx ON note_findings (finding_id);

-- +goose Down
DROP TABLE note_findings;
DROP TABLE question_findings;
DROP TABLE question_notes;
DROP TABLE questions;
DROP FUNCTION questions_search_update();
DROP TABLE visit_notes;
DROP TABLE visit_followups;
DROP TABLE visits;
DROP TABLE measure_files;
DROP TABLE measures;
DROP TABLE objections;
DROP TABLE finding_files;
DROP TABLE findings;
DROP TABLE inspection_team;
DROP TABLE inspections;
DROP TABLE criteria;
DROP TABLE standards;
ALTER TABLE regions DROP COLUMN answer_days;
