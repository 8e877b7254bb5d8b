package io.mossa.gateway.taskset;

import java.util.Arrays;
import java.util.Optional;

import org.springframework.http.MediaType;

/** The formats examples can be uploaded in, by their media type. Any of them may be gzip-compressed. */
public enum UploadFormat {

    JSON_LINES("application/x-ndjson"),
    CSV("text/csv"),
    PARQUET("application/vnd.apache.parquet");

    private final String mediaType;

    UploadFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    static Optional<UploadFormat> of(MediaType contentType) {
        return Arrays.stream(values())
                .filter(f -> contentType.isCompatibleWith(MediaType.parseMediaType(f.mediaType))).findFirst();
    }
}
