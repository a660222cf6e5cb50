package se.servicekontor.videomote.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static se.servicekontor.videomote.privacy.PrivacyFixtures.PERSON_A;
import static se.servicekontor.videomote.privacy.PrivacyFixtures.PERSON_B;
import static se.servicekontor.videomote.privacy.PrivacyFixtures.PERSON_C;
import static se.servicekontor.videomote.privacy.PrivacyFixtures.at;
import static se.servicekontor.videomote.privacy.PrivacyFixtures.tomorrow;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import se.servicekontor.videomote.privacy.PrivacyFixtures.World;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestClock;
import se.servicekontor.videomote.testing.Tokens;

/**
 * Personal numbers at rest: only AES-GCM ciphertext (with its key id) and an HMAC lookup hash are in the table, older
 * keys still decrypt and are rotated away, clear values from before encryption are migrated, and the register
 * extract finds a person by the keyed hash.
 */
@QuarkusTest
class PersonalNumberStorageTest {

    @Inject
    PersonalNumbers numbers;

    @Inject
    PrivacyConfig config;

    @Inject
    Reencryption reencryption;

    @Inject
    TestClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static Map<String, Object> row(UUID booking) {
        return Sql.rows("SELECT visitor_personal_number, visitor_personal_number_enc, visitor_personal_number_hmac "
                + "FROM booking WHERE id = ?", booking).get(0);
    }

    private static void fullNumber(UUID booking, String expected) {
        given().auth().oauth2(Tokens.admin()).get("/api/v1/bookings/" + booking).then().statusCode(200)
                .body("visitor.personalNumber", equalTo(expected));
    }

    /** The same keys, but new values encrypted with the older one: what an instance before a rotation wrote. */
    private PersonalNumbers beforeRotation() {
        PrivacyConfig old = (PrivacyConfig) Proxy.newProxyInstance(PrivacyConfig.class.getClassLoader(),
                new Class<?>[] { PrivacyConfig.class }, (proxy, method, args) -> method.getName()
                        .equals("encryptionKeyId") ? "test1" : method.invoke(config, args));
        return new PersonalNumbers(old);
    }

    @Test
    void shouldStoreOnlyCiphertextWithItsKeyIdAndAKeyedHash() {
        World w = PrivacyFixtures.world(1, 1, tomorrow());
        UUID booking = PrivacyFixtures.book(w, PrivacyFixtures.booking(w, at(tomorrow(), "09:00"), "Greta Gustafsson",
                null, null, "900101-1239"));

        Map<String, Object> row = row(booking);
        String stored = (String) row.get("visitor_personal_number_enc");
        assertThat(row.get("visitor_personal_number")).isNull();
        assertThat(stored).startsWith("test2:").doesNotContain("19900101").doesNotContain("1239");
        assertThat((byte[]) row.get("visitor_personal_number_hmac")).hasSize(32)
                .isEqualTo(numbers.lookupHash(PERSON_A));
        assertThat(Sql.count("SELECT count(*) FROM booking WHERE id = ? AND (visitor_personal_number_enc LIKE '%1990%' "
                + "OR encode(visitor_personal_number_hmac, 'escape') LIKE '%1990%')", booking)).isZero();
        fullNumber(booking, PERSON_A);
        given().auth().oauth2(Tokens.desk(w.office())).queryParam("office", w.office())
                .queryParam("date", tomorrow().toString()).get("/api/v1/bookings").then().statusCode(200)
                .body("visitor.personalNumber", hasItem("19900101-****"));

        // Bound to its row: the same ciphertext copied onto another booking does not decrypt there.
        UUID other = PrivacyFixtures.book(w, PrivacyFixtures.booking(w, at(tomorrow(), "10:00"), "Annan Person",
                null, null, PERSON_B));
        assertThat(numbers.decrypt(booking, stored)).isEqualTo(PERSON_A);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> numbers.decrypt(other, stored))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldStillDecryptOldKeysAndReencryptThemWithTheCurrentKey() {
        World w = PrivacyFixtures.world(1, 1, tomorrow());
        UUID booking = PrivacyFixtures.book(w, PrivacyFixtures.booking(w, at(tomorrow(), "09:00"), "Rotera Mig",
                null, null, PERSON_C));
        String old = beforeRotation().encrypt(booking, PERSON_C);
        Sql.update("UPDATE booking SET visitor_personal_number_enc = ? WHERE id = ?", old, booking);
        assertThat(old).startsWith("test1:");
        fullNumber(booking, PERSON_C); // an older key still decrypts

        reencryption.run().await().atMost(Duration.ofSeconds(60));

        String now = (String) row(booking).get("visitor_personal_number_enc");
        assertThat(now).startsWith("test2:").isNotEqualTo(old);
        fullNumber(booking, PERSON_C);
        assertThat(Sql.count("SELECT count(*) FROM booking WHERE visitor_personal_number_enc LIKE 'test1:%'")).isZero();
    }

    @Test
    void shouldFindAPersonUnderThePreviousLookupKeyAndRehashUnderTheCurrentOne() {
        String person = "19121212-1212";
        LocalDate day = tomorrow();
        World w = PrivacyFixtures.world(1, 1, day);
        UUID booking = PrivacyFixtures.book(w, PrivacyFixtures.booking(w, at(day, "11:00"), "Nyckel Byte", null, null,
                person));
        // What an instance wrote before the rotation: the hash under the previous lookup key, with its fingerprint.
        String previousKey = config.previousLookupKeys().orElseThrow().get(0);
        PersonalNumbers before = new PersonalNumbers((PrivacyConfig) Proxy.newProxyInstance(
                PrivacyConfig.class.getClassLoader(), new Class<?>[] { PrivacyConfig.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "lookupKey" -> previousKey;
                    case "previousLookupKeys" -> java.util.Optional.empty();
                    default -> method.invoke(config, args);
                }));
        byte[] oldHash = before.lookupHash(person);
        assertThat(oldHash).isNotEqualTo(numbers.lookupHash(person));
        assertThat(before.lookupHashes(person)).noneMatch(h -> Arrays.equals(h, numbers.lookupHash(person)));
        Sql.update("UPDATE booking SET visitor_personal_number_hmac = ?, visitor_personal_number_hmac_key = ? "
                + "WHERE id = ?", oldHash, before.lookupKeyFingerprint(), booking);

        // Found during the rotation: the extract tries the previous key too.
        given().auth().oauth2(Tokens.admin()).queryParam("personalNumber", person).get("/api/v1/privacy/extract")
                .then().statusCode(200).body("bookings.id", hasItem(booking.toString()));

        reencryption.run().await().atMost(Duration.ofSeconds(60));

        Map<String, Object> row = Sql.rows("SELECT visitor_personal_number_hmac, visitor_personal_number_hmac_key "
                + "FROM booking WHERE id = ?", booking).get(0);
        assertThat((byte[]) row.get("visitor_personal_number_hmac")).isEqualTo(numbers.lookupHash(person));
        assertThat(row.get("visitor_personal_number_hmac_key")).isEqualTo(numbers.lookupKeyFingerprint());
        assertThat(Sql.count("SELECT count(*) FROM booking WHERE visitor_personal_number_hmac IS NOT NULL "
                + "AND visitor_personal_number_hmac_key IS DISTINCT FROM ?", numbers.lookupKeyFingerprint())).isZero();
        fullNumber(booking, person);
        // Found under the current key alone, as after the old key is removed.
        assertThat(Sql.count("SELECT count(*) FROM booking WHERE id = ? AND visitor_personal_number_hmac = ?", booking,
                numbers.lookupHash(person))).isEqualTo(1);
        given().auth().oauth2(Tokens.admin()).queryParam("personalNumber", person).get("/api/v1/privacy/extract")
                .then().statusCode(200).body("bookings.id", hasItem(booking.toString()));
    }

    @Test
    void shouldEncryptClearValuesLeftFromBeforeEncryptionAndRefuseNewOnes() {
        World w = PrivacyFixtures.world(1, 1, tomorrow());
        UUID booking = PrivacyFixtures.book(w, PrivacyFixtures.booking(w, at(tomorrow(), "09:00"), "Gammal Rad",
                null, null, null));
        // A row as V2 stored it. V10's constraint refuses clear values from now on, so this needs it lifted briefly.
        Sql.update("ALTER TABLE booking DROP CONSTRAINT booking_personal_number_not_clear");
        try {
            Sql.update("UPDATE booking SET visitor_personal_number = ? WHERE id = ?", PERSON_B, booking);
        } finally {
            Sql.update("ALTER TABLE booking ADD CONSTRAINT booking_personal_number_not_clear "
                    + "CHECK (visitor_personal_number IS NULL) NOT VALID");
        }
        reencryption.run().await().atMost(Duration.ofSeconds(60));

        Map<String, Object> row = row(booking);
        assertThat(row.get("visitor_personal_number")).isNull();
        assertThat((String) row.get("visitor_personal_number_enc")).startsWith("test2:");
        assertThat(Arrays.equals((byte[]) row.get("visitor_personal_number_hmac"), numbers.lookupHash(PERSON_B)))
                .isTrue();
        fullNumber(booking, PERSON_B);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Sql.update(
                "UPDATE booking SET visitor_personal_number = ? WHERE id = ?", PERSON_B, booking))
                .hasMessageContaining("booking_personal_number_not_clear");
    }

    @Test
    void shouldExtractEveryBookingAndVisitOfAPersonAndAuditTheExtract() {
        LocalDate day = tomorrow();
        World w = PrivacyFixtures.world(2, 2, day);
        // The same person typed two ways, and someone else.
        UUID first = PrivacyFixtures.book(w, PrivacyFixtures.booking(w, at(day, "09:00"), "Extrakt Person",
                "070-123 00 00", "extrakt@example.se", "850704-5675"));
        UUID second = PrivacyFixtures.book(w, PrivacyFixtures.booking(w, at(day, "13:00"), "Extrakt Person",
                null, "extrakt@example.se", "198507045675"));
        UUID stranger = PrivacyFixtures.book(w, PrivacyFixtures.booking(w, at(day, "10:00"), "Någon Annan", null,
                null, PERSON_A));
        clock.pin(at(day, "08:45").toInstant());
        UUID visit = UUID.fromString(given().auth().oauth2(Tokens.desk(w.office()))
                .post("/api/v1/bookings/" + first + "/check-in").then().statusCode(200).extract().path("visit.id"));
        clock.reset();
        long before = Sql.count("SELECT count(*) FROM audit_log WHERE actor = 'test-admin' AND action = 'READ' "
                + "AND resource_id IN (?, ?, ?)", first, second, visit);

        given().auth().oauth2(Tokens.admin()).queryParam("personalNumber", "19850704-5675")
                .get("/api/v1/privacy/extract").then().statusCode(200)
                .body("bookings.findAll { it.office == '" + w.office() + "' }.id",
                        containsInAnyOrder(first.toString(), second.toString()))
                .body("bookings.findAll { it.id == '" + first + "' }[0].personalNumber", equalTo(PERSON_C))
                .body("bookings.findAll { it.id == '" + first + "' }[0].phone", equalTo("070-123 00 00"))
                .body("bookings.findAll { it.id == '" + stranger + "' }", hasSize(0))
                .body("visits.findAll { it.office == '" + w.office() + "' }.id", containsInAnyOrder(visit.toString()))
                .body("visits.findAll { it.id == '" + visit + "' }[0].name", equalTo("Extrakt Person"));

        assertThat(Sql.count("SELECT count(*) FROM audit_log WHERE actor = 'test-admin' AND action = 'READ' "
                + "AND resource_id IN (?, ?, ?)", first, second, visit)).isEqualTo(before + 3);
        UUID person = ExtractService.pseudonym(numbers.lookupHash(PERSON_C));
        assertThat(Sql.count("SELECT count(*) FROM audit_log WHERE chain = '-' AND resource = 'PERSON' "
                + "AND resource_id = ? AND actor = 'test-admin'", person)).isGreaterThanOrEqualTo(1);

        given().auth().oauth2(Tokens.admin()).queryParam("personalNumber", "19850704-5676")
                .get("/api/v1/privacy/extract").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("personalNumber"));
        given().auth().oauth2(Tokens.admin()).get("/api/v1/privacy/extract").then().statusCode(400);
        given().auth().oauth2(Tokens.desk(w.office())).queryParam("personalNumber", PERSON_C)
                .get("/api/v1/privacy/extract").then().statusCode(403);
    }
}
