package se.servicekontor.videomote.offices;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Where and when a mobile office is open. */
@Entity
@Table(name = "office_stop")
public class Stop {

    @Id
    public UUID id;

    @Column(name = "office_id")
    public String officeId;

    public LocalDate date;

    public String place;

    public LocalTime opens;

    public LocalTime closes;
}
