package io.mossa.extractor.model.onnx;

import java.util.List;
import java.util.Map;

/**
 * What the service needs to know about an encoder graph, read from the graph itself so the model
 * listing is complete before any session is created.
 *
 * @param architecture       the recognised family ("bert")
 * @param numLayers          transformer blocks L; hidden-state indices run 0..L
 * @param hiddenSize         width of every hidden state
 * @param vocabSize          rows of the word-embedding table
 * @param maxTokens          rows of the position-embedding table
 * @param dtype              "float32", or "int8" when the graph quantizes its matmuls
 * @param hiddenStateOutputs L+1 tensor names: embedding output, then each block's output
 * @param graphOutputs       the outputs the graph already declares
 * @param inputs             graph input name to ONNX element type, in declaration order
 */
public record OnnxGraphInfo(String architecture, int numLayers, int hiddenSize, int vocabSize, int maxTokens,
        String dtype, List<String> hiddenStateOutputs, List<String> graphOutputs, Map<String, Integer> inputs) {

    public static final int ELEM_INT32 = 6;
    public static final int ELEM_INT64 = 7;

    public OnnxGraphInfo {
        hiddenStateOutputs = List.copyOf(hiddenStateOutputs);
        graphOutputs = List.copyOf(graphOutputs);
        inputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inputs));
    }
}
