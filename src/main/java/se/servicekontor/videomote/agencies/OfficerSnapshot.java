package se.servicekontor.videomote.agencies;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import se.servicekontor.videomote.live.Audience;
import se.servicekontor.videomote.live.SnapshotPart;

/** The officer's own presence in the officer's live snapshot. */
@ApplicationScoped
class OfficerSnapshot implements SnapshotPart {

    record Me(UUID id, String agency, Presence presence) {
    }

    @Override
    public String name() {
        return "officer";
    }

    @Override
    public boolean appliesTo(Audience audience) {
        return audience == Audience.OFFICER;
    }

    @Override
    public Uni<Object> read(SqlConnection tx, Audience audience, String key) {
        return tx.preparedQuery("SELECT id, agency_code, presence FROM case_officer WHERE id = $1")
                .execute(Tuple.of(UUID.fromString(key)))
                .map(rows -> {
                    var r = rows.iterator().next();
                    return new Me(r.getUUID("id"), r.getString("agency_code"), Presence.valueOf(r.getString("presence")));
                });
    }
}
