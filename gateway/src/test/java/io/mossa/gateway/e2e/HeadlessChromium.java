package io.mossa.gateway.e2e;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Debian's {@code chromium} run headless as a child process, the way a reader's browser sees a page: it loads the
 * page, lets its scripts run (in virtual time, which waits for pending network requests), and hands back the DOM
 * as it then is, with the page's console output, or a screenshot. Every run gets a fresh profile directory.
 */
final class HeadlessChromium {

    /** The DOM after the page's scripts ran, and what the page wrote to its console (uncaught errors included). */
    record Page(String dom, List<String> console) {
    }

    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
            "--disable-background-networking", "--disable-dev-shm-usage", "--no-first-run", "--mute-audio",
            "--hide-scrollbars");
    private static final Duration RUN_LIMIT = Duration.ofSeconds(90);

    private final Path executable;

    private HeadlessChromium(Path executable) {
        this.executable = executable;
    }

    /** The chromium on the PATH; fails, naming the package to install, when there is none (CI installs it). */
    static HeadlessChromium installed() {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser")) {
                Path candidate = Path.of(directory, name);
                if (Files.isExecutable(candidate)) {
                    return new HeadlessChromium(candidate);
                }
            }
        }
        throw new AssertionError("the results page test needs headless Chromium, but no 'chromium' is on the PATH: "
                + "install Debian's package with 'apt-get install -y chromium' (.ci/run does so)");
    }

    /**
     * Loads the page until its DOM satisfies {@code ready}, each attempt with twice the virtual time of the last.
     * A page that never gets ready fails with its last DOM and console, which show where it stopped.
     */
    Page loadUntil(URI url, Predicate<String> ready, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int virtualMillis = 5000;
        Page page = load(url, virtualMillis);
        while (!ready.test(page.dom())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("page " + url + " not ready within " + timeout + "; console:\n"
                        + String.join("\n", page.console()) + "\nDOM:\n" + page.dom());
            }
            virtualMillis *= 2;
            page = load(url, virtualMillis);
        }
        return page;
    }

    /** The DOM once {@code virtualMillis} of virtual time have passed after loading. */
    Page load(URI url, int virtualMillis) throws IOException, InterruptedException {
        Run run = run("--virtual-time-budget=" + virtualMillis, "--enable-logging=stderr", "--v=0", "--dump-dom",
                url.toString());
        try {
            List<String> console = run.stderrLines().stream().filter(line -> line.contains(":CONSOLE")).toList();
            return new Page(Files.readString(run.stdout()), console);
        } finally {
            run.delete();
        }
    }

    /** A PNG of the viewport ({@code width} x {@code height} CSS pixels) once the page had its virtual time. */
    void screenshot(URI url, Path png, int width, int height, int virtualMillis) throws IOException,
            InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run("--virtual-time-budget=" + virtualMillis, "--window-size=" + width + "," + height,
                "--screenshot=" + png.toAbsolutePath(), url.toString()).delete();
        if (!Files.isRegularFile(png)) {
            throw new AssertionError("chromium wrote no screenshot to " + png);
        }
    }

    private record Run(Path directory, Path stdout, Path stderr) {

        List<String> stderrLines() throws IOException {
            return Files.readAllLines(stderr);
        }

        void delete() throws IOException {
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private Run run(String... arguments) throws IOException, InterruptedException {
        Path directory = Files.createTempDirectory("mossa-chromium");
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + directory.resolve("profile"));
        command.addAll(List.of(arguments));
        Run run = new Run(directory, directory.resolve("stdout"), directory.resolve("stderr"));
        // output to files, not pipes: a chatty browser must never block on a full pipe
        Process process = new ProcessBuilder(command).redirectOutput(run.stdout().toFile())
                .redirectError(run.stderr().toFile()).start();
        if (!process.waitFor(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            run.delete();
            throw new AssertionError("chromium did not finish within " + RUN_LIMIT + ": " + command);
        }
        if (process.exitValue() != 0) {
            String log = String.join("\n", run.stderrLines());
            run.delete();
            throw new AssertionError("chromium exited with " + process.exitValue() + ": " + command + "\n" + log);
        }
        return run;
    }
}
