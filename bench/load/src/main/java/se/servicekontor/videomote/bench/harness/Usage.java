package se.servicekontor.videomote.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CPU time and memory of the processes under test, read from {@code /proc}: the service's JVM (CPU time, the part of
 * it its JIT compiler threads spent, and resident set), every PostgreSQL process of the machine (CPU time summed;
 * memory as the sum of proportional set sizes, so that shared buffers count once), and the load generator itself (its
 * CPU competes with both on a small machine). PostgreSQL's CPU counts its backends that have ended too (their time is
 * added to the postmaster's children's time when it reaps them).
 */
public final class Usage {

    private static final Pattern PSS = Pattern.compile("Pss:\\s+(\\d+) kB");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    /** USER_HZ of Linux on every architecture we run on. */
    private static final double TICKS_PER_SECOND = 100.0;

    /** CPU seconds consumed so far and memory now, in bytes. */
    public record Sample(long nanos, double serviceCpu, double serviceJitCpu, long serviceRss, double postgresCpu,
            long postgresPss, double loadCpu) {

        /** Average CPU of each side between {@code earlier} and this sample, in cores (1.0 = one core busy). */
        public double[] coresSince(Sample earlier) {
            double seconds = (nanos - earlier.nanos) / 1e9;
            return new double[] { (serviceCpu - earlier.serviceCpu) / seconds,
                    (postgresCpu - earlier.postgresCpu) / seconds, (loadCpu - earlier.loadCpu) / seconds };
        }
    }

    private final long servicePid;
    private final long selfPid = ProcessHandle.current().pid();

    public Usage(long servicePid) {
        this.servicePid = servicePid;
    }

    public Sample sample() {
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
                    pgCpu += cpuSeconds(p) + childrenCpuSeconds(p);
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
        Path service = Path.of("/proc", Long.toString(servicePid));
        return new Sample(System.nanoTime(), servicePid > 0 ? cpuSeconds(service) : 0,
                servicePid > 0 ? jitSeconds(service) : 0, servicePid > 0 ? rss(servicePid) : 0, pgCpu, pgPss,
                cpuSeconds(Path.of("/proc", Long.toString(selfPid))));
    }

    /**
     * cutime + cstime (fields 16 and 17): the CPU time of the process's children that have ended. For the postmaster
     * that is every backend that has disconnected (pgbench's, for one), whose own entries are gone from /proc.
     */
    private static double childrenCpuSeconds(Path proc) {
        return statSeconds(proc, 16);
    }

    /** CPU time of the JVM's JIT compiler threads ("C1 CompilerThre", "C2 CompilerThre": names cut at 15 bytes). */
    private static double jitSeconds(Path proc) {
        double seconds = 0;
        try (Stream<Path> tasks = Files.list(proc.resolve("task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        seconds += cpuSeconds(task);
                    }
                } catch (IOException | RuntimeException gone) {
                    // the thread ended while it was read
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return seconds;
    }

    /** utime + stime of a process or thread (fields 14 and 15 of /proc/PID/stat). */
    private static double cpuSeconds(Path proc) {
        return statSeconds(proc, 14);
    }

    /**
     * Fields {@code field} and {@code field + 1} of /proc/PID/stat (numbered from 1, as in proc(5)) summed, in seconds;
     * 0 for a process that has gone. Fields are counted after the command, which is in parentheses and may hold spaces.
     */
    private static double statSeconds(Path proc, int field) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (the state).
            return (Long.parseLong(f[field - 3]) + Long.parseLong(f[field - 2])) / TICKS_PER_SECOND;
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
