package se.servicekontor.videomote.common;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.hibernate.reactive.mutiny.Mutiny;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code Idempotency-Key} for writes that create things: the same key and body within 24 hours answer the first
 * response again and create nothing new; the same key with another body answers 422.
 *
 * <p>The key is claimed inside the transaction that creates the thing, so the two commit or roll back together.
 * A concurrent request with the same key waits on the key's row lock, then replays the committed answer.
 */
@ApplicationScoped
public class Idempotency {

    public static final String HEADER = "Idempotency-Key";
    public static final Duration LIFETIME = Duration.ofHours(24);

    private static final String CLAIM = """
            INSERT INTO idempotency_key (scope, key, fingerprint, created_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (scope, key) DO UPDATE
                SET fingerprint = EXCLUDED.fingerprint, created_at = EXCLUDED.created_at,
                    response_status = NULL, response_body = NULL, response_location = NULL
                WHERE idempotency_key.created_at <= $5""";
    private static final String REMEMBER = """
            UPDATE idempotency_key SET response_status = $3, response_body = $4, response_location = $5
            WHERE scope = $1 AND key = $2""";
    private static final String LOOKUP = """
            SELECT fingerprint, response_status, response_body, response_location FROM idempotency_key
            WHERE scope = $1 AND key = $2 AND created_at > $3""";

    /** A request's key: who sent it to which resource, the key itself, and a digest of the body. */
    public record Key(String scope, String key, String fingerprint) {
    }

    /** A claim that lost to an earlier request with the same key: the earlier answer is replayed. */
    static final class AlreadyClaimed extends RuntimeException {
        AlreadyClaimed() {
            super(null, null, false, false);
        }
    }

    private final Db db;
    private final ObjectMapper json;
    private final Clock clock;

    public Idempotency(Db db, ObjectMapper json, Clock clock) {
        this.db = db;
        this.json = json;
        this.clock = clock;
    }

    /**
     * The key of a request, or null when the request has no {@code Idempotency-Key} header.
     *
     * @param caller   who sends it (keys of different callers never collide)
     * @param resource method and path, e.g. {@code POST /api/v1/bookings}
     * @param body     the parsed request body; its canonical JSON is fingerprinted
     */
    public Key key(String header, String caller, String resource, Object body) {
        if (header == null) {
            return null;
        }
        if (header.isBlank() || header.length() > 200 || !header.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw ApiException.invalid(HEADER, "must be 1 to 200 visible ASCII characters");
        }
        try {
            byte[] canonical = json.writeValueAsBytes(body);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(resource.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(canonical);
            return new Key(caller + " " + resource, header, HexFormat.of().formatHex(sha.digest()));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot fingerprint request", e);
        }
    }

    /**
     * Replays the stored answer for {@code key} if there is one; otherwise runs {@code action}, which must claim the
     * key in its transaction. A claim lost to a concurrent request replays that request's answer.
     */
    public Uni<Response> replayOr(Key key, Supplier<Uni<Response>> action) {
        if (key == null) {
            return action.get();
        }
        return lookup(key).chain(stored -> stored != null
                ? Uni.createFrom().item(replay(stored, key))
                : action.get().onFailure(this::lostClaim).recoverWithUni(e -> lookup(key).map(again -> {
                    if (again == null || again.status() == null) {
                        throw ApiException.conflict("A request with this Idempotency-Key is still in progress.");
                    }
                    return replay(again, key);
                })));
    }

    /** Claims {@code key} inside the raw SQL transaction {@code tx}; a no-op without a key. */
    public Uni<Void> claim(SqlConnection tx, Key key) {
        if (key == null) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery(CLAIM).execute(claimTuple(key)).invoke(rows -> {
            if (rows.rowCount() == 0) {
                throw new AlreadyClaimed();
            }
        }).replaceWithVoid();
    }

    /** Claims {@code key} inside a Hibernate Reactive transaction. */
    public Uni<Void> claim(Mutiny.Session session, Key key) {
        if (key == null) {
            return Uni.createFrom().voidItem();
        }
        OffsetDateTime now = now();
        return session.createNativeQuery(CLAIM.replace("$", "?"))
                .setParameter(1, key.scope()).setParameter(2, key.key()).setParameter(3, key.fingerprint())
                .setParameter(4, now).setParameter(5, now.minus(LIFETIME))
                .executeUpdate()
                .invoke(count -> {
                    if (count == 0) {
                        throw new AlreadyClaimed();
                    }
                }).replaceWithVoid();
    }

    /** Stores the answer for {@code key} in the same raw SQL transaction that claimed it. */
    public Uni<Void> remember(SqlConnection tx, Key key, int status, Object body, URI location) {
        if (key == null) {
            return Uni.createFrom().voidItem();
        }
        return tx.preparedQuery(REMEMBER)
                .execute(Tuple.of(key.scope(), key.key(), status, write(body), location == null ? null : location.toString()))
                .replaceWithVoid();
    }

    /** Stores the answer for {@code key} in the same Hibernate Reactive transaction that claimed it. */
    public Uni<Void> remember(Mutiny.Session session, Key key, int status, Object body, URI location) {
        if (key == null) {
            return Uni.createFrom().voidItem();
        }
        return session.createNativeQuery(REMEMBER.replace("$", "?"))
                .setParameter(1, key.scope()).setParameter(2, key.key()).setParameter(3, status)
                .setParameter(4, write(body)).setParameter(5, location == null ? null : location.toString())
                .executeUpdate().replaceWithVoid();
    }

    /** Keys live 24 hours. */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> forgetExpired() {
        return db.pool().preparedQuery("DELETE FROM idempotency_key WHERE created_at <= $1")
                .execute(Tuple.of(now().minus(LIFETIME)))
                .invoke(rows -> Log.debugf("Forgot %d expired idempotency keys", rows.rowCount()))
                .replaceWithVoid();
    }

    private record Stored(String fingerprint, Integer status, String body, String location) {
        static Stored from(Row row) {
            return new Stored(row.getString("fingerprint"), row.getInteger("response_status"),
                    row.getString("response_body"), row.getString("response_location"));
        }
    }

    private Uni<Stored> lookup(Key key) {
        return db.pool().preparedQuery(LOOKUP).execute(Tuple.of(key.scope(), key.key(), now().minus(LIFETIME)))
                .map(rows -> rows.iterator().hasNext() ? Stored.from(rows.iterator().next()) : null);
    }

    private Response replay(Stored stored, Key key) {
        if (!stored.fingerprint().equals(key.fingerprint())) {
            throw ApiException.idempotencyMismatch();
        }
        if (stored.status() == null) {
            throw ApiException.conflict("A request with this Idempotency-Key is still in progress.");
        }
        Response.ResponseBuilder answer = Response.status(stored.status()).entity(stored.body())
                .type(MediaType.APPLICATION_JSON_TYPE).header("Idempotent-Replayed", "true");
        if (stored.location() != null) {
            answer.location(URI.create(stored.location()));
        }
        return answer.build();
    }

    private boolean lostClaim(Throwable e) {
        return e instanceof AlreadyClaimed || PgErrors.isConstraint(e, "idempotency_key_pkey")
                || (e.getCause() instanceof AlreadyClaimed);
    }

    private Tuple claimTuple(Key key) {
        OffsetDateTime now = now();
        return Tuple.from(new Object[] { key.scope(), key.key(), key.fingerprint(), now, now.minus(LIFETIME) });
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot store response", e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
