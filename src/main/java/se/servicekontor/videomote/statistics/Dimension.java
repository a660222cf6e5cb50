package se.servicekontor.videomote.statistics;

import java.util.Locale;
import java.util.Optional;

/** What statistics rows can be keyed by, and the rollup column each one reads. */
enum Dimension {
    DAY("s.period"), HOUR("s.hour"), OFFICE("s.office_id"), AGENCY("s.agency_code"), SERVICE("s.service_code");

    private final String column;

    Dimension(String column) {
        this.column = column;
    }

    /** The rollup column, a constant: only these ever reach the SQL text. */
    String column() {
        return column;
    }

    /** The name in the API: {@code day}, {@code hour}, ... */
    String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The alias of the key column in the statistics query. */
    String alias() {
        return "k_" + apiName();
    }

    static Optional<Dimension> parse(String text) {
        for (Dimension d : values()) {
            if (d.apiName().equals(text)) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }
}
