package se.servicekontor.videomote.bench.harness;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/** Measured HTTP requests on a Vert.x client: the clock starts when the request is handed to its connection. */
public final class Http {

    private Http() {
    }

    /** One request, as a scenario describes it; {@code token} and {@code body} may be null. */
    public record Request(HttpMethod method, String uri, String token, String body) {
    }

    /**
     * One answer. {@code sentNanos} is {@link System#nanoTime()} just before the request was written to a pooled
     * connection (so waiting for a connection is not counted); {@code doneNanos} when the whole body had arrived;
     * {@code status} 0 when there was no answer (timeout, connection error).
     */
    public record Response(int status, String body, long sentNanos, long doneNanos) {

        public boolean ok() {
            return status / 100 == 2;
        }

        public long nanos() {
            return doneNanos - sentNanos;
        }
    }

    /** Sends {@code request}; the future never fails: errors come back as status 0. */
    public static Future<Response> send(HttpClient client, Request request, long timeoutMillis) {
        RequestOptions options = new RequestOptions().setMethod(request.method()).setURI(request.uri())
                .setTimeout(timeoutMillis);
        if (request.token() != null) {
            options.addHeader("Authorization", "Bearer " + request.token());
        }
        if (request.body() != null) {
            options.addHeader("Content-Type", "application/json");
        }
        long[] sent = new long[1];
        return client.request(options)
                .compose(req -> {
                    sent[0] = System.nanoTime();
                    return request.body() == null ? req.send() : req.send(Buffer.buffer(request.body()));
                })
                .compose(resp -> resp.body().map(body -> new Response(resp.statusCode(), body.toString(), sent[0],
                        System.nanoTime())))
                .recover(e -> Future.succeededFuture(new Response(0, e.toString(),
                        sent[0] == 0 ? System.nanoTime() : sent[0], System.nanoTime())));
    }
}
