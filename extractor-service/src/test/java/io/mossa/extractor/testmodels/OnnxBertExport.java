package io.mossa.extractor.testmodels;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

/**
 * Writes the weights of the bundled all-MiniLM-L6-v2 ONNX graph as a HuggingFace BERT checkpoint, so
 * that the ONNX path and the safetensors path can run the same model.
 *
 * <p>The mapping is honest, not fitted: the exporter kept transformers' names for embeddings, biases and
 * LayerNorm parameters; only the dense weights became anonymous {@code onnx::MatMul_N} initializers,
 * stored transposed ([in, out], as MatMul consumes them). Each is identified by the MatMul node that
 * reads it ({@code /encoder/layer.N/attention/self/query/MatMul} is
 * {@code encoder.layer.N.attention.self.query.weight}) and transposed back to torch's [out, in].
 */
public final class OnnxBertExport {

    private static final Pattern MATMUL = Pattern.compile("^/encoder/layer\\.(\\d+)/(.+)/MatMul$");

    private record Initializer(String name, int type, long[] dims, byte[] raw) {
    }

    private OnnxBertExport() {
    }

    /** Writes config.json, model.safetensors and tokenizer.json into {@code dir}. */
    public static Path write(byte[] onnx, byte[] tokenizerJson, Path dir) throws IOException {
        Map<String, Initializer> initializers = new LinkedHashMap<>();
        Map<String, String> matmulWeights = new HashMap<>();
        CodedInputStream in = CodedInputStream.newInstance(onnx);
        in.setSizeLimit(Integer.MAX_VALUE);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) != 7) { // ModelProto.graph
                in.skipField(tag);
                continue;
            }
            CodedInputStream graph = CodedInputStream.newInstance(in.readByteArray());
            graph.setSizeLimit(Integer.MAX_VALUE);
            for (int g = graph.readTag(); g != 0; g = graph.readTag()) {
                switch (WireFormat.getTagFieldNumber(g)) {
                    case 1 -> node(graph.readByteArray(), matmulWeights);
                    case 5 -> {
                        Initializer init = initializer(graph.readByteArray());
                        initializers.put(init.name(), init);
                    }
                    default -> graph.skipField(g);
                }
            }
        }
        List<SafetensorsWriter.Entry> entries = new ArrayList<>();
        for (Initializer init : initializers.values()) {
            String hfName = matmulWeights.get(init.name());
            if (hfName != null) {
                entries.add(new SafetensorsWriter.Entry(hfName, "F32",
                        new long[] {init.dims()[1], init.dims()[0]}, transpose(floats(init), init.dims())));
            } else if (init.name().equals("embeddings.position_ids")) {
                entries.add(new SafetensorsWriter.Entry(init.name(), "I64", init.dims(), longs(init)));
            } else if (!init.name().startsWith("onnx::") && init.type() == 1) {
                entries.add(new SafetensorsWriter.Entry(init.name(), "F32", init.dims(), floats(init)));
            }
        }
        Files.createDirectories(dir);
        SafetensorsWriter.write(dir.resolve("model.safetensors"), entries);
        Files.write(dir.resolve("tokenizer.json"), tokenizerJson);
        Files.writeString(dir.resolve("config.json"), """
                {"architectures": ["BertModel"], "model_type": "bert", "hidden_size": 384, "num_hidden_layers": 6,
                 "num_attention_heads": 12, "intermediate_size": 1536, "hidden_act": "gelu",
                 "max_position_embeddings": 512, "type_vocab_size": 2, "vocab_size": 30522,
                 "layer_norm_eps": 1e-12, "position_embedding_type": "absolute"}
                """);
        return dir;
    }

    /** NodeProto: input = 1, output = 2, name = 3. */
    private static void node(byte[] bytes, Map<String, String> matmulWeights) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        List<String> inputs = new ArrayList<>();
        String name = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> inputs.add(in.readString());
                case 3 -> name = in.readString();
                default -> in.skipField(tag);
            }
        }
        Matcher m = MATMUL.matcher(name);
        if (m.matches() && inputs.size() == 2 && inputs.get(1).startsWith("onnx::MatMul")) {
            matmulWeights.put(inputs.get(1),
                    "encoder.layer." + m.group(1) + "." + m.group(2).replace('/', '.') + ".weight");
        }
    }

    /** TensorProto: dims = 1, data_type = 2, name = 8, raw_data = 9. */
    private static Initializer initializer(byte[] bytes) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.setSizeLimit(Integer.MAX_VALUE);
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String name = null;
        byte[] raw = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == 1 && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int limit = in.pushLimit(in.readRawVarint32());
                while (in.getBytesUntilLimit() > 0) {
                    dims.add(in.readInt64());
                }
                in.popLimit(limit);
            } else if (field == 1) {
                dims.add(in.readInt64());
            } else if (field == 2) {
                type = in.readInt32();
            } else if (field == 8) {
                name = in.readString();
            } else if (field == 9) {
                raw = in.readByteArray();
            } else {
                in.skipField(tag);
            }
        }
        return new Initializer(name, type, dims.stream().mapToLong(Long::longValue).toArray(), raw);
    }

    private static float[] floats(Initializer init) {
        float[] values = new float[init.raw().length / 4];
        ByteBuffer.wrap(init.raw()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private static long[] longs(Initializer init) {
        long[] values = new long[init.raw().length / 8];
        ByteBuffer.wrap(init.raw()).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(values);
        return values;
    }

    private static float[] transpose(float[] values, long[] dims) {
        int rows = (int) dims[0];
        int cols = (int) dims[1];
        float[] out = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = values[r * cols + c];
            }
        }
        return out;
    }
}
