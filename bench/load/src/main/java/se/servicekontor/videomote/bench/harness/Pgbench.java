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
     */
    public record Run(String script, int clients, double rate, Duration duration, Map<String, String> variables) {
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

    public Result run(Run run) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("pgbench");
        try {
            Path script = dir.resolve("script.sql");
            Files.writeString(script, run.script());
            int threads = Math.max(1, Math.min(run.clients(), Runtime.getRuntime().availableProcessors()));
            List<String> command = new ArrayList<>(List.of("pgbench", "-n", "-h", host, "-p", Integer.toString(port),
                    "-U", user, "-M", "prepared", "-c", Integer.toString(run.clients()), "-j", Integer.toString(threads),
                    "-T", Long.toString(Math.max(1, run.duration().toSeconds())), "-f", script.toString(),
                    "-l", "--log-prefix=" + dir.resolve("tx")));
            if (run.rate() > 0) {
                command.addAll(List.of("-R", Double.toString(run.rate())));
            }
            run.variables().forEach((k, v) -> command.addAll(List.of("-D", k + "=" + v)));
            command.add(database);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
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
