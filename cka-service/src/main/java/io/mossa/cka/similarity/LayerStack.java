package io.mossa.cka.similarity;

import java.nio.FloatBuffer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mossa.contract.experiment.LayerPairing;

/**
 * One side of a comparison: {@code layers} representations of the same n inputs, each n x p, row i = input i.
 * Held as float32 (as activations arrive: on the heap, or mapped from the files a unit's activations stream into)
 * or float64 (NPY uploads); {@link #layer} gives one layer as a float64 NDArray, the precision every computation
 * here runs in, so only the layers being compared are widened at a time.
 */
public final class LayerStack {

    /** Values widened per chunk when a layer is copied into a float64 array (2 MiB of doubles). */
    private static final int CHUNK_VALUES = 1 << 18;

    private final String name;
    private final int layers;
    private final int rows;
    private final int features;
    private final double[] doubles;
    private final FloatBuffer[] floats;

    private LayerStack(String name, int layers, int rows, int features, double[] doubles, FloatBuffer[] floats) {
        if (layers < 1 || rows < 1 || features < 1) {
            throw new SimilarityException(name, name + " must have at least 1 layer, 1 input and 1 feature, got "
                    + layers + " x " + rows + " x " + features);
        }
        this.name = name;
        this.layers = layers;
        this.rows = rows;
        this.features = features;
        this.doubles = doubles;
        this.floats = floats;
    }

    /** {@code data} is layers x rows x features, row-major (an NPY array of shape [layers, n, p] or [n, p]). */
    public static LayerStack of(String name, double[] data, int layers, int rows, int features) {
        if ((long) layers * rows * features != data.length) {
            throw new IllegalArgumentException("expected " + layers + " x " + rows + " x " + features + " values, got "
                    + data.length);
        }
        return new LayerStack(name, layers, rows, features, data, null);
    }

    /** One float32 array of rows x features values per layer. */
    public static LayerStack of(String name, float[][] layerData, int rows, int features) {
        FloatBuffer[] buffers = new FloatBuffer[layerData.length];
        for (int l = 0; l < layerData.length; l++) {
            buffers[l] = FloatBuffer.wrap(layerData[l]);
        }
        return of(name, buffers, rows, features);
    }

    /** One float32 buffer of rows x features values per layer (on the heap, or mapped from a file). */
    public static LayerStack of(String name, FloatBuffer[] layerData, int rows, int features) {
        for (FloatBuffer layer : layerData) {
            if (layer.capacity() != (long) rows * features) {
                throw new IllegalArgumentException("expected " + rows + " x " + features + " values per layer, got "
                        + layer.capacity());
            }
        }
        return new LayerStack(name, layerData.length, rows, features, null, layerData);
    }

    /** The layer-th representation alone, sharing this stack's memory. */
    public LayerStack slice(int layer) {
        if (floats != null) {
            return new LayerStack(name, 1, rows, features, null, new FloatBuffer[] {floats[layer]});
        }
        int size = rows * features;
        double[] part = new double[size];
        System.arraycopy(doubles, layer * size, part, 0, size);
        return new LayerStack(name, 1, rows, features, part, null);
    }

    /** The layer-th representation as a new n x p float64 array owned by {@code manager}. */
    public NDArray layer(int layer, NDManager manager) {
        return rows(layer, 0, rows, manager);
    }

    /**
     * Rows {@code [start, start + count)} of the layer-th representation as a new float64 array. Widened and copied
     * in chunks of at most {@link #CHUNK_VALUES} values: one array of the final size is the only large allocation
     * (fresh memory costs about a millisecond per megabyte to map on the machines measured).
     */
    NDArray rows(int layer, int start, int count, NDManager manager) {
        NDArray out = manager.create(new Shape(count, features), DataType.FLOAT64);
        int rowsPerChunk = Math.max(1, CHUNK_VALUES / features);
        int base = (floats != null ? 0 : layer * rows * features) + start * features;
        double[] chunk = new double[Math.min(count, rowsPerChunk) * features];
        float[] narrow = floats == null ? null : new float[chunk.length];
        for (int r0 = 0; r0 < count; r0 += rowsPerChunk) {
            int r1 = Math.min(count, r0 + rowsPerChunk);
            int size = (r1 - r0) * features;
            int from = base + r0 * features;
            if (floats != null) {
                floats[layer].get(from, narrow, 0, size);
                for (int i = 0; i < size; i++) {
                    chunk[i] = narrow[i];
                }
            } else {
                System.arraycopy(doubles, from, chunk, 0, size);
            }
            double[] values = size == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, size);
            try (NDArray part = manager.create(values, new Shape(r1 - r0, features))) {
                out.set(new NDIndex("{}:{}", r0, r1), part);
            }
        }
        return out;
    }

    /** Whether every input of the layer has exactly the same vector (such a layer carries no similarity structure). */
    public boolean isConstant(int layer) {
        return isConstant(layer, 0, rows);
    }

    /** {@link #isConstant(int)} over rows {@code [start, start + count)} only; stops at the first difference. */
    boolean isConstant(int layer, int start, int count) {
        int base = (floats != null ? 0 : layer * rows * features) + start * features;
        for (int r = 1; r < count; r++) {
            int row = base + r * features;
            for (int c = 0; c < features; c++) {
                if (value(layer, row + c) != value(layer, base + c)) {
                    return false;
                }
            }
        }
        return true;
    }

    private double value(int layer, int index) {
        return floats != null ? floats[layer].get(index) : doubles[index];
    }

    /**
     * Rejects NaN and infinities, naming the first one. Rows are paired across X and Y, so a bad value cannot be
     * dropped on one side only: the whole input is refused.
     */
    public void requireFinite() {
        for (int l = 0; l < layers; l++) {
            int size = rows * features;
            for (int i = 0; i < size; i++) {
                double v = floats != null ? floats[l].get(i) : doubles[l * size + i];
                if (!Double.isFinite(v)) {
                    throw new SimilarityException(name, name + " has the non-finite value " + v + " at layer " + l
                            + ", row " + (i / features) + ", feature " + (i % features)
                            + ": rows of x and y are paired, so remove that input from both sides");
                }
            }
        }
    }

    public String name() {
        return name;
    }

    public int layers() {
        return layers;
    }

    public int rows() {
        return rows;
    }

    public int features() {
        return features;
    }

    /**
     * Refuses sides that cannot be compared with this pairing: rows are inputs and must match, and {@code SAME}
     * needs as many layers on both sides.
     */
    public void requirePairableWith(LayerStack y, LayerPairing pairing) {
        if (rows != y.rows) {
            throw new SimilarityException("y", "x has " + rows + " rows (inputs) and y has " + y.rows
                    + ": row i of both must come from the same input");
        }
        if (pairing == LayerPairing.SAME && layers != y.layers) {
            throw new SimilarityException("y", "pairing 'same' needs as many layers in y as in x: x has " + layers
                    + ", y has " + y.layers);
        }
    }
}
