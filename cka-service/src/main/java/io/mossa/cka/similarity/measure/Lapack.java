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

    /** Why the library could not be loaded, or null: kept so that every call fails the same clear way. */
    private static final String FAILURE = load();

    private Lapack() {
    }

    private static String load() {
        try {
            Loader.load(openblas.class);
        } catch (UnsatisfiedLinkError e) {
            return "OpenBLAS (LAPACK) could not be loaded: " + e.getMessage();
        }
        int cores = Runtime.getRuntime().availableProcessors();
        openblas.blas_set_num_threads(Math.max(1, Math.min(openblas.blas_get_num_threads(), cores)));
        return null;
    }

    /** Loads the library on first use; throws when it cannot be loaded. */
    static void ready() {
        if (FAILURE != null) {
            throw new IllegalStateException(FAILURE);
        }
    }
}
