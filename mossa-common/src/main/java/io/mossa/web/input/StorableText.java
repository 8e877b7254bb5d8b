package io.mossa.web.input;

/**
 * The one rule for text a client may send, in bodies and query strings alike: it must be storable and
 * returnable unchanged. PostgreSQL refuses the NUL character (U+0000) in text, and a lone UTF-16 surrogate
 * (an unpaired {@code \uD800}) has no UTF-8 form, so it would be stored as '?' and come back altered. Both
 * are refused with a message naming the character's position; every other code point, including
 * non-characters and private-use ones, is accepted as is.
 */
public final class StorableText {

    private StorableText() {
    }

    /** Why {@code text} cannot be stored unchanged, or null when it can. */
    public static String problem(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "must not contain the NUL character (U+0000, at index " + i + ")";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must not contain a lone UTF-16 surrogate (U+" + hex(c) + ", at index " + i + ")";
            }
            if (Character.isLowSurrogate(c)) {
                return "must not contain a lone UTF-16 surrogate (U+" + hex(c) + ", at index " + i + ")";
            }
        }
        return null;
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }
}
