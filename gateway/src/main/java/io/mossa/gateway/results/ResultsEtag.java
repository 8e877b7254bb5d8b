package io.mossa.gateway.results;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.mossa.gateway.experiment.ExperimentResults;
import tools.jackson.databind.json.JsonMapper;

/**
 * Strong ETags of results and everything derived from them: SHA-256 over the representation's name (path,
 * parameters, media type) and the results as cka-service sent them, status included. Results of a running
 * experiment change as tasks finish, and so does the ETag; a finished experiment's ETag is stable.
 */
final class ResultsEtag {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ResultsEtag() {
    }

    static String of(String representation, ExperimentResults results) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(representation.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(JSON.writeValueAsBytes(results));
            return '"' + HexFormat.of().formatHex(sha.digest(), 0, 16) + '"';
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** RFC 9110 If-None-Match: a list of tags, or "*"; compared weakly, as that header asks. */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String candidate = tag.trim();
            candidate = candidate.startsWith("W/") ? candidate.substring(2) : candidate;
            if (candidate.equals("*") || candidate.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
