package io.mossa.gateway.taskset;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import io.mossa.contract.Violations;

/**
 * Reads examples from a Parquet file, the format Hugging Face datasets are published in, with DuckDB (in process,
 * one thread, a bounded memory limit, results streamed row by row). Columns of scalar types (strings, numbers,
 * booleans, dates) become fields, their values as DuckDB writes them as text; nested columns (lists, structs, maps)
 * are left out, and a null leaves the field out of that example. Rows are numbered from 1 in messages.
 *
 * <p>Parquet keeps its index at the end of the file, so an upload is read from a file (spooled to disk), not
 * from the request stream.
 */
final class ParquetReader {

    /** DuckDB's own memory for reading (decompressed pages); rows are streamed out, never collected. */
    private static final String MEMORY_LIMIT = "256MB";

    private ParquetReader() {
    }

    static void read(Path file, Violations errors, RowSink sink) throws IOException {
        Properties options = new Properties();
        options.setProperty("jdbc_stream_results", "true");
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:", options);
             Statement statement = db.createStatement()) {
            statement.execute("SET threads = 1");
            statement.execute("SET memory_limit = '" + MEMORY_LIMIT + "'");
            // the path is a spool file this service named, never client input
            try (ResultSet rows = statement.executeQuery("SELECT * FROM read_parquet('"
                    + file.toAbsolutePath().toString().replace("'", "''") + "')")) {
                ResultSetMetaData columns = rows.getMetaData();
                int count = columns.getColumnCount();
                boolean[] scalar = new boolean[count + 1];
                for (int c = 1; c <= count; c++) {
                    scalar[c] = isScalar(columns.getColumnTypeName(c));
                }
                int row = 0;
                while (rows.next()) {
                    row++;
                    Map<String, String> example = new LinkedHashMap<>();
                    for (int c = 1; c <= count; c++) {
                        String value = scalar[c] ? rows.getString(c) : null;
                        if (value != null) {
                            example.put(columns.getColumnName(c), value);
                        }
                    }
                    sink.row(row, example);
                }
            }
        } catch (SQLException e) {
            errors.add(RowSink.FIELD, "not a readable Parquet file: " + firstLine(e.getMessage()));
        }
    }

    private static boolean isScalar(String type) {
        String t = type.toUpperCase(java.util.Locale.ROOT);
        return !(t.endsWith("]") || t.startsWith("STRUCT") || t.startsWith("MAP") || t.startsWith("UNION")
                || t.equals("BLOB"));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
