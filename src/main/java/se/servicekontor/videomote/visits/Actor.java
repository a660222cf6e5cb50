package se.servicekontor.videomote.visits;

import java.util.UUID;

import se.servicekontor.videomote.security.Caller;
import se.servicekontor.videomote.security.Roles;

/**
 * Who acts on visits and what they may see. A desk or kiosk sees only its office ({@code office}). An officer reads
 * only the visits it serves ({@code officer}) and acts on visits of its agency ({@code agency}), where a transition
 * the status allows still needs the officer serving it. An admin sees everything. {@code key} is recorded in the
 * history; it is a token subject or office key, never a person's name.
 */
record Actor(String key, String role, String office, UUID officer, String agency) {

    static Actor of(Caller caller) {
        if (caller.isAdmin()) {
            return new Actor(caller.key(), Roles.ADMIN, null, null, null);
        }
        String office = caller.office() == null ? "" : caller.office(); // a bound caller without office sees nothing
        if (caller.has(Roles.DESK)) {
            return new Actor(caller.key(), Roles.DESK, office, null, null);
        }
        if (caller.has(Roles.KIOSK)) {
            return new Actor(caller.key(), Roles.KIOSK, office, null, null);
        }
        if (caller.has(Roles.OFFICER)) {
            // An officer token whose subject is not an officer id serves nothing.
            return new Actor(caller.key(), Roles.OFFICER, null, caller.officerId().orElse(new UUID(0, 0)),
                    caller.agency() == null ? "" : caller.agency());
        }
        return new Actor(caller.key(), "other", "", new UUID(0, 0), "");
    }

    /** Kiosks (and the screens they drive) never receive a visitor's name. */
    boolean seesNames() {
        return !Roles.KIOSK.equals(role);
    }

    /** Whether the actor may read {@code visit}: its office's desk, the officer serving it, or an admin. */
    boolean maySee(Visit visit) {
        return (office == null || office.equals(visit.officeId()))
                && (officer == null || officer.equals(visit.officerId()));
    }

    /** Whether the actor may ask for a transition of {@code visit}: its office's desk or an officer of its agency. */
    boolean mayActOn(Visit visit) {
        return (office == null || office.equals(visit.officeId())) && (agency == null || agency.equals(visit.agency()));
    }
}
