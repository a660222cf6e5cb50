package se.servicekontor.videomote.bookings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class PersonalNumberTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 21);

    @Test
    void shouldAcceptEveryWrittenFormAndNormaliseIt() throws Exception {
        for (String form : new String[] { "811218-9876", "8112189876", "19811218-9876", "198112189876", " 811218-9876 " }) {
            assertThat(PersonalNumber.normalise(form, TODAY)).as(form).isEqualTo("19811218-9876");
        }
    }

    @Test
    void shouldPlaceTenDigitNumbersInTheRightCentury() throws Exception {
        // born 1926-12-01: turns 100 next month, so still '-' and the last century
        String dec1926 = withCheckDigit("261201987");
        assertThat(PersonalNumber.normalise(dec1926.substring(0, 6) + "-" + dec1926.substring(6), TODAY))
                .startsWith("19261201-");
        // born 2026-01-05: this century
        String jan2026 = withCheckDigit("260105123");
        assertThat(PersonalNumber.normalise(jan2026, TODAY)).startsWith("20260105-");
        // '+' means aged 100 or more
        String plus = withCheckDigit("250105123");
        assertThat(PersonalNumber.normalise(plus.substring(0, 6) + "+" + plus.substring(6), TODAY))
                .startsWith("19250105-");
        assertThat(PersonalNumber.normalise(plus.substring(0, 6) + "-" + plus.substring(6), TODAY))
                .startsWith("20250105-");
    }

    @Test
    void shouldAcceptSamordningsnummerWithDayPlusSixty() throws Exception {
        assertThat(PersonalNumber.normalise("701063-2391", TODAY)).isEqualTo("19701063-2391");
        assertThatThrownBy(() -> PersonalNumber.normalise(withCheckDigit("700292239"), TODAY)) // 32nd of February - 60
                .hasMessageContaining("does not exist");
    }

    @Test
    void shouldRejectWrongCheckDigitMissingDateFutureDateAndOtherShapes() {
        assertThatThrownBy(() -> PersonalNumber.normalise("811218-9877", TODAY)).hasMessageContaining("check digit");
        assertThatThrownBy(() -> PersonalNumber.normalise(withCheckDigit("810230123"), TODAY))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> PersonalNumber.normalise(withCheckDigit("811318123"), TODAY))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> PersonalNumber.normalise("1981" + withCheckDigit("811318123").substring(2), TODAY))
                .hasMessageContaining("does not exist");
        for (String shape : new String[] { "", "81121-9876", "811218--9876", "811218 9876", "81121898761",
                "19811218+9876", "abcdef-ghij", "811218/9876" }) {
            assertThatThrownBy(() -> PersonalNumber.normalise(shape, TODAY)).as(shape)
                    .hasMessage(PersonalNumber.FORMAT);
        }
    }

    @Test
    void shouldRejectADateOfBirthInTheFuture() {
        String twelve = "20270101" + withCheckDigit("270101123").substring(6);
        assertThatThrownBy(() -> PersonalNumber.normalise(twelve, TODAY)).hasMessageContaining("future");
    }

    @Test
    void shouldNeverRepeatTheNumberInAMessage() {
        for (String wrong : new String[] { "811218-9877", "19811218-9877", "811318-1234" }) {
            assertThatThrownBy(() -> PersonalNumber.normalise(wrong, TODAY))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("9877").doesNotContain("811"));
        }
    }

    @Test
    void shouldMaskAllButTheDate() {
        assertThat(PersonalNumber.mask("19811218-9876")).isEqualTo("19811218-****");
        assertThat(PersonalNumber.mask(null)).isNull();
    }

    @Property(tries = 300)
    void shouldAcceptExactlyOneCheckDigitForEveryRealDate(@ForAll("dates") LocalDate born,
            @ForAll @IntRange(min = 0, max = 999) int serial, @ForAll @IntRange(min = 0, max = 9) int other)
            throws Exception {
        String nine = String.format("%02d%02d%02d%03d", born.getYear() % 100, born.getMonthValue(),
                born.getDayOfMonth(), serial);
        String valid = withCheckDigit(nine);
        String twelve = String.format("%04d", born.getYear()) + valid.substring(2, 6) + "-" + valid.substring(6);
        String expected = String.format("%04d%02d%02d-%s", born.getYear(), born.getMonthValue(), born.getDayOfMonth(),
                valid.substring(6));
        assertThat(PersonalNumber.normalise(twelve.replace("-", ""), TODAY)).isEqualTo(expected);
        int check = valid.charAt(9) - '0';
        if (other != check) {
            String wrong = twelve.substring(0, twelve.length() - 1) + other;
            assertThatThrownBy(() -> PersonalNumber.normalise(wrong, TODAY)).hasMessageContaining("check digit");
        }
    }

    @Provide
    Arbitrary<LocalDate> dates() {
        return Arbitraries.longs().between(LocalDate.of(1900, 1, 1).toEpochDay(), TODAY.toEpochDay())
                .map(LocalDate::ofEpochDay);
    }

    /** Appends the Luhn check digit to nine digits (YYMMDDNNN). */
    static String withCheckDigit(String nine) {
        for (int d = 0; d <= 9; d++) {
            if (PersonalNumber.luhnValid(nine + d)) {
                return nine + d;
            }
        }
        throw new IllegalStateException();
    }
}
