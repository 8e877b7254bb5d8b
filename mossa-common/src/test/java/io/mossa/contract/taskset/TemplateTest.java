package io.mossa.contract.taskset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Expected strings are written out by hand (they match what Python's str.format gives for the same input). */
class TemplateTest {

    @Test
    void fillsPlaceholdersAndKeepsDoubledBracesLiteral() {
        Template template = Template.parse("Q: {question}\nA set {{x}} and {{{answer}}}!");
        assertThat(template.placeholders()).containsExactly("question", "answer");
        assertThat(template.render(Map.of("question", "why?", "answer", "42")))
                .isEqualTo("Q: why?\nA set {x} and {42}!");
    }

    @Test
    void repeatedAndAdjacentPlaceholders() {
        Template template = Template.parse("{a}{b}-{a}");
        assertThat(template.placeholders()).containsExactly("a", "b");
        assertThat(template.render(Map.of("a", "x", "b", "y", "unused", "z"))).isEqualTo("xy-x");
    }

    @Test
    void valuesAreInsertedVerbatimNeverReparsed() {
        assertThat(Template.parse("<{t}>").render(Map.of("t", "{not a placeholder} }}")))
                .isEqualTo("<{not a placeholder} }}>");
    }

    @Test
    void templateWithoutPlaceholdersIsItsOwnText() {
        assertThat(Template.parse("plain }} text {{").render(Map.of())).isEqualTo("plain } text {");
    }

    @Test
    void syntaxErrorsNameTheCharacter() {
        assertThatThrownBy(() -> Template.parse("ab}c")).hasMessage(
                "unbalanced '}' at character 3; write '}}' for a literal brace");
        assertThatThrownBy(() -> Template.parse("Q: {question")).hasMessage(
                "unclosed '{' at character 4; write '{{' for a literal brace");
        assertThatThrownBy(() -> Template.parse("x {a{b}")).hasMessage(
                "unclosed '{' at character 3; write '{{' for a literal brace");
        assertThatThrownBy(() -> Template.parse("x {} y")).hasMessage(
                "empty placeholder at character 3; write {field}");
    }
}
