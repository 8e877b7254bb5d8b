package io.mossa.web.problem;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's answer to a request it refuses before any servlet sees it (an encoded '/' or NUL in the path, a raw
 * '[' in the query, a malformed header) as problem+json instead of Tomcat's HTML error page.
 */
public class ContainerErrorValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.setContentType(ProblemResponses.PROBLEM_JSON);
            // the reporter writer needs an encoding; the problem's text is ASCII either way
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(ProblemWriter.json(status, ProblemWriter.detailFor(status), null));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away or the response was committed meanwhile: nothing left to tell it
        }
    }
}
