package se.servicekontor.videomote.local;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.Priority;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Loads the demo data when the service runs in demo mode, once, into an empty database, and tops up officers'
 * shifts and the mobile office's stops for the coming weeks at every start. Start-up code, so blocking JDBC is fine.
 */
@ApplicationScoped
public class DemoData {

    private static final String SHIFTS = """
            INSERT INTO officer_shift (id, officer_id, starts_at, ends_at)
            SELECT gen_random_uuid(), o.id,
                   (d + time '08:00') AT TIME ZONE 'Europe/Stockholm', (d + time '17:00') AT TIME ZONE 'Europe/Stockholm'
            FROM case_officer o
            CROSS JOIN generate_series(?::date, ?::date, interval '1 day') AS g(ts)
            CROSS JOIN LATERAL (SELECT g.ts::date AS d) day
            WHERE extract(isodow FROM d) <= 5
              AND NOT EXISTS (SELECT 1 FROM officer_shift s WHERE s.officer_id = o.id
                              AND tstzrange(s.starts_at, s.ends_at) && tstzrange((d + time '08:00') AT TIME ZONE 'Europe/Stockholm',
                                                                                 (d + time '17:00') AT TIME ZONE 'Europe/Stockholm'))""";

    private static final String STOPS = """
            INSERT INTO office_stop (id, office_id, date, place, opens, closes)
            SELECT gen_random_uuid(), o.id, d,
                   (ARRAY['Tensta centrum', 'Husby torg', 'Rinkeby torg', 'Akalla centrum', 'Hjulsta'])[extract(isodow FROM d)::int],
                   time '10:00', time '15:00'
            FROM office o
            CROSS JOIN generate_series(?::date, ?::date, interval '1 day') AS g(ts)
            CROSS JOIN LATERAL (SELECT g.ts::date AS d) day
            WHERE o.kind = 'MOBILE' AND extract(isodow FROM d) <= 5
              AND NOT EXISTS (SELECT 1 FROM office_stop s WHERE s.office_id = o.id AND s.date = d)""";

    private final AgroalDataSource dataSource;
    private final DemoConfig config;
    private final Clock clock;

    public DemoData(AgroalDataSource dataSource, DemoConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Europe/Stockholm")));
        LocalDate until = today.plusDays(config.daysAhead());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            boolean empty;
            try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT NOT EXISTS (SELECT 1 FROM agency)")) {
                rs.next();
                empty = rs.getBoolean(1);
            }
            if (empty) {
                try (var in = DemoData.class.getResourceAsStream("/demo/demo-data.sql"); Statement s = c.createStatement()) {
                    s.execute(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                }
                Log.info("Demo mode: loaded demo agencies, offices, rooms and officers");
            }
            int shifts = topUp(c, SHIFTS, today, until);
            int stops = topUp(c, STOPS, today, until);
            c.commit();
            Log.infof("Demo mode: %d shifts and %d mobile-office stops added up to %s; ready tokens at /demo/tokens",
                    shifts, stops, until);
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("Could not load demo data", e);
        }
    }

    private static int topUp(Connection c, String sql, LocalDate from, LocalDate until) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, from);
            s.setObject(2, until);
            return s.executeUpdate();
        }
    }
}
