package io.mossa.gateway.taskset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mossa.contract.Violations;

/** JSON Lines and CSV parsing: edge cases, and the line numbers reported for bad input. */
class UploadReadersTest {

    /** What a reader handed its sink: the examples and the lines they start on. */
    private record Read(List<Map<String, String>> examples, List<Integer> lines) {
    }

    private static Read jsonl(String body, Violations errors) throws IOException {
        Read read = new Read(new ArrayList<>(), new ArrayList<>());
        JsonLinesReader.read(new StringReader(body), errors, (line, example) -> {
            read.examples().add(example);
            read.lines().add(line);
        });
        return read;
    }

    private static Read csv(String body, Violations errors) throws IOException {
        Read read = new Read(new ArrayList<>(), new ArrayList<>());
        CsvReader.read(new StringReader(body), errors, (line, example) -> {
            read.examples().add(example);
            read.lines().add(line);
        });
        return read;
    }

    private static List<String> messages(Violations errors) {
        return errors.list().stream().map(e -> e.message()).toList();
    }

    @Test
    void jsonLinesKeepValuesAsWrittenAndSkipBlankLines() throws IOException {
        Violations errors = new Violations();
        Read upload = jsonl("{\"q\": \"a \\\"b\\\"\", \"n\": 1e3, \"f\": 2.50, \"ok\": true}\n"
                + "\n   \r\n"
                + "{\"q\": \"é ✓\", \"n\": -7, \"f\": 0, \"ok\": false}\r\n", errors);
        assertThat(errors.isEmpty()).isTrue();
        assertThat(upload.examples()).containsExactly(
                Map.of("q", "a \"b\"", "n", "1e3", "f", "2.50", "ok", "true"),
                Map.of("q", "é ✓", "n", "-7", "f", "0", "ok", "false"));
        assertThat(upload.lines()).containsExactly(1, 4);
        assertThat(upload.examples().get(0).keySet()).containsExactly("q", "n", "f", "ok");
    }

    @Test
    void jsonLinesReportEveryBadLineByNumber() throws IOException {
        Violations errors = new Violations();
        Read upload = jsonl(String.join("\n",
                "{\"q\": \"fine\"}",                 // 1
                "[1, 2]",                            // 2
                "{\"q\": null}",                     // 3
                "{\"q\": {\"x\": 1}, \"r\": [1]}",   // 4
                "{\"q\": \"a\", \"q\": \"b\"}",      // 5
                "{\"q\": \"unterminated}",           // 6
                "{\"q\": \"x\"} {\"q\": \"y\"}",     // 7
                "",                                  // 8
                "{\"q\": \"also fine\"}"), errors);  // 9
        assertThat(messages(errors)).containsExactly(
                "line 2: expected a JSON object",
                "line 3: field 'q' is null; give a string, number or boolean",
                "line 4: field 'q' is an object; give a string, number or boolean",
                "line 4: field 'r' is an array; give a string, number or boolean",
                "line 5: field 'q' appears twice",
                messages(errors).get(5),
                "line 7: more than one JSON value on the line");
        assertThat(messages(errors).get(5)).startsWith("line 6: not valid JSON: ");
        assertThat(errors.list()).allSatisfy(e -> assertThat(e.field()).isEqualTo("body"));
        assertThat(upload.lines()).containsExactly(1, 9);
    }

    @Test
    void csvQuotedFieldsHoldCommasLineBreaksAndDoubledQuotes() throws IOException {
        Violations errors = new Violations();
        Read upload = csv("\uFEFFpremise,hypothesis,label\r\n"
                + "\"a, b\",\"he said \"\"hi\"\"\",1\r\n"
                + "\"two\nlines\",\"\",0\r\n"
                + "\r\n"
                + "plain,\"crlf\r\ninside\",2", errors);
        assertThat(messages(errors)).isEmpty();
        assertThat(upload.examples()).containsExactly(
                Map.of("premise", "a, b", "hypothesis", "he said \"hi\"", "label", "1"),
                Map.of("premise", "two\nlines", "hypothesis", "", "label", "0"),
                Map.of("premise", "plain", "hypothesis", "crlf\r\ninside", "label", "2"));
        // record 2 starts on line 3 and spans two lines, so record 3 starts on line 6 after the empty line 5
        assertThat(upload.lines()).containsExactly(2, 3, 6);
        assertThat(upload.examples().get(0).keySet()).containsExactly("premise", "hypothesis", "label");
    }

    @Test
    void csvBadRecordsAreReportedByTheLineTheyStartOn() throws IOException {
        Violations errors = new Violations();
        Read upload = csv(String.join("\n",
                "a,b,c,d",            // 1
                "1,2,3,4",            // 2
                "1,2,3",              // 3
                "1,2,3,4,5",          // 4
                "x,y\"z,3,4",         // 5
                "\"q\"r,2,3,4",       // 6
                "\"multi",            // 7
                "line\",2,3",         // 8: record of lines 7-8 has 3 fields
                "5,6,7,8",            // 9
                "\"open,2,3,4"), errors);  // 10: never closed
        assertThat(messages(errors)).containsExactly(
                "line 3: 3 fields, header has 4",
                "line 4: 5 fields, header has 4",
                "line 5: a quote inside an unquoted field; quote the whole field and double its quotes",
                "line 6: unexpected 'r' after a closing quote; double a quote inside a quoted field",
                "line 7: 3 fields, header has 4",
                "line 10: a quoted field is not closed before the end of the body");
        assertThat(upload.lines()).containsExactly(2, 9);
    }

    @Test
    void csvHeaderMustNameEveryColumnOnce() throws IOException {
        Violations errors = new Violations();
        csv("a,,a\n1,2,3\n", errors);
        assertThat(messages(errors)).containsExactly("line 1: column 2 of the header has no name",
                "line 1: column 3 repeats the name 'a'");
        Violations empty = new Violations();
        assertThat(csv("\n\n", empty).examples()).isEmpty();
        assertThat(messages(empty)).containsExactly("no header row: the first line must name the fields");
    }
}
