-- The rows the write path changes over and over are changed in place (issue 10).
--
-- PostgreSQL writes an update as a new version of the row. When no index reads a column the update changes, the new
-- version stays on the row's page and no index gets an entry for it (a heap-only tuple, HOT), and the versions left
-- behind are pruned by the next reader of that page. When an index does read such a column (in its key, its INCLUDE
-- list, its WHERE or an expression), every index of the table gets a new entry at every update, and the dead versions
-- and their entries stay until VACUUM: every reader walks them.
--
-- A room changes status three or four times a meeting (reserved, in a meeting, then available, or cleaning and then
-- available), and three indexes read its status, status_changed_at or cleaning_until, so none of those updates was
-- HOT: after two minutes of the queue benchmark (50 offices, two rooms each) the room table held 21,894 dead versions
-- of its 100 rows on 87 pages, and "next" found an office's two free rooms among 147 index entries (bench/README).
-- An office has a handful of rooms: reading all of them by office and filtering or sorting them there costs less
-- than those entries did. The cleaning sweep, the one reader across offices, reads the whole table every 10 s (about
-- a thousand rooms nationally, a few dozen pages).
DROP INDEX room_available_idx;
DROP INDEX room_cleaning_due_idx;
DROP INDEX room_office_status_idx;
CREATE INDEX room_office_idx ON room (office_id);
-- Room for a new version on the row's own page from the first update on (rows inserted from now on; a row on a full
-- page moves once, then stays).
ALTER TABLE room SET (fillfactor = 50);

-- Every booking adds one to its officer's day load; V24's index kept that count in its INCLUDE list for an index-only
-- scan, which made each of those updates write both indexes. The index-only scan fetched every row from the heap all
-- the same (a table updated this often is never all-visible), so the pick reads the same pages without it.
DROP INDEX officer_day_load_agency_day_idx;
CREATE INDEX officer_day_load_agency_day_idx ON officer_day_load (agency_code, day);
ALTER TABLE officer_day_load SET (fillfactor = 70);
