package io.mossa.extractor.activation;

import java.util.List;

import io.mossa.extractor.model.RegisteredModel;

/** A request that passed every check: token ids are final, layers are valid and distinct. */
record PreparedRequest(RegisteredModel model, int[] layers, Pooling pooling, List<long[]> tokens) {

    int[] tokenCounts() {
        return tokens.stream().mapToInt(t -> t.length).toArray();
    }
}
