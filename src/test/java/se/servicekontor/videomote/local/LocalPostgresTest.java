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
        Path parent = Files.createTempDirectory("videomote-local-pg");
        try {
            startUseRestartAndRemove(parent.resolve("data"), null);
        } finally {
            Files.deleteIfExists(parent);
        }
        assertThat(parent).doesNotExist();
    }

    /**
     * A machine with only a JDK: the binaries published on Maven Central, extracted from the class path, run the
     * cluster (btree_gist included), as the postgres user when we are root; the shared server is never asked.
     */
    @Test
    void shouldRunAPrivateClusterFromThePublishedBinariesWhereNoneAreInstalled() throws Exception {
        Path bin = LocalPostgres.embeddedBinaries();
        assertThat(bin.resolve("initdb")).isExecutable();
        assertThat(bin.getParent().resolve("share/postgresql/extension/btree_gist.control")).exists();
        assertThat(LocalPostgres.embeddedBinaries()).isEqualTo(bin); // extracted once
        Path parent = Files.createTempDirectory("videomote-local-pg");
        try {
            startUseRestartAndRemove(parent.resolve("data"), bin);
        } finally {
            Files.deleteIfExists(parent);
        }
    }

    private static void startUseRestartAndRemove(Path dir, Path bin) throws Exception {
        LocalPostgres.Server server = bin == null ? LocalPostgres.startCluster(dir) : LocalPostgres.startCluster(dir, bin);
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
                if (bin != null) {
                    try (ResultSet rs = s.executeQuery("SELECT current_setting('server_version')")) {
                        rs.next();
                        assertThat(rs.getString(1)).startsWith("17.5");
                    }
                }
            }
            LocalPostgres.stop(server);
            assertThat(LocalPostgres.answers(server)).isFalse();

            // A second start reuses the data directory and its port, as demo mode does across restarts.
            LocalPostgres.Server again = bin == null ? LocalPostgres.startCluster(dir) : LocalPostgres.startCluster(dir, bin);
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
