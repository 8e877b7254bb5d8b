package io.mossa.cka.apikey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import io.mossa.cka.apikey.ApiKeyApi.ApiKeyView;
import io.mossa.contract.Conflict;

/**
 * API keys in table cka.api_key, recognised by the SHA-256 hash of their secret (see V5__api_keys.sql for why a
 * fast hash is right for random secrets). Listing and revoking never touch the hash.
 */
@Repository
public class ApiKeyStore {

    private static final String COLUMNS = "id, name, created_at, last_used_at, revoked_at";

    private final JdbcClient jdbc;

    public ApiKeyStore(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    public ApiKeyView create(String name, String secretHashHex) {
        UUID id = UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        try {
            jdbc.sql("INSERT INTO cka.api_key (id, name, secret_hash, created_at) VALUES (?, ?, ?, ?)")
                    .params(id, name, HexFormat.of().parseHex(secretHashHex), OffsetDateTime.ofInstant(now,
                            java.time.ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException e) {
            // only a gateway bug (a reused secret) gets here: 2^-256 for random secrets
            throw new Conflict("secretHash: a key with this secret hash already exists");
        }
        return new ApiKeyView(id, name, now, null, false, null);
    }

    /** Every key, oldest first, revoked ones included. */
    public List<ApiKeyView> list() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM cka.api_key ORDER BY created_at, id").query(ApiKeyStore::view).list();
    }

    /** The active key with this hash, marked as used now; empty when unknown or revoked. */
    public Optional<ApiKeyView> authenticate(String secretHashHex) {
        return jdbc.sql("UPDATE cka.api_key SET last_used_at = now() WHERE secret_hash = ? AND revoked_at IS NULL"
                        + " RETURNING " + COLUMNS)
                .param(HexFormat.of().parseHex(secretHashHex))
                .query(ApiKeyStore::view).optional();
    }

    /** Revokes the key (a second revocation keeps the first time); empty when there is no such key. */
    public Optional<ApiKeyView> revoke(UUID id) {
        return jdbc.sql("UPDATE cka.api_key SET revoked_at = coalesce(revoked_at, now()) WHERE id = ? RETURNING " + COLUMNS)
                .param(id)
                .query(ApiKeyStore::view).optional();
    }

    private static ApiKeyView view(ResultSet rs, int row) throws SQLException {
        Instant revokedAt = instant(rs, "revoked_at");
        return new ApiKeyView(rs.getObject("id", UUID.class), rs.getString("name"), instant(rs, "created_at"),
                instant(rs, "last_used_at"), revokedAt != null, revokedAt);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
