package se.servicekontor.videomote.visits;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.live.Audience;
import se.servicekontor.videomote.live.FollowedStreams;
import se.servicekontor.videomote.live.SnapshotPart;
import se.servicekontor.videomote.live.Streams;
import se.servicekontor.videomote.privacy.Audit;
import se.servicekontor.videomote.privacy.Audit.Action;
import se.servicekontor.videomote.security.Caller;
import se.servicekontor.videomote.visits.VisitRecords.QueueView;
import se.servicekontor.videomote.visits.VisitRecords.TicketView;
import se.servicekontor.videomote.visits.VisitRecords.VisitView;

/** What the visits add to live snapshots, and the agency stream every officer follows. */
final class VisitSnapshots {

    private VisitSnapshots() {
    }

    private static final String HELD_BY_OFFICER = "SELECT id FROM visit WHERE officer_id = $1 AND status IN ('CALLED', 'IN_MEETING')";
    private static final String HELD_IN_ROOM = "SELECT id FROM visit WHERE room_id = $1 AND status IN ('CALLED', 'IN_MEETING')";
    private static final String OFFICER_AGENCY = "SELECT agency_code FROM case_officer WHERE id = $1";

    /** The office's queue: without names for the display, with names for the desk. */
    @ApplicationScoped
    static class Queue implements SnapshotPart {

        private final QueueService queues;
        private final Clock clock;
        private final Audit audit;
        private final Db db;

        Queue(QueueService queues, Clock clock, Audit audit, Db db) {
            this.queues = queues;
            this.clock = clock;
            this.audit = audit;
            this.db = db;
        }

        @Override
        public String name() {
            return "queue";
        }

        @Override
        public boolean appliesTo(Audience audience) {
            return audience == Audience.DISPLAY || audience == Audience.DESK;
        }

        @Override
        public Uni<Object> read(SqlConnection tx, Audience audience, String key) {
            return queues.read(tx, key, audience == Audience.DESK, queues.defaultLimit(), clock.instant())
                    .map(queue -> queue);
        }

        /** A desk's snapshot shows the waiting visitors' names: one READ row per visit, as the queue's REST read. */
        @Override
        public Uni<Void> shown(Audience audience, String key, Object value, Caller caller) {
            if (audience != Audience.DESK || !(value instanceof QueueView queue)) {
                return Uni.createFrom().voidItem();
            }
            return audit.record(db.pool(), QueueService.shown(Actor.of(caller), queue));
        }
    }

    /** The visit an officer serves, or the ticket called to a room (never a name for the room). */
    @ApplicationScoped
    static class Current implements SnapshotPart {

        private final VisitQueries queries;
        private final Audit audit;
        private final Db db;

        Current(VisitQueries queries, Audit audit, Db db) {
            this.queries = queries;
            this.audit = audit;
            this.db = db;
        }

        @Override
        public String name() {
            return "visit";
        }

        @Override
        public boolean appliesTo(Audience audience) {
            return audience == Audience.OFFICER || audience == Audience.ROOM;
        }

        @Override
        public Uni<Object> read(SqlConnection tx, Audience audience, String key) {
            String sql = audience == Audience.OFFICER ? HELD_BY_OFFICER : HELD_IN_ROOM;
            return tx.preparedQuery(sql).execute(Tuple.of(UUID.fromString(key))).chain(rows -> {
                if (!rows.iterator().hasNext()) {
                    return Uni.createFrom().nullItem();
                }
                return queries.view(tx, rows.iterator().next().getUUID(0)).map(visit -> {
                    VisitView view = VisitView.from(visit, null, null);
                    return audience == Audience.OFFICER ? view : TicketView.from(view);
                });
            });
        }

        /** An officer's snapshot shows the served visitor's name: one READ row, as the visit's REST read. */
        @Override
        public Uni<Void> shown(Audience audience, String key, Object value, Caller caller) {
            if (audience != Audience.OFFICER || !(value instanceof VisitView view) || view.visitorName() == null) {
                return Uni.createFrom().voidItem();
            }
            return audit.record(db.pool(), VisitService.audited(Actor.of(caller), Action.READ, view));
        }
    }

    /** How many wait for the officer's agency across the country, per service. */
    @ApplicationScoped
    static class Waiting implements SnapshotPart, FollowedStreams {

        private final VisitQueries queries;
        private final VisitsConfig config;
        private final Clock clock;

        Waiting(VisitQueries queries, VisitsConfig config, Clock clock) {
            this.queries = queries;
            this.config = config;
            this.clock = clock;
        }

        @Override
        public String name() {
            return "waiting";
        }

        @Override
        public boolean appliesTo(Audience audience) {
            return audience == Audience.OFFICER;
        }

        @Override
        public Uni<Object> read(SqlConnection tx, Audience audience, String key) {
            return agency(tx, key).chain(agency -> agency == null ? Uni.createFrom().nullItem()
                    : queries.agencyWaiting(tx, agency, clock.instant(), config.interpreterLanguage()).map(w -> w));
        }

        @Override
        public Uni<List<String>> streams(SqlClient client, Audience audience, String key) {
            if (audience != Audience.OFFICER) {
                return Uni.createFrom().item(List.of());
            }
            return agency(client, key).map(agency -> agency == null ? List.of() : List.of(Streams.agency(agency)));
        }

        private static Uni<String> agency(SqlClient client, String officerId) {
            return client.preparedQuery(OFFICER_AGENCY).execute(Tuple.of(UUID.fromString(officerId)))
                    .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null);
        }
    }
}
