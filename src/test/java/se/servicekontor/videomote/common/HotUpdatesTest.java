package se.servicekontor.videomote.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import se.servicekontor.videomote.testing.Sql;

/**
 * The rows the write path changes at every booking, ticket, call or meeting are changed in place (V25): PostgreSQL
 * keeps an update on the row's page without new index entries (HOT) only while no index reads a column the update
 * changes, in its key, INCLUDE list, WHERE clause or expressions. One index that reads such a column turns every
 * one of those updates into new entries in every index of the table, which stay, with the dead versions they point
 * to, until VACUUM. Nothing fails when that happens, it only gets slower all day, so this test names the columns
 * and checks the indexes, and has PostgreSQL count the HOT updates of the two tables V25 changed.
 */
@QuarkusTest
class HotUpdatesTest {

    /** Per table, the columns its frequent updates change (the statements named in the comments). */
    private static final Map<String, List<String>> CHANGED = Map.of(
            // A room's status changes (RoomQueries, "next", start, complete, the cleaning sweep).
            "room", List.of("status", "status_changed_at", "cleaning_until"),
            // An officer's presence (OfficerQueries, "next", complete).
            "case_officer", List.of("presence", "presence_changed_at"),
            // Each booking, move and cancellation (the officer_day_load triggers).
            "officer_day_load", List.of("bookings"),
            // Each change's live append; each ticket; each ticket, call and requeue (the count trigger; V26 made the
            // other two waiting counts views of this table).
            "live_stream", List.of("last_seq"),
            "ticket_counter", List.of("last_number"),
            "visit_need_count", List.of("waiting"),
            // Each access-log entry (audit_append).
            "audit_chain", List.of("last_seq", "last_hash", "prev_hash"));

    private static final String INDEXES_READING = """
            SELECT i.indexrelid::regclass::text AS index, a.attname AS col
              FROM pg_index i
              JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum > 0 AND a.attname = ANY (?::text[])
             WHERE i.indrelid = ?::regclass
               AND (a.attnum = ANY (i.indkey::int2[])
                    OR coalesce(pg_get_expr(i.indpred, i.indrelid), '') ~ ('\\m' || a.attname || '\\M')
                    OR coalesce(pg_get_expr(i.indexprs, i.indrelid), '') ~ ('\\m' || a.attname || '\\M'))
             ORDER BY 1, 2""";

    @Test
    void shouldKeepTheColumnsThatFrequentUpdatesChangeOutOfEveryIndex() throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = Sql.connect()) {
            for (var table : CHANGED.entrySet()) {
                for (String[] index : indexesReading(c, table.getKey())) {
                    found.add(table.getKey() + "." + index[1] + " in " + index[0]);
                }
            }
        }

        assertThat(found).as("indexes that make those updates write every index of their table").isEmpty();
    }

    @Test
    void shouldFindTheIndexesThatWouldStopThat() throws SQLException {
        // The check above must be able to fail: an index on a changed column, one that includes it, and one whose
        // WHERE reads it are each found (created and dropped in a transaction nobody else sees).
        List<String> found = new ArrayList<>();
        try (Connection c = Sql.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("""
                        CREATE INDEX hot_check_key ON room (office_id, status);
                        CREATE INDEX hot_check_include ON officer_day_load (day) INCLUDE (bookings);
                        CREATE INDEX hot_check_where ON case_officer (agency_code) WHERE presence = 'AVAILABLE'""");
                for (String table : List.of("room", "officer_day_load", "case_officer")) {
                    for (String[] index : indexesReading(c, table)) {
                        found.add(index[0] + ":" + index[1]);
                    }
                }
            } finally {
                c.rollback();
            }
        }

        assertThat(found).containsExactlyInAnyOrder("hot_check_key:status", "hot_check_include:bookings",
                "hot_check_where:presence");
    }

    @Test
    void shouldUpdateARoomsStatusAndAnOfficersDayLoadInPlace() throws SQLException {
        // PostgreSQL's own count of this transaction's HOT updates, for an update of the columns the service
        // changes: a room reserved, then in a meeting; an officer's day load counted up twice.
        long room;
        long dayLoad;
        try (Connection c = Sql.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("""
                        INSERT INTO agency (code, name, ticket_prefix)
                        SELECT 'hot-check', 'HOT check', x.p
                          FROM (SELECT chr(65 + a) || chr(65 + b) AS p
                                  FROM generate_series(0, 25) a, generate_series(0, 25) b) x
                         WHERE NOT EXISTS (SELECT 1 FROM agency WHERE ticket_prefix = x.p)
                         LIMIT 1;
                        INSERT INTO office (id, name, municipality, kind)
                             VALUES ('hot-check', 'HOT check', 'Kiruna', 'FIXED');
                        INSERT INTO room (id, office_id, name)
                             VALUES ('00000000-0000-0000-0000-00000000c0de', 'hot-check', 'Rum 1');
                        INSERT INTO case_officer (id, agency_code, name)
                             VALUES ('00000000-0000-0000-0000-00000000c0df', 'hot-check', 'Handläggare');
                        INSERT INTO officer_day_load (officer_id, agency_code, day, bookings)
                             VALUES ('00000000-0000-0000-0000-00000000c0df', 'hot-check', DATE '2030-01-02', 1)""");
                for (String status : List.of("RESERVED", "OCCUPIED")) {
                    s.execute("UPDATE room SET status = '" + status + "', status_changed_at = now(), "
                            + "cleaning_until = NULL WHERE id = '00000000-0000-0000-0000-00000000c0de'");
                    s.execute("UPDATE officer_day_load SET bookings = bookings + 1 "
                            + "WHERE officer_id = '00000000-0000-0000-0000-00000000c0df'");
                }
                try (ResultSet rs = s.executeQuery("SELECT pg_stat_get_xact_tuples_hot_updated('room'::regclass), "
                        + "pg_stat_get_xact_tuples_hot_updated('officer_day_load'::regclass)")) {
                    rs.next();
                    room = rs.getLong(1);
                    dayLoad = rs.getLong(2);
                }
            } finally {
                c.rollback();
            }
        }

        assertThat(room).as("HOT updates of the room").isEqualTo(2);
        assertThat(dayLoad).as("HOT updates of the day load").isEqualTo(2);
    }

    /** Index and column, for each index of {@code table} that reads one of the table's {@link #CHANGED} columns. */
    private static List<String[]> indexesReading(Connection c, String table) throws SQLException {
        List<String[]> found = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(INDEXES_READING)) {
            s.setArray(1, c.createArrayOf("text", CHANGED.get(table).toArray()));
            s.setString(2, table);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(new String[] {rs.getString("index"), rs.getString("col")});
                }
            }
        }
        return found;
    }
}
