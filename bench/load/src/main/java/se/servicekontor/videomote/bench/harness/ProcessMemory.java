package se.servicekontor.videomote.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Memory of another JVM on this machine: its resident set ({@code VmRSS} in {@code /proc/<pid>/status}) and its
 * heap in use right after a full collection ({@code jcmd <pid> GC.run}, then {@code GC.heap_info}), so that what is
 * compared is live data, not garbage that happens to be waiting for the next collection.
 */
public final class ProcessMemory {

    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total \\d+K, used (\\d+)K");
    private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");

    private ProcessMemory() {
    }

    /** Bytes; {@code heapUsed} is -1 when {@code jcmd} could not attach. */
    public record Sample(long rss, long heapUsed) {
    }

    /** Collects garbage in {@code pid} (twice, so that finalisable and weakly held objects are gone), then samples. */
    public static Sample afterFullGc(long pid) throws IOException, InterruptedException {
        String gc1 = jcmd(pid, "GC.run");
        jcmd(pid, "GC.run");
        Thread.sleep(500);
        String info = gc1 == null ? null : jcmd(pid, "GC.heap_info");
        long heap = -1;
        if (info != null) {
            Matcher m = HEAP_USED.matcher(info);
            if (m.find()) {
                heap = Long.parseLong(m.group(1)) * 1024;
            }
        }
        return new Sample(rss(pid), heap);
    }

    public static long rss(long pid) throws IOException {
        Matcher m = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
        if (!m.find()) {
            throw new IOException("no VmRSS for pid " + pid);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid), command)
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            System.err.println("jcmd " + pid + " " + command + " failed: " + out.strip());
            return null;
        }
        return out;
    }
}
