package se.servicekontor.videomote.bench.harness;

/**
 * One benchmark: measures the service and its in-run baseline and prints both with their ratio. Servers, database and
 * keys are set up by the benchmark's script ({@code bench/<name>.sh}), which passes their coordinates as options.
 */
public interface Scenario {

    /** Runs the benchmark; returns the process exit status (0 when every figure could be measured). */
    int run(Args args) throws Exception;
}
