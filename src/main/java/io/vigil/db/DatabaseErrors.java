package io.vigil.db;

import io.vertx.pgclient.PgException;

import java.util.Set;

/** How database failures are told apart, in one place: retry, answer 503, or give up. */
public final class DatabaseErrors {

    /** SQLSTATE classes worth retrying: connection, transaction rollback, resources, operator intervention, system. */
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57", "58");

    /** SQLSTATEs of a server shutting down, crashed, or starting up. */
    private static final Set<String> SERVER_AWAY = Set.of("57P01", "57P02", "57P03");

    private DatabaseErrors() {
    }

    /** Connection loss or a refusal that may pass; a statement the database rejects for good is not transient. */
    public static boolean isTransient(Throwable failure) {
        if (failure instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().length() >= 2) {
            return TRANSIENT_CLASSES.contains(pg.getSqlState().substring(0, 2));
        }
        return true;
    }

    /** A unique constraint refused the row (someone else wrote it first). */
    public static boolean isUniqueViolation(Throwable t) {
        return t instanceof PgException pg && "23505".equals(pg.getSqlState());
    }

    /** A foreign key refused the row (what it points at was deleted meanwhile). */
    public static boolean isForeignKeyViolation(Throwable t) {
        return t instanceof PgException pg && "23503".equals(pg.getSqlState());
    }

    /**
     * A lost or refused database connection, however the reactive client or Hibernate wrapped it; also the server's
     * own word that it is going away or not there yet: a session it terminates as it stops ({@code 57P01}
     * admin_shutdown, {@code 57P02} crash_shutdown), a connection while it starts or stops ({@code 57P03}
     * cannot_connect_now), or any connection exception (class {@code 08}).
     */
    public static boolean isUnreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof io.vertx.sqlclient.ClosedConnectionException
                    || t instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null && (pg.getSqlState().startsWith("08")
                    || SERVER_AWAY.contains(pg.getSqlState()))) {
                return true;
            }
        }
        return false;
    }
}
