package se.servicekontor.videomote.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

import jakarta.annotation.security.PermitAll;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.security.TokenIssuer;

/**
 * Demo mode only: ready bearer tokens for every role, so a person can try the API and the WebSockets at once.
 * Answers 404 in every other mode; tokens are served here and never written to the log.
 */
@Path("/demo/tokens")
public class DemoTokenResource {

    /** Tokens for one office's desk, kiosk and room terminals. */
    public record OfficeTokens(String office, String desk, String kiosk, Map<String, String> rooms) {
    }

    /** A token for one case officer. */
    public record OfficerToken(UUID id, String name, String agency, String token) {
    }

    public record DemoTokens(String admin, List<OfficeTokens> offices, List<OfficerToken> officers) {
    }

    private final DemoConfig config;
    private final Pool pool;

    public DemoTokenResource(DemoConfig config, Pool pool) {
        this.config = config;
        this.pool = pool;
    }

    @GET
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Demo mode only: ready tokens for every role", hidden = true)
    public Uni<DemoTokens> tokens() {
        if (!config.enabled()) {
            throw ApiException.notFound("Resource", "/demo/tokens");
        }
        var lifetime = config.tokenLifetime();
        Uni<List<OfficeTokens>> offices = pool.query("""
                SELECT o.id, array_agg(r.id ORDER BY r.name) AS rooms, array_agg(r.name ORDER BY r.name) AS names
                FROM office o LEFT JOIN room r ON r.office_id = o.id GROUP BY o.id ORDER BY o.id""").execute()
                .map(rows -> {
                    List<OfficeTokens> out = new ArrayList<>();
                    for (Row row : rows) {
                        String office = row.getString("id");
                        Map<String, String> rooms = new LinkedHashMap<>();
                        UUID[] ids = row.getArrayOfUUIDs("rooms");
                        String[] names = row.getArrayOfStrings("names");
                        for (int i = 0; i < ids.length; i++) {
                            if (ids[i] != null) {
                                rooms.put(names[i] + " (" + ids[i] + ")", TokenIssuer.room(office, ids[i], lifetime));
                            }
                        }
                        out.add(new OfficeTokens(office, TokenIssuer.desk("desk-" + office, office, lifetime),
                                TokenIssuer.kiosk("kiosk-" + office, office, lifetime), rooms));
                    }
                    return out;
                });
        Uni<List<OfficerToken>> officers = pool.query("SELECT id, name, agency_code FROM case_officer ORDER BY agency_code, name")
                .execute().map(rows -> {
                    List<OfficerToken> out = new ArrayList<>();
                    for (Row row : rows) {
                        UUID id = row.getUUID("id");
                        String agency = row.getString("agency_code");
                        out.add(new OfficerToken(id, row.getString("name"), agency, TokenIssuer.officer(id, agency, lifetime)));
                    }
                    return out;
                });
        return Uni.combine().all().unis(offices, officers)
                .with((o, f) -> new DemoTokens(TokenIssuer.admin("demo-admin", lifetime), o, f));
    }
}
