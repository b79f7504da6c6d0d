package io.vigil.check;

import io.vigil.api.FieldError;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The request-header rules shared by checks and notification channels: names, values, size, managed headers. */
public final class HeaderRules {

    static final Set<String> FORBIDDEN_HEADERS = Set.of("host", "connection", "transfer-encoding", "content-length",
            "keep-alive", "upgrade", "te", "trailer");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final int MAX_HEADERS = 50;
    private static final int MAX_HEADER_BYTES = 8 * 1024;

    private HeaderRules() {
    }

    /** Adds a problem for every bad header, under {@code member.<name>} (or {@code member} for the whole set). */
    public static void validate(Map<String, String> headers, String member, List<FieldError> errors) {
        if (headers.size() > MAX_HEADERS) {
            errors.add(new FieldError(member, "at most " + MAX_HEADERS + " headers"));
            return;
        }
        int total = 0;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            String field = member + "." + h.getKey();
            String lower = h.getKey().toLowerCase(Locale.ROOT);
            if (!HEADER_NAME.matcher(h.getKey()).matches()) {
                errors.add(new FieldError(field, "is not a valid header name"));
            } else if (FORBIDDEN_HEADERS.contains(lower) || lower.startsWith("proxy-")) {
                errors.add(new FieldError(field, "cannot be set: Vigil manages it"));
            }
            if (h.getValue() == null) {
                errors.add(new FieldError(field, "must be a string"));
                continue;
            }
            if (h.getValue().indexOf('\r') >= 0 || h.getValue().indexOf('\n') >= 0) {
                errors.add(new FieldError(field, "must not contain line breaks"));
            }
            total += h.getKey().length() + h.getValue().getBytes(StandardCharsets.UTF_8).length + 4;
        }
        if (total > MAX_HEADER_BYTES) {
            errors.add(new FieldError(member, "must be at most 8 KiB in total"));
        }
    }
}
