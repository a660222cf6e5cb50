package se.servicekontor.videomote.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import se.servicekontor.videomote.bench.booking.BookingScenario;
import se.servicekontor.videomote.bench.harness.Args;
import se.servicekontor.videomote.bench.harness.Keys;
import se.servicekontor.videomote.bench.harness.Scenario;
import se.servicekontor.videomote.bench.harness.Tee;
import se.servicekontor.videomote.bench.national.NationalDayScenario;
import se.servicekontor.videomote.bench.push.BareBroadcastServer;
import se.servicekontor.videomote.bench.push.PushScenario;
import se.servicekontor.videomote.bench.queue.QueueScenario;
import se.servicekontor.videomote.bench.rolling.RollingScenario;

/**
 * Entry point of the load generator: {@code java -jar videomote-load.jar <command> [--option value ...]}. The scripts
 * in {@code bench/} start the servers and call one scenario; a new benchmark is one more scenario here.
 */
public final class Main {

    /** Benchmarks, by the name their script passes. */
    private static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("push", new PushScenario());
        SCENARIOS.put("booking", new BookingScenario());
        SCENARIOS.put("queue", new QueueScenario());
        SCENARIOS.put("rolling", new RollingScenario());
        SCENARIOS.put("national-day", new NationalDayScenario());
    }

    private Main() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            usage();
            System.exit(2);
        }
        String command = argv[0];
        Args args = Args.parse(Arrays.copyOfRange(argv, 1, argv.length));
        switch (command) {
            case "keys" -> Keys.write(Path.of(args.required("dir")));
            case "bare-server" -> BareBroadcastServer.main(args);
            default -> {
                Scenario scenario = SCENARIOS.get(command);
                if (scenario == null) {
                    usage();
                    System.exit(2);
                }
                String results = args.string("results", null);
                if (results != null) {
                    System.setOut(Tee.appendingTo(Path.of(results)));
                }
                int status = scenario.run(args);
                System.out.flush();
                args.rejectUnused();
                System.exit(status);
            }
        }
    }

    private static void usage() {
        System.err.println("usage: videomote-load <command> [--option value ...] [--results FILE]");
        System.err.println("  keys --dir D               write an RSA key pair (private.pem, public.pem) into D");
        System.err.println("  bare-server --port P       the bare Vert.x WebSocket broadcast server (push baseline)");
        SCENARIOS.keySet().forEach(name -> System.err.println("  " + name + " ...                see bench/README.md"));
    }
}
