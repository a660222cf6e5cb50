package se.servicekontor.videomote.statistics;

import java.util.ArrayList;
import java.util.List;

import se.servicekontor.videomote.statistics.StatisticsRecords.StatisticsReport;
import se.servicekontor.videomote.statistics.StatisticsRecords.StatisticsRow;

/**
 * Statistics as CSV (RFC 4180): a header line, one line per row, CRLF, UTF-8 with a byte order mark so that
 * spreadsheets read Swedish characters right. Fields with the separator, a quote or a line break are quoted; a field
 * starting with {@code = + - @} is prefixed with an apostrophe so that no spreadsheet runs it as a formula.
 */
final class StatisticsCsv {

    static final String MEDIA_TYPE = "text/csv";
    static final String BOM = "\uFEFF";

    private StatisticsCsv() {
    }

    static String render(StatisticsReport report, List<Dimension> dims, char separator) {
        List<String> header = new ArrayList<>();
        for (Dimension d : dims) {
            header.add(d.apiName());
            switch (d) {
                case OFFICE -> header.add("officeName");
                case AGENCY -> header.add("agencyName");
                case SERVICE -> header.add("serviceName");
                default -> {
                }
            }
        }
        header.addAll(List.of("visits", "walkIns", "booked", "served", "noShows", "cancelled", "transferred",
                "interpreter", "waitP50", "waitP90", "waitMax", "serviceP50", "serviceP90"));
        StringBuilder out = new StringBuilder(BOM);
        line(out, header, separator);
        for (StatisticsRow row : report.rows()) {
            List<String> fields = new ArrayList<>();
            for (Dimension d : dims) {
                switch (d) {
                    case DAY -> fields.add(String.valueOf(row.key().day()));
                    case HOUR -> fields.add(String.valueOf(row.key().hour()));
                    case OFFICE -> {
                        fields.add(row.key().office());
                        fields.add(row.names().office());
                    }
                    case AGENCY -> {
                        fields.add(row.key().agency());
                        fields.add(row.names().agency());
                    }
                    case SERVICE -> {
                        fields.add(row.key().service());
                        fields.add(row.names().service());
                    }
                }
            }
            fields.add(Long.toString(row.visits()));
            fields.add(Long.toString(row.walkIns()));
            fields.add(Long.toString(row.booked()));
            fields.add(Long.toString(row.served()));
            fields.add(Long.toString(row.noShows()));
            fields.add(Long.toString(row.cancelled()));
            fields.add(Long.toString(row.transferred()));
            fields.add(Long.toString(row.interpreter()));
            fields.add(number(row.waitMinutes().p50()));
            fields.add(number(row.waitMinutes().p90()));
            fields.add(number(row.waitMinutes().max()));
            fields.add(number(row.serviceMinutes().p50()));
            fields.add(number(row.serviceMinutes().p90()));
            line(out, fields, separator);
        }
        return out.toString();
    }

    private static String number(Integer value) {
        return value == null ? "" : value.toString();
    }

    private static void line(StringBuilder out, List<String> fields, char separator) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(separator);
            }
            out.append(field(fields.get(i), separator));
        }
        out.append("\r\n");
    }

    static String field(String value, char separator) {
        if (value == null) {
            return "";
        }
        String v = value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(separator) >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
