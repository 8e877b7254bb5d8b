package io.mossa.cka.taskset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes the rows of new example blocks (table {@code example_row}) with PostgreSQL's COPY, streaming: the rows of
 * several blocks may arrive interleaved, nothing but each block's counters and running digest is held in memory.
 * Must run inside the caller's transaction (it uses the transaction's connection).
 *
 * <p>COPY holds the connection until it ends, so the blocks are created (pending, without a digest) before it
 * starts, one per task that may receive rows; {@link #finish} then either keeps a block or, when its rows equal an
 * existing block's, deletes it and answers the existing one: equal content is stored once.
 */
final class ExampleBlocks implements AutoCloseable {

    /** COPY's text format, tab-separated; row values are compact JSON, which holds no raw tab or line break. */
    private static final String COPY = "COPY cka.example_row (block_id, ordinal, value) FROM STDIN";
    private static final int FLUSH_BYTES = 1 << 20;

    private final JdbcClient jdbc;
    private final long[] blockIds;
    private final int[] rows;
    private final long[] bytes;
    private final MessageDigest[] digests;
    private final CopyIn copy;
    private final StringBuilder buffer = new StringBuilder(FLUSH_BYTES + 65536);

    private ExampleBlocks(JdbcClient jdbc, long[] blockIds, CopyIn copy) {
        this.jdbc = jdbc;
        this.blockIds = blockIds;
        this.rows = new int[blockIds.length];
        this.bytes = new long[blockIds.length];
        this.digests = new MessageDigest[blockIds.length];
        this.copy = copy;
    }

    /** Creates {@code count} pending blocks and starts the COPY that fills them. */
    static ExampleBlocks begin(DataSource dataSource, JdbcClient jdbc, int count) {
        long[] ids = new long[count];
        List<Long> created = jdbc.sql("INSERT INTO cka.example_block (row_count, byte_count)"
                        + " SELECT 0, 0 FROM generate_series(1, :n) RETURNING id")
                .param("n", count).query(Long.class).list();
        for (int k = 0; k < count; k++) {
            ids[k] = created.get(k);
        }
        try {
            Connection connection = DataSourceUtils.getConnection(dataSource);
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
            return new ExampleBlocks(jdbc, ids, copy);
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into cka.example_row could not start: " + e.getMessage(), e);
        }
    }

    /** Appends a row (its JSON text) to block {@code k}. */
    void add(int k, String json) {
        if (digests[k] == null) {
            digests[k] = sha256();
        }
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        digests[k].update(utf8);
        digests[k].update((byte) '\n');
        bytes[k] += utf8.length;
        buffer.append(blockIds[k]).append('\t').append(rows[k]++).append('\t');
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\') {
                buffer.append('\\');
            }
            buffer.append(c);
        }
        buffer.append('\n');
        if (buffer.length() >= FLUSH_BYTES) {
            flush();
        }
    }

    int rows(int k) {
        return rows[k];
    }

    long bytes(int k) {
        return bytes[k];
    }

    boolean touched(int k) {
        return digests[k] != null;
    }

    /** Ends the COPY; call once, after the last row and before {@link #finish}. */
    void endCopy() {
        flush();
        try {
            copy.endCopy();
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into cka.example_row failed: " + e.getMessage(), e);
        }
    }

    /**
     * The block that holds block {@code k}'s rows: the new block, or an existing one with the same digest (the new
     * one is then deleted). A block that received no rows is {@code fallback} if that is a block id (>= 0), else the
     * (shared) block of no rows.
     */
    long finish(int k, long fallback) {
        if (!touched(k) && fallback >= 0) {
            deletePending(k);
            return fallback;
        }
        byte[] digest = (digests[k] == null ? sha256() : digests[k]).digest();
        Long existing = jdbc.sql("SELECT id FROM cka.example_block WHERE digest = :d")
                .param("d", digest).query(Long.class).optional().orElse(null);
        if (existing != null) {
            deletePending(k);
            return existing;
        }
        jdbc.sql("UPDATE cka.example_block SET digest = :d, row_count = :r, byte_count = :b WHERE id = :id")
                .param("d", digest).param("r", rows[k]).param("b", bytes[k]).param("id", blockIds[k]).update();
        return blockIds[k];
    }

    private void deletePending(int k) {
        jdbc.sql("DELETE FROM cka.example_block WHERE id = :id").param("id", blockIds[k]).update();
    }

    private void flush() {
        if (buffer.isEmpty()) {
            return;
        }
        byte[] chunk = buffer.toString().getBytes(StandardCharsets.UTF_8);
        buffer.setLength(0);
        try {
            copy.writeToCopy(chunk, 0, chunk.length);
        } catch (SQLException e) {
            throw new IllegalStateException("COPY into cka.example_row failed: " + e.getMessage(), e);
        }
    }

    /** Cancels a COPY that did not end (the request failed half-way), so the connection can roll back. */
    @Override
    public void close() {
        if (copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException e) {
                throw new UncheckedIOException(new IOException("COPY could not be cancelled", e));
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
