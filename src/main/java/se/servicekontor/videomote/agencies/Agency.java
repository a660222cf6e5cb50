package se.servicekontor.videomote.agencies;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;

/** A government agency whose officers meet visitors by video. */
@Entity
@Table(name = "agency")
public class Agency {

    @Id
    public String code;

    public String name;

    @Column(name = "ticket_prefix")
    public String ticketPrefix;

    @ElementCollection
    @CollectionTable(name = "agency_service", joinColumns = @JoinColumn(name = "agency_code"))
    public Set<ServiceType> services = new LinkedHashSet<>();

    @Column(name = "updated_at")
    public Instant updatedAt;
}
