package io.mossa.gateway.experiment;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.mossa.contract.experiment.ExperimentView;
import io.swagger.v3.oas.annotations.media.Schema;

/** One page of experiments, newest first. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ExperimentList(
        List<ExperimentView> experiments,
        @Schema(description = "Pass as cursor to get the next page; null on the last page (also in the Link header, "
                + "rel=\"next\")", nullable = true) String nextCursor) {
}
