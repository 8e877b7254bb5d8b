# Java 17 runtime from Debian's own package, on the locally made Debian base: what the deployment test
# builds the service images on instead of eclipse-temurin:17-jre (Docker Hub is not reachable here).
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless ca-certificates \
    && rm -rf /var/lib/apt/lists/*
