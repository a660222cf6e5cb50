package se.servicekontor.videomote.common;

import java.net.ConnectException;
import java.util.Optional;

import java.sql.SQLException;

import org.hibernate.JDBCException;
import org.hibernate.exception.ConstraintViolationException;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/** Reads PostgreSQL errors out of wrapped exceptions: SQLSTATE and constraint names, never the row values. */
public final class PgErrors {

    public static final String UNIQUE_VIOLATION = "23505";
    public static final String EXCLUSION_VIOLATION = "23P01";
    public static final String FOREIGN_KEY_VIOLATION = "23503";
    public static final String CHECK_VIOLATION = "23514";
    public static final String NOT_NULL_VIOLATION = "23502";
    public static final String SERIALIZATION_FAILURE = "40001";
    public static final String DEADLOCK_DETECTED = "40P01";
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    public static final String INVALID_TEXT_REPRESENTATION = "22P02";
    public static final String DATETIME_FIELD_OVERFLOW = "22008";

    /** Text PostgreSQL cannot store (NUL) and other data exceptions of class 22: the input was wrong. */
    public static final String CHARACTER_NOT_IN_REPERTOIRE = "22021";

    private PgErrors() {
    }

    /** SQLSTATE and constraint name of a database error, whichever client raised it. */
    public record DbError(String sqlState, String constraint) {
    }

    /**
     * The first database error in the cause chain: the reactive client's {@link PgException}, or Hibernate
     * Reactive's {@link JDBCException}, which carries the SQLSTATE but not the original exception.
     */
    public static Optional<DbError> error(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof PgException pg) {
                return Optional.of(new DbError(pg.getSqlState(), pg.getConstraint()));
            }
            if (c instanceof ConstraintViolationException cv && cv.getSQLState() != null) {
                return Optional.of(new DbError(cv.getSQLState(), cv.getConstraintName()));
            }
            if (c instanceof JDBCException jdbc && jdbc.getSQLState() != null) {
                return Optional.of(new DbError(jdbc.getSQLState(), null));
            }
            if (c instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(new DbError(sql.getSQLState(), null));
            }
        }
        return Optional.empty();
    }

    /** Class 22, data exception: a value the database cannot take (NUL in text, a date out of its range). */
    public static boolean isInvalidData(String sqlState) {
        return sqlState != null && sqlState.startsWith("22");
    }

    public static boolean is(Throwable t, String sqlState) {
        return error(t).map(e -> sqlState.equals(e.sqlState())).orElse(false);
    }

    /** True when the error is the given constraint being violated (unique, exclusion, foreign key or check). */
    public static boolean isConstraint(Throwable t, String constraint) {
        return error(t).map(e -> constraint.equals(e.constraint())).orElse(false);
    }

    /** Conflicts that a retry or a different request can resolve: answered 409. */
    public static boolean isConflict(Throwable t) {
        return error(t).map(e -> switch (e.sqlState()) {
            case UNIQUE_VIOLATION, EXCLUSION_VIOLATION, SERIALIZATION_FAILURE, DEADLOCK_DETECTED, LOCK_NOT_AVAILABLE,
                    FOREIGN_KEY_VIOLATION -> true;
            default -> false;
        }).orElse(false);
    }

    /** The database cannot be reached: answered 503 with Retry-After. */
    public static boolean isUnavailable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ConnectException || c instanceof ClosedConnectionException
                    || c instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
            if (c instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}
