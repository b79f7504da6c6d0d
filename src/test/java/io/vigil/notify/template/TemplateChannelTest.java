package io.vigil.notify.template;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.api.FieldError;
import io.vigil.core.CheckStatus;
import io.vigil.egress.OutboundRequest;
import io.vigil.notify.ChannelSettings;
import io.vigil.notify.HttpChannel;
import io.vigil.notify.Message;
import io.vigil.notify.Notification;
import io.vigil.notify.Samples;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rendering and checking user templates, in the channel's own sandboxed engine. */
class TemplateChannelTest {

    static final String BODY = """
            {
              "event": "{n.type}",
              "check": "{n.data.check.name}",
              "incident": "{n.data.incident.id}",
              "error": {json:value(n.data.error)},
              "regions": {json:value(n.data.regions)},
              "title": {json:str(title)},
              "text": "{text}",
              "link": "{link}",
              "severity": "{severity}"
            }""";

    final TemplateChannel channel = new TemplateChannel();

    static ChannelSettings settings(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("url", "https://hooks.example.com/vigil");
        map.put("body", BODY);
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new ChannelSettings(map);
    }

    static JsonNode body(OutboundRequest r) throws Exception {
        return HttpChannel.JSON.readTree(r.body());
    }

    static List<FieldError> validate(TemplateChannel channel, ChannelSettings s) {
        List<FieldError> errors = new ArrayList<>();
        channel.validate(s, errors);
        return errors;
    }

    @Test
    void theBodyAndHeadersAreRenderedForTheNotification() throws Exception {
        OutboundRequest r = channel.request(settings("headers", Map.of("X-Event", "{n.type}", "X-Check", "{n.data.check.id}")),
                Samples.single(Samples.opened()));

        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.url()).hasToString("https://hooks.example.com/vigil");
        assertThat(r.headers()).containsEntry("Content-Type", "application/json")
                .containsEntry("X-Event", "incident.opened").containsEntry("X-Check", Samples.CHECK.toString());
        JsonNode b = body(r);
        assertThat(b.path("event").asText()).isEqualTo("incident.opened");
        assertThat(b.path("check").asText()).isEqualTo("Checkout API");
        assertThat(b.path("incident").asText()).isEqualTo(Samples.INCIDENT.toString());
        assertThat(b.path("error").path("class").asText()).isEqualTo("connect");
        assertThat(b.path("error").path("message").asText()).isEqualTo("connection refused");
        assertThat(b.path("regions").toString()).isEqualTo("[\"eu-west\",\"us-east\"]");
        assertThat(b.path("title").asText()).isEqualTo("🔴 Down: Checkout API");
        assertThat(b.path("text").asText()).startsWith("Regions: eu-west, us-east\nError: connect — connection refused\n");
        assertThat(b.path("link").asText()).isEqualTo("https://vigil.example.com/console/checks/" + Samples.CHECK);
        assertThat(b.path("severity").asText()).isEqualTo("critical");
    }

    @Test
    void theSecretIsAvailableToTemplates() {
        ChannelSettings s = settings("headers", Map.of("Authorization", "Bearer {secret}"), "secret", "tok-123");
        assertThat(validate(channel, s)).isEmpty();
        assertThat(channel.request(s, Samples.single(Samples.opened())).headers()).containsEntry("Authorization", "Bearer tok-123");
        assertThat(channel.settings()).filteredOn(setting -> setting.name().equals("secret")).singleElement()
                .matches(setting -> setting.secret());
    }

    @Test
    void stringsAreJsonEscapedInAJsonBody() throws Exception {
        Notification n = new Notification(Notification.INCIDENT_OPENED, Samples.STARTED, new Notification.Data(
                Samples.check("Say \"hi\" \\ to\nCheckout </script>"), Samples.opened().data().incident(), List.of(),
                null, null, CheckStatus.DOWN, null, null));
        String body = "{\"plain\": \"{n.data.check.name}\", \"str\": {json:str(n.data.check.name)}, "
                + "\"escape\": \"{json:escape(n.data.check.name)}\"}";
        OutboundRequest r = channel.request(settings("body", body), Samples.single(n));

        JsonNode b = body(r);
        assertThat(b.path("plain").asText()).isEqualTo("Say \"hi\" \\ to\nCheckout </script>");
        assertThat(b.path("str").asText()).isEqualTo("Say \"hi\" \\ to\nCheckout </script>");
        assertThat(b.path("escape").asText()).isEqualTo("Say \"hi\" \\ to\nCheckout </script>");
        assertThat(r.body()).contains("\"plain\": \"Say \\\"hi\\\" \\\\ to\\nCheckout");
    }

    @Test
    void aTextBodyIsNotEscapedAndRawOptsOut() {
        OutboundRequest r = channel.request(settings("contentType", "text/plain; charset=utf-8", "method", "PUT",
                        "body", "{title}\n{n.data.check.name}"),
                Samples.single(Samples.opened()));
        assertThat(r.method()).isEqualTo("PUT");
        assertThat(r.headers()).containsEntry("Content-Type", "text/plain; charset=utf-8");
        assertThat(r.body()).isEqualTo("🔴 Down: Checkout API\nCheckout API");

        Notification quoted = new Notification(Notification.INCIDENT_OPENED, Samples.STARTED, new Notification.Data(
                Samples.check("a\"b"), null, List.of(), null, null, CheckStatus.DOWN, null, null));
        assertThat(channel.request(settings("body", "[{n.data.check.name.raw}]"), Samples.single(quoted)).body())
                .isEqualTo("[a\"b]");
    }

    @Test
    void missingValuesRenderAsNothingAndDefaultsApply() throws Exception {
        String body = "{\"incident\": \"{n.data.incident.title}\", \"fallback\": \"{n.data.incident.title ?: 'none'}\", "
                + "\"error\": {json:str(n.data.error.message)}, \"typo\": \"{n.data.chek}\"}";
        JsonNode b = body(channel.request(settings("body", body), Samples.single(Samples.degraded())));
        assertThat(b.path("incident").asText()).isEmpty();
        assertThat(b.path("fallback").asText()).isEqualTo("none");
        assertThat(b.path("error").isNull()).isTrue();
        assertThat(b.path("typo").asText()).isEmpty();
    }

    @Test
    void sectionsWork() {
        String body = "{#each n.data.regions}{it}{#if it_hasNext},{/if}{/each}|{#if n.type == 'incident.opened'}down{#else}other{/if}"
                + "|{#for i in 3}{i}{/for}|{#let x=n.data.status}{x}{/let}";
        assertThat(channel.request(settings("contentType", "text/plain", "body", body), Samples.single(Samples.opened())).body())
                .isEqualTo("eu-west,us-east|down|123|down");
    }

    @Test
    void headerValuesStayOnOneLine() {
        Notification n = new Notification(Notification.INCIDENT_OPENED, Samples.STARTED, new Notification.Data(
                Samples.check("two\r\nlines"), null, List.of(), null, null, CheckStatus.DOWN, null, null));
        OutboundRequest r = channel.request(settings("headers", Map.of("X-Check", "{n.data.check.name}")), Samples.single(n));
        assertThat(r.headers()).containsEntry("X-Check", "two lines");
    }

    @Test
    void validSettingsPassAndAreNormalized() {
        ChannelSettings s = settings("method", "patch", "headers", Map.of("Authorization", "Bearer abc", "X-Event", "{n.type}"),
                "contentType", "application/vnd.example+json");
        assertThat(validate(channel, s)).isEmpty();
        assertThat(s.text("method")).isEqualTo("PATCH");
    }

    @Test
    void aSyntaxErrorInTheBodyIsReportedWithLineAndColumn() {
        List<FieldError> errors = validate(channel, settings("body", "{\n  \"check\": \"{n.data.check.name\"\n}"));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).field()).isEqualTo("body");
        assertThat(errors.get(0).message()).matches("line \\d+, column \\d+: .+");

        errors = validate(channel, settings("body", "{\"a\": 1}\n  {#if}x{/if}"));
        assertThat(errors).extracting(FieldError::field).containsExactly("body");
        assertThat(errors.get(0).message()).startsWith("line 2, column ").contains("{#if}");
    }

    @Test
    void aSyntaxErrorInAHeaderIsReportedOnThatHeader() {
        List<FieldError> errors = validate(channel, settings("headers", Map.of("X-Foo", "{#each n.data.regions}{it}")));
        assertThat(errors).extracting(FieldError::field).containsExactly("headers.X-Foo");
        assertThat(errors.get(0).message()).startsWith("line 1, column ").contains("unterminated section");
    }

    @Test
    void aMisspeltPropertyIsFoundByRenderingASample() {
        List<FieldError> errors = validate(channel, settings("body", "{\n\"check\": \"{n.data.chek.name}\"}"));
        assertThat(errors).extracting(FieldError::field).containsExactly("body");
        assertThat(errors.get(0).message()).startsWith("line 2, column ").contains("chek").contains("sample incident.opened");
    }

    @Test
    void aBodyThatIsNotJsonIsRejected() {
        List<FieldError> errors = validate(channel, settings("body", "{\"check\": {n.data.check.name}}"));
        assertThat(errors).extracting(FieldError::field).containsExactly("body");
        assertThat(errors.get(0).message()).contains("does not render valid JSON");
        assertThat(validate(channel, settings("contentType", "text/plain", "body", "check: {n.data.check.name}"))).isEmpty();
    }

    @Test
    void otherBadSettingsAreRejected() {
        List<FieldError> errors = validate(channel, settings("url", "file:///etc/passwd", "method", "GET",
                "contentType", "json\r\nX-Injected: 1", "headers", Map.of("Content-Type", "text/plain", "Bad Header", "x")));
        assertThat(errors).extracting(FieldError::field)
                .containsExactlyInAnyOrder("url", "method", "contentType", "headers.Content-Type", "headers.Bad Header");
    }

    @Test
    void templatesCannotReachBeyondTheirData() {
        for (String body : List.of("{config:['quarkus.datasource.password']}", "{inject:pool}", "{cdi:pool}",
                "{#include other /}", "{#eval n.data.check.name /}", "{n.getClass().getClassLoader()}")) {
            List<FieldError> errors = validate(channel, settings("contentType", "text/plain", "body", body));
            assertThat(errors).as(body).extracting(FieldError::field).containsExactly("body");
        }
    }

    @Test
    void loopsAndOutputAreBounded() {
        List<FieldError> errors = validate(channel, settings("contentType", "text/plain", "body", "{#for i in 2000000000}x{/for}"));
        assertThat(errors).extracting(FieldError::message).singleElement().asString().contains("at most 1000");

        String nested = "{#for a in 1000}{#for b in 1000}{/for}{/for}";
        errors = validate(channel, settings("contentType", "text/plain", "body", nested));
        assertThat(errors).extracting(FieldError::message).singleElement().asString().contains("at most 10000 times");

        String big = "{#for a in 1000}" + "x".repeat(100) + "{/for}";
        assertThatThrownBy(() -> channel.request(settings("contentType", "text/plain", "body", big), Samples.single(Samples.opened())))
                .isInstanceOf(TemplateChannel.TemplateLimitException.class).hasMessageContaining("64 KiB");
    }

    @Test
    void itNeverGroups() {
        Message grouped = Samples.groupedOutage();
        assertThat(channel.groups()).isFalse();
        assertThat(channel.request(settings("contentType", "text/plain", "body", "{notifications.size} {message.grouped}"),
                grouped).body()).isEqualTo("3 true");
    }
}
