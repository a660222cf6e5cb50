package se.servicekontor.videomote.devices;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** Shortcuts for the device tests: registering, pairing (as a given client address) and revoking. */
final class DeviceFixtures {

    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private DeviceFixtures() {
    }

    /** A client address no other test uses (the test profile trusts X-Forwarded-For from localhost). */
    static String client() {
        int n = CLIENTS.incrementAndGet() + (int) (Math.random() * 1000) * 1000;
        return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    record Registered(UUID id, String code) {
    }

    static Response register(String office, String token, String kind, String name, UUID room) {
        Map<String, Object> body = new HashMap<>();
        body.put("kind", kind);
        body.put("name", name);
        if (room != null) {
            body.put("room", room.toString());
        }
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/api/v1/offices/" + office + "/devices");
    }

    static Registered registered(String office, String token, String kind, UUID room) {
        Response r = register(office, token, kind, kind.toLowerCase() + " " + UUID.randomUUID(), room);
        r.then().statusCode(201);
        return new Registered(UUID.fromString(r.path("id")), r.path("pairingCode"));
    }

    static RequestSpecification from(String client) {
        return given().header("X-Forwarded-For", client).contentType(ContentType.JSON);
    }

    static Response pair(String code, String client) {
        return from(client).body(Map.of("pairingCode", code)).post("/api/v1/devices/pair");
    }

    /** Registers and pairs a device; its token. */
    static String pairedToken(String office, String token, String kind, UUID room) {
        Registered device = registered(office, token, kind, room);
        return pair(device.code(), client()).then().statusCode(200).extract().path("token");
    }

    static Response revoke(UUID device, String token) {
        return given().auth().oauth2(token).delete("/api/v1/devices/" + device);
    }
}
