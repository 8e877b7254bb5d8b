package io.mossa.cka.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Which failures give a unit back (the database went away) and which fail it (what was written was wrong). The
 * first case is the one a PostgreSQL restart produced in the end-to-end tests (FaultToleranceIT): a rollback on a
 * closed connection.
 */
class DatabaseUnavailableTest {

    @Test
    void aLostConnectionIsRecognisedHoweverItIsWrapped() {
        SQLException closed = new SQLException("This connection has been closed.", "08003");
        assertThat(UnitExecutor.databaseUnavailable(new JpaSystemException(
                new RuntimeException("Unable to rollback against JDBC Connection", closed)))).isTrue();
        assertThat(UnitExecutor.databaseUnavailable(new CannotCreateTransactionException("no connection"))).isTrue();
        // a rollback on a connection HikariCP had already closed: no SQLSTATE anywhere in the chain
        assertThat(UnitExecutor.databaseUnavailable(new JpaSystemException(new org.hibernate.TransactionException(
                "Unable to rollback against JDBC Connection", new SQLException("Connection is closed"))))).isTrue();
        SQLException shutdown = new SQLException("terminating connection due to administrator command", "57P01");
        assertThat(UnitExecutor.databaseUnavailable(new JpaSystemException(new RuntimeException(shutdown)))).isTrue();
    }

    @Test
    void errorsInWhatWasWrittenAreNotOutages() {
        SQLException duplicate = new SQLException("duplicate key value", "23505");
        assertThat(UnitExecutor.databaseUnavailable(new DataIntegrityViolationException("duplicate", duplicate)))
                .isFalse();
        assertThat(UnitExecutor.databaseUnavailable(new IllegalStateException("a bug"))).isFalse();
    }
}
