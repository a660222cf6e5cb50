package se.servicekontor.videomote.offices;

import java.time.LocalDate;
import java.time.Year;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayCalendar;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;

/**
 * The days the Swedish State does not work, on which offices are closed unless they say otherwise: every public
 * holiday (allmän helgdag: nyårsdagen, trettondedag jul, långfredagen, påskdagen, annandag påsk, första maj,
 * Kristi himmelsfärdsdag, pingstdagen, nationaldagen, midsommardagen, alla helgons dag, juldagen, annandag jul) and
 * the three eves that working-time law treats as Sundays (midsommarafton, julafton, nyårsafton). Påskafton and
 * pingstafton are always a Saturday and are not counted. Computed by jollyday's Swedish calendar; the Easter-based
 * days and the "Saturday between" days (midsommar, alla helgons dag) move every year.
 */
public final class SwedishHolidays {

    private static final Map<String, String> SWEDISH_NAMES = Map.ofEntries(
            Map.entry("NEW_YEAR", "nyårsdagen"),
            Map.entry("EPIPHANY", "trettondedag jul"),
            Map.entry("LABOUR_DAY", "första maj"),
            Map.entry("NATIONAL_DAY", "Sveriges nationaldag"),
            Map.entry("CHRISTMAS_EVE", "julafton"),
            Map.entry("CHRISTMAS", "juldagen"),
            Map.entry("BOXING_DAY", "annandag jul"),
            Map.entry("NEW_YEARS_EVE", "nyårsafton"),
            Map.entry("christian.EASTER", "påskdagen"),
            Map.entry("christian.GOOD_FRIDAY", "långfredagen"),
            Map.entry("christian.EASTER_MONDAY", "annandag påsk"),
            Map.entry("christian.ASCENSION_DAY", "Kristi himmelsfärdsdag"),
            Map.entry("christian.PENTECOST", "pingstdagen"),
            Map.entry("MIDSUMMER_EVE", "midsommarafton"),
            Map.entry("MIDSUMMER", "midsommardagen"),
            Map.entry("ALL_SAINTS", "alla helgons dag"));

    /** Loaded once: the manager parses its XML data from the class path when created (see {@link #warmUp()}). */
    private static final HolidayManager MANAGER = HolidayManager
            .getInstance(ManagerParameters.create(HolidayCalendar.SWEDEN));

    private static final ConcurrentMap<Integer, Map<LocalDate, String>> BY_YEAR = new ConcurrentHashMap<>();

    private SwedishHolidays() {
    }

    /** The holidays of {@code year} by date, with their Swedish names, in date order. */
    public static Map<LocalDate, String> inYear(int year) {
        return BY_YEAR.computeIfAbsent(year, y -> {
            Map<LocalDate, String> days = new TreeMap<>();
            for (Holiday h : MANAGER.getHolidays(Year.of(y))) {
                days.put(h.getDate(), SWEDISH_NAMES.getOrDefault(h.getPropertiesKey(), h.getDescription()));
            }
            return Collections.unmodifiableMap(days);
        });
    }

    /** The holiday's Swedish name, or empty on a working day. */
    public static Optional<String> name(LocalDate date) {
        return Optional.ofNullable(inYear(date.getYear()).get(date));
    }

    public static boolean isHoliday(LocalDate date) {
        return inYear(date.getYear()).containsKey(date);
    }

    /** Reads the holiday data and computes the years around {@code year}, so that no request pays for it. */
    static void warmUp(int year) {
        for (int y = year - 1; y <= year + 2; y++) {
            inYear(y);
        }
    }
}
