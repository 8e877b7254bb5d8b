package io.mossa.tensor.npy;

import java.util.Arrays;

/**
 * A dense C-order array read from an NPY file. Values are widened to double on read (exact for float32),
 * because every consumer in MOSSA computes in float64.
 *
 * @param dtype the element type stored in the file
 * @param shape the dimensions, outermost first
 * @param data  the values in C (row-major) order
 */
public record NpyArray(NpyDType dtype, int[] shape, double[] data) {

    public NpyArray {
        shape = shape.clone();
        if (Shapes.elementCount(shape) != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds "
                    + Shapes.elementCount(shape) + " values, data has " + data.length);
        }
    }

    public int rank() {
        return shape.length;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public String toString() {
        return "NpyArray[" + dtype + " " + Arrays.toString(shape) + "]";
    }
}
