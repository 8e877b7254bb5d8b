package io.mossa.gateway.results.export;

import java.util.Arrays;
import java.util.List;

import io.mossa.gateway.experiment.ExperimentResults;

/**
 * Results as tidy CSV (RFC 4180): a header, then one row per comparison, task, layer pair and measure. Lines end in
 * CRLF; a field holding a comma, a double quote, CR or LF is quoted, its quotes doubled. Values are written
 * with Java's shortest round-trip form, so parsing a value gives back the exact double. The task's flags and
 * the statistics come after value, so readers of the first eight columns see no change; a statistic that was
 * not computed, or a task without a split name, is an empty field. The measure came last, with experiments of
 * several measures.
 */
public final class TidyCsv {

    public static final List<String> COLUMNS =
            List.of("comparison", "model_x", "model_y", "task", "cluster", "layer_x", "layer_y", "value", "held_out",
                    "split", "p_value", "ci_low", "ci_high", "measure");

    private TidyCsv() {
    }

    public static String write(ExperimentResults results) {
        StringBuilder out = new StringBuilder();
        row(out, COLUMNS);
        for (ExperimentResults.Result result : results.results()) {
            for (ExperimentResults.LayerValue value : result.values()) {
                row(out, Arrays.asList(result.comparison(), result.modelX(), result.modelY(), result.task(),
                        result.cluster(), Integer.toString(value.layerX()), Integer.toString(value.layerY()),
                        Double.toString(value.cka()), Boolean.toString(result.heldOut()), result.split(),
                        number(value.pValue()), number(value.ciLow()), number(value.ciHigh()),
                        result.measure().wire()));
            }
        }
        return out.toString();
    }

    private static String number(Double value) {
        return value == null ? null : Double.toString(value);
    }

    private static void row(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(field(fields.get(i)));
        }
        out.append("\r\n");
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\r') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
