package io.vigil.statuspage.subscribe;

import io.vigil.core.CheckStatus;
import io.vigil.notify.Message;
import io.vigil.notify.Notification;
import io.vigil.statuspage.StatusSnapshot;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What subscribers receive, built without a network: the page's words only, escaped, with the unsubscribe link. */
class SubscriberMessagesTest {

    static final UUID PAGE = UUID.fromString("00000000-0000-0000-0000-00000000aaaa");
    static final UUID CHECK = UUID.fromString("00000000-0000-0000-0000-00000000cccc");
    static final UUID INCIDENT = UUID.fromString("00000000-0000-0000-0000-00000000dddd");
    static final Instant AT = Instant.parse("2026-11-21T10:00:00Z");
    static final String URL = "https://status.example.com/status/acme";
    static final String UNSUBSCRIBE = URL + "/subscriptions/x/unsubscribe?token=t";

    static SubscriberMessages.PageFacts page(String title, String componentName) {
        StatusSnapshot.PageInfo info = new StatusSnapshot.PageInfo(PAGE, UUID.randomUUID(), "acme", title, null, null, null,
                true, null, null, AT);
        StatusSnapshot.Component c = new StatusSnapshot.Component(UUID.randomUUID(), componentName, null, null, CHECK,
                "major_outage", List.of("eu-west"), List.of(), null, null, null, null, null, List.of(), Map.of(), AT, AT);
        StatusSnapshot s = new StatusSnapshot(info, "major_outage", "major", "Major System Outage", List.of(c), List.of(),
                List.of(), List.of(), List.of(), AT, AT, "v1");
        return new SubscriberMessages.PageFacts(s, URL);
    }

    static Notification outage(String checkName, String type, String phase, String message) {
        return new Notification(type, AT, new Notification.Data(
                new Notification.CheckRef(CHECK, checkName, "https://10.0.0.7/internal/health", "http"),
                new Notification.IncidentRef(INCIDENT, checkName + " is down", "open", phase, AT, null),
                List.of("eu-west"), new Notification.ErrorRef("connect", "connection refused by 10.0.0.7"),
                new Notification.Links("https://vigil.internal/console/checks/" + CHECK, null), CheckStatus.DOWN, null, message));
    }

    @Test
    void anOutageSpeaksOfTheComponentNotTheCheck() {
        Message m = new Message("evt", List.of(outage("prod-db-probe", Notification.INCIDENT_OPENED, "investigating", null)));
        SubscriberMessages.Email e = SubscriberMessages.incidents(page("Acme Status", "Database"), m, UNSUBSCRIBE);
        assertThat(e.subject()).isEqualTo("[Acme Status] Investigating: Database is down");
        assertThat(e.text()).contains("We are investigating a problem with Database.\nAffected: Database\n")
                .contains("Posted at 21 Nov 2026, 10:00 UTC").contains("Status page: " + URL)
                .endsWith("Unsubscribe: " + UNSUBSCRIBE + "\n");
        for (String part : List.of(e.text(), e.html())) {
            assertThat(part).doesNotContain("prod-db-probe").doesNotContain("10.0.0.7").doesNotContain("vigil.internal")
                    .doesNotContain("eu-west").doesNotContain("connection refused");
        }
        assertThat(e.html()).contains("href=\"" + UNSUBSCRIBE + "\"").contains(">View status page</a>");
    }

    @Test
    void aPersonsUpdateAndAResolution() {
        Notification update = outage("probe", Notification.INCIDENT_UPDATED, "identified", "The disk filled up; cleaning.");
        SubscriberMessages.Email e = SubscriberMessages.incidents(page("Acme", "API"), new Message("e", List.of(update)), UNSUBSCRIBE);
        assertThat(e.subject()).isEqualTo("[Acme] Identified: API is down");
        assertThat(e.text()).startsWith("Identified: API is down\n\nThe disk filled up; cleaning.\n");
        Notification resolved = outage("probe", Notification.INCIDENT_RESOLVED, "resolved", null);
        assertThat(SubscriberMessages.incidents(page("Acme", "API"), new Message("e", List.of(resolved)), UNSUBSCRIBE).text())
                .startsWith("Resolved: API is down\n\nThis incident has been resolved.\n").contains("Resolved at ");
    }

    @Test
    void userTextIsEscapedInHtmlAndTheSubjectIsOneLine() {
        Notification evil = outage("p", Notification.INCIDENT_UPDATED, "monitoring", "<img src=x onerror=alert(1)>");
        SubscriberMessages.Email e = SubscriberMessages.incidents(page("Evil\r\nBcc: victim@example.com <b>", "<script>x</script>"),
                new Message("e", List.of(evil)), UNSUBSCRIBE);
        assertThat(e.subject()).doesNotContain("\n").doesNotContain("\r");
        assertThat(e.html()).doesNotContain("<script>").doesNotContain("<img").doesNotContain("<b>")
                .contains("&lt;img src=x onerror=alert(1)&gt;").contains("&lt;script&gt;x&lt;/script&gt;");
    }

    @Test
    void theConfirmationHasTheLinkAndSaysNothingHappensWithoutIt() {
        SubscriberMessages.Email e = SubscriberMessages.confirmation(page("Acme", "API"), URL + "/subscriptions/x/confirm?token=1.a");
        assertThat(e.subject()).isEqualTo("Confirm your subscription to Acme");
        assertThat(e.text()).contains(URL + "/subscriptions/x/confirm?token=1.a").contains("within 7 days")
                .contains("nothing more will be sent");
        assertThat(e.html()).contains("href=\"" + URL + "/subscriptions/x/confirm?token=1.a\"");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theWebhookBodyHasStatuspagesShape() {
        Map<String, Object> body = SubscriberMessages.webhook(page("Acme", "API"),
                outage("probe", Notification.INCIDENT_UPDATED, "monitoring", "Fix deployed."), UNSUBSCRIBE);
        assertThat(body).containsOnlyKeys("meta", "page", "incident");
        assertThat((Map<String, Object>) body.get("meta")).containsEntry("unsubscribe", UNSUBSCRIBE);
        assertThat((Map<String, Object>) body.get("page")).containsEntry("id", PAGE.toString())
                .containsEntry("status_indicator", "major").containsEntry("status_description", "Major System Outage");
        Map<String, Object> incident = (Map<String, Object>) body.get("incident");
        assertThat(incident).containsEntry("id", INCIDENT.toString()).containsEntry("name", "API is down")
                .containsEntry("status", "monitoring").containsEntry("monitoring_at", "2026-11-21T10:00:00.000Z")
                .containsEntry("shortlink", URL).containsEntry("page_id", PAGE.toString());
        List<Map<String, Object>> updates = (List<Map<String, Object>>) incident.get("incident_updates");
        assertThat(updates).singleElement().satisfies(u -> assertThat(u).containsEntry("status", "monitoring")
                .containsEntry("body", "Fix deployed.").containsEntry("incident_id", INCIDENT.toString()));
        List<Map<String, Object>> components = (List<Map<String, Object>>) incident.get("components");
        assertThat(components).singleElement().satisfies(c -> assertThat(c).containsEntry("name", "API")
                .containsEntry("status", "major_outage"));
        assertThat(io.vigil.notify.HttpChannel.json(body)).doesNotContain("probe").doesNotContain("10.0.0.7");
    }

    @Test
    void groupedOutagesAreOneMessageListingEach() {
        Message grouped = new Message("e", List.of(outage("a-probe", Notification.INCIDENT_OPENED, "investigating", null),
                outage("a-probe", Notification.INCIDENT_RESOLVED, "resolved", null)));
        SubscriberMessages.Email e = SubscriberMessages.incidents(page("Acme", "API"), grouped, UNSUBSCRIBE);
        assertThat(e.subject()).isEqualTo("[Acme] 2 incident updates");
        assertThat(e.text()).contains("Investigating: API is down\n\nWe are investigating a problem with API.")
                .contains("Resolved: API is down\n\nThis incident has been resolved.").doesNotContain("a-probe");
    }

    @Test
    void aWebhookUrlHasOneSpelling() {
        assertThat(SubscriberWebhookChannel.normalized(java.net.URI.create("HTTPS://Hooks.Example.COM:443/a/B?x=1")))
                .isEqualTo("https://hooks.example.com/a/B?x=1");
        assertThat(SubscriberWebhookChannel.normalized(java.net.URI.create("http://example.com:8080")))
                .isEqualTo("http://example.com:8080/");
        assertThat(SubscriberWebhookChannel.normalized(java.net.URI.create("http://[::1]:80/p%20q")))
                .isEqualTo("http://[::1]/p%20q");
    }
}
