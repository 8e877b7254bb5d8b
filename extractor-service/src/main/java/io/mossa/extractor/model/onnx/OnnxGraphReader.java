package io.mossa.extractor.model.onnx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the structure of an ONNX BERT-style encoder (nodes, inputs, weight shapes) and finds the
 * tensors that are HuggingFace's {@code hidden_states}.
 *
 * <p>Hidden states are located by the exporter's name scopes rather than by exact tensor names: the
 * tensor leaving {@code /embeddings/LayerNorm/} is index 0 and the tensor leaving
 * {@code /encoder/layer.N/output/LayerNorm/} is index N+1. "Leaving" means consumed outside the scope
 * or declared as a graph output, which covers the last block (whose output is renamed
 * {@code last_hidden_state}) and quantized graphs (where a DynamicQuantizeLinear inside the scope also
 * consumes it). The number of layers is whatever the graph contains.
 */
public final class OnnxGraphReader {

    static final int MODEL_GRAPH = 7;
    static final int GRAPH_NODE = 1;
    static final int GRAPH_INITIALIZER = 5;
    static final int GRAPH_INPUT = 11;
    static final int GRAPH_OUTPUT = 12;

    private static final String EMBEDDING_SCOPE = "/embeddings/LayerNorm/";
    private static final Pattern LAYER_SCOPE = Pattern.compile("^/encoder/layer\\.(\\d+)/output/LayerNorm/");
    private static final Set<String> QUANTIZE_OPS = Set.of("DynamicQuantizeLinear", "QuantizeLinear");
    private static final Set<String> INTEGER_OPS = Set.of("MatMulInteger", "DynamicQuantizeLinear",
            "QLinearMatMul", "ConvInteger", "QLinearConv", "DequantizeLinear");

    record Node(String name, String opType, List<String> inputs, List<String> outputs) {
    }

    private OnnxGraphReader() {
    }

    public static OnnxGraphInfo read(byte[] model) throws OnnxGraphException {
        int[] graph = findGraph(model);
        List<Node> nodes = new ArrayList<>();
        Map<String, long[]> initializerDims = new HashMap<>();
        Map<String, Integer> inputs = new LinkedHashMap<>();
        List<String> outputs = new ArrayList<>();
        try {
            ProtoFields.scan(model, graph[0], graph[1], (number, wire, varint, offset, length) -> {
                switch (number) {
                    case GRAPH_NODE -> nodes.add(node(model, offset, length));
                    case GRAPH_INITIALIZER -> initializer(model, offset, length, initializerDims);
                    case GRAPH_INPUT -> {
                        String[] name = new String[1];
                        int[] elem = {0};
                        valueInfo(model, offset, length, name, elem);
                        inputs.put(name[0], elem[0]);
                    }
                    case GRAPH_OUTPUT -> {
                        String[] name = new String[1];
                        valueInfo(model, offset, length, name, new int[1]);
                        outputs.add(name[0]);
                    }
                    default -> {
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            throw new OnnxGraphException("the ONNX graph cannot be parsed: " + e.getMessage(), e);
        }
        // Initializers listed as graph inputs (old exporters) are not fed by the caller.
        inputs.keySet().removeIf(initializerDims::containsKey);
        return describe(nodes, initializerDims, inputs, outputs);
    }

    /** Offset and length of the GraphProto payload inside a ModelProto, then where its field starts. */
    static int[] findGraph(byte[] model) throws OnnxGraphException {
        int[] graph = {-1, 0, 0};
        int[] tagStart = {0};
        try {
            ProtoFields.scan(model, 0, model.length, (number, wire, varint, offset, length) -> {
                if (number == MODEL_GRAPH && offset >= 0) {
                    if (graph[0] >= 0) {
                        throw new java.io.IOException("the model holds more than one graph field");
                    }
                    graph[0] = offset;
                    graph[1] = length;
                    graph[2] = tagStart[0];
                }
            }, tagStart);
        } catch (IOException | RuntimeException e) {
            throw new OnnxGraphException("not an ONNX model (protobuf cannot be parsed: " + e.getMessage() + ")", e);
        }
        if (graph[0] < 0) {
            throw new OnnxGraphException("not an ONNX model: it has no graph");
        }
        return graph;
    }

    private static OnnxGraphInfo describe(List<Node> nodes, Map<String, long[]> dims, Map<String, Integer> inputs,
            List<String> outputs) throws OnnxGraphException {
        if (nodes.isEmpty()) {
            throw new OnnxGraphException("not an ONNX model: the graph has no nodes");
        }
        Map<String, List<Node>> consumers = new HashMap<>();
        for (Node node : nodes) {
            for (String input : node.inputs()) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
            }
        }
        TreeMap<Integer, String> layerScopes = new TreeMap<>();
        for (Node node : nodes) {
            Matcher m = LAYER_SCOPE.matcher(node.name());
            if (m.find()) {
                layerScopes.putIfAbsent(Integer.parseInt(m.group(1)), m.group());
            }
        }
        if (layerScopes.isEmpty() || nodes.stream().noneMatch(n -> n.name().startsWith(EMBEDDING_SCOPE))) {
            throw new OnnxGraphException("unsupported architecture: no BERT-style '/embeddings/LayerNorm/' and "
                    + "'/encoder/layer.N/output/LayerNorm/' node scopes in the graph");
        }
        if (layerScopes.firstKey() != 0 || layerScopes.lastKey() != layerScopes.size() - 1) {
            throw new OnnxGraphException("encoder layers are not numbered 0.." + (layerScopes.size() - 1)
                    + ": found " + layerScopes.keySet());
        }
        List<String> hidden = new ArrayList<>();
        hidden.add(exitOf(EMBEDDING_SCOPE, nodes, consumers, outputs));
        for (String scope : layerScopes.values()) {
            hidden.add(exitOf(scope, nodes, consumers, outputs));
        }
        int hiddenSize = embeddingWidth(nodes, dims);
        int vocabSize = firstDim(nodes, dims, "input_ids", "word embedding table");
        int maxTokens = positionRows(dims);
        boolean quantized = nodes.stream().anyMatch(n -> INTEGER_OPS.contains(n.opType()));
        if (!inputs.containsKey("input_ids")) {
            throw new OnnxGraphException("the graph has no 'input_ids' input (inputs: " + inputs.keySet() + ")");
        }
        for (Map.Entry<String, Integer> input : inputs.entrySet()) {
            if (!Set.of("input_ids", "attention_mask", "token_type_ids").contains(input.getKey())) {
                throw new OnnxGraphException("unsupported graph input '" + input.getKey() + "'");
            }
            if (input.getValue() != OnnxGraphInfo.ELEM_INT64 && input.getValue() != OnnxGraphInfo.ELEM_INT32) {
                throw new OnnxGraphException("graph input '" + input.getKey() + "' has element type "
                        + input.getValue() + "; only int64 and int32 are supported");
            }
        }
        return new OnnxGraphInfo("bert", layerScopes.size(), hiddenSize, vocabSize, maxTokens,
                quantized ? "int8" : "float32", hidden, outputs, inputs);
    }

    private static String exitOf(String scope, List<Node> nodes, Map<String, List<Node>> consumers,
            List<String> graphOutputs) throws OnnxGraphException {
        List<String> exits = new ArrayList<>();
        for (Node node : nodes) {
            if (!node.name().startsWith(scope) || QUANTIZE_OPS.contains(node.opType())) {
                continue;
            }
            for (String output : node.outputs()) {
                boolean leaves = graphOutputs.contains(output) || consumers.getOrDefault(output, List.of()).stream()
                        .anyMatch(c -> !c.name().startsWith(scope));
                if (leaves && !exits.contains(output)) {
                    exits.add(output);
                }
            }
        }
        if (exits.size() != 1) {
            throw new OnnxGraphException("expected exactly one tensor leaving node scope '" + scope + "', found "
                    + exits);
        }
        return exits.get(0);
    }

    /** The embedding LayerNorm's scale/bias are rank-1 weights of the hidden width. */
    private static int embeddingWidth(List<Node> nodes, Map<String, long[]> dims) throws OnnxGraphException {
        for (Node node : nodes) {
            if (node.name().startsWith(EMBEDDING_SCOPE)) {
                for (String input : node.inputs()) {
                    long[] d = dims.get(input);
                    if (d != null && d.length == 1 && d[0] > 1) {
                        return Math.toIntExact(d[0]);
                    }
                }
            }
        }
        throw new OnnxGraphException("cannot find the hidden size: no rank-1 weight in '" + EMBEDDING_SCOPE + "'");
    }

    /** Rows of the table a Gather looks {@code inputName} up in (the vocabulary for input_ids). */
    private static int firstDim(List<Node> nodes, Map<String, long[]> dims, String inputName, String what)
            throws OnnxGraphException {
        for (Node node : nodes) {
            if (node.opType().equals("Gather") && node.inputs().size() == 2 && node.inputs().get(1).equals(inputName)) {
                long[] d = dims.get(node.inputs().get(0));
                if (d != null && d.length == 2) {
                    return Math.toIntExact(d[0]);
                }
            }
        }
        throw new OnnxGraphException("cannot find the " + what + " (a Gather of '" + inputName + "')");
    }

    private static int positionRows(Map<String, long[]> dims) throws OnnxGraphException {
        for (Map.Entry<String, long[]> e : dims.entrySet()) {
            if (e.getKey().contains("position_embeddings") && e.getValue().length == 2) {
                return Math.toIntExact(e.getValue()[0]);
            }
        }
        throw new OnnxGraphException("cannot find the maximum sequence length: no position_embeddings table");
    }

    private static Node node(byte[] b, int offset, int length) throws IOException {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String[] nameAndOp = {"", ""};
        ProtoFields.scan(b, offset, length, (number, wire, varint, off, len) -> {
            switch (number) {
                case 1 -> inputs.add(ProtoFields.string(b, off, len));
                case 2 -> outputs.add(ProtoFields.string(b, off, len));
                case 3 -> nameAndOp[0] = ProtoFields.string(b, off, len);
                case 4 -> nameAndOp[1] = ProtoFields.string(b, off, len);
                default -> {
                }
            }
        });
        return new Node(nameAndOp[0], nameAndOp[1], inputs, outputs);
    }

    private static void initializer(byte[] b, int offset, int length, Map<String, long[]> sink) throws IOException {
        List<Long> dims = new ArrayList<>();
        String[] name = {null};
        ProtoFields.scan(b, offset, length, (number, wire, varint, off, len) -> {
            if (number == 1 && off >= 0) {
                ProtoFields.packedVarints(b, off, len, dims::add);
            } else if (number == 1) {
                dims.add(varint);
            } else if (number == 8) {
                name[0] = ProtoFields.string(b, off, len);
            }
        });
        if (name[0] != null) {
            sink.put(name[0], dims.stream().mapToLong(Long::longValue).toArray());
        }
    }

    /** ValueInfoProto: name = 1, type = 2 (TypeProto.tensor_type = 1, Tensor.elem_type = 1). */
    private static void valueInfo(byte[] b, int offset, int length, String[] name, int[] elemType) throws IOException {
        ProtoFields.scan(b, offset, length, (number, wire, varint, off, len) -> {
            if (number == 1) {
                name[0] = ProtoFields.string(b, off, len);
            } else if (number == 2 && off >= 0) {
                ProtoFields.scan(b, off, len, (n2, w2, v2, off2, len2) -> {
                    if (n2 == 1 && off2 >= 0) {
                        ProtoFields.scan(b, off2, len2, (n3, w3, v3, off3, len3) -> {
                            if (n3 == 1 && w3 == 0) {
                                elemType[0] = (int) v3;
                            }
                        });
                    }
                });
            }
        });
    }
}
