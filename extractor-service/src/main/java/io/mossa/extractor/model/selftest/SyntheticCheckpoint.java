package io.mossa.extractor.model.selftest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.mossa.extractor.model.hf.ArchitectureSpec;
import io.mossa.extractor.model.hf.HfArchitectures;
import io.mossa.extractor.model.hf.HfCheckpointException;
import io.mossa.extractor.model.hf.HfConfig;
import io.mossa.extractor.model.hf.TensorSpec;
import io.mossa.extractor.tensor.safetensors.SafetensorsDType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a HuggingFace checkpoint directory with random weights for any config.json this service reads:
 * config.json, a one-word tokenizer.json, and safetensors shards of at most {@code shardBytes} with
 * model.safetensors.index.json as the Hub lays out large models. Tensor names and shapes come from the
 * architecture's own declaration ({@link ArchitectureSpec#tensors()}), stored under its usual prefix.
 *
 * <p>Values: norm gains 1, biases 0, every other weight ±[2^e, 2^(e+1)) with 7 random mantissa bits, so
 * that float32, float16 and bfloat16 files of one seed hold exactly the same numbers. Used for the device
 * self-test's built-in models and by the forward benchmark for real-size shapes (a 7B-shaped bfloat16
 * checkpoint is 12.3 GiB: written under a temporary directory, deleted after use, never in the repository).
 */
public final class SyntheticCheckpoint {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SyntheticCheckpoint() {
    }

    /**
     * @param config            config.json's text
     * @param magnitudeExponent weights are ±[2^e, 2^(e+1)); -6 keeps a 32-layer 4096-wide model finite, tiny
     *                          models need larger weights for their layers to change the states visibly
     * @return bytes written (all shards)
     */
    public static long write(Path dir, String config, SafetensorsDType dtype, long shardBytes, long seed,
            int magnitudeExponent) throws IOException, HfCheckpointException {
        Files.createDirectories(dir);
        ArchitectureSpec spec = HfArchitectures.spec(HfConfig.parse(config));
        String prefix = spec.prefixes().get(0);
        List<List<TensorSpec>> shards = new ArrayList<>();
        long inShard = 0;
        for (TensorSpec tensor : spec.tensors()) {
            long bytes = elements(tensor) * dtype.bytes();
            if (shards.isEmpty() || inShard + bytes > shardBytes) {
                shards.add(new ArrayList<>());
                inShard = 0;
            }
            shards.get(shards.size() - 1).add(tensor);
            inShard += bytes;
        }
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, String> weightMap = new LinkedHashMap<>();
        long total = 0;
        for (int s = 0; s < shards.size(); s++) {
            String file = String.format("model-%05d-of-%05d.safetensors", s + 1, shards.size());
            total += writeShard(dir.resolve(file), shards.get(s), prefix, dtype, random, magnitudeExponent);
            for (TensorSpec tensor : shards.get(s)) {
                weightMap.put(prefix + tensor.name(), file);
            }
        }
        Files.writeString(dir.resolve("model.safetensors.index.json"), JSON.writeValueAsString(
                Map.of("metadata", Map.of("total_size", total), "weight_map", weightMap)));
        Files.writeString(dir.resolve("config.json"), config);
        Files.writeString(dir.resolve("tokenizer.json"), "{\"version\":\"1.0\",\"model\":{\"type\":\"WordLevel\","
                + "\"vocab\":{\"<unk>\":0},\"unk_token\":\"<unk>\"}}");
        return total;
    }

    private static long writeShard(Path file, List<TensorSpec> tensors, String prefix, SafetensorsDType dtype,
            SplittableRandom random, int magnitudeExponent) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        long offset = 0;
        for (TensorSpec tensor : tensors) {
            long bytes = elements(tensor) * dtype.bytes();
            header.put(prefix + tensor.name(), Map.of("dtype", dtype.name(), "shape", tensor.shape(),
                    "data_offsets", new long[] {offset, offset + bytes}));
            offset += bytes;
        }
        StringBuilder headerText = new StringBuilder(JSON.writeValueAsString(header));
        while (headerText.length() % 8 != 0) {
            headerText.append(' '); // the Hub's writers pad the header so that data starts 8-byte aligned
        }
        byte[] headerBytes = headerText.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer chunk = ByteBuffer.allocateDirect(8 << 20).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            chunk.putLong(headerBytes.length).put(headerBytes);
            for (TensorSpec tensor : tensors) {
                Kind kind = Kind.of(tensor.name());
                for (long i = elements(tensor); i > 0; i--) {
                    if (chunk.remaining() < 4) {
                        drain(chunk, out);
                    }
                    int bf16 = kind == Kind.GAIN ? 0x3f80 : kind == Kind.BIAS ? 0 : randomBf16(random.nextInt(), magnitudeExponent);
                    switch (dtype) {
                        case BF16 -> chunk.putShort((short) bf16);
                        case F32 -> chunk.putInt(bf16 << 16);
                        case F16 -> chunk.putShort(bf16ToHalf(bf16));
                    }
                }
            }
            drain(chunk, out);
        }
        return 8 + headerBytes.length + offset;
    }

    private enum Kind {
        GAIN, BIAS, WEIGHT;

        static Kind of(String name) {
            boolean norm = name.contains("norm") || name.contains("ln_") || name.contains("LayerNorm");
            if (name.endsWith(".bias")) {
                return BIAS;
            }
            return norm ? GAIN : WEIGHT;
        }
    }

    /** Sign and 7 mantissa bits from {@code bits}, magnitude in [2^e, 2^(e+1)). */
    private static int randomBf16(int bits, int exponent) {
        return (bits & 0x8000) | ((127 + exponent) << 7) | (bits & 0x7f);
    }

    /** Exact for the values written here (normal, 7 mantissa bits, exponent within float16's range). */
    private static short bf16ToHalf(int bf16) {
        int sign = bf16 & 0x8000;
        int exponent = ((bf16 >>> 7) & 0xff) - 127;
        if (bf16 == 0) {
            return 0;
        }
        return (short) (sign | ((exponent + 15) << 10) | ((bf16 & 0x7f) << 3));
    }

    private static void drain(ByteBuffer chunk, FileChannel out) throws IOException {
        chunk.flip();
        while (chunk.hasRemaining()) {
            out.write(chunk);
        }
        chunk.clear();
    }

    private static long elements(TensorSpec tensor) {
        long n = 1;
        for (long d : tensor.shape()) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
