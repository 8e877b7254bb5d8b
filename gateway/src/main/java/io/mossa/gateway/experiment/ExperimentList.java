package io.mossa.gateway.experiment;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

@JsonIgnoreProperties(ignoreUnknown = true)
public record ExperimentList(List<ExperimentView> experiments) {
}
