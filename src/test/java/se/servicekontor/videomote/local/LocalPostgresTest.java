package se.servicekontor.videomote.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

/**
 * The fallback used when no PostgreSQL answers (a fresh CI machine, or a laptop without a server): a private
 * cluster from the installed binaries, started as the postgres user when we are root, and removed afterwards.
 */
class LocalPostgresTest {

    @Test
    void shouldStartUseRestartAndRemoveAPrivateCluster() throws Exception {
        Path dir = Files.createTempDirectory("videomote-local-pg").resolve("data");
        LocalPostgres.Server server = LocalPostgres.startCluster(dir);
        try {
            assertThat(server.startedByUs()).isTrue();
            assertThat(LocalPostgres.answers(server)).isTrue();
            LocalPostgres.createDatabase(server, "videomote_local_test");
            try (Connection c = LocalPostgres.connect(server, "videomote_local_test"); Statement s = c.createStatement()) {
                s.execute("CREATE EXTENSION IF NOT EXISTS btree_gist");
                try (ResultSet rs = s.executeQuery("SELECT current_setting('listen_addresses')")) {
                    rs.next();
                    assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
                }
            }
            LocalPostgres.stop(server);
            assertThat(LocalPostgres.answers(server)).isFalse();

            // A second start reuses the data directory and its port, as demo mode does across restarts.
            LocalPostgres.Server again = LocalPostgres.startCluster(dir);
            assertThat(again.port()).isEqualTo(server.port());
            try (Connection c = LocalPostgres.connect(again, "videomote_local_test")) {
                assertThat(c.isValid(2)).isTrue();
            }
        } finally {
            LocalPostgres.stop(server);
            LocalPostgres.delete(server);
        }
        assertThat(server.dataDir()).doesNotExist();
    }
}
