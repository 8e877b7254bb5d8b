package io.mossa.extractor.model.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import io.mossa.extractor.model.hf.ComputeOptions;
import io.mossa.extractor.model.hf.HfEncoder;

/** The self-test on the CPU: a sound device passes in float32, float16 and bfloat16, broken ones fail with the reason. */
class DeviceSelfTestTest {

    private static final ComputeOptions CPU_F32 = ComputeOptions.cpuFloat32();
    private static final List<String> FAMILIES = List.of("gpt2", "llama", "qwen2", "bert");

    /** A device whose kernels get one value of one hidden state wrong by {@code delta}. */
    private static DeviceSelfTest.Loader offByOne(int state, float delta) {
        return BrokenDevices.with((input, index, values) -> {
            if (input == 1 && index == state) {
                values[3] += delta;
            }
        });
    }

    @Test
    void theCpuInFloat32PassesEveryArchitectureWithinFloat32Rounding() {
        SelfTestReport report = new DeviceSelfTest(HfEncoder::load).run(List.of(CPU_F32));
        assertThat(report.passed()).as(report.reason()).isTrue();
        assertThat(report.reason()).isNull();
        assertThat(report.checks()).extracting(SelfTestReport.Check::architecture).containsExactlyElementsOf(FAMILIES);
        for (SelfTestReport.Check check : report.checks()) {
            assertThat(check.dtype()).isEqualTo("float32");
            assertThat(check.maxRelativeError()).isBetween(0.0, 1e-5);
        }
    }

    @Test
    void float16ComputePassesWithAnErrorOnlyFloat16Explains() {
        SelfTestReport report = new DeviceSelfTest(HfEncoder::load)
                .run(List.of(new ComputeOptions(Device.cpu(), DataType.FLOAT16)));
        assertThat(report.passed()).as(report.reason()).isTrue();
        for (SelfTestReport.Check check : report.checks()) {
            // float16 keeps 11 significant bits: its error is far above float32's 1e-5 yet within 8 u per state
            assertThat(check.maxRelativeError()).as(check.architecture()).isGreaterThan(1e-4)
                    .isLessThan(8 * Math.pow(2, -11) * 3);
        }
    }

    @Test
    void bfloat16ComputeOnThisCpusBfloat16UnitsPassesWithAnErrorOnlyBfloat16Explains() {
        SelfTestReport report = new DeviceSelfTest(HfEncoder::load)
                .run(List.of(new ComputeOptions(Device.cpu(), DataType.BFLOAT16)));
        assertThat(report.passed()).as(report.reason()).isTrue();
        assertThat(report.checks()).extracting(SelfTestReport.Check::architecture).containsExactlyElementsOf(FAMILIES);
        for (SelfTestReport.Check check : report.checks()) {
            assertThat(check.dtype()).isEqualTo("bfloat16");
            // bfloat16 keeps 8 significant bits: its error is above float16's unit roundoff 2^-11 (the weights
            // alone, rounded to bfloat16, move every product by about 2^-9) and within 8 u per state, u = 2^-8
            assertThat(check.maxRelativeError()).as(check.architecture()).isGreaterThan(Math.pow(2, -11))
                    .isLessThan(8 * Math.pow(2, -8) * 3);
        }
    }

    @Test
    void aDeviceThatGetsOneValueWrongFailsWithTheMeasuredError() {
        SelfTestReport report = new DeviceSelfTest(offByOne(2, 0.5f)).run(List.of(CPU_F32));
        assertThat(report.passed()).isFalse();
        for (SelfTestReport.Check check : report.checks()) {
            assertThat(check.passed()).as(check.architecture()).isFalse();
            // every weight is at most 1/4 in magnitude, so no state of these tiny models reaches 50: an error of
            // 0.5 is at least 1e-2 relative, three orders above float32's tolerance
            assertThat(check.maxRelativeError()).isGreaterThan(1e-2);
            assertThat(check.problem()).contains("differ from CPU float32").contains("float32 allows");
        }
        assertThat(report.reason()).startsWith("gpt2 on cpu() in float32: hidden states differ");
    }

    @Test
    void aDeviceThatProducesNaNOrCannotRunFails() {
        SelfTestReport nan = new DeviceSelfTest(offByOne(0, Float.NaN)).run(List.of(CPU_F32));
        assertThat(nan.passed()).isFalse();
        assertThat(nan.checks()).allSatisfy(c -> assertThat(c.problem())
                .isEqualTo("hidden state 0 of input 1 is missing or not finite"));

        SelfTestReport broken = new DeviceSelfTest((checkpoint, compute) -> {
            throw new IllegalStateException("CUDA error: no kernel image is available for execution on the device");
        }).run(List.of(CPU_F32));
        assertThat(broken.passed()).isFalse();
        assertThat(broken.checks()).allSatisfy(c -> assertThat(c.problem())
                .startsWith("the forward pass failed").contains("no kernel image"));
    }
}
