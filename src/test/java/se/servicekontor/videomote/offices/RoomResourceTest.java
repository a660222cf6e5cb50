package se.servicekontor.videomote.offices;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import se.servicekontor.videomote.testing.Sql;
import se.servicekontor.videomote.testing.TestData;
import se.servicekontor.videomote.testing.Tokens;

@QuarkusTest
class RoomResourceTest {

    private static String status(UUID room) {
        return (String) Sql.value("SELECT status FROM room WHERE id = ?", room);
    }

    @Test
    void shouldAddRoomsAndListThemForAdminDeskAndKiosk() {
        var o = TestData.office(TestData.agency().code());
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON)
                .body(Map.of("name", "Besöksrum 2", "accessible", true, "capacity", 3))
                .post("/api/v1/offices/" + o.id() + "/rooms")
                .then().statusCode(201).body("status", equalTo("AVAILABLE")).body("accessible", equalTo(true))
                .body("capacity", equalTo(3));
        TestData.room(o.id(), "Besöksrum 1");
        for (String token : List.of(Tokens.admin(), Tokens.desk(o.id()), Tokens.kiosk(o.id()))) {
            given().auth().oauth2(token).get("/api/v1/offices/" + o.id() + "/rooms")
                    .then().statusCode(200).body("name", contains("Besöksrum 1", "Besöksrum 2"));
        }
    }

    @Test
    void shouldScopeAndGuardRoomEndpoints() {
        var agency = TestData.agency();
        var o = TestData.office(agency.code());
        var other = TestData.office(agency.code());
        given().auth().oauth2(Tokens.desk(other.id())).get("/api/v1/offices/" + o.id() + "/rooms").then().statusCode(404);
        given().auth().oauth2(Tokens.kiosk(other.id())).get("/api/v1/offices/" + o.id() + "/rooms").then().statusCode(404);
        given().auth().oauth2(Tokens.officer(UUID.randomUUID(), agency.code())).get("/api/v1/offices/" + o.id() + "/rooms")
                .then().statusCode(403);
        given().auth().oauth2(Tokens.desk(o.id())).contentType(ContentType.JSON).body(Map.of("name", "R"))
                .post("/api/v1/offices/" + o.id() + "/rooms").then().statusCode(403);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("name", "R"))
                .post("/api/v1/offices/no-such-office/rooms").then().statusCode(404);
        given().get("/api/v1/offices/" + o.id() + "/rooms").then().statusCode(401);
        assertThat(Sql.count("SELECT count(*) FROM room WHERE office_id = ?", o.id())).isZero();
    }

    @Test
    void shouldRejectInvalidAndDuplicateRooms() {
        var o = TestData.office(TestData.agency().code());
        TestData.room(o.id(), "Rum A");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("name", "rum a"))
                .post("/api/v1/offices/" + o.id() + "/rooms").then().statusCode(409).contentType("application/problem+json");
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("name", " ", "capacity", 0))
                .post("/api/v1/offices/" + o.id() + "/rooms")
                .then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItems("name", "capacity"));
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body("{\"name\":\"x\",\"accessible\":\"maybe\"}")
                .post("/api/v1/offices/" + o.id() + "/rooms").then().statusCode(400).body("errors[0].field", equalTo("accessible"));
        assertThat(Sql.count("SELECT count(*) FROM room WHERE office_id = ?", o.id())).isEqualTo(1);
    }

    @Test
    void shouldLetDeskSetRoomStatusAndRaiseEvents() {
        var o = TestData.office(TestData.agency().code());
        UUID room = TestData.room(o.id(), "Rum 1");
        given().auth().oauth2(Tokens.desk(o.id())).contentType(ContentType.JSON).body(Map.of("status", "OUT_OF_SERVICE"))
                .put("/api/v1/offices/" + o.id() + "/rooms/" + room + "/status")
                .then().statusCode(200).body("status", equalTo("OUT_OF_SERVICE")).body("id", equalTo(room.toString()));
        assertThat(status(room)).isEqualTo("OUT_OF_SERVICE");

        var events = Sql.rows("SELECT stream, seq, type, data->>'status' AS status FROM live_message WHERE stream IN (?, ?) ORDER BY stream",
                "desk:" + o.id(), "room:" + room);
        assertThat(events).extracting(e -> e.get("stream")).containsExactly("desk:" + o.id(), "room:" + room);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.get("type")).isEqualTo("room.status");
            assertThat(e.get("status")).isEqualTo("OUT_OF_SERVICE");
            assertThat(e.get("seq")).isEqualTo(1L);
        });

        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("status", "AVAILABLE"))
                .put("/api/v1/offices/" + o.id() + "/rooms/" + room + "/status").then().statusCode(200);
        assertThat(Sql.value("SELECT max(seq) FROM live_message WHERE stream = ?", "desk:" + o.id())).isEqualTo(2L);
    }

    @Test
    void shouldReserveSystemStatusesAndProtectRoomsHeldByVisits() {
        var o = TestData.office(TestData.agency().code());
        UUID room = TestData.room(o.id(), "Rum 1");
        String path = "/api/v1/offices/" + o.id() + "/rooms/" + room + "/status";
        for (String system : List.of("RESERVED", "OCCUPIED")) {
            given().auth().oauth2(Tokens.desk(o.id())).contentType(ContentType.JSON).body(Map.of("status", system))
                    .put(path).then().statusCode(409).contentType("application/problem+json");
        }
        given().auth().oauth2(Tokens.desk(o.id())).contentType(ContentType.JSON).body(Map.of("status", "BROKEN"))
                .put(path).then().statusCode(400).body("errors[0].field", equalTo("status"));
        given().auth().oauth2(Tokens.desk(o.id())).contentType(ContentType.JSON).body(Map.of())
                .put(path).then().statusCode(400).body("errors.field", hasItem("status"));
        assertThat(status(room)).isEqualTo("AVAILABLE");

        Sql.update("UPDATE room SET status = 'OCCUPIED' WHERE id = ?", room);
        given().auth().oauth2(Tokens.desk(o.id())).contentType(ContentType.JSON).body(Map.of("status", "OUT_OF_SERVICE"))
                .put(path).then().statusCode(409);
        assertThat(status(room)).isEqualTo("OCCUPIED");

        given().auth().oauth2(Tokens.desk(o.id())).contentType(ContentType.JSON).body(Map.of("status", "CLEANING"))
                .put("/api/v1/offices/" + o.id() + "/rooms/" + UUID.randomUUID() + "/status").then().statusCode(404);
        var other = TestData.office(TestData.agency().code());
        given().auth().oauth2(Tokens.desk(other.id())).contentType(ContentType.JSON).body(Map.of("status", "CLEANING"))
                .put(path).then().statusCode(404);
        given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(Map.of("status", "CLEANING"))
                .put("/api/v1/offices/" + other.id() + "/rooms/" + room + "/status").then().statusCode(404);
        assertThat(Sql.count("SELECT count(*) FROM live_message WHERE stream = ?", "room:" + room)).isZero();
    }
}
