package io.mossa.gateway.taskset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.mossa.contract.Violations;

/**
 * Reads examples from CSV as RFC 4180 defines it: a header row names the fields, a field may be quoted, and a
 * quoted field may hold commas, line breaks and doubled quotes ({@code ""}). CRLF and LF both end a record; empty
 * lines are skipped; a UTF-8 byte-order mark is dropped. Streams character by character; a bad record is reported
 * by the line it starts on and reading goes on with the next record. Each example goes to a {@link RowSink} as its
 * record ends, so memory holds one record, never the upload.
 */
final class CsvReader {

    private enum State { FIELD_START, UNQUOTED, QUOTED, AFTER_QUOTE }

    private final BufferedReader in;
    private final Violations errors;
    private final RowSink sink;
    private List<String> header;

    private int line = 1;
    private int recordLine = 1;
    private boolean recordBroken;
    private boolean quotedAny;
    private final List<String> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();

    private CsvReader(Reader in, Violations errors, RowSink sink) {
        this.in = new BufferedReader(in, 65536);
        this.errors = errors;
        this.sink = sink;
    }

    static void read(Reader in, Violations errors, RowSink sink) throws IOException {
        new CsvReader(in, errors, sink).readAll();
    }

    private void readAll() throws IOException {
        State state = State.FIELD_START;
        int c = in.read();
        if (c == '\uFEFF') {
            c = in.read();
        }
        int previous = -1;
        for (; c >= 0; previous = c, c = in.read()) {
            if (c == '\n' && previous == '\r') {
                if (state == State.QUOTED) {
                    field.append('\n');
                }
                continue; // the CR already ended the line (and the record, outside quotes)
            }
            boolean newline = c == '\r' || c == '\n';
            switch (state) {
                case FIELD_START, UNQUOTED -> {
                    if (c == ',') {
                        endField();
                        state = State.FIELD_START;
                    } else if (newline) {
                        line++;
                        endRecord();
                        state = State.FIELD_START;
                    } else if (c == '"' && state == State.FIELD_START) {
                        quotedAny = true;
                        state = State.QUOTED;
                    } else {
                        if (c == '"') {
                            broken("a quote inside an unquoted field; quote the whole field and double its quotes");
                        }
                        field.append((char) c);
                        state = State.UNQUOTED;
                    }
                }
                case QUOTED -> {
                    if (c == '"') {
                        state = State.AFTER_QUOTE;
                    } else {
                        if (newline) {
                            line++;
                        }
                        field.append((char) c);
                    }
                }
                case AFTER_QUOTE -> {
                    if (c == '"') {
                        field.append('"');
                        state = State.QUOTED;
                    } else if (c == ',') {
                        endField();
                        state = State.FIELD_START;
                    } else if (newline) {
                        line++;
                        endRecord();
                        state = State.FIELD_START;
                    } else {
                        broken("unexpected '" + (char) c + "' after a closing quote; double a quote inside a quoted field");
                        field.append((char) c);
                        state = State.UNQUOTED;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        if (state == State.QUOTED) {
            errors.add(RowSink.FIELD, "line " + recordLine + ": a quoted field is not closed before the end of the body");
            return;
        }
        if (state != State.FIELD_START || !fields.isEmpty()) {
            endRecord();
        }
        if (header == null) {
            errors.add(RowSink.FIELD, "no header row: the first line must name the fields");
        }
    }

    private void broken(String message) {
        if (!recordBroken) {
            errors.add(RowSink.FIELD, "line " + line + ": " + message);
        }
        recordBroken = true;
    }

    private void endField() {
        fields.add(field.toString());
        field.setLength(0);
    }

    /** Ends the current record. */
    private void endRecord() throws IOException {
        endField();
        boolean empty = fields.size() == 1 && fields.get(0).isEmpty() && !quotedAny;
        try {
            if (empty || recordBroken) {
                return;
            }
            if (header == null) {
                header = checkedHeader(List.copyOf(fields));
                return;
            }
            if (fields.size() != header.size()) {
                errors.add(RowSink.FIELD, "line " + recordLine + ": " + fields.size() + " fields, header has "
                        + header.size());
                return;
            }
            Map<String, String> example = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                example.put(header.get(i), fields.get(i));
            }
            sink.row(recordLine, example);
        } finally {
            fields.clear();
            recordBroken = false;
            quotedAny = false;
            recordLine = line;
        }
    }

    private List<String> checkedHeader(List<String> names) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.isBlank()) {
                errors.add(RowSink.FIELD, "line " + recordLine + ": column " + (i + 1) + " of the header has no name");
            } else if (!seen.add(name)) {
                errors.add(RowSink.FIELD, "line " + recordLine + ": column " + (i + 1) + " repeats the name '"
                        + name + "'");
            }
        }
        return names;
    }
}
