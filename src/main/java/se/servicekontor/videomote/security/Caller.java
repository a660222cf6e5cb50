package se.servicekontor.videomote.security;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.security.identity.SecurityIdentity;

/** Who is calling: roles and the office, room and agency claims of the bearer token, or of a paired device. */
public record Caller(String subject, Set<String> roles, String office, String room, String agency) {

    public static final Caller ANONYMOUS = new Caller(null, Set.of(), null, null, null);

    public static Caller of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return ANONYMOUS;
        }
        if (identity.getPrincipal() instanceof DevicePrincipal device) {
            return new Caller(device.getName(), Set.copyOf(identity.getRoles()), device.office(),
                    device.room() == null ? null : device.room().toString(), null);
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            return new Caller(jwt.getSubject(), Set.copyOf(identity.getRoles()), claim(jwt, "office"),
                    claim(jwt, "room"), claim(jwt, "agency"));
        }
        return new Caller(identity.getPrincipal().getName(), Set.copyOf(identity.getRoles()), null, null, null);
    }

    private static String claim(JsonWebToken jwt, String name) {
        Object value = jwt.getClaim(name);
        if (value == null) {
            return null;
        }
        String text = value instanceof jakarta.json.JsonString s ? s.getString() : value.toString();
        return text.isBlank() ? null : text;
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return has(Roles.ADMIN);
    }

    /** True for roles bound to one office: desk, kiosk and room terminal. */
    public boolean isOfficeBound() {
        return !isAdmin() && (has(Roles.DESK) || has(Roles.KIOSK) || has(Roles.ROOM));
    }

    /** The officer id of an officer token. */
    public Optional<UUID> officerId() {
        if (!has(Roles.OFFICER) || subject == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(subject));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The room id of a room terminal token. */
    public Optional<UUID> roomId() {
        if (room == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(room));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A stable name for scoping idempotency keys and audit columns; never personal data. */
    public String key() {
        return subject != null ? subject : (office != null ? "office:" + office : "anonymous");
    }
}
