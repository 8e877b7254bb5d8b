import static org.bytedeco.pytorch.global.torch.matmul;
import static org.bytedeco.pytorch.global.torch.randn;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Whether a JVM can reach this CPU's bfloat16 units through libtorch: bfloat16 against float32 matrix
 * products, same process, same moments (best of 5, three rounds), and the bfloat16 product's error against
 * the float32 product of the same bfloat16 inputs. Uses the JavaCPP presets for PyTorch (org.bytedeco:pytorch),
 * not DJL, whose PyTorch JNI has no bfloat16. Run with bf16-matmul-probe.sh beside this file; not part of the
 * build.
 */
public class Bf16MatmulProbe {

    static double rate(Tensor a, Tensor b, int n, int repeats) {
        matmul(a, b).sum().item_float();
        double best = 0;
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            matmul(a, b).sum().item_float();
            best = Math.max(best, 2.0 * n * n * n / ((System.nanoTime() - start) / 1e9) / 1e9);
        }
        return best;
    }

    public static void main(String[] args) {
        int n = 2048;
        Tensor a = randn(n, n);
        Tensor b = randn(n, n);
        Tensor a16 = a.toType(ScalarType.BFloat16);
        Tensor b16 = b.toType(ScalarType.BFloat16);
        for (int round = 0; round < 3; round++) {
            double f32 = rate(a, b, n, 5);
            double bf16 = rate(a16, b16, n, 5);
            System.out.printf("round %d: %d^3 matmul float32 %.1f GFLOP/s, bfloat16 %.1f GFLOP/s, ratio %.2f%n",
                    round, n, f32, bf16, bf16 / f32);
        }
        Tensor exact = matmul(a16.toType(ScalarType.Float), b16.toType(ScalarType.Float));
        Tensor got = matmul(a16, b16).toType(ScalarType.Float);
        System.out.printf("bfloat16 product vs float32 product of the same inputs: max |diff| / max |ref| = %.2e%n",
                got.sub(exact).abs().max().item_float() / exact.abs().max().item_float());
    }
}
