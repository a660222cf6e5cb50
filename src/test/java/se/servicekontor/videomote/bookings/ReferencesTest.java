package se.servicekontor.videomote.bookings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ReferencesTest {

    @Test
    void shouldDrawReadableReferencesWithoutConfusableCharacters() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String reference = References.next();
            assertThat(reference).matches("[2-9A-HJ-NP-Z]{3}-[2-9A-HJ-NP-Z]{3}").doesNotContain("0", "O", "1", "I");
            seen.add(reference);
        }
        assertThat(seen).hasSizeGreaterThan(9_990); // 2^30 codes: collisions in 10 000 draws are very rare
    }

    @Test
    void shouldReadWhatPeopleTypeAndRefuseWhatCannotBeAReference() {
        assertThat(References.parse("k7p-4qx")).contains("K7P-4QX");
        assertThat(References.parse(" K7P 4QX ")).contains("K7P-4QX");
        assertThat(References.parse("K7P4QX")).contains("K7P-4QX");
        assertThat(References.parse("K0P-4QX")).isEmpty();
        assertThat(References.parse("KIP-4QX")).isEmpty();
        assertThat(References.parse("K7P-4Q")).isEmpty();
        assertThat(References.parse(null)).isEmpty();
    }
}
