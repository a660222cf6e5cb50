package se.servicekontor.videomote.devices;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Paired devices: pairing codes, device tokens, and the limits on what devices and pairing clients may do. */
@ConfigMapping(prefix = "videomote.devices")
public interface DeviceConfig {

    /** How long a pairing code can be used, from when it was issued. */
    @WithDefault("10m")
    Duration pairingCodeTtl();

    /**
     * How long an instance trusts a verified device token without asking the database again. Revocation reaches every
     * instance through the event log at once; this only bounds the damage of a notification that was missed.
     */
    @WithDefault("30s")
    Duration tokenCacheTtl();

    /** Most device tokens an instance keeps verified in memory; beyond that, expired entries are dropped. */
    @WithDefault("10000")
    int tokenCacheSize();

    /** {@code lastSeenAt} is written at most once per this interval per device, never on every request. */
    @WithDefault("1m")
    Duration lastSeenInterval();

    /** Limits on pairing attempts. */
    Pairing pairing();

    /** Limits on tickets created by one kiosk. */
    Tickets tickets();

    /** Pairing attempts: a first line in memory per instance, and counts in the database that hold across instances. */
    interface Pairing {

        /** Attempts one client address may make at once on one instance (in memory, checked first). */
        @WithDefault("10")
        int burst();

        /** Attempts per minute one client address regains on one instance. */
        @WithDefault("5")
        int perMinute();

        /** The fixed window over which the database counts attempts per client and failures of all clients. */
        @WithDefault("10m")
        Duration window();

        /** Attempts one client address may make per window on all instances together. */
        @WithDefault("20")
        int maxPerClient();

        /**
         * Failed attempts of all clients together per window, on all instances: the ceiling that keeps guessing
         * hopeless even for an attacker with many addresses. Above it every pairing waits for the next window.
         */
        @WithDefault("2000")
        int maxFailures();
    }

    /** Ticket creation per kiosk (device or kiosk token subject), so that one flooding kiosk cannot crowd out others. */
    interface Tickets {

        /** Tickets one kiosk may create at once. */
        @WithDefault("10")
        int burst();

        /** Tickets per minute one kiosk regains. */
        @WithDefault("30")
        int perMinute();
    }
}
