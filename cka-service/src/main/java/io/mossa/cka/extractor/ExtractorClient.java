package io.mossa.cka.extractor;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.mossa.tensor.npy.NpyFloatArray;
import io.mossa.tensor.npy.NpyFormatException;
import io.mossa.tensor.npy.NpyReader;
import io.mossa.cka.runner.RunnerProperties;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fetches pooled activations from the extractor service over HTTP: {@code POST /v1/activations} with
 * {@code Accept: application/x-npy}, answered by a float32 NPY of shape [layers, inputs, dim].
 * Inputs are sent in chunks of {@code mossa.cka.extract-batch}; each request is retried on transient
 * failures with bounded exponential backoff, honouring Retry-After.
 */
@Component
public class ExtractorClient {

    public static final MediaType NPY = MediaType.parseMediaType("application/x-npy");
    private static final Logger log = LoggerFactory.getLogger(ExtractorClient.class);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final RestClient http;
    private final ExtractorProperties properties;
    private final RunnerProperties runner;
    private final MeterRegistry meters;
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * @param builder Spring Boot's builder, which observes every call: the unit's trace id travels to the extractor
     */
    public ExtractorClient(ExtractorProperties properties, RunnerProperties runner, MeterRegistry meters,
            RestClient.Builder builder) {
        this.properties = properties;
        this.runner = runner;
        this.meters = meters;
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(properties.connectTimeout())
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
        factory.setReadTimeout(properties.readTimeout());
        this.http = builder.clone().baseUrl(properties.url()).requestFactory(factory).build();
    }

    record Input(String text) {
    }

    /** chatTemplate and systemPrompt are left out for plain text, as older extractors expect. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ActivationRequest(String model, List<Input> inputs, List<Integer> layers, String pooling,
            Boolean chatTemplate, String systemPrompt) {
    }

    /** Receives the activations of consecutive chunks of inputs as the extractor answers them. */
    @FunctionalInterface
    public interface ChunkSink {

        /**
         * @param from   index of the chunk's first input
         * @param rows   inputs in the chunk
         * @param dim    features per input (the same for every chunk)
         * @param values layers x rows x dim, row-major, in the order of the requested layers; valid during the call
         */
        void accept(int from, int rows, int dim, float[] values) throws java.io.IOException;
    }

    /**
     * Activations of {@code model} for all {@code texts} in {@code format}, handed to {@code sink} chunk by chunk
     * ({@code mossa.cka.extract-batch} inputs per request): memory holds one chunk, whatever the number of inputs.
     *
     * @throws ExtractorException when the extractor refuses (4xx), answers something unreadable, or keeps
     *                            failing after the configured retries; the message carries its problem detail
     * @throws InterruptedException when the worker is stopped while waiting
     * @throws java.io.IOException  when the sink cannot store a chunk
     */
    public void stream(String model, List<String> texts, List<Integer> layers, String pooling, PromptFormat format,
            ChunkSink sink) throws InterruptedException, java.io.IOException {
        int n = texts.size();
        int batch = Math.max(1, runner.extractBatch());
        int dim = -1;
        for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            List<Input> inputs = texts.subList(from, to).stream().map(Input::new).toList();
            ActivationRequest request = new ActivationRequest(model, inputs, layers, pooling,
                    format.chatTemplate() ? Boolean.TRUE : null, format.systemPrompt());
            NpyFloatArray array = withRetries(model, () -> timedPost(request));
            int[] shape = array.shape();
            if (shape.length != 3 || shape[0] != layers.size() || shape[1] != inputs.size() || shape[2] < 1) {
                throw new ExtractorException("extractor answered shape " + Arrays.toString(shape) + " for model '"
                        + model + "', expected [" + layers.size() + ", " + inputs.size() + ", dim]", false, -1, null);
            }
            if (dim == -1) {
                dim = shape[2];
            } else if (shape[2] != dim) {
                throw new ExtractorException("extractor answered width " + shape[2] + " for model '" + model
                        + "' after width " + dim + " for earlier inputs", false, -1, null);
            }
            sink.accept(from, to - from, dim, array.data());
        }
    }

    private NpyFloatArray timedPost(ActivationRequest request) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "error";
        try {
            NpyFloatArray array = post(request);
            outcome = "ok";
            return array;
        } finally {
            sample.stop(meters.timer("mossa.cka.extraction", "outcome", outcome));
        }
    }

    /**
     * The model's revision as the extractor lists it ({@code GET /v1/models/{id}}), or empty when the
     * extractor does not know the model or lists no revision (an older extractor): then nothing of the
     * model may be cached, and the activations request reports any problem with the model itself.
     */
    public Optional<String> revision(String model) throws InterruptedException {
        return withRetries(model, () -> describe(model));
    }

    private Optional<String> describe(String model) {
        try {
            return http.get()
                    .uri("/v1/models/{id}", model)
                    .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
                    .exchange((req, response) -> {
                        int status = response.getStatusCode().value();
                        if (status >= 200 && status < 300) {
                            JsonNode node;
                            try (InputStream body = response.getBody()) {
                                node = json.readTree(body.readNBytes(MAX_ERROR_BODY));
                            } catch (RuntimeException e) {
                                return Optional.<String>empty();
                            }
                            JsonNode revision = node == null ? null : node.get("revision");
                            return revision != null && revision.isString() && !revision.asString().isBlank()
                                    ? Optional.of(revision.asString()) : Optional.<String>empty();
                        }
                        String detail = detail(response.getBody());
                        boolean retry = status >= 500 || status == 429 || status == 408;
                        if (!retry) {
                            return Optional.<String>empty();
                        }
                        throw new ExtractorException("extractor answered " + status + " describing model '" + model
                                + "': " + detail, true, retryAfterMillis(response.getHeaders()), null);
                    }, true);
        } catch (ResourceAccessException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ExtractorException("extractor at " + properties.url() + " unreachable for model '"
                    + model + "': " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage()), true, -1, e);
        }
    }

    private <T> T withRetries(String model, Supplier<T> call) throws InterruptedException {
        int retries = Math.max(0, runner.extractorRetries());
        for (int attempt = 0; ; attempt++) {
            try {
                return call.get();
            } catch (ExtractorException e) {
                if (Thread.currentThread().isInterrupted()) {
                    // the worker is stopping (the HTTP client turns the interrupt into an I/O error): not a failure
                    throw new InterruptedException("stopped while fetching activations of '" + model + "'");
                }
                if (!e.transientFailure() || attempt >= retries) {
                    if (e.transientFailure()) {
                        throw new ExtractorException(e.getMessage() + " (gave up after " + (attempt + 1) + " attempts)",
                                true, -1, e);
                    }
                    throw e;
                }
                long delay = delayMillis(attempt, e.retryAfterMillis());
                log.warn("extractor request for model '{}' failed ({}); retry {} of {} in {} ms", model, e.getMessage(),
                        attempt + 1, retries, delay);
                TimeUnit.MILLISECONDS.sleep(delay);
            }
        }
    }

    long delayMillis(int attempt, long retryAfterMillis) {
        long max = runner.retryMaxDelay().toMillis();
        if (retryAfterMillis >= 0) {
            return Math.min(max, retryAfterMillis);
        }
        long base = runner.retryBackoff().toMillis();
        long delay = base << Math.min(attempt, 20);
        return Math.min(max, delay);
    }

    private NpyFloatArray post(ActivationRequest request) {
        try {
            return http.post()
                    .uri("/v1/activations")
                    .contentType(MediaType.APPLICATION_JSON)
                    .accept(NPY, MediaType.APPLICATION_PROBLEM_JSON)
                    .body(request)
                    .exchange((req, response) -> {
                        int status = response.getStatusCode().value();
                        if (status >= 200 && status < 300) {
                            try (InputStream body = response.getBody()) {
                                return new NpyReader(properties.maxElements()).readFloat32(body);
                            } catch (NpyFormatException e) {
                                throw new ExtractorException("extractor answered an unreadable NPY for model '"
                                        + request.model() + "': " + e.getMessage(), false, -1, e);
                            }
                        }
                        String detail = detail(response.getBody());
                        boolean retry = status >= 500 || status == 429 || status == 408;
                        long retryAfter = retry ? retryAfterMillis(response.getHeaders()) : -1;
                        throw new ExtractorException("extractor answered " + status + " for model '" + request.model()
                                + "': " + detail, retry, retryAfter, null);
                    }, true);
        } catch (ResourceAccessException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ExtractorException("extractor at " + properties.url() + " unreachable for model '"
                    + request.model() + "': " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage()), true, -1, e);
        }
    }

    /** The problem+json detail (or title), else the start of the body as text. */
    private String detail(InputStream body) {
        String text;
        try (InputStream in = body) {
            text = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "(no readable body)";
        }
        if (text.isEmpty()) {
            return "(empty body)";
        }
        try {
            JsonNode node = json.readTree(text);
            if (node != null && node.isObject()) {
                JsonNode detail = node.get("detail");
                if (detail != null && detail.isString() && !detail.asString().isBlank()) {
                    return detail.asString();
                }
                JsonNode title = node.get("title");
                if (title != null && title.isString()) {
                    return title.asString();
                }
            }
        } catch (RuntimeException notJson) {
            // fall through: plain text
        }
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }

    static long retryAfterMillis(HttpHeaders headers) {
        String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
        if (value == null) {
            return -1;
        }
        try {
            return Math.max(0, Long.parseLong(value.strip())) * 1000;
        } catch (NumberFormatException e) {
            try {
                long at = java.time.ZonedDateTime.parse(value.strip(),
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return Math.max(0, at - System.currentTimeMillis());
            } catch (RuntimeException unparsable) {
                return -1;
            }
        }
    }

}
