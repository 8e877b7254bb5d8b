package io.mossa.extractor.tensor.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.mossa.extractor.testmodels.SafetensorsWriter;
import io.mossa.extractor.testmodels.SafetensorsWriter.Entry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsReaderTest {

    @TempDir
    Path dir;

    /** Bit patterns decoded by hand from the IEEE 754 definitions. */
    @Test
    void float16AndBfloat16DecodeExactlyIncludingEdgeCases() {
        assertThat(SafetensorsDType.halfToFloat((short) 0x3c00)).isEqualTo(1.0f);
        assertThat(SafetensorsDType.halfToFloat((short) 0xc000)).isEqualTo(-2.0f);
        assertThat(SafetensorsDType.halfToFloat((short) 0x3555)).isEqualTo(0.333251953125f); // 0x155/1024 + 1, x 2^-2
        assertThat(SafetensorsDType.halfToFloat((short) 0x7bff)).isEqualTo(65504f); // largest half
        assertThat(SafetensorsDType.halfToFloat((short) 0x0001)).isEqualTo((float) Math.pow(2, -24)); // subnormal
        assertThat(SafetensorsDType.halfToFloat((short) 0x83ff)).isEqualTo((float) (-1023 * Math.pow(2, -24)));
        assertThat(SafetensorsDType.halfToFloat((short) 0x8000)).isEqualTo(-0.0f);
        assertThat(SafetensorsDType.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(SafetensorsDType.halfToFloat((short) 0x7e00)).isNaN();

        ByteBuffer bf16 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0x3f80).putShort((short) 0xc0a0).putShort((short) 0x0001).putShort((short) 0x7f80)
                .flip();
        float[] out = new float[4];
        SafetensorsDType.BF16.toFloat(bf16, out, 4);
        assertThat(out).containsExactly(1.0f, -5.0f, Float.intBitsToFloat(0x00010000), Float.POSITIVE_INFINITY);
    }

    @Test
    void headerGivesNamesShapesDtypesAndAbsoluteOffsets() throws Exception {
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.write(file, List.of(
                new Entry("a", "F32", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}),
                new Entry("b", "BF16", new long[] {4}, new float[] {1, -2, 0.5f, 3}),
                new Entry("ids", "I64", new long[] {1, 2}, new long[] {0, 1})));
        Map<String, SafetensorsTensor> tensors = SafetensorsFile.readHeader(file);
        assertThat(tensors).containsOnlyKeys("a", "b", "ids");
        SafetensorsTensor a = tensors.get("a");
        assertThat(a.shape()).containsExactly(2, 3);
        assertThat(a.dtype()).isEqualTo(SafetensorsDType.F32);
        assertThat(a.byteSize()).isEqualTo(24);
        assertThat(tensors.get("ids").isFloat()).isFalse();
        assertThat(tensors.get("ids").dtypeName()).isEqualTo("I64");

        float[] values = new float[4];
        SafetensorsTensor b = tensors.get("b");
        b.dtype().toFloat(SafetensorsFile.map(b, 0, 4), values, 4);
        assertThat(values).containsExactly(1, -2, 0.5f, 3);
        float[] row = new float[3];
        a.dtype().toFloat(SafetensorsFile.map(a, 3, 3), row, 3);
        assertThat(row).containsExactly(4, 5, 6);
    }

    @Test
    void truncatedAndMalformedFilesAreRefusedWithTheReason() throws Exception {
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.write(file, List.of(new Entry("w", "F32", new long[] {64}, new float[64])));
        byte[] bytes = Files.readAllBytes(file);

        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 4));
        assertThatThrownBy(() -> SafetensorsFile.readHeader(file)).isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("tensor 'w'").hasMessageContaining("truncated");

        Files.write(file, java.util.Arrays.copyOf(bytes, 20));
        assertThatThrownBy(() -> SafetensorsFile.readHeader(file)).isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("header length");

        Files.write(file, "not a safetensors file at all".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> SafetensorsFile.readHeader(file)).isInstanceOf(SafetensorsException.class);

        byte[] json = "{\"w\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [0, 12]}}"
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer wrongSize = ByteBuffer.allocate(8 + json.length + 16).order(ByteOrder.LITTLE_ENDIAN);
        wrongSize.putLong(json.length).put(json);
        Files.write(file, wrongSize.array());
        assertThatThrownBy(() -> SafetensorsFile.readHeader(file)).isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("has 12 bytes").hasMessageContaining("needs 16");
    }

    @Test
    void shardedCheckpointsFollowTheIndexAndCheckIt() throws Exception {
        SafetensorsWriter.write(dir.resolve("part-1.safetensors"),
                List.of(new Entry("x", "F32", new long[] {1}, new float[] {7})));
        SafetensorsWriter.write(dir.resolve("part-2.safetensors"),
                List.of(new Entry("y", "F16", new long[] {1}, new float[] {2})));
        Files.writeString(dir.resolve(SafetensorsCheckpoint.INDEX_FILE),
                "{\"weight_map\": {\"x\": \"part-1.safetensors\", \"y\": \"part-2.safetensors\"}}");
        SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(dir);
        assertThat(checkpoint.tensors()).containsOnlyKeys("x", "y");
        assertThat(checkpoint.get("y").file().getFileName().toString()).isEqualTo("part-2.safetensors");

        Files.writeString(dir.resolve(SafetensorsCheckpoint.INDEX_FILE),
                "{\"weight_map\": {\"x\": \"part-2.safetensors\"}}");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir)).isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("places tensor 'x' in part-2.safetensors");
        Files.writeString(dir.resolve(SafetensorsCheckpoint.INDEX_FILE),
                "{\"weight_map\": {\"x\": \"../outside.safetensors\"}}");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir)).isInstanceOf(SafetensorsException.class)
                .hasMessageContaining("not a file name in the model directory");
        Files.writeString(dir.resolve(SafetensorsCheckpoint.INDEX_FILE),
                "{\"weight_map\": {\"x\": \"part-3.safetensors\"}}");
        assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir)).isInstanceOf(NoSuchFileException.class);
    }
}
