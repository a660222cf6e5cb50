package se.servicekontor.videomote.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain-text table, columns right-aligned except the first, so results read well in a terminal and in a file. */
public final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... header) {
        this.header = List.of(header);
    }

    public Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object cell : cells) {
            row.add(format(cell));
        }
        rows.add(row);
        return this;
    }

    /** Milliseconds with two decimals, "-" when not measured. */
    public static String ms(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }

    /** A ratio {@code a / b} as {@code 1.23x}; "-" when either side is missing or not positive (nothing to compare). */
    public static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) || a <= 0 || b <= 0 ? "-" : String.format(Locale.ROOT, "%.2fx", a / b);
    }

    private static String format(Object cell) {
        if (cell == null) {
            return "-";
        }
        if (cell instanceof Double d) {
            return ms(d);
        }
        return cell.toString();
    }

    @Override
    public String toString() {
        int columns = header.size();
        int[] width = new int[columns];
        for (int c = 0; c < columns; c++) {
            width[c] = header.get(c).length();
            for (List<String> row : rows) {
                if (c < row.size()) {
                    width[c] = Math.max(width[c], row.get(c).length());
                }
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, header, width);
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < columns; c++) {
            rule.append(c == 0 ? "" : "  ").append("-".repeat(width[c]));
        }
        out.append(rule).append('\n');
        rows.forEach(row -> line(out, row, width));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] width) {
        for (int c = 0; c < width.length; c++) {
            String cell = c < cells.size() ? cells.get(c) : "";
            if (c > 0) {
                out.append("  ").append(" ".repeat(width[c] - cell.length())).append(cell);
            } else {
                out.append(cell).append(" ".repeat(width[c] - cell.length()));
            }
        }
        out.append('\n');
    }
}
