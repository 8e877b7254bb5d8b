package io.mossa.web.input;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StorableTextTest {

    @Test
    void onlyNulAndLoneSurrogatesAreRefused() {
        assertThat(StorableText.problem("plain, \u00e9, \uD83D\uDE00 (a pair), \uFFFF, \uE000, \t\n")).isNull();
        assertThat(StorableText.problem("a\u0000")).contains("NUL", "index 1");
        assertThat(StorableText.problem("\uD83D")).contains("U+D83D", "index 0");
        assertThat(StorableText.problem("\uDE00\uD83D")).contains("U+DE00", "index 0");
        assertThat(StorableText.problem("ok\uD83Dx")).contains("U+D83D", "index 2");
    }

    @Test
    void queryStringsAreCheckedParameterByParameter() {
        assertThat(QueryTextFilter.problem(null)).isNull();
        assertThat(QueryTextFilter.problem("model=all-minilm&limit=5&flag")).isNull();
        assertThat(QueryTextFilter.problem("q=%E2%82%AC+euro")).isNull();
        assertThat(QueryTextFilter.problem("limit=5&model=a%00b")).isEqualTo(
                "query parameter 'model' must not contain the NUL character (U+0000, at index 1)");
        assertThat(QueryTextFilter.problem("a%00=1")).startsWith("query parameter name must not contain");
        assertThat(QueryTextFilter.problem("cursor=%zz")).contains("not valid percent-encoded", "cursor=%zz");
        assertThat(QueryTextFilter.problem("x=%ED%A0%80")).contains("not valid percent-encoded");
    }
}
