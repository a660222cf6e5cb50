package se.servicekontor.videomote.offices;

import java.io.Serializable;
import java.time.LocalDate;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A public holiday on which one office opens nevertheless. */
@Entity
@Table(name = "office_holiday_opening")
@IdClass(HolidayOpening.Key.class)
public class HolidayOpening {

    @Id
    @Column(name = "office_id")
    public String officeId;

    @Id
    public LocalDate date;

    public String reason;

    /** The primary key: office and date. */
    public static class Key implements Serializable {
        public String officeId;
        public LocalDate date;

        public Key() {
        }

        public Key(String officeId, LocalDate date) {
            this.officeId = officeId;
            this.date = date;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(officeId, k.officeId) && Objects.equals(date, k.date);
        }

        @Override
        public int hashCode() {
            return Objects.hash(officeId, date);
        }
    }
}
