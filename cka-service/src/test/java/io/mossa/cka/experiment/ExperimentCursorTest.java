package io.mossa.cka.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** A cursor names a real creation time; a forged one far outside any is refused before it reaches PostgreSQL. */
class ExperimentCursorTest {

    private static String forged(long micros) {
        String text = "v1:" + micros + ":" + UUID.randomUUID();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aCursorRoundTripsToTheMicrosecond() {
        ExperimentCursor cursor = new ExperimentCursor(Instant.parse("2026-12-07T09:00:00.123456Z"), UUID.randomUUID());
        assertThat(ExperimentCursor.decode(cursor.encode())).isEqualTo(cursor);
    }

    @Test
    void extremeTimestampsAreNotCursors() {
        for (long micros : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, -1, 253_402_300_800_000_000L}) {
            assertThatThrownBy(() -> ExperimentCursor.decode(forged(micros))).as("%d", micros)
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("not a cursor of this list");
        }
        assertThat(ExperimentCursor.decode(forged(0)).createdAt()).isEqualTo(Instant.EPOCH);
    }
}
