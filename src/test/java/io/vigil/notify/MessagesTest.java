package io.vigil.notify;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared helpers of {@link Messages} that channels build their payloads from. */
class MessagesTest {

    static Notification withMessage(String message) {
        Notification o = Samples.opened();
        Notification.Data d = o.data();
        return new Notification(o.type(), o.timestamp(), new Notification.Data(d.check(), d.incident(), d.regions(), d.error(),
                d.links(), d.status(), d.flapping(), message));
    }

    @Test
    void plainTitleDropsTheLeadingEmoji() {
        assertThat(Messages.plainTitle(Samples.opened())).isEqualTo("Down: Checkout API");
        assertThat(Messages.plainTitle(Samples.heartbeatLate())).isEqualTo("Heartbeat late: Nightly backup");
        assertThat(Messages.plainTitle(Samples.test())).isEqualTo("Test notification from Vigil");
        assertThat(Messages.plainTitle(Samples.single(Samples.resolved()))).isEqualTo("Resolved: Checkout API");
        assertThat(Messages.plainTitle(Samples.groupedOutage())).isEqualTo("3 checks are down");
    }

    @Test
    void plainTitleLeavesATitleWithoutEmojiAsItIs() {
        Notification other = new Notification("check.other", Samples.STARTED, Samples.degraded().data());
        assertThat(Messages.title(other)).isEqualTo("check.other: Checkout API");
        assertThat(Messages.plainTitle(other)).isEqualTo("check.other: Checkout API");
    }

    @Test
    void hasMessageWantsNonBlankText() {
        assertThat(Messages.hasMessage(Samples.test())).isTrue();
        assertThat(Messages.hasMessage(Samples.opened())).isFalse();
        assertThat(Messages.hasMessage(withMessage(" \n"))).isFalse();
    }

    @Test
    void detailFactsAreTheFactsAfterTheMessage() {
        Notification n = withMessage("Investigating the load balancer.");
        assertThat(Messages.facts(n)).first().isEqualTo("Investigating the load balancer.");
        assertThat(Messages.detailFacts(n)).isEqualTo(Messages.facts(n).subList(1, Messages.facts(n).size()));
        assertThat(Messages.detailFacts(Samples.opened())).isEqualTo(Messages.facts(Samples.opened()));
        assertThat(Messages.detailFacts(Samples.test())).isEmpty();
    }

    @Test
    void factPartsSplitsAtTheFirstColonAndSpace() {
        assertThat(Messages.factParts("Regions: eu-west, us-east")).isEqualTo(new Messages.Fact("Regions", "eu-west, us-east"));
        assertThat(Messages.factParts("Error: http — status: 502")).isEqualTo(new Messages.Fact("Error", "http — status: 502"));
        assertThat(Messages.factParts("Target: https://shop.example.com/health"))
                .isEqualTo(new Messages.Fact("Target", "https://shop.example.com/health"));
    }

    @Test
    void factPartsWithoutALabelIsAllValue() {
        assertThat(Messages.factParts("no label here")).isEqualTo(new Messages.Fact(null, "no label here"));
        assertThat(Messages.factParts("a:b")).isEqualTo(new Messages.Fact(null, "a:b"));
    }

    @Test
    void labelledFactsLabelTheDetails() {
        List<Messages.Fact> facts = Messages.labelledFacts(withMessage("Investigating."));
        assertThat(facts).extracting(Messages.Fact::label).containsExactly("Regions", "Error", "Since", "Target");
        assertThat(facts.get(0).value()).isEqualTo("eu-west, us-east");
        assertThat(facts.get(1).value()).isEqualTo("connect — connection refused");
        assertThat(facts.get(2).value()).isEqualTo("2026-11-21 10:00:00 UTC");
        assertThat(facts).noneMatch(f -> f.label() == null);
    }

    @Test
    void errorTextIsClassThenMessage() {
        assertThat(Messages.errorText(new Notification.ErrorRef("timeout", "no answer within 5000 ms")))
                .isEqualTo("timeout: no answer within 5000 ms");
        assertThat(Messages.errorText(new Notification.ErrorRef("connect", null))).isEqualTo("connect");
    }
}
