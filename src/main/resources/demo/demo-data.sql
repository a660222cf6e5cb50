-- Demo data: loaded by DemoData only when the service runs in demo mode (never in production, never in tests).
-- Real municipalities from the news items in shared/context; fictional officers. Ids of rooms and officers are
-- derived from names with md5() so that demo tokens stay valid across restarts.

INSERT INTO agency (code, name, ticket_prefix) VALUES
    ('arbetsformedlingen',  'Arbetsförmedlingen',  'A'),
    ('forsakringskassan',   'Försäkringskassan',   'F'),
    ('pensionsmyndigheten', 'Pensionsmyndigheten', 'P'),
    ('skatteverket',        'Skatteverket',        'S'),
    ('migrationsverket',    'Migrationsverket',    'M'),
    ('trafikverket',        'Trafikverket',        'T');

INSERT INTO agency_service (agency_code, code, name, duration_minutes) VALUES
    ('arbetsformedlingen',  'inskrivning',        'Inskrivning som arbetssökande',      30),
    ('arbetsformedlingen',  'aktivitetsrapport',  'Hjälp med aktivitetsrapport',         20),
    ('arbetsformedlingen',  'stod-och-insatser',  'Stöd, insatser och ersättning',       30),
    ('forsakringskassan',   'foraldrapenning',    'Föräldrapenning och graviditet',      20),
    ('forsakringskassan',   'sjukpenning',        'Sjukpenning och rehabilitering',      30),
    ('forsakringskassan',   'bostadsbidrag',      'Bostadsbidrag',                       20),
    ('pensionsmyndigheten', 'allman-pension',     'Allmän pension',                      30),
    ('pensionsmyndigheten', 'bostadstillagg',     'Bostadstillägg för pensionärer',      30),
    ('skatteverket',        'folkbokforing',      'Folkbokföring och flytt',             20),
    ('skatteverket',        'deklaration',        'Deklaration och skatt',               30),
    ('skatteverket',        'samordningsnummer',  'Samordningsnummer',                   20),
    ('migrationsverket',    'uppehallstillstand', 'Uppehållstillstånd',                  45),
    ('migrationsverket',    'medborgarskap',      'Medborgarskap',                       30),
    ('migrationsverket',    'arbetstillstand',    'Arbetstillstånd',                     30),
    ('trafikverket',        'korkort',            'Körkort och förarprov',               20),
    ('trafikverket',        'fordon',             'Fordon och trängselskatt',            20);

CREATE TEMPORARY TABLE demo_office (
    id text, name text, municipality text, kind text, vulnerable boolean, rooms int, migration boolean,
    traffic boolean, late_thursday boolean, cleaning int
) ON COMMIT DROP;

INSERT INTO demo_office VALUES
    ('stockholm-city',        'Servicekontor Stockholm City',       'Stockholm',   'FIXED',  false, 4, true,  true,  true,  5),
    ('goteborg-city',         'Servicekontor Göteborg Nordstan',    'Göteborg',    'FIXED',  false, 4, true,  true,  true,  5),
    ('malmo-city',            'Servicekontor Malmö Centrum',        'Malmö',       'FIXED',  false, 4, true,  true,  true,  5),
    ('norrkoping-spiralen',   'Servicekontor Norrköping Spiralen',  'Norrköping',  'FIXED',  false, 3, true,  false, true,  0),
    ('vasteras',              'Servicekontor Västerås',             'Västerås',    'FIXED',  false, 3, true,  false, false, 0),
    ('orebro',                'Servicekontor Örebro',               'Örebro',      'FIXED',  false, 3, true,  false, false, 0),
    ('kiruna',                'Servicekontor Kiruna',               'Kiruna',      'FIXED',  false, 2, true,  true,  false, 0),
    ('umea',                  'Servicekontor Umeå',                 'Umeå',        'FIXED',  false, 3, true,  false, false, 0),
    ('sundsvall',             'Servicekontor Sundsvall',            'Sundsvall',   'FIXED',  false, 3, true,  false, false, 0),
    ('skelleftea',            'Servicekontor Skellefteå',           'Skellefteå',  'FIXED',  false, 2, true,  false, false, 0),
    ('vaxjo',                 'Servicekontor Växjö',                'Växjö',       'FIXED',  false, 3, true,  false, false, 0),
    ('sodertalje',            'Servicekontor Södertälje',           'Södertälje',  'FIXED',  false, 3, true,  false, false, 0),
    ('uppsala',               'Servicekontor Uppsala',              'Uppsala',     'FIXED',  false, 3, true,  false, true,  0),
    ('lulea',                 'Servicekontor Luleå',                'Luleå',       'FIXED',  false, 3, true,  false, false, 0),
    ('borgholm',              'Servicekontor Borgholm',             'Borgholm',    'FIXED',  false, 2, false, true,  false, 0),
    ('laholm',                'Servicekontor Laholm',               'Laholm',      'FIXED',  false, 2, false, false, false, 0),
    ('jarpen',                'Servicekontor Järpen',               'Åre',         'FIXED',  false, 2, false, true,  false, 0),
    ('goteborg-gamlestaden',  'Servicekontor Gamlestaden',          'Göteborg',    'FIXED',  false, 3, false, false, false, 0),
    ('malmo-varnhem',         'Servicekontor Värnhem',              'Malmö',       'FIXED',  false, 3, false, false, false, 0),
    ('boden',                 'Servicekontor Boden',                'Boden',       'FIXED',  false, 2, false, false, false, 0),
    ('filipstad',             'Servicekontor Filipstad',            'Filipstad',   'FIXED',  false, 2, false, true,  false, 0),
    ('finspang',              'Servicekontor Finspång',             'Finspång',    'FIXED',  false, 2, false, false, false, 0),
    ('nynashamn',             'Servicekontor Nynäshamn',            'Nynäshamn',   'FIXED',  false, 2, false, false, false, 0),
    ('solvesborg',            'Servicekontor Sölvesborg',           'Sölvesborg',  'FIXED',  false, 2, false, false, false, 0),
    ('stockholm-rinkeby',     'Servicekontor Rinkeby',              'Stockholm',   'FIXED',  true,  3, false, false, true,  0),
    ('uppsala-gottsunda',     'Servicekontor Gottsunda',            'Uppsala',     'FIXED',  true,  2, false, false, false, 0),
    ('linkoping-skaggetorp',  'Servicekontor Skäggetorp',           'Linköping',   'FIXED',  true,  3, false, false, false, 0),
    ('mobil-jarva',           'Mobilt servicekontor Järva',         'Stockholm',   'MOBILE', true,  2, false, false, false, 0);

INSERT INTO office (id, name, municipality, kind, time_zone, vulnerable_area, cleaning_buffer_minutes)
SELECT id, name, municipality, kind, 'Europe/Stockholm', vulnerable, cleaning FROM demo_office;

-- Every office offers the first four agencies; Migrationsverket and Trafikverket where marked.
INSERT INTO office_agency (office_id, agency_code)
SELECT o.id, a.code
FROM demo_office o
CROSS JOIN agency a
WHERE a.code IN ('arbetsformedlingen', 'forsakringskassan', 'pensionsmyndigheten', 'skatteverket')
   OR (a.code = 'migrationsverket' AND o.migration)
   OR (a.code = 'trafikverket' AND o.traffic);

-- Fixed offices: Monday-Friday 09:00-16:00, some open until 18:00 on Thursdays. Mobile offices: only at stops.
INSERT INTO office_opening_hours (office_id, day, opens, closes)
SELECT o.id, d.day, time '09:00', CASE WHEN o.late_thursday AND d.day = 4 THEN time '18:00' ELSE time '16:00' END
FROM demo_office o CROSS JOIN generate_series(1, 5) AS d(day)
WHERE o.kind = 'FIXED';

INSERT INTO room (id, office_id, name, accessible, capacity)
SELECT md5('room:' || o.id || ':' || n)::uuid, o.id, 'Besöksrum ' || n, n = 1, CASE WHEN n = 1 THEN 3 ELSE 2 END
FROM demo_office o CROSS JOIN LATERAL generate_series(1, o.rooms) AS n;

CREATE TEMPORARY TABLE demo_officer (name text, agency text, languages text[], services text[]) ON COMMIT DROP;

INSERT INTO demo_officer VALUES
    ('Anna Lindqvist',      'arbetsformedlingen',  '{sv,en}',     '{inskrivning,aktivitetsrapport,stod-och-insatser}'),
    ('Mohammed Haddad',     'arbetsformedlingen',  '{sv,ar,en}',  '{inskrivning,stod-och-insatser}'),
    ('Sofia Nilsson',       'arbetsformedlingen',  '{sv}',        '{aktivitetsrapport}'),
    ('Hodan Farah',         'arbetsformedlingen',  '{sv,so}',     '{inskrivning,aktivitetsrapport}'),
    ('Erik Johansson',      'arbetsformedlingen',  '{sv,en,fi}',  '{stod-och-insatser}'),
    ('Lena Berg',           'forsakringskassan',   '{sv,en}',     '{foraldrapenning,sjukpenning,bostadsbidrag}'),
    ('Reza Karimi',         'forsakringskassan',   '{sv,fa,en}',  '{foraldrapenning,bostadsbidrag}'),
    ('Maria Andersson',     'forsakringskassan',   '{sv}',        '{sjukpenning}'),
    ('Tesfay Gebremariam',  'forsakringskassan',   '{sv,ti}',     '{foraldrapenning,sjukpenning}'),
    ('Johan Eriksson',      'forsakringskassan',   '{sv,en}',     '{bostadsbidrag,sjukpenning}'),
    ('Birgitta Holm',       'pensionsmyndigheten', '{sv}',        '{allman-pension,bostadstillagg}'),
    ('Aila Niva',           'pensionsmyndigheten', '{sv,fi,se}',  '{allman-pension,bostadstillagg}'),
    ('Piotr Nowak',         'pensionsmyndigheten', '{sv,pl,en}',  '{allman-pension}'),
    ('Karin Sandberg',      'pensionsmyndigheten', '{sv,en}',     '{bostadstillagg}'),
    ('Lars Persson',        'skatteverket',        '{sv,en}',     '{folkbokforing,deklaration,samordningsnummer}'),
    ('Amira Saleh',         'skatteverket',        '{sv,ar}',     '{folkbokforing,samordningsnummer}'),
    ('Ingrid Lund',         'skatteverket',        '{sv}',        '{deklaration}'),
    ('Carlos Romero',       'skatteverket',        '{sv,es,en}',  '{folkbokforing,samordningsnummer}'),
    ('Nils Öberg',          'skatteverket',        '{sv,en}',     '{deklaration,folkbokforing}'),
    ('Fatima Yusuf',        'migrationsverket',    '{sv,ar,en}',  '{uppehallstillstand,medborgarskap,arbetstillstand}'),
    ('Dawit Haile',         'migrationsverket',    '{sv,ti,en}',  '{uppehallstillstand,medborgarskap}'),
    ('Elin Forsberg',       'migrationsverket',    '{sv,en}',     '{arbetstillstand,uppehallstillstand}'),
    ('Ahmad Rahimi',        'migrationsverket',    '{sv,fa,en}',  '{uppehallstillstand,medborgarskap}'),
    ('Hanna Wikström',      'migrationsverket',    '{sv,en,es}',  '{arbetstillstand,medborgarskap}'),
    ('Abdi Warsame',        'migrationsverket',    '{sv,so,en}',  '{uppehallstillstand}'),
    ('Olga Petrova',        'migrationsverket',    '{sv,ru,uk}',  '{uppehallstillstand,arbetstillstand}'),
    ('Gustav Ek',           'trafikverket',        '{sv,en}',     '{korkort,fordon}'),
    ('Sara Ahmadi',         'trafikverket',        '{sv,fa}',     '{korkort}'),
    ('Mikael Strand',       'trafikverket',        '{sv}',        '{fordon}'),
    ('Emma Lindgren',       'arbetsformedlingen',  '{sv,en}',     '{inskrivning,aktivitetsrapport,stod-och-insatser}'),
    ('Yusuf Demir',         'forsakringskassan',   '{sv,tr,en}',  '{foraldrapenning,sjukpenning,bostadsbidrag}'),
    ('Maja Larsson',        'skatteverket',        '{sv,en}',     '{folkbokforing,deklaration,samordningsnummer}');

INSERT INTO case_officer (id, agency_code, name, presence)
SELECT md5('officer:' || name)::uuid, agency, name, 'AVAILABLE' FROM demo_officer;

INSERT INTO case_officer_language (officer_id, language)
SELECT md5('officer:' || name)::uuid, unnest(languages) FROM demo_officer;

INSERT INTO case_officer_service (officer_id, agency_code, service_code)
SELECT md5('officer:' || name)::uuid, agency, unnest(services) FROM demo_officer;
