package io.vigil.notify.email;

import io.vigil.api.FieldError;
import io.vigil.core.CheckStatus;
import io.vigil.notify.ChannelSettings;
import io.vigil.notify.Message;
import io.vigil.notify.Messages;
import io.vigil.notify.Notification;
import io.vigil.notify.Samples;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The e-mail builder and the recipients' validation, without a mail server. */
class EmailChannelTest {

    @Test
    void aSingleOutageHasTitleFactsAndLinkInBothParts() {
        EmailChannel.Email e = EmailChannel.compose("[Vigil]", Samples.single(Samples.opened()));
        assertThat(e.subject()).isEqualTo("[Vigil] 🔴 Down: Checkout API");
        assertThat(e.text()).startsWith("🔴 Down: Checkout API\n\n")
                .contains("Regions: eu-west, us-east\n")
                .contains("Error: connect — connection refused\n")
                .contains("Since: 2026-11-21 10:00:00 UTC\n")
                .contains("Target: https://shop.example.com/health\n")
                .contains("Open in Vigil: https://vigil.example.com/console/checks/" + Samples.CHECK + "\n")
                .endsWith("-- \n" + EmailChannel.FOOTER + "\n");
        assertThat(e.html()).startsWith("<!DOCTYPE html>")
                .contains("<title>🔴 Down: Checkout API</title>")
                .contains("background-color:" + Messages.Severity.CRITICAL.colour + ";height:8px")
                .contains(">Regions: eu-west, us-east</td>")
                .contains(">Error: connect — connection refused</td>")
                .contains("<a href=\"https://vigil.example.com/console/checks/" + Samples.CHECK + "\"")
                .contains(">Open in Vigil</a>")
                .endsWith("</html>\n");
    }

    @Test
    void aResolvedIncidentIsGreenAndSaysWhenItEnded() {
        EmailChannel.Email e = EmailChannel.compose("[Vigil]", Samples.single(Samples.resolved()));
        assertThat(e.subject()).isEqualTo("[Vigil] ✅ Resolved: Checkout API");
        assertThat(e.text()).contains("Started: 2026-11-21 10:00:00 UTC\n").contains("Resolved: 2026-11-21 10:12:30 UTC\n")
                .doesNotContain("Error:");
        assertThat(e.html()).contains("background-color:" + Messages.Severity.OK.colour + ";height:8px")
                .contains(">Resolved: 2026-11-21 10:12:30 UTC</td>");
    }

    @Test
    void aGroupedMessageListsEveryCheckWithItsFacts() {
        Message grouped = Samples.groupedOutage();
        EmailChannel.Email e = EmailChannel.compose("[Vigil]", grouped);
        assertThat(e.subject()).isEqualTo("[Vigil] 🔴 3 checks are down");
        assertThat(e.text()).startsWith("🔴 3 checks are down\n\n")
                .contains("🔴 Down: Checkout API\n  Regions: eu-west, us-east\n  Error: connect — connection refused\n")
                .contains("🔴 Down: Search\n  Regions: eu-west\n  Error: timeout — no answer within 5000 ms\n")
                .contains("🔴 Down: Login\n  Regions: us-east\n  Error: http — status 502\n");
        for (String check : List.of("Checkout API", "Search", "Login")) {
            assertThat(e.html()).contains(">🔴 Down: " + check + "</div>");
        }
        assertThat(e.html()).contains(">Error: timeout — no answer within 5000 ms</td>");
    }

    @Test
    void aTestNotificationAndTheDefaultOrNoPrefix() {
        Message test = Samples.single(Samples.test());
        assertThat(EmailChannel.compose("[ops]", test).subject()).isEqualTo("[ops] 🧪 Test notification from Vigil");
        assertThat(EmailChannel.compose("", test).subject()).isEqualTo("🧪 Test notification from Vigil");
        assertThat(EmailChannel.compose(null, test).text()).contains("This is a test notification for channel \"ops\".");
        assertThat(EmailChannel.compose(null, test).html()).contains("This is a test notification for channel &quot;ops&quot;.");
    }

    @Test
    void userTextIsEscapedInHtmlAndKeptOnOneLineInTheSubject() {
        Notification evil = new Notification(Notification.INCIDENT_OPENED, Samples.STARTED, new Notification.Data(
                Samples.check("<script>alert(1)</script>\r\nBcc: victim@example.com"),
                new Notification.IncidentRef(Samples.INCIDENT, "x", "open", "investigating", Samples.STARTED, null),
                List.of("eu-west"), new Notification.ErrorRef("http", "<b>\"quoted\" & 'single'</b>"), null, CheckStatus.DOWN,
                null, null));
        EmailChannel.Email e = EmailChannel.compose("[Vigil]", Samples.single(evil));
        assertThat(e.html()).doesNotContain("<script>").doesNotContain("<b>")
                .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("Error: http — &lt;b&gt;&quot;quoted&quot; &amp; &#39;single&#39;&lt;/b&gt;")
                .doesNotContain("Open in Vigil");
        assertThat(e.subject()).isEqualTo("[Vigil] 🔴 Down: <script>alert(1)</script> Bcc: victim@example.com")
                .doesNotContain("\r").doesNotContain("\n");
        // Plain text is plain: no escaping there.
        assertThat(e.text()).contains("<script>alert(1)</script>");
    }

    @Test
    void onlyHttpLinksBecomeLinks() {
        Notification n = new Notification(Notification.TEST, Samples.STARTED, new Notification.Data(null, null, List.of(),
                null, new Notification.Links("javascript:alert(1)", null), null, null, "hi"));
        EmailChannel.Email e = EmailChannel.compose(null, Samples.single(n));
        assertThat(e.html()).doesNotContain("javascript:").doesNotContain("<a ");
        assertThat(e.text()).doesNotContain("javascript:");
    }

    @Test
    void subjectsLeaveAsciiOnlyAndComeBackWhole() throws Exception {
        assertThat(Smtp.subject("Vigil disabled channel ops")).isEqualTo("Vigil disabled channel ops");
        for (String subject : List.of("[Vigil] 🔴 Down: Checkout API", "[Vigil] 🔴 3 checks are down",
                "[Vigil] ✅ Resolved: " + "Zürich – Straße ".repeat(12) + "🧪🧪🧪", "=?UTF-8?B?c3Bvb2Y=?=")) {
            String wire = Smtp.subject(subject);
            assertThat(wire.chars()).as(wire).allMatch(c -> c == '\n' || c >= 0x20 && c < 0x7f);
            assertThat(("Subject: " + wire).split("\n")).as(wire).allMatch(line -> line.length() <= 76);
            assertThat(jakarta.mail.internet.MimeUtility.decodeText(jakarta.mail.internet.MimeUtility.unfold(wire)))
                    .isEqualTo(subject);
        }
    }

    @Test
    void goodAddressesAreAcceptedTrimmedAndDeduplicated() {
        ChannelSettings s = ChannelSettings.of("to", List.of(" ops@example.com", "on-call+vigil@sub.example.org", "ops@example.com",
                "root@localhost", "\"night shift\"@example.com", "ops@xn--bcher-kva.example"));
        assertThat(validate(s)).isEmpty();
        assertThat(s.texts("to")).containsExactly("ops@example.com", "on-call+vigil@sub.example.org", "root@localhost",
                "\"night shift\"@example.com", "ops@xn--bcher-kva.example");
    }

    @Test
    void aBadAddressIsNamedByItsIndex() {
        List<FieldError> errors = validate(ChannelSettings.of("to", List.of("ops@example.com", "not an address")));
        assertThat(errors).extracting(FieldError::field).containsExactly("to[1]");
        assertThat(errors.get(0).message()).startsWith("is not a valid e-mail address");
        for (String bad : List.of("ops", "ops@", "@example.com", "ops@@example.com", "a@b.com, c@d.com", "ops@exa mple.com",
                "Ops <ops@example.com>", "team: a@b.com;", "ops@example.com\r\nBcc: x@example.com", " ", "ops@example.com.", "jörg@example.com", "x".repeat(250) + "@e.com")) {
            assertThat(validate(ChannelSettings.of("to", List.of("ok@example.com", bad))))
                    .as(bad).extracting(FieldError::field).containsExactly("to[1]");
        }
        assertThat(validate(ChannelSettings.of("to", List.of("Ops <ops@example.com>")))).containsExactly(
                new FieldError("to[0]", "must be a bare address like ops@example.com, without a display name"));
        assertThat(validate(ChannelSettings.of("to", List.of("ops")))).containsExactly(
                new FieldError("to[0]", "is not a valid e-mail address (Missing final '@domain')"));
    }

    @Test
    void theListHasOneToTwentyAddresses() {
        assertThat(validate(ChannelSettings.of("to", List.of())))
                .containsExactly(new FieldError("to", "must list at least one address"));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add("ops" + i + "@example.com");
        }
        assertThat(validate(ChannelSettings.of("to", many)))
                .containsExactly(new FieldError("to", "must list at most 20 addresses"));
        assertThat(validate(ChannelSettings.of("to", many.subList(0, 20)))).isEmpty();
    }

    @Test
    void theSubjectPrefixIsOneShortLine() {
        ChannelSettings ok = ChannelSettings.of("to", List.of("ops@example.com"), "subjectPrefix", " [prod] ");
        assertThat(validate(ok)).isEmpty();
        assertThat(ok.text("subjectPrefix")).isEqualTo("[prod]");
        assertThat(validate(ChannelSettings.of("to", List.of("ops@example.com"), "subjectPrefix", "a\nBcc: x@example.com")))
                .extracting(FieldError::field).containsExactly("subjectPrefix");
        assertThat(validate(ChannelSettings.of("to", List.of("ops@example.com"), "subjectPrefix", String.join("", Collections.nCopies(61, "x")))))
                .extracting(FieldError::field).containsExactly("subjectPrefix");
    }

    @Test
    void theOwnerNoticeNamesTheChannelAndTheReason() {
        var event = new io.vigil.notify.ChannelDisabled(UUID.randomUUID(), UUID.randomUUID(), "ops\nhook", "webhook",
                "the receiver answered 410 Gone");
        assertThat(OwnerNotice.subject(event)).isEqualTo("Vigil disabled channel ops hook");
        assertThat(OwnerNotice.text(event)).contains("Reason: the receiver answered 410 Gone")
                .contains("/api/v1/channels/" + event.channelId());
    }

    private static List<FieldError> validate(ChannelSettings settings) {
        List<FieldError> errors = new ArrayList<>();
        new EmailChannel().validate(settings, errors);
        return errors;
    }
}
