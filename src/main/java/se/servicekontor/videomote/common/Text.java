package se.servicekontor.videomote.common;

/** What people type into optional fields. */
public final class Text {

    private Text() {
    }

    /** {@code s} without surrounding blanks, or null when nothing but blanks was typed. */
    public static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
