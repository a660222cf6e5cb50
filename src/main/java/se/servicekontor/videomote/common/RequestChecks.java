package se.servicekontor.videomote.common;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.quarkus.logging.Log;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import se.servicekontor.videomote.common.Problem.FieldError;

/**
 * Checks of every request that no resource method should have to repeat: no control character in a path or query
 * parameter (400 problem+json naming it, before any query reaches the database), and a body announced larger than
 * {@code quarkus.http.limits.max-body-size} refused with 413 problem+json before it is read; a request line longer than
 * {@code videomote.http.max-request-line} answers 414 and request headers larger than {@code videomote.http.max-header-size}
 * answer 431, both problem+json.
 *
 * <p>Why 414 and 431 are checked here and not by Vert.x: a request its HTTP codec refuses never reaches a route, and
 * Quarkus offers no hook for Vert.x' {@code invalidRequestHandler}, so those answers have empty bodies (quarkusio/quarkus
 * #55082). The codec's own limits ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) are
 * therefore set well above ours: the codec only cuts what is far out of line (empty body, as before), everything
 * between our limit and its limit gets a problem+json answer.
 *
 * <p>Also the Vert.x-level failure handler for what never reaches a resource method, above all refused WebSocket
 * upgrades: an invalid token answers 401, an unreachable database 503 with {@code Retry-After}, both problem+json and
 * at once, logged as at most one short line per {@link #REFUSAL_LOG_EVERY_NANOS} (never a stack trace: anyone on the
 * network could fill the disk with them).
 */
public class RequestChecks {

    /** Refused upgrades and other failures below REST are logged at most once per this many nanoseconds. */
    static final long REFUSAL_LOG_EVERY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    private final MemorySize maxBodySize;
    private final int maxRequestLine;
    private final long maxHeaderSize;
    private final java.util.concurrent.atomic.AtomicLong lastRefusalLog = new java.util.concurrent.atomic.AtomicLong(
            System.nanoTime() - REFUSAL_LOG_EVERY_NANOS);
    private final java.util.concurrent.atomic.AtomicLong unloggedRefusals = new java.util.concurrent.atomic.AtomicLong();

    RequestChecks(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBodySize,
            @ConfigProperty(name = "videomote.http.max-request-line", defaultValue = "4096") int maxRequestLine,
            @ConfigProperty(name = "videomote.http.max-header-size", defaultValue = "20K") MemorySize maxHeaderSize) {
        this.maxBodySize = maxBodySize;
        this.maxRequestLine = maxRequestLine;
        this.maxHeaderSize = maxHeaderSize.asLongValue();
    }

    @ServerRequestFilter
    public void parameters(ContainerRequestContext request) {
        List<FieldError> errors = new ArrayList<>();
        collect(request.getUriInfo().getPathParameters(), errors);
        collect(request.getUriInfo().getQueryParameters(), errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
    }

    private static void collect(MultivaluedMap<String, String> params, List<FieldError> errors) {
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            if (Text.hasControl(param.getKey(), "")) {
                errors.add(new FieldError("query", "parameter names " + InputRules.CONTROL_MESSAGE));
                continue;
            }
            for (String value : param.getValue()) {
                if (Text.hasControl(value, "")) {
                    errors.add(new FieldError(param.getKey(), InputRules.CONTROL_MESSAGE));
                    break;
                }
            }
        }
    }

    void routes(@Observes Router router) {
        router.route().order(-4).handler(this::headLimits);
        router.route().order(-3).failureHandler(this::failed);
        bodyLimit(router);
    }

    /**
     * A request failed below the REST layer (a WebSocket upgrade check, the body handler, authentication): answer
     * problem+json where we know what it means, else leave it to Quarkus (500, logged with its stack trace).
     */
    private void failed(io.vertx.ext.web.RoutingContext ctx) {
        Throwable failure = ctx.failure();
        String path = Text.forLog(ctx.request().path());
        if (ctx.response().headWritten() || ctx.response().ended()) {
            // Someone (the authentication challenge) has answered already: another answer would only log an error.
            Log.debugf("%s failed after its answer: %s", path, failure == null ? ctx.statusCode() : failure.getClass().getName());
            return;
        }
        if (failure != null && PgErrors.isUnavailable(failure)) {
            logRefusal(path, 503, "database unavailable");
            ctx.response().putHeader("Retry-After", "5");
            answer(ctx, 503, "database-unavailable", "Service Unavailable",
                    "The database is not reachable right now; try again shortly.");
        } else if (failure instanceof io.quarkus.security.AuthenticationFailedException
                || failure instanceof io.quarkus.security.UnauthorizedException) {
            logRefusal(path, 401, "no valid bearer token");
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            answer(ctx, 401, "unauthenticated", "Unauthorized", "A valid bearer token is required.");
        } else if (failure instanceof io.quarkus.security.ForbiddenException) {
            logRefusal(path, 403, "forbidden");
            answer(ctx, 403, "forbidden", "Forbidden", "Your role does not allow this operation.");
        } else if (failure == null && ctx.statusCode() == 413) {
            answer(ctx, 413, "payload-too-large", "Payload Too Large",
                    "The request body is larger than " + maxBodySize.asLongValue() + " bytes.");
        } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            String reason = io.netty.handler.codec.http.HttpResponseStatus.valueOf(ctx.statusCode()).reasonPhrase();
            answer(ctx, ctx.statusCode(), "http-" + ctx.statusCode(), reason, reason + ".");
        } else {
            ctx.next();
        }
    }

    /** One short line, at most once per interval; the lines skipped in between are counted in the next one. */
    private void logRefusal(String path, int status, String why) {
        long now = System.nanoTime();
        long last = lastRefusalLog.get();
        if (now - last < REFUSAL_LOG_EVERY_NANOS || !lastRefusalLog.compareAndSet(last, now)) {
            unloggedRefusals.incrementAndGet();
            return;
        }
        long skipped = unloggedRefusals.getAndSet(0);
        Log.infof("Refused %s with %d: %s%s", path, status, why,
                skipped == 0 ? "" : " (and " + skipped + " more refusals not logged)");
    }

    private static void answer(io.vertx.ext.web.RoutingContext ctx, int status, String slug, String title, String detail) {
        JsonObject problem = new JsonObject().put("type", ProblemMappers.TYPE_PREFIX + slug).put("title", title)
                .put("status", status).put("detail", detail).put("instance", ctx.request().path());
        ctx.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE).end(problem.encode());
    }

    /** 414 for a request line over the limit, 431 for headers over it (as the codec counts them: name, ": ", value, CRLF). */
    private void headLimits(io.vertx.ext.web.RoutingContext ctx) {
        io.vertx.core.http.HttpServerRequest request = ctx.request();
        // METHOD SP request-target SP HTTP/1.1
        int line = request.method().name().length() + request.uri().length() + 10;
        if (line > maxRequestLine) {
            Log.debugf("Refused a request line of %d characters", line);
            ctx.response().putHeader("Connection", "close");
            answer(ctx, 414, "uri-too-long", "URI Too Long",
                    "The request line is longer than " + maxRequestLine + " characters; send long input in a body.");
            return;
        }
        long headers = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headers += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headers > maxHeaderSize) {
            Log.debugf("Refused %d bytes of request headers on %s", headers, Text.forLog(request.path()));
            ctx.response().putHeader("Connection", "close");
            answer(ctx, 431, "request-header-fields-too-large", "Request Header Fields Too Large",
                    "The request headers are larger than " + maxHeaderSize + " bytes.");
            return;
        }
        ctx.next();
    }

    /** Runs just before Quarkus' own upload limit, which answers 413 with an empty body. */
    private void bodyLimit(Router router) {
        long limit = maxBodySize.asLongValue();
        router.route().order(-3).handler(ctx -> {
            String length = ctx.request().getHeader("Content-Length");
            long announced;
            try {
                announced = length == null ? -1 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                announced = -1;
            }
            if (announced <= limit) {
                ctx.next();
                return;
            }
            Log.debugf("Refused a body of %d bytes on %s", announced, Text.forLog(ctx.request().path()));
            ctx.response().putHeader("Connection", "close");
            answer(ctx, 413, "payload-too-large", "Payload Too Large", "The request body is larger than " + limit + " bytes.");
        });
    }
}
