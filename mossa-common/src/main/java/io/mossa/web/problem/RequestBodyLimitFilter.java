package io.mossa.web.problem;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies at a documented size: declared lengths are refused before reading, and chunked
 * bodies fail with {@link PayloadTooLargeException} as soon as they pass the limit. Either way the 413 names the
 * configuration property that sets the limit, so that the client (or the gateway passing it on) can say which
 * limit was hit and where it is raised.
 *
 * <p>A client that sends its whole body before reading the answer (Java's HttpClient, which the gateway uses to call
 * the other services, cannot send {@code Expect: 100-continue}) would see the connection reset, not the 413, if the
 * server answered and closed while the body was still coming. So the rest of an oversized body is read and
 * discarded first, up to {@value #MAX_DRAIN_BYTES} bytes; a client that asked {@code Expect: 100-continue} (curl does
 * for large bodies) is answered at once and sends nothing.
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    /** The most bytes of an oversized body read (and discarded) so that its sender can read the 413. */
    static final long MAX_DRAIN_BYTES = 4L << 30;

    private final long maxBytes;
    private final String property;

    /**
     * @param maxBytes the largest body accepted
     * @param property the configuration property that sets {@code maxBytes}, named in the 413's detail
     */
    public RequestBodyLimitFilter(long maxBytes, String property) {
        this.maxBytes = maxBytes;
        this.property = property;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            if (!"100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
                drain(request.getInputStream());
            }
            response.setStatus(413);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Request too large\",\"status\":413,"
                    + "\"detail\":\"" + PayloadTooLargeException.describe(declared, maxBytes, property)
                    + "\",\"property\":\"" + property + "\",\"limitBytes\":" + maxBytes
                    + ",\"instance\":\"" + request.getRequestURI().replace("\"", "") + "\"}");
            return;
        }
        chain.doFilter(new LimitedRequest(request, maxBytes, property), response);
    }

    /** Reads what is left of the body, so that a client still sending it then reads the answer. */
    static void drain(java.io.InputStream body) {
        byte[] buffer = new byte[1 << 16];
        long drained = 0;
        try {
            for (int n = body.read(buffer); n >= 0 && drained < MAX_DRAIN_BYTES; n = body.read(buffer)) {
                drained += n;
            }
        } catch (IOException e) {
            // the client went away: nothing left to answer
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long maxBytes;
        private final String property;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long maxBytes, String property) {
            super(request);
            this.maxBytes = maxBytes;
            this.property = property;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), maxBytes, property);
            }
            return stream;
        }
    }

    private static final class LimitedStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long maxBytes;
        private final String property;
        private long read;

        LimitedStream(ServletInputStream delegate, long maxBytes, String property) {
            this.delegate = delegate;
            this.maxBytes = maxBytes;
            this.property = property;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws PayloadTooLargeException {
            read += n;
            if (read > maxBytes) {
                drain(delegate);
                throw new PayloadTooLargeException(maxBytes, property);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
