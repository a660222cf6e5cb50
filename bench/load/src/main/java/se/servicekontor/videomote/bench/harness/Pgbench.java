package se.servicekontor.videomote.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs {@code pgbench} with a custom script against the benchmark's database: the "what PostgreSQL alone can do"
 * baseline. Latencies come from pgbench's per-transaction log ({@code -l}), so percentiles are exact, not derived
 * from an average.
 *
 * @param host     PostgreSQL host
 * @param port     PostgreSQL port
 * @param user     role
 * @param database the benchmark's database (the service's, so the baseline runs on the same tables and settings)
 */
public record Pgbench(String host, int port, String user, String database) {

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");

    /**
     * One run.
     *
     * @param script   pgbench script text (one transaction; {@code :name} variables from {@code variables})
     * @param clients  concurrent clients ({@code -c}); threads are {@code min(clients, cores)}
     * @param rate     transactions per second over all clients ({@code -R}), or 0 for as fast as possible
     * @param duration {@code -T}
     * @param keep     if not null, the script and pgbench's output are kept as {@code <keep>.sql} and
     *                 {@code <keep>.out} (with per-statement latencies, {@code -r}), so the run can be read afterwards
     */
    public record Run(String script, int clients, double rate, Duration duration, Map<String, String> variables,
            Path keep) {

        public Run(String script, int clients, double rate, Duration duration, Map<String, String> variables) {
            this(script, clients, rate, duration, variables, null);
        }
    }

    /** What a run measured: throughput, per-transaction latency (including schedule lag under {@code -R}), failures. */
    public record Result(double tps, Latency latency, long transactions, long skipped, String output) {
    }

    /** Runs SQL through psql (setup for a pgbench script); fails on any error. */
    public void sql(String sql) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p",
                Integer.toString(port), "-U", user, "-d", database, "-c", sql).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("psql failed: " + out);
        }
    }

    /** Runs a query through psql; its rows, columns split (no row or column may contain the unit separator). */
    public List<String[]> query(String sql) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("psql", "-X", "-q", "-A", "-t", "-F", "\u001f", "-v", "ON_ERROR_STOP=1", "-h",
                host, "-p", Integer.toString(port), "-U", user, "-d", database, "-c", sql).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("psql failed: " + err + out);
        }
        List<String[]> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isEmpty()) {
                rows.add(line.split("\u001f", -1));
            }
        }
        return rows;
    }

    /** A query's single value (first column of the first row), or null when there is no row. */
    public String value(String sql) throws IOException, InterruptedException {
        List<String[]> rows = query(sql);
        return rows.isEmpty() ? null : rows.get(0)[0];
    }

    public Result run(Run run) throws IOException, InterruptedException {
        // pgbench replaces ":name" everywhere, also inside string literals: refuse a script where that would happen.
        Matcher literal = Pattern.compile("'[^']*'").matcher(run.script());
        while (literal.find()) {
            if (Pattern.compile("(?<!:):[A-Za-z0-9_]").matcher(literal.group()).find()) {
                throw new IllegalArgumentException("pgbench would read a variable inside the literal " + literal.group()
                        + "; build it with || instead");
            }
        }
        Path dir = Files.createTempDirectory("pgbench");
        try {
            Path script = dir.resolve("script.sql");
            Files.writeString(script, run.script());
            int threads = Math.max(1, Math.min(run.clients(), Runtime.getRuntime().availableProcessors()));
            List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-h", host, "-p", Integer.toString(port),
                    "-U", user, "-M", "prepared", "-c", Integer.toString(run.clients()), "-j", Integer.toString(threads),
                    "-T", Long.toString(Math.max(1, run.duration().toSeconds())), "-f", script.toString(),
                    "-l", "--log-prefix=" + dir.resolve("tx")));
            if (run.keep() != null) {
                command.add("-r");
            }
            if (run.rate() > 0) {
                command.addAll(List.of("-R", Double.toString(run.rate())));
            }
            run.variables().forEach((k, v) -> command.addAll(List.of("-D", k + "=" + v)));
            command.add(database);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int status = p.waitFor();
            if (run.keep() != null) {
                Files.writeString(Path.of(run.keep() + ".sql"), run.script());
                // The command as a shell line that runs the kept script again (without the transaction log).
                List<String> again = new ArrayList<>();
                for (int i = 0; i < command.size(); i++) {
                    String arg = command.get(i);
                    if (arg.equals("-l") || arg.startsWith("--log-prefix=")) {
                        continue;
                    }
                    again.add(arg.equals(script.toString()) ? run.keep() + ".sql" : arg);
                }
                Files.writeString(Path.of(run.keep() + ".out"), "# " + again.stream()
                        .map(a -> a.matches("[A-Za-z0-9_./=:,{}-]+") ? a : "'" + a.replace("'", "'\\''") + "'")
                        .collect(java.util.stream.Collectors.joining(" ")) + "\n\n" + out);
            }
            if (status != 0) {
                throw new IOException("pgbench failed: " + out);
            }
            Matcher m = TPS.matcher(out);
            double tps = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
            Latency latency = new Latency();
            long[] skipped = new long[1];
            try (Stream<Path> logs = Files.list(dir)) {
                for (Path log : logs.filter(f -> f.getFileName().toString().startsWith("tx")).toList()) {
                    // client_id transaction_no time script_no time_epoch time_us [schedule_lag]; time is µs or "skipped"
                    for (String line : Files.readAllLines(log)) {
                        String[] f = line.trim().split("\\s+");
                        if (f.length < 3) {
                            continue;
                        }
                        if (f[2].equals("skipped") || f[2].equals("failed")) {
                            skipped[0]++;
                        } else {
                            latency.recordMicros(Long.parseLong(f[2]));
                        }
                    }
                }
            }
            return new Result(tps, latency, latency.count(), skipped[0], out);
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }
}
