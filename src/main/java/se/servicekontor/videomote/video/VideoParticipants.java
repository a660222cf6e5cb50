package se.servicekontor.videomote.video;

import java.util.Objects;
import java.util.UUID;

/** Who a video session joins: the visit called, the office and visitor room it was called to, the officer serving it. */
public record VideoParticipants(UUID visitId, String officeId, UUID roomId, UUID officerId) {

    public VideoParticipants {
        Objects.requireNonNull(visitId, "visitId");
        Objects.requireNonNull(officeId, "officeId");
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(officerId, "officerId");
    }
}
