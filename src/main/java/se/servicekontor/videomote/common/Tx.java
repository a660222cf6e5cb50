package se.servicekontor.videomote.common;

import java.util.ArrayList;
import java.util.List;

import io.vertx.mutiny.sqlclient.SqlConnection;
import se.servicekontor.videomote.live.EventLog.Event;

/**
 * One raw SQL transaction: its connection, and the live events it raises. Events are collected and written by
 * {@link Db} in a single statement just before commit, so every transaction locks its stream counters once, last,
 * and in stream order.
 */
public final class Tx {

    private final SqlConnection connection;
    private final List<Event> events = new ArrayList<>();

    Tx(SqlConnection connection) {
        this.connection = connection;
    }

    public SqlConnection connection() {
        return connection;
    }

    /** Raises events that become visible to live clients when, and only if, this transaction commits. */
    public Tx emit(List<Event> raised) {
        events.addAll(raised);
        return this;
    }

    public Tx emit(Event event) {
        events.add(event);
        return this;
    }

    List<Event> events() {
        return events;
    }
}
