/**
 * Task set versions stored in PostgreSQL for the gateway (immutable, numbered, created concurrently without gaps).
 */
package io.mossa.cka.taskset;
