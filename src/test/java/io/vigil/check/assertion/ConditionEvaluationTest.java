package io.vigil.check.assertion;

import com.jayway.jsonpath.spi.json.JacksonJsonProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ConditionEvaluationTest {

    private static final String JSON = """
            {"db": "up", "items": [{"id": 1}, {"id": 2}], "count": 3, "ok": true, "version": "1.4.2",
             "ratio": 0.1, "countText": "3", "name": "vigil", "tags": ["prod", "eu"], "nothing": null,
             "empty": []}""";

    private static AssertionResult eval(String condition, Observation observation) {
        try {
            return Condition.parse(condition).evaluate(observation);
        } catch (ConditionSyntaxException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static FakeObservation status(int code) {
        return FakeObservation.ok().status(code);
    }

    private static FakeObservation json() {
        return FakeObservation.ok().body(JSON).header("Content-Type", "application/json; charset=utf-8");
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // status
                arguments("status == 200", status(200), true, "200"),
                arguments("status == 200", status(503), false, "503"),
                arguments("status != 500", status(200), true, "200"),
                arguments("status != 500", status(500), false, "500"),
                arguments("status in 200..299", status(299), true, "299"),
                arguments("status in 200..299", status(302), false, "302"),
                arguments("status < 400", status(399), true, "399"),
                arguments("status < 400", status(400), false, "400"),
                arguments("status <= 400", status(400), true, "400"),
                arguments("status > 199", status(200), true, "200"),
                arguments("status >= 500", status(404), false, "404"),
                // body
                arguments("body contains \"ok\"", FakeObservation.ok().body("all ok"), true, "all ok"),
                arguments("body contains \"ok\"", FakeObservation.ok().body("down"), false, "down"),
                arguments("body !contains \"error\"", FakeObservation.ok().body("fine"), true, "fine"),
                arguments("body !contains \"error\"", FakeObservation.ok().body("an error"), false, "an error"),
                arguments("body matches \"^\\\\{.*\\\\}$\"", FakeObservation.ok().body("{\"a\":1}"), true, "{\"a\":1}"),
                arguments("body matches \"^\\\\{.*\\\\}$\"", FakeObservation.ok().body("<html>"), false, "<html>"),
                arguments("body matches \"o+k\"", FakeObservation.ok().body("it is ook."), true, "it is ook."),
                arguments("body == \"ok\"", FakeObservation.ok(), true, "ok"),
                arguments("body != \"ok\"", FakeObservation.ok(), false, "ok"),
                // json
                arguments("json $.db == \"up\"", json(), true, "\"up\""),
                arguments("json $.db == \"down\"", json(), false, "\"up\""),
                arguments("json $.db != \"down\"", json(), true, "\"up\""),
                arguments("json $.items.length() > 0", json(), true, "2"),
                arguments("json $.items.length() > 5", json(), false, "2"),
                arguments("json $.count >= 3", json(), true, "3"),
                arguments("json $.count >= 4", json(), false, "3"),
                arguments("json $.count == 3.0", json(), true, "3"),
                arguments("json $.ratio == 0.1", json(), true, "0.1"),
                arguments("json $.ratio < 0.2", json(), true, "0.1"),
                arguments("json $.ok == true", json(), true, "true"),
                arguments("json $.ok == false", json(), false, "true"),
                arguments("json $.nothing == null", json(), true, "null"),
                arguments("json $.db == null", json(), false, "\"up\""),
                arguments("json $.version exists", json(), true, "\"1.4.2\""),
                arguments("json $.missing exists", json(), false, "path not found"),
                arguments("json $.missing !exists", json(), true, "path not found"),
                arguments("json $.version !exists", json(), false, "\"1.4.2\""),
                arguments("json $.missing == 1", json(), false, "path not found"),
                arguments("json $.items[?(@.id > 1)].id contains 2", json(), true, "[2]"),
                arguments("json $.items[?(@.id > 5)].id exists", json(), false, "path not found"),
                arguments("json $.tags contains prod", json(), true, "[\"prod\",\"eu\"]"),
                arguments("json $.tags !contains staging", json(), true, "[\"prod\",\"eu\"]"),
                arguments("json $.version matches \"^1\\\\.\"", json(), true, "\"1.4.2\""),
                arguments("json $.count in 1..3", json(), true, "3"),
                // numeric strings compare as numbers against number literals
                arguments("json $.countText == 3", json(), true, "\"3\""),
                arguments("json $.countText > 2", json(), true, "\"3\""),
                arguments("json $.countText == 3.00", json(), true, "\"3\""),
                arguments("json $.countText == \"3\"", json(), true, "\"3\""),
                // ordering on something that is not a number fails and shows what was there
                arguments("json $.name > 5", json(), false, "\"vigil\""),
                arguments("json $.items >= 1", json(), false, "[{\"id\":1},{\"id\":2}]"),
                arguments("json $.name in 1..9", json(), false, "\"vigil\""),
                // headers
                arguments("header Content-Type contains json", json(), true, "application/json; charset=utf-8"),
                arguments("header content-type contains xml", json(), false, "application/json; charset=utf-8"),
                arguments("header X-Version == \"1.2\"", FakeObservation.ok().header("X-Version", "1.2"), true, "1.2"),
                arguments("header X-Version == 1.20", FakeObservation.ok().header("X-Version", "1.2"), true, "1.2"),
                arguments("header X-Version == \"1.20\"", FakeObservation.ok().header("X-Version", "1.2"), false, "1.2"),
                arguments("header X-Remaining > 10", FakeObservation.ok().header("X-Remaining", "42"), true, "42"),
                arguments("header X-Remaining > 10", FakeObservation.ok().header("X-Remaining", "lots"), false, "lots"),
                arguments("header Vary contains Origin",
                        FakeObservation.ok().header("Vary", "Accept").header("vary", "Origin"), true, "Accept, Origin"),
                arguments("header X-Missing == \"a\"", FakeObservation.ok(), false, "no header"),
                arguments("header X-Missing !contains \"a\"", FakeObservation.ok(), false, "no header"),
                arguments("header X-Missing exists", FakeObservation.ok(), false, "no header"),
                arguments("header X-Missing !exists", FakeObservation.ok(), true, "no header"),
                arguments("header X-Present exists", FakeObservation.ok().header("X-Present", ""), true, ""),
                // timings and TLS
                arguments("response_time < 500", FakeObservation.ok().responseTime(120L), true, "120"),
                arguments("response_time < 500", FakeObservation.ok().responseTime(800L), false, "800"),
                arguments("response_time < 500", FakeObservation.none(), false, "no response"),
                arguments("timing.connect < 100", FakeObservation.ok().timing("connect", 12L), true, "12"),
                arguments("timing.connect < 100", FakeObservation.ok().timing("connect", 150L), false, "150"),
                arguments("timing.tls < 100", FakeObservation.ok(), false, "no tls timing"),
                arguments("timing.first_byte <= 300", FakeObservation.ok().timing("first_byte", 300L), true, "300"),
                arguments("tls.days_left > 14", FakeObservation.ok().tlsDaysLeft(30), true, "30"),
                arguments("tls.days_left > 14", FakeObservation.ok().tlsDaysLeft(3), false, "3"),
                arguments("tls.days_left > 14", FakeObservation.ok(), false, "no TLS"),
                // nothing came back at all
                arguments("status == 200", FakeObservation.none(), false, "no response"),
                arguments("body contains \"ok\"", FakeObservation.none(), false, "no response"),
                arguments("body !contains \"error\"", FakeObservation.none(), false, "no response"),
                arguments("json $.db == \"up\"", FakeObservation.none(), false, "no response"),
                arguments("json $.db !exists", FakeObservation.none(), false, "no response"),
                arguments("header X-Debug !exists", FakeObservation.none(), false, "no response"),
                arguments("body contains \"ok\"", FakeObservation.ok().body(null), false, "no body"),
                // a body that is not JSON
                arguments("json $.db == \"up\"", FakeObservation.ok().body("<html>down</html>"), false, "not JSON"),
                arguments("json $.db !exists", FakeObservation.ok().body("<html>down</html>"), false, "not JSON"),
                arguments("json $.db == \"up\"", FakeObservation.ok().body("{\"db\":\"up\"} trailing"), false, "not JSON"),
                arguments("json $.db == \"up\"", FakeObservation.ok().body(""), false, "not JSON")
        );
    }

    @ParameterizedTest(name = "[{index}] {0} -> {2} ({3})")
    @MethodSource("cases")
    void evaluatesAndRecordsActual(String condition, Observation observation, boolean passed, String actual) {
        AssertionResult result = eval(condition, observation);
        assertEquals(new AssertionResult(condition, passed, actual), result);
    }

    @Test
    void jsonBodyIsParsedOnceForManyConditions() throws ConditionSyntaxException {
        FakeObservation observation = json();
        List<Condition> conditions = List.of(
                Condition.parse("json $.db == \"up\""),
                Condition.parse("json $.count >= 3"),
                Condition.parse("json $.missing !exists"),
                Condition.parse("status == 200"));

        List<AssertionResult> results = Condition.evaluateAll(conditions, observation);

        assertTrue(results.stream().allMatch(AssertionResult::passed), results::toString);
        assertEquals(1, observation.bodyReads);
    }

    @Test
    void jsonProviderParsesOncePerContext() throws ConditionSyntaxException {
        int[] parses = {0};
        JacksonJsonProvider counting = new JacksonJsonProvider(Json.MAPPER) {
            @Override
            public Object parse(String json) {
                parses[0]++;
                return super.parse(json);
            }
        };
        EvaluationContext context = EvaluationContext.of(json(), Json.configuration(counting));
        for (String text : List.of("json $.db == \"up\"", "json $.items.length() > 0", "json $.ok == true")) {
            assertTrue(Condition.parse(text).evaluate(context).passed(), text);
        }
        assertEquals(1, parses[0]);
    }

    @Test
    void bodyIsNotParsedWhenNoConditionNeedsJson() throws ConditionSyntaxException {
        FakeObservation observation = json();
        Condition.evaluateAll(List.of(Condition.parse("status == 200")), observation);
        assertEquals(0, observation.bodyReads);
    }

    @Test
    void actualIsTruncatedTo200Characters() {
        AssertionResult result = eval("body contains \"nope\"", FakeObservation.ok().body("x".repeat(500)));
        assertFalse(result.passed());
        assertEquals(200, result.actual().length());
        assertTrue(result.actual().endsWith("…"));
    }

    @Test
    void jsonPathErrorsFailInsteadOfThrowing() {
        AssertionResult result = eval("json $.empty.max() > 1", json());
        assertFalse(result.passed());
        assertTrue(result.actual().startsWith("path error") || result.actual().equals("path not found"),
                result.actual());
    }

    @Test
    void catastrophicRegexTimesOutAsFailure() {
        // polynomial blow-up (~C(40,11) paths); java.util.regex memoizes the classic (a+)+ case, not this one
        String body = String.join(",", java.util.Collections.nCopies(40, "1"));
        AssertionResult result = eval("body matches \"^(.*?,){11}P\"", FakeObservation.ok().body(body));
        assertFalse(result.passed());
        assertTrue(result.actual().startsWith("regex timed out"), result.actual());
    }

    @Test
    void deeplyRecursiveRegexFailsInsteadOfThrowing() {
        String body = "ab".repeat(200_000);
        AssertionResult result = eval("body matches \"^(a|b)*c\"", FakeObservation.ok().body(body));
        assertFalse(result.passed());
        assertTrue(result.actual().startsWith("regex"), result.actual());
    }

    @Test
    void oneConditionCanBeSharedAcrossThreads() throws Exception {
        Condition condition = Condition.parse("json $.items.length() > 1");
        List<Thread> threads = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    if (!condition.evaluate(json()).passed()) {
                        failures.incrementAndGet();
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(0, failures.get());
    }
}
