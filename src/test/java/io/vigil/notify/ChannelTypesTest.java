package io.vigil.notify;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.testing.PostgresResource;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@WithTestResource(PostgresResource.class)
class ChannelTypesTest {

    @Inject
    @Any
    Instance<Channel> beans;
    @Inject
    Channels channels;

    @Test
    void everyDocumentedChannelTypeHasExactlyOneBean() {
        assertThat(channels.types()).contains("webhook", "template", "slack", "discord", "teams", "googlechat",
                "mattermost", "telegram", "pagerduty", "opsgenie", "ntfy", "email");
        for (String type : channels.types()) {
            assertThat(beans.select(new ChannelType.Literal(type)).isResolvable()).as(type).isTrue();
        }
        assertThat(beans.stream().count()).as("every bean declares its type").isEqualTo(channels.types().size());
    }
}
