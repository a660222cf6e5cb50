package se.servicekontor.videomote.bookings;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.core.http.HttpServerRequest;
import se.servicekontor.videomote.common.RateLimiter;
import se.servicekontor.videomote.common.RateLimiter.Limit;

/**
 * Rate limits of the public endpoints, per client address. The address is the connection's peer; Quarkus replaces it
 * with the forwarded client only when {@code quarkus.http.proxy.proxy-address-forwarding} is enabled, so a client
 * cannot pick its own bucket with a made-up {@code X-Forwarded-For} otherwise.
 */
@ApplicationScoped
class PublicClients {

    private final RateLimiter limiter;
    private final Limit availability;
    private final Limit booking;
    private final Limit manage;

    PublicClients(RateLimiter limiter, PublicBookingConfig config) {
        this.limiter = limiter;
        this.availability = new Limit("public-availability", config.availabilityBurst(), config.availabilityPerMinute());
        this.booking = new Limit("public-booking", config.bookingBurst(), config.bookingPerMinute());
        this.manage = new Limit("public-manage", config.manageBurst(), config.managePerMinute());
    }

    /** The client's address, the key of its rate limits and of its idempotency keys. */
    static String address(HttpServerRequest request) {
        var remote = request.remoteAddress();
        return remote == null ? "unknown" : remote.hostAddress();
    }

    void availability(HttpServerRequest request) {
        limiter.check(availability, address(request));
    }

    void booking(HttpServerRequest request) {
        limiter.check(booking, address(request));
    }

    void manage(HttpServerRequest request) {
        limiter.check(manage, address(request));
    }
}
