package io.mossa.cka.experiment;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The position after the last experiment of a list page, in the list's order (created_at descending, then id):
 * opaque to clients (base64url of "v1:epochMicros:id"). Creation times are stored in microseconds, so the
 * cursor names a row exactly.
 */
record ExperimentCursor(Instant createdAt, UUID id) {

    private static final String VERSION = "v1";

    static ExperimentCursor after(Experiment last) {
        return new ExperimentCursor(last.getCreatedAt(), last.getId());
    }

    String encode() {
        long micros = Math.addExact(Math.multiplyExact(createdAt.getEpochSecond(), 1_000_000L),
                createdAt.getNano() / 1_000);
        String text = VERSION + ":" + micros + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when {@code value} is not a cursor this service issued */
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    static ExperimentCursor decode(String value) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(value.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor of this list (not base64url)");
        }
        String[] parts = text.split(":", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw new IllegalArgumentException("not a cursor of this list");
        }
        try {
            long micros = Long.parseLong(parts[1]);
            Instant createdAt = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L);
            // a forged cursor far outside any creation time would reach PostgreSQL as an out-of-range timestamp
            if (createdAt.isBefore(Instant.EPOCH) || createdAt.isAfter(LATEST)) {
                throw new IllegalArgumentException("not a cursor of this list");
            }
            return new ExperimentCursor(createdAt, UUID.fromString(parts[2]));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a cursor of this list");
        }
    }
}
