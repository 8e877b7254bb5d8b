package io.mossa.gateway.taskset;

import java.util.List;
import java.util.Map;

/**
 * Examples read from an uploaded file, each with the line it starts on, so that later validation can still
 * point at the line to fix.
 */
record ExampleUpload(List<Map<String, String>> examples, List<Integer> lines) {

    /** Field name of problems found in the uploaded body itself. */
    static final String FIELD = "body";
}
