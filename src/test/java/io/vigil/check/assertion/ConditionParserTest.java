package io.vigil.check.assertion;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ConditionParserTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "status == 200",
            "status != 500",
            "status in 200..299",
            "status < 400",
            "body contains \"ok\"",
            "body !contains \"error\"",
            "body matches \"^\\\\{.*\\\\}$\"",
            "json $.db == \"up\"",
            "json $.items.length() > 0",
            "json $.count >= 3",
            "json $.ok == true",
            "json $.version exists",
            "json $.version !exists",
            "header Content-Type contains json",
            "header X-Version == \"1.2\"",
            "response_time < 500",
            "tls.days_left > 14",
            "timing.connect < 100",
            "timing.dns < 50",
            "timing.tls <= 200",
            "timing.first_byte < 300",
            "timing.total < 1000",
            // spacing and shapes beyond the documented examples
            "status==200",
            "  status   in   200..299  ",
            "json $.count>=3",
            "json $.items[?(@.price > 10)].name exists",
            "json $['odd key'] == \"x\"",
            "json $.missing == null",
            "json $.ratio < 0.75",
            "json $.delta > -5",
            "header content-type == application/json;charset=utf-8",
            "header X-Debug !exists",
            "status in -1..1",
            "body == \"line\\nbreak \\u00e9\"",
            "json $.tags contains prod",
            "json $.items[?(@.state == 'failed')] !exists",
            "header X-RateLimit-Remaining > 10",
            "response_time <= 1e3",
            "body contains\"x\"",
    })
    void acceptsValidConditions(String text) throws ConditionSyntaxException {
        Condition condition = Condition.parse(text);
        assertEquals(text, condition.text());
    }

    static Stream<Arguments> badConditions() {
        return Stream.of(
                arguments("", 1, "empty condition"),
                arguments("   ", 1, "empty condition"),
                arguments("== 200", 1, "expected a subject"),
                arguments("stauts == 200", 1, "unknown subject 'stauts'; did you mean 'status'?"),
                arguments("Status == 200", 1, "did you mean 'status'?"),
                arguments("xyz == 200", 1, "expected one of status, body"),
                arguments("timing.conect < 100", 8, "unknown timing phase 'conect' (did you mean 'connect'?); phases are"),
                arguments("timing.foo < 100", 8, "phases are dns, connect, tls, first_byte, total"),
                arguments("status", 7, "missing operator after 'status'"),
                arguments("status 200", 8, "expected an operator"),
                arguments("status = 200", 8, "unknown operator '=' (did you mean '=='?)"),
                arguments("body contain \"x\"", 6, "did you mean 'contains'?"),
                arguments("status contains \"x\"", 8, "operator 'contains' cannot be used with status (a number)"),
                arguments("status exists", 8, "cannot be used with status"),
                arguments("body > 5", 6, "operator '>' cannot be used with body (text)"),
                arguments("status ==", 10, "missing value after '=='"),
                arguments("status in", 10, "missing value after 'in' (an integer range"),
                arguments("status in 5..2", 11, "empty range 5..2"),
                arguments("status in 200", 11, "expected an integer range like 200..299"),
                arguments("status in 200..2x9", 16, "range end '2x9' is not an integer"),
                arguments("status in 2.5..3", 11, "range start '2.5' is not an integer"),
                arguments("tls.days_left == \"x\"", 18, "tls.days_left is a number; expected a number, got string \"x\""),
                arguments("status == ok", 11, "status is a number; expected a number, got word 'ok'"),
                arguments("status > \"5\"", 10, "operator '>' needs a number"),
                arguments("response_time < fast", 17, "needs a number, got word 'fast'"),
                arguments("json $.name > \"a\"", 15, "operator '>' needs a number"),
                arguments("body == null", 9, "null can only be compared with json values"),
                arguments("status == 200 300", 15, "unexpected '300' after the value"),
                arguments("header Content-Type == application/json; charset=utf-8", 42,
                        "unexpected 'charset=utf-8' after the value; quote values that contain spaces"),
                arguments("json $.version exists 1", 23, "unexpected '1' after 'exists'"),
                arguments("body contains \"ok", 15, "unterminated string"),
                arguments("body contains \"ok\\\"", 15, "unterminated string"),
                arguments("body contains \"a\\qb\"", 17, "unknown escape '\\q'"),
                arguments("body contains \"\\u12\"", 16, "invalid unicode escape"),
                arguments("body matches \"(abc\"", 14, "invalid regex: Unclosed group"),
                arguments("header X matches [a-", 18, "invalid regex"),
                arguments("header == 1", 8, "missing header name"),
                arguments("header", 7, "expected a header name after 'header'"),
                arguments("json", 5, "expected a JsonPath after 'json'"),
                arguments("json items == 1", 6, "JsonPath must start with '$'"),
                arguments("json $.a.. == 1", 6, "invalid JsonPath '$.a..'"),
                arguments("json $.items[ == 1", 6, "invalid JsonPath"),
                arguments("json $.items.lenght() > 0", 14, "unknown JsonPath function 'lenght()' (did you mean 'length'?)"),
                arguments("x".repeat(1001), 1001, "condition is too long (1001 characters, at most 1000)")
        );
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badConditions")
    void rejectsBadConditionsWithColumnAndReason(String text, int column, String fragment) {
        ConditionSyntaxException e = assertThrows(ConditionSyntaxException.class, () -> Condition.parse(text));
        assertTrue(e.reason().contains(fragment), () -> "reason was: " + e.reason());
        assertEquals(column, e.column(), () -> "reason was: " + e.reason());
        assertEquals("column " + column + ": " + e.reason(), e.getMessage());
    }

    @Test
    void nullIsAnEmptyCondition() {
        ConditionSyntaxException e = assertThrows(ConditionSyntaxException.class, () -> Condition.parse(null));
        assertEquals(1, e.column());
    }

    @Test
    void exactlyOneThousandCharactersIsAllowed() throws ConditionSyntaxException {
        String text = "body contains \"" + "a".repeat(1000 - 16) + "\"";
        assertEquals(1000, text.length());
        Condition.parse(text);
    }

    @Test
    void conditionsAreEqualByText() throws ConditionSyntaxException {
        assertEquals(Condition.parse("status == 200"), Condition.parse("status == 200"));
        assertEquals("status == 200", Condition.parse("status == 200").toString());
    }
}
