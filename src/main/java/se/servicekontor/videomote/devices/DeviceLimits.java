package se.servicekontor.videomote.devices;

import jakarta.enterprise.context.ApplicationScoped;

import se.servicekontor.videomote.common.RateLimiter;
import se.servicekontor.videomote.security.Caller;
import se.servicekontor.videomote.security.Roles;

/**
 * Limits on what one kiosk may do, per device or kiosk token subject: a kiosk that floods ticket creation gets 429
 * while the other kiosks of its office carry on.
 */
@ApplicationScoped
public class DeviceLimits {

    private final RateLimiter limiter;
    private final RateLimiter.Limit tickets;

    DeviceLimits(RateLimiter limiter, DeviceConfig config) {
        this.limiter = limiter;
        this.tickets = new RateLimiter.Limit("kiosk-tickets", config.tickets().burst(), config.tickets().perMinute());
    }

    /** Takes one ticket creation of a kiosk caller, or throws 429; desks and admins are not limited here. */
    public void ticket(Caller caller) {
        if (caller.has(Roles.KIOSK) && !caller.isAdmin() && !caller.has(Roles.DESK)) {
            limiter.check(tickets, caller.key());
        }
    }
}
