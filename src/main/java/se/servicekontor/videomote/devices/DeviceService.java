package se.servicekontor.videomote.devices;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.common.PgErrors;
import se.servicekontor.videomote.common.Tx;
import se.servicekontor.videomote.devices.DeviceRecords.DeviceRequest;
import se.servicekontor.videomote.devices.DeviceRecords.DeviceView;
import se.servicekontor.videomote.devices.DeviceRecords.DeviceWithCode;
import se.servicekontor.videomote.devices.DeviceRecords.Paired;
import se.servicekontor.videomote.common.Event;
import se.servicekontor.videomote.security.Access;
import se.servicekontor.videomote.security.Caller;

/**
 * Registers devices, hands out one-time pairing codes, exchanges a code for a device token, and revokes. Codes and
 * tokens exist in clear only in the answer that hands them out; the database keeps their SHA-256. A revoked or
 * replaced token is announced on the {@value #STREAM} stream of the event log, in the same transaction, so that every
 * instance drops it at once ({@link DeviceRevocations}).
 */
@ApplicationScoped
class DeviceService {

    /** The event log stream that tells every instance about tokens that stopped being valid. */
    static final String STREAM = "devices";
    static final String REVOKED = "device.revoked";
    static final String REPLACED = "device.token-replaced";

    private final Db db;
    private final DeviceQueries queries;
    private final PairingLimits limits;
    private final DeviceConfig config;
    private final Clock clock;

    DeviceService(Db db, DeviceQueries queries, PairingLimits limits, DeviceConfig config, Clock clock) {
        this.db = db;
        this.queries = queries;
        this.limits = limits;
        this.config = config;
        this.clock = clock;
    }

    Uni<DeviceWithCode> create(String officeId, DeviceRequest request) {
        if (request.kind() == DeviceKind.ROOM && request.room() == null) {
            throw ApiException.invalid("room", "is required for a ROOM device");
        }
        if (request.kind() != DeviceKind.ROOM && request.room() != null) {
            throw ApiException.invalid("room", "only a ROOM device has a room");
        }
        return createWithFreshCode(officeId, request, 3);
    }

    private Uni<DeviceWithCode> createWithFreshCode(String officeId, DeviceRequest request, int attempts) {
        UUID id = UUID.randomUUID();
        String code = PairingCodes.next();
        Instant now = clock.instant();
        Instant expires = now.plus(config.pairingCodeTtl());
        return db.inTransaction(tx -> queries.officeExists(tx.connection(), officeId).chain(exists -> {
            if (!exists) {
                throw ApiException.notFound("Office", officeId);
            }
            Uni<Boolean> roomOk = request.room() == null ? Uni.createFrom().item(true)
                    : queries.roomOfOffice(tx.connection(), request.room(), officeId);
            return roomOk.chain(ok -> {
                if (!ok) {
                    throw ApiException.invalid("room", "is not a room of this office");
                }
                return queries.insert(tx.connection(), id, officeId, request.kind(), request.name().strip(),
                        request.room(), now, DeviceSecrets.sha256(code), expires);
            });
        })).map(v -> {
            Log.infof("Device %s (%s) registered for office %s", id, request.kind(), officeId);
            return new DeviceWithCode(id, request.kind(), request.name().strip(), officeId, request.room(), code,
                    DeviceQueries.utc(expires));
        }).onFailure(e -> attempts > 1 && PgErrors.isConstraint(e, "device_pairing_code_idx"))
                .recoverWithUni(() -> createWithFreshCode(officeId, request, attempts - 1));
    }

    Uni<List<DeviceView>> list(String officeId) {
        return db.withConnection(c -> queries.officeExists(c, officeId).chain(exists -> {
            if (!exists) {
                throw ApiException.notFound("Office", officeId);
            }
            return queries.list(c, officeId);
        }));
    }

    /**
     * A new pairing code for an existing device (a replaced screen, a lost token). Its current token keeps working
     * until the new code is used, so a code issued by mistake does not switch a display off.
     */
    Uni<DeviceWithCode> newCode(UUID deviceId, Caller caller) {
        String code = PairingCodes.next();
        Instant expires = clock.instant().plus(config.pairingCodeTtl());
        return db.inTransaction(tx -> visible(tx, deviceId, caller).chain(device -> {
            if (device.revoked()) {
                throw ApiException.conflict("The device is revoked; register a new one.");
            }
            return queries.newCode(tx.connection(), deviceId, DeviceSecrets.sha256(code), expires)
                    .map(ok -> device.view());
        })).map(view -> {
            Log.infof("New pairing code issued for device %s", deviceId);
            return new DeviceWithCode(view.id(), view.kind(), view.name(), view.office(), view.room(), code,
                    DeviceQueries.utc(expires));
        });
    }

    /** Revokes the device and its token; revoking a revoked device changes nothing. */
    Uni<Void> revoke(UUID deviceId, Caller caller) {
        return db.inTransaction(tx -> visible(tx, deviceId, caller).chain(device -> {
            if (device.revoked()) {
                return Uni.createFrom().item(false);
            }
            return queries.revoke(tx.connection(), deviceId, clock.instant()).map(tokens -> {
                for (UUID tokenId : tokens) {
                    if (tokenId != null) {
                        tx.emit(new Event(STREAM, REVOKED, Map.of("deviceId", deviceId, "tokenId", tokenId)));
                    }
                }
                return !tokens.isEmpty();
            });
        })).invoke(changed -> {
            if (changed) {
                Log.infof("Device %s revoked", deviceId);
            }
        }).replaceWithVoid();
    }

    /**
     * Exchanges a pairing code for the device's token. Limits first (429, nothing else happens), then the code:
     * malformed answers 400, unknown, used, expired or revoked answers 404 and counts as a failure.
     */
    Uni<Paired> pair(String typed, String client) {
        return limits.admit(client).chain(() -> {
            String code = PairingCodes.parse(typed).orElse(null);
            if (code == null) {
                return limits.failed(client).chain(() -> Uni.createFrom().<Paired>failure(ApiException.invalid(
                        "pairingCode", "must be " + PairingCodes.LENGTH + " characters such as " + PairingCodes.EXAMPLE)));
            }
            String token = DeviceSecrets.newToken();
            UUID tokenId = UUID.randomUUID();
            return db.inTransaction(tx -> queries.pair(tx.connection(), DeviceSecrets.sha256(code), clock.instant(),
                    DeviceSecrets.sha256(token), tokenId).invoke(row -> {
                        if (row != null && row.replacedToken() != null) {
                            tx.emit(new Event(STREAM, REPLACED,
                                    Map.of("deviceId", row.deviceId(), "tokenId", row.replacedToken())));
                        }
                    })).chain(row -> {
                        if (row == null) {
                            Log.debug("A pairing attempt used an unknown, used or expired code");
                            return limits.failed(client).chain(() -> Uni.createFrom().<Paired>failure(new UnknownCode()));
                        }
                        Log.infof("Device %s paired", row.deviceId());
                        return Uni.createFrom().item(new Paired(row.deviceId(), token, row.kind(), row.office(), row.room()));
                    });
        });
    }

    private Uni<DeviceQueries.Stored> visible(Tx tx, UUID deviceId, Caller caller) {
        return queries.lock(tx.connection(), deviceId).map(device -> {
            if (device == null || !Access.mayViewOffice(caller, device.view().office())) {
                throw ApiException.notFound("Device", deviceId);
            }
            return device;
        });
    }

    /** 404 for a code that is unknown, used, expired or of a revoked device: the four are not told apart. */
    static final class UnknownCode extends ApiException {

        UnknownCode() {
            super(404, "pairing-code-not-found", "Not found",
                    "No such pairing code, or it has been used or has expired. Ask for a new one.", null);
        }
    }
}
