package io.mossa.gateway.access;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.util.UrlPathHelper;

import io.micrometer.core.instrument.MeterRegistry;
import io.mossa.gateway.access.AccessRules.Decision;
import io.mossa.gateway.access.AccessRules.Presented;
import io.mossa.gateway.upstream.ApiKeyClient;
import io.mossa.web.problem.ApiProblem;
import tools.jackson.databind.json.JsonMapper;

/**
 * Establishes the {@link Caller} of every request from its X-API-Key header (the admin key, an API key known to
 * cka-service, or none), stores it as a request attribute and applies {@link AccessRules}. A refusal is answered
 * as problem+json: here, or for the API's operations by {@link #refusals} once Spring MVC has matched the
 * operation (so a method the path lacks is a 405 for every caller, never a 401; the body is still unread); a 401 carries {@code WWW-Authenticate: ApiKey header="X-API-Key"} (RFC 9110 requires the
 * header on every 401; the scheme names where the key goes).
 */
final class ApiKeyFilter extends OncePerRequestFilter {

    static final String CHALLENGE = "ApiKey header=\"" + AccessRules.HEADER + "\"";
    static final String API_PATH = "/api/";
    private static final String DENIED = ApiKeyFilter.class.getName() + ".denied";
    private static final Logger log = LoggerFactory.getLogger(ApiKeyFilter.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final AdminKey adminKey;
    private final ApiKeyCache cache;
    private final ApiKeyClient keys;
    private final MeterRegistry meters;
    private final UrlPathHelper paths = new UrlPathHelper();

    ApiKeyFilter(AdminKey adminKey, ApiKeyCache cache, ApiKeyClient keys, MeterRegistry meters) {
        this.adminKey = adminKey;
        this.cache = cache;
        this.keys = keys;
        this.meters = meters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String presented = request.getHeader(AccessRules.HEADER);
        Caller caller = Caller.ANONYMOUS;
        Presented state = Presented.NONE;
        if (presented != null && !presented.isBlank()) {
            try {
                Optional<Caller> known = identify(presented.strip());
                state = known.isPresent() ? Presented.VALID : Presented.UNKNOWN;
                caller = known.orElse(Caller.ANONYMOUS);
            } catch (ApiProblem unavailable) {
                // cka-service cannot say whether the key is valid: neither let the request through nor blame the key
                write(response, request, unavailable.getStatusCode().value(), "Service unavailable",
                        "cannot check the API key now: " + unavailable.getBody().getDetail(), unavailable.getHeaders());
                return;
            }
        }
        String path = paths.getPathWithinApplication(request).replaceAll("/{2,}", "/");
        Decision decision = AccessRules.decide(request.getMethod(), path, state, caller);
        if (!decision.allowed()) {
            String who = caller.anonymous() ? (state == Presented.UNKNOWN ? "unknown" : "none") : caller.name();
            if (path.startsWith(API_PATH)) {
                // refused once Spring MVC has found the operation, so that a method the path does not have is a
                // 405 and an unknown path a 404, as for any caller, not a 401 asking for a key that would not help
                request.setAttribute(DENIED, new Denial(decision, who));
            } else {
                deny(request, response, new Denial(decision, who));
                return;
            }
        }
        request.setAttribute(Caller.ATTRIBUTE, caller);
        chain.doFilter(request, response);
    }

    /** A refusal decided by the filter, answered by it or, under {@value #API_PATH}, by {@link #refusals}. */
    record Denial(Decision decision, String who) {
    }

    /** Answers the refusal the filter stored for an API operation, before the operation runs. */
    final HandlerInterceptor refusals = new HandlerInterceptor() {
        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                throws IOException {
            if (request.getAttribute(DENIED) instanceof Denial denial) {
                deny(request, response, denial);
                return false;
            }
            return true;
        }
    };

    private void deny(HttpServletRequest request, HttpServletResponse response, Denial denial) throws IOException {
        Decision decision = denial.decision();
        meters.counter("mossa.gateway.access.denied", "status", Integer.toString(decision.status())).increment();
        log.info("access denied ({}): {} {} key={}", decision.status(), request.getMethod(),
                paths.getPathWithinApplication(request), denial.who());
        HttpHeaders headers = new HttpHeaders();
        if (decision.status() == 401) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
        }
        write(response, request, decision.status(), decision.status() == 401 ? "Unauthorized" : "Forbidden",
                decision.detail(), headers);
    }

    private Optional<Caller> identify(String presented) {
        if (adminKey.matches(presented)) {
            return Optional.of(Caller.ADMIN);
        }
        return cache.get(ApiKeySecrets.hash(presented),
                hash -> keys.authenticate(hash).map(key -> new Caller(key.id().toString(), key.name(), false)));
    }

    private static void write(HttpServletResponse response, HttpServletRequest request, int status, String title,
            String detail, HttpHeaders headers) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status);
        headers.forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE); // JSON is UTF-8 (RFC 8259): no charset
        response.getOutputStream().write(JSON.writeValueAsBytes(problem));
    }
}
