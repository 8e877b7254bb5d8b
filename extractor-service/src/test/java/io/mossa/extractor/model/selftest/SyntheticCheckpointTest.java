package io.mossa.extractor.model.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mossa.extractor.model.hf.ComputeOptions;
import io.mossa.extractor.model.hf.HfCheckpoint;
import io.mossa.extractor.model.hf.HfEncoder;
import io.mossa.extractor.tensor.safetensors.SafetensorsDType;

/** The writer behind the self-test and the benchmark: one seed, the same numbers in every dtype and layout. */
class SyntheticCheckpointTest {

    @TempDir
    Path temp;

    private float[][] run(Path dir) throws Exception {
        HfCheckpoint checkpoint = HfCheckpoint.inspect(dir);
        int states = checkpoint.spec().numLayers() + 1;
        float[][] out = new float[states][];
        try (HfEncoder encoder = HfEncoder.load(checkpoint, ComputeOptions.cpuFloat32())) {
            encoder.forward(List.of(BuiltInModel.INPUTS.get(0)), IntStream.range(0, states).toArray(),
                    (input, slot, values) -> out[slot] = values);
        }
        return out;
    }

    @Test
    void float32Float16AndBfloat16FilesOfOneSeedGiveIdenticalHiddenStatesAlsoWhenSharded() throws Exception {
        String config = BuiltInModel.LLAMA.config();
        SyntheticCheckpoint.write(temp.resolve("f32"), config, SafetensorsDType.F32, Long.MAX_VALUE, 7, -3);
        float[][] reference = run(temp.resolve("f32"));
        for (SafetensorsDType dtype : List.of(SafetensorsDType.F16, SafetensorsDType.BF16)) {
            Path dir = temp.resolve(dtype.name());
            // shards of at most 8 KiB: every layer's tensors spread over several files
            long bytes = SyntheticCheckpoint.write(dir, config, dtype, 8 << 10, 7, -3);
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.filter(f -> f.toString().endsWith(".safetensors")).count()).isGreaterThan(3);
            }
            assertThat(Files.exists(dir.resolve("model.safetensors.index.json"))).isTrue();
            float[][] states = run(dir);
            for (int l = 0; l < states.length; l++) {
                assertThat(states[l]).as("%s hidden state %d", dtype, l).containsExactly(reference[l]);
            }
            assertThat(bytes).isGreaterThan(0);
        }
        // the states are not trivially equal: the layers change them
        assertThat(reference[1]).isNotEqualTo(reference[0]);
    }
}
