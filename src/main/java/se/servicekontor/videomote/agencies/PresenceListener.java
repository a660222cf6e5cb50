package se.servicekontor.videomote.agencies;

import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.common.Tx;

/**
 * Told inside the transaction in which an officer set their own presence (AVAILABLE, AWAY, OFFLINE): who is on duty
 * changed for the officer's agency (the visits recount the waiting visits nobody on duty can serve).
 */
public interface PresenceListener {

    Uni<Void> presenceChanged(Tx tx, String agency);
}
