package se.servicekontor.videomote.visits;

import io.vertx.mutiny.sqlclient.Row;
import se.servicekontor.videomote.visits.VisitRecords.AgencyQueue;
import se.servicekontor.videomote.visits.VisitRecords.EstimatedWait;

/**
 * What the estimated wait for one agency at one office is computed from.
 *
 * <p>The estimate: with {@code position - 1} visitors ahead and {@code c} meetings running side by side, a visitor
 * waits between {@code (position - 1) * p25 / c} and {@code position * p75 / c} minutes, where p25 and p75 are the
 * quartiles of the office's recent service times for the agency (called to completed) and {@code c} is the number of
 * the agency's officers on duty (AVAILABLE or BUSY), at most the office's usable rooms, at least one. With fewer
 * recent service times than the configured minimum, both quartiles are replaced by the mean of the agency's stated
 * service durations. The upper end is at least one minute.
 *
 * @param waiting         visits waiting for the agency at the office
 * @param samples         recent completed visits counted
 * @param p25             lower quartile of their service times in minutes, null without samples
 * @param p75             upper quartile, null without samples
 * @param fallbackMinutes mean stated duration of the agency's services
 * @param officers        the agency's officers AVAILABLE or BUSY, anywhere
 * @param rooms           the office's rooms not OUT_OF_SERVICE
 * @param unservable      of the visits waiting, those nobody on duty can serve now
 */
record QueueStats(String agency, int waiting, long samples, Double p25, Double p75, double fallbackMinutes,
        long officers, long rooms, int unservable) {

    static QueueStats from(Row row) {
        Double fallback = row.getDouble("fallback_minutes");
        return new QueueStats(row.getString("agency_code"), row.getInteger("waiting"), row.getInteger("samples"),
                row.getDouble("p25"), row.getDouble("p75"), fallback == null ? 0 : fallback, row.getLong("officers"),
                row.getLong("rooms"), row.getInteger("unservable"));
    }

    /** The estimated wait of the visit at {@code position} (1 = next in line). */
    EstimatedWait estimate(int position, int minSamples) {
        boolean history = samples >= minSamples && p25 != null && p75 != null;
        double low = history ? p25 : fallbackMinutes;
        double high = history ? p75 : fallbackMinutes;
        long servers = Math.max(1, Math.min(officers, rooms));
        int ahead = Math.max(0, position - 1);
        int min = (int) Math.floor(ahead * low / servers);
        int max = (int) Math.ceil(Math.max(1, position) * high / servers);
        // Never promise "no wait at all": the range ends at one minute at the earliest.
        return new EstimatedWait(min, Math.max(Math.max(min, max), 1));
    }

    /** The agency's line as a summary: its length and what a newcomer would wait. */
    AgencyQueue summary(int minSamples) {
        return new AgencyQueue(agency, waiting, estimate(waiting + 1, minSamples), unservable);
    }
}
