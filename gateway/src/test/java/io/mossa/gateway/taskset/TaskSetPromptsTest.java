package io.mossa.gateway.taskset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** A task's prompts: the given ones, or its examples rendered with its templates in turn. */
class TaskSetPromptsTest {

    @Test
    void taskPromptsRoundRobinOverTheTemplates() {
        // 5 examples, 2 templates: examples 0, 2, 4 take template 0, examples 1, 3 template 1
        TaskSet.Task task = new TaskSet.Task("t", "c", null, false, null, List.of("A:{v}", "B:{v}!"),
                List.of(Map.of("v", "0"), Map.of("v", "1"), Map.of("v", "2"), Map.of("v", "3"), Map.of("v", "4")), null);
        assertThat(task.prompts()).containsExactly("A:0", "B:1!", "A:2", "B:3!", "A:4");
    }

    @Test
    void givenPromptsAreReturnedAsGiven() {
        assertThat(new TaskSet.Task("t", "c", "d", List.of("p1", "p2")).prompts()).containsExactly("p1", "p2");
    }
}
