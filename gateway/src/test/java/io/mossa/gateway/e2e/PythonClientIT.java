package io.mossa.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python client (clients/python) as a researcher gets it: installed with pip from the source directory with no
 * package index (so it installs offline), then its own test suite run against this platform.
 */
class PythonClientIT extends PlatformScenario {

    private static final Path CLIENT = ROOT.resolve("clients/python");

    @Test
    void thePythonClientInstallsOfflineAndPassesItsTestsAgainstThePlatform(@TempDir Path site) throws Exception {
        String install = run(List.of("python3", "-m", "pip", "install", "--no-index", "--no-deps", "--no-cache-dir",
                "--disable-pip-version-check", "--target", site.toString(), CLIENT.toString()), Map.of());
        assertThat(install).contains("Successfully installed mossa-client");

        String tests = run(List.of("python3", "-m", "unittest", "discover", "-v", "-s",
                CLIENT.resolve("tests").toString()), Map.of(
                        "PYTHONPATH", site.toString(),
                        "MOSSA_GATEWAY_URL", gateway().url(),
                        "MOSSA_EXTRACTOR_URL", extractor().url(),
                        "MOSSA_API_KEY", ADMIN_KEY));
        Matcher ran = Pattern.compile("Ran (\\d+) tests?").matcher(tests);
        assertThat(ran.find()).as(tests).isTrue();
        assertThat(Integer.parseInt(ran.group(1))).as(tests).isGreaterThanOrEqualTo(8);
        assertThat(tests).doesNotContain("skipped");
    }

    /** Runs a command to its end; its output, or an assertion error with the output when it failed. */
    private static String run(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(10, TimeUnit.MINUTES)).isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("%s failed:%n%s", command, text).isZero();
        return text;
    }
}
