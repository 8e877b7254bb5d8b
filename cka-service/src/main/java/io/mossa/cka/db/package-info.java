/**
 * The embedded PostgreSQL server used when no spring.datasource.url is given (the demo, tests).
 */
package io.mossa.cka.db;
