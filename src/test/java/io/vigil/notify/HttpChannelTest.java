package io.vigil.notify;

import io.vigil.api.FieldError;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared settings checks of {@link HttpChannel}. */
class HttpChannelTest {

    @Test
    void requireHttpsUrlReturnsAnHttpsUrlToCheckFurther() {
        List<FieldError> errors = new ArrayList<>();
        URI url = HttpChannel.requireHttpsUrl(ChannelSettings.of("url", " https://hooks.example.com/a?b=c "), "url", errors);
        assertThat(errors).isEmpty();
        assertThat(url).isEqualTo(URI.create("https://hooks.example.com/a?b=c"));
    }

    @Test
    void requireHttpsUrlRefusesPlainHttp() {
        List<FieldError> errors = new ArrayList<>();
        assertThat(HttpChannel.requireHttpsUrl(ChannelSettings.of("url", "http://hooks.example.com/a"), "url", errors)).isNull();
        assertThat(errors).containsExactly(new FieldError("url", "must be an https URL"));
    }

    @Test
    void requireHttpsUrlReportsWhatRequireHttpUrlFindsOnce() {
        List<FieldError> errors = new ArrayList<>();
        assertThat(HttpChannel.requireHttpsUrl(ChannelSettings.of("url", "ftp://hooks.example.com/a"), "url", errors)).isNull();
        assertThat(errors).containsExactly(new FieldError("url", "must be an http or https URL"));
    }

    @Test
    void requireHttpsUrlIgnoresAMissingSetting() {
        List<FieldError> errors = new ArrayList<>();
        assertThat(HttpChannel.requireHttpsUrl(ChannelSettings.of(), "url", errors)).isNull();
        assertThat(errors).isEmpty();
    }

    @Test
    void aHostJavaCannotParseIsExplainedByItsSpelling() {
        List<FieldError> errors = new ArrayList<>();
        HttpChannel.requireHttpUrl(ChannelSettings.of("url", "http://0x7f.1/hook"), "url", errors);
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("url");
            assertThat(e.message()).contains("ambiguous IPv4 address").contains("127.0.0.1");
        });
        errors.clear();
        HttpChannel.requireHttpUrl(ChannelSettings.of("url", "http:///hook"), "url", errors);
        assertThat(errors).singleElement().satisfies(e -> assertThat(e.message()).isEqualTo("must name a host"));
    }
}
