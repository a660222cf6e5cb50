package se.servicekontor.videomote.video;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.common.Ids;
import se.servicekontor.videomote.common.Event;
import se.servicekontor.videomote.live.LiveHub;

/**
 * Admits a peer to a session's signaling relay before the upgrade, and so before any message: the join token from
 * {@code ?token=} decides the side. Answers 401 without a valid token for this session (missing, malformed,
 * expired, forged, or of another session), 404 for an unknown session or one of another provider, 410 once the
 * session has ended, 409 while the token's side is connected already (a third client), 503 while the instance shuts
 * down.
 *
 * <p>Admission claims the side in the database, so the two-peer rule holds across instances, and tells the other side
 * ({@code peer-joined}). It reads the position of the peer's relay stream before the other side's presence, so a
 * message sent by a peer that saw this one is always after that position.
 */
@ApplicationScoped
class VideoUpgradeCheck implements HttpUpgradeCheck {

    private final Db db;
    private final VideoQueries queries;
    private final JoinTokens tokens;
    private final LiveHub hub;
    private final SignalingRelay relay;
    private final VideoConfig config;
    private final Clock clock;
    private final List<VideoJoinListener> joined;

    VideoUpgradeCheck(Db db, VideoQueries queries, JoinTokens tokens, LiveHub hub, SignalingRelay relay,
            VideoConfig config, Clock clock, jakarta.enterprise.inject.Instance<VideoJoinListener> joined) {
        this.joined = joined.stream().toList();
        this.db = db;
        this.queries = queries;
        this.tokens = tokens;
        this.hub = hub;
        this.relay = relay;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return VideoSocket.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (relay.shuttingDown()) {
            return CheckResult.rejectUpgrade(503, Map.of("Retry-After", List.of("1")));
        }
        UUID sessionId = Ids.uuidOrNull(context.pathParam("sessionId"));
        if (sessionId == null) {
            return CheckResult.rejectUpgrade(404);
        }
        String token = context.httpRequest().getParam("token");
        if (token == null || token.isBlank()) {
            return CheckResult.rejectUpgrade(401);
        }
        Instant now = clock.instant();
        UUID holder = UUID.randomUUID();
        return db.inTransaction(tx -> queries.lockForAdmission(tx.connection(), sessionId).chain(session -> {
            if (session == null || session.provider() != ProviderKind.BUILTIN) {
                return refuse(404);
            }
            if (!session.open()) {
                return refuse(410);
            }
            Side side = tokens.verify(token, sessionId, session.joinKey(), now);
            if (side == null) {
                return refuse(401);
            }
            return hub.head(tx.connection(), VideoEvents.inbox(sessionId, side))
                    .chain(head -> queries.claim(tx.connection(), sessionId, side, holder, config.peerTimeout())
                            .chain(claimed -> {
                                if (!claimed) {
                                    return refuse(409);
                                }
                                return queries.peer(tx.connection(), sessionId, side.other(), config.peerTimeout())
                                        .call(peer -> peer == null ? Uni.createFrom().voidItem()
                                                : bothJoined(tx, session))
                                        .map(peer -> {
                                            tx.emit(new Event(VideoEvents.inbox(sessionId, side.other()),
                                                    VideoEvents.SIGNAL, SignalMessages.presence("peer-joined", side, holder)));
                                            return new Outcome(new Admission(sessionId, side, holder, head, peer), 0);
                                        });
                            }));
        })).map(outcome -> {
            if (outcome.admission() == null) {
                Log.infof("Refused a connection to video session %s: %d", sessionId, outcome.status());
                return CheckResult.rejectUpgradeSync(outcome.status());
            }
            context.userData().put(Admission.KEY, outcome.admission());
            return CheckResult.permitUpgradeSync();
        }).onFailure().recoverWithItem(e -> {
            Log.warnf("Cannot admit a connection to video session %s: %s", sessionId, e.toString());
            return CheckResult.rejectUpgradeSync(503, Map.of("Retry-After", List.of("1")));
        });
    }

    private record Outcome(Admission admission, int status) {
    }

    /** Both sides are connected now: in the same transaction, whoever listens (the visit starts). */
    private Uni<Void> bothJoined(se.servicekontor.videomote.common.Tx tx, VideoSession session) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (VideoJoinListener listener : joined) {
            chain = chain.call(() -> listener.bothJoined(tx, session.id(), session.visitId(), session.officerId()));
        }
        return chain;
    }

    private static Uni<Outcome> refuse(int status) {
        return Uni.createFrom().item(new Outcome(null, status));
    }
}
