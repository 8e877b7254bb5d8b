package io.mossa.gateway.results.summary;

import io.swagger.v3.oas.annotations.media.Schema;

/** How much of the experiment a view covers: views of a running experiment show the tasks done so far. */
public record Completeness(
        @Schema(allowableValues = {"PENDING", "RUNNING", "SUCCEEDED", "FAILED"}) String status,
        @Schema(description = "true when the experiment has finished and no result can still change") boolean complete,
        @Schema(description = "tasks with results in this view") int tasksIncluded,
        @Schema(description = "tasks of the experiment") int tasksTotal,
        @Schema(description = "what the view covers, in words") String note) {

    public static Completeness of(String status, int tasksIncluded, int tasksTotal) {
        boolean finished = "SUCCEEDED".equals(status) || "FAILED".equals(status) || "CANCELLED".equals(status);
        String note;
        if (!finished) {
            note = "experiment " + status + ", partial results: " + tasksIncluded + " of " + tasksTotal
                    + " tasks so far";
        } else if (tasksIncluded < tasksTotal) {
            note = "experiment " + status + ": results for " + tasksIncluded + " of " + tasksTotal + " tasks";
        } else {
            note = "all " + tasksTotal + " tasks";
        }
        return new Completeness(status, finished, tasksIncluded, tasksTotal, note);
    }
}
