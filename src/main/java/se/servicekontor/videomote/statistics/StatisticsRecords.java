package se.servicekontor.videomote.statistics;

import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Requests and answers of the statistics API. Nothing here ever holds a name, phone, e-mail or personal number. */
final class StatisticsRecords {

    private StatisticsRecords() {
    }

    /** The answer of {@code GET /api/v1/statistics}. */
    @Schema(description = "Visit statistics over office-local days, grouped as asked")
    record StatisticsReport(
            @Schema(description = "First office-local day, included") LocalDate from,
            @Schema(description = "Last office-local day, included") LocalDate to,
            @Schema(description = "The dimensions the rows are keyed by, in the order asked") List<String> groupBy,
            List<StatisticsRow> rows) {
    }

    /** What a row is keyed by: only the dimensions grouped by are present. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "The key of a row: only the dimensions of groupBy are present")
    record Key(
            @Schema(description = "Office-local day of arrival") LocalDate day,
            @Schema(description = "Office-local hour of arrival, 0-23") Integer hour,
            @Schema(description = "Office id") String office,
            @Schema(description = "Agency code (the agency the visit is with now, after any transfer)") String agency,
            @Schema(description = "Service code") String service) {
    }

    /** Waits from arrival to being called (the last call, after any requeue), in whole minutes. */
    @Schema(description = "Wait from arrival to being called, whole minutes; null when no visit of the row was called")
    record WaitMinutes(Integer p50, Integer p90, Integer max) {
    }

    /** Service times from start to completion of completed visits, in whole minutes. */
    @Schema(description = "Service time from start to completion of completed visits, whole minutes")
    record ServiceMinutes(Integer p50, Integer p90) {
    }

    @Schema(description = "One row of visit statistics")
    record StatisticsRow(Key key,
            @Schema(description = "Visits that arrived (tickets issued, walk-in or checked-in booking)") long visits,
            @Schema(description = "Visits without a booking") long walkIns,
            @Schema(description = "Visits from a checked-in booking") long booked,
            @Schema(description = "Visits completed") long served,
            @Schema(description = "Visits marked no-show") long noShows,
            @Schema(description = "Visits cancelled") long cancelled,
            @Schema(description = "Visits transferred away from this agency and service to another") long transferred,
            @Schema(description = "Visits that needed an interpreter") long interpreter,
            WaitMinutes waitMinutes, ServiceMinutes serviceMinutes,
            @Schema(hidden = true) @com.fasterxml.jackson.annotation.JsonIgnore Names names) {
    }

    /** Display names of a row's office, agency and service, for the CSV. */
    record Names(String office, String agency, String service) {
    }

    /** The answer of {@code GET /api/v1/statistics/utilization}. */
    @Schema(description = "Use of rooms and officers' time per office and office-local day")
    record UtilizationReport(LocalDate from, LocalDate to, List<UtilizationRow> rows) {
    }

    @Schema(description = "One office on one office-local day")
    record UtilizationRow(String office, LocalDate day,
            @Schema(description = "Minutes the office was open that day (opening hours, or a MOBILE office's stops; "
                    + "0 on a closure)") long openMinutes,
            Rooms rooms, Officers officers, List<Demand> demand) {
    }

    @Schema(description = "Visitor rooms")
    record Rooms(@Schema(description = "Visitor rooms of the office") int count,
            @Schema(description = "Minutes of meetings held in them over room-minutes of opening time (null when "
                    + "closed or without rooms); meetings count on the day their visitor arrived")
            Double occupiedShare) {
    }

    @Schema(description = "Case officers of the office's agencies (officers serve every office of their agency)")
    record Officers(
            @Schema(description = "Minutes of officers' shifts within the office's opening time") long onDutyMinutes,
            @Schema(description = "Minutes officers spent in meetings with visitors of this office") long inMeetingMinutes) {
    }

    @Schema(description = "Arrivals in one office-local hour against the officers on shift in it")
    record Demand(int hour, long arrivals,
            @Schema(description = "Officers of the office's agencies whose shift overlaps the hour") long officersOnDuty) {
    }
}
