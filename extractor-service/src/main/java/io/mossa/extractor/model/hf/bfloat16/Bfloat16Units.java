package io.mossa.extractor.model.hf.bfloat16;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

import ai.djl.engine.Engine;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Whether this process can run bfloat16 matrix products on the CPU's bfloat16 units, and the one place that
 * makes it possible: the JavaCPP presets for PyTorch (org.bytedeco:pytorch), bound to the libtorch that DJL's
 * PyTorch engine already loaded.
 *
 * <p>Why this way. DJL 0.36's PyTorch JNI has no bfloat16 dtype (a bfloat16 array aborts the JVM), yet the
 * libtorch under it runs bfloat16 products on AVX512-BF16/AMX through oneDNN at over twice its float32 rate on
 * such CPUs. The presets are built from the same libtorch version. Loading their own copy of libtorch beside
 * DJL's aborts the JVM (both copies register the same operators in one dispatcher: "Tried to register multiple
 * backend fallbacks"), so their JNI library is linked against DJL's copy: JavaCPP is told to look for libtorch
 * first in the directory DJL loaded it from (pathsFirst, preloadpath), where it finds the files already mapped
 * and reuses them. This runs only after the checks that make that certain: the CPU has bfloat16 units, the
 * versions are equal, DJL's libtorch is mapped in this process and its directory holds the three libraries.
 * Tensors then pass between the two bindings as the same {@code at::Tensor} objects ({@link TorchBridge}).
 */
public final class Bfloat16Units {

    /** @param reason why bfloat16 compute is not available here; null when it is */
    public record Availability(boolean available, String reason) {

        static Availability no(String reason) {
            return new Availability(false, reason);
        }
    }

    private static final List<String> LIBTORCH = List.of("libc10.so", "libtorch_cpu.so", "libtorch.so");
    private static final Pattern FLAGS = Pattern.compile("(?m)^flags\\s*:(.*)$");

    private static Availability availability;

    private Bfloat16Units() {
    }

    /** Checked (and the presets loaded) once per process; starts DJL's PyTorch engine if it is not yet. */
    public static synchronized Availability availability() {
        if (availability == null) {
            availability = probe();
        }
        return availability;
    }

    /** Throws with the reason when bfloat16 compute cannot run here; call before any presets class is used. */
    public static void require() {
        Availability a = availability();
        if (!a.available()) {
            throw new IllegalStateException("bfloat16 compute is not available: " + a.reason());
        }
    }

    private static Availability probe() {
        try {
            String missingUnits = missingUnits(Files.readString(Path.of("/proc/cpuinfo")));
            if (missingUnits != null) {
                return Availability.no(missingUnits);
            }
            String engineVersion = Engine.getEngine("PyTorch").getVersion();
            String presetsVersion = presetsLibtorchVersion();
            if (!engineVersion.equals(presetsVersion)) {
                return Availability.no("DJL's PyTorch engine runs libtorch " + engineVersion
                        + " but the JavaCPP presets on the classpath are built for libtorch " + presetsVersion
                        + "; they must be the same library (see the extractor's pom.xml)");
            }
            Path dir = loadedLibtorchDir(Files.readAllLines(Path.of("/proc/self/maps")));
            if (dir == null) {
                return Availability.no("DJL's libtorch_cpu.so is not mapped in this process");
            }
            for (String library : LIBTORCH) {
                if (!Files.isRegularFile(dir.resolve(library))) {
                    return Availability.no("DJL's libtorch directory " + dir + " has no " + library);
                }
            }
            System.setProperty("org.bytedeco.javacpp.pathsFirst", "true");
            System.setProperty("org.bytedeco.javacpp.platform.preloadpath", dir.toString());
            Loader.load(torch.class);
            return selfCheck();
        } catch (IOException | RuntimeException | LinkageError e) {
            return Availability.no("the JavaCPP presets for libtorch cannot be loaded: " + e);
        }
    }

    /**
     * Null when the CPU flags name a bfloat16 unit; the reason otherwise. Without one, PyTorch emulates
     * bfloat16 products, slower than float32 ones, and bfloat16 compute would only lose precision.
     */
    static String missingUnits(String cpuinfo) {
        var m = FLAGS.matcher(cpuinfo);
        if (!m.find()) {
            return "/proc/cpuinfo lists no CPU flags";
        }
        List<String> flags = List.of(m.group(1).trim().split("\\s+"));
        if (flags.contains("avx512_bf16") || flags.contains("amx_bf16")) {
            return null;
        }
        return "this CPU has no bfloat16 units (neither the avx512_bf16 nor the amx_bf16 flag): PyTorch would "
                + "emulate bfloat16 products, slower than float32";
    }

    /** The directory of the libtorch_cpu.so mapped in this process (the one DJL loaded), from /proc/self/maps. */
    static Path loadedLibtorchDir(List<String> maps) {
        for (String line : maps) {
            int at = line.indexOf('/');
            if (at >= 0 && line.endsWith("/libtorch_cpu.so")) {
                return Path.of(line.substring(at)).getParent();
            }
        }
        return null;
    }

    /** "2.7.1" from the presets' Maven version "2.7.1-1.5.12" (libtorch version, JavaCPP version). */
    private static String presetsLibtorchVersion() throws IOException {
        try (InputStream in = Bfloat16Units.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.bytedeco/pytorch/pom.properties")) {
            if (in == null) {
                throw new IOException("org.bytedeco:pytorch is not on the classpath");
            }
            Properties p = new Properties();
            p.load(in);
            String version = p.getProperty("version", "");
            return version.contains("-") ? version.substring(0, version.indexOf('-')) : version;
        }
    }

    /** A product whose exact value is known: bfloat16 holds these integers and their sums exactly. */
    private static Availability selfCheck() {
        try (PointerScope ignored = new PointerScope()) {
            Tensor a = torch.arange(new Scalar(6L)).reshape(2, 3).to(torch.ScalarType.BFloat16);
            Tensor product = torch.matmul(a, a.t()).to(torch.ScalarType.Float);
            float[] got = {product.get(0).get(0).item_float(), product.get(0).get(1).item_float(),
                product.get(1).get(1).item_float()};
            // [[0,1,2],[3,4,5]] times its transpose: [[5, 14], [14, 50]]
            if (got[0] != 5 || got[1] != 14 || got[2] != 50) {
                return Availability.no("libtorch's bfloat16 product gave " + java.util.Arrays.toString(got)
                        + " for [[5, 14], [14, 50]]");
            }
            return new Availability(true, null);
        }
    }
}
