package io.vigil.statuspage;

import io.vigil.api.ApiException;
import io.vigil.api.FieldError;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Body of {@code POST} and {@code PUT /api/v1/status-pages}. Every member nullable so that missing and wrong can be
 * told apart; {@link #validate()} reports every problem with its member name.
 */
public record StatusPageRequest(String slug, String title, String description, String logoUrl, String accentColor,
                                @com.fasterxml.jackson.annotation.JsonProperty("public") Boolean isPublic, String password, String customDomain, List<Component> components) {

    /** A component as written: {@code id} may be given to keep a component's identity across a PUT. */
    public record Component(UUID id, String name, UUID checkId, String group, String description) {
    }

    static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
    static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
    static final Pattern DOMAIN = Pattern.compile("(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}");
    /** Slugs that would read as Vigil's own pages or mislead visitors. */
    static final Set<String> RESERVED = Set.of("api", "admin", "console", "login", "logout", "status", "static", "assets",
            "badge", "badges", "q", "health", "metrics", "ping", "agent", "www", "vigil", "new", "edit", "settings",
            "feed", "rss", "atom", "history", "subscribe", "unsubscribe");
    static final int MAX_COMPONENTS = 200;

    /** Throws a 400 naming every bad member; returns the normalized request (a missing password is checked by the service). */
    StatusPageRequest validate() {
        List<FieldError> errors = new ArrayList<>();
        String s = slug == null ? null : slug.trim();
        if (s == null || s.isEmpty()) {
            errors.add(new FieldError("slug", "is required: lowercase letters, digits and dashes"));
        } else if (!SLUG.matcher(s).matches()) {
            errors.add(new FieldError("slug", "must be 1 to 64 lowercase letters, digits and dashes, not starting or ending with a dash"));
        } else if (RESERVED.contains(s)) {
            errors.add(new FieldError("slug", "'" + s + "' is reserved"));
        }
        if (title == null || title.isBlank()) {
            errors.add(new FieldError("title", "is required"));
        } else if (title.length() > 200) {
            errors.add(new FieldError("title", "must be at most 200 characters"));
        }
        if (description != null && description.length() > 2000) {
            errors.add(new FieldError("description", "must be at most 2000 characters"));
        }
        if (logoUrl != null && !logoUrl.isBlank()) {
            try {
                URI uri = new URI(logoUrl.trim());
                if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                    errors.add(new FieldError("logoUrl", "must be an https URL"));
                }
            } catch (java.net.URISyntaxException e) {
                errors.add(new FieldError("logoUrl", "is not a valid URL"));
            }
        }
        if (accentColor != null && !COLOR.matcher(accentColor.trim()).matches()) {
            errors.add(new FieldError("accentColor", "must be a colour like #0b5fff"));
        }
        if (password != null && (password.length() < 8 || password.length() > 200)) {
            errors.add(new FieldError("password", "must be 8 to 200 characters"));
        } else if (password != null && (isPublic == null || isPublic)) {
            errors.add(new FieldError("password", "applies only to a page with \"public\": false"));
        }
        String domain = customDomain == null || customDomain.isBlank() ? null : customDomain.trim().toLowerCase(Locale.ROOT);
        if (domain != null && !DOMAIN.matcher(domain).matches()) {
            errors.add(new FieldError("customDomain", "must be a host name such as status.example.com"));
        }
        List<Component> list = components == null ? List.of() : components;
        if (list.size() > MAX_COMPONENTS) {
            errors.add(new FieldError("components", "at most " + MAX_COMPONENTS + " components"));
        }
        for (int i = 0; i < list.size(); i++) {
            Component c = list.get(i);
            String at = "components[" + i + "]";
            if (c == null) {
                errors.add(new FieldError(at, "must be an object"));
                continue;
            }
            if (c.name() == null || c.name().isBlank()) {
                errors.add(new FieldError(at + ".name", "is required"));
            } else if (c.name().length() > 200) {
                errors.add(new FieldError(at + ".name", "must be at most 200 characters"));
            }
            if (c.checkId() == null) {
                errors.add(new FieldError(at + ".checkId", "is required"));
            }
            if (c.group() != null && c.group().length() > 200) {
                errors.add(new FieldError(at + ".group", "must be at most 200 characters"));
            }
            if (c.description() != null && c.description().length() > 1000) {
                errors.add(new FieldError(at + ".description", "must be at most 1000 characters"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        List<Component> normalized = list.stream().map(c -> new Component(c.id(), c.name().trim(), c.checkId(),
                c.group() == null || c.group().isBlank() ? null : c.group().trim(),
                c.description() == null || c.description().isBlank() ? null : c.description().trim())).toList();
        return new StatusPageRequest(s, title.trim(), description == null || description.isBlank() ? null : description.trim(),
                logoUrl == null || logoUrl.isBlank() ? null : logoUrl.trim(), accentColor == null ? null : accentColor.trim().toLowerCase(Locale.ROOT),
                isPublic == null || isPublic, password, domain, normalized);
    }
}
