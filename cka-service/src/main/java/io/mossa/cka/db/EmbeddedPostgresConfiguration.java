package io.mossa.cka.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Starts an embedded PostgreSQL (zonky, PostgreSQL 17) and serves the DataSource from it when no
 * {@code spring.datasource.url} is configured. With a URL, this configuration stays out of the way and
 * Boot's DataSource auto-configuration connects to that server. Flyway and JPA use whichever DataSource
 * bean exists, so migrations run against either.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedPostgresConfiguration.NoDataSourceUrl.class)
@EnableConfigurationProperties(EmbeddedPostgresConfiguration.EmbeddedProperties.class)
public class EmbeddedPostgresConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresConfiguration.class);

    /**
     * @param port    TCP port on 127.0.0.1/localhost; 0 picks a free one
     * @param dataDir data directory kept between runs; empty means a fresh temporary one, deleted on close
     */
    @ConfigurationProperties("mossa.db.embedded")
    public record EmbeddedProperties(Integer port, String dataDir, Integer maxPoolSize) {

        public EmbeddedProperties {
            port = port == null ? 0 : port;
            maxPoolSize = maxPoolSize == null ? 10 : maxPoolSize;
        }
    }

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedProperties properties) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(properties.port());
        boolean temporary = properties.dataDir() == null || properties.dataDir().isBlank();
        // a directory of our own even when temporary, so that the watchdog knows where the postmaster's pid is
        Path dir = temporary ? Files.createTempDirectory("mossa-cka-pg")
                : Files.createDirectories(Path.of(properties.dataDir()).toAbsolutePath());
        builder.setDataDirectory(dir).setCleanDataDirectory(temporary);
        EmbeddedPostgres postgres = builder.start();
        PostgresWatchdog.watch(dir, temporary);
        log.info("embedded PostgreSQL started: {}{}", postgres.getJdbcUrl("postgres", "postgres"),
                properties.dataDir() == null || properties.dataDir().isBlank() ? " (temporary data directory)"
                        : " (data directory " + properties.dataDir() + ")");
        return postgres;
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(EmbeddedPostgres postgres, EmbeddedProperties properties) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        config.setUsername("postgres");
        config.setPoolName("cka-embedded");
        config.setMaximumPoolSize(properties.maxPoolSize());
        return new HikariDataSource(config);
    }

    /** Matches when {@code spring.datasource.url} is absent or blank. */
    static class NoDataSourceUrl implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            String url = context.getEnvironment().getProperty("spring.datasource.url");
            return url == null || url.isBlank();
        }
    }

}
