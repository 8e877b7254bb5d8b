package io.mossa.extractor;

import io.mossa.web.problem.ProblemAdvice;
import io.mossa.web.problem.ProblemResponses;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

@SpringBootApplication
@ConfigurationPropertiesScan
@Import({ProblemAdvice.class, ProblemResponses.class})
public class ExtractorApplication {

    public static void main(String[] args) {
        // Models ship with the service or come from models-dir: DJL must never try to download an engine.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        SpringApplication.run(ExtractorApplication.class, args);
    }
}
