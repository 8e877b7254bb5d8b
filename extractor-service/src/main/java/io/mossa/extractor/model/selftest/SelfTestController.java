package io.mossa.extractor.model.selftest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/v1/self-test", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "self-test", description = "Numerical self-test of the compute device")
public class SelfTestController {

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final SelfTestService service;

    public SelfTestController(SelfTestService service) {
        this.service = service;
    }

    @GetMapping
    @Operation(summary = "Latest self-test report", description = "The report of the last run (at start-up or "
            + "through POST). Also in /actuator/health as deviceSelfTest.")
    @ApiResponse(responseCode = "200", description = "the latest report")
    @ApiResponse(responseCode = "404", description = "no self-test has run yet", content = @Content(mediaType = PROBLEM))
    public SelfTestReport latest() {
        return service.latest();
    }

    @PostMapping
    @Operation(summary = "Run the self-test now", description = "Runs a tiny built-in checkpoint of each "
            + "architecture family (gpt2, llama, qwen2, bert) on the configured device and dtype(s) and compares "
            + "every hidden state with CPU float32. 200 with passed=false when a check fails; readiness follows "
            + "the result. Takes a few seconds.")
    @ApiResponse(responseCode = "200", description = "the report of this run")
    @ApiResponse(responseCode = "409", description = "a self-test is already running",
            content = @Content(mediaType = PROBLEM))
    public SelfTestReport run() {
        return service.run();
    }
}
