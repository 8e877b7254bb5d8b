package io.mossa.extractor.bench;

import java.util.Arrays;

import io.mossa.extractor.model.hf.bfloat16.Bfloat16Units;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** The bfloat16 matmul rate of the libtorch the service computes bfloat16 with, for the forward benchmark. */
final class Bfloat16Matmul {

    private Bfloat16Matmul() {
    }

    /** Best and median GFLOP/s of repeated n^3 bfloat16 matmuls (after one warm-up). */
    static double[] gflops(int n, int repeats) {
        Bfloat16Units.require();
        try (PointerScope ignored = new PointerScope()) {
            Tensor a = torch.randn(n, n).to(torch.ScalarType.BFloat16);
            Tensor b = torch.randn(n, n).to(torch.ScalarType.BFloat16);
            torch.matmul(a, b).close();
            double[] rates = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                long start = System.nanoTime();
                try (Tensor c = torch.matmul(a, b)) {
                    rates[r] = 2.0 * n * n * n / ((System.nanoTime() - start) / 1e9) / 1e9;
                }
            }
            Arrays.sort(rates);
            return new double[] {rates[repeats - 1], rates[repeats / 2]};
        }
    }
}
