package io.mossa.gateway.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The results page as files the gateway serves: at /, every script and stylesheet it loads bundled with the
 * gateway (no CDN), JavaScript modules with a JavaScript media type (browsers refuse modules otherwise). That the
 * page draws the right plots is ResultsPageIT's headless-Chromium test.
 */
@SpringBootTest(properties = {"mossa.gateway.extractor-url=http://127.0.0.1:9", "mossa.gateway.cka-url=http://127.0.0.1:9"})
@AutoConfigureMockMvc
class ResultsPageTest {

    // what a page can load: <script src>, <link href>, ES module imports, CSS url(...) (not #fragment) and @import
    private static final Pattern LOADS = Pattern.compile(
            "(?:src|href)\\s*=\\s*\"([^\"#?]+)|\\bfrom\\s+'([^']+)'|\\bimport\\s+'([^']+)'|url\\(\\s*['\"]?([^'\")#][^'\")]*)"
                    + "|@import\\s+['\"]([^'\"]+)");

    @Autowired
    MockMvc mvc;

    @Test
    void thePageIsTheGatewaysHomePage() throws Exception {
        mvc.perform(get("/")).andExpect(status().isOk()).andExpect(forwardedUrl("index.html"));
        mvc.perform(get("/index.html")).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/html"))
                .andExpect(content().string(org.hamcrest.Matchers.containsString(
                        "<script type=\"module\" src=\"/assets/results.js\">")));
    }

    @Test
    void everyFileThePageLoadsIsBundledAndServedWithItsMediaType() throws Exception {
        List<String> loaded = new ArrayList<>();
        for (Resource file : new PathMatchingResourcePatternResolver().getResources("classpath:static/**/*.*")) {
            String text = file.getContentAsString(StandardCharsets.UTF_8);
            String directory = file.getURL().getPath().replaceFirst(".*/static", "").replaceFirst("[^/]*$", "");
            Matcher load = LOADS.matcher(text);
            while (load.find()) {
                String target = firstGroup(load);
                assertThat(target).as("%s loads only files of the gateway, no CDN", file.getFilename())
                        .doesNotContain("//");
                loaded.add(target.startsWith("/") ? target : directory + target.replaceFirst("^\\./", ""));
            }
        }
        assertThat(loaded).contains("/assets/results.js", "/assets/results.css", "/assets/charts.js", "/assets/api.js");
        for (String path : loaded) {
            if (path.startsWith("/swagger-ui")) {
                continue; // a link to springdoc's page, not a file of the results page
            }
            String type = path.endsWith(".js") ? "text/javascript" : path.endsWith(".css") ? "text/css" : "*/*";
            mvc.perform(get(path)).andExpect(status().isOk()).andExpect(content().contentTypeCompatibleWith(type));
        }
    }

    private static String firstGroup(Matcher matcher) throws IOException {
        for (int g = 1; g <= matcher.groupCount(); g++) {
            if (matcher.group(g) != null) {
                return matcher.group(g);
            }
        }
        throw new IOException("no group matched: " + matcher.group());
    }
}
