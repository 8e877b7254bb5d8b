package io.mossa.tensor.npy;

/** Element counts of shapes, with overflow checked: a shape is client input. */
public final class Shapes {

    private Shapes() {
    }

    public static long elementCount(int[] shape) {
        long count = 1;
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension " + dim);
            }
            count = Math.multiplyExact(count, (long) dim);
        }
        return count;
    }
}
