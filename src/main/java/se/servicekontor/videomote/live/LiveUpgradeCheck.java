package se.servicekontor.videomote.live;

import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import se.servicekontor.videomote.common.Ids;
import se.servicekontor.videomote.security.Caller;
import se.servicekontor.videomote.security.Roles;

/**
 * Scopes live streams like the REST API, before the upgrade and so before any message: a kiosk or desk only its own
 * office, an officer only its own stream, a room terminal only its own room. Roles are checked by
 * {@code @RolesAllowed} on the endpoints (401 without a valid token, 403 for a wrong role); this answers 403 for
 * another office, officer or room, 404 for one that does not exist, 400 for a malformed {@code after}, and 503 while
 * the instance shuts down. A valid {@code after} is handed to the connection as {@link LiveSockets#AFTER}.
 */
@ApplicationScoped
public class LiveUpgradeCheck implements HttpUpgradeCheck {

    /** A position in a stream, as {@code ?after=N}. */
    private static final Pattern AFTER_VALUE = Pattern.compile("\\d{1,18}");
    private static final Set<String> ENDPOINTS = Set.of(DisplaySocket.ID, DeskSocket.ID, OfficerSocket.ID, RoomSocket.ID);

    private final Pool pool;
    private final LiveSockets sockets;

    LiveUpgradeCheck(Pool pool, LiveSockets sockets) {
        this.pool = pool;
        this.sockets = sockets;
    }

    @Override
    public boolean appliesTo(String endpointId) {
        return ENDPOINTS.contains(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        if (sockets.shuttingDown()) {
            return CheckResult.rejectUpgrade(503, java.util.Map.of("Retry-After", java.util.List.of("1")));
        }
        String after = context.httpRequest().getParam("after");
        if (after != null) {
            if (!AFTER_VALUE.matcher(after).matches()) {
                return CheckResult.rejectUpgrade(400);
            }
            context.userData().put(LiveSockets.AFTER, Long.parseLong(after));
        }
        return context.securityIdentity().chain(identity -> {
            Caller caller = Caller.of(identity);
            if (caller == Caller.ANONYMOUS) {
                return CheckResult.rejectUpgrade(401);
            }
            context.userData().put(LiveSockets.CALLER, caller);
            return switch (context.endpointId()) {
                case DisplaySocket.ID -> office(caller, Roles.KIOSK, context.pathParam("officeId"));
                case DeskSocket.ID -> office(caller, Roles.DESK, context.pathParam("officeId"));
                case OfficerSocket.ID -> officer(caller, context.pathParam("officerId"));
                case RoomSocket.ID -> room(caller, context.pathParam("roomId"));
                default -> CheckResult.rejectUpgrade(404);
            };
        });
    }

    private Uni<CheckResult> office(Caller caller, String role, String officeId) {
        if (!caller.isAdmin() && !(caller.has(role) && officeId.equals(caller.office()))) {
            return CheckResult.rejectUpgrade(403);
        }
        return exists("SELECT 1 FROM office WHERE id = $1", officeId);
    }

    private Uni<CheckResult> officer(Caller caller, String officerId) {
        UUID id = Ids.uuidOrNull(officerId);
        if (id == null) {
            return CheckResult.rejectUpgrade(404);
        }
        if (caller.officerId().filter(id::equals).isEmpty()) {
            return CheckResult.rejectUpgrade(403);
        }
        return exists("SELECT 1 FROM case_officer WHERE id = $1", id);
    }

    private Uni<CheckResult> room(Caller caller, String roomId) {
        UUID id = Ids.uuidOrNull(roomId);
        if (id == null) {
            return CheckResult.rejectUpgrade(404);
        }
        if (!caller.has(Roles.ROOM) || caller.roomId().filter(id::equals).isEmpty()) {
            return CheckResult.rejectUpgrade(403);
        }
        return pool.preparedQuery("SELECT office_id FROM room WHERE id = $1").execute(Tuple.of(id)).chain(rows -> {
            if (!rows.iterator().hasNext()) {
                return CheckResult.rejectUpgrade(404);
            }
            return rows.iterator().next().getString(0).equals(caller.office()) ? CheckResult.permitUpgrade()
                    : CheckResult.rejectUpgrade(403);
        });
    }

    private Uni<CheckResult> exists(String sql, Object id) {
        return pool.preparedQuery(sql).execute(Tuple.of(id))
                .chain(rows -> rows.iterator().hasNext() ? CheckResult.permitUpgrade() : CheckResult.rejectUpgrade(404));
    }
}
