package io.mossa.cka.db;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Lets the read-only role of the results views (V11__results_views.sql) log in with
 * {@code mossa.results.reader-password}, set at every start so that changing the setting rotates the password.
 * Unset, the role is left as it is (NOLOGIN unless an operator changed it). A password cannot be a bind parameter of
 * ALTER ROLE, so PostgreSQL's own format('%L') quotes it.
 */
@Component
public class ResultsReaderLogin {

    public static final String ROLE = "mossa_results_reader";
    private static final Logger log = LoggerFactory.getLogger(ResultsReaderLogin.class);

    private final JdbcClient jdbc;
    private final String password;

    public ResultsReaderLogin(DataSource dataSource, @Value("${mossa.results.reader-password:}") String password) {
        this.jdbc = JdbcClient.create(dataSource);
        this.password = password;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void enable() {
        if (password == null || password.isBlank()) {
            return;
        }
        try {
            String statement = jdbc.sql("SELECT format('ALTER ROLE " + ROLE + " LOGIN PASSWORD %L', :password)")
                    .param("password", password).query(String.class).single();
            jdbc.sql(statement).update();
            log.info("role {} may log in (read-only access to the results views)", ROLE);
        } catch (DataAccessException e) {
            log.warn("cannot let role {} log in: {}; see docs/grafana.md", ROLE, e.getMostSpecificCause().getMessage());
        }
    }
}
