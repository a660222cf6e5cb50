package se.servicekontor.videomote.privacy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import se.servicekontor.videomote.common.Tx;
import se.servicekontor.videomote.security.Caller;
import se.servicekontor.videomote.security.Roles;

/**
 * The access log: who read or changed a visitor's personal data. Features call {@link #record} with the transaction
 * that makes the change (the entry is written as it commits, with it or not at all), or, for a read, with the
 * connection it read on, before answering. One statement appends every entry to its office's hash chain.
 */
@ApplicationScoped
public class Audit {

    /** What was done with the personal data. */
    public enum Action {
        READ, CREATE, UPDATE, ERASE
    }

    /** Whose personal data: a booking's, a visit's, or a person's as a whole (a register extract). */
    public enum Resource {
        BOOKING, VISIT, PERSON
    }

    /** The chain of entries that belong to no office (register extracts). */
    public static final String NO_OFFICE = "-";

    /** One access: {@code office} picks the hash chain; actor is a token subject, never a name. */
    public record Entry(String office, String actor, String role, Action action, Resource resource, UUID resourceId) {
    }

    /**
     * Appends entries in chain order, each with one statement that advances its chain's head under the head's row lock
     * (V21); one entry, the common case, is one such statement inside the function.
     */
    private static final String APPEND = "SELECT audit_append($1::text[], $2::text[], $3::text[], $4::text[], "
            + "$5::text[], $6::uuid[])";

    /** An entry for {@code caller}. */
    public static Entry entry(Caller caller, Action action, Resource resource, UUID resourceId, String office) {
        return new Entry(office == null ? NO_OFFICE : office, caller.key(), role(caller), action, resource, resourceId);
    }

    /** Entries for {@code caller}, one per resource id, all of one office. */
    public static List<Entry> entries(Caller caller, Action action, Resource resource, Collection<UUID> ids,
            String office) {
        List<Entry> list = new ArrayList<>(ids.size());
        for (UUID id : ids) {
            list.add(entry(caller, action, resource, id, office));
        }
        return list;
    }

    /** The caller's most powerful role, as recorded. */
    public static String role(Caller caller) {
        for (String role : List.of(Roles.ADMIN, Roles.DESK, Roles.OFFICER, Roles.KIOSK, Roles.ROOM)) {
            if (caller.has(role)) {
                return role;
            }
        }
        return "none";
    }

    /**
     * Appends {@code entries} as {@code tx} commits ({@link Tx#atCommit}): the office's chain head is then locked only
     * while the transaction commits, so changes of one office do not queue behind each other's whole transactions.
     */
    public Uni<Void> record(Tx tx, List<Entry> entries) {
        if (!entries.isEmpty()) {
            List<Entry> copy = List.copyOf(entries);
            tx.atCommit(c -> record(c, copy));
        }
        return Uni.createFrom().voidItem();
    }

    public Uni<Void> record(Tx tx, Entry entry) {
        return record(tx, List.of(entry));
    }

    /** Appends {@code entries} on {@code client} now: a read's connection, or the pool. */
    public Uni<Void> record(SqlClient client, List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = entries.size();
        String[] chains = new String[n];
        String[] actors = new String[n];
        String[] roles = new String[n];
        String[] actions = new String[n];
        String[] resources = new String[n];
        UUID[] ids = new UUID[n];
        for (int i = 0; i < n; i++) {
            Entry e = entries.get(i);
            chains[i] = e.office();
            actors[i] = actor(e);
            roles[i] = e.role();
            actions[i] = e.action().name();
            resources[i] = e.resource().name();
            ids[i] = e.resourceId();
        }
        return client.preparedQuery(APPEND).execute(Tuple.of(chains, actors, roles, actions, resources, ids))
                .replaceWithVoid();
    }

    public Uni<Void> record(SqlClient client, Entry entry) {
        return record(client, List.of(entry));
    }

    private static String actor(Entry e) {
        return e.actor().length() > 200 ? e.actor().substring(0, 200) : e.actor();
    }
}
