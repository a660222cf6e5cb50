package se.servicekontor.videomote.security;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.SecurityIdentity;
import se.servicekontor.videomote.common.ApiException;

/**
 * Scoping beyond roles: a desk, kiosk or room terminal sees only its own office and an officer only its own agency.
 * What a caller may not see answers 404, exactly like what does not exist.
 */
@ApplicationScoped
public class Access {

    private final SecurityIdentity identity;

    public Access(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Caller caller() {
        return Caller.of(identity);
    }

    /** Throws 404 unless the caller may see {@code officeId}. Officers and admins see every office. */
    public Caller requireOffice(String officeId) {
        Caller caller = caller();
        if (!mayViewOffice(caller, officeId)) {
            throw ApiException.notFound("Office", officeId);
        }
        return caller;
    }

    public static boolean mayViewOffice(Caller caller, String officeId) {
        return !caller.isOfficeBound() || (caller.office() != null && caller.office().equals(officeId));
    }

    /** Throws 404 unless the caller may see {@code agency}: officers see only their own. */
    public Caller requireAgency(String agency) {
        Caller caller = caller();
        if (!mayViewAgency(caller, agency)) {
            throw ApiException.notFound("Agency", agency);
        }
        return caller;
    }

    public static boolean mayViewAgency(Caller caller, String agency) {
        return caller.isAdmin() || !caller.has(Roles.OFFICER) || (caller.agency() != null && caller.agency().equals(agency));
    }

    /** Throws 403 unless the caller is admin or the officer {@code officerId} itself. */
    public Caller requireSelfOrAdmin(UUID officerId) {
        Caller caller = caller();
        if (caller.isAdmin()) {
            return caller;
        }
        if (caller.officerId().filter(officerId::equals).isEmpty()) {
            throw ApiException.forbidden("Only the officer themselves may do this.");
        }
        return caller;
    }
}
