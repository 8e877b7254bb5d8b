package io.mossa.web.input;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

import io.mossa.web.problem.ProblemWriter;

/**
 * Refuses, before any controller, a query string that is not percent-encoded UTF-8 or whose parameters hold
 * text that cannot be stored unchanged ({@link StorableText}: NUL, lone surrogates), naming the parameter.
 * The query string is decoded here, never the body, so that form and multipart bodies stay unread.
 */
public class QueryTextFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String problem = problem(request.getQueryString());
        if (problem != null) {
            ProblemWriter.write(response, 400, problem, request.getRequestURI());
            return;
        }
        chain.doFilter(request, response);
    }

    /** What is wrong with the query string, or null. */
    static String problem(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name;
            String value;
            try {
                name = decode(equals < 0 ? pair : pair.substring(0, equals));
                value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            } catch (IllegalArgumentException e) {
                return "the query string is not valid percent-encoded UTF-8 near '" + printable(pair)
                        + "': encode every parameter value (e.g. '%' as %25)";
            }
            String wrong = StorableText.problem(name);
            if (wrong != null) {
                return "query parameter name " + wrong;
            }
            wrong = StorableText.problem(value);
            if (wrong != null) {
                return "query parameter '" + printable(name) + "' " + wrong;
            }
        }
        return null;
    }

    private static String decode(String text) {
        String decoded = URLDecoder.decode(text, StandardCharsets.UTF_8);
        if (decoded.indexOf('\uFFFD') >= 0 && !text.contains("%EF%BF%BD") && text.indexOf('\uFFFD') < 0) {
            throw new IllegalArgumentException("not UTF-8");
        }
        return decoded;
    }

    private static String printable(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return shown.replaceAll("[\\p{Cntrl}\\p{Cs}]", "?");
    }
}
