/**
 * Task sets: built-in and stored, validated, versioned, with examples uploaded as JSON Lines or CSV and rendered
 * through instruction templates.
 */
package io.mossa.gateway.taskset;
