package io.mossa.extractor.activation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;

/**
 * BERT's embedding output computed by hand from the weights stored in the ONNX file:
 * LayerNorm(word[id] + position[t] + tokenType[0]), eps 1e-12, in double. Shares no code with the
 * service, so it checks that hidden_states[0] really is the embedding output.
 */
final class EmbeddingReference {

    private static final Set<String> WANTED = Set.of("embeddings.word_embeddings.weight",
            "embeddings.position_embeddings.weight", "embeddings.token_type_embeddings.weight",
            "embeddings.LayerNorm.weight", "embeddings.LayerNorm.bias");

    private final Map<String, float[]> weights;
    private final int dim;

    private EmbeddingReference(Map<String, float[]> weights) {
        this.weights = weights;
        this.dim = weights.get("embeddings.LayerNorm.weight").length;
    }

    static EmbeddingReference fromModel(byte[] model) throws IOException {
        Map<String, float[]> weights = new HashMap<>();
        CodedInputStream in = CodedInputStream.newInstance(model);
        in.setSizeLimit(Integer.MAX_VALUE);
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == 7) { // ModelProto.graph
                CodedInputStream graph = CodedInputStream.newInstance(in.readByteArray());
                graph.setSizeLimit(Integer.MAX_VALUE);
                for (int g = graph.readTag(); g != 0; g = graph.readTag()) {
                    if (WireFormat.getTagFieldNumber(g) == 5) { // GraphProto.initializer
                        tensor(graph.readByteArray(), weights);
                    } else {
                        graph.skipField(g);
                    }
                }
            } else {
                in.skipField(tag);
            }
        }
        if (!weights.keySet().containsAll(WANTED)) {
            throw new IOException("embedding weights not found: have " + weights.keySet());
        }
        return new EmbeddingReference(weights);
    }

    /** TensorProto: name = 8, float_data = 4 (packed), raw_data = 9 (little-endian). */
    private static void tensor(byte[] bytes, Map<String, float[]> sink) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.setSizeLimit(Integer.MAX_VALUE);
        String name = null;
        float[] data = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 8 -> name = in.readStringRequireUtf8();
                case 9, 4 -> {
                    ByteBuffer raw = ByteBuffer.wrap(in.readByteArray()).order(ByteOrder.LITTLE_ENDIAN);
                    data = new float[raw.remaining() / 4];
                    raw.asFloatBuffer().get(data);
                }
                default -> in.skipField(tag);
            }
        }
        if (name != null && WANTED.contains(name)) {
            sink.put(name, data);
        }
    }

    float[] embed(long[] ids) {
        float[] word = weights.get("embeddings.word_embeddings.weight");
        float[] position = weights.get("embeddings.position_embeddings.weight");
        float[] type = weights.get("embeddings.token_type_embeddings.weight");
        float[] gamma = weights.get("embeddings.LayerNorm.weight");
        float[] beta = weights.get("embeddings.LayerNorm.bias");
        float[] out = new float[ids.length * dim];
        for (int t = 0; t < ids.length; t++) {
            double[] x = new double[dim];
            double mean = 0;
            for (int d = 0; d < dim; d++) {
                x[d] = (double) word[(int) ids[t] * dim + d] + position[t * dim + d] + type[d];
                mean += x[d];
            }
            mean /= dim;
            double var = 0;
            for (int d = 0; d < dim; d++) {
                var += (x[d] - mean) * (x[d] - mean);
            }
            var /= dim;
            for (int d = 0; d < dim; d++) {
                out[t * dim + d] = (float) ((x[d] - mean) / Math.sqrt(var + 1e-12) * gamma[d] + beta[d]);
            }
        }
        return out;
    }
}
