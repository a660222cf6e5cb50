package se.servicekontor.videomote.bench.national;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time and memory of the processes under test, read from {@code /proc}: the service's JVM (CPU time and resident
 * set), every PostgreSQL process of the machine (CPU time summed; memory as the sum of proportional set sizes, so that
 * shared buffers count once), and the load generator itself (its CPU competes with both on a small machine).
 */
final class Usage {

    private static final Pattern PSS = Pattern.compile("Pss:\\s+(\\d+) kB");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    /** USER_HZ of Linux on every architecture we run on. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** CPU seconds consumed so far and memory now, in bytes. */
    record Sample(long nanos, double serviceCpu, long serviceRss, double postgresCpu, long postgresPss, double loadCpu) {

        /** Average CPU of each side between {@code earlier} and this sample, in cores (1.0 = one core busy). */
        double[] coresSince(Sample earlier) {
            double seconds = (nanos - earlier.nanos) / 1e9;
            return new double[] { (serviceCpu - earlier.serviceCpu) / seconds,
                    (postgresCpu - earlier.postgresCpu) / seconds, (loadCpu - earlier.loadCpu) / seconds };
        }
    }

    private final long servicePid;
    private final long selfPid = ProcessHandle.current().pid();

    Usage(long servicePid) {
        this.servicePid = servicePid;
    }

    Sample sample() {
        double pgCpu = 0;
        long pgPss = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    if (!"postgres".equals(Files.readString(p.resolve("comm")).strip())) {
                        continue;
                    }
                    pgCpu += cpuSeconds(p);
                    Matcher m = PSS.matcher(Files.readString(p.resolve("smaps_rollup")));
                    if (m.find()) {
                        pgPss += Long.parseLong(m.group(1)) * 1024;
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended while it was read
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc", e);
        }
        return new Sample(System.nanoTime(), servicePid > 0 ? cpuSeconds(Path.of("/proc", Long.toString(servicePid))) : 0,
                servicePid > 0 ? rss(servicePid) : 0, pgCpu, pgPss, cpuSeconds(Path.of("/proc", Long.toString(selfPid))));
    }

    /** utime + stime of a process (fields 14 and 15 of /proc/PID/stat, after the command in parentheses). */
    private static double cpuSeconds(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long rss(long pid) {
        try {
            Matcher m = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
            return m.find() ? Long.parseLong(m.group(1)) * 1024 : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
