package se.servicekontor.videomote.bench.push;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import se.servicekontor.videomote.bench.harness.Args;

/**
 * The push benchmark's baseline: the least a Vert.x server must do to broadcast a message to WebSocket clients. No
 * database, no event log, no authentication: {@code POST /publish?stream=&type=} with the event's data as body wraps
 * it in the service's envelope {@code {"stream","seq","type","at","data"}} and writes it to every client, each on its
 * own event loop; {@code POST /publish-all?stream=} does the same for several messages in a row, one per body line as
 * {@code type TAB data} (a cause after which the service pushes more than one message). A client gets a snapshot
 * message first, like the service's, and is pinged as often. Runs as its own process, with the same JVM options as the
 * service.
 */
public final class BareBroadcastServer {

    private static final ZoneId ZONE = ZoneId.of("Europe/Stockholm");

    /** All event loops' clients and the sequence counter; publishing is serialised so every loop sees seq in order. */
    private static final class Hub {

        private final List<Loop> loops = new CopyOnWriteArrayList<>();
        private long seq;

        synchronized void publish(String stream, String type, String data) {
            long s = ++seq;
            String message = "{\"stream\":\"" + stream + "\",\"seq\":" + s + ",\"type\":\"" + type + "\",\"at\":\""
                    + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(Instant.now(), ZONE))
                    + "\",\"data\":" + data + "}";
            for (Loop loop : loops) {
                loop.context.runOnContext(v -> loop.broadcast(s, message));
            }
        }

        synchronized long seq() {
            return seq;
        }

        int connections() {
            return loops.stream().mapToInt(l -> l.clients.size()).sum();
        }
    }

    /** One event loop and the clients it serves; touched only on that loop. */
    private static final class Loop {

        private final Context context;
        private final Set<Client> clients = new LinkedHashSet<>();

        Loop(Context context) {
            this.context = context;
        }

        void broadcast(long seq, String message) {
            for (Client c : clients) {
                if (c.after < seq) {
                    c.socket.writeTextMessage(message);
                }
            }
        }
    }

    /** A client and the seq of its snapshot: broadcasts queued before it joined are not sent to it twice. */
    private static final class Client {

        private final ServerWebSocket socket;
        private final long after;

        Client(ServerWebSocket socket, long after) {
            this.socket = socket;
            this.after = after;
        }
    }

    private static final class Server extends AbstractVerticle {

        private final Hub hub;
        private final int port;
        private final Duration ping;

        Server(Hub hub, int port, Duration ping) {
            this.hub = hub;
            this.port = port;
            this.ping = ping;
        }

        @Override
        public void start(io.vertx.core.Promise<Void> started) {
            Loop loop = new Loop(context);
            hub.loops.add(loop);
            if (!ping.isZero()) {
                Buffer payload = Buffer.buffer("ping");
                vertx.setPeriodic(ping.toMillis(), id -> loop.clients.forEach(c -> c.socket.writePing(payload)));
            }
            vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port))
                    .webSocketHandler(socket -> {
                        if (!socket.path().startsWith("/ws/")) {
                            socket.reject(404);
                            return;
                        }
                        long after = hub.seq();
                        Client client = new Client(socket, after);
                        loop.clients.add(client);
                        socket.closeHandler(v -> loop.clients.remove(client));
                        socket.exceptionHandler(e -> {
                        });
                        socket.handler(b -> {
                        });
                        socket.writeTextMessage("{\"stream\":\"bare\",\"seq\":" + after + ",\"type\":\"snapshot\",\"at\":\""
                                + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(Instant.now(), ZONE))
                                + "\",\"data\":{}}");
                    })
                    .requestHandler(this::request)
                    .listen().<Void>mapEmpty().onComplete(started);
        }

        private void request(HttpServerRequest req) {
            if (req.method() == HttpMethod.POST && req.path().equals("/publish")) {
                String stream = req.getParam("stream", "bare");
                String type = req.getParam("type", "event");
                req.body().onSuccess(body -> {
                    hub.publish(stream, type, body.toString());
                    req.response().setStatusCode(200).end();
                }).onFailure(e -> req.response().setStatusCode(400).end());
            } else if (req.method() == HttpMethod.POST && req.path().equals("/publish-all")) {
                // Several messages, one per line as "type TAB data", broadcast in order.
                String stream = req.getParam("stream", "bare");
                req.body().onSuccess(body -> {
                    for (String line : body.toString().split("\n")) {
                        int tab = line.indexOf('\t');
                        if (tab > 0) {
                            hub.publish(stream, line.substring(0, tab), line.substring(tab + 1));
                        }
                    }
                    req.response().setStatusCode(200).end();
                }).onFailure(e -> req.response().setStatusCode(400).end());
            } else if (req.path().equals("/ready")) {
                req.response().end("{\"status\":\"UP\",\"connections\":" + hub.connections() + "}");
            } else {
                req.response().setStatusCode(404).end();
            }
        }
    }

    private BareBroadcastServer() {
    }

    /** {@code --port P [--event-loops N] [--ping-interval 20]}; event loops default to 2 × cores, as in Quarkus. */
    public static void main(Args args) {
        int port = Integer.parseInt(args.required("port"));
        int loops = args.integer("event-loops", 2 * Runtime.getRuntime().availableProcessors());
        Duration ping = args.seconds("ping-interval", 20);
        args.rejectUnused();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        Hub hub = new Hub();
        vertx.deployVerticle(() -> new Server(hub, port, ping), new DeploymentOptions().setInstances(loops))
                .onSuccess(id -> System.out.println("bare broadcast server on 127.0.0.1:" + port + ", " + loops
                        + " event loops, ping every " + ping.toSeconds() + " s"))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }
}
