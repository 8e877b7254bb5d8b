package io.mossa.web.input;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import io.mossa.web.problem.ProblemWriter;

/**
 * An Accept header that is not a media-type list ("garbage") gets a 406 problem before any controller: past this
 * point Spring cannot negotiate any answer, so even an error would go out with an empty body.
 */
public class AcceptHeaderFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept != null) {
            try {
                MediaType.parseMediaTypes(accept);
            } catch (InvalidMediaTypeException e) {
                ProblemWriter.write(response, 406, "the Accept header is not a valid media-type list (RFC 9110 "
                        + "section 12.5.1); send e.g. 'application/json' or omit it", request.getRequestURI());
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
