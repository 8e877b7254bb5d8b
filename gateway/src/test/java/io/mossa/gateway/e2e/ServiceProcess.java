package io.mossa.gateway.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One MOSSA service started from its executable jar as a real child process, as an operator would. */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final int port;
    private final Path jar;
    private final Path logDir;
    private final String[] args;
    private final Path log;
    private final Process process;

    private ServiceProcess(String name, int port, Path jar, Path logDir, String[] args, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.jar = jar;
        this.logDir = logDir;
        this.args = args;
        this.log = log;
        this.process = process;
    }

    static ServiceProcess start(String name, Path jar, Path logDir, String... args) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the tests through 'mvn verify' from the root");
        }
        return start(name, freePort(), jar, logDir, name + ".log", args);
    }

    /** The same service started again on the same port and arguments, after this process has ended. */
    ServiceProcess restart() throws IOException, InterruptedException {
        process.waitFor();
        return start(name, port, jar, logDir, name + "-restarted.log", args);
    }

    private static ServiceProcess start(String name, int port, Path jar, Path logDir, String logName, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-XX:+UseSerialGC", "-jar", jar.toString(), "--server.port=" + port));
        command.addAll(List.of(args));
        Files.createDirectories(logDir);
        Path log = logDir.resolve(logName);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new ServiceProcess(name, port, jar, logDir, args, log, process);
    }

    /** The operating-system process id, as the service's own worker names report it ("pid@host/..."). */
    long pid() {
        return process.pid();
    }

    /** CPU seconds the process has used so far (all its threads), NaN where the platform does not say. */
    double cpuSeconds() {
        return process.toHandle().info().totalCpuDuration().map(cpu -> cpu.toNanos() / 1e9).orElse(Double.NaN);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create(url() + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // starting up
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready after " + timeout + ":\n" + logTail());
    }

    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Everything the process has logged so far. */
    String logText() throws IOException {
        return Files.readString(log);
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
