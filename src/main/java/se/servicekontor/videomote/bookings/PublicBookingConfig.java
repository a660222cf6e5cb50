package se.servicekontor.videomote.bookings;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Self-booking by visitors ({@code videomote.public.*}): rate limits per client address on every
 * {@code /api/v1/public/...} endpoint, and the manage code. The client address is the connection's; behind a reverse
 * proxy set {@code quarkus.http.proxy.proxy-address-forwarding=true} (and {@code allow-x-forwarded=true} and
 * {@code trusted-proxies}) so that it is taken from {@code Forwarded}/{@code X-Forwarded-For}, and never otherwise.
 */
@ConfigMapping(prefix = "videomote.public")
public interface PublicBookingConfig {

    /** Availability look-ups one client may make at once. */
    @WithDefault("20")
    int availabilityBurst();

    /** Availability look-ups one client may make per minute, sustained. */
    @WithDefault("60")
    int availabilityPerMinute();

    /** Bookings one client may make at once. */
    @WithDefault("5")
    int bookingBurst();

    /** Bookings one client may make per minute, sustained. */
    @WithDefault("10")
    int bookingPerMinute();

    /** Reads, cancellations and moves by reference and manage code one client may make at once (guessing codes). */
    @WithDefault("10")
    int manageBurst();

    /** Reads, cancellations and moves by reference and manage code per client and minute, sustained. */
    @WithDefault("20")
    int managePerMinute();

    /**
     * A secret mixed into the stored hash of every manage code (HMAC-SHA256). Optional: a code has 100 random bits,
     * so its plain SHA-256 cannot be reversed either; with a pepper, a stolen database alone does not even allow
     * checking a guess. Changing it voids every manage code already handed out.
     */
    Optional<String> manageCodePepper();
}
