package se.servicekontor.videomote.offices;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A visitor room with a screen and a camera. Its status is operational state owned by {@link RoomQueries}: the
 * entity reads it but never writes it back, so a stale entity cannot overwrite a reservation.
 */
@Entity
@Table(name = "room")
public class Room {

    @Id
    public UUID id;

    @Column(name = "office_id")
    public String officeId;

    public String name;

    public boolean accessible;

    public int capacity;

    @Enumerated(EnumType.STRING)
    @Column(insertable = false, updatable = false)
    public RoomStatus status;

    /** Set with the status, by {@link RoomQueries} only. */
    @Column(name = "retired_at", insertable = false, updatable = false)
    public java.time.Instant retiredAt;
}
