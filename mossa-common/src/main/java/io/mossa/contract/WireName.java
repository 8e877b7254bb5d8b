package io.mossa.contract;

import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An enum constant as it is written in JSON, query strings and the database ("rbf", not RBF). Jackson reads and
 * writes the wire name; an unknown name is reported as "must be one of [...], was '...'" wherever it is read.
 */
public interface WireName {

    @JsonValue
    String wire();

    /** The wire names of every constant, in declaration order. */
    static List<String> names(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(e -> ((WireName) e).wire()).toList();
    }

    /** What to say about a value that is none of {@code type}'s wire names. */
    static String notOneOf(Class<? extends Enum<?>> type, Object value) {
        return "must be one of " + names(type) + ", was '" + value + "'";
    }

    /** The constant whose wire name is {@code value}, or empty. */
    static <E extends Enum<E> & WireName> java.util.Optional<E> find(Class<E> type, String value) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.wire().equals(value)).findFirst();
    }
}
