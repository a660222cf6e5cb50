package se.servicekontor.videomote.bench.harness;

import java.util.Locale;

/**
 * Where the machine's CPU went in a measured window, per operation (a booking, a queue cycle, a pgbench transaction):
 * milliseconds of CPU of the service's JVM (and the part its JIT compiler took), of every PostgreSQL process, and of
 * the load generator. On a machine where all three share the cores, this is what decides throughput: a side that
 * spends more per operation than another is where less work would pay. Read from {@code /proc} ({@link Usage});
 * pgbench's own CPU is not counted.
 */
public final class CpuTable {

    private final Table table = new Table("target", "ops", "window s", "cores busy", "service ms/op", "of it JIT",
            "PostgreSQL ms/op", "load generator ms/op");

    /** One target's window: {@code ops} operations finished in it. Nothing is added when {@code cpu} is null. */
    public CpuTable row(String target, long ops, ClosedLoop.Cpu cpu) {
        if (cpu != null) {
            table.row(target, ops, String.format(Locale.ROOT, "%.1f", cpu.seconds()),
                    String.format(Locale.ROOT, "%.0f%%", 100 * cpu.busy()), cpu.msPer(cpu.service(), ops),
                    cpu.msPer(cpu.serviceJit(), ops), cpu.msPer(cpu.postgres(), ops), cpu.msPer(cpu.load(), ops));
        }
        return this;
    }

    @Override
    public String toString() {
        return table.toString();
    }
}
