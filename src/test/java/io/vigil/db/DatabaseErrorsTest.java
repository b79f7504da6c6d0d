package io.vigil.db;

import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** What counts as "the database is away" (a 503) and what is the statement's own fault. */
class DatabaseErrorsTest {

    @Test
    void aServerStoppingOrStartingIsUnreachable() {
        assertThat(DatabaseErrors.isUnreachable(pg("57P01", "terminating connection due to administrator command"))).isTrue();
        assertThat(DatabaseErrors.isUnreachable(pg("57P02", "terminating connection due to crash of another server process"))).isTrue();
        assertThat(DatabaseErrors.isUnreachable(new CompletionException(pg("57P03", "the database system is starting up")))).isTrue();
        assertThat(DatabaseErrors.isUnreachable(pg("08006", "connection failure"))).isTrue();
        assertThat(DatabaseErrors.isUnreachable(new RuntimeException(new ConnectException("Connection refused")))).isTrue();
    }

    @Test
    void aRefusedStatementIsNot() {
        assertThat(DatabaseErrors.isUnreachable(pg("23505", "duplicate key value violates unique constraint"))).isFalse();
        assertThat(DatabaseErrors.isUnreachable(pg("57014", "canceling statement due to statement timeout"))).isFalse();
        assertThat(DatabaseErrors.isUnreachable(new IllegalStateException("bug"))).isFalse();
    }

    private static PgException pg(String state, String message) {
        return new PgException(message, "FATAL", state, null);
    }
}
