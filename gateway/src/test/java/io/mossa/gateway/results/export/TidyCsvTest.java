package io.mossa.gateway.results.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TidyCsvTest {

    @Test
    void quotesOnlyFieldsThatNeedIt() {
        assertThat(TidyCsv.field("plain")).isEqualTo("plain");
        assertThat(TidyCsv.field("a,b")).isEqualTo("\"a,b\"");
        assertThat(TidyCsv.field("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(TidyCsv.field("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(TidyCsv.field(null)).isEmpty();
    }
}
