package se.servicekontor.videomote.testing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import se.servicekontor.videomote.local.LocalKeys;
import se.servicekontor.videomote.local.LocalPostgres;

/**
 * Runs the packaged service ({@code target/quarkus-app}) as separate processes against one fresh database, the
 * way several instances run in production. For integration tests ({@code *IT}), which run after {@code package}.
 */
public final class Instances implements AutoCloseable {

    private static final String PRIVACY_KEY = randomKey();
    private static final String LOOKUP_KEY = randomKey();

    private static String randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public static final String ISSUER = "https://videomote.it";

    private final LocalPostgres.Server server;
    private final String database;
    private final Path keys;
    private final PrivateKey signingKey;
    private final List<Instance> running = new ArrayList<>();
    private final Path clusterDir;

    /** One running instance of the service. */
    public record Instance(String name, int port, Process process) {

        public String url(String path) {
            return "http://localhost:" + port + path;
        }

        /** SIGTERM, as an orchestrator stops a pod; waits for the process to end. */
        public int stop() throws InterruptedException {
            process.destroy();
            return process.waitFor();
        }
    }

    public Instances() throws Exception {
        Path work = Path.of("target", "it-" + UUID.randomUUID().toString().substring(0, 8));
        Files.createDirectories(work);
        // Created only if a cluster of our own is started in it: nothing is left in the temp directory otherwise.
        clusterDir = Path.of(System.getProperty("java.io.tmpdir"), "videomote-it-pg-" + UUID.randomUUID());
        server = LocalPostgres.findOrStart(clusterDir);
        database = "videomote_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        LocalPostgres.createDatabase(server, database);
        keys = work.resolve("keys");
        LocalKeys.ensure(keys);
        String pem = Files.readString(keys.resolve("private.pem")).replaceAll("-----[A-Z ]+-----|\\s", "");
        signingKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
    }

    /** Starts an instance and waits until it is ready. */
    public Instance start(String name) throws Exception {
        return start(name, Map.of());
    }

    /** Starts an instance with extra configuration ({@code -Dkey=value}) and waits until it is ready. */
    public Instance start(String name, Map<String, String> properties) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String jar = System.getProperty("videomote.app.jar", "target/quarkus-app/quarkus-run.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + port,
                "-Dmp.jwt.verify.publickey.location=" + keys.resolve("public.pem").toAbsolutePath().toUri(),
                "-Dmp.jwt.verify.issuer=" + ISSUER,
                "-Dquarkus.log.category.\"se.servicekontor\".level=DEBUG",
                // Personal-number keys are required in production: a random pair per run, like the signing key.
                "-Dvideomote.privacy.encryption-keys=it:" + PRIVACY_KEY, "-Dvideomote.privacy.encryption-key-id=it",
                "-Dvideomote.privacy.lookup-key=" + LOOKUP_KEY));
        server.datasourceProperties(database).forEach((k, v) -> command.add("-D" + k + "=" + v));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", jar));
        Path log = keys.getParent().resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Instance instance = new Instance(name, port, process);
        running.add(instance);
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + Files.readString(log));
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(instance.url("/q/health/ready"))).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return instance;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " did not become ready: " + Files.readString(log));
    }

    public String token(String subject, Set<String> groups, String claim, String value) {
        var builder = Jwt.issuer(ISSUER).audience("videomote").subject(subject).groups(groups).expiresIn(Duration.ofHours(1));
        if (claim != null) {
            builder.claim(claim, value);
        }
        return builder.sign(signingKey);
    }

    public String admin() {
        return token("it-admin", Set.of("admin"), null, null);
    }

    public String desk(String office) {
        return token("it-desk", Set.of("desk"), "office", office);
    }

    /** An office and the agency (with one 30-minute service {@code s}) it offers, created through {@code on}. */
    public record AgencyOffice(String agency, String office) {
    }

    public AgencyOffice agencyAndOffice(Instance on) {
        String agency = TestData.slug("it");
        given().baseUri(on.url("")).auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("code", agency, "name", "IT", "ticketPrefix", TestData.ticketPrefix(), "services",
                        List.of(Map.of("code", "s", "name", "S", "durationMinutes", 30))))
                .post("/api/v1/agencies").then().statusCode(201);
        String office = TestData.slug("it-office");
        given().baseUri(on.url("")).auth().oauth2(admin()).contentType(ContentType.JSON)
                .body(Map.of("id", office, "name", "IT", "municipality", "Testby", "kind", "FIXED",
                        "openingHours", List.of(), "agencies", List.of(agency)))
                .post("/api/v1/offices").then().statusCode(201);
        return new AgencyOffice(agency, office);
    }

    public java.sql.Connection sql() throws java.sql.SQLException {
        return LocalPostgres.connect(server, database);
    }

    @Override
    public void close() {
        for (Instance instance : running) {
            instance.process().destroyForcibly();
        }
        for (Instance instance : running) {
            try {
                instance.process().waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        LocalPostgres.dropDatabase(server, database);
        LocalPostgres.stop(server);
        LocalPostgres.delete(server);
        try (var files = Files.exists(clusterDir) ? Files.walk(clusterDir) : java.util.stream.Stream.<Path>empty()) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
