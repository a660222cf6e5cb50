-- One table of waiting counts instead of three (issue 10: fewer writes per change).
--
-- V3, V5 and V12 each kept a count of WAITING visits, each with its own trigger: per office and agency
-- (visit_queue_count), per office, agency and service (visit_service_count), and per office, agency, service,
-- language and interpreter (visit_need_count). The last is the finest of the three, and the other two are sums of
-- its rows, so a ticket and a call each ran three PL/pgSQL triggers, six statements inside them, and wrote three
-- rows where one says it all. visit_need_count stays, with its trigger unchanged; the other two become views that
-- sum it, under the same names and columns, so what reads them reads the same numbers. An office has a few rows per
-- agency there (its services, times the languages and interpreter needs waited for), so each sum reads a few rows.
DROP TRIGGER visit_queue_count_insert ON visit;
DROP TRIGGER visit_queue_count_update ON visit;
DROP FUNCTION visit_queue_count_sync();
DROP TABLE visit_queue_count;

DROP TRIGGER visit_service_count_insert ON visit;
DROP TRIGGER visit_service_count_update ON visit;
DROP FUNCTION visit_service_count_sync();
DROP TABLE visit_service_count;

-- Readers by office (the queue's lines and statistics, the desk): the primary key starts with the agency.
CREATE INDEX visit_need_count_office_idx ON visit_need_count (office_id, agency_code);

CREATE VIEW visit_queue_count AS
    SELECT office_id, agency_code, sum(waiting)::integer AS waiting
      FROM visit_need_count
     GROUP BY office_id, agency_code;

CREATE VIEW visit_service_count AS
    SELECT office_id, agency_code, service_code, sum(waiting)::integer AS waiting
      FROM visit_need_count
     GROUP BY office_id, agency_code, service_code;
