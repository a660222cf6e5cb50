package se.servicekontor.videomote.agencies;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A working period in which an officer can be booked. */
@Entity
@Table(name = "officer_shift")
public class Shift {

    @Id
    public UUID id;

    @Column(name = "officer_id")
    public UUID officerId;

    @Column(name = "starts_at")
    public Instant start;

    @Column(name = "ends_at")
    public Instant end;
}
