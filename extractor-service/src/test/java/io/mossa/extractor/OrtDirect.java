package io.mossa.extractor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Runs a graph with ONNX Runtime's own Java API, bypassing DJL, the rewriter's consumers and the
 * service: the independent path the tests compare the service against.
 */
public final class OrtDirect implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;

    public OrtDirect(byte[] model) throws OrtException {
        // There is one OrtEnvironment per JVM and DJL insists on creating it (with threading options):
        // let DJL create it first, then only the environment is shared, not the computation.
        ai.djl.engine.Engine.getEngine("OnnxRuntime");
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            session = env.createSession(model, options);
        }
    }

    public static byte[] resource(String name) throws IOException {
        try (InputStream in = OrtDirect.class.getClassLoader().getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    public java.util.Set<String> outputNames() throws OrtException {
        return session.getOutputNames();
    }

    /** Every output for one unpadded sequence, flattened (tokens x dim). */
    public Map<String, float[]> run(long[] ids) throws OrtException {
        long[] shape = {1, ids.length};
        long[] ones = new long[ids.length];
        Arrays.fill(ones, 1);
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(ids), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(ones), shape));
            inputs.put("token_type_ids", OnnxTensor.createTensor(env, java.nio.LongBuffer.wrap(new long[ids.length]), shape));
            Map<String, float[]> out = new LinkedHashMap<>();
            try (OrtSession.Result result = session.run(inputs)) {
                for (Map.Entry<String, OnnxValue> e : result) {
                    FloatBuffer buffer = ((OnnxTensor) e.getValue()).getFloatBuffer();
                    float[] values = new float[buffer.remaining()];
                    buffer.get(values);
                    out.put(e.getKey(), values);
                }
            }
            return out;
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
