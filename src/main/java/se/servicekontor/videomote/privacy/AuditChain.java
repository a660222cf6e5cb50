package se.servicekontor.videomote.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;

/**
 * The hash of an access-log row, computed in Java independently of the database function that wrote it
 * ({@code audit_canonical} and {@code audit_append} in V10__privacy.sql): SHA-256 over the previous row's hash and
 * the row's fields, each length-prefixed, the time in microseconds since the epoch.
 */
final class AuditChain {

    /** The previous hash of a chain's first row. */
    static final byte[] GENESIS = new byte[32];

    private AuditChain() {
    }

    /** One stored row, as verification reads it. */
    record Row(String chain, long seq, Instant at, String actor, String role, String action, String resource,
            UUID resourceId, byte[] prevHash, byte[] hash) {
    }

    static byte[] hash(byte[] prev, Row r) {
        String canonical = field(r.chain()) + "|" + r.seq() + "|" + micros(r.at()) + "|" + field(r.actor()) + "|"
                + field(r.role()) + "|" + r.action() + "|" + r.resource() + "|" + r.resourceId();
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prev);
            sha.update(canonical.getBytes(StandardCharsets.UTF_8));
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /** What is wrong with {@code row} after a row whose hash was {@code prev} and seq {@code prevSeq}, or null. */
    static String check(long prevSeq, byte[] prev, Row row) {
        if (row.seq() != prevSeq + 1) {
            return "seq " + row.seq() + " follows " + prevSeq + ": rows are missing";
        }
        if (!Arrays.equals(prev, row.prevHash())) {
            return "its previous hash is not the hash of the row before it";
        }
        if (!Arrays.equals(hash(prev, row), row.hash())) {
            return "its content does not match its hash";
        }
        return null;
    }

    private static String field(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length + ":" + value;
    }

    private static long micros(Instant at) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, at);
    }
}
