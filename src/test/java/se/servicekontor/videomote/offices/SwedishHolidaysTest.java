package se.servicekontor.videomote.offices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The library's Swedish calendar against dates known by hand, over twenty years. */
class SwedishHolidaysTest {

    /** Easter Sunday 2010-2029, from the published tables (not computed). */
    private static final Map<Integer, LocalDate> EASTER = Map.ofEntries(
            Map.entry(2010, LocalDate.of(2010, 4, 4)), Map.entry(2011, LocalDate.of(2011, 4, 24)),
            Map.entry(2012, LocalDate.of(2012, 4, 8)), Map.entry(2013, LocalDate.of(2013, 3, 31)),
            Map.entry(2014, LocalDate.of(2014, 4, 20)), Map.entry(2015, LocalDate.of(2015, 4, 5)),
            Map.entry(2016, LocalDate.of(2016, 3, 27)), Map.entry(2017, LocalDate.of(2017, 4, 16)),
            Map.entry(2018, LocalDate.of(2018, 4, 1)), Map.entry(2019, LocalDate.of(2019, 4, 21)),
            Map.entry(2020, LocalDate.of(2020, 4, 12)), Map.entry(2021, LocalDate.of(2021, 4, 4)),
            Map.entry(2022, LocalDate.of(2022, 4, 17)), Map.entry(2023, LocalDate.of(2023, 4, 9)),
            Map.entry(2024, LocalDate.of(2024, 3, 31)), Map.entry(2025, LocalDate.of(2025, 4, 20)),
            Map.entry(2026, LocalDate.of(2026, 4, 5)), Map.entry(2027, LocalDate.of(2027, 3, 28)),
            Map.entry(2028, LocalDate.of(2028, 4, 16)), Map.entry(2029, LocalDate.of(2029, 4, 1)));

    /** Midsommarafton as printed in Swedish calendars. */
    private static final Map<Integer, LocalDate> MIDSUMMER_EVE = Map.of(
            2019, LocalDate.of(2019, 6, 21), 2020, LocalDate.of(2020, 6, 19), 2021, LocalDate.of(2021, 6, 25),
            2022, LocalDate.of(2022, 6, 24), 2023, LocalDate.of(2023, 6, 23), 2024, LocalDate.of(2024, 6, 21),
            2025, LocalDate.of(2025, 6, 20), 2026, LocalDate.of(2026, 6, 19), 2027, LocalDate.of(2027, 6, 25));

    /** Alla helgons dag as printed in Swedish calendars. */
    private static final Map<Integer, LocalDate> ALL_SAINTS = Map.of(
            2022, LocalDate.of(2022, 11, 5), 2023, LocalDate.of(2023, 11, 4), 2024, LocalDate.of(2024, 11, 2),
            2025, LocalDate.of(2025, 11, 1), 2026, LocalDate.of(2026, 10, 31), 2027, LocalDate.of(2027, 11, 6));

    @Test
    void shouldCloseExactlyTheStatesNonWorkingDaysOfEveryYearFrom2010To2029() {
        for (int year = 2010; year <= 2029; year++) {
            LocalDate easter = EASTER.get(year);
            Map<LocalDate, String> expected = new TreeMap<>();
            expected.put(LocalDate.of(year, 1, 1), "nyårsdagen");
            expected.put(LocalDate.of(year, 1, 6), "trettondedag jul");
            expected.put(easter.minusDays(2), "långfredagen");
            expected.put(easter, "påskdagen");
            expected.put(easter.plusDays(1), "annandag påsk");
            expected.put(LocalDate.of(year, 5, 1), "första maj");
            expected.put(easter.plusDays(39), "Kristi himmelsfärdsdag");
            expected.put(easter.plusDays(49), "pingstdagen");
            expected.put(LocalDate.of(year, 6, 6), "Sveriges nationaldag");
            LocalDate eve = firstOnOrAfter(LocalDate.of(year, 6, 19), DayOfWeek.FRIDAY);
            expected.put(eve, "midsommarafton");
            expected.put(eve.plusDays(1), "midsommardagen");
            expected.put(firstOnOrAfter(LocalDate.of(year, 10, 31), DayOfWeek.SATURDAY), "alla helgons dag");
            expected.put(LocalDate.of(year, 12, 24), "julafton");
            expected.put(LocalDate.of(year, 12, 25), "juldagen");
            expected.put(LocalDate.of(year, 12, 26), "annandag jul");
            expected.put(LocalDate.of(year, 12, 31), "nyårsafton");

            assertThat(SwedishHolidays.inYear(year)).as("holidays of %d", year).isEqualTo(expected);
        }
    }

    @Test
    void shouldPlaceTheMovingHolidaysOnTheDatesPrintedInCalendars() {
        MIDSUMMER_EVE.forEach((year, eve) -> {
            assertThat(SwedishHolidays.name(eve)).as("midsommarafton %d", year).contains("midsommarafton");
            assertThat(SwedishHolidays.name(eve.minusDays(7))).isEmpty();
        });
        ALL_SAINTS.forEach((year, day) -> assertThat(SwedishHolidays.name(day)).contains("alla helgons dag"));
        // Good Friday and Ascension Day of the hand-known Easter table, e.g. 2024: 29 March and 9 May.
        assertThat(SwedishHolidays.name(LocalDate.of(2024, 3, 29))).contains("långfredagen");
        assertThat(SwedishHolidays.name(LocalDate.of(2024, 5, 9))).contains("Kristi himmelsfärdsdag");
        assertThat(SwedishHolidays.name(LocalDate.of(2027, 3, 26))).contains("långfredagen");
    }

    @Test
    void shouldKeepOrdinaryDaysAndTheAbolishedOrSaturdayEvesOpen() {
        // Annandag pingst stopped being a holiday in 2005; påskafton is a Saturday and not counted.
        assertThat(SwedishHolidays.isHoliday(LocalDate.of(2024, 5, 20))).isFalse();
        assertThat(SwedishHolidays.isHoliday(LocalDate.of(2024, 3, 30))).isFalse();
        assertThat(SwedishHolidays.isHoliday(LocalDate.of(2026, 12, 23))).isFalse();
        assertThat(SwedishHolidays.isHoliday(LocalDate.of(2026, 12, 4))).isFalse();
        assertThat(SwedishHolidays.isHoliday(LocalDate.of(2026, 12, 24))).isTrue();
    }

    private static LocalDate firstOnOrAfter(LocalDate date, DayOfWeek day) {
        LocalDate d = date;
        while (d.getDayOfWeek() != day) {
            d = d.plusDays(1);
        }
        return d;
    }
}
