# Prometheus from Debian's package, on the locally made Debian base: stands in for prom/prometheus in the
# deployment test. Same contract as the official image: the binary is the entrypoint (docker-compose.yml
# passes the flags), data in /prometheus, a non-root user.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /prometheus \
    && chown prometheus:prometheus /prometheus
USER prometheus
EXPOSE 9090
ENTRYPOINT ["/usr/bin/prometheus"]
