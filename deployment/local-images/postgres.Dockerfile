# PostgreSQL from Debian's package, on the locally made Debian base: stands in for postgres:17 in the
# deployment test. Same contract as the official image for what docker-compose.yml uses: POSTGRES_DB,
# POSTGRES_USER, POSTGRES_PASSWORD create the database on first start, data in /var/lib/postgresql/data,
# pg_isready on PATH. Unlike the official image it never runs as root, not even to initialise.
ARG DEBIAN_IMAGE
FROM ${DEBIAN_IMAGE}
# no cluster at install time: the entrypoint creates the one the container uses, in the volume
RUN mkdir -p /etc/postgresql-common/createcluster.d \
    && echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.d/no-main-cluster.conf \
    && apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql \
    && rm -rf /var/lib/apt/lists/* \
    && ln -s /usr/lib/postgresql/*/bin /usr/lib/postgresql/bin \
    && mkdir -p /var/lib/postgresql/data /var/run/postgresql \
    && chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql \
    && chmod 700 /var/lib/postgresql/data
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint.sh
ENV PATH=/usr/lib/postgresql/bin:$PATH \
    PGDATA=/var/lib/postgresql/data
USER postgres
EXPOSE 5432
ENTRYPOINT ["/usr/local/bin/postgres-entrypoint.sh"]
