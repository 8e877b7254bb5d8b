package io.mossa.cka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/** Experiment bodies, waiting for a status and SQL counts, for the tests of the experiments API. */
public abstract class ExperimentTestSupport extends AbstractServiceTest {

    @Autowired
    protected DataSource dataSource;

    protected static List<String> prompts(String prefix, int n) {
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            prompts.add(prefix + " prompt " + i);
        }
        return prompts;
    }

    protected static Map<String, Object> task(String name, String control, List<String> prompts) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("name", name);
        task.put("cluster", "c");
        task.put("controlModel", control);
        task.put("prompts", prompts);
        return task;
    }

    /** m-exp against the tasks' controls, layers 0 and 2, same pairs, last-token pooling; add fields to taste. */
    protected static Map<String, Object> experiment(String name, List<Map<String, Object>> tasks) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("experimentalModel", "m-exp");
        body.put("layers", List.of(0, 2));
        body.put("tasks", tasks);
        return body;
    }

    protected Response create(Map<String, Object> body) {
        return post("/v1/experiments", JSON.writeValueAsString(body));
    }

    protected String submit(Map<String, Object> body) {
        Response created = create(body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.body().get("id").asString();
    }

    protected JsonNode awaitStatus(String id, String... statuses) throws InterruptedException {
        Set<String> wanted = Set.of(statuses);
        String last = null;
        for (int i = 0; i < 600; i++) {
            Response r = get("/v1/experiments/" + id);
            assertThat(r.status()).as(r.text()).isEqualTo(200);
            last = r.body().get("status").asString();
            if (wanted.contains(last)) {
                return r.body();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("experiment " + id + " still " + last + " after 60 s, expected " + wanted);
    }

    protected JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    protected int count(String sql, Object... params) {
        var spec = jdbc().sql(sql);
        for (Object p : params) {
            spec = spec.param(p);
        }
        return spec.query(Integer.class).single();
    }

    protected void awaitCount(int expected, String sql, Object... params) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (count(sql, params) == expected) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(count(sql, params)).as(sql).isEqualTo(expected);
    }

    /** A 400 problem whose detail and errors[].field name {@code field}. */
    protected void assertBadRequest(Map<String, Object> body, String field) {
        Response r = create(body);
        assertThat(r.status()).as(r.text()).isEqualTo(400);
        assertThat(r.contentType()).contains("application/problem+json");
        assertThat(r.body().get("detail").asString()).as(r.text()).contains(field);
        List<String> fields = new ArrayList<>();
        r.body().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).as(r.text()).contains(field);
    }
}
