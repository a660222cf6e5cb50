package se.servicekontor.videomote.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import se.servicekontor.videomote.local.LocalKeys;
import se.servicekontor.videomote.local.LocalPostgres;

/**
 * Gives each test run its own fresh database: on the server named by {@code PG*} variables, else on
 * 127.0.0.1:5432, else on a throwaway cluster started from the installed binaries. Also generates the run's token
 * signing key. Everything is removed when the run ends.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private LocalPostgres.Server server;
    private String database;
    private Path keys;
    private Path clusterDir;

    @Override
    public Map<String, String> start() {
        // Created only if a cluster of our own is started in it: nothing is left in the temp directory otherwise.
        clusterDir = Path.of(System.getProperty("java.io.tmpdir"), "videomote-test-pg-" + java.util.UUID.randomUUID());
        keys = Path.of("target", "test-keys");
        deleteQuietly(keys); // a fresh key pair per run; application.properties (%test) points here
        server = LocalPostgres.findOrStart(clusterDir);
        database = "videomote_test_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")) + "_"
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        LocalPostgres.createDatabase(server, database);
        LocalKeys.ensure(keys);
        Map<String, String> config = new HashMap<>(server.datasourceProperties(database));
        System.setProperty("videomote.test.database", database);
        // For Sql in threads whose config has no test-resource properties (a jqwik engine launched from a test,
        // after a test profile restarted the application).
        config.forEach((key, value) -> {
            if (key.startsWith("quarkus.datasource.") && value != null) {
                System.setProperty("videomote.test." + key, value);
            }
        });
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            LocalPostgres.dropDatabase(server, database);
            LocalPostgres.stop(server);
            LocalPostgres.delete(server);
        }
        deleteQuietly(clusterDir);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
