package io.mossa.extractor.model.hf.bfloat16;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Where bfloat16 compute is allowed, and that on this machine (AVX512-BF16) it is. */
class Bfloat16UnitsTest {

    private static final String CPUINFO = "processor\t: 0\nmodel name\t: some CPU\nflags\t\t: fpu sse2 avx2 %s\n";

    @Test
    void aCpuWithoutBfloat16UnitsIsRefusedWithTheReason() {
        assertThat(Bfloat16Units.missingUnits(CPUINFO.formatted("avx512f avx512bw")))
                .contains("no bfloat16 units").contains("avx512_bf16").contains("slower than float32");
        assertThat(Bfloat16Units.missingUnits("processor\t: 0\n")).contains("no CPU flags");
    }

    @Test
    void avx512Bf16OrAmxBf16Suffices() {
        assertThat(Bfloat16Units.missingUnits(CPUINFO.formatted("avx512f avx512_bf16"))).isNull();
        assertThat(Bfloat16Units.missingUnits(CPUINFO.formatted("amx_tile amx_bf16"))).isNull();
        // a flag that merely starts the same way is not the unit
        assertThat(Bfloat16Units.missingUnits(CPUINFO.formatted("avx512_bf16x"))).isNotNull();
    }

    @Test
    void theLibtorchDirectoryIsTheOneMappedInTheProcess() {
        List<String> maps = List.of(
                "7f00-7f10 r--p 00000000 08:01 42 /opt/djl/libc10.so",
                "7f10-7f20 r-xp 00000000 08:01 43 /opt/djl/pytorch/2.7.1-cpu/libtorch_cpu.so",
                "7f20-7f30 rw-p 00000000 00:00 0 [heap]");
        assertThat(Bfloat16Units.loadedLibtorchDir(maps)).isEqualTo(Path.of("/opt/djl/pytorch/2.7.1-cpu"));
        assertThat(Bfloat16Units.loadedLibtorchDir(List.of("7f20-7f30 rw-p 00000000 00:00 0 [heap]"))).isNull();
    }

    /** CI runs on this kind of machine; where the CPU has the units, the presets must load (no silent fallback). */
    @Test
    void onACpuWithBfloat16UnitsTheUnitsAreAvailable() throws Exception {
        boolean units = Bfloat16Units.missingUnits(Files.readString(Path.of("/proc/cpuinfo"))) == null;
        Bfloat16Units.Availability availability = Bfloat16Units.availability();
        assertThat(availability.available()).as(String.valueOf(availability.reason())).isEqualTo(units);
        if (!units) {
            assertThat(availability.reason()).contains("no bfloat16 units");
        }
    }
}
