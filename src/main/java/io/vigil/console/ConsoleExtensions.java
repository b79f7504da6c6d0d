package io.vigil.console;

import io.quarkus.qute.TemplateExtension;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** View helpers for the console's templates. */
@TemplateExtension
final class ConsoleExtensions {

    private ConsoleExtensions() {
    }

    /** The text as a query-string value ({@code {tag.urlEncoded}}): a tag holding {@code &} or {@code #} stays one value. */
    static String urlEncoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
