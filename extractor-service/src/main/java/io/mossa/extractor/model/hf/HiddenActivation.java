package io.mossa.extractor.model.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** The MLP activations of the supported architectures, by their transformers names. */
public enum HiddenActivation {

    /** Exact GELU, x * Phi(x) with erf (transformers "gelu"; BERT). */
    GELU,
    /** Tanh approximation (transformers "gelu_new" / "gelu_pytorch_tanh"; GPT-2). */
    GELU_TANH,
    /** x * sigmoid(x) (transformers "silu" / "swish"; Llama, Mistral, Qwen2). */
    SILU,
    RELU;

    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    public static HiddenActivation parse(String name, String field) throws HfCheckpointException {
        return switch (name) {
            case "gelu" -> GELU;
            case "gelu_new", "gelu_pytorch_tanh" -> GELU_TANH;
            case "silu", "swish" -> SILU;
            case "relu" -> RELU;
            default -> throw new HfCheckpointException(HfConfig.FILE + ": \"" + field + "\" = \"" + name
                    + "\" is not supported; supported: gelu, gelu_new, gelu_pytorch_tanh, silu, relu");
        };
    }

    public NDArray apply(NDArray x) {
        return switch (this) {
            case GELU -> Activation.gelu(x);
            case GELU_TANH -> {
                // 0.5 x (1 + tanh(u)) = x sigmoid(2u) with u = sqrt(2/pi) (x + 0.044715 x^3): the same
                // function as transformers' NewGELUActivation in five passes instead of eight (the
                // activation otherwise costs as much as GPT-2's MLP matmul on CPU).
                NDArray scaled = x.square().muli(2 * SQRT_2_OVER_PI * 0.044715).addi(2 * SQRT_2_OVER_PI).muli(x);
                yield Activation.sigmoid(scaled).muli(x);
            }
            case SILU -> Activation.sigmoid(x).muli(x);
            case RELU -> Activation.relu(x);
        };
    }
}
