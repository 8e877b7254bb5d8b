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
 */
public class RequestBodyLimitFilter extends OncePerRequestFilter {

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
            response.setStatus(413);
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Request too large\",\"status\":413,"
 + "\"detail\":\"" + PayloadTooLargeException.describe(declared, maxBytes, property)
                    + "\",\"property\":\"" + property + "\",\"limitBytes\":" + maxBytes + ",\"instance\":\"" + request.getRequestURI().replace("\"", "") + "\"}");
            return;
        }
        chain.doFilter(new LimitedRequest(request, maxBytes, property), response);
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
