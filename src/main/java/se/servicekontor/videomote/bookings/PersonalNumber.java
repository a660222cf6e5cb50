package se.servicekontor.videomote.bookings;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Swedish personal identity numbers: personnummer and samordningsnummer (day of birth plus 60). Accepts
 * {@code YYMMDD-NNNN}, {@code YYMMDD+NNNN} (a person aged 100 or more), {@code YYMMDDNNNN}, {@code YYYYMMDD-NNNN}
 * and {@code YYYYMMDDNNNN}; checks that the date exists and is not in the future, and the Luhn check digit.
 *
 * <p>Error messages never repeat the number: they end up in problem+json answers and possibly in logs. Stored
 * encrypted, with a keyed hash for lookups ({@link se.servicekontor.videomote.privacy.PersonalNumbers}).
 */
public final class PersonalNumber {

    public static final String FORMAT = "must be a personnummer or samordningsnummer: YYMMDD-NNNN, YYMMDD+NNNN or YYYYMMDD-NNNN";

    private static final Pattern SHORT = Pattern.compile("(\\d{2})(\\d{2})(\\d{2})([-+]?)(\\d{4})");
    private static final Pattern LONG = Pattern.compile("(\\d{4})(\\d{2})(\\d{2})(-?)(\\d{4})");
    private static final int COORDINATION_OFFSET = 60;

    private PersonalNumber() {
    }

    /** An invalid number; the message says what is wrong without repeating it. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Validates {@code input} and returns it as {@code YYYYMMDD-NNNN} (a samordningsnummer keeps its day plus 60).
     *
     * @param today the date the century of a ten-digit number is judged from (in Sweden)
     */
    public static String normalise(String input, LocalDate today) throws Invalid {
        String text = input.strip();
        int year;
        int month;
        int day;
        String serial;
        Matcher m = LONG.matcher(text);
        if (m.matches()) {
            year = Integer.parseInt(m.group(1));
            month = Integer.parseInt(m.group(2));
            day = Integer.parseInt(m.group(3));
            serial = m.group(5);
        } else {
            m = SHORT.matcher(text);
            if (!m.matches()) {
                throw new Invalid(FORMAT);
            }
            month = Integer.parseInt(m.group(2));
            day = Integer.parseInt(m.group(3));
            serial = m.group(5);
            year = century(Integer.parseInt(m.group(1)), month, birthDay(day), "+".equals(m.group(4)), today);
        }
        LocalDate born;
        try {
            born = LocalDate.of(year, month, birthDay(day));
        } catch (DateTimeException e) {
            throw new Invalid("has a date of birth that does not exist");
        }
        if (born.isAfter(today)) {
            throw new Invalid("has a date of birth in the future");
        }
        String tenDigits = String.format("%02d%02d%02d%s", year % 100, month, day, serial);
        if (!luhnValid(tenDigits)) {
            throw new Invalid("has a wrong check digit");
        }
        return String.format("%04d%02d%02d-%s", year, month, day, serial);
    }

    /** {@code 19811218-****}: the date part only, never the serial and check digits. */
    static String mask(String normalised) {
        if (normalised == null) {
            return null;
        }
        return normalised.substring(0, 9) + "****";
    }

    /** True when the last of the ten digits is the Luhn check digit of the first nine. */
    static boolean luhnValid(String tenDigits) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            int d = (tenDigits.charAt(i) - '0') * (i % 2 == 0 ? 2 : 1);
            sum += d > 9 ? d - 9 : d;
        }
        return (10 - sum % 10) % 10 == tenDigits.charAt(9) - '0';
    }

    private static int birthDay(int day) {
        return day > COORDINATION_OFFSET ? day - COORDINATION_OFFSET : day;
    }

    /**
     * The full year of a ten-digit number: the most recent year ending in {@code yy} whose date is not after today,
     * a century earlier with {@code +} (aged 100 or more).
     */
    private static int century(int yy, int month, int day, boolean hundredOrMore, LocalDate today) {
        int year = today.getYear() - Math.floorMod(today.getYear() - yy, 100);
        if (year == today.getYear() && isAfter(month, day, today)) {
            year -= 100;
        }
        return hundredOrMore ? year - 100 : year;
    }

    private static boolean isAfter(int month, int day, LocalDate today) {
        return month > today.getMonthValue() || (month == today.getMonthValue() && day > today.getDayOfMonth());
    }
}
