package se.servicekontor.videomote.offices;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A day an office is closed although its opening hours say otherwise. */
@Entity
@Table(name = "office_closure")
public class Closure {

    @Id
    public UUID id;

    @Column(name = "office_id")
    public String officeId;

    public LocalDate date;

    public String reason;
}
