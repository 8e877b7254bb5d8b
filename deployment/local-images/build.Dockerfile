# JDK 17 and Maven from Debian's packages, on the locally made Debian base: the build stage of the service
# images in the deployment test instead of maven:3.9-eclipse-temurin-17.
# extra-ca-certificates/ holds the build machine's own trust roots (/usr/local/share/ca-certificates), e.g.
# of a TLS-inspecting egress proxy in front of Maven Central; installed before ca-certificates-java so that
# Java's cacerts trusts them too.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
COPY extra-ca-certificates/ /usr/local/share/ca-certificates/
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven ca-certificates \
    && rm -rf /var/lib/apt/lists/*
