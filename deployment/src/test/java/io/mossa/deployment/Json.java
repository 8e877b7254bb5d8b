package io.mossa.deployment;

import java.util.Map;

import com.jayway.jsonpath.Configuration;

/** JSON documents as plain maps and lists (json-smart through JsonPath, both from spring-boot-starter-test). */
final class Json {

    private Json() {
    }

    static Map<String, Object> parse(String json) {
        return Yaml.map(Configuration.defaultConfiguration().jsonProvider().parse(json));
    }
}
