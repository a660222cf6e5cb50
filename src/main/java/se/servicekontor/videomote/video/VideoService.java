package se.servicekontor.videomote.video;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.common.Tx;
import se.servicekontor.videomote.live.EventLog;
import se.servicekontor.videomote.security.Caller;
import se.servicekontor.videomote.security.Roles;
import se.servicekontor.videomote.video.VideoSessionView.Join;

/**
 * Video sessions: opened when a visit is called, ended when the visit ends, and the joins each caller may have.
 *
 * <p>{@link #open} and {@link #end} run inside the visit's own transaction, so a session exists exactly while its
 * visit is called or in a meeting, and its live events commit with the visit's. They log at debug level only: the
 * caller logs the business event (visit called, completed, ...) once its transaction has committed, with the
 * session id.
 */
@ApplicationScoped
public class VideoService {

    private static final int PURGE_BATCH = 200;
    /** A visit outcome in UPPER_SNAKE, as the video_session.end_reason check of V4 accepts it. */
    private static final Pattern END_REASON = Pattern.compile("[A-Z][A-Z_]{0,39}");

    private final VideoQueries queries;
    private final VideoProviders providers;
    private final JoinTokens tokens;
    private final EventLog events;
    private final VideoConfig config;
    private final Db db;
    private final Clock clock;

    VideoService(VideoQueries queries, VideoProviders providers, JoinTokens tokens, EventLog events, VideoConfig config,
            Db db, Clock clock) {
        this.queries = queries;
        this.providers = providers;
        this.tokens = tokens;
        this.events = events;
        this.config = config;
        this.db = db;
        this.clock = clock;
    }

    /**
     * Opens the session of a visit just called to a room and an officer, with the configured provider, and tells the
     * room terminal and the officer (live {@code video.ready}: the session id, never a visitor's name). Call it in
     * the transaction that calls the visit. Answers the session as the officer sees it: the officer's join with its
     * token, the room's join without. Fails with 404 when the office has no such room, and with a conflict when
     * the visit or the room already has an open session.
     */
    public Uni<VideoSessionView> open(Tx tx, VideoParticipants participants) {
        return open(tx, participants, providers.forNewSessions().kind());
    }

    Uni<VideoSessionView> open(Tx tx, VideoParticipants participants, ProviderKind provider) {
        Instant now = clock.instant();
        return queries.insert(tx.connection(), UUID.randomUUID(), participants, provider, tokens.newKey(), now)
                .map(session -> {
                    if (session == null) {
                        throw ApiException.notFound("Room", participants.roomId());
                    }
                    tx.emit(VideoEvents.opened(session));
                    Log.debugf("Video session %s (%s) opened for visit %s in room %s", session.id(), provider,
                            session.visitId(), session.roomId());
                    return view(session, EnumSet.of(Side.OFFICER), now);
                });
    }

    /**
     * Ends the visit's open session, if it has one (a visit that was never called has none): its join tokens stop
     * working at once, and peers connected to the signaling relay, on any instance, are sent {@code bye} and
     * disconnected when the transaction commits. Call it in the transaction that completes, marks as no-show,
     * requeues, transfers or cancels the visit; {@code reason} is that outcome in UPPER_SNAKE, e.g. {@code COMPLETED}.
     */
    public Uni<Void> end(Tx tx, UUID visitId, String reason) {
        if (reason == null || !END_REASON.matcher(reason).matches()) {
            return Uni.createFrom().failure(new IllegalArgumentException("End reason must be UPPER_SNAKE: " + reason));
        }
        return queries.end(tx.connection(), visitId, reason, clock.instant()).invoke(session -> {
            if (session != null) {
                tx.emit(VideoEvents.ended(session, reason));
                Log.debugf("Video session %s of visit %s ended: %s", session.id(), visitId, reason);
            }
        }).replaceWithVoid();
    }

    /**
     * The open session of a visit for the officer serving it (the officer's token), the desk of its office (the
     * room's token, to start the terminal's side) or an admin (no token). Anyone else, or no open session: 404.
     */
    public Uni<VideoSessionView> forVisit(UUID visitId, Caller caller) {
        return db.withConnection(c -> queries.openOfVisit(c, visitId)).map(session -> {
            if (session == null) {
                throw ApiException.notFound("Video session of visit", visitId);
            }
            Set<Side> sides;
            if (caller.isAdmin()) {
                sides = EnumSet.noneOf(Side.class);
            } else if (caller.has(Roles.OFFICER) && caller.officerId().filter(session.officerId()::equals).isPresent()) {
                sides = EnumSet.of(Side.OFFICER);
            } else if (caller.has(Roles.DESK) && session.officeId().equals(caller.office())) {
                sides = EnumSet.of(Side.ROOM);
            } else {
                throw ApiException.notFound("Video session of visit", visitId);
            }
            return view(session, sides, clock.instant());
        });
    }

    /** The open session of a room, for that room's terminal only, with the room's token: 404 for anyone else or none. */
    public Uni<VideoSessionView> forRoom(UUID roomId, Caller caller) {
        if (!caller.has(Roles.ROOM) || caller.roomId().filter(roomId::equals).isEmpty()) {
            return Uni.createFrom().failure(ApiException.notFound("Video session of room", roomId));
        }
        return db.withConnection(c -> queries.openOfRoom(c, roomId)).map(session -> {
            if (session == null || !session.officeId().equals(caller.office())) {
                throw ApiException.notFound("Video session of room", roomId);
            }
            return view(session, EnumSet.of(Side.ROOM), clock.instant());
        });
    }

    /** Deletes the relayed signaling of sessions that ended more than {@code videomote.video.relay-retention} ago. */
    @Scheduled(every = "1m", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeRelays() {
        Instant before = clock.instant().minus(config.relayRetention());
        return db.inTransaction(tx -> queries.markPurged(tx.connection(), before, PURGE_BATCH).chain(ids -> {
            List<String> streams = new ArrayList<>();
            ids.forEach(id -> {
                streams.add(VideoEvents.inbox(id, Side.ROOM));
                streams.add(VideoEvents.inbox(id, Side.OFFICER));
            });
            return events.forget(tx.connection(), streams)
                    .chain(() -> ids.isEmpty() ? Uni.createFrom().voidItem() : queries.forgetPeers(tx.connection(), ids))
                    .replaceWith(ids.size());
        })).chain(n -> {
            if (n > 0) {
                Log.debugf("Purged the relayed signaling of %d ended video sessions", n);
            }
            return n == PURGE_BATCH ? purgeRelays() : Uni.createFrom().voidItem();
        });
    }

    /** The session with the joins of all sides, and the tokens (and ICE servers) of {@code withTokens} only. */
    private VideoSessionView view(VideoSession session, Set<Side> withTokens, Instant now) {
        VideoProvider provider = providers.of(session.provider());
        Instant expiresAt = now.plus(config.joinTokenTtl());
        return new VideoSessionView(session.provider().name(), session.id(), session.visitId(), session.roomId(),
                session.openedAt().atZone(session.zone()).toOffsetDateTime(),
                join(provider, session, Side.OFFICER, withTokens, now, expiresAt),
                join(provider, session, Side.ROOM, withTokens, now, expiresAt),
                withTokens.isEmpty() ? List.of() : provider.iceServers(session, now),
                expiresAt.atZone(session.zone()).toOffsetDateTime());
    }

    private static Join join(VideoProvider provider, VideoSession session, Side side, Set<Side> withTokens, Instant now,
            Instant expiresAt) {
        return new Join(provider.url(session, side),
                withTokens.contains(side) ? provider.token(session, side, now, expiresAt) : null);
    }
}
