package se.servicekontor.videomote.agencies;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** A service an officer handles; the agency column lets the database check it is the officer's own agency's. */
@Embeddable
public record OfficerSkill(@Column(name = "agency_code") String agencyCode, @Column(name = "service_code") String serviceCode) {
}
