package se.servicekontor.videomote;

import java.nio.file.Path;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import se.servicekontor.videomote.local.LocalKeys;
import se.servicekontor.videomote.local.LocalPostgres;

/**
 * Starts the service. In demo mode ({@code quarkus.profile=demo}) it first prepares what a person trying it out
 * lacks: a PostgreSQL (found, or started under {@code .videomote/postgres}) and a token signing key. In every other
 * profile it starts nothing and takes its datasource and keys from configuration.
 */
@QuarkusMain
public class Main {

    static final Path LOCAL_DIR = Path.of(".videomote");

    public static void main(String... args) {
        String profile = System.getProperty("quarkus.profile", System.getenv().getOrDefault("QUARKUS_PROFILE", "prod"));
        LocalPostgres.Server started = "demo".equals(profile) ? prepareDemo() : null;
        if (started == null) {
            Quarkus.run(args);
            return;
        }
        Quarkus.run(Service.class, (exitCode, failure) -> {
            if (failure != null) {
                // A custom exit handler replaces Quarkus' own report of a failed start.
                System.err.println("Videomöte failed to start:");
                failure.printStackTrace();
            }
            LocalPostgres.stop(started); // after the application has shut down, never before
            System.exit(exitCode);
        }, args);
    }

    /** Runs until asked to stop. */
    public static class Service implements QuarkusApplication {
        @Override
        public int run(String... args) {
            Quarkus.waitForExit();
            return 0;
        }
    }

    /** Returns the cluster this method started, or null when it used a server that was already there. */
    private static LocalPostgres.Server prepareDemo() {
        LocalKeys.ensure(LOCAL_DIR.resolve("keys"));
        if (configured("quarkus.datasource.reactive.url")) {
            return null;
        }
        LocalPostgres.Server server = LocalPostgres.findOrStart(LOCAL_DIR.resolve("postgres"));
        LocalPostgres.createDatabase(server, "videomote");
        server.datasourceProperties("videomote").forEach(System::setProperty);
        return server.startedByUs() ? server : null;
    }

    private static boolean configured(String property) {
        String env = property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
        return System.getProperty(property) != null || System.getenv(env) != null;
    }
}
