package se.servicekontor.videomote.statistics;

import java.time.LocalDate;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import se.servicekontor.videomote.common.ApiException;
import se.servicekontor.videomote.common.Db;
import se.servicekontor.videomote.security.Access;
import se.servicekontor.videomote.security.Caller;
import se.servicekontor.videomote.security.Roles;
import se.servicekontor.videomote.statistics.StatisticsRecords.StatisticsReport;
import se.servicekontor.videomote.statistics.StatisticsRecords.UtilizationReport;

/**
 * Statistics as a caller may see them: an admin everything, a desk its office, an officer their agency. An office or
 * agency the caller may not see answers 404, like one that does not exist.
 */
@ApplicationScoped
public class StatisticsService {

    private final Db db;
    private final StatisticsQueries queries;

    public StatisticsService(Db db, StatisticsQueries queries) {
        this.db = db;
        this.queries = queries;
    }

    /** A validated statistics request. */
    record Request(LocalDate from, LocalDate to, String office, String agency, List<Dimension> groupBy) {
    }

    Uni<StatisticsReport> statistics(Caller caller, Request request) {
        String office = request.office();
        String agency = request.agency();
        if (caller.isOfficeBound()) {
            if (office != null && !Access.mayViewOffice(caller, office)) {
                throw ApiException.notFound("Office", office);
            }
            office = caller.office();
        }
        if (!caller.isAdmin() && caller.has(Roles.OFFICER)) {
            if (agency != null && !Access.mayViewAgency(caller, agency)) {
                throw ApiException.notFound("Agency", agency);
            }
            agency = caller.agency();
        }
        if (office == null && agency == null && !caller.isAdmin()) {
            // A scoped token without its claim sees nothing rather than everything.
            throw ApiException.forbidden("This token is not bound to an office or an agency.");
        }
        String o = office;
        String a = agency;
        return db.withConnection(c -> exists(c, o, a)
                .chain(() -> queries.statistics(c, request.from(), request.to(), o, a, request.groupBy())))
                .map(rows -> new StatisticsReport(request.from(), request.to(),
                        request.groupBy().stream().map(Dimension::apiName).toList(), rows));
    }

    Uni<UtilizationReport> utilization(Caller caller, LocalDate from, LocalDate to, String office) {
        String scoped = office;
        if (caller.isOfficeBound()) {
            if (office != null && !Access.mayViewOffice(caller, office)) {
                throw ApiException.notFound("Office", office);
            }
            scoped = caller.office();
            if (scoped == null) {
                throw ApiException.forbidden("This token is not bound to an office.");
            }
        }
        String o = scoped;
        return db.withConnection(c -> exists(c, o, null).chain(() -> queries.utilization(c, o, from, to)))
                .map(rows -> new UtilizationReport(from, to, rows));
    }

    private Uni<Void> exists(io.vertx.mutiny.sqlclient.SqlConnection c, String office, String agency) {
        Uni<Void> officeCheck = office == null ? Uni.createFrom().voidItem()
                : queries.officeExists(c, office).invoke(found -> {
                    if (!found) {
                        throw ApiException.notFound("Office", office);
                    }
                }).replaceWithVoid();
        return officeCheck.chain(() -> agency == null ? Uni.createFrom().voidItem()
                : queries.agencyExists(c, agency).invoke(found -> {
                    if (!found) {
                        throw ApiException.notFound("Agency", agency);
                    }
                }).replaceWithVoid());
    }
}
