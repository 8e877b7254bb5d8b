package io.mossa.cka.similarity.measure;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas;

/**
 * Loads OpenBLAS (LAPACK) once and bounds its threads. OpenBLAS counts the machine's cores, not the JVM's processor
 * allowance (a container's CPU quota), so it is held to {@link Runtime#availableProcessors()}, as PyTorch's
 * intra-op pool is; the two never run at once within a pair computation (products on PyTorch, then the
 * decomposition here). OPENBLAS_NUM_THREADS, when set lower, still wins.
 */
final class Lapack {

    private static final int THREADS;

    static {
        try {
            Loader.load(openblas.class);
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("OpenBLAS (LAPACK) could not be loaded: " + e.getMessage(), e);
        }
        THREADS = Math.max(1, Math.min(openblas.blas_get_num_threads(), Runtime.getRuntime().availableProcessors()));
        openblas.blas_set_num_threads(THREADS);
    }

    private Lapack() {
    }

    /** Loads the library on first use; the number of threads LAPACK calls use. */
    static int ready() {
        return THREADS;
    }
}
