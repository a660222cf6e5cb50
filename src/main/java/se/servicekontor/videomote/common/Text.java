package se.servicekontor.videomote.common;

/** What people type into optional fields, and what of it may reach a log. */
public final class Text {

    /** Longest text taken from a request into one log line. */
    static final int LOG_LIMIT = 200;

    private Text() {
    }

    /** {@code s} without surrounding blanks, or null when nothing but blanks was typed. */
    public static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /**
     * True when {@code s} holds a control character (C0, DEL, C1, or a line or paragraph separator) other than those in
     * {@code allowed}: PostgreSQL refuses NUL in text, and a line break in a value can forge a log line.
     */
    public static boolean hasControl(String s, String allowed) {
        if (s == null) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isControl(c) && allowed.indexOf(c) < 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean isControl(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
    }

    /**
     * Text from a request made safe for one log line: control characters (and backslashes) escaped as a backslash, u and four hex digits,
     * cut at {@value #LOG_LIMIT} characters.
     */
    public static String forLog(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(s.length(), LOG_LIMIT) + 16);
        for (int i = 0; i < s.length() && out.length() < LOG_LIMIT; i++) {
            char c = s.charAt(i);
            if (isControl(c) || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= LOG_LIMIT && s.length() > LOG_LIMIT) {
            out.append("...");
        }
        return out.toString();
    }
}
