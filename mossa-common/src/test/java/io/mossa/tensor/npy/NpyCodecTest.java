package io.mossa.tensor.npy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The expected bytes below were produced by numpy 2.4 ({@code np.save}) on this machine, not by the codec:
 * they pin the codec to what {@code numpy.load} reads and writes.
 */
class NpyCodecTest {

    /** np.save(f, np.array([[1.5, -2, 3], [4, 5, 6.25]], dtype='<f4')) */
    private static final String NUMPY_F4_2X3 = "934e554d5059010076007b276465736372273a20273c6634272c2027666f727472616e5f6f72646572273a2046616c73"
            + "652c20277368617065273a2028322c2033292c207d202020202020202020202020202020202020202020202020202020"
            + "202020202020202020202020202020202020202020202020202020202020200a0000c03f000000c00000404000008040"
            + "0000a0400000c840";

    /** np.save(f, np.array([[0.1, -7e300], [3, 4]], dtype='>f8')): big-endian, as other tools may write. */
    private static final String NUMPY_BIG_ENDIAN_F4_2X2 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPmY0JywgJ2ZvcnRyYW5fb3JkZXIn"
            + "OiBGYWxzZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg"
            + "ICAgICAgICAgIAo/wAAAwAAAAEBAAAA9zMzN";
    private static final String NUMPY_BIG_ENDIAN_F8_2X2 = "k05VTVBZAQB2AHsnZGVzY3InOiAnPmY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxz"
            + "ZSwgJ3NoYXBlJzogKDIsIDIpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg"
            + "ICAgIAo/uZmZmZmZmv5k57T3AGboQAgAAAAAAABAEAAAAAAAAA==";

    /** np.save(f, np.array([1.5, 2.5], dtype='<f8')): a 1-d shape is written as "(2,)". */
    private static final String NUMPY_F8_VECTOR = "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwg"
            + "J3NoYXBlJzogKDIsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAg"
            + "IAoAAAAAAAD4PwAAAAAAAARA";

    private final NpyReader reader = new NpyReader(1_000_000);

    @Test
    void writesFloat32ExactlyAsNumpyDoes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyWriter.writeFloat32(out, new int[] {2, 3}, new float[] {1.5f, -2f, 3f, 4f, 5f, 6.25f});
        assertThat(HexFormat.of().formatHex(out.toByteArray())).isEqualTo(NUMPY_F4_2X3);
    }

    @Test
    void writesFloat64VectorExactlyAsNumpyDoes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyWriter.writeFloat64(out, new int[] {2}, new double[] {1.5, 2.5});
        assertThat(out.toByteArray()).isEqualTo(Base64.getDecoder().decode(NUMPY_F8_VECTOR));
    }

    @Test
    void readsNumpyFloat32() throws IOException {
        NpyArray array = reader.read(new ByteArrayInputStream(HexFormat.of().parseHex(NUMPY_F4_2X3)));
        assertThat(array.dtype()).isEqualTo(NpyDType.FLOAT32);
        assertThat(array.shape()).containsExactly(2, 3);
        assertThat(array.data()).containsExactly(1.5, -2, 3, 4, 5, 6.25);
    }

    @Test
    void readsFloat32WithoutWidening() throws IOException {
        NpyFloatArray array = reader.readFloat32(new ByteArrayInputStream(HexFormat.of().parseHex(NUMPY_F4_2X3)));
        assertThat(array.shape()).containsExactly(2, 3);
        assertThat(array.data()).containsExactly(1.5f, -2f, 3f, 4f, 5f, 6.25f);
        // np.save(np.array([[1.5, -2], [3, 0.1]], dtype='>f4')): big-endian float32
        NpyFloatArray bigEndian = reader.readFloat32(new ByteArrayInputStream(Base64.getDecoder().decode(
                NUMPY_BIG_ENDIAN_F4_2X2)));
        assertThat(bigEndian.data()).containsExactly(1.5f, -2f, 3f, 0.1f);
        assertThatThrownBy(() -> reader.readFloat32(new ByteArrayInputStream(Base64.getDecoder().decode(
                NUMPY_BIG_ENDIAN_F8_2X2)))).isInstanceOf(NpyFormatException.class)
                .hasMessageContaining("expected a float32 array, got float64");
        byte[] truncated = Arrays.copyOf(HexFormat.of().parseHex(NUMPY_F4_2X3),
                HexFormat.of().parseHex(NUMPY_F4_2X3).length - 3);
        assertThatThrownBy(() -> reader.readFloat32(new ByteArrayInputStream(truncated)))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("truncated");
    }

    @Test
    void readsBigEndianFloat64() throws IOException {
        NpyArray array = reader.read(new ByteArrayInputStream(Base64.getDecoder().decode(NUMPY_BIG_ENDIAN_F8_2X2)));
        assertThat(array.dtype()).isEqualTo(NpyDType.FLOAT64);
        assertThat(array.shape()).containsExactly(2, 2);
        assertThat(array.data()).containsExactly(0.1, -7e300, 3, 4);
    }

    @Test
    void roundTripsLargeArraysAcrossChunkBoundaries() throws IOException {
        Random random = new Random(7);
        int[] shape = {3, 257, 131};
        float[] values = new float[3 * 257 * 131];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyWriter.writeFloat32(out, shape, values);
        byte[] bytes = out.toByteArray();
        // numpy aligns the data to 64 bytes; the header length field says where it starts
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        assertThat((10 + headerLength) % 64).isZero();
        assertThat(bytes.length).isEqualTo(10 + headerLength + values.length * 4);

        NpyArray array = reader.read(new ByteArrayInputStream(bytes));
        assertThat(array.shape()).containsExactly(shape);
        for (int i = 0; i < values.length; i++) {
            assertThat(array.data()[i]).isEqualTo(values[i]);
        }
    }

    @Test
    void scalarShapeRoundTrips() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyWriter.writeFloat64(out, new int[0], new double[] {42});
        assertThat(new String(out.toByteArray(), 10, 60)).contains("'shape': ()");
        assertThat(reader.read(new ByteArrayInputStream(out.toByteArray())).data()).containsExactly(42);
    }

    @Test
    void rejectsWhatItCannotRead() {
        byte[] valid = HexFormat.of().parseHex(NUMPY_F4_2X3);

        byte[] notNpy = "hello world, not an array".getBytes();
        assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(notNpy)))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("magic");

        byte[] truncated = Arrays.copyOf(valid, valid.length - 3);
        assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(truncated)))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("truncated");

        byte[] int32 = new String(valid, java.nio.charset.StandardCharsets.ISO_8859_1).replace("<f4", "<i4")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(int32)))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("<i4");

        byte[] fortran = new String(valid, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("'fortran_order': False", "'fortran_order': True ")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(fortran)))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("fortran_order");

        assertThatThrownBy(() -> new NpyReader(5).read(new ByteArrayInputStream(valid)))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("exceeds the limit of 5");
    }

    @Test
    void rejectsAShapeWhoseElementCountOverflowsALong() {
        // 2147483647^3 is about 9.9e27, beyond Long.MAX_VALUE (9.2e18)
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2147483647, 2147483647, 2147483647), }";
        StringBuilder padded = new StringBuilder(header);
        while ((10 + padded.length() + 1) % 64 != 0) {
            padded.append(' ');
        }
        padded.append('\n');
        java.io.ByteArrayOutputStream npy = new java.io.ByteArrayOutputStream();
        npy.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
                (byte) (padded.length() & 0xff), (byte) (padded.length() >> 8)});
        npy.writeBytes(padded.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(npy.toByteArray())))
                .isInstanceOf(NpyFormatException.class).hasMessageContaining("more values than a 64-bit count");
    }

    @Test
    void writerRefusesShapeThatDoesNotMatchTheData() {
        assertThatThrownBy(() -> NpyWriter.writeFloat32(new ByteArrayOutputStream(), new int[] {2, 2}, new float[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
