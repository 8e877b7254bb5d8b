package io.mossa.gateway.taskset;

import java.io.IOException;
import java.util.Map;

/** Where an upload reader hands each example it reads, with the line (or row) of the upload it starts on. */
@FunctionalInterface
interface RowSink {

    /** Field name of problems found in the uploaded body itself. */
    String FIELD = "body";

    void row(int line, Map<String, String> fields) throws IOException;
}
