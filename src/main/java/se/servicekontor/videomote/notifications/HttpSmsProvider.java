package se.servicekontor.videomote.notifications;

import java.net.URI;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * The SMS API shape most providers offer: {@code POST {base-url}/messages} with {@code Authorization: Bearer <token>},
 * {@code Idempotency-Key: <reference>} and JSON {@code {"from", "to", "text", "reference"}}; any 2xx means accepted.
 * 408, 429 and 5xx, time-outs and connection errors are worth another attempt; other 4xx are not. The reference (the
 * message id) is sent on every attempt, so a provider that deduplicates by it never sends a message twice when an
 * attempt's answer was lost.
 */
@ApplicationScoped
class HttpSmsProvider implements SmsProvider {

    private final NotificationConfig config;
    private final WebClient client;

    HttpSmsProvider(Vertx vertx, NotificationConfig config) {
        this.config = config;
        this.client = WebClient.create(vertx, new WebClientOptions().setUserAgent("videomote")
                .setConnectTimeout((int) config.sendTimeout().toMillis()));
    }

    @Override
    public Uni<Void> send(Sms sms) {
        URI base = config.sms().baseUrl().orElseThrow(() -> new DeliveryException("no SMS provider configured", true));
        String url = base.toString().replaceAll("/+$", "") + "/messages";
        var request = client.postAbs(url).timeout(config.sendTimeout().toMillis())
                .putHeader("Idempotency-Key", sms.reference())
                .putHeader("Content-Type", "application/json");
        config.sms().token().ifPresent(token -> request.bearerTokenAuthentication(token));
        JsonObject body = new JsonObject().put("from", config.sms().sender()).put("to", sms.to())
                .put("text", sms.text()).put("reference", sms.reference());
        return request.sendJsonObject(body)
                .onFailure(e -> !(e instanceof DeliveryException)).transform(e -> new DeliveryException(
                        e instanceof TimeoutException || e.getClass().getSimpleName().contains("Timeout")
                                ? "SMS provider: timeout"
                                : "SMS provider: " + e.getClass().getSimpleName(), false))
                .map(response -> {
                    int status = response.statusCode();
                    if (status >= 200 && status < 300) {
                        return null;
                    }
                    boolean retry = status == 408 || status == 429 || status >= 500;
                    throw new DeliveryException("SMS provider: HTTP " + status, !retry);
                });
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
