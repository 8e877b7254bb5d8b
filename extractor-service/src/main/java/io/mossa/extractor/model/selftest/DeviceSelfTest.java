package io.mossa.extractor.model.selftest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import ai.djl.ndarray.types.DataType;
import io.mossa.extractor.model.Encoder;
import io.mossa.extractor.model.hf.ComputeOptions;
import io.mossa.extractor.model.hf.HfCheckpoint;
import io.mossa.extractor.model.hf.HfEncoder;
import io.mossa.extractor.tensor.safetensors.SafetensorsDType;

/**
 * Runs each {@link BuiltInModel} on the devices and dtypes under test and compares every hidden state with
 * the same checkpoint in float32 on the CPU. The device runs the inputs as one padded batch, the reference
 * runs each alone, so masking and padding are checked along with the kernels. A check fails when the
 * error exceeds the dtype's tolerance, when a value is not finite, or when the device cannot run at all.
 */
public final class DeviceSelfTest {

    /** How the device under test loads a checkpoint ({@link HfEncoder#load} in the service). */
    @FunctionalInterface
    public interface Loader {
        Encoder load(HfCheckpoint checkpoint, ComputeOptions compute) throws Exception;
    }

    private final Loader loader;

    public DeviceSelfTest(Loader loader) {
        this.loader = loader;
    }

    /**
     * The largest relative error accepted. float32: the 1e-5 the service promises against transformers.
     * float16: every block rounds at a handful of sequential steps (norm, projections, attention,
     * activation, residual), each within the unit roundoff u = 2^-11 of the vector's scale; 8 u per hidden
     * state (the embedding output and each block) bounds that generously and still catches a kernel that is
     * wrong rather than imprecise. bfloat16: the same count with its unit roundoff u = 2^-8 (its products
     * round their inputs and outputs; the weights, rounded once to bfloat16, add one more u).
     */
    public static double tolerance(DataType dtype, int hiddenStates) {
        return switch (dtype) {
            case FLOAT16 -> 8 * Math.pow(2, -11) * hiddenStates;
            case BFLOAT16 -> 8 * Math.pow(2, -8) * hiddenStates;
            default -> 1e-5;
        };
    }

    public SelfTestReport run(List<ComputeOptions> targets) {
        List<SelfTestReport.Check> checks = new ArrayList<>();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("mossa-self-test");
            for (BuiltInModel model : BuiltInModel.values()) {
                Path modelDir = dir.resolve(model.architecture());
                SyntheticCheckpoint.write(modelDir, model.config(), SafetensorsDType.F32, Long.MAX_VALUE, 1234,
                        BuiltInModel.MAGNITUDE_EXPONENT);
                HfCheckpoint checkpoint = HfCheckpoint.inspect(modelDir);
                float[][][] reference = referenceStates(checkpoint);
                for (ComputeOptions target : targets) {
                    checks.add(check(model, checkpoint, target, reference));
                }
            }
        } catch (Exception e) {
            checks.add(new SelfTestReport.Check("all", "cpu()", "float32", null, 0, false,
                    "the built-in checkpoints cannot be written or run on the CPU: " + e));
        } finally {
            delete(dir);
        }
        return new SelfTestReport(Instant.now(), checks.stream().allMatch(SelfTestReport.Check::passed),
                List.copyOf(checks));
    }

    private SelfTestReport.Check check(BuiltInModel model, HfCheckpoint checkpoint, ComputeOptions target,
            float[][][] reference) {
        int states = checkpoint.spec().numLayers() + 1;
        double tolerance = tolerance(target.dtype(), states);
        String device = target.device().toString();
        String dtype = ComputeOptions.dtypeName(target.dtype());
        float[][][] got = new float[BuiltInModel.INPUTS.size()][states][];
        try (Encoder encoder = loader.load(checkpoint, target)) {
            encoder.forward(BuiltInModel.INPUTS, IntStream.range(0, states).toArray(),
                    (input, slot, values) -> got[input][slot] = values);
        } catch (Exception | Error e) {
            return new SelfTestReport.Check(model.architecture(), device, dtype, null, tolerance, false,
                    "the forward pass failed: " + e);
        }
        int hidden = checkpoint.spec().hiddenSize();
        double worst = 0;
        for (int i = 0; i < got.length; i++) {
            for (int l = 0; l < states; l++) {
                double error = got[i][l] == null || got[i][l].length != reference[i][l].length ? Double.NaN
                        : maxRelativeError(got[i][l], reference[i][l], hidden);
                if (!(error <= Double.MAX_VALUE)) {
                    return new SelfTestReport.Check(model.architecture(), device, dtype, null, tolerance, false,
                            "hidden state " + l + " of input " + i + " is missing or not finite");
                }
                worst = Math.max(worst, error);
            }
        }
        boolean passed = worst <= tolerance;
        return new SelfTestReport.Check(model.architecture(), device, dtype, worst, tolerance, passed,
                passed ? null : String.format("hidden states differ from CPU float32 by up to %.3g (relative), more "
                        + "than the %.3g %s allows", worst, tolerance, dtype));
    }

    /** Each input alone, float32 on the CPU: [input][hidden state][tokens x hidden]. */
    private static float[][][] referenceStates(HfCheckpoint checkpoint) throws IOException,
            io.mossa.extractor.model.hf.HfCheckpointException {
        int states = checkpoint.spec().numLayers() + 1;
        float[][][] out = new float[BuiltInModel.INPUTS.size()][states][];
        try (HfEncoder encoder = HfEncoder.load(checkpoint, ComputeOptions.cpuFloat32())) {
            for (int i = 0; i < out.length; i++) {
                int input = i;
                encoder.forward(List.of(BuiltInModel.INPUTS.get(i)), IntStream.range(0, states).toArray(),
                        (ignored, slot, values) -> out[input][slot] = values);
            }
        }
        return out;
    }

    /** Per token: max |a - b| over the token's vector, divided by the largest |b| of that vector. */
    static double maxRelativeError(float[] actual, float[] expected, int width) {
        double worst = 0;
        for (int from = 0; from < expected.length; from += width) {
            double scale = 0;
            double error = 0;
            for (int k = from; k < from + width; k++) {
                scale = Math.max(scale, Math.abs(expected[k]));
                error = Math.max(error, Math.abs((double) actual[k] - expected[k]));
                if (!Float.isFinite(actual[k])) {
                    return Double.NaN;
                }
            }
            worst = Math.max(worst, error / scale);
        }
        return worst;
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory left behind is harmless; the report must not fail for it
        }
    }
}
